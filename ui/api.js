// Every call into the Rust backend goes through here. Errors arrive as one message string.

function invoke(command, args) {
  const tauri = window.__TAURI__;
  if (!tauri || !tauri.core) {
    return Promise.reject(new Error("Bearing's backend is not available in this window."));
  }
  return tauri.core.invoke(command, args).catch((error) => {
    throw new Error(typeof error === "string" ? error : String(error && error.message ? error.message : error));
  });
}

let questionnaire = null;
let writes = 0;

/** A write: counted, so screens know their charts may be out of date. */
function write(command, args) {
  return invoke(command, args).finally(() => {
    writes += 1;
  });
}

/** How many writes this window has made; a chart drawn at another count may be stale. */
export const writeCount = () => writes;

export const api = {
  /** The current questionnaire; it never changes while Bearing runs, so it is fetched once. */
  questionnaire: () => {
    if (!questionnaire) questionnaire = invoke("get_questionnaire").catch((error) => {
      questionnaire = null;
      throw error;
    });
    return questionnaire;
  },
  home: () => invoke("get_home"),
  assessmentStart: (rater = "self") => invoke("get_assessment_start", { rater }),
  saveDraft: (draft, rater = "self") => invoke("save_draft", { draft, rater }),
  discardDraft: (rater = "self") => invoke("discard_draft", { rater }),
  saveAssessment: (sheet, reviews, rater = "self") => write("save_assessment", { sheet, reviews, rater }),
  result: (id) => invoke("get_result", { id }),
  setCommitments: (id, actions) => write("set_commitments", { id, actions }),
  history: () => invoke("get_history"),
  deleteAssessment: (id) => write("delete_assessment", { id }),
  undoDelete: () => write("undo_delete"),
  exportBackup: (includeNotes) => invoke("export_backup", { includeNotes }),
  exportHistoryCsv: () => invoke("export_history_csv"),
  exportChart: (options) => invoke("export_chart", { options }),
  chartSvg: (kind, until, theme) => invoke("get_chart_svg", { kind, until, theme }),
  appInfo: () => invoke("get_app_info"),
  profiles: () => invoke("get_profiles"),
  perceptions: () => invoke("get_perceptions"),
  exportSheet: (rater) => invoke("export_sheet", { rater }),
  openSheetToRate: () => invoke("open_sheet_to_rate"),
  saveRatedSheet: (answers) => invoke("save_rated_sheet", { answers }),
  importFilledSheet: () => write("import_filled_sheet"),
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
  /** The first screen is drawn with its data (a no-op unless start-up is being timed). */
  firstScreenReady: () => invoke("first_screen_ready"),
};
