// The result screen: quadrant, position on both axes, the map drawn by Rust, the report, the
// commitments for the month ahead and the leader's private notes.

import { api } from "./api.js";
import { renderMoved, renderTrend } from "./moved.js";
import { $, el, showError, showSvg, theme } from "./dom.js";
import { capitalized, raterNoun, SELF } from "./labels.js";
import {
  chartAlt, chartTable, commitmentItem, doneWhen, formatDate, formatScore, headlineWords, inlineConfirm, nearestText, plural,
  probabilityItems, showToast, signed, tableToggle,
} from "./widgets.js";

const MAX_COMMITMENTS = 3;

const state = {
  app: null, // what main.js hands every screen: go, reloadPeople, flushDrafts, forgetDrafts
  shown: null, // the ResultView on screen
  mapKey: null, // what the map image currently shows, so it is only redrawn when that changes
  scaleLabels: [], // answer labels of the scale, lowest first
  statements: new Map(), // statement id -> text, as the one who answered read it
  answeredBy: "You", // who gave the answers shown: "You", "Manager · Morgan Reyes"
  committing: false, // a change of commitments is on its way to Rust
  confirming: false, // the leader's "these answers are right" is on its way to Rust
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
  const report = view.report;
  // Another rater's answers are their view of the leader, never "your bearing".
  const own = !view.view || view.view.own;
  $("result-date").textContent = own
    ? `Your bearing · ${formatDate(a.date)}`
    : `${view.view.who}'s view of ${a.profile} · ${formatDate(a.date)}`;
  $("result-focus-note").textContent = own
    ? "How much of your attention goes to what moves the business."
    : "How much of their attention goes to what moves the business, as this rater sees it.";
  state.answeredBy = own ? "You" : view.view.who;
  $("result-again").hidden = !own;
  $("why-heading").textContent = own ? "Why you are here" : `Why ${view.view.who} placed ${a.profile} here`;
  renderHeadline(view);
  const moved = report.what_moved;
  $("result-map").alt = chartAlt(
    "Quadrant map with your position and how far it is uncertain",
    { date: a.date, focus: a.focus, autonomy: a.autonomy, quadrant_name: view.quadrant.name },
    moved ? { focus: moved.focus.delta, autonomy: moved.autonomy.delta } : null,
  );
  $("result-focus").textContent = formatScore(a.focus);
  $("result-autonomy").textContent = formatScore(a.autonomy);
  $("result-focus-bar").style.width = `${a.focus}%`;
  $("result-autonomy-bar").style.width = `${a.autonomy}%`;
  const uncertainty = report.uncertainty || null;
  renderRange("focus", uncertainty && uncertainty.focus);
  renderRange("autonomy", uncertainty && uncertainty.autonomy);
  $("result-range-note").hidden = !uncertainty;
  renderCoverage(report.coverage, own);
  // A centre headline already names the nearest quadrants.
  const borderline = $("result-borderline");
  const showBorderline = a.borderline && report.certainty !== "centre";
  borderline.hidden = !showBorderline;
  borderline.textContent = showBorderline
    ? `Close to a midline: ${own ? "you are" : `${a.profile} is`} also near ${view.neighbours.join(" and ")}. A small change next month could tip the quadrant either way.`
    : "";
  renderFlags(report);
  renderReport(report);
  renderReviewed(view.reviewed);
  renderPerception(view.perception);
  renderCommitments();
  renderAnswers(view.answers, own);
  renderNotes(view.notes);
  $("result-delete-confirm").hidden = true;
  $("result-delete").hidden = false;
}

/**
 * The headline follows Rust's certainty: a clear quadrant by name, "Leaning towards" one, or the
 * centre with the two nearest; beside it, how likely each quadrant is.
 */
function renderHeadline(view) {
  const report = view.report;
  const words = headlineWords(report.certainty, report.headline, view.assessment.quadrant);
  const title = $("result-quadrant");
  // A clear quadrant is named as Rust names it on this view.
  title.textContent = words.certainty === "clear" ? view.quadrant.name : words.title;
  title.dataset.quadrant = view.assessment.quadrant;
  title.dataset.certainty = words.certainty;
  const nearest = $("result-nearest");
  nearest.hidden = words.nearest.length === 0;
  nearest.textContent = nearestText(words.nearest);
  const centre = words.certainty === "centre";
  $("result-summary").textContent = centre
    ? `${!view.view || view.view.own ? "Your" : "These"} answers sit close to the middle: no quadrant is more likely than not. The percentages show how near each one is.`
    : view.quadrant.summary;
  $("result-description").hidden = centre;
  $("result-description").textContent = centre ? "" : view.quadrant.description;
  const probabilities = report.quadrant_probabilities;
  $("result-chances").hidden = !probabilities;
  $("result-probabilities").replaceChildren(...probabilityItems(probabilities));
}

/** "(54.2–69.8)" beside an axis's score, and the same interval boxed on its bar. */
function renderRange(axis, range) {
  const text = $(`result-${axis}-range`);
  const span = $(`result-${axis}-span`);
  text.hidden = !range;
  span.hidden = !range;
  if (!range) {
    text.textContent = "";
    return;
  }
  text.textContent = `(${formatScore(range.low)}–${formatScore(range.high)})`;
  text.title = `Likely between ${formatScore(range.low)} and ${formatScore(range.high)}; SEM ${formatScore(range.sem)} points`;
  span.style.left = `${range.low}%`;
  span.style.width = `${Math.max(0, range.high - range.low)}%`;
}

/**
 * A flagged sheet: provisional until the leader confirms its answers, with each flag's message and
 * the button that confirms them; once confirmed, the same messages in a quieter note.
 */
function renderFlags(report) {
  const flags = report.flags || [];
  const provisional = Boolean(report.provisional);
  const box = $("result-flags");
  box.hidden = flags.length === 0;
  box.classList.toggle("provisional", provisional);
  box.dataset.state = provisional ? "provisional" : report.confirmed ? "confirmed" : "flagged";
  $("result-flag-list").replaceChildren(...flags.map((f) => el("li", { className: "flag", attrs: { "data-flag": f.flag }, text: f.message })));
  const self = !state.shown || state.shown.assessment.rater === SELF;
  $("result-flags-heading").textContent = provisional
    ? "Provisional: these answers may not measure the month"
    : report.confirmed
      ? (self ? "You confirmed these answers" : "These answers were confirmed")
      : "These answers have something unusual";
  $("result-flags-text").textContent = provisional
    ? "Until the answers are confirmed, this result is not compared with others and its moves are not counted as change. If they are right, confirm them; if not, take the assessment again."
    : report.confirmed
      ? "Bearing raised the points above; the answers were confirmed as right, so this result counts like any other."
      : "";
  $("result-flags-text").hidden = $("result-flags-text").textContent === "";
  $("result-confirm").hidden = !provisional;
  $("result-confirm").disabled = state.confirming;
  if (!state.confirming) $("result-confirm-status").textContent = "";
}

/** The leader says the flagged answers are right: Rust stops treating the sheet as provisional. */
async function confirmShown() {
  if (state.confirming || !state.shown) return;
  state.confirming = true;
  $("result-confirm").disabled = true;
  $("result-confirm-status").textContent = "Confirming…";
  try {
    const view = await api.confirmAssessment(state.shown.assessment.id);
    state.confirming = false;
    state.shown = view;
    // The map draws a provisional point hollow: redraw it.
    state.mapKey = null;
    render(view);
    $("result-confirm-status").textContent = "";
    const heading = $("result-flags-heading");
    heading.setAttribute("tabindex", "-1");
    heading.focus();
    await drawMap();
  } catch (error) {
    showError(`The answers were not confirmed: ${error.message}`);
    $("result-confirm-status").textContent = "";
  } finally {
    state.confirming = false;
    $("result-confirm").disabled = false;
  }
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
          el("span", { className: "answer-detail", text: `${state.answeredBy} answered: ${answerLabel(c.answer)}` }),
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
        ...doneWhen(action),
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

/** How many statements placed this position, when some did not come up (or could not be judged). */
function renderCoverage(coverage, own) {
  const box = $("result-coverage");
  const left = coverage ? coverage.total - coverage.answered : 0;
  box.hidden = left === 0;
  box.textContent = left === 0 ? "" : own
    ? `Placed from ${coverage.answered} of ${coverage.total} statements: ${plural(left, "statement")} didn't come up this month, so the ranges are a little wider.`
    : `Placed from ${coverage.answered} of ${coverage.total} statements: the rest this rater could not see or judge, so the ranges are a little wider.`;
}

/** Every statement of the sheet's questionnaire with its answer, or why it has none. */
function renderAnswers(answers, own) {
  const unanswered = own ? "Didn't come up" : "Not judged";
  $("answers-list").replaceChildren(...[...state.statements.entries()].map(([id, text]) =>
    el("li", { className: answers[id] === undefined ? "unanswered" : "" }, [
      el("span", { text: shortText(text) }),
      el("span", {
        className: "answer-detail",
        text: answers[id] === undefined ? unanswered : `${answers[id]} · ${answerLabel(answers[id])}`,
      }),
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
  whyItems(report.why_here.focus, "why-focus");
  whyItems(report.why_here.autonomy, "why-autonomy");
  renderMoved(report.what_moved, state.shown ? state.shown.assessment.rater : SELF, Boolean(report.provisional), { answerLabel, shortText });
  renderTrend(report.trend || null);
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
    tableToggle($("result-map-table-toggle"), $("result-map-table"));
    // The map's data as text, read when first asked for: the leader's own positions it draws,
    // up to the assessment shown.
    $("result-map-table-toggle").addEventListener("click", async () => {
      const panel = $("result-map-table");
      if (panel.hidden || panel.childElementCount > 0 || !state.shown) return;
      const until = state.shown.assessment.date;
      const drawn = (await api.history()).filter((a) => a.kind !== "group" && a.rater === SELF && a.date <= until);
      panel.replaceChildren(chartTable(drawn, "The positions on the map, oldest first"));
    });
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
    $("result-confirm").addEventListener("click", confirmShown);
    $("result-reliability").addEventListener("click", () =>
      app.go("reliability", { back: { name: "result", params: { id: state.shown.assessment.id } } }));
    $("result-again").addEventListener("click", () => app.go("questionnaire"));
  },

  /** Shows `result` (a ResultView) or loads assessment `id`. */
  async show({ result, id }) {
    const view = result || (await api.result(id));
    // The assessment's own version: a v1 assessment reads in v1's words.
    const q = await api.questionnaire(view.assessment.questionnaire);
    // Another rater's answers read as they answered them: about "them", on their scale.
    const own = !view.view || view.view.own;
    state.statements = new Map(q.items.map((item) => [item.id, own ? item.text : item.text_other || item.text]));
    state.scaleLabels = own ? q.scale.labels : q.scale.labels.map((l) => l.replace(/\bme$/, "them"));
    if (!state.shown || state.shown.assessment.id !== view.assessment.id) state.mapKey = null;
    state.shown = view;
    render(view);
    // A new result starts with its table closed and unread.
    $("result-map-table").replaceChildren();
    $("result-map-table").hidden = true;
    $("result-map-table-toggle").setAttribute("aria-expanded", "false");
    $("result-map-table-toggle").textContent = "View as table";
    await drawMap();
  },

  onThemeChange() {
    if (state.shown) drawMap().catch((error) => showError(error.message));
  },
};
