// The People screen and the switcher in the top bar: several leaders in one Bearing.

import { api } from "./api.js";
import { $, el, showError } from "./dom.js";
import { otherRaterKinds, raterNoun, raterPossessive } from "./labels.js";
import { busyAction } from "./widgets.js";
import { renderLinks } from "./exchange.js";
import { addToCalendarFromRow } from "./reminders.js";

const RHYTHMS = [
  [7, "Weekly"],
  [14, "Every two weeks"],
  [30, "Monthly"],
  [42, "Every six weeks"],
  [91, "Quarterly"],
];

const state = {
  app: null, // what main.js hands every screen: go, reloadPeople, flushDrafts, forgetDrafts
  view: null, // the last ProfilesView
};

/** Runs a change, then shows its result; the person shown may have changed. */
async function change(run, { goHome = false } = {}) {
  try {
    // Draft saves under way belong to the person shown now: let them land first.
    await state.app.flushDrafts();
    const before = state.view ? state.view.current : null;
    state.view = await run();
    renderSwitcher();
    if (state.view.current !== before) state.app.forgetDrafts();
    if (goHome) await state.app.go("home");
    else renderList();
  } catch (error) {
    renderSwitcher();
    showError(error.message);
  }
}

function cadenceSelect(p) {
  const select = el("select", { attrs: { "aria-label": `How often ${p.name} takes an assessment` } });
  const options = RHYTHMS.some(([days]) => days === p.cadence_days)
    ? RHYTHMS
    : [...RHYTHMS, [p.cadence_days, `Every ${p.cadence_days} days`]];
  for (const [days, label] of options) {
    const option = el("option", { text: label, attrs: { value: String(days) } });
    option.selected = days === p.cadence_days;
    select.append(option);
  }
  select.addEventListener("change", () => change(() => api.setCadence(p.id, Number(select.value))));
  return select;
}

function renameControls(p, nameCell) {
  const button = el("button", { className: "ghost small-button", text: "Rename", attrs: { type: "button" } });
  button.addEventListener("click", () => {
    const input = el("input", { attrs: { type: "text", maxlength: "80", "aria-label": `New name for ${p.name}` } });
    input.value = p.name;
    const save = el("button", { className: "primary small-button", text: "Save", attrs: { type: "button" } });
    const commit = () => change(() => api.renameProfile(p.id, input.value));
    save.addEventListener("click", commit);
    input.addEventListener("keydown", (event) => {
      if (event.key === "Enter") commit();
      if (event.key === "Escape") renderList();
    });
    nameCell.replaceChildren(input, save);
    input.focus();
    input.select();
  });
  return button;
}

function personRow(p) {
  const current = p.id === state.view.current;
  const name = el("div", { className: "person-name" }, [
    el("strong", { text: p.name }),
    ...(current ? [el("span", { className: "badge", text: "shown now" })] : []),
  ]);
  const actions = el("div", { className: "person-actions" });
  if (!current) {
    const open = el("button", { className: "ghost small-button", text: "Open", attrs: { type: "button" } });
    open.addEventListener("click", () => change(() => api.switchProfile(p.id), { goHome: true }));
    actions.append(open);
  }
  actions.append(renameControls(p, name));
  const calendar = el("button", {
    className: "ghost small-button",
    text: "Add to calendar…",
    attrs: { type: "button", "aria-label": `Add to calendar… for ${p.name}` },
  });
  calendar.addEventListener("click", () => addToCalendarFromRow(calendar, p.id));
  actions.append(calendar);
  const archive = el("button", { className: "link", text: "Archive", attrs: { type: "button" } });
  archive.addEventListener("click", () => change(() => api.archiveProfile(p.id, true)));
  actions.append(archive);
  return el("li", { className: "person", attrs: { "data-id": String(p.id) } }, [name, cadenceSelect(p), actions]);
}

function archivedRow(p) {
  const restore = el("button", { className: "ghost small-button", text: "Restore", attrs: { type: "button" } });
  restore.addEventListener("click", () => change(() => api.archiveProfile(p.id, false)));
  return el("li", { className: "person", attrs: { "data-id": String(p.id) } }, [
    el("div", { className: "person-name" }, [el("span", { text: p.name })]),
    restore,
  ]);
}

function renderList() {
  const active = state.view.profiles.filter((p) => !p.archived_at);
  const archived = state.view.profiles.filter((p) => p.archived_at);
  $("people-list").replaceChildren(...active.map(personRow));
  $("people-archived-box").hidden = archived.length === 0;
  $("people-archived").replaceChildren(...archived.map(archivedRow));
}

/** The switcher shows only when there is more than one person to switch between. */
function renderSwitcher() {
  const active = state.view.profiles.filter((p) => !p.archived_at);
  $("profile-switch").hidden = active.length < 2;
  $("profile-select").replaceChildren(...active.map((p) => {
    const option = el("option", { text: p.name, attrs: { value: String(p.id) } });
    option.selected = p.id === state.view.current;
    return option;
  }));
}

/** Loads the people once at start-up, for the switcher. */
export async function loadPeople() {
  state.view = await api.profiles();
  renderSwitcher();
}

/** Runs a sheet action and reports where the file went. */
function sheetAction(button, run, done) {
  return busyAction(button, $("sheet-status"), run, { done });
}

/** Whom a sheet can be written for: every rater Rust knows but the leader ("their coach"). */
function buildSheetRaters() {
  $("sheet-rater").replaceChildren(...otherRaterKinds().map((kind) =>
    el("option", { text: raterNoun(kind), attrs: { value: kind } })));
}

export const peopleScreen = {
  init(app) {
    state.app = app;
    buildSheetRaters();
    $("sheet-write").addEventListener("click", () =>
      sheetAction($("sheet-write"), () => api.exportSheet($("sheet-rater").value), (saved) =>
        saved.path ? `Saved to ${saved.path}. Send it; what comes back is imported here.` : "Nothing saved."));
    $("sheet-import").addEventListener("click", () =>
      sheetAction($("sheet-import"), api.importFilledSheet, (added) =>
        !added ? "Nothing imported." : added.group || `Added ${raterPossessive(added.rater)} assessment to ${added.profile}.`));
    $("share-write").addEventListener("click", () =>
      busyAction($("share-write"), $("share-status"),
        () => api.shareHistory($("share-recipient").value, $("share-notes").checked), {
          done: (saved) => (saved.path ? `Saved to ${saved.path}` : "Nothing saved."),
          failed: "Nothing was shared: ",
        }));
    $("share-own-show").addEventListener("click", async () => {
      try {
        $("share-own-key").value = await api.exchangeKey();
        $("share-own-key").hidden = false;
        $("share-own-key").select();
      } catch (error) {
        showError(error.message);
      }
    });
    $("sheet-rate").addEventListener("click", async () => {
      try {
        const opened = await api.openSheetToRate();
        if (opened) await app.go("rate", { opened });
      } catch (error) {
        showError(error.message);
      }
    });
    $("profile-select").addEventListener("change", () =>
      change(() => api.switchProfile(Number($("profile-select").value)), { goHome: true }));
    $("people-add").addEventListener("submit", (event) => {
      event.preventDefault();
      const name = $("people-name").value;
      change(async () => {
        const result = await api.addProfile(name);
        $("people-name").value = "";
        return result;
      }, { goHome: true });
    });
  },

  async show() {
    state.view = await api.profiles();
    renderSwitcher();
    renderList();
    await renderLinks(state.view.current);
  },
};
