// The result screen: quadrant, position on both axes, and the map drawn by Rust.

import { api } from "./api.js";
import { $, formatDate, formatScore, showError, showSvg, theme } from "./dom.js";

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
