// Start-up and navigation between the screens. This is the only module that knows every screen:
// what one screen needs from another (reloading the people, settling the drafts) it gets from
// the `app` handed to its `init`, so no screen imports another.

import { api } from "./api.js";
import { $, clearError, showError } from "./dom.js";
import { loadLabels } from "./labels.js";
import { homeScreen } from "./home.js";
import { flushPending, forgetProgress, questionnaireScreen } from "./questionnaire.js";
import { resultScreen } from "./result.js";
import { historyScreen } from "./history.js";
import { caseloadScreen } from "./caseload.js";
import { aboutScreen } from "./about.js";
import { reliabilityScreen } from "./reliability.js";
import { recoveryScreen } from "./recovery.js";
import { loadPeople, peopleScreen } from "./people.js";
import { presentation } from "./present.js";
import { rateScreen } from "./rate.js";
import { exchange } from "./exchange.js";
import { followOpenedLink } from "./reminders.js";

const screens = {
  home: homeScreen,
  questionnaire: questionnaireScreen,
  result: resultScreen,
  history: historyScreen,
  caseload: caseloadScreen,
  people: peopleScreen,
  rate: rateScreen,
  about: aboutScreen,
  reliability: reliabilityScreen,
  recovery: recoveryScreen,
};

const state = {
  current: null, // the screen shown
};

/** What screens may ask of each other, through here. */
const app = {
  go,
  /** Reads the people again, for the switcher (after a restore, say). */
  reloadPeople: loadPeople,
  /** Waits until every draft save under way has landed (before the person shown changes). */
  flushDrafts: flushPending,
  /** Drops the assessment in progress from memory, so the next visit reads the database again. */
  forgetDrafts: forgetProgress,
};

/**
 * A failure that is not the screen's own to explain. A damaged history was set aside when
 * Bearing opened it: the recovery screen offers the way back instead of an error. Returns whether
 * it was handled here.
 */
function handledByApp(error) {
  if (error.code !== "damaged") return false;
  if (state.current !== screens.recovery) go("recovery");
  return true;
}

/** Shows one screen; `params` go to its `show`. */
export async function go(name, params = {}) {
  const screen = screens[name];
  if (!screen) return;
  clearError();
  if (state.current && state.current !== screen && state.current.hide) state.current.hide();
  for (const key of Object.keys(screens)) $(`view-${key}`).hidden = key !== name;
  for (const link of document.querySelectorAll(".nav-link")) {
    const active = link.dataset.view === name
      || (name === "result" && link.dataset.view === "history")
      || (name === "rate" && link.dataset.view === "people");
    if (active) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  state.current = screen;
  try {
    await screen.show(params);
  } catch (error) {
    if (name !== "recovery" && handledByApp(error)) return;
    showError(error.message);
  }
  const heading = $(`view-${name}`).querySelector("h1");
  if (heading && !params.keepFocus) {
    heading.setAttribute("tabindex", "-1");
    heading.focus({ preventScroll: true });
  }
  window.scrollTo(0, 0);
}

async function init() {
  // The rater words come first: screens build their choices of rater from them. Without them
  // Bearing still works, naming raters by their kind, and says why once the first screen is up.
  const labelsFailed = await loadLabels().then(() => null, (error) => error);
  for (const key of Object.keys(screens)) {
    if (screens[key].init) screens[key].init(app);
  }
  for (const link of document.querySelectorAll(".nav-link")) {
    link.addEventListener("click", () => go(link.dataset.view));
  }
  presentation.init();
  $("error-dismiss").addEventListener("click", clearError);
  document.addEventListener("keydown", (event) => {
    // Presentation mode sees keys first: P enters it, and while it is on the screen underneath
    // gets none.
    if (presentation.onKey(event)) return;
    if (state.current && state.current.onKey && !event.defaultPrevented) state.current.onKey(event);
  });
  window.matchMedia("(prefers-color-scheme: dark)").addEventListener("change", () => {
    if (state.current && state.current.onThemeChange) state.current.onThemeChange();
  });
  // A link from a calendar reminder, handed to this window while it runs (see reminders.rs).
  window.addEventListener("bearing-link", () => {
    followOpenedLink(app).catch((error) => {
      if (!handledByApp(error)) showError(error.message);
    });
  });
  // Once the first screen shows its data, say so (only `.ci/perf` listens, to time start-up).
  go("home", { keepFocus: true })
    .then(() => {
      if (labelsFailed && !handledByApp(labelsFailed)) {
        showError(`Bearing could not load the names of who answers: ${labelsFailed.message}`);
      }
      return api.firstScreenReady();
    })
    // Then the link Bearing was opened with, if any: Home was shown first, so its message has
    // a place, and a questionnaire opened from a link replaces it.
    .then(() => followOpenedLink(app))
    .catch((error) => {
      if (error && !handledByApp(error)) showError(error.message);
    });
  // Exchange folders: read and written at start and every few minutes (nothing without a link).
  exchange.start(app);
  // The switcher is not needed for the first screen, so it loads after it.
  loadPeople().catch((error) => {
    if (!handledByApp(error)) showError(error.message);
  });
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
else init();
