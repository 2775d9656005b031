//! Exporting the whole history as JSON from the window.

use tauri::{AppHandle, Runtime, State};

use super::dialogs::{choose_save_path, offered_name, SaveOffer, Saved};
use super::{AppState, CommandResult};
use crate::ops;

/// Saves a full export (JSON) where the user chooses.
#[tauri::command(async)]
pub fn export_history_json<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    include_notes: bool,
) -> CommandResult<Saved> {
    let Some(path) = choose_save_path(
        &app,
        SaveOffer {
            title: "Export your Bearing history",
            file_name: &offered_name("export", "json"),
            label: "Bearing export (JSON)",
            extension: "json",
        },
    ) else {
        return Ok(Saved::at(None));
    };
    state
        .with_storage(|s| ops::export_to_file(s, None, &path, include_notes, chrono::Utc::now()))?;
    Ok(Saved::at(Some(&path)))
}
