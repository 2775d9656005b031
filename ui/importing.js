// Importing a full export in the window (History → Export and import): the file is chosen in
// Rust's open dialog and checked there; this shows Rust's preview (whose history, where it goes,
// what is new), lets the user say who an unknown person is, and imports.

import { api } from "./api.js";
import { $, el, showError } from "./dom.js";
import { busyAction, formatDate, plural } from "./widgets.js";

const state = {
  target: null, // null, {kind: "new"} or {kind: "into", profile_id}
  people: [], // the people here, for the choice
  onImported: null,
};

/** What the preview says about one person of the file: where they go, in words. */
function whereWords(destination) {
  switch (destination.kind) {
    case "same": return `Goes to ${destination.name}: the same person.`;
    case "linked": return `Goes to ${destination.name}, as chosen before.`;
    case "chosen": return `Goes to ${destination.name}, and files from them will go there from now on.`;
    case "new": return `Comes in as a new person, ${destination.name}.`;
    case "ask": return `Someone here is also called ${destination.same_name.name}, but nothing says they are the same person. Choose who this is.`;
    default: return "";
  }
}

function period(person) {
  if (!person.from) return "no assessments";
  const span = person.from === person.to
    ? formatDate(person.from)
    : `${formatDate(person.from)} to ${formatDate(person.to)}`;
  return `${plural(person.assessments, "assessment")}, ${span}`;
}

/** Whether a person of the file is not known here (their destination is open to a choice). */
const open = (person) => ["new", "ask", "chosen"].includes(person.destination.kind);

function targetValue() {
  if (!state.target) return "";
  return state.target.kind === "new" ? "new" : `into:${state.target.profile_id}`;
}

function render(preview) {
  $("import-restore").hidden = !preview.restore;
  $("import-people").replaceChildren(...preview.people.map((person) => el("li", {}, [
    el("strong", { text: person.name }),
    el("span", { text: ` (${period(person)}; ${person.new} new, ${person.already} already here). ` }),
    el("span", { text: whereWords(person.destination) }),
  ])));
  const unknown = preview.people.filter(open);
  $("import-several").hidden = unknown.length <= 1;
  $("import-target-label").hidden = unknown.length !== 1;
  if (unknown.length === 1) {
    const asking = unknown[0].destination.kind === "ask" && !state.target;
    const options = [];
    if (asking) options.push(el("option", { text: "Choose…", attrs: { value: "" } }));
    if (!asking && !state.target) options.push(el("option", { text: `A new person, ${unknown[0].destination.name}`, attrs: { value: "" } }));
    options.push(el("option", { text: "A new person", attrs: { value: "new" } }));
    for (const p of state.people) {
      options.push(el("option", { text: p.name, attrs: { value: `into:${p.id}` } }));
    }
    $("import-target").replaceChildren(...options);
    $("import-target").value = targetValue();
  }
  $("import-confirm").disabled = preview.needs_choice;
}

async function choose() {
  const value = $("import-target").value;
  state.target = value === "new" ? { kind: "new" }
    : value.startsWith("into:") ? { kind: "into", profile_id: Number(value.slice(5)) }
    : null;
  try {
    render(await api.previewHistoryImport(state.target));
  } catch (error) {
    showError(error.message);
  }
}

function close() {
  $("import-preview").hidden = true;
  $("import-people").replaceChildren();
  state.target = null;
}

async function start() {
  $("export-status").textContent = "";
  try {
    const chosen = await api.chooseHistoryToImport();
    if (!chosen) {
      $("export-status").textContent = "Nothing imported.";
      return;
    }
    const here = await api.profiles();
    state.people = here.profiles.filter((p) => !p.archived_at);
    state.target = null;
    $("import-file").textContent = chosen.file;
    render(chosen.preview);
    $("import-preview").hidden = false;
    ($("import-target-label").hidden ? $("import-confirm") : $("import-target")).focus();
  } catch (error) {
    showError(`Nothing was imported: ${error.message}`);
  }
}

async function confirm() {
  const done = await busyAction($("import-confirm"), $("export-status"), () => api.importHistory(state.target), {
    done: ({ outcome }) => {
      const added = `Imported ${plural(outcome.assessments_added, "assessment")}`;
      const skipped = outcome.assessments_skipped > 0 ? `; ${outcome.assessments_skipped} already here` : "";
      return `${added}${skipped}.`;
    },
    failed: "Nothing was imported: ",
  });
  if (done) {
    close();
    if (state.onImported) await state.onImported();
  }
}

export const importPanel = {
  /** `onImported` runs after an import (to read the people and the history again). */
  init(onImported) {
    state.onImported = onImported;
    $("import-json").addEventListener("click", start);
    $("import-target").addEventListener("change", choose);
    $("import-confirm").addEventListener("click", confirm);
    $("import-cancel").addEventListener("click", () => {
      close();
      $("export-status").textContent = "Nothing imported.";
      $("import-json").focus();
    });
  },
};
