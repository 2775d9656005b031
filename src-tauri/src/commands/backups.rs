//! Backups in the window: listing, making one, restoring one, and the recovery screen shown when
//! the database turned out damaged.

use serde::Serialize;
use tauri::State;

use super::{lock, AppState, CommandResult};
use crate::ops;
use crate::storage::{BackupFile, BackupKind, StorageError};

/// What the recovery screen shows after the database turned out damaged.
#[derive(Debug, Clone, Serialize)]
pub struct RecoveryView {
    /// What SQLite found wrong.
    detail: String,
    /// Where the damaged file now is, unchanged.
    set_aside: Option<String>,
    /// The newest backup that passed a full check.
    backup: Option<BackupView>,
}

impl RecoveryView {
    pub(super) fn from_error(e: &StorageError) -> RecoveryView {
        match e {
            StorageError::Damaged {
                detail,
                set_aside,
                backup,
                ..
            } => RecoveryView {
                detail: detail.clone(),
                set_aside: set_aside.as_ref().map(|p| p.display().to_string()),
                backup: backup
                    .as_deref()
                    .map(|(b, v)| BackupView::new(b, Some(v.assessments))),
            },
            other => RecoveryView {
                detail: other.to_string(),
                set_aside: None,
                backup: None,
            },
        }
    }
}

/// A backup as the window lists it.
#[derive(Debug, Clone, Serialize)]
pub struct BackupView {
    /// The file name: how the window names the backup to restore.
    name: String,
    taken_at: chrono::DateTime<chrono::Utc>,
    kind: BackupKind,
    bytes: u64,
    /// Known when the backup was checked (the newest one, or one just made).
    assessments: Option<i64>,
}

impl BackupView {
    fn new(b: &BackupFile, assessments: Option<i64>) -> BackupView {
        BackupView {
            name: b.name.clone(),
            taken_at: b.taken_at,
            kind: b.kind,
            bytes: b.bytes,
            assessments,
        }
    }
}

#[derive(Debug, Serialize)]
pub struct BackupsView {
    folder: String,
    /// The database can be read but not changed (a read-only file or folder).
    read_only: bool,
    /// Why today's automatic backup could not be made, if it failed in this session.
    problem: Option<String>,
    backups: Vec<BackupView>,
}

/// The recovery screen's content, when the database turned out damaged at opening.
#[tauri::command]
pub fn get_recovery(state: State<'_, AppState>) -> CommandResult<Option<RecoveryView>> {
    Ok(lock(&state.recovery)?
        .as_ref()
        .map(|(view, _)| view.clone()))
}

/// Leaves the recovery screen for an empty history (the damaged file stays where it was put).
#[tauri::command]
pub fn dismiss_recovery(state: State<'_, AppState>) -> CommandResult<()> {
    *lock(&state.recovery)? = None;
    Ok(())
}

/// The backups beside the database, newest first.
#[tauri::command(async)]
pub fn get_backups(state: State<'_, AppState>) -> CommandResult<BackupsView> {
    let (read_only, problem) =
        state.with_storage(|s| Ok((s.is_read_only(), s.backup_problem().map(str::to_owned))))?;
    let backups = ops::backups(&state.location)?;
    Ok(BackupsView {
        folder: ops::backups_folder(&state.location).display().to_string(),
        read_only,
        problem,
        backups: backups.iter().map(|b| BackupView::new(b, None)).collect(),
    })
}

/// Makes a verified backup now.
#[tauri::command(async)]
pub fn back_up_now(state: State<'_, AppState>) -> CommandResult<BackupView> {
    state.with_storage(|s| {
        let (file, verified) = ops::back_up_open(s)?;
        Ok(BackupView::new(&file, Some(verified.assessments)))
    })
}

/// What a restore did, for the window.
#[derive(Debug, Serialize)]
pub struct RestoredView {
    assessments: i64,
    /// The backup holding what was there before, to undo the restore.
    kept: Option<String>,
}

/// Replaces the history with the backup named `name` (one of [`get_backups`]'s).
#[tauri::command(async)]
pub fn restore_backup(state: State<'_, AppState>, name: String) -> CommandResult<RestoredView> {
    let chosen = ops::backup_named(&state.location, &name)?;
    let mut undo = lock(&state.undo)?;
    let mut storage = lock(&state.storage)?;
    // The window's own connection closes first; the next command opens the restored file.
    *storage = None;
    let restored = ops::restore(&state.location, Some(&chosen.path))?;
    *undo = None;
    *lock(&state.recovery)? = None;
    *lock(&state.profile)? = None;
    Ok(RestoredView {
        assessments: restored.assessments,
        kept: restored.kept.map(|k| k.name),
    })
}
