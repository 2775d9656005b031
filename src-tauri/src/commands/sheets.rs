//! Answer sheets in the window: writing one for a rater, answering one received, importing one
//! that came back.

use serde::Serialize;
use tauri::{AppHandle, Runtime, State};

use super::dialogs::{choose_save_path, choose_sheet_to_open, file_safe, SaveOffer, Saved};
use super::{lock, AppState, CommandResult};
use crate::domain::sheet::SheetStatement;
use crate::domain::Rater;
use crate::ops::{self, OpsError, When};

/// An answer sheet someone sent, as the window shows it to fill in (no path: Rust keeps it).
#[derive(Debug, Serialize)]
pub struct SheetView {
    profile: String,
    rater: Rater,
    questionnaire: String,
    scale: Vec<String>,
    /// "Can't judge", beside the scale, when the questionnaire offers it (v2 on).
    not_applicable: Option<String>,
    statements: Vec<SheetStatement>,
}

/// Opens an answer sheet someone sent (the open dialog), to fill in about them. Needs no profile
/// of one's own; the sheet is kept in Rust until it is saved. `None` when cancelled.
#[tauri::command(async)]
pub fn open_sheet_to_rate<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> CommandResult<Option<SheetView>> {
    let Some(path) = choose_sheet_to_open(&app, "Open the answer sheet you received") else {
        return Ok(None);
    };
    let sheet = ops::read_sheet_file(&path)?;
    let shown = ops::sheet_to_answer(&sheet);
    let view = SheetView {
        profile: shown.profile,
        rater: shown.rater,
        questionnaire: shown.questionnaire,
        scale: shown.scale,
        not_applicable: shown.not_applicable,
        statements: shown.statements,
    };
    *lock(&state.sheet)? = Some(sheet);
    Ok(Some(view))
}

/// Fills in the open sheet with `answers` (statement id to 1–5, or null for "can't judge") for today and saves it where the
/// user chooses (the save dialog), to send back.
#[tauri::command(async)]
pub fn save_rated_sheet<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    answers: serde_json::Value,
    name: Option<String>,
) -> CommandResult<Saved> {
    let sheet = lock(&state.sheet)?.clone().ok_or(OpsError::NoSheetOpen)?;
    let given = name.filter(|n| !n.trim().is_empty());
    // A name that would be refused is refused before the save dialog opens.
    ops::check_filler_name(sheet.rater, given.as_deref())?;
    let name = format!("bearing-sheet-{}-answered.json", file_safe(&sheet.profile));
    let Some(path) = choose_save_path(
        &app,
        SaveOffer {
            title: "Save your answers to send back",
            file_name: &name,
            label: "Bearing answer sheet (JSON)",
            extension: "json",
        },
    ) else {
        return Ok(Saved::at(None));
    };
    ops::check_not_database(&path, state.location.path())?;
    let by = ops::FilledBy {
        when: When::now(None),
        name: given.as_deref(),
    };
    ops::fill_sheet_with(sheet, answers, by, &path)?;
    // Answered and saved: nothing of it stays here.
    *lock(&state.sheet)? = None;
    Ok(Saved::at(Some(&path)))
}

/// Writes an answer sheet about the person shown, for their coach, manager or a peer to fill in
/// (the save dialog).
#[tauri::command(async)]
pub fn export_sheet<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    rater: Rater,
) -> CommandResult<Saved> {
    ops::sheets::check_sheet_rater(rater)?;
    let person = state.with_profile(|s, profile| ops::profile(s, profile))?;
    if ops::profiles::is_unnamed(&person) {
        return Err(OpsError::Unnamed.into());
    }
    let name = format!(
        "bearing-sheet-{}-{}.json",
        file_safe(&person.name),
        rater.slug()
    );
    let Some(path) = choose_save_path(
        &app,
        SaveOffer {
            title: "Save the answer sheet to send",
            file_name: &name,
            label: "Bearing answer sheet (JSON)",
            extension: "json",
        },
    ) else {
        return Ok(Saved::at(None));
    };
    ops::write_sheet(
        &person,
        rater,
        &path,
        Some(state.location.path()),
        chrono::Utc::now(),
    )?;
    Ok(Saved::at(Some(&path)))
}

/// What importing a filled sheet added.
#[derive(Debug, Serialize)]
pub struct SheetImported {
    id: i64,
    profile: String,
    rater: Rater,
    /// For a peer or direct report: the group it joined, and how many more are needed.
    group: Option<String>,
}

/// Adds a filled sheet that came back (the open dialog) to the person it is about.
#[tauri::command(async)]
pub fn import_filled_sheet<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> CommandResult<Option<SheetImported>> {
    let Some(path) = choose_sheet_to_open(&app, "Open the answered sheet") else {
        return Ok(None);
    };
    let sheet = ops::read_sheet_file(&path)?;
    let saved = state.changing_storage(|s| ops::import_sheet(s, &sheet, ops::today()))?;
    let group = match state.with_storage(|s| ops::imported_sheet(s, &saved))? {
        ops::ImportedSheet::Group(joined) => Some(joined.message),
        ops::ImportedSheet::OneToOne(_) => None,
    };
    Ok(Some(SheetImported {
        id: saved.summary.id,
        profile: saved.summary.profile.into(),
        rater: saved.summary.rater,
        group,
    }))
}
