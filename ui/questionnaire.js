// The assessment screen: first how the open commitments went, then one statement at a time,
// answered by click or keyboard. Every change is kept as a draft in the database, so closing the
// window midway loses nothing.

import { api, writeCount } from "./api.js";
import { $, el, formatDate, showError } from "./dom.js";
import { capitalized, CHROME, otherRaterKinds, raterAnswersAbout, raterNoun, SELF } from "./labels.js";

const ADVANCE_DELAY_MS = 180;
const DRAFT_DELAY_MS = 400;
const STATUSES = [
  ["done", "Done"],
  ["partly", "Partly"],
  ["not-started", "Not started"],
];

let questionnaire = null;
let rater = SELF; // who is answering
let open = []; // open commitments, reviewed first
let state = null; // { answers, notes, note, reviews, step, position }
let loaded = false;
let readOnly = null; // why nothing can be saved, when the history is read-only
let loadedAt = -1; // the write count when the open commitments were read
let advanceTimer = null;
let advanceTo = null; // where a pending auto-advance goes
let draftTimer = null;
let draftChain = Promise.resolve(); // draft saves, in order
let submitting = false;
let navigate = null;

function freshState() {
  return { answers: {}, notes: {}, note: "", reviews: {}, step: "statements", position: 0 };
}

const items = () => questionnaire.items;
const current = () => items()[state.position];

function answeredCount() {
  return items().filter((item) => state.answers[item.id] !== undefined).length;
}

function firstUnanswered() {
  return items().findIndex((item) => state.answers[item.id] === undefined);
}

function reviewsComplete() {
  return open.every((c) => state.reviews[c.action_id] && state.reviews[c.action_id].status);
}

// ---- Draft ---------------------------------------------------------------------------------

function draftBody() {
  return {
    questionnaire: questionnaire.version,
    answers: state.answers,
    notes: state.notes,
    note: state.note,
    reviews: state.reviews,
    step: state.step,
    position: state.position,
  };
}

/** Sends the draft now, after any save already under way (saves never overtake each other). */
function flushDraft() {
  clearTimeout(draftTimer);
  draftTimer = null;
  if (!state) return draftChain;
  const body = draftBody();
  const who = rater;
  draftChain = draftChain
    .then(() => api.saveDraft(body, who))
    .catch((error) => showError(`Your progress could not be kept: ${error.message}`));
  return draftChain;
}

/** Keeps the draft: at once, or after a short pause while the leader is typing. */
function persist(delay = 0) {
  if (!state) return;
  clearTimeout(draftTimer);
  draftTimer = setTimeout(flushDraft, delay);
}

/** Matches the reviews in `state` to the open commitments: only open ones, each with an entry. */
function matchReviews() {
  const openIds = new Set(open.map((c) => c.action_id));
  for (const id of Object.keys(state.reviews)) if (!openIds.has(id)) delete state.reviews[id];
  for (const c of open) if (!state.reviews[c.action_id]) state.reviews[c.action_id] = { status: null };
  if (open.length === 0) state.step = "statements";
  else if (!reviewsComplete()) state.step = "review";
}

/**
 * Reads the open commitments again after a change elsewhere (a commitment made or an assessment
 * deleted while this one was under way), keeping the answers given so far.
 */
async function refreshCommitments() {
  const start = await api.assessmentStart(rater);
  readOnly = start.read_only;
  loadedAt = writeCount();
  open = start.open_commitments;
  matchReviews();
  buildReview();
}

async function load() {
  questionnaire = await api.questionnaire();
  const start = await api.assessmentStart(rater);
  readOnly = start.read_only;
  loadedAt = writeCount();
  open = start.open_commitments;
  state = freshState();
  const draft = start.draft;
  if (draft) {
    Object.assign(state, {
      answers: draft.answers || {},
      notes: draft.notes || {},
      note: draft.note || "",
      reviews: draft.reviews || {},
      step: draft.step || "statements",
      position: draft.position || 0,
    });
  }
  // Reviews only of commitments still open; a review step only when one is.
  matchReviews();
  buildScale();
  buildReview();
  $("q-assessment-note").value = state.note;
  loaded = true;
}

// ---- Building ------------------------------------------------------------------------------

/** "Who is answering?": the leader, then every other rater Rust knows ("Their coach"). */
function buildRaterChoice() {
  const choice = (kind, text) => el("option", { text, attrs: { value: kind } });
  $("q-rater").replaceChildren(
    choice(SELF, CHROME.selfChoice),
    ...otherRaterKinds().map((kind) => choice(kind, capitalized(raterNoun(kind)))),
  );
}

function buildScale() {
  const scale = $("q-scale");
  scale.replaceChildren();
  questionnaire.scale.labels.forEach((own, i) => {
    // Another rater answers about the leader: "Very like them".
    const label = rater === SELF ? own : own.replace(/\bme$/, "them");
    const value = questionnaire.scale.min + i;
    const option = el("button", {
      className: "option",
      attrs: { type: "button", role: "radio", "aria-checked": "false", "data-value": String(value) },
    }, [el("span", { className: "key", text: String(value) }), el("span", { className: "label", text: label })]);
    option.addEventListener("click", () => answer(value));
    scale.append(option);
  });
  const dots = $("q-dots");
  dots.replaceChildren();
  items().forEach((item, i) => {
    const dot = el("button", {
      className: "dot",
      attrs: { type: "button", "aria-label": `Statement ${i + 1}` },
    });
    dot.addEventListener("click", () => moveTo(i));
    dots.append(el("li", {}, [dot]));
  });
}

function buildReview() {
  $("q-review-intro").textContent = open.length === 0 ? "" :
    `You chose ${open.length === 1 ? "this action" : "these actions"} after your assessment of ${formatDate(open[0].committed_on)}. Say how each went; it is kept with your history.`;
  $("q-review-list").replaceChildren(...open.map((c) => {
    const review = state.reviews[c.action_id];
    const group = el("div", {
      className: "status-options",
      attrs: { role: "radiogroup", "aria-label": `How did "${c.title}" go?` },
    }, STATUSES.map(([status, label]) => {
      const button = el("button", {
        className: "status-option",
        text: label,
        attrs: { type: "button", role: "radio", "aria-checked": "false", "data-status": status },
      });
      button.addEventListener("click", () => {
        state.reviews[c.action_id].status = status;
        render();
        persist();
      });
      return button;
    }));
    const note = el("textarea", {
      className: "review-note",
      attrs: { rows: "2", maxlength: "4000", placeholder: "What happened? (optional, private)", "aria-label": `Note on "${c.title}"` },
    });
    note.value = review.note || "";
    note.addEventListener("input", () => {
      state.reviews[c.action_id].note = note.value;
      persist(DRAFT_DELAY_MS);
    });
    return el("li", { className: "review-item", attrs: { "data-action": c.action_id } }, [
      el("h3", { className: "review-title", text: c.title }),
      group,
      note,
    ]);
  }));
}

// ---- Rendering -----------------------------------------------------------------------------

function render() {
  const reviewing = state.step === "review";
  $("q-rater").value = rater;
  $("q-eyebrow").textContent = rater === SELF ? CHROME.selfEyebrow : raterAnswersAbout(rater);
  // A read-only history: nothing here could be kept, so nothing is offered to answer.
  $("q-read-only").hidden = !readOnly;
  $("q-rater").disabled = Boolean(readOnly);
  $("q-review").hidden = !reviewing || Boolean(readOnly);
  $("q-count").hidden = Boolean(readOnly);
  $("q-progress").parentElement.hidden = Boolean(readOnly);
  $("q-statements").hidden = reviewing || Boolean(readOnly);
  const total = items().length;
  const done = answeredCount();
  $("q-count").textContent = `${done} of ${total} answered`;
  $("q-progress").style.width = `${(done / total) * 100}%`;
  if (reviewing) renderReview();
  else renderStatement(done, total);
}

function renderReview() {
  for (const li of $("q-review-list").children) {
    const status = state.reviews[li.dataset.action].status;
    for (const b of li.querySelectorAll(".status-option")) b.setAttribute("aria-checked", String(b.dataset.status === status));
  }
  const missing = open.filter((c) => !state.reviews[c.action_id].status).length;
  $("q-review-continue").disabled = missing > 0;
  $("q-review-status").textContent = missing === 0 ? "Thank you." : `${missing} to go.`;
}

function renderStatement(done, total) {
  const item = current();
  $("q-card").dataset.index = String(state.position);
  $("q-number").textContent = `Statement ${state.position + 1} of ${total}`;
  // Another rater reads each statement about the leader ("they").
  $("q-statement").textContent = rater === SELF ? item.text : item.text_other || item.text;
  for (const option of $("q-scale").children) {
    option.setAttribute("aria-checked", String(Number(option.dataset.value) === state.answers[item.id]));
  }
  [...$("q-dots").querySelectorAll(".dot")].forEach((dot, i) => {
    dot.classList.toggle("answered", state.answers[items()[i].id] !== undefined);
    if (i === state.position) dot.setAttribute("aria-current", "step");
    else dot.removeAttribute("aria-current");
  });
  const note = $("q-note");
  const text = state.notes[item.id] || "";
  if (note.dataset.item !== item.id) {
    note.dataset.item = item.id;
    note.value = text;
    note.hidden = text === "";
  }
  $("q-note-toggle").hidden = !note.hidden;
  $("q-note-toggle").setAttribute("aria-expanded", String(!note.hidden));
  $("q-back").disabled = state.position === 0;
  $("q-next").disabled = state.position === total - 1;
  $("q-review-back").hidden = open.length === 0;
  const complete = done === total;
  $("q-month-note").hidden = !complete;
  $("q-submit").disabled = !complete || submitting;
  $("q-status").textContent = complete
    ? "All statements answered."
    : `${total - done} to go. Your answers are kept, even if you close Bearing.`;
}

// ---- Actions -------------------------------------------------------------------------------

function moveTo(i, keep = true) {
  clearTimeout(advanceTimer);
  advanceTo = null;
  const next = Math.max(0, Math.min(items().length - 1, i));
  const moved = next !== state.position;
  state.position = next;
  render();
  if (moved && keep) persist(DRAFT_DELAY_MS);
}

function answer(value) {
  // A key pressed before the previous answer moved on belongs to the next statement.
  if (advanceTo !== null) moveTo(advanceTo);
  const item = current();
  state.answers[item.id] = value;
  render();
  persist();
  clearTimeout(advanceTimer);
  const next = firstUnanswered();
  if (next === -1) {
    $("q-submit").focus();
    return;
  }
  const after = state.position < items().length - 1 && state.answers[items()[state.position + 1].id] === undefined
    ? state.position + 1
    : next;
  advanceTo = after;
  advanceTimer = setTimeout(() => moveTo(after), ADVANCE_DELAY_MS);
}

function openNote() {
  const note = $("q-note");
  note.hidden = false;
  $("q-note-toggle").hidden = true;
  $("q-note-toggle").setAttribute("aria-expanded", "true");
  note.focus();
}

function onNoteInput() {
  const item = current();
  const text = $("q-note").value;
  if (text === "") delete state.notes[item.id];
  else state.notes[item.id] = text;
  persist(DRAFT_DELAY_MS);
}

function setStep(step) {
  state.step = step;
  render();
  persist();
  const target = step === "review" ? $("q-review-heading") : $("q-statement");
  target.setAttribute("tabindex", "-1");
  target.focus({ preventScroll: true });
}

async function submit() {
  if (submitting || firstUnanswered() !== -1 || !reviewsComplete()) return;
  submitting = true;
  render();
  try {
    // The last draft save lands before the assessment, whose transaction then removes it.
    await flushDraft();
    const sheet = { questionnaire: questionnaire.version, answers: state.answers, notes: state.notes, note: state.note };
    const reviews = open.length === 0 ? null : Object.fromEntries(
      open.map((c) => [c.action_id, { status: state.reviews[c.action_id].status, note: state.reviews[c.action_id].note || null }]),
    );
    const result = await api.saveAssessment(sheet, reviews, rater);
    submitting = false;
    forgetProgress();
    rater = SELF; // the next assessment is the leader's own again, unless chosen otherwise
    await navigate("result", { result });
  } catch (error) {
    submitting = false;
    render();
    persist();
    showError(`Your answers were not saved: ${error.message}`);
  }
}

/** Answers as `next` from now on: what was typed is kept (if anything), then their draft loads. */
async function switchRater(next) {
  if (next === rater && loaded) return;
  if (draftTimer !== null) await flushDraft();
  await draftChain;
  forgetProgress();
  rater = next;
  await load();
}

/** Waits until every draft save under way has landed (before the person shown changes). */
export async function flushPending() {
  if (draftTimer !== null) flushDraft();
  await draftChain;
}

/** Drops what is in memory, so the next visit starts from the database again. */
export function forgetProgress() {
  clearTimeout(draftTimer);
  draftTimer = null;
  clearTimeout(advanceTimer);
  advanceTo = null;
  loaded = false;
  state = null;
  delete $("view-questionnaire").dataset.ready;
  const note = $("q-note");
  note.value = "";
  delete note.dataset.item;
}

export const questionnaireScreen = {
  init({ go }) {
    navigate = go;
    buildRaterChoice();
    $("q-back").addEventListener("click", () => moveTo(state.position - 1));
    $("q-next").addEventListener("click", () => moveTo(state.position + 1));
    $("q-submit").addEventListener("click", submit);
    $("q-note-toggle").addEventListener("click", openNote);
    $("q-note").addEventListener("input", onNoteInput);
    $("q-assessment-note").addEventListener("input", () => {
      state.note = $("q-assessment-note").value;
      persist(DRAFT_DELAY_MS);
    });
    $("q-review-continue").addEventListener("click", () => {
      if (reviewsComplete()) setStep("statements");
    });
    $("q-review-back").addEventListener("click", () => setStep("review"));
    $("q-read-only-home").addEventListener("click", () => navigate("home"));
    // Switching who answers keeps each rater's answers as their own draft.
    $("q-rater").addEventListener("change", async () => {
      try {
        await switchRater($("q-rater").value);
        render();
        $("view-questionnaire").dataset.ready = "true";
      } catch (error) {
        showError(error.message);
      }
    });
  },

  /** `rater` (from Home: "self") chooses who answers; without it, whoever answered last. */
  async show({ rater: wanted } = {}) {
    if (wanted && wanted !== rater) await switchRater(wanted);
    if (!loaded) await load();
    else if (writeCount() !== loadedAt) await refreshCommitments();
    render();
    // Tells tests (and anything else watching) that the keys now work.
    $("view-questionnaire").dataset.ready = "true";
  },

  hide() {
    clearTimeout(advanceTimer);
    advanceTo = null;
    // Anything typed in the last moments is kept before leaving.
    if (draftTimer !== null) flushDraft();
  },

  onKey(event) {
    if (!loaded || readOnly || event.altKey || event.ctrlKey || event.metaKey) return;
    const target = event.target;
    if (target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA")) {
      if (event.key === "Escape" && target.id === "q-note") {
        event.preventDefault();
        const checked = $("q-scale").querySelector('[aria-checked="true"]') || $("q-scale").firstElementChild;
        checked.focus();
      }
      return;
    }
    if (state.step !== "statements") return;
    const { min, max } = questionnaire.scale;
    const digit = Number(event.key);
    if (Number.isInteger(digit) && digit >= min && digit <= max) {
      event.preventDefault();
      answer(digit);
    } else if (event.key === "n" || event.key === "N") {
      event.preventDefault();
      clearTimeout(advanceTimer);
      advanceTo = null;
      openNote();
    } else if (event.key === "ArrowRight" || event.key === "ArrowDown") {
      event.preventDefault();
      moveTo(state.position + 1);
    } else if (event.key === "ArrowLeft" || event.key === "ArrowUp" || event.key === "Backspace") {
      event.preventDefault();
      moveTo(state.position - 1);
    } else if (event.key === "Enter" && !(target && target.tagName === "BUTTON" && !target.classList.contains("option"))) {
      // Enter always means "next or submit", even with focus left on an answer button (which
      // would otherwise answer the next statement with the same value).
      event.preventDefault();
      const next = firstUnanswered();
      if (next === -1) submit();
      else if (state.answers[current().id] !== undefined) moveTo(state.position + 1 < items().length ? state.position + 1 : next);
      else moveTo(next);
    }
  },
};
