// What several screens show the same way: numbers, dates and plurals in words, the toast, the
// inline "are you sure?", a button that runs something slow and reports it, a commitment, and the
// words for how sure a measurement is (headline, probabilities, verdicts). Screens import these
// from here, never from one another.

import { $, el, showError } from "./dom.js";
import { quadrantName } from "./labels.js";

// ---- Words for numbers and dates -----------------------------------------------------------

/** "1 assessment", "3 assessments". */
export function plural(n, word, many = `${word}s`) {
  return `${n} ${n === 1 ? word : many}`;
}

/** A calendar date ("2026-03-07") in the reader's words: "7 March 2026", or "7 Mar 2026" when short. */
export function formatDate(isoDate, style = "long") {
  const [y, m, d] = isoDate.split("-").map(Number);
  return new Date(y, m - 1, d).toLocaleDateString(undefined, { day: "numeric", month: style, year: "numeric" });
}

/** A moment (an RFC 3339 timestamp) as a date and a time of day. */
export function formatWhen(iso) {
  return new Date(iso).toLocaleString(undefined, {
    day: "numeric", month: "long", year: "numeric", hour: "2-digit", minute: "2-digit",
  });
}

export function formatScore(value) {
  return Number(value).toFixed(1);
}

/** A signed number with one decimal and a real minus sign: "+3.2", "−1.0", "0.0". */
export function signed(value) {
  const rounded = Number(value).toFixed(1);
  if (Number(rounded) === 0) return "0.0";
  return value > 0 ? `+${rounded}` : rounded.replace("-", "−");
}

// ---- The toast -----------------------------------------------------------------------------

const toast = { timer: null };

/** Shows a short message with an optional action button, for `ms` milliseconds. */
export function showToast(message, action = null, ms = 10000) {
  clearTimeout(toast.timer);
  $("toast-text").textContent = message;
  const button = $("toast-action");
  button.hidden = !action;
  button.onclick = null;
  if (action) {
    button.textContent = action.label;
    button.onclick = () => {
      hideToast();
      action.run();
    };
  }
  $("toast").hidden = false;
  toast.timer = setTimeout(hideToast, ms);
}

export function hideToast() {
  clearTimeout(toast.timer);
  $("toast").hidden = true;
}

// ---- Controls ------------------------------------------------------------------------------

/**
 * An inline "are you sure?" for something that cannot be taken back. `ask` hides itself and shows
 * `box` (after `prepare`, which can word the question), with the focus on `yes`; `no` puts `ask`
 * back. `yes` runs `confirmed`, disabled until it has finished, so a double click runs it once.
 * Returns `close()`, for a screen that redraws with the question put away.
 */
export function inlineConfirm({ ask, box, yes, no, prepare = null, confirmed }) {
  const close = () => {
    box.hidden = true;
    ask.hidden = false;
  };
  ask.addEventListener("click", () => {
    if (prepare) prepare();
    ask.hidden = true;
    box.hidden = false;
    yes.focus();
  });
  no.addEventListener("click", () => {
    close();
    ask.focus();
  });
  yes.addEventListener("click", async () => {
    if (yes.disabled) return;
    yes.disabled = true;
    try {
      await confirmed();
    } finally {
      yes.disabled = false;
    }
  });
  return { close };
}

/**
 * Runs `work` (a save dialog, a backup) from `button`, which is disabled meanwhile while `status`
 * says `pending`. Then `status` says what `done` makes of the outcome; a failure empties it and
 * shows `failed` followed by the error's message. The button comes back unless `keepDisabled()`.
 * Resolves to the outcome, or undefined after a failure.
 */
export async function busyAction(button, status, work, { pending = "", done, failed = "", keepDisabled = () => false }) {
  button.disabled = true;
  status.textContent = pending;
  try {
    const outcome = await work();
    status.textContent = done(outcome);
    return outcome;
  } catch (error) {
    status.textContent = "";
    showError(`${failed}${error.message}`);
    return undefined;
  } finally {
    button.disabled = keepDisabled();
  }
}

// ---- Commitments ---------------------------------------------------------------------------

export function statusLabel(status) {
  return { done: "Done", partly: "Partly", "not-started": "Not started" }[status] || status;
}

/** "Done when: …", the line that says how a leader can tell an action is done (v2 actions on). */
export function doneWhen(action) {
  return action && action.done_when
    ? [el("p", { className: "done-when" }, [el("strong", { text: "Done when: " }), document.createTextNode(action.done_when)])]
    : [];
}

/** One commitment with its action's steps, or with how it went when `review` is asked for. */
export function commitmentItem(c, { review } = {}) {
  const children = [el("h3", { className: "commitment-title", text: c.title })];
  const meta = el("p", { className: "muted small", text: `Since your assessment of ${formatDate(c.committed_on)}` });
  children.push(meta, ...doneWhen(c.action));
  if (review && c.review) {
    children.push(el("p", { className: "review-line" }, [
      el("span", { className: `status-badge status-${c.review.status}`, text: statusLabel(c.review.status) }),
      ...(c.review.note ? [el("span", { className: "review-note-text", text: c.review.note })] : []),
    ]));
  } else if (c.action) {
    children.push(el("details", {}, [
      el("summary", { text: "How to do it" }),
      el("ol", {}, c.action.steps.map((step) => el("li", { text: step }))),
    ]));
  }
  return el("li", { className: "commitment", attrs: { "data-action": c.action_id } }, children);
}

// ---- How sure a measurement is -------------------------------------------------------------
// Rust decides every verdict and probability (docs/scoring.md, section 10); these only word them.

/** A move between two assessments, by its verdict. */
export const VERDICT_WORDS = {
  reliable: "a real move",
  possible: "possibly a move",
  "within-noise": "within noise",
};

/** A slope over several assessments, by its verdict. */
export const TREND_WORDS = {
  reliable: "a real trend",
  possible: "possibly a trend",
  "within-noise": "within noise",
};

/** Where the noise figure (SEM) behind a verdict comes from. */
export const SEM_SOURCE_WORDS = {
  prior: "from Bearing's starting estimate",
  caseload: "from this Bearing's caseload",
  "own-series": "from your own month-to-month noise",
};

export const verdictWords = (verdict) => VERDICT_WORDS[verdict] || String(verdict);
export const semSourceWords = (source) => SEM_SOURCE_WORDS[source] || `from ${source}`;

/** The class that styles a verdict: reliable solid, possible lighter, within noise faded. */
export const verdictClass = (verdict) => `verdict verdict-${verdict}`;

/** A probability as a whole percentage; never a flat 0% or 100% for what is only nearly so. */
export function percent(p) {
  const n = Math.round(p * 100);
  if (n <= 0 && p > 0) return "<1%";
  if (n >= 100 && p < 1) return ">99%";
  return `${n}%`;
}

/**
 * The headline of a result, from Rust's certainty: `{ certainty, title, nearest }`. `clear` names
 * the quadrant; `leaning` leans towards it; `centre` names none, and `nearest` lists the two most
 * likely ones. Without a certainty (an assessment from before it existed) it is `fallback`'s name.
 */
export function headlineWords(certainty, headline, fallback) {
  const ranked = (headline && headline.ranked) || [];
  const slug = (headline && headline.quadrant) || ranked[0] || fallback;
  if (certainty === "centre") {
    return { certainty, title: "Centre: no clear quadrant yet", nearest: ranked.slice(0, 2).map(quadrantName) };
  }
  if (certainty === "leaning") return { certainty, title: `Leaning towards ${quadrantName(slug)}`, nearest: [] };
  return { certainty: certainty || "clear", title: quadrantName(slug), nearest: [] };
}

/** "Nearest: Impact Galore and Tech Busywork." */
export function nearestText(names) {
  return names.length === 0 ? "" : `Nearest: ${names.join(" and ")}.`;
}

/** The four quadrants, most likely first: `[[slug, probability], …]`. */
export function rankedProbabilities(probabilities) {
  return Object.entries(probabilities || {}).sort((a, b) => b[1] - a[1]);
}

/**
 * The quadrant probabilities as list items, most likely first: each its name, a bar (drawn only,
 * the number says the same) and the percentage, so nothing depends on colour or the bar alone.
 */
export function probabilityItems(probabilities) {
  const ranked = rankedProbabilities(probabilities);
  // Only a quadrant likelier than the rest stands out; four equal chances have no leader.
  const leads = ranked.length > 1 && ranked[0][1] > ranked[1][1];
  return ranked.map(([slug, p], i) => {
    const fill = el("span", { className: "prob-fill" });
    fill.style.width = `${Math.max(0, Math.min(1, p)) * 100}%`;
    return el("li", { className: i === 0 && leads ? "prob top" : "prob", attrs: { "data-quadrant": slug } }, [
      el("span", { className: "prob-name", text: quadrantName(slug) }),
      el("span", { className: "prob-bar", attrs: { "aria-hidden": "true" } }, [fill]),
      el("strong", { className: "prob-value", text: percent(p) }),
    ]);
  });
}

// ---- Charts' text alternatives -------------------------------------------------------------

/**
 * A chart's alt text: what it shows, then the latest position and its change since the one
 * before, so a screen reader hears the data and not only "a chart".
 */
export function chartAlt(what, latest, change) {
  const where = `${formatDate(latest.date)}: focus ${formatScore(latest.focus)}, autonomy ${formatScore(latest.autonomy)}, ${latest.quadrant_name}`;
  const moved = change
    ? `Change since the previous assessment: focus ${signed(change.focus)}, autonomy ${signed(change.autonomy)}.`
    : "The first assessment: no change to show yet.";
  return `${what}. Latest, ${where}. ${moved}`;
}

/** The assessments a chart draws, oldest first, as a table: date, focus, autonomy, quadrant. */
export function chartTable(items, caption) {
  // Across a questionnaire change, as the timeline marks it, each row names its version.
  const versions = new Set(items.map((a) => a.questionnaire).filter(Boolean));
  const byVersion = versions.size > 1;
  const head = el("tr", {}, [
    el("th", { text: "Date", attrs: { scope: "col" } }),
    el("th", { text: "Focus", className: "num", attrs: { scope: "col" } }),
    el("th", { text: "Autonomy", className: "num", attrs: { scope: "col" } }),
    el("th", { text: "Quadrant", attrs: { scope: "col" } }),
    ...(byVersion ? [el("th", { text: "Version", attrs: { scope: "col", title: "Questionnaire version" } })] : []),
  ]);
  const rows = [...items].reverse().map((a) => el("tr", {}, [
    el("td", { className: "nowrap", text: formatDate(a.date, "short") }),
    el("td", { className: "num", text: formatScore(a.focus) }),
    el("td", { className: "num", text: formatScore(a.autonomy) }),
    el("td", { text: a.quadrant_name }),
    ...(byVersion ? [el("td", { text: a.questionnaire })] : []),
  ]));
  return el("table", {}, [
    el("caption", { className: "visually-hidden", text: caption }),
    el("thead", {}, [head]),
    el("tbody", {}, rows),
  ]);
}

/** Makes a table row that opens something work like a button: a click, Enter or Space runs `open`. */
export function activatable(tr, open) {
  tr.addEventListener("click", open);
  tr.addEventListener("keydown", (event) => {
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      open();
    }
  });
  return tr;
}

/** Wires a "View as table" button to show and hide the table beside its chart. */
export function tableToggle(button, panel) {
  button.addEventListener("click", () => {
    const open = button.getAttribute("aria-expanded") !== "true";
    button.setAttribute("aria-expanded", String(open));
    button.textContent = open ? "Hide the table" : "View as table";
    panel.hidden = !open;
  });
}
