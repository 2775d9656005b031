// The first step of an assessment with open commitments: how each went (done, partly, not
// started), with an optional private note and the action's "done when" line. The answers live in
// the questionnaire's draft; this only draws them and reports changes.

import { $, el } from "./dom.js";
import { doneWhen, formatDate } from "./widgets.js";

const STATUSES = [
  ["done", "Done"],
  ["partly", "Partly"],
  ["not-started", "Not started"],
];

/** Whether every open commitment has a status. */
export function allReviewed(open, reviews) {
  return open.every((c) => reviews[c.action_id] && reviews[c.action_id].status);
}

/**
 * Draws the open commitments to review. `reviews` (action id → { status, note }) is changed in
 * place; `changed("status")` or `changed("note")` follows each change.
 */
export function buildReviewList(open, reviews, changed) {
  $("q-review-intro").textContent = open.length === 0 ? "" :
    `You chose ${open.length === 1 ? "this action" : "these actions"} after your assessment of ${formatDate(open[0].committed_on)}. Say how each went; it is kept with your history.`;
  $("q-review-list").replaceChildren(...open.map((c) => {
    const review = reviews[c.action_id];
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
        reviews[c.action_id].status = status;
        changed("status");
      });
      return button;
    }));
    const note = el("textarea", {
      className: "review-note",
      attrs: { rows: "2", maxlength: "4000", placeholder: "What happened? (optional, private)", "aria-label": `Note on "${c.title}"` },
    });
    note.value = review.note || "";
    note.addEventListener("input", () => {
      reviews[c.action_id].note = note.value;
      changed("note");
    });
    return el("li", { className: "review-item", attrs: { "data-action": c.action_id } }, [
      el("h3", { className: "review-title", text: c.title }),
      ...doneWhen(c.action),
      group,
      note,
    ]);
  }));
}

/** Marks each commitment's chosen status and says how many are left. */
export function renderReview(open, reviews) {
  for (const li of $("q-review-list").children) {
    const status = reviews[li.dataset.action].status;
    for (const b of li.querySelectorAll(".status-option")) b.setAttribute("aria-checked", String(b.dataset.status === status));
  }
  const missing = open.filter((c) => !reviews[c.action_id].status).length;
  $("q-review-continue").disabled = missing > 0;
  $("q-review-status").textContent = missing === 0 ? "Thank you." : `${missing} to go.`;
}
