//! Keeping the history safe: verified backups of the database file, their retention, restoring
//! one, and setting a damaged file aside.
//!
//! A backup is made with `VACUUM INTO` to a temporary name next to its final one, checked with
//! `PRAGMA integrity_check` (and for Bearing's application id and a known schema version), flushed
//! to disk and only then renamed to its final name: a file with a backup's name is a verified copy.
//! Backups live in a folder beside the database, `<file name>.backups/`, named
//! `bearing-<UTC time>-<kind>.db` so that their names sort by age.

use std::fs::{self, File};
use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDateTime, Utc};
use rusqlite::{Connection, OpenFlags};
use serde::Serialize;

use super::{Storage, StorageError, APPLICATION_ID, LATEST_VERSION};

mod retention;

pub use retention::{prune, retained, KEEP_DAILY, KEEP_MONTHLY};

const PREFIX: &str = "bearing-";
const EXTENSION: &str = ".db";
const STAMP: &str = "%Y-%m-%dT%H%M%S%.3fZ";

/// Why a backup was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum BackupKind {
    /// The first change of a day, made before it.
    Daily,
    /// Before the database was upgraded to a newer schema; kept for good.
    BeforeUpgrade,
    /// What was there before a restore, so the restore can be undone; kept for good.
    BeforeRestore,
    /// Asked for by the user; kept for good.
    Manual,
}

impl BackupKind {
    const ALL: [BackupKind; 4] = [
        BackupKind::Daily,
        BackupKind::BeforeUpgrade,
        BackupKind::BeforeRestore,
        BackupKind::Manual,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            BackupKind::Daily => "daily",
            BackupKind::BeforeUpgrade => "before-upgrade",
            BackupKind::BeforeRestore => "before-restore",
            BackupKind::Manual => "manual",
        }
    }

    /// Daily backups are thinned out by the retention policy; the others are rare and each marks
    /// a moment worth going back to, so they are kept.
    fn rotates(self) -> bool {
        matches!(self, BackupKind::Daily)
    }
}

/// A backup file, as its name describes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BackupFile {
    /// The file name, which is also how the window names a backup to restore.
    pub name: String,
    #[serde(skip)]
    pub path: PathBuf,
    pub taken_at: DateTime<Utc>,
    pub kind: BackupKind,
    pub bytes: u64,
}

/// What a check of a database copy found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Verified {
    pub schema_version: i64,
    pub assessments: i64,
}

/// The folder the backups of the database at `db` go to.
pub fn backups_dir(db: &Path) -> PathBuf {
    let name = db
        .file_name()
        .map_or_else(|| "bearing.db".into(), |n| n.to_string_lossy().into_owned());
    db.with_file_name(format!("{name}.backups"))
}

fn file_name(taken_at: DateTime<Utc>, kind: BackupKind) -> String {
    format!(
        "{PREFIX}{}-{}{EXTENSION}",
        taken_at.format(STAMP),
        kind.slug()
    )
}

/// Reads a backup's time and kind from its name; `None` for any other file.
fn parse_name(name: &str) -> Option<(DateTime<Utc>, BackupKind)> {
    let rest = name.strip_prefix(PREFIX)?.strip_suffix(EXTENSION)?;
    // The stamp has a fixed width: 2026-11-23T190012.345Z
    let (stamp, kind) = rest.split_at_checked(22)?;
    let kind = kind.strip_prefix('-')?;
    let kind = BackupKind::ALL.into_iter().find(|k| k.slug() == kind)?;
    let time = NaiveDateTime::parse_from_str(stamp, STAMP).ok()?;
    Some((time.and_utc(), kind))
}

/// The backups of the database at `db`, newest first. Files that are not backups (or half-made
/// ones, which carry a temporary name) are left out.
pub fn list_backups(db: &Path) -> Result<Vec<BackupFile>, StorageError> {
    let dir = backups_dir(db);
    let entries = match fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(io_error(&dir, "cannot read the backups folder", e)),
    };
    let mut found = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some((taken_at, kind)) = parse_name(&name) else {
            continue;
        };
        let Ok(meta) = entry.metadata() else { continue };
        if !meta.is_file() {
            continue;
        }
        found.push(BackupFile {
            path: entry.path(),
            name,
            taken_at,
            kind,
            bytes: meta.len(),
        });
    }
    found.sort_by(|a, b| b.taken_at.cmp(&a.taken_at).then(b.name.cmp(&a.name)));
    Ok(found)
}

/// The newest backup that passes a full integrity check, with what it holds.
pub fn newest_verified(db: &Path) -> Option<(BackupFile, Verified)> {
    list_backups(db)
        .ok()?
        .into_iter()
        .find_map(|b| verify(&b.path).ok().map(|v| (b, v)))
}

/// Checks a database copy without writing to it: readable, `PRAGMA integrity_check` is `ok`,
/// marked as Bearing's, and of a schema version this Bearing knows.
pub fn verify(path: &Path) -> Result<Verified, StorageError> {
    let damaged = |detail: String| StorageError::Damaged {
        path: path.to_path_buf(),
        detail,
        set_aside: None,
        backup: None,
    };
    if !path.is_file() {
        return Err(StorageError::Conflict {
            path: path.to_path_buf(),
            detail: "there is no backup file here; see `bearing backup --list`".into(),
        });
    }
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| damaged(e.to_string()))?;
    let checked = integrity(&conn, "integrity_check").map_err(|e| damaged(e.to_string()))?;
    if let Integrity::Problems(problem) = checked {
        return Err(damaged(problem));
    }
    let pragma = |name: &str| conn.pragma_query_value(None, name, |r| r.get::<_, i64>(0));
    let application = pragma("application_id").map_err(|e| damaged(e.to_string()))?;
    if application != APPLICATION_ID {
        return Err(StorageError::ForeignDatabase {
            path: path.to_path_buf(),
        });
    }
    let schema_version = pragma("user_version").map_err(|e| damaged(e.to_string()))?;
    if schema_version > LATEST_VERSION {
        return Err(StorageError::TooNew {
            path: path.to_path_buf(),
            found: schema_version,
        });
    }
    if schema_version < 1 {
        return Err(damaged("it holds no Bearing tables".into()));
    }
    let assessments = conn
        .query_row("SELECT count(*) FROM assessment", [], |r| r.get(0))
        .map_err(|e| damaged(e.to_string()))?;
    Ok(Verified {
        schema_version,
        assessments,
    })
}

/// What SQLite's own check of a database file found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Integrity {
    Ok,
    /// The first problems SQLite names, in its words.
    Problems(String),
}

/// Runs `PRAGMA quick_check` or `integrity_check`.
pub(super) fn integrity(conn: &Connection, pragma: &str) -> rusqlite::Result<Integrity> {
    let mut stmt = conn.prepare(&format!("PRAGMA {pragma}(5)"))?;
    let rows: Vec<String> = stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(match rows.as_slice() {
        [one] if one == "ok" => Integrity::Ok,
        _ => Integrity::Problems(format!("SQLite's check says: {}", rows.join("; "))),
    })
}

impl Storage {
    /// Makes a verified backup into the backups folder, then applies the retention policy.
    pub fn back_up(
        &self,
        kind: BackupKind,
        now: DateTime<Utc>,
    ) -> Result<(BackupFile, Verified), StorageError> {
        let dir = backups_dir(&self.path);
        fs::create_dir_all(&dir)
            .map_err(|e| io_error(&dir, "cannot create the backups folder", e))?;
        let name = file_name(now, kind);
        let path = dir.join(&name);
        let verified = self.back_up_to(&path)?;
        if kind.rotates() {
            prune(&self.path)?;
        }
        let bytes = fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
        Ok((
            BackupFile {
                name,
                path,
                taken_at: now,
                kind,
                bytes,
            },
            verified,
        ))
    }

    /// Writes a verified copy of the database to `dest`, which must not exist yet. The copy only
    /// gets its name once it has passed the integrity check and is on disk.
    pub fn back_up_to(&self, dest: &Path) -> Result<Verified, StorageError> {
        if dest.exists() {
            return Err(StorageError::Conflict {
                path: dest.to_path_buf(),
                detail: "already exists; choose a new file name for the backup".into(),
            });
        }
        let folder = match dest.parent().filter(|p| !p.as_os_str().is_empty()) {
            Some(p) => p.to_path_buf(),
            None => PathBuf::from("."),
        };
        if !folder.is_dir() {
            return Err(StorageError::NoFolder {
                path: dest.to_path_buf(),
            });
        }
        let partial = dest.with_file_name(format!(
            ".{}.partial-{}",
            dest.file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
            std::process::id()
        ));
        let _ = fs::remove_file(&partial);
        let result = (|| {
            let target = partial.to_str().ok_or_else(|| StorageError::Conflict {
                path: dest.to_path_buf(),
                detail: "the path is not valid UTF-8; choose another name for the backup".into(),
            })?;
            self.conn
                .execute("VACUUM INTO ?1", [target])
                .map_err(|e| match e.sqlite_error_code() {
                    Some(rusqlite::ErrorCode::CannotOpen | rusqlite::ErrorCode::ReadOnly) => {
                        StorageError::Conflict {
                            path: folder.clone(),
                            detail: "cannot write a backup in this folder (it is read-only); choose a writable place with `bearing backup --out FILE`".into(),
                        }
                    }
                    _ => super::classify(dest, e),
                })?;
            let verified = verify(&partial)?;
            File::open(&partial)
                .and_then(|f| f.sync_all())
                .map_err(|e| io_error(&partial, "cannot flush the backup to disk", e))?;
            fs::rename(&partial, dest)
                .map_err(|e| io_error(dest, "cannot give the backup its name", e))?;
            sync_folder(&folder);
            Ok(verified)
        })();
        if result.is_err() {
            let _ = fs::remove_file(&partial);
        }
        result
    }

    /// The daily backup, made before the first change of a session when today has none yet and
    /// there is history to keep.
    pub(super) fn daily_backup(&self, now: DateTime<Utc>) -> Result<(), StorageError> {
        let today = now.date_naive();
        let has_today = list_backups(&self.path)?
            .iter()
            .any(|b| b.taken_at.date_naive() == today);
        if has_today {
            return Ok(());
        }
        let assessments: i64 = self
            .conn
            .query_row("SELECT count(*) FROM assessment", [], |r| r.get(0))
            .map_err(|e| self.sqlite(e))?;
        if assessments == 0 {
            return Ok(());
        }
        self.back_up(BackupKind::Daily, now).map(|_| ())
    }
}

/// What a restore did.
#[derive(Debug, Clone, Serialize)]
pub struct Restored {
    /// The backup that is now the database.
    pub from: PathBuf,
    pub assessments: i64,
    /// What the database held before, kept as a backup (none when there was nothing to keep, or
    /// when the file was damaged and had been set aside).
    pub kept: Option<BackupFile>,
}

/// Replaces the history in the database at `db` with the backup at `backup`.
///
/// The backup is verified first; the current history (when there is one) is itself backed up, so
/// the restore can be undone; the copy is made with SQLite's backup API in one step, so another
/// Bearing with the file open sees either the old history or the restored one.
pub fn restore(db: &Path, backup: &Path, now: DateTime<Utc>) -> Result<Restored, StorageError> {
    if same_file(db, backup) {
        return Err(StorageError::Conflict {
            path: backup.to_path_buf(),
            detail: "is the database itself; choose a backup to restore".into(),
        });
    }
    verify(backup)?;
    let mut storage = match Storage::open_owned(db, true) {
        Ok(s) => s,
        // A damaged file has just been set aside; a new one takes its place.
        Err(StorageError::Damaged { .. }) => Storage::open_owned(db, true)?,
        Err(e) => return Err(e),
    };
    storage.ensure_writable()?;
    let current: i64 = storage
        .conn
        .query_row("SELECT count(*) FROM assessment", [], |r| r.get(0))
        .map_err(|e| storage.sqlite(e))?;
    let kept = if current > 0 {
        Some(storage.back_up(BackupKind::BeforeRestore, now)?.0)
    } else {
        None
    };
    let source = Connection::open_with_flags(
        backup,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| StorageError::Open {
        path: backup.to_path_buf(),
        source: e,
    })?;
    {
        let copy = rusqlite::backup::Backup::new(&source, &mut storage.conn)
            .map_err(|e| storage_sqlite(db, e))?;
        // All pages in one step: one write transaction on the database. Another Bearing writing
        // at the same moment is waited for, as long as any other write would wait.
        let deadline = std::time::Instant::now() + super::BUSY_TIMEOUT;
        loop {
            use rusqlite::backup::StepResult;
            match copy.step(-1).map_err(|e| storage_sqlite(db, e))? {
                StepResult::Done => break,
                StepResult::More => {}
                StepResult::Busy | StepResult::Locked if std::time::Instant::now() < deadline => {
                    std::thread::sleep(std::time::Duration::from_millis(50));
                }
                _ => {
                    return Err(StorageError::Busy {
                        path: db.to_path_buf(),
                    })
                }
            }
        }
    }
    drop(storage);
    // Opening again upgrades an older backup to the current schema and checks the result.
    let storage = Storage::open_owned(db, true)?;
    let assessments = storage
        .conn
        .query_row("SELECT count(*) FROM assessment", [], |r| r.get(0))
        .map_err(|e| storage.sqlite(e))?;
    Ok(Restored {
        from: backup.to_path_buf(),
        assessments,
        kept,
    })
}

/// Moves a damaged database (and its `-wal` and `-shm` files) aside, unchanged, to
/// `<file name>.damaged-<UTC time>`; returns the new path of the main file.
pub(super) fn set_aside(db: &Path, now: DateTime<Utc>) -> Result<PathBuf, StorageError> {
    let stamp = now.format("%Y-%m-%dT%H%M%S%.3fZ");
    let name = db
        .file_name()
        .map_or_else(|| "bearing.db".into(), |n| n.to_string_lossy().into_owned());
    let aside = db.with_file_name(format!("{name}.damaged-{stamp}"));
    for suffix in ["-wal", "-shm"] {
        let from = db.with_file_name(format!("{name}{suffix}"));
        if from.exists() {
            let to = db.with_file_name(format!("{name}.damaged-{stamp}{suffix}"));
            fs::rename(&from, &to)
                .map_err(|e| io_error(&from, "cannot move the damaged file aside", e))?;
        }
    }
    fs::rename(db, &aside).map_err(|e| io_error(db, "cannot move the damaged file aside", e))?;
    if let Some(folder) = db.parent() {
        sync_folder(folder);
    }
    Ok(aside)
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (fs::canonicalize(a), fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// Makes a rename durable. Best effort: not every file system can sync a folder.
fn sync_folder(folder: &Path) {
    if let Ok(dir) = File::open(folder) {
        let _ = dir.sync_all();
    }
}

fn io_error(path: &Path, what: &str, e: std::io::Error) -> StorageError {
    StorageError::Conflict {
        path: path.to_path_buf(),
        detail: format!("{what} ({e})"),
    }
}

fn storage_sqlite(path: &Path, source: rusqlite::Error) -> StorageError {
    super::classify(path, source)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    use chrono::Datelike;
    use chrono::TimeZone;

    fn at(y: i32, m: u32, d: u32, h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, 0, 0).single().unwrap()
    }

    fn file(taken_at: DateTime<Utc>, kind: BackupKind) -> BackupFile {
        BackupFile {
            name: file_name(taken_at, kind),
            path: PathBuf::new(),
            taken_at,
            kind,
            bytes: 0,
        }
    }

    #[test]
    fn names_round_trip_and_sort_by_time() {
        let t = at(2026, 11, 23, 19);
        let name = file_name(t, BackupKind::BeforeUpgrade);
        assert_eq!(name, "bearing-2026-11-23T190000.000Z-before-upgrade.db");
        assert_eq!(parse_name(&name), Some((t, BackupKind::BeforeUpgrade)));
        assert!(file_name(at(2026, 1, 2, 0), BackupKind::Daily) < file_name(t, BackupKind::Daily));
        for other in [
            "bearing.db",
            "bearing-2026-11-23T190000.000Z-weekly.db",
            ".bearing-2026-11-23T190000.000Z-daily.db.partial-12",
            "bearing-2026-13-23T190000.000Z-daily.db",
        ] {
            assert_eq!(parse_name(other), None, "{other}");
        }
    }

    #[test]
    fn retention_keeps_seven_days_and_twelve_months_and_every_manual_backup() {
        let mut all = Vec::new();
        // Two a day for 400 days.
        let start = at(2025, 10, 1, 8);
        for day in 0..400 {
            for hour in [0, 6] {
                all.push(file(
                    start + chrono::Duration::days(day) + chrono::Duration::hours(hour),
                    BackupKind::Daily,
                ));
            }
        }
        let manual = file(at(2025, 10, 2, 12), BackupKind::Manual);
        let upgrade = file(at(2025, 10, 3, 12), BackupKind::BeforeUpgrade);
        all.push(manual.clone());
        all.push(upgrade.clone());
        let keep = retained(&all);
        assert!(keep.contains(&manual.name) && keep.contains(&upgrade.name));
        let kept_auto: Vec<&BackupFile> = all
            .iter()
            .filter(|b| b.kind.rotates() && keep.contains(&b.name))
            .collect();
        let newest = all.iter().map(|b| b.taken_at).max().unwrap();
        // The newest of each of the last 7 days...
        for back in 0..7 {
            let day = (newest - chrono::Duration::days(back)).date_naive();
            let newest_that_day = all
                .iter()
                .filter(|b| b.taken_at.date_naive() == day)
                .map(|b| b.taken_at)
                .max()
                .unwrap();
            assert!(
                kept_auto.iter().any(|b| b.taken_at == newest_that_day),
                "{day}"
            );
        }
        // ...and of each of the last 12 months, and nothing else.
        let months: HashSet<(i32, u32)> = kept_auto
            .iter()
            .map(|b| (b.taken_at.year(), b.taken_at.month()))
            .collect();
        assert_eq!(months.len(), 12);
        assert!(kept_auto.len() <= KEEP_DAILY + KEEP_MONTHLY);
        assert!(kept_auto.len() >= KEEP_MONTHLY);
        // The older of two backups on the same day is never kept.
        let day = newest.date_naive();
        let older_today = all
            .iter()
            .filter(|b| b.taken_at.date_naive() == day)
            .map(|b| b.taken_at)
            .min()
            .unwrap();
        assert!(!kept_auto.iter().any(|b| b.taken_at == older_today));
    }
}
