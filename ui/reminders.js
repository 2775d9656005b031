// Reminders: "Add to my calendar…" (Home and People), the nudge's switch (About), and the
// `bearing:` links a calendar reminder opens Bearing with.

import { api } from "./api.js";
import { $, showError } from "./dom.js";
import { busyAction, formatDate, showToast } from "./widgets.js";

/** What a saved calendar file holds and where it went, in a sentence (empty when cancelled). */
function savedWords(saved) {
  if (!saved.path) return "";
  return `Saved a reminder ${saved.rhythm}, from ${formatDate(saved.first)}, to ${saved.path}. Open that file with your calendar app to add it.`;
}

/** Saves the calendar file of `profile` (the person shown when null), reporting in `status`. */
export function addToCalendar(button, status, profile = null) {
  return busyAction(button, status, () => api.exportCalendar(profile), {
    pending: "Making the calendar file…",
    done: savedWords,
    failed: "No calendar file was saved: ",
  });
}

/** The same from a list row, which has no status line of its own: the toast says it. */
export async function addToCalendarFromRow(button, profile) {
  button.disabled = true;
  try {
    const words = savedWords(await api.exportCalendar(profile));
    if (words) showToast(words);
  } catch (error) {
    showError(`No calendar file was saved: ${error.message}`);
  } finally {
    button.disabled = false;
  }
}

/** The nudge's switch on About: reads the state, and turns the login entry on or off. */
export const nudgeSwitch = {
  init() {
    const box = $("nudge-on");
    box.addEventListener("change", async () => {
      const wanted = box.checked;
      box.disabled = true;
      try {
        const state = await api.setNudge(wanted);
        box.checked = state.on;
        $("nudge-status").textContent = state.on
          ? "On: Bearing will check at your next login, and at every login after it."
          : "Off: nothing of Bearing starts at login.";
      } catch (error) {
        box.checked = !wanted;
        showError(error.message);
      } finally {
        box.disabled = false;
      }
    });
  },

  async show() {
    const state = await api.nudge();
    $("nudge-on").checked = state.on;
    $("nudge-status").textContent = "";
  },
};

/**
 * Follows the link Bearing was opened with, if one is waiting: that person's questionnaire, or
 * Home with the reason the link did nothing. `app` is main.js's (go, reloadPeople, forgetDrafts).
 */
export async function followOpenedLink(app) {
  // Draft saves under way belong to the person shown now, who may change with the link.
  await app.flushDrafts();
  const link = await api.takeOpenedLink();
  if (!link) return;
  if (link.action === "assess") {
    // The backend has made this person the one shown.
    app.forgetDrafts();
    await app.reloadPeople();
    await app.go("questionnaire", { rater: "self" });
    showToast(`Opened from your calendar: ${link.name}'s assessment.`);
  } else {
    await app.go("home");
    showError(link.message);
  }
}
