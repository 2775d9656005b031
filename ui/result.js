// The result screen: quadrant, position on both axes, and the map drawn by Rust.

import { api } from "./api.js";
import { $, el, formatDate, formatScore, showError, showSvg, theme } from "./dom.js";

let shown = null; // the ResultView on screen
let mapKey = null; // what the map image currently shows, so it is only redrawn when that changes

async function drawMap() {
  const key = `${shown.assessment.id}:${theme()}`;
  if (key === mapKey) return;
  const svg = await api.mapSvg(shown.assessment.id, theme());
  showSvg($("result-map"), svg);
  mapKey = key;
}

function render(view) {
  const a = view.assessment;
  $("result-date").textContent = `Your bearing · ${formatDate(a.date)}`;
  $("result-quadrant").textContent = view.quadrant.name;
  $("result-quadrant").dataset.quadrant = a.quadrant;
  $("result-summary").textContent = view.quadrant.summary;
  $("result-description").textContent = view.quadrant.description;
  $("result-focus").textContent = formatScore(a.focus);
  $("result-autonomy").textContent = formatScore(a.autonomy);
  $("result-focus-bar").style.width = `${a.focus}%`;
  $("result-autonomy-bar").style.width = `${a.autonomy}%`;
  const borderline = $("result-borderline");
  borderline.hidden = !a.borderline;
  borderline.textContent = a.borderline
    ? `Close to a midline: you are also near ${view.neighbours.join(" and ")}. A small change next month could tip the quadrant either way.`
    : "";
  renderReport(view.report);
}

/** A statement without its "In the past month" opening, which every statement shares. */
function shortText(text) {
  const rest = text.replace(/^In the past month,?\s*/i, "");
  return rest.charAt(0).toUpperCase() + rest.slice(1);
}

function signed(value) {
  const rounded = Number(value).toFixed(1);
  return value > 0 ? `+${rounded}` : rounded.replace("-", "−");
}

function whyItems(list, id) {
  $(id).replaceChildren(
    ...list.map((c) =>
      el("li", {}, [
        el("span", { className: `points ${c.contribution > 0 ? "up" : "down"}`, text: signed(c.contribution) }),
        el("span", {}, [
          document.createTextNode(shortText(c.text)),
          el("span", { className: "answer-detail", text: `You answered ${c.answer} of 5` }),
        ]),
      ]),
    ),
  );
}

const VERDICTS = {
  up: "a real move up",
  down: "a real move down",
  "within-noise": "within noise",
};

function renderMoved(moved) {
  $("moved-none").hidden = moved !== null;
  $("moved-content").hidden = moved === null;
  if (moved === null) return;
  $("moved-since").textContent = "Since your previous assessment:";
  $("moved-axes").replaceChildren(
    ...[["Focus", moved.focus], ["Autonomy", moved.autonomy]].map(([name, change]) =>
      el("li", { attrs: { "data-axis": name.toLowerCase(), "data-verdict": change.verdict } }, [
        document.createTextNode(`${name} `),
        el("strong", { text: `${formatScore(change.from)} → ${formatScore(change.to)} (${signed(change.delta)})` }),
        document.createTextNode(
          `: ${VERDICTS[change.verdict]}${change.verdict === "within-noise" ? `, smaller than ${formatScore(change.threshold)} points` : ""}`,
        ),
      ]),
    ),
  );
  $("moved-statements-heading").hidden = moved.statements.length === 0;
  $("moved-statements").replaceChildren(
    ...moved.statements.map((s) =>
      el("li", {}, [
        el("span", { className: "points", text: `${s.from} → ${s.to}` }),
        el("span", { text: shortText(s.text) }),
      ]),
    ),
  );
}

function renderSuggestions(suggestions) {
  $("suggestions").replaceChildren(
    ...suggestions.map(({ action, reasons }) =>
      el("li", { className: "card suggestion", attrs: { "data-action": action.id } }, [
        el("h3", { text: action.title }),
        el("p", { text: action.why }),
        el("ul", { className: "reasons" }, reasons.map((r) => el("li", { text: r }))),
        el("details", {}, [
          el("summary", { text: "How to do it" }),
          el("ol", {}, action.steps.map((step) => el("li", { text: step }))),
        ]),
        el("p", { className: "source", text: `Idea: ${action.source}` }),
      ]),
    ),
  );
}

function renderReport(report) {
  const flags = $("result-flags");
  flags.hidden = report.flags.length === 0;
  flags.replaceChildren(...report.flags.map((f) => el("p", { className: "flag", attrs: { "data-flag": f.flag }, text: f.message })));
  whyItems(report.why_here.focus, "why-focus");
  whyItems(report.why_here.autonomy, "why-autonomy");
  renderMoved(report.what_moved);
  renderSuggestions(report.suggestions);
}

export const resultScreen = {
  init({ go }) {
    $("result-history").addEventListener("click", () => go("history"));
    $("result-again").addEventListener("click", () => go("questionnaire"));
  },

  /** Shows `result` (a ResultView) or loads assessment `id`. */
  async show({ result, id }) {
    const view = result || (await api.result(id));
    if (!shown || shown.assessment.id !== view.assessment.id) mapKey = null;
    shown = view;
    render(view);
    await drawMap();
  },

  onThemeChange() {
    if (shown) drawMap().catch((error) => showError(error.message));
  },
};
