// The assessment screen: first how the open commitments went, then one statement at a time,
// answered by click or keyboard. Every change is kept as a draft in the database, so closing the
// window midway loses nothing.

import { api, writeCount } from "./api.js";
import { $, el, showError } from "./dom.js";
import { cantJudge, capitalized, CHROME, raterAnswersAbout, raterNoun, SELF, windowRaterKinds } from "./labels.js";
import { allReviewed, buildReviewList, renderReview } from "./review.js";

const ADVANCE_DELAY_MS = 180;
const DRAFT_DELAY_MS = 400;

const state = {
  app: null, // what main.js hands every screen: go, reloadPeople, flushDrafts, forgetDrafts
  questionnaire: null,
  rater: SELF, // who is answering
  open: [], // open commitments, reviewed first
  progress: null, // the answers so far: { answers, notes, note, reviews, step, position }
  loaded: false,
  readOnly: null, // why nothing can be saved, when the history is read-only
  loadedAt: -1, // the write count when the open commitments were read
  advanceTimer: null,
  advanceTo: null, // where a pending auto-advance goes
  draftTimer: null,
  draftChain: Promise.resolve(), // draft saves, in order
  submitting: false,
  // How long each statement took, in seconds, from being shown to its first answer, for the
  // `too-fast` check. Kept for this sitting only: a resumed draft sends no timing.
  timing: { shownFor: null, shownAt: 0, seconds: {} },
};

function freshProgress() {
  return { answers: {}, notes: {}, note: "", reviews: {}, step: "statements", position: 0 };
}

/** The statements the person answering sees: all for the leader, the observable ones for others. */
const items = () => state.rater === SELF
  ? state.questionnaire.items
  : state.questionnaire.items.filter((item) => item.observable !== false);
const current = () => items()[state.progress.position];

function answeredCount() {
  return items().filter((item) => state.progress.answers[item.id] !== undefined).length;
}

function firstUnanswered() {
  return items().findIndex((item) => state.progress.answers[item.id] === undefined);
}

function reviewsComplete() {
  return allReviewed(state.open, state.progress.reviews);
}

// ---- Draft ---------------------------------------------------------------------------------

function draftBody() {
  return {
    questionnaire: state.questionnaire.version,
    answers: state.progress.answers,
    notes: state.progress.notes,
    note: state.progress.note,
    reviews: state.progress.reviews,
    step: state.progress.step,
    position: state.progress.position,
  };
}

/** Sends the draft now, after any save already under way (saves never overtake each other). */
function flushDraft() {
  clearTimeout(state.draftTimer);
  state.draftTimer = null;
  if (!state.progress) return state.draftChain;
  const body = draftBody();
  const who = state.rater;
  state.draftChain = state.draftChain
    .then(() => api.saveDraft(body, who))
    .catch((error) => showError(`Your progress could not be kept: ${error.message}`));
  return state.draftChain;
}

/** Keeps the draft: at once, or after a short pause while the leader is typing. */
function persist(delay = 0) {
  if (!state.progress) return;
  clearTimeout(state.draftTimer);
  state.draftTimer = setTimeout(flushDraft, delay);
}

/** Matches the reviews in `state.progress` to the open commitments: only open ones, each with an entry. */
function matchReviews() {
  const openIds = new Set(state.open.map((c) => c.action_id));
  for (const id of Object.keys(state.progress.reviews)) if (!openIds.has(id)) delete state.progress.reviews[id];
  for (const c of state.open) if (!state.progress.reviews[c.action_id]) state.progress.reviews[c.action_id] = { status: null };
  if (state.open.length === 0) state.progress.step = "statements";
  else if (!reviewsComplete()) state.progress.step = "review";
}

/**
 * Reads the open commitments again after a change elsewhere (a commitment made or an assessment
 * deleted while this one was under way), keeping the answers given so far.
 */
async function refreshCommitments() {
  const start = await api.assessmentStart(state.rater);
  state.readOnly = start.read_only;
  state.loadedAt = writeCount();
  state.open = start.open_commitments;
  matchReviews();
  buildReview();
}

async function load() {
  state.questionnaire = await api.questionnaire();
  const start = await api.assessmentStart(state.rater);
  state.readOnly = start.read_only;
  state.loadedAt = writeCount();
  state.open = start.open_commitments;
  state.progress = freshProgress();
  state.timing = { shownFor: null, shownAt: 0, seconds: {} };
  const draft = start.draft;
  if (draft) {
    Object.assign(state.progress, {
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
  $("q-assessment-note").value = state.progress.note;
  state.loaded = true;
}

// ---- Building ------------------------------------------------------------------------------

/** "Who is answering?": the leader, then every other rater Rust knows ("Their coach"). */
function buildRaterChoice() {
  const choice = (kind, text) => el("option", { text, attrs: { value: kind } });
  $("q-rater").replaceChildren(
    choice(SELF, CHROME.selfChoice),
    ...windowRaterKinds().map((kind) => choice(kind, capitalized(raterNoun(kind)))),
  );
}

function buildScale() {
  const scale = $("q-scale");
  scale.replaceChildren();
  state.questionnaire.scale.labels.forEach((own, i) => {
    // Another rater answers about the leader: "Very like them".
    const label = state.rater === SELF ? own : own.replace(/\bme$/, "them");
    const value = state.questionnaire.scale.min + i;
    const option = el("button", {
      className: "option",
      attrs: { type: "button", role: "radio", "aria-checked": "false", "data-value": String(value) },
    }, [el("span", { className: "key", text: String(value) }), el("span", { className: "label", text: label })]);
    option.addEventListener("click", () => answer(value));
    scale.append(option);
  });
  // "Didn't come up this month" (or, for someone else, "Can't judge"): beside the scale, key 0.
  const na = state.questionnaire.not_applicable;
  $("q-key-na").hidden = !na;
  $("q-key-na-label").textContent = state.rater === SELF ? "didn't come up" : "can't judge";
  if (na) {
    const option = el("button", {
      className: "option not-applicable",
      attrs: { type: "button", role: "radio", "aria-checked": "false", "data-value": "" },
    }, [el("span", { className: "key", text: "0" }), el("span", { className: "label", text: state.rater === SELF ? na.label : cantJudge() })]);
    option.addEventListener("click", () => answer(null));
    scale.append(option);
  }
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
  buildReviewList(state.open, state.progress.reviews, (what) => {
    if (what === "status") {
      render();
      persist();
    } else {
      persist(DRAFT_DELAY_MS);
    }
  });
}

// ---- Rendering -----------------------------------------------------------------------------

function render() {
  const reviewing = state.progress.step === "review";
  $("q-rater").value = state.rater;
  $("q-eyebrow").textContent = state.rater === SELF ? CHROME.selfEyebrow : raterAnswersAbout(state.rater);
  // A read-only history: nothing here could be kept, so nothing is offered to answer.
  $("q-read-only").hidden = !state.readOnly;
  $("q-rater").disabled = Boolean(state.readOnly);
  $("q-review").hidden = !reviewing || Boolean(state.readOnly);
  $("q-count").hidden = Boolean(state.readOnly);
  $("q-progress").parentElement.hidden = Boolean(state.readOnly);
  $("q-statements").hidden = reviewing || Boolean(state.readOnly);
  const total = items().length;
  const done = answeredCount();
  $("q-count").textContent = `${done} of ${total} answered`;
  $("q-progress").style.width = `${(done / total) * 100}%`;
  if (reviewing) renderReview(state.open, state.progress.reviews);
  else renderStatement(done, total);
}

function renderStatement(done, total) {
  const item = current();
  if (state.timing.shownFor !== item.id) {
    state.timing.shownFor = item.id;
    state.timing.shownAt = performance.now();
  }
  $("q-card").dataset.index = String(state.progress.position);
  $("q-number").textContent = `Statement ${state.progress.position + 1} of ${total}`;
  // Another rater reads each statement about the leader ("they").
  $("q-statement").textContent = state.rater === SELF ? item.text : item.text_other || item.text;
  for (const option of $("q-scale").children) {
    const given = state.progress.answers[item.id];
    const value = option.dataset.value === "" ? null : Number(option.dataset.value);
    option.setAttribute("aria-checked", String(given !== undefined && value === given));
  }
  [...$("q-dots").querySelectorAll(".dot")].forEach((dot, i) => {
    dot.classList.toggle("answered", state.progress.answers[items()[i].id] !== undefined);
    if (i === state.progress.position) dot.setAttribute("aria-current", "step");
    else dot.removeAttribute("aria-current");
  });
  const note = $("q-note");
  const text = state.progress.notes[item.id] || "";
  if (note.dataset.item !== item.id) {
    note.dataset.item = item.id;
    note.value = text;
    note.hidden = text === "";
  }
  $("q-note-toggle").hidden = !note.hidden;
  $("q-note-toggle").setAttribute("aria-expanded", String(!note.hidden));
  $("q-back").disabled = state.progress.position === 0;
  $("q-next").disabled = state.progress.position === total - 1;
  $("q-review-back").hidden = state.open.length === 0;
  const complete = done === total;
  $("q-month-note").hidden = !complete;
  $("q-submit").disabled = !complete || state.submitting;
  $("q-status").textContent = complete
    ? "All statements answered."
    : `${total - done} to go. Your answers are kept, even if you close Bearing.`;
}

// ---- Actions -------------------------------------------------------------------------------

function moveTo(i, keep = true) {
  clearTimeout(state.advanceTimer);
  state.advanceTo = null;
  const next = Math.max(0, Math.min(items().length - 1, i));
  const moved = next !== state.progress.position;
  state.progress.position = next;
  render();
  if (moved && keep) persist(DRAFT_DELAY_MS);
}

function answer(value) {
  // A key pressed before the previous answer moved on belongs to the next statement.
  if (state.advanceTo !== null) moveTo(state.advanceTo);
  const item = current();
  if (state.timing.seconds[item.id] === undefined && state.timing.shownFor === item.id) {
    state.timing.seconds[item.id] = (performance.now() - state.timing.shownAt) / 1000;
  }
  state.progress.answers[item.id] = value;
  render();
  persist();
  clearTimeout(state.advanceTimer);
  const next = firstUnanswered();
  if (next === -1) {
    $("q-submit").focus();
    return;
  }
  const after = state.progress.position < items().length - 1 && state.progress.answers[items()[state.progress.position + 1].id] === undefined
    ? state.progress.position + 1
    : next;
  state.advanceTo = after;
  state.advanceTimer = setTimeout(() => moveTo(after), ADVANCE_DELAY_MS);
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
  if (text === "") delete state.progress.notes[item.id];
  else state.progress.notes[item.id] = text;
  persist(DRAFT_DELAY_MS);
}

function setStep(step) {
  state.progress.step = step;
  render();
  persist();
  const target = step === "review" ? $("q-review-heading") : $("q-statement");
  target.setAttribute("tabindex", "-1");
  target.focus({ preventScroll: true });
}

async function submit() {
  if (state.submitting || firstUnanswered() !== -1 || !reviewsComplete()) return;
  state.submitting = true;
  render();
  try {
    // The last draft save lands before the assessment, whose transaction then removes it.
    await flushDraft();
    // What another rater cannot see goes unanswered (null), as their sheet would leave it.
    const unseen = state.questionnaire.items.filter((item) => !items().includes(item));
    const answers = { ...state.progress.answers, ...Object.fromEntries(unseen.map((item) => [item.id, null])) };
    const sheet = { questionnaire: state.questionnaire.version, answers, notes: state.progress.notes, note: state.progress.note };
    const reviews = state.open.length === 0 ? null : Object.fromEntries(
      state.open.map((c) => [c.action_id, { status: state.progress.reviews[c.action_id].status, note: state.progress.reviews[c.action_id].note || null }]),
    );
    // Timing only when every statement was answered in this sitting.
    const durations = items().every((item) => state.timing.seconds[item.id] !== undefined)
      ? items().map((item) => state.timing.seconds[item.id])
      : null;
    const result = await api.saveAssessment(sheet, reviews, state.rater, durations);
    state.submitting = false;
    forgetProgress();
    state.rater = SELF; // the next assessment is the leader's own again, unless chosen otherwise
    await state.app.go("result", { result });
  } catch (error) {
    state.submitting = false;
    render();
    persist();
    showError(`Your answers were not saved: ${error.message}`);
  }
}

/** Answers as `next` from now on: what was typed is kept (if anything), then their draft loads. */
async function switchRater(next) {
  if (next === state.rater && state.loaded) return;
  if (state.draftTimer !== null) await flushDraft();
  await state.draftChain;
  forgetProgress();
  state.rater = next;
  await load();
}

/** Waits until every draft save under way has landed (before the person shown changes). */
export async function flushPending() {
  if (state.draftTimer !== null) flushDraft();
  await state.draftChain;
}

/** Drops what is in memory, so the next visit starts from the database again. */
export function forgetProgress() {
  clearTimeout(state.draftTimer);
  state.draftTimer = null;
  clearTimeout(state.advanceTimer);
  state.advanceTo = null;
  state.loaded = false;
  state.progress = null;
  state.timing = { shownFor: null, shownAt: 0, seconds: {} };
  delete $("view-questionnaire").dataset.ready;
  const note = $("q-note");
  note.value = "";
  delete note.dataset.item;
}

export const questionnaireScreen = {
  init(app) {
    state.app = app;
    buildRaterChoice();
    $("q-back").addEventListener("click", () => moveTo(state.progress.position - 1));
    $("q-next").addEventListener("click", () => moveTo(state.progress.position + 1));
    $("q-submit").addEventListener("click", submit);
    $("q-note-toggle").addEventListener("click", openNote);
    $("q-note").addEventListener("input", onNoteInput);
    $("q-assessment-note").addEventListener("input", () => {
      state.progress.note = $("q-assessment-note").value;
      persist(DRAFT_DELAY_MS);
    });
    $("q-review-continue").addEventListener("click", () => {
      if (reviewsComplete()) setStep("statements");
    });
    $("q-review-back").addEventListener("click", () => setStep("review"));
    $("q-read-only-home").addEventListener("click", () => app.go("home"));
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
    if (wanted && wanted !== state.rater) await switchRater(wanted);
    if (!state.loaded) await load();
    else if (writeCount() !== state.loadedAt) await refreshCommitments();
    render();
    // Tells tests (and anything else watching) that the keys now work.
    $("view-questionnaire").dataset.ready = "true";
  },

  hide() {
    clearTimeout(state.advanceTimer);
    state.advanceTo = null;
    // Anything typed in the last moments is kept before leaving.
    if (state.draftTimer !== null) flushDraft();
  },

  onKey(event) {
    if (!state.loaded || state.readOnly || event.altKey || event.ctrlKey || event.metaKey) return;
    const target = event.target;
    if (target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA")) {
      if (event.key === "Escape" && target.id === "q-note") {
        event.preventDefault();
        const checked = $("q-scale").querySelector('[aria-checked="true"]') || $("q-scale").firstElementChild;
        checked.focus();
      }
      return;
    }
    if (state.progress.step !== "statements") return;
    const { min, max } = state.questionnaire.scale;
    const digit = Number(event.key);
    if (Number.isInteger(digit) && digit >= min && digit <= max) {
      event.preventDefault();
      answer(digit);
    } else if (event.key === "0" && state.questionnaire.not_applicable) {
      event.preventDefault();
      answer(null);
    } else if (event.key === "n" || event.key === "N") {
      event.preventDefault();
      clearTimeout(state.advanceTimer);
      state.advanceTo = null;
      openNote();
    } else if (event.key === "ArrowRight" || event.key === "ArrowDown") {
      event.preventDefault();
      moveTo(state.progress.position + 1);
    } else if (event.key === "ArrowLeft" || event.key === "ArrowUp" || event.key === "Backspace") {
      event.preventDefault();
      moveTo(state.progress.position - 1);
    } else if (event.key === "Enter" && !(target && target.tagName === "BUTTON" && !target.classList.contains("option"))) {
      // Enter always means "next or submit", even with focus left on an answer button (which
      // would otherwise answer the next statement with the same value).
      event.preventDefault();
      const next = firstUnanswered();
      if (next === -1) submit();
      else if (state.progress.answers[current().id] !== undefined) moveTo(state.progress.position + 1 < items().length ? state.progress.position + 1 : next);
      else moveTo(next);
    }
  },
};
