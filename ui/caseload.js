// The caseload screen: every active person on one map, with a table beside it that sorts by any
// column and opens a person. "Initials" replaces names on the map and in the table (Rust does the
// replacing, so nothing here ever holds a name while it is on).

import { api, writeCount } from "./api.js";
import { $, el, showError, showSvg, theme } from "./dom.js";
import { raterName } from "./labels.js";
import { activatable, formatDate, signed, verdictClass, verdictWords } from "./widgets.js";

const state = {
  app: null, // what main.js hands every screen: go, reloadPeople, flushDrafts, forgetDrafts
  caseload: null, // the last Caseload from Rust
  initials: false,
  sort: { key: "name", ascending: true },
  mapKey: null, // what the map currently shows, so it is only redrawn when that changes
};

const DUE_ORDER = { overdue: 0, due: 1, ok: 2, never: 3 };
const DUE_WORDS = { overdue: "Overdue", due: "Due today", ok: "Not yet", never: "Never assessed" };

/** The largest gap on either axis, for sorting; none sorts last. */
function gapSize(row) {
  const gap = row.latest_gap;
  return gap ? Math.max(Math.abs(gap.focus), Math.abs(gap.autonomy)) : -1;
}

/** Each column's sort value: strings compare as words, numbers as numbers. */
const SORT_VALUES = {
  name: (row) => row.name,
  quadrant: (row) => (row.latest ? row.latest.quadrant_name : "\uffff"),
  last: (row) => row.last_assessed || "",
  due: (row) => DUE_ORDER[row.due] ?? 9,
  commitments: (row) => row.open_commitments,
  gap: gapSize,
};

function sortedRows() {
  const { key, ascending } = state.sort;
  const value = SORT_VALUES[key];
  const byName = (a, b) => a.name.localeCompare(b.name);
  return [...state.caseload.people].sort((a, b) => {
    const [x, y] = [value(a), value(b)];
    const order = typeof x === "number" ? x - y : String(x).localeCompare(String(y));
    return (ascending ? order : -order) || byName(a, b);
  });
}

function quadrantCell(row) {
  const cell = el("td");
  if (!row.latest) {
    cell.append(el("span", { className: "muted", text: "Not assessed yet" }));
    return cell;
  }
  cell.append(document.createTextNode(row.latest.quadrant_name));
  if (row.change) {
    const words = row.change.within_noise ? "no reliable move" : "moved reliably";
    cell.append(el("span", {
      className: row.change.within_noise ? "verdict verdict-within-noise caseload-move" : "verdict verdict-reliable caseload-move",
      text: words,
      attrs: { title: `Focus ${signed(row.change.focus)}, autonomy ${signed(row.change.autonomy)} since the assessment before` },
    }));
  }
  return cell;
}

function dueCell(row) {
  const cell = el("td", { attrs: { "data-due": row.due } });
  cell.append(el("span", { className: `due due-${row.due}`, text: DUE_WORDS[row.due] || row.due }));
  if (row.next_due && row.due !== "due") {
    cell.append(el("span", { className: "muted due-date", text: formatDate(row.next_due, "short") }));
  }
  return cell;
}

function gapCell(row) {
  const cell = el("td", { className: "verdicts" });
  const gap = row.latest_gap;
  if (!gap) {
    cell.append(el("span", { className: "muted", text: "None" }));
    return cell;
  }
  cell.append(el("span", { className: "verdict-line", text: `${raterName(gap.rater)}, ${formatDate(gap.date, "short")}` }));
  for (const [name, value, verdict] of [["Focus", gap.focus, gap.focus_verdict], ["Autonomy", gap.autonomy, gap.autonomy_verdict]]) {
    cell.append(el("span", {
      className: `${verdictClass(verdict)} verdict-line`,
      text: `${name} ${signed(value)}: ${verdictWords(verdict)}`,
    }));
  }
  return cell;
}

function tableRow(row) {
  const tr = el("tr", {
    attrs: { tabindex: "0", "data-id": String(row.profile_id), "aria-label": `Open ${row.name}` },
  }, [
    el("th", { attrs: { scope: "row" }, text: row.name }),
    quadrantCell(row),
    el("td", { className: "nowrap", text: row.last_assessed ? formatDate(row.last_assessed, "short") : "Never" }),
    dueCell(row),
    el("td", { className: "num", text: String(row.open_commitments) }),
    gapCell(row),
  ]);
  const open = () => openPerson(row.profile_id).catch((e) => showError(e.message));
  return activatable(tr, open);
}

/** Shows that person from now on, on their Home. */
async function openPerson(id) {
  await state.app.flushDrafts();
  await api.switchProfile(id);
  state.app.forgetDrafts();
  await state.app.reloadPeople();
  await state.app.go("home");
}

function renderTable() {
  $("caseload-rows").replaceChildren(...sortedRows().map(tableRow));
  for (const button of document.querySelectorAll("#caseload-table .sort")) {
    const th = button.closest("th");
    const sorted = button.dataset.sort === state.sort.key;
    th.setAttribute("aria-sort", sorted ? (state.sort.ascending ? "ascending" : "descending") : "none");
  }
  const people = state.caseload.people;
  const assessed = people.filter((p) => p.latest).length;
  const due = people.filter((p) => p.due === "due" || p.due === "overdue").length;
  $("caseload-summary").textContent =
    `${people.length} ${people.length === 1 ? "person" : "people"}, ${assessed} assessed, ${due} due or overdue.`;
}

function renderToggle() {
  $("caseload-names").setAttribute("aria-pressed", String(!state.initials));
  $("caseload-initials").setAttribute("aria-pressed", String(state.initials));
}

async function drawMap() {
  const key = `${state.initials}:${theme()}:${writeCount()}`;
  if (key === state.mapKey) return;
  const chart = await api.caseloadChart({ initials: state.initials, theme: theme() });
  showSvg($("caseload-map"), chart.svg);
  $("caseload-map").alt = chart.alt;
  state.mapKey = key;
}

async function load() {
  const [caseload] = await Promise.all([api.caseload(state.initials), drawMap()]);
  state.caseload = caseload;
  renderToggle();
  renderTable();
}

async function setInitials(initials) {
  if (state.initials === initials) return;
  state.initials = initials;
  await load();
}

export const caseloadScreen = {
  init(app) {
    state.app = app;
    $("caseload-names").addEventListener("click", () => setInitials(false).catch((e) => showError(e.message)));
    $("caseload-initials").addEventListener("click", () => setInitials(true).catch((e) => showError(e.message)));
    for (const button of document.querySelectorAll("#caseload-table .sort")) {
      button.addEventListener("click", () => {
        const key = button.dataset.sort;
        state.sort = { key, ascending: state.sort.key === key ? !state.sort.ascending : true };
        renderTable();
      });
    }
  },

  async show() {
    await load();
  },

  onThemeChange() {
    drawMap().catch(() => {});
  },
};
