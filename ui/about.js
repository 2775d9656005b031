// The About screen: credits, version, where the data lives, and the backups of it.

import { api } from "./api.js";
import { $, el, showError } from "./dom.js";
import { busyAction, formatWhen, inlineConfirm, plural, showToast } from "./widgets.js";
import { nudgeSwitch } from "./reminders.js";

const KIND_LABELS = {
  daily: "Daily",
  "before-upgrade": "Before an upgrade",
  "before-restore": "Before a restore",
  manual: "Made by you",
};

const state = {
  app: null, // what main.js hands every screen: go, reloadPeople, flushDrafts, forgetDrafts
  infoShown: false, // the version and paths never change while Bearing runs
  readOnly: false, // the history cannot be written, so nothing can be backed up or restored
};

function formatSize(bytes) {
  return bytes < 1024 * 1024 ? `${Math.ceil(bytes / 1024)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Lists the backups; each can be restored after a second, explicit click. */
async function loadBackups() {
  const view = await api.backups();
  state.readOnly = view.read_only;
  $("backups-read-only").hidden = !state.readOnly;
  // A failed daily backup never stops a save, but the user must know their copies are not current.
  $("backups-problem").hidden = !view.problem;
  $("backups-problem").textContent = view.problem
    ? `Today's automatic backup could not be made: ${view.problem}. Your changes were saved; once the cause is fixed, use "Back up now".`
    : "";
  $("backups-now").disabled = state.readOnly;
  $("backups-folder").textContent = view.folder;
  const list = $("backups-list");
  list.replaceChildren();
  if (view.backups.length === 0) {
    list.append(el("li", { className: "muted", text: "No backups yet: the first one is made before the first change of a day that has history to keep." }));
    return;
  }
  list.append(...view.backups.map(backupItem));
}

/** One backup, with its "Restore…" and the confirm that replaces the history with it. */
function backupItem(backup) {
  const restore = el("button", { className: "ghost small-button", text: "Restore…", attrs: { type: "button" } });
  restore.disabled = state.readOnly;
  const yes = el("button", { className: "primary small-button", text: "Replace my history with this backup", attrs: { type: "button" } });
  const no = el("button", { className: "ghost small-button", text: "Cancel", attrs: { type: "button" } });
  const box = el("div", { className: "backup-confirm" }, [
    el("span", { text: "Your current history is backed up first, so this can be undone." }),
    yes,
    no,
  ]);
  box.hidden = true;
  inlineConfirm({ ask: restore, box, yes, no, confirmed: () => restoreBackup(backup) });
  return el("li", { className: "backup", attrs: { "data-name": backup.name } }, [
    el("div", {}, [
      el("div", { className: "backup-when", text: formatWhen(backup.taken_at) }),
      el("div", { className: "muted small", text: `${KIND_LABELS[backup.kind] || backup.kind} · ${formatSize(backup.bytes)}` }),
    ]),
    restore,
    box,
  ]);
}

async function restoreBackup(backup) {
  try {
    const restored = await api.restoreBackup(backup.name);
    showToast(`Restored ${plural(restored.assessments, "assessment")} from the backup of ${formatWhen(backup.taken_at)}.`);
    await loadBackups();
    await state.app.reloadPeople();
  } catch (error) {
    showError(`Nothing was restored: ${error.message}`);
  }
}

export const aboutScreen = {
  init(app) {
    state.app = app;
    nudgeSwitch.init();
    $("about-reliability").addEventListener("click", () =>
      app.go("reliability", { back: { name: "about", params: {} } }));
    $("backups-now").addEventListener("click", async () => {
      const made = await busyAction($("backups-now"), $("backups-status"), api.backUpNow, {
        pending: "Backing up…",
        done: (copy) => `Backed up ${plural(copy.assessments, "assessment")}; the copy passed its check.`,
        failed: "No backup was made: ",
        keepDisabled: () => state.readOnly,
      });
      if (made) await loadBackups().catch((error) => showError(error.message));
    });
  },

  async show() {
    // Backups change with every day and every restore: listed each time; the nudge may have
    // been turned on or off by another window.
    await Promise.all([loadBackups(), nudgeSwitch.show()]);
    if (state.infoShown) return;
    const info = await api.appInfo();
    $("about-version").textContent = info.version;
    $("about-questionnaire").textContent = info.questionnaire;
    $("about-database").textContent = info.database;
    state.infoShown = true;
  },
};
