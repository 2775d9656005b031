// Filling in an answer sheet someone sent: every statement about the person on one page, answered
// with the scale the sheet carries. Rust keeps the sheet and writes the answered file.

import { api } from "./api.js";
import { $, el, showError } from "./dom.js";
import { isGroupKind, raterNoun } from "./labels.js";

const state = {
  sheet: null, // the SheetView being filled in
  answers: {}, // statement id -> value chosen (null: "can't judge")
};

function complete() {
  return state.sheet && state.sheet.statements.every((s) => state.answers[s.id] !== undefined);
}

function renderStatus() {
  const left = state.sheet.statements.filter((s) => state.answers[s.id] === undefined).length;
  $("rate-save").disabled = !complete();
  $("rate-status").textContent = left === 0 ? "All statements answered." : `${left} to go.`;
}

/** The sheet's scale as [label, value] pairs, then "Can't judge" (null) when it offers one. */
function choices() {
  const scale = state.sheet.scale.map((label, i) => [label, i + 1]);
  return state.sheet.not_applicable ? [...scale, [state.sheet.not_applicable, null]] : scale;
}

function build() {
  $("rate-heading").textContent = `About ${state.sheet.profile}`;
  $("rate-intro").textContent =
    `You answer as ${raterNoun(state.sheet.rater)}: how well does each statement describe ${state.sheet.profile}'s past month? Your answers go back to them in the file you save; nothing is kept here.`;
  // Coaches and managers are named, one to one; peers and direct reports stay anonymous.
  const anonymous = isGroupKind(state.sheet.rater);
  $("rate-name-field").hidden = anonymous;
  $("rate-anonymous").hidden = !anonymous;
  $("rate-name").value = "";
  $("rate-list").replaceChildren(...state.sheet.statements.map((s, n) => {
    const group = el("div", { className: "rate-scale", attrs: { role: "radiogroup", "aria-label": s.text } },
      choices().map(([label, value]) => {
        const input = el("input", { attrs: { type: "radio", name: `rate-${n}`, value: String(value) } });
        input.addEventListener("change", () => {
          state.answers[s.id] = value;
          renderStatus();
        });
        const className = value === null ? "rate-option not-applicable" : "rate-option";
        return el("label", { className }, [input, el("span", { text: label })]);
      }));
    return el("li", { className: "rate-item", attrs: { "data-id": s.id } }, [el("p", { text: s.text }), group]);
  }));
  renderStatus();
}

export const rateScreen = {
  init() {
    $("rate-save").addEventListener("click", async () => {
      if (!complete()) return;
      $("rate-save").disabled = true;
      try {
        const name = isGroupKind(state.sheet.rater) ? null : $("rate-name").value.trim() || null;
        const saved = await api.saveRatedSheet(state.answers, name);
        if (saved.path) {
          $("rate-status").textContent = `Saved to ${saved.path}. Send that file back to ${state.sheet.profile}.`;
        } else {
          renderStatus();
        }
      } catch (error) {
        showError(`Your answers were not saved: ${error.message}`);
        renderStatus();
      }
    });
  },

  /** Shows the sheet opened by People's "Fill it in…". */
  async show({ opened }) {
    if (opened) {
      state.sheet = opened;
      state.answers = {};
      build();
    }
  },
};
