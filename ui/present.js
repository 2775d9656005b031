// Presentation mode: the trajectory replayed step by step, large and dark-on-light, for a coach
// and a leader looking at a shared screen. It shows only data that carries no notes (the history
// rows, the home view's open commitments, map charts, and from each step's result only how sure
// its headline is: certainty, nearest quadrants, probabilities, picked out as it arrives) and
// never writes. Leaving it gives back the screen underneath exactly as it was: that screen is
// hidden, never re-rendered.

import { api } from "./api.js";
import { $, clearError, el, showError } from "./dom.js";
import { CHROME, raterName, SELF } from "./labels.js";
import {
  chartAlt, formatDate, formatScore, headlineWords, nearestText, probabilityItems, signed, verdictClass, verdictWords,
} from "./widgets.js";

/** Maps fetched ahead on each side of the step shown, so the arrow keys feel instant. */
const PREFETCH = 2;
/** Maps kept on each side of the step shown; farther ones are released. */
const KEEP = 6;
/** Presentation mode is always dark-on-light, whatever the system theme: see styles.css. */
const CHART_THEME = "light";

const state = {
  perceptions: { pairs: [], trends: [] }, // comparisons with other raters
  active: false, // presentation mode is on the screen
  entry: 0, // counts entries, so an answer that arrives after leaving (or re-entering) is dropped
  steps: [], // the leader's own assessments (history rows), oldest first
  index: -1, // the step shown
  maps: new Map(), // assessment id -> Promise of its map as a decoded <img> (a blob URL)
  measures: new Map(), // assessment id -> Promise of { certainty, headline, probabilities }
  measured: new Map(), // assessment id -> that object, once it has arrived
  mapShown: null, // the assessment id whose map the image shows
  returnTo: null, // { focus, x, y }: where the user was
};

/** Writes text only when it differs, so a step change touches only what changed. */
function setText(node, text) {
  if (node.textContent !== text) node.textContent = text;
}

function isTextField(target) {
  if (!target || !target.tagName) return false;
  if (target.isContentEditable || target.tagName === "TEXTAREA" || target.tagName === "SELECT") return true;
  if (target.tagName !== "INPUT") return false;
  return !["checkbox", "radio", "button", "submit", "reset", "range", "color", "file"].includes(target.type);
}

/**
 * The map up to assessment `id` as an image element, fetched once and decoded before it is shown.
 * A decoded element goes on screen at once: setting `src` on a visible image instead shows it
 * loading for a frame, and WebKit's loading outline can stay behind on screen.
 */
function mapImage(id) {
  let pending = state.maps.get(id);
  if (!pending) {
    pending = api.chartSvg("map", id, CHART_THEME).then(async (svg) => {
      const img = new Image();
      img.src = URL.createObjectURL(new Blob([svg], { type: "image/svg+xml" }));
      img.dataset.id = String(id);
      // A failure to decode shows up as a missing picture; the step's text is there anyway.
      await img.decode().catch(() => {});
      return img;
    });
    pending.catch(() => {
      if (state.maps.get(id) === pending) state.maps.delete(id);
    });
    state.maps.set(id, pending);
  }
  return pending;
}

function release(id) {
  const pending = state.maps.get(id);
  state.maps.delete(id);
  state.measures.delete(id);
  state.measured.delete(id);
  if (pending) pending.then((img) => URL.revokeObjectURL(img.src), () => {});
}

/**
 * How sure step `id`'s headline is: its certainty, headline and quadrant probabilities, which the
 * history row carries (so presentation mode still reads nothing private).
 */
function measure(id) {
  let pending = state.measures.get(id);
  if (!pending) {
    const step = state.steps.find((s) => s.id === id);
    const kept = step
      ? {
        certainty: step.certainty || null,
        headline: step.headline || null,
        probabilities: step.quadrant_probabilities || null,
      }
      : null;
    if (kept) state.measured.set(id, kept);
    pending = kept ? Promise.resolve(kept) : Promise.reject(new Error(`no step ${id}`));
    state.measures.set(id, pending);
  }
  return pending;
}

/** The nearest quadrants of a centre headline and the probabilities, for the step shown. */
function renderMeasure(step, kept) {
  const words = headlineWords(kept ? kept.certainty || step.certainty : step.certainty, kept && kept.headline, step.quadrant);
  $("present-nearest").hidden = words.nearest.length === 0;
  setText($("present-nearest"), nearestText(words.nearest));
  const list = $("present-probabilities");
  list.dataset.id = String(step.id);
  list.hidden = !(kept && kept.probabilities);
  list.replaceChildren(...(kept && kept.probabilities ? probabilityItems(kept.probabilities) : []));
}

async function drawMeasure(step) {
  const kept = state.measured.get(step.id);
  if (kept) {
    renderMeasure(step, kept);
    return;
  }
  // Until it arrives, no other step's figures stay on screen.
  renderMeasure(step, null);
  const token = state.entry;
  try {
    const arrived = await measure(step.id);
    if (token === state.entry && state.steps[state.index] === step) renderMeasure(step, arrived);
  } catch {
    // The headline and the map are there anyway; the probabilities are left out.
  }
}

/** The step's headline as its certainty allows: the quadrant, leaning towards it, or the centre. */
function headlineText(step) {
  if (step.certainty === "centre") return "Centre: no clear quadrant yet";
  if (step.certainty === "leaning") return `Leaning towards ${step.quadrant_name}`;
  return step.quadrant_name;
}

/** "Focus possibly a move, autonomy within noise", or that a provisional step is not counted. */
function verdictText(step) {
  const change = step.change;
  if (!change) return "";
  if (step.provisional) return ": provisional, not counted as change";
  if (!change.focus_verdict || !change.autonomy_verdict) return "";
  return `: focus ${verdictWords(change.focus_verdict)}, autonomy ${verdictWords(change.autonomy_verdict)}`;
}

/** Styles a change by its verdict: real solid, possible lighter, noise (and provisional) faded. */
function styleChange(node, verdict, provisional) {
  node.className = `present-change ${provisional ? "verdict verdict-provisional" : verdict ? verdictClass(verdict) : ""}`.trim();
}

/** Fetches the neighbours of the step shown and lets go of maps far from it. */
function prefetchAround(at) {
  for (let d = 1; d <= PREFETCH; d += 1) {
    for (const i of [at + d, at - d]) {
      if (i >= 0 && i < state.steps.length) {
        mapImage(state.steps[i].id).catch(() => {});
        measure(state.steps[i].id).catch(() => {});
      }
    }
  }
  const near = new Set(state.steps.slice(Math.max(0, at - KEEP), at + KEEP + 1).map((s) => s.id));
  for (const id of new Set([...state.maps.keys(), ...state.measures.keys()])) {
    if (!near.has(id) && id !== state.mapShown) release(id);
  }
}

async function drawMap(step, stepNumber) {
  if (state.mapShown === step.id) return;
  const token = state.entry;
  let img;
  try {
    img = await mapImage(step.id);
  } catch (error) {
    if (token === state.entry && state.steps[state.index] === step) showError(`The map could not be drawn: ${error.message}`);
    return;
  }
  // Moved on (or left) while it loaded: the newer step draws its own map.
  if (token !== state.entry || state.steps[state.index] !== step) return;
  const frame = $("present-map-frame");
  const old = frame.firstElementChild;
  if (old) old.removeAttribute("id");
  img.id = "present-map";
  img.alt = chartAlt(
    `The path on the quadrant map up to ${formatDate(step.date)}, step ${stepNumber} of ${state.steps.length}`,
    step,
    step.change,
  );
  frame.replaceChildren(img);
  const previous = state.mapShown;
  state.mapShown = step.id;
  // A map that fell out of range while it was on screen can go now.
  if (previous !== null && Math.abs(state.steps.findIndex((s) => s.id === previous) - state.index) > KEEP) {
    release(previous);
  }
}

function changeText(delta) {
  if (delta === null) return "";
  return Number(delta.toFixed(1)) === 0 ? "±0.0" : signed(delta);
}

/** Shows step `i` (clamped): the text at once, the map as soon as it is there. */
function showStep(i) {
  if (!state.active || state.steps.length === 0) return;
  const next = Math.max(0, Math.min(state.steps.length - 1, i));
  if (next === state.index) return;
  state.index = next;
  const step = state.steps[state.index];
  const number = state.index + 1;
  const counter = `${number} of ${state.steps.length}`;
  setText($("present-counter"), counter);
  $("present-progress").style.width = `${(number / state.steps.length) * 100}%`;
  const date = $("present-date");
  setText(date, formatDate(step.date));
  date.dataset.date = step.date;
  const quadrant = $("present-quadrant");
  const headline = headlineText(step);
  if (quadrant.textContent !== headline) {
    // "Leaning towards" goes on its own, smaller line above the quadrant's name.
    quadrant.replaceChildren(...(step.certainty === "leaning"
      ? [el("span", { className: "present-lean", text: "Leaning towards " }), document.createTextNode(step.quadrant_name)]
      : [document.createTextNode(headline)]));
  }
  quadrant.dataset.quadrant = step.quadrant;
  quadrant.dataset.certainty = step.certainty || "clear";
  quadrant.classList.toggle("long", (step.certainty === "centre" ? headline : step.quadrant_name).length > 20);
  $("present-provisional").hidden = !step.provisional;
  $("present-borderline").hidden = !step.borderline || step.certainty === "centre";
  setText($("present-focus"), formatScore(step.focus));
  setText($("present-autonomy"), formatScore(step.autonomy));
  const change = step.change;
  setText($("present-focus-change"), changeText(change ? change.focus : null));
  setText($("present-autonomy-change"), changeText(change ? change.autonomy : null));
  styleChange($("present-focus-change"), change && change.focus_verdict, step.provisional);
  styleChange($("present-autonomy-change"), change && change.autonomy_verdict, step.provisional);
  // A change is against the latest earlier step that is not provisional.
  const previous = state.steps.slice(0, state.index).reverse().find((s) => !s.provisional) || null;
  setText(
    $("present-since"),
    change && previous ? `Change since ${formatDate(previous.date)}${verdictText(step)}` : "The first assessment",
  );
  drawMeasure(step);
  $("present-prev").disabled = state.index === 0;
  $("present-next").disabled = state.index === state.steps.length - 1;
  setText(
    $("present-announce"),
    `Step ${counter}: ${formatDate(step.date)}, ${headline}, focus ${formatScore(step.focus)}, autonomy ${formatScore(step.autonomy)}.`,
  );
  renderGap(step);
  drawMap(step, number);
  prefetchAround(state.index);
}

const TREND = {
  closing: "Over time, the views are coming closer.",
  widening: "Over time, the views are moving apart.",
  steady: "Over time, the gap is steady.",
};

/** The other raters' view of the step's period: the latest comparison paired with this step. */
function renderGap(step) {
  const pair = [...state.perceptions.pairs].reverse().find((p) => p.self_id === step.id);
  $("present-gap").hidden = !pair;
  if (!pair) return;
  const who = pair.who || raterName(pair.rater);
  const row = (name, axis) =>
    el("p", { className: "present-gap-row" }, [
      el("span", { text: name }),
      el("strong", { text: `${formatScore(axis.self_position)} → ${formatScore(axis.other_position)}` }),
      el("span", { className: "present-gap-delta", text: changeText(axis.gap) }),
    ]);
  // The trend of the same rater: the one whose series this pair belongs to.
  const rated = state.perceptions.trends.find((t) => t.rater === pair.rater && t.who.toLowerCase() === pair.who.toLowerCase());
  const trend = rated ? TREND[rated.trend] : null;
  $("present-gap-content").replaceChildren(
    el("p", { className: "present-gap-who", text: `${CHROME.leaderShort} → ${pair.who ? who : who.toLowerCase()}, ${formatDate(pair.other_date, "short")}` }),
    row("Focus", pair.focus),
    row("Autonomy", pair.autonomy),
    ...(trend ? [el("p", { className: "present-gap-trend", text: trend })] : []),
  );
}

function renderCommitments(open) {
  $("present-commitments-panel").hidden = open.length === 0;
  // Titles only: the how-to steps are too much for a shared screen.
  $("present-commitments").replaceChildren(...open.map((c) => el("li", { text: c.title })));
}

async function enter() {
  if (state.active) return;
  state.active = true;
  state.entry += 1;
  const token = state.entry;
  const focused = document.activeElement;
  state.returnTo = {
    focus: focused && focused !== document.body ? focused : null,
    x: window.scrollX,
    y: window.scrollY,
  };
  // A message left on screen from before could name someone else: not on a shared screen.
  clearError();
  state.steps = [];
  state.index = -1;
  $("present-body").hidden = true;
  $("present-foot").hidden = true;
  $("present-empty").hidden = true;
  setText($("present-person"), "");
  setText($("present-announce"), "");
  document.documentElement.classList.add("presenting");
  $("present").hidden = false;
  $("present-heading").focus({ preventScroll: true });
  try {
    const [history, home, gaps] = await Promise.all([api.history(), api.home(), api.perceptions()]);
    if (token !== state.entry) return;
    state.perceptions = gaps;
    // The replay is the leader's own path; other raters' views belong to the gap panel.
    state.steps = history.filter((row) => row.rater === SELF).reverse();
    render(home);
  } catch (error) {
    if (token !== state.entry) return;
    leave();
    showError(`Presentation mode could not start: ${error.message}`);
  }
}

function render(home) {
  const empty = state.steps.length === 0;
  $("present-empty").hidden = !empty;
  $("present-body").hidden = empty;
  $("present-foot").hidden = empty;
  // Only this person's name: rows carry the profile they belong to.
  setText($("present-person"), empty ? "" : state.steps[state.steps.length - 1].profile);
  if (empty) {
    $("present-empty-exit").focus({ preventScroll: true });
    return;
  }
  renderCommitments(home.open_commitments);
  // The latest step first: where things stand now, then back through how it got there.
  showStep(state.steps.length - 1);
}

function leave() {
  if (!state.active) return;
  state.active = false;
  state.entry += 1;
  $("present").hidden = true;
  document.documentElement.classList.remove("presenting");
  for (const id of new Set([...state.maps.keys(), ...state.measures.keys()])) release(id);
  $("present-map-frame").replaceChildren();
  $("present-probabilities").replaceChildren();
  state.mapShown = null;
  state.steps = [];
  state.index = -1;
  $("present-commitments").replaceChildren();
  const back = state.returnTo;
  state.returnTo = null;
  window.scrollTo(back.x, back.y);
  if (back.focus && back.focus.isConnected && !back.focus.closest("[hidden]")) {
    back.focus.focus({ preventScroll: true });
  } else {
    const heading = document.querySelector("main .view:not([hidden]) h1");
    if (heading) {
      heading.setAttribute("tabindex", "-1");
      heading.focus({ preventScroll: true });
    }
  }
  // Focusing can scroll in some engines even when asked not to; the position wins.
  window.scrollTo(back.x, back.y);
}

const STEP_KEYS = {
  ArrowLeft: (i) => i - 1,
  ArrowUp: (i) => i - 1,
  PageUp: (i) => i - 1,
  ArrowRight: (i) => i + 1,
  ArrowDown: (i) => i + 1,
  PageDown: (i) => i + 1,
  Home: () => 0,
  End: () => Infinity,
};

export const presentation = {
  init() {
    $("present-open").addEventListener("click", enter);
    $("present-exit").addEventListener("click", leave);
    $("present-empty-exit").addEventListener("click", leave);
    $("present-prev").addEventListener("click", () => showStep(state.index - 1));
    $("present-next").addEventListener("click", () => showStep(state.index + 1));
  },

  /**
   * Sees every key first. Returns true when the key is presentation mode's: `P` outside a text
   * field to enter, and while presenting every key, so the screen underneath never acts on one.
   */
  onKey(event) {
    const plain = !event.altKey && !event.ctrlKey && !event.metaKey;
    if (!state.active) {
      const p = event.key === "p" || event.key === "P";
      if (plain && p && !event.repeat && !isTextField(event.target) && !event.defaultPrevented) {
        event.preventDefault();
        enter();
        return true;
      }
      return false;
    }
    if (!plain) return true;
    if (event.key === "Escape" || event.key === "p" || event.key === "P") {
      // A held key must not flicker in and out.
      if (event.repeat) return true;
      event.preventDefault();
      leave();
    } else if (STEP_KEYS[event.key]) {
      event.preventDefault();
      if (state.steps.length > 0) showStep(STEP_KEYS[event.key](state.index));
    }
    return true;
  },
};
