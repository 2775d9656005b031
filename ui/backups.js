// Backups on the About screen, and the recovery screen shown when the history file is damaged.

import { api } from "./api.js";
import { $, el, showError, showToast } from "./dom.js";
import { loadPeople } from "./people.js";

const KIND_LABELS = {
  daily: "Daily",
  "before-upgrade": "Before an upgrade",
  "before-restore": "Before a restore",
  manual: "Made by you",
};

function formatWhen(iso) {
  return new Date(iso).toLocaleString(undefined, {
    day: "numeric", month: "long", year: "numeric", hour: "2-digit", minute: "2-digit",
  });
}

function formatSize(bytes) {
  return bytes < 1024 * 1024 ? `${Math.ceil(bytes / 1024)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

let readOnly = false;

/** Lists the backups; each can be restored after a second, explicit click. */
export async function loadBackups() {
  const view = await api.backups();
  readOnly = view.read_only;
  $("backups-read-only").hidden = !readOnly;
  // A failed daily backup never stops a save, but the user must know their copies are not current.
  $("backups-problem").hidden = !view.problem;
  $("backups-problem").textContent = view.problem
    ? `Today's automatic backup could not be made: ${view.problem}. Your changes were saved; once the cause is fixed, use "Back up now".`
    : "";
  $("backups-now").disabled = readOnly;
  $("backups-folder").textContent = view.folder;
  const list = $("backups-list");
  list.replaceChildren();
  if (view.backups.length === 0) {
    list.append(el("li", { className: "muted", text: "No backups yet: the first one is made before the first change of a day that has history to keep." }));
    return;
  }
  for (const backup of view.backups) {
    const restore = el("button", { className: "ghost small-button", text: "Restore…", attrs: { type: "button" } });
    restore.disabled = readOnly;
    const item = el("li", { className: "backup", attrs: { "data-name": backup.name } }, [
      el("div", {}, [
        el("div", { className: "backup-when", text: formatWhen(backup.taken_at) }),
        el("div", { className: "muted small", text: `${KIND_LABELS[backup.kind] || backup.kind} · ${formatSize(backup.bytes)}` }),
      ]),
      restore,
    ]);
    restore.addEventListener("click", () => confirmRestore(item, backup, restore));
    list.append(item);
  }
}

function confirmRestore(item, backup, button) {
  if (item.querySelector(".backup-confirm")) return;
  button.hidden = true;
  const yes = el("button", { className: "primary small-button", text: "Replace my history with this backup", attrs: { type: "button" } });
  const no = el("button", { className: "ghost small-button", text: "Cancel", attrs: { type: "button" } });
  const box = el("div", { className: "backup-confirm" }, [
    el("span", { text: "Your current history is backed up first, so this can be undone." }),
    yes,
    no,
  ]);
  no.addEventListener("click", () => { box.remove(); button.hidden = false; button.focus(); });
  yes.addEventListener("click", async () => {
    yes.disabled = true;
    try {
      const restored = await api.restoreBackup(backup.name);
      showToast(`Restored ${restored.assessments} assessment${restored.assessments === 1 ? "" : "s"} from the backup of ${formatWhen(backup.taken_at)}.`);
      await loadBackups();
      await loadPeople();
    } catch (error) {
      yes.disabled = false;
      showError(`Nothing was restored: ${error.message}`);
    }
  });
  item.append(box);
  yes.focus();
}

export function initBackups() {
  $("backups-now").addEventListener("click", async () => {
    const button = $("backups-now");
    button.disabled = true;
    $("backups-status").textContent = "Backing up…";
    try {
      const made = await api.backUpNow();
      $("backups-status").textContent = `Backed up ${made.assessments} assessment${made.assessments === 1 ? "" : "s"}; the copy passed its check.`;
      await loadBackups();
    } catch (error) {
      $("backups-status").textContent = "";
      showError(`No backup was made: ${error.message}`);
    } finally {
      button.disabled = readOnly;
    }
  });
}

/** The recovery screen: what was found, where the file went, and the newest good backup. */
export const recoveryScreen = {
  go: null,

  init({ go }) {
    this.go = go;
    $("recovery-fresh").addEventListener("click", async () => {
      await api.dismissRecovery();
      go("home");
      loadPeople().catch((error) => showError(error.message));
    });
  },

  async show() {
    const recovery = await api.recovery();
    if (!recovery) {
      this.go("home");
      return;
    }
    $("recovery-detail").textContent = recovery.detail;
    $("recovery-aside-text").hidden = !recovery.set_aside;
    $("recovery-aside").textContent = recovery.set_aside || "";
    const restore = $("recovery-restore");
    const backup = recovery.backup;
    restore.hidden = !backup;
    if (backup) {
      $("recovery-backup-text").textContent = `The newest backup that passes the check is from ${formatWhen(backup.taken_at)} and holds ${backup.assessments} assessment${backup.assessments === 1 ? "" : "s"}.`;
      restore.onclick = async () => {
        restore.disabled = true;
        try {
          const restored = await api.restoreBackup(backup.name);
          showToast(`Restored ${restored.assessments} assessment${restored.assessments === 1 ? "" : "s"}.`);
          this.go("home");
          loadPeople().catch((error) => showError(error.message));
        } catch (error) {
          showError(`Nothing was restored: ${error.message}`);
        } finally {
          restore.disabled = false;
        }
      };
    } else {
      $("recovery-backup-text").textContent = "There is no backup that passes the check. You can start with an empty history; the damaged file stays where it was moved.";
    }
  },
};
