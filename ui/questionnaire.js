// The questionnaire screen: one statement at a time, answered by click or keyboard.

import { api } from "./api.js";
import { $, el, showError } from "./dom.js";

const ADVANCE_DELAY_MS = 180;

let questionnaire = null;
let answers = {};
let index = 0;
let advanceTimer = null;
let submitting = false;
let navigate = null;

function answeredCount() {
  return questionnaire.items.filter((item) => answers[item.id] !== undefined).length;
}

function firstUnanswered() {
  return questionnaire.items.findIndex((item) => answers[item.id] === undefined);
}

function buildOnce() {
  const scale = $("q-scale");
  scale.replaceChildren();
  questionnaire.scale.labels.forEach((label, i) => {
    const value = questionnaire.scale.min + i;
    const option = el("button", {
      className: "option",
      attrs: { type: "button", role: "radio", "aria-checked": "false", "data-value": String(value) },
    }, [el("span", { className: "key", text: String(value) }), el("span", { className: "label", text: label })]);
    option.addEventListener("click", () => answer(value));
    scale.append(option);
  });
  const dots = $("q-dots");
  dots.replaceChildren();
  questionnaire.items.forEach((item, i) => {
    const dot = el("button", {
      className: "dot",
      attrs: { type: "button", "aria-label": `Statement ${i + 1}` },
    });
    dot.addEventListener("click", () => moveTo(i));
    dots.append(el("li", {}, [dot]));
  });
}

function render() {
  const items = questionnaire.items;
  const item = items[index];
  const total = items.length;
  const done = answeredCount();
  $("q-card").dataset.index = String(index);
  $("q-number").textContent = `Statement ${index + 1} of ${total}`;
  $("q-statement").textContent = item.text;
  $("q-count").textContent = `${done} of ${total} answered`;
  $("q-progress").style.width = `${(done / total) * 100}%`;
  for (const option of $("q-scale").children) {
    const checked = Number(option.dataset.value) === answers[item.id];
    option.setAttribute("aria-checked", String(checked));
  }
  [...$("q-dots").querySelectorAll(".dot")].forEach((dot, i) => {
    dot.classList.toggle("answered", answers[items[i].id] !== undefined);
    if (i === index) dot.setAttribute("aria-current", "step");
    else dot.removeAttribute("aria-current");
  });
  $("q-back").disabled = index === 0;
  $("q-next").disabled = index === total - 1;
  const complete = done === total;
  $("q-submit").disabled = !complete || submitting;
  $("q-status").textContent = complete
    ? "All statements answered."
    : `${total - done} to go. Your answers so far are kept while Bearing is open.`;
}

function moveTo(i) {
  clearTimeout(advanceTimer);
  index = Math.max(0, Math.min(questionnaire.items.length - 1, i));
  render();
}

function answer(value) {
  const item = questionnaire.items[index];
  answers[item.id] = value;
  render();
  clearTimeout(advanceTimer);
  const next = firstUnanswered();
  if (next === -1) {
    $("q-submit").focus();
    return;
  }
  if (index < questionnaire.items.length - 1) {
    advanceTimer = setTimeout(() => moveTo(answers[questionnaire.items[index + 1].id] === undefined ? index + 1 : next), ADVANCE_DELAY_MS);
  } else {
    advanceTimer = setTimeout(() => moveTo(next), ADVANCE_DELAY_MS);
  }
}

async function submit() {
  if (submitting || firstUnanswered() !== -1) return;
  submitting = true;
  render();
  try {
    const result = await api.saveAssessment({ questionnaire: questionnaire.version, answers });
    answers = {};
    index = 0;
    submitting = false;
    render();
    await navigate("result", { result });
  } catch (error) {
    submitting = false;
    render();
    showError(`Your answers were not saved: ${error.message}`);
  }
}

export const questionnaireScreen = {
  init({ go }) {
    navigate = go;
    $("q-back").addEventListener("click", () => moveTo(index - 1));
    $("q-next").addEventListener("click", () => moveTo(index + 1));
    $("q-submit").addEventListener("click", submit);
  },

  async show() {
    if (!questionnaire) {
      questionnaire = await api.questionnaire();
      buildOnce();
    }
    render();
  },

  hide() {
    clearTimeout(advanceTimer);
  },

  onKey(event) {
    if (!questionnaire || event.altKey || event.ctrlKey || event.metaKey) return;
    const target = event.target;
    if (target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA")) return;
    const { min, max } = questionnaire.scale;
    const digit = Number(event.key);
    if (Number.isInteger(digit) && digit >= min && digit <= max) {
      event.preventDefault();
      answer(digit);
    } else if (event.key === "ArrowRight" || event.key === "ArrowDown") {
      event.preventDefault();
      moveTo(index + 1);
    } else if (event.key === "ArrowLeft" || event.key === "ArrowUp" || event.key === "Backspace") {
      event.preventDefault();
      moveTo(index - 1);
    } else if (event.key === "Enter" && !(target && target.tagName === "BUTTON" && !target.classList.contains("option"))) {
      // Enter always means "next or submit", even with focus left on an answer button (which
      // would otherwise answer the next statement with the same value).
      event.preventDefault();
      const next = firstUnanswered();
      if (next === -1) submit();
      else if (answers[questionnaire.items[index].id] !== undefined) moveTo(index + 1 < questionnaire.items.length ? index + 1 : next);
      else moveTo(next);
    }
  },
};
