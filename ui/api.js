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

export const api = {
  questionnaire: () => invoke("get_questionnaire"),
  saveAssessment: (sheet) => invoke("save_assessment", { sheet }),
  result: (id) => invoke("get_result", { id }),
  history: () => invoke("get_history"),
  mapSvg: (until, theme) => invoke("get_map_svg", { until, theme }),
  appInfo: () => invoke("get_app_info"),
};
