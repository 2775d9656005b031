// The history screen: past assessments, newest first, beside the map of the whole path.

import { api, writeCount } from "./api.js";
import { $, el, showError, showSvg, theme } from "./dom.js";
import { importPanel } from "./importing.js";
import {
  activatable, busyAction, chartAlt, chartTable, formatDate, formatScore, signed, tableToggle, verdictClass, verdictWords,
} from "./widgets.js";

const state = {
  app: null, // what main.js hands every screen: go, reloadPeople, flushDrafts, forgetDrafts
  mapKey: null, // what the charts currently show, so they are only redrawn when that changes
};

/** The quadrant as the row's certainty allows: named, leaning, or the centre near one. */
function quadrantCell(a) {
  const cell = el("td", { attrs: { "data-certainty": a.certainty || "clear" } });
  if (a.certainty === "centre") {
    cell.append(document.createTextNode("Centre"), el("span", { className: "muted small-inline", text: ` near ${a.quadrant_name}` }));
  } else {
    cell.append(document.createTextNode(a.quadrant_name));
    if (a.certainty === "leaning") cell.append(el("span", { className: "badge", text: "leaning" }));
  }
  if (a.borderline && a.certainty !== "centre") cell.append(el("span", { className: "badge", text: "borderline" }));
  if (a.provisional) cell.append(el("span", { className: "badge badge-provisional", text: "provisional" }));
  return cell;
}

/**
 * A group of peers or direct reports: their pooled view and its spread once three or more
 * answered, else how many more are needed. Nothing of one person's sheet, and nothing to open.
 */
function groupRow(g) {
  const period = g.from === g.to ? formatDate(g.to, "short") : `${formatDate(g.from, "short")} – ${formatDate(g.to, "short")}`;
  const cells = [el("td", { className: "nowrap", text: period }), el("td", { text: g.who })];
  if (g.view) {
    cells.push(
      el("td", { text: g.view.quadrant_name }),
      el("td", { className: "num", text: formatScore(g.view.focus) }),
      el("td", { className: "num", text: formatScore(g.view.autonomy) }),
      el("td", { className: "num muted", text: `spread ±${formatScore(g.view.focus_spread)} / ±${formatScore(g.view.autonomy_spread)}`, attrs: { title: "How far apart the group's people are (standard deviation), focus / autonomy" } }),
      el("td", { className: "muted", text: "pooled view" }),
    );
  } else {
    cells.push(el("td", { className: "muted", attrs: { colspan: "5" }, text: `${g.raters} answered · ${g.needed} more needed before their pooled view is shown` }));
  }
  return el("tr", { className: "group-row", attrs: { "data-group": g.rater, "data-raters": String(g.raters) } }, cells);
}

function row(a) {
  if (a.kind === "group") return groupRow(a);
  const label = `Open ${a.rater === "self" ? "the assessment" : `${a.who}'s view`} of ${formatDate(a.date)}${a.provisional ? " (provisional)" : ""}`;
  const tr = el("tr", {
    className: a.provisional ? "provisional" : "",
    attrs: { tabindex: "0", "data-id": String(a.id), "aria-label": label, ...(a.provisional ? { "data-provisional": "true" } : {}) },
  }, [
    el("td", { className: "nowrap", text: formatDate(a.date, "short") }),
    el("td", { text: a.who }),
    quadrantCell(a),
    el("td", { className: "num", text: formatScore(a.focus) }),
    el("td", { className: "num", text: formatScore(a.autonomy) }),
    changeCell(a.change, a.provisional),
    verdictCell(a.change, a.provisional),
  ]);
  const open = () => state.app.go("result", { id: a.id });
  return activatable(tr, open);
}

/** "+3.2 / −1.0", each number styled by its verdict (a provisional row's are all faded). */
function changeCell(change, provisional) {
  if (!change) return el("td", { className: "num muted", text: "first", attrs: { title: "The first assessment" } });
  const part = (value, verdict) => el("span", {
    className: provisional || !verdict ? "verdict verdict-provisional" : verdictClass(verdict),
    text: signed(value),
  });
  return el("td", {
    className: "num change",
    attrs: { title: `Focus ${signed(change.focus)}, autonomy ${signed(change.autonomy)} since the previous assessment` },
  }, [part(change.focus, change.focus_verdict), document.createTextNode(" / "), part(change.autonomy, change.autonomy_verdict)]);
}

/** What the change amounts to, in words: Rust's verdict per axis, or that it is not counted. */
function verdictCell(change, provisional) {
  const cell = el("td", { className: "verdicts" });
  if (!change) return cell;
  if (provisional) {
    cell.append(el("span", { className: "verdict verdict-provisional", text: "provisional: not counted as change" }));
    return cell;
  }
  if (!change.focus_verdict && !change.autonomy_verdict) return cell;
  for (const [name, verdict] of [["Focus", change.focus_verdict], ["Autonomy", change.autonomy_verdict]]) {
    if (!verdict) continue;
    cell.append(el("span", {
      className: `${verdictClass(verdict)} verdict-line`,
      attrs: { "data-axis": name.toLowerCase(), "data-verdict": verdict },
      text: `${name}: ${verdictWords(verdict)}`,
    }));
  }
  return cell;
}

const TREND_WORDS = {
  closing: "the gap is closing",
  widening: "the gap is widening",
  steady: "the gap is steady (within noise)",
  "not-enough-data": "one comparison so far",
};

/** "focus +8.2 (beyond noise), autonomy −1.0 (within noise)": a gap in the other's favour is +. */
function gapWords(gap, verdicts) {
  const axis = (name, g, v) => `${name} ${signed(g.gap)}${v ? ` (${verdictWords(v.verdict)})` : ""}`;
  return `${axis("focus", gap.focus, verdicts && verdicts.focus)}, ${axis("autonomy", gap.autonomy, verdicts && verdicts.autonomy)}`;
}

/**
 * How others see the leader, in their voice: the latest comparison with each coach or manager,
 * and each kind of group (pooled, or how many more are needed). Rust withheld what must not show.
 */
function renderOthers(seen) {
  const items = [];
  for (const trend of seen.trends) {
    const pair = seen.pairs.find((p) => p.other_id === trend.latest_id);
    if (!pair) continue;
    items.push(el("li", { attrs: { "data-rater": pair.rater } }, [
      el("strong", { text: `${pair.who}, ${formatDate(pair.other_date, "short")}` }),
      document.createTextNode(` against yours of ${formatDate(pair.self_date, "short")}: ${gapWords(pair, pair.verdicts)}; ${TREND_WORDS[trend.trend] || trend.trend}.`),
    ]));
  }
  for (const g of seen.groups) {
    const li = el("li", { attrs: { "data-group": g.rater, "data-raters": String(g.raters) } });
    if (!g.view) {
      li.append(el("strong", { text: g.who }), document.createTextNode(`: ${g.raters} answered; ${g.needed} more needed before their pooled view is shown.`));
    } else {
      const where = `see you in ${g.view.quadrant_name} (focus ${formatScore(g.view.focus)} ±${formatScore(g.view.focus_spread)}, autonomy ${formatScore(g.view.autonomy)} ±${formatScore(g.view.autonomy_spread)})`;
      const against = g.gap ? `; against yours of ${formatDate(g.self_date, "short")}: ${gapWords(g.gap, g.verdicts)}` : "";
      li.append(el("strong", { text: `Your ${g.who.toLowerCase()}` }), document.createTextNode(` ${where}${against}.`));
    }
    items.push(li);
  }
  $("others-list").replaceChildren(...items);
  $("history-others").hidden = items.length === 0;
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

/** Each chart's text alternative: an alt with the latest position and change, and its table. */
function describeCharts(items) {
  const latest = items[0];
  $("history-map").alt = chartAlt("Your positions over time on the quadrant map", latest, latest.change);
  $("history-timeline").alt = chartAlt("Focus and autonomy over time, with your commitments", latest, latest.change);
  $("history-map-table").replaceChildren(chartTable(items, "The positions on the map, oldest first"));
  $("history-timeline-table").replaceChildren(chartTable(items, "Focus and autonomy over time, oldest first"));
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
    importPanel.init(async () => {
      await app.reloadPeople();
      await historyScreen.show();
    });
    $("export-csv").addEventListener("click", () => exportWith($("export-csv"), api.exportHistoryCsv));
    $("export-json").addEventListener("click", () =>
      exportWith($("export-json"), () => api.exportHistoryJson($("export-notes").checked)));
    $("export-report").addEventListener("click", () =>
      exportWith($("export-report"), () =>
        api.exportSessionReport($("report-notes").checked, $("report-paper").value)));
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
    tableToggle($("history-map-table-toggle"), $("history-map-table"));
    tableToggle($("history-timeline-table-toggle"), $("history-timeline-table"));
  },

  async show() {
    const [items, seen] = await Promise.all([api.history(), api.perceptions()]);
    renderOthers(seen);
    $("history-empty").hidden = items.length > 0;
    $("history-content").hidden = items.length === 0;
    // Import is offered even before the first assessment (a history from another computer).
    $("export-chart-group").hidden = items.length === 0;
    $("export-data").hidden = items.length === 0;
    $("history-rows").replaceChildren(...items.map(row));
    // The charts are the leader's own trail: their alt and tables say only that.
    const own = items.filter((a) => a.kind !== "group" && a.rater === "self");
    if (own.length === 0) return;
    describeCharts(own);
    await drawMap(items.filter((a) => a.kind !== "group").map((a) => a.id));
  },

  onThemeChange() {
    const ids = [...$("history-rows").children].filter((tr) => tr.dataset.id).map((tr) => Number(tr.dataset.id));
    if (ids.length > 0) drawMap(ids).catch((error) => showError(error.message));
  },
};
