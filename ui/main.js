// Start-up and navigation between the screens. This is the only module that knows every screen:
// what one screen needs from another (reloading the people, settling the drafts) it gets from
// the `app` handed to its `init`, so no screen imports another.

import { api } from "./api.js";
import { $, clearError, showError } from "./dom.js";
import { loadLabels } from "./labels.js";
import { homeScreen } from "./home.js";
import { loadPeople, peopleScreen } from "./people.js";
import { presentation } from "./present.js";
import { exchange } from "./exchange.js";
import { followOpenedLink } from "./reminders.js";

// Home, People (the switcher) and what is always on come with the page. Every other screen is
// fetched once the first screen is up, or when it is first shown if that is sooner, so the window
// has half the files to fetch before it shows anything (`index.html` preloads only these).
const later = {
  questionnaire: () =>
    import("./questionnaire.js").then((module) => {
      drafts = module;
      return module.questionnaireScreen;
    }),
  result: () => import("./result.js").then((module) => module.resultScreen),
  history: () => import("./history.js").then((module) => module.historyScreen),
  caseload: () => import("./caseload.js").then((module) => module.caseloadScreen),
  rate: () => import("./rate.js").then((module) => module.rateScreen),
  about: () => import("./about.js").then((module) => module.aboutScreen),
  reliability: () => import("./reliability.js").then((module) => module.reliabilityScreen),
  recovery: () => import("./recovery.js").then((module) => module.recoveryScreen),
};

/** Every screen by name, once loaded and set up. */
const screens = { home: homeScreen, people: peopleScreen };
const views = [...Object.keys(screens), ...Object.keys(later)];
/** The questionnaire module, once loaded: it holds the drafts being saved. */
let drafts = null;
const loading = {};

/** The screen called `name`, loaded and set up on first use; `null` for no such screen. */
function screenNamed(name) {
  if (screens[name]) return Promise.resolve(screens[name]);
  if (!later[name]) return Promise.resolve(null);
  loading[name] ||= later[name]().then((screen) => {
    if (screen.init) screen.init(app);
    screens[name] = screen;
    return screen;
  });
  return loading[name];
}

const state = {
  name: null, // the screen shown (its screen is `screens[state.name]`)
  turn: 0, // the latest `go`: an earlier one still loading its screen gives way
};

// The moments of start-up, in milliseconds since the epoch (the clock the backend's phases use):
// handed over with the first-screen signal, which only `.ci/perf` reads.
const marks = { script: performance.timeOrigin + performance.now() };
const mark = (name) => {
  marks[name] = performance.timeOrigin + performance.now();
};
function navigationMarks() {
  const [page] = performance.getEntriesByType("navigation");
  marks.navigation = performance.timeOrigin;
  if (page) {
    marks.html = performance.timeOrigin + page.responseEnd;
    const [modules] = performance.getEntriesByName("modules");
    if (modules) marks.modules = performance.timeOrigin + modules.startTime;
    if (page.domContentLoadedEventStart > 0) {
      marks["dom-ready"] = performance.timeOrigin + page.domContentLoadedEventStart;
    }
  }
  return marks;
}

/** What screens may ask of each other, through here. */
const app = {
  go,
  /** Reads the people again, for the switcher (after a restore, say). */
  reloadPeople: loadPeople,
  /** Waits until every draft save under way has landed (before the person shown changes). */
  flushDrafts: () => (drafts ? drafts.flushPending() : Promise.resolve()),
  /** Drops the assessment in progress from memory, so the next visit reads the database again. */
  forgetDrafts: () => {
    if (drafts) drafts.forgetProgress();
  },
};

/**
 * A failure that is not the screen's own to explain. A damaged history was set aside when
 * Bearing opened it: the recovery screen offers the way back instead of an error. Returns whether
 * it was handled here.
 */
function handledByApp(error) {
  if (error.code !== "damaged") return false;
  if (state.name !== "recovery") go("recovery");
  return true;
}

/** Shows one screen; `params` go to its `show`. */
export async function go(name, params = {}) {
  const turn = ++state.turn;
  let screen;
  try {
    screen = await screenNamed(name);
  } catch (error) {
    showError(`Bearing could not open this screen: ${error.message}`);
    return;
  }
  if (!screen || turn !== state.turn) return;
  clearError();
  const leaving = screens[state.name];
  if (leaving && leaving !== screen && leaving.hide) leaving.hide();
  for (const key of views) $(`view-${key}`).hidden = key !== name;
  for (const link of document.querySelectorAll(".nav-link")) {
    const active = link.dataset.view === name
      || (name === "result" && link.dataset.view === "history")
      || (name === "rate" && link.dataset.view === "people");
    if (active) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  state.name = name;
  const focused = document.activeElement;
  try {
    await screen.show(params);
  } catch (error) {
    if (name !== "recovery" && handledByApp(error)) return;
    showError(error.message);
  }
  // A later `go` took over while this screen loaded its data: focus and scroll are its own.
  if (turn !== state.turn) return;
  const view = $(`view-${name}`);
  // Someone who already moved into the screen (typing into its form) keeps their place.
  if (document.activeElement !== focused && view.contains(document.activeElement)) return;
  const heading = view.querySelector("h1");
  if (heading && !params.keepFocus) {
    heading.setAttribute("tabindex", "-1");
    heading.focus({ preventScroll: true });
  }
  window.scrollTo(0, 0);
}

async function init() {
  mark("init");
  // Home's data is asked for at once, beside the rater words, and shown once both are in (a
  // failure is reported by Home, as when it asks itself).
  const firstHome = api.home();
  firstHome.catch(() => {});
  // The rater words come first: screens build their choices of rater from them. Without them
  // Bearing still works, naming raters by their kind, and says why once the first screen is up.
  const labelsFailed = await loadLabels().then(() => null, (error) => error);
  mark("labels");
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
    const shown = screens[state.name];
    if (shown && shown.onKey && !event.defaultPrevented) shown.onKey(event);
  });
  window.matchMedia("(prefers-color-scheme: dark)").addEventListener("change", () => {
    const shown = screens[state.name];
    if (shown && shown.onThemeChange) shown.onThemeChange();
  });
  // A link from a calendar reminder, handed to this window while it runs (see reminders.rs).
  window.addEventListener("bearing-link", () => {
    followOpenedLink(app).catch((error) => {
      if (!handledByApp(error)) showError(error.message);
    });
  });
  // Once the first screen shows its data, say so (only `.ci/perf` listens, to time start-up).
  go("home", { keepFocus: true, data: firstHome })
    .then(() => {
      if (labelsFailed && !handledByApp(labelsFailed)) {
        showError(`Bearing could not load the names of who answers: ${labelsFailed.message}`);
      }
      mark("home");
      // The other screens now, in the background: loaded before anyone reaches for them.
      for (const name of Object.keys(later)) screenNamed(name).catch(() => {});
      return api.firstScreenReady(navigationMarks());
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
