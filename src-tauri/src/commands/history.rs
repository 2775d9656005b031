//! The history screen: the list, deleting and undeleting, and the CSV export.

use serde::Serialize;
use tauri::{AppHandle, Runtime, State};

use super::dialogs::{choose_save_path, offered_name, SaveOffer, Saved};
use super::{AppState, CommandResult};
use crate::ops::{self, HistoryEntry, OpsError};

/// The history, newest first (the order the screen lists it in): assessments and groups.
#[tauri::command(async)]
pub fn get_history(state: State<'_, AppState>) -> CommandResult<Vec<HistoryEntry>> {
    let rows = state.with_profile(|s, profile| ops::history_entries(s, profile))?;
    Ok(rows.into_iter().rev().collect())
}

/// What the window says after a deletion.
#[derive(Debug, Serialize)]
pub struct Deleted {
    id: i64,
    date: String,
}

/// Deletes assessment `id`; it can be brought back with `undo_delete` until anything else changes.
#[tauri::command(async)]
pub fn delete_assessment(state: State<'_, AppState>, id: i64) -> CommandResult<Deleted> {
    state.with_storage_and_undo(|storage, undo| {
        let tombstone = ops::delete_assessment(storage, id)?;
        let deleted = Deleted {
            id: tombstone.id,
            date: tombstone.taken_on.clone(),
        };
        *undo = Some(tombstone);
        Ok(deleted)
    })
}

/// Undeletes the assessment deleted last, if nothing changed since.
#[tauri::command(async)]
pub fn undo_delete(state: State<'_, AppState>) -> CommandResult<i64> {
    state.with_storage_and_undo(|storage, undo| {
        let tombstone = undo.take().ok_or(OpsError::NothingToUndo)?;
        ops::undelete_assessment(storage, &tombstone)?;
        Ok(tombstone.id)
    })
}

/// Saves the history as CSV where the user chooses.
#[tauri::command(async)]
pub fn export_history_csv<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> CommandResult<Saved> {
    let Some(path) = choose_save_path(
        &app,
        SaveOffer {
            title: "Export your history as CSV",
            file_name: &offered_name("history", "csv"),
            label: "CSV (spreadsheets)",
            extension: "csv",
        },
    ) else {
        return Ok(Saved::at(None));
    };
    ops::check_not_database(&path, state.location.path())?;
    let csv = state.with_profile(|s, profile| ops::history_csv_of(s, profile))?;
    ops::write_file_atomically(&path, csv.as_bytes())?;
    Ok(Saved::at(Some(&path)))
}
