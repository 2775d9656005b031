//! Verified copies of the database: making one, listing them, and putting one back.

use std::path::{Path, PathBuf};

use chrono::Utc;

use super::{DbLocation, OpsError};
use crate::storage::safekeeping;
use crate::storage::{BackupFile, BackupKind, Restored, Storage, Verified};

/// Makes a verified backup now: into the backups folder beside the database, or to `out` (a new
/// file of the user's choice).
pub fn back_up(location: &DbLocation, out: Option<&Path>) -> Result<(PathBuf, Verified), OpsError> {
    if !location.exists() {
        return Err(OpsError::NothingToBackUp(location.path().to_path_buf()));
    }
    let mut storage = location.open()?;
    match out {
        Some(out) => {
            let verified = storage.back_up_to(out)?;
            Ok((out.to_path_buf(), verified))
        }
        None => {
            let (file, verified) = back_up_open(&mut storage)?;
            Ok((file.path, verified))
        }
    }
}

/// Makes a verified backup of an open database into its backups folder; a success clears the
/// problem an earlier automatic backup may have left.
pub fn back_up_open(storage: &mut Storage) -> Result<(BackupFile, Verified), OpsError> {
    let made = storage.back_up(BackupKind::Manual, Utc::now())?;
    storage.backup_made();
    Ok(made)
}

/// The backups beside the database, newest first (not checked; restoring one checks it).
pub fn backups(location: &DbLocation) -> Result<Vec<BackupFile>, OpsError> {
    Ok(safekeeping::list_backups(location.path())?)
}

/// The backup called `name` among [`backups`]: a name from the list, never a path.
pub fn backup_named(location: &DbLocation, name: &str) -> Result<BackupFile, OpsError> {
    backups(location)?
        .into_iter()
        .find(|b| b.name == name)
        .ok_or_else(|| OpsError::NoBackupNamed(name.chars().take(80).collect()))
}

/// The folder the backups of `location` are kept in.
pub fn backups_folder(location: &DbLocation) -> PathBuf {
    safekeeping::backups_dir(location.path())
}

/// Restores a backup: the file given, or the newest one that passes a full check.
pub fn restore(location: &DbLocation, backup: Option<&Path>) -> Result<Restored, OpsError> {
    let chosen = match backup {
        Some(path) => path.to_path_buf(),
        None => safekeeping::newest_verified(location.path())
            .map(|(b, _)| b.path)
            .ok_or_else(|| OpsError::NoVerifiedBackup {
                db: location.path().to_path_buf(),
                folder: backups_folder(location),
            })?,
    };
    location.make_data_folder()?;
    Ok(safekeeping::restore(location.path(), &chosen, Utc::now())?)
}
