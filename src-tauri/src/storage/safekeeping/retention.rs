//! How long automatic backups are kept: the newest of each of the last days and months, and every
//! backup made by hand or before an upgrade or a restore.

use std::collections::HashSet;
use std::fs;
use std::path::Path;

use chrono::Datelike;

use super::{backups_dir, io_error, list_backups, BackupFile, PREFIX};
use crate::storage::StorageError;

/// How many of the newest days and months keep an automatic backup.
pub const KEEP_DAILY: usize = 7;
pub const KEEP_MONTHLY: usize = 12;

/// Which backups the retention policy keeps: of the daily ones, for each of the newest
/// [`KEEP_DAILY`] days that have one, the newest of that day, and for each of the newest
/// [`KEEP_MONTHLY`] months, the newest of that month. Every other kind is always kept.
pub fn retained(backups: &[BackupFile]) -> HashSet<String> {
    let mut sorted: Vec<&BackupFile> = backups.iter().collect();
    sorted.sort_by(|a, b| b.taken_at.cmp(&a.taken_at).then(b.name.cmp(&a.name)));
    let mut keep = HashSet::new();
    let mut days = Vec::new();
    let mut months = Vec::new();
    for b in sorted {
        if !b.kind.rotates() {
            keep.insert(b.name.clone());
            continue;
        }
        let day = b.taken_at.date_naive();
        if !days.contains(&day) {
            days.push(day);
            if days.len() <= KEEP_DAILY {
                keep.insert(b.name.clone());
            }
        }
        let month = (day.year(), day.month());
        if !months.contains(&month) {
            months.push(month);
            if months.len() <= KEEP_MONTHLY {
                keep.insert(b.name.clone());
            }
        }
    }
    keep
}

/// Deletes the daily backups the retention policy no longer keeps, and half-made copies left by a
/// Bearing that was stopped while making one (an hour old or more); returns how many it removed.
pub fn prune(db: &Path) -> Result<usize, StorageError> {
    let mut removed = 0;
    if let Ok(entries) = fs::read_dir(backups_dir(db)) {
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let stale = entry
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age.as_secs() >= 3600);
            let partial = name.starts_with(&format!(".{PREFIX}")) && name.contains(".partial-");
            if partial && stale && fs::remove_file(entry.path()).is_ok() {
                removed += 1;
            }
        }
    }
    let all = list_backups(db)?;
    let keep = retained(&all);
    for b in all {
        if !keep.contains(&b.name) {
            fs::remove_file(&b.path)
                .map_err(|e| io_error(&b.path, "cannot remove an old backup", e))?;
            removed += 1;
        }
    }
    Ok(removed)
}
