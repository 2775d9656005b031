// "How reliable is this?": per axis, the noise figure (SEM) Bearing uses and where it comes from,
// how far calibration from a caseload has got (α with its interval, statements that do not fit),
// and the leader's own series. Rust computes all of it (`get_reliability`); this only words it.

import { api } from "./api.js";
import { $, el } from "./dom.js";
import { capitalized } from "./labels.js";
import { formatScore, plural, semSourceWords } from "./widgets.js";

const AXIS_NAMES = { focus: "Focus", autonomy: "Autonomy" };

const state = {
  app: null, // what main.js hands every screen: go, reloadPeople, flushDrafts, forgetDrafts
  back: { name: "about", params: {} }, // the screen "Back" returns to
};

const axisName = (axis) => AXIS_NAMES[axis] || capitalized(String(axis));
const two = (x) => Number(x).toFixed(2);
/** An SEM as Rust sends it: `{ sem }` (the contract) or `{ value, source }` (domain's `Sem`). */
const semValue = (sem) => (typeof sem === "number" ? sem : sem.sem !== undefined ? sem.sem : sem.value);

/** One fact: a term and what it is, as a row of a description list. */
function fact(term, ...details) {
  return [el("dt", { text: term }), ...details.map((d) => (typeof d === "string" ? el("dd", { text: d }) : d))];
}

function calibrationFacts(a) {
  if (a.alpha === null || a.alpha === undefined) {
    return [
      ...fact(
        "Calibration",
        `${a.sheets} of the ${a.needed} independent sheets it needs (one per person, none flagged as provisional). ` +
          `Until there are ${a.needed}, Bearing relies on its starting estimate.`,
      ),
    ];
  }
  const interval = a.alpha_low !== null && a.alpha_low !== undefined && a.alpha_high !== null && a.alpha_high !== undefined
    ? ` (95% interval ${two(a.alpha_low)} to ${two(a.alpha_high)})`
    : "";
  return [
    ...fact("Calibration", `From ${plural(a.sheets, "independent sheet")} (one per person; ${a.needed} needed).`),
    ...fact(
      "Consistency (α)",
      `${two(a.alpha)}${interval}: how strongly the statements on this axis agree with one another. ` +
        "1 would be perfect; a dozen statements usually give .75 to .85.",
    ),
  ];
}

function itemLine(item) {
  const r = item.correlation === null || item.correlation === undefined ? "no correlation (everyone answered it alike)" : `correlation ${two(item.correlation)}`;
  return el("li", { className: item.suspect ? "suspect" : "", attrs: { "data-id": item.id } }, [
    el("span", { text: item.text }),
    el("span", { className: "answer-detail", text: item.suspect ? `${r}: suspect` : r }),
  ]);
}

/** The statements of an axis, once calibrated: the suspect ones shown, all of them on request. */
function itemsBlock(a) {
  const items = a.items || [];
  if (items.length === 0) return [];
  const suspect = items.filter((i) => i.suspect);
  return [
    el("h3", { text: "Statements that do not fit" }),
    suspect.length === 0
      ? el("p", { className: "reliability-none", text: "None: every statement goes with the rest of the axis." })
      : el("ul", { className: "reliability-suspect why-list" }, suspect.map(itemLine)),
    el("p", {
      className: "muted small",
      text: "A statement is suspect when its answers go along with the rest of the axis only weakly (a correlation below 0.20) or the wrong way. It may be worded unclearly, or measure something else.",
    }),
    el("details", { className: "reliability-all" }, [
      el("summary", { text: `All ${items.length} statements` }),
      el("ul", { className: "why-list" }, items.map(itemLine)),
    ]),
  ];
}

function axisCard(a, showVersion) {
  const heading = `${axisName(a.axis)}${showVersion ? ` · questionnaire ${a.questionnaire}` : ""}`;
  const id = `reliability-${a.questionnaire}-${a.axis}`;
  return el("section", {
    className: "card reliability-axis",
    attrs: { "data-axis": a.axis, "data-questionnaire": a.questionnaire, "data-source": a.source, "aria-labelledby": `${id}-heading` },
  }, [
    el("h2", { text: heading, attrs: { id: `${id}-heading` } }),
    el("dl", { className: "facts reliability-facts-list" }, [
      ...fact("Noise (SEM)", `${formatScore(a.sem)} points, ${semSourceWords(a.source)}.`),
      ...calibrationFacts(a),
    ]),
    ...itemsBlock(a),
  ]);
}

function renderOwn(own) {
  const box = $("reliability-own");
  box.hidden = !own;
  if (!own) return;
  // The leader's own series: "your" for Me, the person's name when a coach looks at someone else.
  const whose = own.person && own.person !== "Me" ? `${own.person}'s` : "Your";
  $("reliability-own-heading").textContent = `${whose} own month-to-month noise`;
  const estimated = ["focus", "autonomy"].filter((axis) => own[axis]);
  $("reliability-own-text").textContent = estimated.length === 0
    ? `${whose} own month-to-month noise can be estimated once there are ${own.needed} assessments that are not provisional: ${own.assessments} of ${own.needed} so far. Until then, Bearing uses the figures above.`
    : `From ${plural(own.assessments, "assessment")} that are not provisional (${own.needed} needed), pulled towards the starting estimate while the series is short:`;
  $("reliability-own-axes").replaceChildren(...estimated.map((axis) =>
    el("li", { attrs: { "data-axis": axis } }, [
      document.createTextNode(`${axisName(axis)}: `),
      el("strong", { text: `${formatScore(semValue(own[axis]))} points` }),
    ])));
}

function render(view) {
  const axes = view.axes || [];
  const versions = new Set(axes.map((a) => a.questionnaire));
  $("reliability-axes").replaceChildren(...axes.map((a) => axisCard(a, versions.size > 1)));
  renderOwn(view.own_series || null);
}

export const reliabilityScreen = {
  init(app) {
    state.app = app;
    $("reliability-back").addEventListener("click", () => app.go(state.back.name, state.back.params));
  },

  /** `back`: `{ name, params }` of the screen that opened this one (About when not given). */
  async show({ back } = {}) {
    if (back) state.back = back;
    render(await api.reliability());
  },
};
