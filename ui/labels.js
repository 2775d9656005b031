// Words for who answers an assessment (the leader, their coach, …) and the quadrants' names. Rust
// owns them and sends them once at start-up (`get_labels`); after `await loadLabels()` every lookup
// here is synchronous. The kinds of rater are whatever Rust sent, in the order it sent them: the
// page never lists them. Only wording that is page chrome around a rater, not a rater's own words,
// is written here.

import { api } from "./api.js";

/** The rater every other view is compared with: the leader, about themselves. */
export const SELF = "self";

/** Page chrome about raters, not sent by Rust. */
export const CHROME = {
  /** The assessment screen's eyebrow while the leader answers about themselves. */
  selfEyebrow: "Monthly self-assessment",
  /** The leader's entry in "Who is answering?". */
  selfChoice: "The leader, about themselves",
  /** The leader, on the presentation's gap line ("Leader → coach, 3 Mar 2026"). */
  leaderShort: "Leader",
};

const state = {
  raters: {}, // kind -> { name, noun, possessive, answers_about }, as Rust sent them
  quadrants: {}, // slug -> name, from Rust
  cantJudge: "", // what another rater answers when they could not see a behaviour, from Rust
};

/** Fetches the labels; call once before the first screen, then use the lookups. */
export async function loadLabels() {
  const labels = await api.labels();
  state.raters = (labels && labels.raters) || {};
  state.cantJudge = (labels && labels.cant_judge) || "";
  // Rust's names win: `{ slug: "Name" }` or `{ slug: { name: "Name", … } }`.
  for (const [slug, value] of Object.entries((labels && labels.quadrants) || {})) {
    const name = value && typeof value === "object" ? value.name : value;
    if (typeof name === "string" && name !== "") state.quadrants[slug] = name;
  }
}

/** "Can't judge": another rater's answer beside the scale for a behaviour they could not see. */
export function cantJudge() {
  return state.cantJudge;
}

/** "Impact Galore" for `impact-galore`; an unknown slug shows as it is. */
export function quadrantName(slug) {
  return state.quadrants[slug] || String(slug);
}

/** Every kind of rater Rust knows, the leader first, then the others in the order Rust sent. */
export function raterKinds() {
  const kinds = Object.keys(state.raters);
  return kinds.includes(SELF) ? [SELF, ...kinds.filter((kind) => kind !== SELF)] : kinds;
}

/** The raters who answer about the leader, not the leader themselves. */
export const otherRaterKinds = () => raterKinds().filter((kind) => kind !== SELF);

/** Peers and direct reports: seen only as a group, answering only by sheet (Rust sends `group`). */
export const isGroupKind = (kind) => word(kind, "group") !== String(kind);

/** The raters who may answer in this window: the leader, a coach, a manager. */
export const windowRaterKinds = () => otherRaterKinds().filter((kind) => !isGroupKind(kind));

/** One of a rater's words; an unknown kind (or labels that failed to load) shows the kind itself. */
function word(kind, key) {
  const labels = state.raters[kind];
  const text = labels && labels[key];
  return typeof text === "string" && text !== "" ? text : String(kind);
}

/** "Coach": a rater on their own, as on a chart legend. */
export const raterName = (kind) => word(kind, "name");
/** "their coach": a rater inside a sentence. */
export const raterNoun = (kind) => word(kind, "noun");
/** "a coach's": whose assessment it is. */
export const raterPossessive = (kind) => word(kind, "possessive");
/** "Their coach answers about them": who is answering the assessment. */
export const raterAnswersAbout = (kind) => word(kind, "answers_about");

/** The first letter in capitals, for a rater's noun at the start of a sentence. */
export function capitalized(text) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
