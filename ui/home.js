// The home screen: where the leader stands, the assessment in progress, and the commitments they
// are working on this month.

import { api } from "./api.js";
import { $, el, formatDate, formatScore, showError } from "./dom.js";
import { forgetProgress } from "./questionnaire.js";
import { SELF } from "./labels.js";

const DAY_MS = 24 * 60 * 60 * 1000;

let navigate = null;
let latestId = null;

function daysSince(isoDate) {
  const [y, m, d] = isoDate.split("-").map(Number);
  const then = new Date(y, m - 1, d);
  const now = new Date();
  const today = new Date(now.getFullYear(), now.getMonth(), now.getDate());
  return Math.round((today - then) / DAY_MS);
}

/** When the next assessment is due, from the latest one and the person's rhythm. */
function dueText(isoDate, cadence) {
  const days = daysSince(isoDate);
  if (days > cadence) return `${days} days since then: the next assessment is ${days - cadence} day${days - cadence === 1 ? "" : "s"} overdue.`;
  if (days === cadence) return "The next assessment is due today.";
  const left = cadence - days;
  return `Next assessment due in ${left} day${left === 1 ? "" : "s"}.`;
}

/** One commitment with its action's steps; shared with the result screen. */
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

export function statusLabel(status) {
  return { done: "Done", partly: "Partly", "not-started": "Not started" }[status] || status;
}

function render(home) {
  $("home-eyebrow").textContent = home.profile === "Me" ? "Your bearing" : `${home.profile} · bearing`;
  const latest = home.latest;
  latestId = latest ? latest.id : null;
  $("home-first").hidden = latest !== null;
  $("home-latest").hidden = latest === null;
  $("home-open-latest").hidden = latest === null;
  if (latest) {
    $("home-latest-date").textContent = `Latest assessment · ${formatDate(latest.date)}`;
    $("home-latest-quadrant").textContent = latest.quadrant_name;
    $("home-latest-position").textContent =
      `Focus ${formatScore(latest.focus)} · Autonomy ${formatScore(latest.autonomy)}${latest.borderline ? " · close to a midline" : ""}`;
    $("home-due").textContent = `${home.count} assessment${home.count === 1 ? "" : "s"} so far. ${dueText(latest.date, home.cadence_days)}`;
  }
  // A read-only history can be looked at but not changed: say so on every screen, once, and
  // do not offer to start what cannot be saved.
  const banner = $("read-only");
  banner.hidden = !home.read_only;
  banner.textContent = home.read_only || "";
  $("home-start").disabled = Boolean(home.read_only);
  $("home-discard").disabled = Boolean(home.read_only);
  const draft = home.draft;
  $("home-draft").hidden = !draft;
  $("home-discard").hidden = !draft;
  $("home-discard-confirm").hidden = true;
  if (draft) {
    $("home-draft").textContent = `You have an unfinished assessment: ${draft.answered} of ${draft.total} statements answered. It is kept until you finish or discard it.`;
    $("home-start").textContent = "Continue the assessment";
  } else {
    $("home-start").textContent = latest ? "Start this month's assessment" : "Take your first assessment";
  }
  const open = home.open_commitments;
  $("home-commitments-none").hidden = open.length > 0;
  $("home-commitments-none").textContent = latest
    ? "None open. After your next result, pick one to three actions to work on for the month ahead."
    : "After your first result, you pick one to three actions to work on. They show here until your next assessment asks how they went.";
  $("home-commitments").replaceChildren(...open.map((c) => commitmentItem(c)));
}

export const homeScreen = {
  init({ go }) {
    navigate = go;
    // Home's assessment is the leader's own (its draft is the one Home reports).
    $("home-start").addEventListener("click", () => go("questionnaire", { rater: SELF }));
    $("home-open-latest").addEventListener("click", () => {
      if (latestId !== null) go("result", { id: latestId });
    });
    // Discarding asks first, in the page: its answers and notes cannot be brought back.
    $("home-discard").addEventListener("click", () => {
      $("home-discard-confirm").hidden = false;
      $("home-discard").hidden = true;
      $("home-discard-yes").focus();
    });
    $("home-discard-no").addEventListener("click", () => {
      $("home-discard-confirm").hidden = true;
      $("home-discard").hidden = false;
      $("home-discard").focus();
    });
    $("home-discard-yes").addEventListener("click", async () => {
      try {
        await api.discardDraft();
        forgetProgress();
        await navigate("home");
      } catch (error) {
        showError(`The unfinished assessment was not discarded: ${error.message}`);
      }
    });
  },

  async show() {
    render(await api.home());
  },
};
