// Exchange folders in the window: one pass when Bearing starts, every five minutes while it is
// open, and on People's "Sync now". People links the person shown to a folder (the other
// Bearing's key, then the folder dialog) or unlinks them, and lists every link. Rust decides
// everything; this reports it.

import { api } from "./api.js";
import { $, el, showError } from "./dom.js";
import { busyAction, plural } from "./widgets.js";

const EVERY_MS = 5 * 60 * 1000;

const state = {
  app: null,
  current: null, // the person People shows
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

/** The links, on People, and what the person shown (`current`, a profile id) can do: link a
 * folder, or sync and unlink theirs. */
export async function renderLinks(current) {
  const links = await api.exchangeStatus();
  $("exchange-links").replaceChildren(...links.map((l) => el("li", {
    attrs: { "data-profile": String(l.profile_id) },
    text: `${l.person}: ${l.folder}${l.reachable ? "" : " (not found now)"}, ${plural(l.files, "change file")} there`,
  })));
  const linked = links.some((l) => l.profile_id === current);
  $("exchange-link-fields").hidden = linked;
  $("exchange-unlink").hidden = !linked;
  $("exchange-sync").hidden = links.length === 0;
  state.current = current;
}

export const exchange = {
  start(app) {
    state.app = app;
    $("exchange-link").addEventListener("click", () =>
      busyAction($("exchange-link"), $("exchange-status"), () => api.linkExchangeFolder($("exchange-recipient").value), {
        done: (link) => (link ? `Linked ${link.person} to ${link.folder}.` : ""),
        failed: "Nothing was linked: ",
      }).then(async (link) => {
        if (!link) return;
        $("exchange-recipient").value = "";
        // The first pass writes their history there at once; say so after the link.
        const passes = (await runPass(true)) || [];
        $("exchange-status").textContent = [`Linked ${link.person} to ${link.folder}.`, ...passes.map(words)].join(" ");
        await renderLinks(state.current);
      }));
    $("exchange-unlink").addEventListener("click", () =>
      busyAction($("exchange-unlink"), $("exchange-status"), () => api.unlinkExchangeFolder(), {
        done: () => "Unlinked. The files already in the folder stay there.",
        failed: "The link stays: ",
      }).then(() => renderLinks(state.current)));
    $("exchange-sync").addEventListener("click", async () => {
      $("exchange-sync").disabled = true;
      await runPass(false);
      await renderLinks(state.current).catch((error) => showError(error.message));
      $("exchange-sync").disabled = false;
    });
    runPass(true);
    setInterval(() => runPass(true), EVERY_MS);
  },
};
