// Exchange folders in the window: one pass when Bearing starts, every five minutes while it is
// open, and on People's "Sync now". Linking is done on the command line (`bearing exchange
// link`); People lists the links. Rust decides everything; this reports it.

import { api } from "./api.js";
import { $, el, showError } from "./dom.js";
import { plural } from "./widgets.js";

const EVERY_MS = 5 * 60 * 1000;

const state = {
  app: null,
  running: null, // the pass under way, so two never overlap
};

function words(pass) {
  const sent = pass.sent ? "wrote a change" : "nothing new to write";
  const problems = pass.problems.length > 0 ? ` ${plural(pass.problems.length, "file")} not used now.` : "";
  return `${pass.person}: ${plural(pass.received.length, "file")} in, ${plural(pass.added, "assessment")} added, ${pass.deleted} deleted; ${sent}.${problems}`;
}

/** One pass; `quiet` passes (at start, on the timer) report failures in the card, not as errors. */
function runPass(quiet) {
  if (state.running) return state.running;
  state.running = api.syncExchange()
    .then(async (passes) => {
      if (passes.length > 0) $("exchange-status").textContent = passes.map(words).join(" ");
      if (passes.some((p) => p.added > 0 || p.deleted > 0) && state.app) await state.app.reloadPeople();
      return passes;
    })
    .catch((error) => {
      if (quiet) $("exchange-status").textContent = `The last pass did not finish: ${error.message}`;
      else showError(error.message);
    })
    .finally(() => {
      state.running = null;
    });
  return state.running;
}

/** The links, on People (the card stays hidden while there are none). */
export async function renderLinks() {
  const links = await api.exchangeStatus();
  $("exchange-card").hidden = links.length === 0;
  $("exchange-links").replaceChildren(...links.map((l) => el("li", {
    text: `${l.person}: ${l.folder}${l.reachable ? "" : " (not found now)"}, ${plural(l.files, "change file")} there`,
  })));
}

export const exchange = {
  start(app) {
    state.app = app;
    $("exchange-sync").addEventListener("click", async () => {
      $("exchange-sync").disabled = true;
      await runPass(false);
      await renderLinks().catch((error) => showError(error.message));
      $("exchange-sync").disabled = false;
    });
    runPass(true);
    setInterval(() => runPass(true), EVERY_MS);
  },
};
