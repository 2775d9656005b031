//! The session report from the window: History → Export → "Session report (PDF)…".

use serde::Deserialize;
use tauri::{AppHandle, Runtime, State};

use super::dialogs::{choose_save_path, offered_name, SaveOffer, Saved};
use super::{AppState, CommandResult};
use crate::ops::{self, ReportOptions};
use crate::pdf::Paper;

/// How the window asks for a session report.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ReportRequest {
    /// The tick box: private notes are printed only when it is set.
    include_notes: bool,
    paper: Paper,
}

/// Makes the session report of the person shown (their whole history) and saves it where the
/// user chooses. The report is made first, so a person with nothing to report is told so before
/// any dialog opens.
#[tauri::command(async)]
pub fn export_session_report<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    request: ReportRequest,
) -> CommandResult<Saved> {
    let options = ReportOptions {
        range: ops::ChartRange::default(),
        include_notes: request.include_notes,
        paper: request.paper,
    };
    let pdf = state.with_profile(|s, profile| ops::session_report(s, profile, options))?;
    let Some(path) = choose_save_path(
        &app,
        SaveOffer {
            title: "Save the session report",
            file_name: &offered_name("session-report", "pdf"),
            label: "PDF document",
            extension: "pdf",
        },
    ) else {
        return Ok(Saved::at(None));
    };
    ops::check_pdf_path(&path)?;
    ops::check_not_database(&path, state.location.path())?;
    ops::write_file_atomically(&path, &pdf)?;
    Ok(Saved::at(Some(&path)))
}
