// The history screen: past assessments, newest first, beside the map of the whole path.

import { api, writeCount } from "./api.js";
import { $, el, showError, showSvg, theme } from "./dom.js";
import { busyAction, formatDate, formatScore, signed } from "./widgets.js";

const state = {
  app: null, // what main.js hands every screen: go, reloadPeople, flushDrafts, forgetDrafts
  mapKey: null, // what the charts currently show, so they are only redrawn when that changes
};

function row(a) {
  const quadrant = el("td", {}, [document.createTextNode(a.quadrant_name)]);
  if (a.borderline) quadrant.append(el("span", { className: "badge", text: "borderline" }));
  const tr = el("tr", { attrs: { tabindex: "0", "data-id": String(a.id), "aria-label": `Open the assessment of ${formatDate(a.date)}` } }, [
    el("td", { className: "nowrap", text: formatDate(a.date, "short") }),
    quadrant,
    el("td", { className: "num", text: formatScore(a.focus) }),
    el("td", { className: "num", text: formatScore(a.autonomy) }),
    changeCell(a.change),
  ]);
  const open = () => state.app.go("result", { id: a.id });
  tr.addEventListener("click", open);
  tr.addEventListener("keydown", (event) => {
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      open();
    }
  });
  return tr;
}

function changeCell(change) {
  if (!change) return el("td", { className: "num muted", text: "first", attrs: { title: "The first assessment" } });
  return el("td", {
    className: "num change",
    text: `${signed(change.focus)} / ${signed(change.autonomy)}`,
    attrs: { title: `Focus ${signed(change.focus)}, autonomy ${signed(change.autonomy)} since the previous assessment` },
  });
}

/** Redraws the charts only when the assessments, the theme or anything they show (a write) changed. */
async function drawMap(ids) {
  const key = `${ids.join(",")}:${theme()}:${writeCount()}`;
  if (key === state.mapKey) return;
  const [map, timeline] = await Promise.all([
    api.chartSvg("map", null, theme()),
    api.chartSvg("timeline", null, theme()),
  ]);
  showSvg($("history-map"), map);
  showSvg($("history-timeline"), timeline);
  state.mapKey = key;
}

/** Runs an export; the dialog is Rust's, so this only reports where the file went. */
function exportWith(button, run) {
  return busyAction(button, $("export-status"), run, {
    done: (saved) => (saved.path ? `Saved to ${saved.path}` : "Nothing saved."),
    failed: "Nothing was saved: ",
  });
}

export const historyScreen = {
  init(app) {
    state.app = app;
    $("export-csv").addEventListener("click", () => exportWith($("export-csv"), api.exportHistoryCsv));
    $("export-json").addEventListener("click", () =>
      exportWith($("export-json"), () => api.exportHistoryJson($("export-notes").checked)));
    $("export-chart").addEventListener("click", () =>
      exportWith($("export-chart"), () => api.exportChart({
        kind: $("export-kind").value,
        format: $("export-format").value,
        scale: Number($("export-scale").value),
        transparent: $("export-transparent").checked,
        theme: "light",
      })));
    $("export-format").addEventListener("change", () => {
      $("export-scale").disabled = $("export-format").value === "svg";
    });
    $("history-start").addEventListener("click", () => app.go("questionnaire"));
  },

  async show() {
    const items = await api.history();
    $("history-empty").hidden = items.length > 0;
    $("history-content").hidden = items.length === 0;
    $("history-export").hidden = items.length === 0;
    $("history-rows").replaceChildren(...items.map(row));
    if (items.length > 0) await drawMap(items.map((a) => a.id));
  },

  onThemeChange() {
    const ids = [...$("history-rows").children].map((tr) => Number(tr.dataset.id));
    if (ids.length > 0) drawMap(ids).catch((error) => showError(error.message));
  },
};
