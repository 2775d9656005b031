// Every call into the Rust backend goes through here. A failed command rejects with a
// `BearingError`, whose `code` says what kind of failure it was and whose `message` says what to do.

// The first module run: every module has been fetched and parsed by now (start-up's `modules`).
performance.mark("modules");

/**
 * The codes a command can fail with (Rust's `{ code, message }`): damaged, read-only, disk-full,
 * busy, not-found, archived, invalid-input, file, sheet, import, conflict, too-new,
 * not-a-database, withheld (one peer's or direct report's answers), internal. Anything else the page cannot tell apart is `internal`.
 */
export class BearingError extends Error {
  constructor(code, message) {
    super(message);
    this.name = "BearingError";
    this.code = code;
  }
}

/**
 * Turns whatever a rejected `invoke` carries into a `BearingError`: Rust's `{ code, message }`,
 * or a plain string (an older backend, a plugin, the IPC layer refusing a command) as `internal`.
 */
export function toBearingError(raw) {
  if (raw instanceof BearingError) return raw;
  if (typeof raw === "string") return new BearingError("internal", raw);
  if (raw && typeof raw === "object") {
    const code = typeof raw.code === "string" && raw.code !== "" ? raw.code : "internal";
    const message = raw.message !== undefined && raw.message !== null ? String(raw.message) : code;
    return new BearingError(code, message);
  }
  return new BearingError("internal", String(raw));
}

function invoke(command, args) {
  const tauri = window.__TAURI__;
  if (!tauri || !tauri.core) {
    return Promise.reject(new BearingError("internal", "Bearing's backend is not available in this window."));
  }
  let pending;
  try {
    pending = Promise.resolve(tauri.core.invoke(command, args));
  } catch (error) {
    pending = Promise.reject(error);
  }
  return pending.catch((error) => {
    throw toBearingError(error);
  });
}

const state = {
  writes: 0,
  once: new Map(), // key -> Promise of an answer that never changes while Bearing runs
};

/**
 * A read whose answer never changes while Bearing runs: asked once; after a failure, asked again.
 * (`read` spells out its `invoke("…")`: tests/integration/commands.rs finds the page's commands
 * by that text.)
 */
function once(key, read) {
  let pending = state.once.get(key);
  if (!pending) {
    pending = read().catch((error) => {
      state.once.delete(key);
      throw error;
    });
    state.once.set(key, pending);
  }
  return pending;
}

/** A write: counted, so screens know their charts may be out of date. */
function write(command, args) {
  return invoke(command, args).finally(() => {
    state.writes += 1;
  });
}

/** How many writes this window has made; a chart drawn at another count may be stale. */
export const writeCount = () => state.writes;

export const api = {
  /** The current questionnaire, or the one named `version` (a stored assessment's). */
  questionnaire: (version = null) => once(`questionnaire:${version || ""}`, () => invoke("get_questionnaire", { version })),
  /** The words for each kind of rater: `{ raters: { self: { name, noun, possessive, answers_about }, … } }`. */
  labels: () => once("labels", () => invoke("get_labels")),
  home: () => invoke("get_home"),
  assessmentStart: (rater = "self") => invoke("get_assessment_start", { rater }),
  saveDraft: (draft, rater = "self") => invoke("save_draft", { draft, rater }),
  discardDraft: (rater = "self") => invoke("discard_draft", { rater }),
  /** `durations`: seconds per statement in questionnaire order, or null when not timed. */
  saveAssessment: (sheet, reviews, rater = "self", durations = null) =>
    write("save_assessment", { sheet, reviews, rater, durations }),
  result: (id) => invoke("get_result", { id }),
  setCommitments: (id, actions) => write("set_commitments", { id, actions }),
  /** The leader says a flagged (provisional) sheet's answers are right; resolves to its ResultView. */
  confirmAssessment: (id) => write("confirm_assessment", { id }),
  /** How far Bearing trusts its measurements: the SEM per axis and where it comes from. */
  reliability: () => invoke("get_reliability"),
  history: () => invoke("get_history"),
  deleteAssessment: (id) => write("delete_assessment", { id }),
  undoDelete: () => write("undo_delete"),
  exportHistoryJson: (includeNotes) => invoke("export_history_json", { includeNotes }),
  /** Opens an export to import (the open dialog): `{ file, preview }`, or null when cancelled. */
  chooseHistoryToImport: () => invoke("choose_history_to_import"),
  /** The preview with `target` (`{kind: "into", profile_id}`, `{kind: "new"}` or null). */
  previewHistoryImport: (target) => invoke("preview_history_import", { target }),
  importHistory: (target) => write("import_history", { target }),
  exportHistoryCsv: () => invoke("export_history_csv"),
  /** The session report (PDF), saved where the user chooses; notes only when `includeNotes`. */
  exportSessionReport: (includeNotes, paper) =>
    invoke("export_session_report", { request: { includeNotes, paper } }),
  /** The reminder of `profile` (the person shown when null) as a calendar file, saved where the user chooses. */
  exportCalendar: (profile = null) => invoke("export_calendar", { profile }),
  exportChart: (options) => invoke("export_chart", { options }),
  chartSvg: (kind, until, theme) => invoke("get_chart_svg", { kind, until, theme }),
  /** Every active person, names replaced by initials when `initials`. */
  caseload: (initials) => invoke("get_caseload", { initials }),
  /** The caseload map: `{ svg, alt }`, the alt carrying the data. */
  caseloadChart: (options) => invoke("get_caseload_chart", { options }),
  appInfo: () => invoke("get_app_info"),
  profiles: () => invoke("get_profiles"),
  perceptions: () => invoke("get_perceptions"),
  exportSheet: (rater) => invoke("export_sheet", { rater }),
  openSheetToRate: () => invoke("open_sheet_to_rate"),
  saveRatedSheet: (answers, name) => invoke("save_rated_sheet", { answers, name }),
  importFilledSheet: () => write("import_filled_sheet"),
  /** This Bearing's key (`age1…`), made on first use. */
  exchangeKey: () => invoke("get_exchange_key"),
  /** A share file of the person shown for the Bearing whose key is `recipient` (the save dialog). */
  shareHistory: (recipient, includeNotes) => invoke("share_history", { recipient, includeNotes }),
  /** One pass over every linked exchange folder: what came in and went out, per folder. */
  syncExchange: () => invoke("sync_exchange"),
  exchangeStatus: () => invoke("get_exchange_status"),
  /** Links the person shown to a folder chosen in the dialog; null when cancelled. */
  linkExchangeFolder: (recipient) => invoke("link_exchange_folder", { recipient }),
  unlinkExchangeFolder: () => invoke("unlink_exchange_folder"),
  switchProfile: (id) => write("switch_profile", { id }),
  addProfile: (name) => write("add_profile", { name }),
  renameProfile: (id, name) => write("rename_profile", { id, name }),
  archiveProfile: (id, archived) => write("archive_profile", { id, archived }),
  setCadence: (id, days) => write("set_cadence", { id, days }),
  recovery: () => invoke("get_recovery"),
  dismissRecovery: () => invoke("dismiss_recovery"),
  backups: () => invoke("get_backups"),
  backUpNow: () => invoke("back_up_now"),
  restoreBackup: (name) => write("restore_backup", { name }),
  /** A `bearing:` link Bearing was opened with, followed: `{ action: "assess", profile, name }`,
   * `{ action: "home", message }`, or null when none is waiting. */
  takeOpenedLink: () => invoke("take_opened_link"),
  /** Whether the nudge runs at login: `{ on }`. */
  nudge: () => invoke("get_nudge"),
  setNudge: (on) => invoke("set_nudge", { on }),
  /** The first screen is drawn with its data (a no-op unless start-up is being timed). */
  firstScreenReady: (marks) => invoke("first_screen_ready", { marks }),
};
