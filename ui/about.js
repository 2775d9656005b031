// The About screen: credits, version and where the data lives.

import { api } from "./api.js";
import { $ } from "./dom.js";

let loaded = false;

export const aboutScreen = {
  async show() {
    if (loaded) return;
    const info = await api.appInfo();
    $("about-version").textContent = info.version;
    $("about-questionnaire").textContent = info.questionnaire;
    $("about-database").textContent = info.database;
    loaded = true;
  },
};
