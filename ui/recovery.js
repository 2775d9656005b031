// The recovery screen, shown when the history file was found damaged at opening: what was found,
// where the file went, and the newest backup that passes the check.

import { api } from "./api.js";
import { $, showError } from "./dom.js";
import { formatWhen, plural, showToast } from "./widgets.js";

const state = {
  app: null, // what main.js hands every screen: go, reloadPeople, flushDrafts, forgetDrafts
  backup: null, // the backup offered, if there is one
};

/** Back to a working history: Home, and the people for the switcher. */
function leave() {
  state.app.go("home");
  state.app.reloadPeople().catch((error) => showError(error.message));
}

async function restore() {
  const button = $("recovery-restore");
  button.disabled = true;
  try {
    const restored = await api.restoreBackup(state.backup.name);
    showToast(`Restored ${plural(restored.assessments, "assessment")}.`);
    leave();
  } catch (error) {
    showError(`Nothing was restored: ${error.message}`);
  } finally {
    button.disabled = false;
  }
}

export const recoveryScreen = {
  init(app) {
    state.app = app;
    $("recovery-fresh").addEventListener("click", async () => {
      try {
        await api.dismissRecovery();
      } catch (error) {
        showError(error.message);
        return;
      }
      leave();
    });
    $("recovery-restore").addEventListener("click", () => {
      if (state.backup) restore();
    });
  },

  async show() {
    const recovery = await api.recovery();
    if (!recovery) {
      state.app.go("home");
      return;
    }
    $("recovery-detail").textContent = recovery.detail;
    $("recovery-aside-text").hidden = !recovery.set_aside;
    $("recovery-aside").textContent = recovery.set_aside || "";
    state.backup = recovery.backup;
    $("recovery-restore").hidden = !state.backup;
    $("recovery-backup-text").textContent = state.backup
      ? `The newest backup that passes the check is from ${formatWhen(state.backup.taken_at)} and holds ${plural(state.backup.assessments, "assessment")}.`
      : "There is no backup that passes the check. You can start with an empty history; the damaged file stays where it was moved.";
  },
};
