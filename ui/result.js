// The result screen: quadrant, position on both axes, the map drawn by Rust, the report, the
// commitments for the month ahead and the leader's private notes.

import { api } from "./api.js";
import { $, el, showError, showSvg, theme } from "./dom.js";
import { capitalized, raterNoun, SELF } from "./labels.js";
import { commitmentItem, formatDate, formatScore, inlineConfirm, plural, showToast, signed } from "./widgets.js";

const MAX_COMMITMENTS = 3;

const state = {
  app: null, // what main.js hands every screen: go, reloadPeople, flushDrafts, forgetDrafts
  shown: null, // the ResultView on screen
  mapKey: null, // what the map image currently shows, so it is only redrawn when that changes
  scaleLabels: [], // answer labels of the scale, lowest first
  statements: new Map(), // statement id -> text
  committing: false, // a change of commitments is on its way to Rust
};

async function drawMap() {
  const key = `${state.shown.assessment.id}:${theme()}`;
  if (key === state.mapKey) return;
  const svg = await api.chartSvg("map", state.shown.assessment.id, theme());
  showSvg($("result-map"), svg);
  state.mapKey = key;
}

function render(view) {
  const a = view.assessment;
  $("result-date").textContent = `Your bearing · ${formatDate(a.date)}`;
  $("result-quadrant").textContent = view.quadrant.name;
  $("result-quadrant").dataset.quadrant = a.quadrant;
  $("result-summary").textContent = view.quadrant.summary;
  $("result-description").textContent = view.quadrant.description;
  $("result-focus").textContent = formatScore(a.focus);
  $("result-autonomy").textContent = formatScore(a.autonomy);
  $("result-focus-bar").style.width = `${a.focus}%`;
  $("result-autonomy-bar").style.width = `${a.autonomy}%`;
  const borderline = $("result-borderline");
  borderline.hidden = !a.borderline;
  borderline.textContent = a.borderline
    ? `Close to a midline: you are also near ${view.neighbours.join(" and ")}. A small change next month could tip the quadrant either way.`
    : "";
  renderReport(view.report);
  renderReviewed(view.reviewed);
  renderPerception(view.perception);
  renderCommitments();
  renderAnswers(view.answers);
  renderNotes(view.notes);
  $("result-delete-confirm").hidden = true;
  $("result-delete").hidden = false;
}

/** A statement without its "In the past month" opening, which every statement shares. */
function shortText(text) {
  const rest = text.replace(/^In the past month,?\s*/i, "");
  return rest.charAt(0).toUpperCase() + rest.slice(1);
}

function answerLabel(value) {
  return state.scaleLabels[value - 1] || String(value);
}


function whyItems(list, id) {
  $(id).replaceChildren(
    ...list.map((c) =>
      el("li", {}, [
        el("span", { className: `points ${c.contribution > 0 ? "up" : "down"}`, text: signed(c.contribution) }),
        el("span", {}, [
          document.createTextNode(shortText(c.text)),
          el("span", { className: "answer-detail", text: `You answered: ${answerLabel(c.answer)}` }),
        ]),
      ]),
    ),
  );
}

const VERDICTS = {
  up: "a real move up",
  down: "a real move down",
  "within-noise": "within noise",
};

function renderMoved(moved, rater) {
  $("moved-none").hidden = moved !== null;
  $("moved-none").textContent = rater === SELF
    ? "This is your first assessment. Next month, this is where you will see what changed."
    : `This is the first assessment by ${raterNoun(rater)}. Their next one will show what changed.`;
  $("moved-content").hidden = moved === null;
  if (moved === null) return;
  $("moved-since").textContent = `Since your assessment of ${formatDate(moved.since)}:`;
  $("moved-axes").replaceChildren(
    ...[["Focus", moved.focus], ["Autonomy", moved.autonomy]].map(([name, change]) =>
      el("li", { attrs: { "data-axis": name.toLowerCase(), "data-verdict": change.verdict } }, [
        document.createTextNode(`${name} `),
        el("strong", { text: `${formatScore(change.from)} → ${formatScore(change.to)} (${signed(change.delta)})` }),
        document.createTextNode(
          `: ${VERDICTS[change.verdict]}${change.verdict === "within-noise" ? `, smaller than ${formatScore(change.threshold)} points` : ""}`,
        ),
      ]),
    ),
  );
  $("moved-statements-heading").hidden = moved.statements.length === 0;
  $("moved-statements").replaceChildren(
    ...moved.statements.map((s) =>
      el("li", {}, [
        el("span", { className: "points", text: `${s.from} → ${s.to}` }),
        el("span", {}, [
          document.createTextNode(shortText(s.text)),
          el("span", { className: "answer-detail", text: `${answerLabel(s.from)} → ${answerLabel(s.to)}` }),
        ]),
      ]),
    ),
  );
}

function renderSuggestions(suggestions) {
  $("suggestions").replaceChildren(
    ...suggestions.map(({ action, reasons }) =>
      el("li", { className: "card suggestion", attrs: { "data-action": action.id } }, [
        el("h3", { text: action.title }),
        el("p", { text: action.why }),
        el("ul", { className: "reasons" }, reasons.map((r) => el("li", { text: r }))),
        el("details", {}, [
          el("summary", { text: "How to do it" }),
          el("ol", {}, action.steps.map((step) => el("li", { text: step }))),
        ]),
        el("div", { className: "suggestion-foot" }, [
          el("p", { className: "source", text: `Idea: ${action.source}` }),
          commitButton(action.id),
        ]),
      ]),
    ),
  );
}

function commitButton(actionId, label = "Commit to this") {
  const button = el("button", {
    className: "commit-toggle",
    attrs: { type: "button", "aria-pressed": "false", "data-commit": actionId, "data-label": label },
  });
  button.addEventListener("click", () => toggleCommitment(actionId));
  return button;
}

const chosenIds = () => state.shown.commitments.map((c) => c.action_id);

/** Adds or removes one action from the commitments for the month ahead, through Rust. */
async function toggleCommitment(actionId) {
  if (state.committing || !state.shown.can_commit) return;
  const chosen = chosenIds();
  const next = chosen.includes(actionId) ? chosen.filter((id) => id !== actionId) : [...chosen, actionId];
  if (next.length > MAX_COMMITMENTS) return;
  state.committing = true;
  renderCommitments();
  try {
    state.shown = await api.setCommitments(state.shown.assessment.id, next);
  } catch (error) {
    showError(`Your commitments were not changed: ${error.message}`);
  } finally {
    state.committing = false;
    renderCommitments();
  }
}

/** The commit buttons, the status line and commitments made outside the suggestions. */
function renderCommitments() {
  const chosen = chosenIds();
  const full = chosen.length >= MAX_COMMITMENTS;
  for (const button of document.querySelectorAll("#suggestions .commit-toggle, #reviewed-list .commit-toggle")) {
    const on = chosen.includes(button.dataset.commit);
    button.hidden = !state.shown.can_commit && !on;
    button.setAttribute("aria-pressed", String(on));
    button.textContent = on ? "✓ Committed" : button.dataset.label;
    button.disabled = state.committing || !state.shown.can_commit || (full && !on);
    const card = button.closest(".suggestion");
    if (card) card.classList.toggle("committed", on);
  }
  const bar = $("commit-bar");
  bar.hidden = !state.shown.can_commit && chosen.length === 0;
  $("commit-status").textContent = !state.shown.can_commit
    ? "You committed to these after this assessment."
    : chosen.length === 0
      ? `Pick one to ${MAX_COMMITMENTS} actions to work on until your next assessment. They stay on your home screen, and next time Bearing asks how they went.`
      : `${chosen.length} of ${MAX_COMMITMENTS} chosen for the month ahead. They are on your home screen; your next assessment asks how they went.`;
  const suggested = new Set([
    ...state.shown.report.suggestions.map((s) => s.action.id),
    ...state.shown.reviewed.map((c) => c.action_id),
  ]);
  const others = state.shown.commitments.filter((c) => !suggested.has(c.action_id));
  $("commit-others").hidden = others.length === 0;
  $("commit-others-list").replaceChildren(...others.map((c) => {
    const li = commitmentItem(c);
    if (state.shown.can_commit) {
      const remove = el("button", { className: "ghost small-button", text: "Remove", attrs: { type: "button" } });
      remove.addEventListener("click", () => toggleCommitment(c.action_id));
      li.append(remove);
    }
    return li;
  }));
}

const LEVELS = { "worth-a-conversation": "Worth a conversation", "worth-a-look": "Worth a look" };

/** The comparison with the other view of the same period, as discussion prompts. */
function renderPerception(p) {
  $("result-perception").hidden = !p;
  if (!p) return;
  const leader = raterNoun(SELF); // "the leader"
  const other = raterNoun(p.rater); // "their coach"
  $("perception-intro").textContent =
    `${capitalized(leader)}'s own assessment of ${formatDate(p.self_date)} beside ${other}'s of ${formatDate(p.other_date)}. ` +
    `The gap is the other view minus ${leader}'s.`;
  $("perception-axes").replaceChildren(
    ...[["Focus", p.focus], ["Autonomy", p.autonomy]].map(([name, axis]) =>
      el("li", { attrs: { "data-axis": name.toLowerCase() } }, [
        document.createTextNode(`${name}: ${leader} ${formatScore(axis.self_position)}, ${other} ${formatScore(axis.other_position)} `),
        el("strong", { text: `(${signed(axis.gap)})` }),
      ]),
    ),
  );
  $("perception-prompts-heading").hidden = p.statements.length === 0;
  $("perception-prompts").replaceChildren(
    ...p.statements.slice(0, 6).map((st) =>
      el("li", { attrs: { "data-level": st.level } }, [
        el("span", { className: "points", text: plural(st.steps, "step") }),
        el("span", {}, [
          el("span", { className: `level-badge level-${st.level}`, text: LEVELS[st.level] }),
          document.createTextNode(shortText(st.text)),
          el("span", { className: "answer-detail", text: `${capitalized(leader)}: ${answerLabel(st.self_answer)} · ${other}: ${answerLabel(st.other_answer)}` }),
        ]),
      ]),
    ),
  );
}

function renderReviewed(reviewed) {
  $("result-reviewed").hidden = reviewed.length === 0;
  $("reviewed-list").replaceChildren(...reviewed.map((c) => {
    const li = commitmentItem(c, { review: true });
    // An unfinished action can be carried into the month ahead.
    if (c.review && c.review.status !== "done" && c.action) li.append(commitButton(c.action_id, "Commit again"));
    return li;
  }));
}

function renderAnswers(answers) {
  const items = [...state.statements.entries()].filter(([id]) => answers[id] !== undefined);
  $("answers-list").replaceChildren(...items.map(([id, text]) =>
    el("li", {}, [
      el("span", { text: shortText(text) }),
      el("span", { className: "answer-detail", text: `${answers[id]} · ${answerLabel(answers[id])}` }),
    ]),
  ));
}

function renderNotes(notes) {
  const items = Object.entries(notes.items);
  $("result-notes").hidden = !notes.note && items.length === 0;
  $("notes-month").hidden = !notes.note;
  $("notes-month").textContent = notes.note || "";
  $("notes-items").replaceChildren(...items.map(([id, text]) =>
    el("li", {}, [
      el("span", { className: "note-statement", text: shortText(state.statements.get(id) || id) }),
      el("span", { text }),
    ]),
  ));
}

function renderReport(report) {
  const flags = $("result-flags");
  flags.hidden = report.flags.length === 0;
  flags.replaceChildren(...report.flags.map((f) => el("p", { className: "flag", attrs: { "data-flag": f.flag }, text: f.message })));
  whyItems(report.why_here.focus, "why-focus");
  whyItems(report.why_here.autonomy, "why-autonomy");
  renderMoved(report.what_moved, state.shown ? state.shown.assessment.rater : SELF);
  renderSuggestions(report.suggestions);
}

/** Deletes the assessment shown, after the inline confirm, and offers to undo it for a while. */
async function deleteShown() {
  const { go } = state.app;
  try {
    const deleted = await api.deleteAssessment(state.shown.assessment.id);
    state.shown = null;
    await go("history");
    showToast(`The assessment of ${formatDate(deleted.date)} was deleted.`, {
      label: "Undo",
      run: async () => {
        try {
          const id = await api.undoDelete();
          await go("result", { id });
        } catch (error) {
          showError(error.message);
        }
      },
    });
  } catch (error) {
    showError(`The assessment was not deleted: ${error.message}`);
  }
}

export const resultScreen = {
  init(app) {
    state.app = app;
    inlineConfirm({
      ask: $("result-delete"),
      box: $("result-delete-confirm"),
      yes: $("result-delete-yes"),
      no: $("result-delete-no"),
      prepare: () => {
        const date = formatDate(state.shown.assessment.date);
        $("result-delete-text").textContent = `Delete the assessment of ${date}, with its answers, notes and the commitments made after it? You can undo this for a few seconds.`;
      },
      confirmed: deleteShown,
    });
    $("result-history").addEventListener("click", () => app.go("history"));
    $("result-again").addEventListener("click", () => app.go("questionnaire"));
  },

  /** Shows `result` (a ResultView) or loads assessment `id`. */
  async show({ result, id }) {
    const q = await api.questionnaire();
    state.scaleLabels = q.scale.labels;
    state.statements = new Map(q.items.map((item) => [item.id, item.text]));
    const view = result || (await api.result(id));
    if (!state.shown || state.shown.assessment.id !== view.assessment.id) state.mapKey = null;
    state.shown = view;
    render(view);
    await drawMap();
  },

  onThemeChange() {
    if (state.shown) drawMap().catch((error) => showError(error.message));
  },
};
