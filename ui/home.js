// The home screen: where the leader stands, the assessment in progress, and the commitments they
// are working on this month.

import { api } from "./api.js";
import { $, showError } from "./dom.js";
import { SELF } from "./labels.js";
import { addToCalendar } from "./reminders.js";
import { commitmentItem, formatDate, formatScore, headlineWords, inlineConfirm, plural } from "./widgets.js";

const DAY_MS = 24 * 60 * 60 * 1000;

const state = {
  app: null, // what main.js hands every screen: go, reloadPeople, flushDrafts, forgetDrafts
  latestId: null, // the latest assessment, for "See the latest result"
  profileId: null, // the person shown, for the first start's name
};

function daysSince(isoDate) {
  const [y, m, d] = isoDate.split("-").map(Number);
  const then = new Date(y, m - 1, d);
  const now = new Date();
  const today = new Date(now.getFullYear(), now.getMonth(), now.getDate());
  return Math.round((today - then) / DAY_MS);
}

/** When the next assessment is due: Rust says whether it is (`due`, the caseload's rule too). */
function dueText(home, isoDate) {
  const days = daysSince(isoDate);
  const cadence = home.cadence_days;
  if (home.due === "overdue") return `${days} days since then: the next assessment is ${plural(Math.max(days - cadence, 1), "day")} overdue.`;
  if (home.due === "due") return "The next assessment is due today.";
  return `Next assessment due in ${plural(Math.max(cadence - days, 1), "day")}.`;
}

function render(home) {
  $("home-eyebrow").textContent = home.unnamed ? "Your bearing" : `${home.profile} · bearing`;
  state.profileId = home.profile_id;
  // The first start asks the leader's name; "Me" is only how the window addresses them.
  $("home-name").hidden = !home.unnamed || Boolean(home.read_only);
  const latest = home.latest;
  state.latestId = latest ? latest.id : null;
  $("home-first").hidden = latest !== null;
  $("home-latest").hidden = latest === null;
  $("home-open-latest").hidden = latest === null;
  if (latest) {
    $("home-latest-date").textContent = `Latest assessment · ${formatDate(latest.date)}`;
    // As sure as the answers allow: the quadrant, leaning towards it, or the centre.
    const words = headlineWords(latest.certainty, latest.headline, latest.quadrant);
    $("home-latest-quadrant").textContent = words.title;
    $("home-latest-position").textContent =
      `Focus ${formatScore(latest.focus)} · Autonomy ${formatScore(latest.autonomy)}${latest.provisional ? " · provisional" : latest.borderline && words.certainty !== "centre" ? " · close to a midline" : ""}`;
    $("home-due").textContent = `${plural(home.count, "assessment")} so far. ${dueText(home, latest.date)}`;
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

/** Discards the leader's unfinished assessment, after the inline confirm. */
async function discardDraft() {
  try {
    await api.discardDraft();
    state.app.forgetDrafts();
    await state.app.go("home");
  } catch (error) {
    showError(`The unfinished assessment was not discarded: ${error.message}`);
  }
}

export const homeScreen = {
  init(app) {
    state.app = app;
    // Home's assessment is the leader's own (its draft is the one Home reports).
    $("home-start").addEventListener("click", () => app.go("questionnaire", { rater: SELF }));
    $("home-calendar").addEventListener("click", () =>
      addToCalendar($("home-calendar"), $("home-calendar-status")));
    $("home-name").addEventListener("submit", async (event) => {
      event.preventDefault();
      try {
        await api.renameProfile(state.profileId, $("home-name-input").value);
        await app.reloadPeople();
        await app.go("home");
      } catch (error) {
        $("home-name-status").textContent = `Not saved: ${error.message}`;
      }
    });
    $("home-open-latest").addEventListener("click", () => {
      if (state.latestId !== null) app.go("result", { id: state.latestId });
    });
    // Discarding asks first, in the page: its answers and notes cannot be brought back.
    inlineConfirm({
      ask: $("home-discard"),
      box: $("home-discard-confirm"),
      yes: $("home-discard-yes"),
      no: $("home-discard-no"),
      confirmed: discardDraft,
    });
  },

  /** `params.data`: Home's data already asked for (at start, beside the rater words). */
  async show(params = {}) {
    render(await (params.data || api.home()));
  },
};
