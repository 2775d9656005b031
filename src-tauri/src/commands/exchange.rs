//! Exporting the whole history as JSON from the window, and importing one: a file chosen in the
//! open dialog, previewed (whose history, where it goes, what is new), then imported.

use serde::Serialize;
use tauri::{AppHandle, Runtime, State};

use super::dialogs::{
    choose_file_to_open, choose_folder, choose_save_path, file_safe, offered_name, SaveOffer, Saved,
};
use super::{lock, AppState, CommandResult};
use crate::ops::{self, ImportPreview, ImportTarget, OpsError};
use crate::storage::ImportOutcome;

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

/// A history file chosen to import and what importing it would do (its name only: the path and
/// the document stay in Rust).
#[derive(Debug, Serialize)]
pub struct ImportView {
    file: String,
    preview: ImportPreview,
}

/// Opens a Bearing export (the open dialog), checks all of it, and previews where each person
/// would go; nothing is written. The document is kept in Rust for [`import_history`]. `None` when
/// cancelled.
#[tauri::command(async)]
pub fn choose_history_to_import<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> CommandResult<Option<ImportView>> {
    let Some(path) = choose_file_to_open(
        &app,
        "Import a Bearing history",
        "Bearing export or share file",
        &["json", ops::share::SHARE_EXTENSION],
    ) else {
        return Ok(None);
    };
    let file = ops::read_history_file(&path)?;
    let (doc, preview) = state.with_storage(|s| {
        let doc = ops::open_history_file(s, file)?;
        let preview = ops::preview_import(s, &doc, None)?;
        Ok((doc, preview))
    })?;
    *lock(&state.import)? = Some(doc);
    let file = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok(Some(ImportView { file, preview }))
}

/// The preview again, with the user's choice of where the file's unknown person goes.
#[tauri::command(async)]
pub fn preview_history_import(
    state: State<'_, AppState>,
    target: Option<ImportTarget>,
) -> CommandResult<ImportPreview> {
    let doc = lock(&state.import)?.clone().ok_or(OpsError::NoImportOpen)?;
    state.with_storage(|s| ops::preview_import(s, &doc, target))
}

/// What an import from the window did.
#[derive(Debug, Serialize)]
pub struct Imported {
    outcome: ImportOutcome,
    preview: ImportPreview,
}

/// Imports the chosen file, each person where the preview with `target` says; refused, with
/// nothing written, while someone's destination still needs a choice.
#[tauri::command(async)]
pub fn import_history(
    state: State<'_, AppState>,
    target: Option<ImportTarget>,
) -> CommandResult<Imported> {
    let doc = lock(&state.import)?.clone().ok_or(OpsError::NoImportOpen)?;
    let (preview, outcome) = state.changing_storage(|s| ops::import_document(s, &doc, target))?;
    // Imported: nothing of the file stays here.
    *lock(&state.import)? = None;
    Ok(Imported { outcome, preview })
}

/// This database's key (`age1…`), made on first use: what another Bearing shares to.
#[tauri::command(async)]
pub fn get_exchange_key(state: State<'_, AppState>) -> CommandResult<String> {
    state.with_storage(|s| ops::exchange_key(s, chrono::Utc::now()))
}

/// Saves a share file of the person shown, encrypted for the Bearing whose key is `recipient`,
/// where the user chooses (the save dialog). The key is checked before the dialog opens.
#[tauri::command(async)]
pub fn share_history<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    recipient: String,
    include_notes: bool,
) -> CommandResult<Saved> {
    ops::share::parse_recipient(&recipient)?;
    let person = state.with_profile(|s, profile| ops::profile(s, profile))?;
    let name = format!(
        "bearing-share-{}-{}.{}",
        file_safe(&person.name),
        ops::today(),
        ops::share::SHARE_EXTENSION
    );
    let Some(path) = choose_save_path(
        &app,
        SaveOffer {
            title: "Save the share file to send",
            file_name: &name,
            label: "Bearing share file (encrypted)",
            extension: ops::share::SHARE_EXTENSION,
        },
    ) else {
        return Ok(Saved::at(None));
    };
    state.with_storage(|s| {
        ops::write_share_file(
            s,
            &person,
            &recipient,
            include_notes,
            &path,
            chrono::Utc::now(),
        )
    })?;
    Ok(Saved::at(Some(&path)))
}

/// One pass over every linked exchange folder (at start, on demand and every few minutes while
/// the window is open). With no folder linked, nothing is read or written.
#[tauri::command(async)]
pub fn sync_exchange(state: State<'_, AppState>) -> CommandResult<Vec<ops::folder::FolderPass>> {
    // Without a link this is no write at all, so the pending undo stays.
    if state.with_storage(|s| Ok(s.exchange_links()?.is_empty()))? {
        return Ok(Vec::new());
    }
    state.changing_storage(|s| ops::folder::sync_folders(s, chrono::Utc::now()))
}

/// Links the person shown to a folder the user chooses (the folder dialog), one that a sync engine
/// shares with the other computer, and to the other Bearing's key `recipient` (checked before the
/// dialog opens). Returns the new link as the status lists it; `None` when cancelled.
#[tauri::command(async)]
pub fn link_exchange_folder<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    recipient: String,
) -> CommandResult<Option<ops::folder::LinkStatus>> {
    ops::share::parse_recipient(&recipient)?;
    let Some(folder) = choose_folder(
        &app,
        "Choose the folder your sync engine shares with the other computer",
    ) else {
        return Ok(None);
    };
    let profile = state.with_profile(|_, profile| Ok(profile))?;
    state.changing_storage(|s| {
        ops::folder::link_folder(s, profile, &folder, &recipient, chrono::Utc::now())?;
        Ok(ops::folder::exchange_status(s)?
            .into_iter()
            .find(|l| l.profile_id == profile))
    })
}

/// Removes the person shown's exchange-folder link; the files in the folder stay.
#[tauri::command(async)]
pub fn unlink_exchange_folder(state: State<'_, AppState>) -> CommandResult<()> {
    let profile = state.with_profile(|_, profile| Ok(profile))?;
    state.changing_storage(|s| ops::folder::unlink_folder(s, profile))
}

/// Every exchange-folder link and what its folder holds now.
#[tauri::command(async)]
pub fn get_exchange_status(
    state: State<'_, AppState>,
) -> CommandResult<Vec<ops::folder::LinkStatus>> {
    state.with_storage(|s| ops::folder::exchange_status(s))
}
