// The About screen: credits, version and where the data lives.

import { api } from "./api.js";
import { $ } from "./dom.js";
import { initBackups, loadBackups } from "./backups.js";

let loaded = false;

export const aboutScreen = {
  init() {
    initBackups();
  },

  async show() {
    // Backups change with every day and every restore: listed each time.
    await loadBackups();
    if (loaded) return;
    const info = await api.appInfo();
    $("about-version").textContent = info.version;
    $("about-questionnaire").textContent = info.questionnaire;
    $("about-database").textContent = info.database;
    loaded = true;
  },
};
