// What several screens show the same way: numbers, dates and plurals in words, the toast, the
// inline "are you sure?", a button that runs something slow and reports it, and a commitment.
// Screens import these from here, never from one another.

import { $, el, showError } from "./dom.js";

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

/** One commitment with its action's steps, or with how it went when `review` is asked for. */
export function commitmentItem(c, { review } = {}) {
  const children = [el("h3", { className: "commitment-title", text: c.title })];
  const meta = el("p", { className: "muted small", text: `Since your assessment of ${formatDate(c.committed_on)}` });
  children.push(meta);
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
