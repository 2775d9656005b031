// The result's "what moved" and trend: the change since the same rater's previous assessment,
// judged by Rust against its noise, and the slope over the recent months.

import { $, el } from "./dom.js";
import { raterNoun, SELF } from "./labels.js";
import {
  formatDate, formatScore, plural, semSourceWords, signed, TREND_WORDS, verdictClass, verdictWords,
} from "./widgets.js";

/** One axis of a move: both positions, the change, and (unless provisional) Rust's verdict. */
function movedAxis(name, change, provisional) {
  const attrs = { "data-axis": name.toLowerCase() };
  if (provisional) attrs["data-provisional"] = "true";
  else attrs["data-verdict"] = change.verdict;
  const children = [
    document.createTextNode(`${name} `),
    el("strong", { text: `${formatScore(change.from)} → ${formatScore(change.to)} (${signed(change.delta)})` }),
  ];
  if (!provisional) {
    children.push(
      document.createTextNode(": "),
      el("span", { className: verdictClass(change.verdict), text: verdictWords(change.verdict) }),
    );
    if (change.possible_from !== undefined && change.reliable_from !== undefined) {
      children.push(el("span", {
        className: "answer-detail",
        text: `Possibly a move from ${formatScore(change.possible_from)} points, a real move from ${formatScore(change.reliable_from)}.`,
      }));
    }
  }
  return el("li", { className: provisional ? "provisional" : `moved-${change.verdict}`, attrs }, children);
}

/** "The noise allowed for comes from …", once when both axes share a source. */
function noiseText(focus, autonomy) {
  if (!focus.sem_source && !autonomy.sem_source) return "";
  if (focus.sem_source === autonomy.sem_source) return `The noise allowed for comes ${semSourceWords(focus.sem_source)}.`;
  return `The noise allowed for comes, on focus, ${semSourceWords(focus.sem_source)}; on autonomy, ${semSourceWords(autonomy.sem_source)}.`;
}

/**
 * Across a questionnaire change: the two positions come from different sets of statements, so the
 * part of the move that belongs to the leader is the one on the statements both versions share.
 */
function renderVersionChange(moved) {
  const box = $("moved-version");
  box.hidden = !moved.across_versions;
  if (!moved.across_versions) {
    box.textContent = "";
    return;
  }
  const shared = moved.shared_statements || 0;
  const own = moved.shared_move
    ? ` On those alone, focus moved ${signed(moved.shared_move.focus)} and autonomy ${signed(moved.shared_move.autonomy)}: that part is a change in the month, not in the questions.`
    : "";
  box.textContent = `The questionnaire changed between these two assessments. The positions are on the same 0–100 scale, but only ${shared} statements are the same in both versions, so only those are compared answer by answer.${own}`;
}

/**
 * What moved since the same rater's previous assessment: each axis with Rust's verdict, the part
 * the commitments' statements made, and the answers that changed most. `words` reads an answer
 * value and shortens a statement as the result screen does.
 */
export function renderMoved(moved, rater, provisional, words) {
  const { answerLabel, shortText } = words;
  $("moved-none").hidden = moved !== null;
  $("moved-none").textContent = rater === SELF
    ? "This is your first assessment. Next month, this is where you will see what changed."
    : `This is the first assessment by ${raterNoun(rater)}. Their next one will show what changed.`;
  $("moved-content").hidden = moved === null;
  $("moved-content").classList.toggle("provisional", provisional);
  if (moved === null) return;
  $("moved-since").textContent = `Since ${rater === SELF ? "your" : "their"} assessment of ${formatDate(moved.since)}:`;
  renderVersionChange(moved);
  $("moved-provisional").hidden = !provisional;
  const axes = [["Focus", moved.focus], ["Autonomy", moved.autonomy]];
  $("moved-axes").replaceChildren(...axes.map(([name, change]) => movedAxis(name, change, provisional)));
  $("moved-noise").textContent = provisional ? "" : noiseText(moved.focus, moved.autonomy);
  $("moved-noise").hidden = $("moved-noise").textContent === "";
  const practised = moved.practised && moved.others ? moved.practised : null;
  $("moved-practised-box").hidden = !practised;
  $("moved-practised").replaceChildren(...(practised ? axes.map(([name]) => {
    const key = name.toLowerCase();
    return el("li", { attrs: { "data-axis": key } }, [
      document.createTextNode(`${name}: from the statements your commitments aimed at `),
      el("strong", { text: signed(practised[key]) }),
      document.createTextNode("; from the rest "),
      el("strong", { text: signed(moved.others[key]) }),
    ]);
  }) : []));
  $("moved-statements-heading").hidden = moved.statements.length === 0;
  $("moved-statements").replaceChildren(
    ...moved.statements.map((s) =>
      el("li", {}, [
        el("span", { className: "points", text: `${s.from} → ${s.to}` }),
        el("span", {}, [
          document.createTextNode(shortText(s.text)),
          el("span", { className: "answer-detail", text: `${answerLabel(s.from)} → ${answerLabel(s.to)}` }),
        ]),
      ]),
    ),
  );
}

/** The slope over the last few assessments, per axis, with Rust's verdict on it. */
export function renderTrend(trend) {
  $("moved-trend-box").hidden = !trend;
  if (!trend) return;
  $("moved-trend-heading").textContent =
    `Over the last ${plural(trend.assessments, "assessment")} (${formatScore(trend.months)} months)`;
  $("moved-trend").replaceChildren(...[["Focus", trend.focus], ["Autonomy", trend.autonomy]].map(([name, t]) =>
    el("li", { className: `moved-${t.verdict}`, attrs: { "data-axis": name.toLowerCase(), "data-verdict": t.verdict } }, [
      document.createTextNode(`${name} `),
      el("strong", { text: `${signed(t.delta)} points a month` }),
      document.createTextNode(": "),
      el("span", { className: verdictClass(t.verdict), text: TREND_WORDS[t.verdict] || t.verdict }),
    ])));
}
