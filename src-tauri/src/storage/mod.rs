//! SQLite storage: opening a database file safely, migrations, and one module per table.
//!
//! SQL lives only here and always uses bound parameters. Functions return domain types.

mod assessments;
mod commitments;
mod deletion;
mod export;
mod history;
mod import;
mod keys;
mod links;
mod migrations;
mod profiles;
pub mod safekeeping;
#[cfg(test)]
mod write_tests;

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::Utc;
use rusqlite::{Connection, ErrorCode, OpenFlags, Transaction, TransactionBehavior, MAIN_DB};

pub use assessments::{NewAssessment, Notes};
pub use commitments::{CommitmentDates, StoredDraft};
pub use deletion::Tombstone;
pub use import::{Destination, ImportOutcome, ImportPlan};
pub use links::ExchangeLink;
pub use migrations::LATEST_VERSION;
pub use profiles::Profile;
pub use safekeeping::{BackupFile, BackupKind, Restored, Verified};

/// The profile every database starts with ("Me").
pub const DEFAULT_PROFILE_ID: i64 = 1;

/// `PRAGMA application_id` of a Bearing database ("BRNG"), set by the first migration.
pub const APPLICATION_ID: i64 = 0x4252_4E47;

/// How long a write waits for another Bearing process (the window, or another command) that
/// holds the write lock, before giving up with a message.
const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

/// Each connection's page cache, in KiB (`PRAGMA cache_size` counts KiB when negative): up to
/// 32 MiB (SQLite's default is 2 MiB), allotted only as pages are read. A history of 100,000
/// assessments is an index of about 11 MiB, which then stays in memory between readings instead of
/// being read from the file again each time.
const PAGE_CACHE: i64 = -32_768;

/// The first bytes of every SQLite database file.
const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// Why the database could not be opened or used. Messages name the file and what to do.
#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    #[error("{}: is a folder, not a database file; give the path of a file", .path.display())]
    IsFolder { path: PathBuf },
    #[error("{}: the folder it should be in does not exist; create the folder or choose another path", .path.display())]
    NoFolder { path: PathBuf },
    #[error("{}: is not a Bearing database (SQLite says: {detail}); choose another file", .path.display())]
    NotADatabase { path: PathBuf, detail: String },
    #[error("{}: is an SQLite database of another program (it is not marked as Bearing's); choose another file", .path.display())]
    ForeignDatabase { path: PathBuf },
    #[error("{}: was written by a newer Bearing (schema version {found}, this Bearing knows up to {LATEST_VERSION}); update Bearing to open it", .path.display())]
    TooNew { path: PathBuf, found: i64 },
    #[error("{}: cannot be opened: {source}", .path.display())]
    Open {
        path: PathBuf,
        source: rusqlite::Error,
    },
    #[error("{}: database error: {source}", .path.display())]
    Sqlite {
        path: PathBuf,
        source: rusqlite::Error,
    },
    #[error("{}: {detail}", .path.display())]
    Conflict { path: PathBuf, detail: String },
    #[error("{}: stored data is not valid: {detail}", .path.display())]
    Corrupt { path: PathBuf, detail: String },
    #[error("{}", damaged_message(.path, .detail, .set_aside.as_deref(), .backup.as_deref()))]
    Damaged {
        path: PathBuf,
        detail: String,
        /// Where the damaged file was moved, unchanged.
        set_aside: Option<PathBuf>,
        /// The newest backup that passed a full check, with what it holds.
        backup: Option<Box<(BackupFile, Verified)>>,
    },
    #[error("{}: is read-only (the file or its folder cannot be written), so nothing was saved; your history can still be read. Make the file and its folder writable, or copy the file somewhere writable and open the copy", .path.display())]
    ReadOnly { path: PathBuf },
    #[error("{}: the disk is full, so nothing was saved; everything saved before is intact. Free some space on that disk and try again", .path.display())]
    DiskFull { path: PathBuf },
    #[error("{}: another Bearing (the window or a command) kept the database busy for {} s, so nothing was saved; try again when it has finished", .path.display(), BUSY_TIMEOUT.as_secs())]
    Busy { path: PathBuf },
    #[error("{}: could not make a verified backup before upgrading it to this Bearing's format, so it was left as it was: {detail}", .path.display())]
    BackupFailed { path: PathBuf, detail: String },
}

fn damaged_message(
    path: &Path,
    detail: &str,
    set_aside: Option<&Path>,
    backup: Option<&(BackupFile, Verified)>,
) -> String {
    let mut message = format!(
        "{}: is damaged and cannot be read safely ({detail}).",
        path.display()
    );
    match set_aside {
        Some(aside) => message.push_str(&format!(
            " It was moved aside, unchanged, to {}; a new, empty history starts in its place.",
            aside.display()
        )),
        None => message.push_str(" Nothing was written to it."),
    }
    match backup {
        Some((b, v)) => message.push_str(&format!(
            " The newest verified backup is from {} UTC and holds {} assessment{}: restoring it brings them back.",
            b.taken_at.format("%Y-%m-%d %H:%M"),
            v.assessments,
            if v.assessments == 1 { "" } else { "s" }
        )),
        None => message.push_str(" There is no verified backup of it to restore."),
    }
    message
}

impl StorageError {
    /// The kind of failure, for the window to react to (see `OpsError::code`).
    pub fn code(&self) -> &'static str {
        match self {
            StorageError::IsFolder { .. }
            | StorageError::NoFolder { .. }
            | StorageError::Open { .. } => "file",
            StorageError::NotADatabase { .. } | StorageError::ForeignDatabase { .. } => {
                "not-a-database"
            }
            StorageError::TooNew { .. } => "too-new",
            StorageError::Sqlite { .. } | StorageError::BackupFailed { .. } => "internal",
            StorageError::Conflict { .. } => "conflict",
            StorageError::Corrupt { .. } | StorageError::Damaged { .. } => "damaged",
            StorageError::ReadOnly { .. } => "read-only",
            StorageError::DiskFull { .. } => "disk-full",
            StorageError::Busy { .. } => "busy",
        }
    }
}

/// How a change inside [`Storage::write`] can fail: SQLite itself (classified by the caller of
/// the change, once), or a rule the change found broken. Either way nothing is kept.
#[derive(Debug)]
pub(crate) enum WriteError {
    Sqlite(rusqlite::Error),
    Refused(StorageError),
}

impl From<rusqlite::Error> for WriteError {
    fn from(e: rusqlite::Error) -> Self {
        WriteError::Sqlite(e)
    }
}

impl From<StorageError> for WriteError {
    fn from(e: StorageError) -> Self {
        WriteError::Refused(e)
    }
}

/// Turns an SQLite error into the message for its cause: a full disk, a read-only file, a busy
/// database and damage each say what happened and what to do.
pub(crate) fn classify(path: &Path, source: rusqlite::Error) -> StorageError {
    let path = path.to_path_buf();
    match source.sqlite_error_code() {
        Some(ErrorCode::DiskFull) => StorageError::DiskFull { path },
        // SQLite reports a shared-memory or journal file it cannot grow as read-only or as an I/O
        // error; on a disk with no room left, that is the full disk.
        Some(ErrorCode::ReadOnly | ErrorCode::CannotOpen | ErrorCode::SystemIoFailure)
            if disk_full(&path) =>
        {
            StorageError::DiskFull { path }
        }
        Some(ErrorCode::ReadOnly) => StorageError::ReadOnly { path },
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => StorageError::Busy { path },
        Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase) => StorageError::Damaged {
            path,
            detail: source.to_string(),
            set_aside: None,
            backup: None,
        },
        _ => StorageError::Sqlite { path, source },
    }
}

/// An open, migrated Bearing database.
#[derive(Debug)]
pub struct Storage {
    /// A second, read-only connection to the same file, opened the first time a long history is
    /// read in two halves at once (see `history.rs`); kept here between readings. Declared before
    /// `conn` so it closes first: the last connection to close folds the write-ahead log back into
    /// the file and removes it.
    reader: std::sync::Mutex<Option<Connection>>,
    conn: Connection,
    path: PathBuf,
    /// Opened for reading only (the file or its folder cannot be written): every change is
    /// refused before it starts.
    read_only: bool,
    /// Whether this session has made (or found) today's backup yet.
    daily_checked: bool,
    /// Why today's automatic backup could not be made, when it failed (shown on the About screen).
    backup_problem: Option<String>,
}

impl Storage {
    /// Opens (creating if needed) and migrates the database at `path`.
    ///
    /// Nothing is written to a file that is not a Bearing database, nor to one written by a newer
    /// Bearing: both are checked before the first write. A damaged file is never written to: it is
    /// moved aside when it is evidently Bearing's (see [`Storage::open_owned`]), and the error names
    /// the newest verified backup.
    pub fn open(path: &Path) -> Result<Storage, StorageError> {
        Storage::open_owned(path, false)
    }

    /// Like [`Storage::open`]; `owned` says the file is Bearing's own (the default database), so a
    /// damaged one is set aside even when it no longer looks like SQLite at all. A file the user
    /// named is set aside only when it has SQLite's header or Bearing has backups of it; any other
    /// file is refused untouched.
    pub fn open_owned(path: &Path, owned: bool) -> Result<Storage, StorageError> {
        let path = path.to_path_buf();
        if path.is_dir() {
            return Err(StorageError::IsFolder { path });
        }
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            if !parent.is_dir() {
                return Err(StorageError::NoFolder { path });
            }
        }
        let has_backups = safekeeping::backups_dir(&path).is_dir();
        let existing_len = std::fs::metadata(&path).map(|m| m.len()).ok();
        // An emptied file where a history used to be (there are backups of it) is damage, not a
        // new database.
        if existing_len == Some(0) && has_backups {
            return Err(Storage::damaged(&path, "the file is empty".into(), true));
        }
        match Storage::open_checked(&path) {
            Err(StorageError::Damaged { detail, .. }) => {
                let ours = owned || has_backups || starts_like_sqlite(&path);
                Err(Storage::damaged(&path, detail, ours))
            }
            Err(StorageError::NotADatabase { path, detail }) if owned || has_backups => {
                Err(Storage::damaged(&path, detail, true))
            }
            other => other,
        }
    }

    /// The error for a damaged file: moved aside when `set_aside`, with the newest verified backup.
    fn damaged(path: &Path, detail: String, set_aside: bool) -> StorageError {
        let backup = safekeeping::newest_verified(path).map(Box::new);
        let aside = if set_aside {
            match safekeeping::set_aside(path, Utc::now()) {
                Ok(aside) => Some(aside),
                Err(e) => {
                    return StorageError::Damaged {
                        path: path.to_path_buf(),
                        detail: format!("{detail}; moving it aside failed too: {e}"),
                        set_aside: None,
                        backup,
                    }
                }
            }
        } else {
            None
        };
        StorageError::Damaged {
            path: path.to_path_buf(),
            detail,
            set_aside: aside,
            backup,
        }
    }

    fn open_checked(path: &Path) -> Result<Storage, StorageError> {
        let path = path.to_path_buf();
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = match Connection::open_with_flags(&path, flags) {
            Ok(conn) => conn,
            // A folder that cannot be written: read what is there, if anything.
            Err(e) if path.exists() => {
                Storage::open_read_only(&path).map_err(|_| StorageError::Open {
                    path: path.clone(),
                    source: e,
                })?
            }
            Err(source) => return Err(StorageError::Open { path, source }),
        };
        let read_only = conn.is_readonly(MAIN_DB).unwrap_or(true);
        let mut storage = Storage {
            reader: std::sync::Mutex::new(None),
            conn,
            path,
            read_only,
            daily_checked: false,
            backup_problem: None,
        };
        storage
            .conn
            .busy_timeout(BUSY_TIMEOUT)
            .map_err(|e| storage.sqlite(e))?;
        let version = match storage.check_readable() {
            // A WAL database in a read-only folder cannot be read through a read-write connection
            // (its shared-memory file cannot be made); read it as an unchanging file instead.
            Err(
                StorageError::Sqlite { .. }
                | StorageError::Open { .. }
                | StorageError::ReadOnly { .. }
                | StorageError::DiskFull { .. },
            ) if storage.path.exists() => {
                storage.conn =
                    Storage::open_read_only(&storage.path).map_err(|e| storage.sqlite(e))?;
                storage.read_only = true;
                storage.check_readable()?
            }
            other => other?,
        };
        // From here on the file is known to be ours (or empty) and not from the future.
        if version > 0 {
            // The quick check reads every page: damage shows here, before anything is written.
            if let safekeeping::Integrity::Problems(problem) =
                safekeeping::integrity(&storage.conn, "quick_check")
                    .map_err(|e| storage.sqlite(e))?
            {
                return Err(StorageError::Damaged {
                    path: storage.path.clone(),
                    detail: problem,
                    set_aside: None,
                    backup: None,
                });
            }
        }
        storage
            .conn
            .pragma_update(None, "synchronous", "FULL")
            .and_then(|()| storage.conn.pragma_update(None, "foreign_keys", "ON"))
            .and_then(|()| storage.conn.pragma_update(None, "cache_size", PAGE_CACHE))
            .map_err(|e| storage.sqlite(e))?;
        if storage.read_only {
            if version < LATEST_VERSION {
                return Err(StorageError::Conflict {
                    path: storage.path.clone(),
                    detail: format!(
                        "is read-only and in an older format (version {version}) that this Bearing must upgrade, which needs writing; make the file and its folder writable and open it again"
                    ),
                });
            }
            return Ok(storage);
        }
        storage
            .conn
            .pragma_update(None, "journal_mode", "WAL")
            .map_err(|e| storage.sqlite(e))?;
        if version > 0 && version < LATEST_VERSION {
            storage
                .back_up(BackupKind::BeforeUpgrade, Utc::now())
                .map_err(|e| StorageError::BackupFailed {
                    path: storage.path.clone(),
                    detail: e.to_string(),
                })?;
        }
        migrations::migrate(&mut storage.conn, version).map_err(|e| storage.sqlite(e))?;
        Ok(storage)
    }

    /// A read-only connection to a file that nothing can change (its folder is read-only).
    fn open_read_only(path: &Path) -> rusqlite::Result<Connection> {
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        if conn
            .query_row("SELECT count(*) FROM sqlite_schema", [], |r| {
                r.get::<_, i64>(0)
            })
            .is_ok()
        {
            return Ok(conn);
        }
        drop(conn);
        // Reading it as unchanging is only right when no write-ahead log holds changes yet.
        let wal = path.with_file_name(format!(
            "{}-wal",
            path.file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
        ));
        if std::fs::metadata(&wal).is_ok_and(|m| m.len() > 0) {
            return Connection::open_with_flags(
                path,
                OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            );
        }
        let uri = format!("file:{}?mode=ro&immutable=1", uri_path(path));
        Connection::open_with_flags(
            uri,
            OpenFlags::SQLITE_OPEN_READ_ONLY
                | OpenFlags::SQLITE_OPEN_NO_MUTEX
                | OpenFlags::SQLITE_OPEN_URI,
        )
    }

    /// Whether changes can be saved; when not, every change is refused before it starts.
    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    /// Refuses a change on a read-only database.
    pub(crate) fn ensure_writable(&self) -> Result<(), StorageError> {
        if self.read_only {
            let path = self.path.clone();
            return Err(if disk_full(&path) {
                StorageError::DiskFull { path }
            } else {
                StorageError::ReadOnly { path }
            });
        }
        Ok(())
    }

    /// Why changes cannot be saved, in words for the user, when the database was opened
    /// read-only; `None` when it can be changed.
    pub fn read_only_reason(&self) -> Option<String> {
        match self.ensure_writable() {
            Ok(()) => None,
            Err(StorageError::DiskFull { path }) => Some(format!(
                "Your history is open read-only: you can look at all of it, but nothing new can \
                 be saved, because the disk that holds {} is full. Free some space on that disk, \
                 then restart Bearing.",
                path.display()
            )),
            Err(_) => Some(format!(
                "Your history is open read-only: you can look at all of it, but nothing new can \
                 be saved, because {} cannot be written (the file or its folder is read-only). \
                 Make the file and its folder writable and restart Bearing, or copy the file \
                 somewhere writable and open the copy instead.",
                self.path.display()
            )),
        }
    }

    /// Why today's automatic backup could not be made, if it failed in this session and no
    /// backup was made by hand since.
    pub fn backup_problem(&self) -> Option<&str> {
        self.backup_problem.as_deref()
    }

    /// A backup made by hand succeeded: the history is safe again, whatever the daily one did.
    pub fn backup_made(&mut self) {
        self.backup_problem = None;
    }

    /// Called at the start of every change: refuses it on a read-only database, and makes the
    /// day's backup before the first change of a session. A failed backup does not stop the
    /// change (the change itself is atomic); it is reported on standard error and kept for the
    /// window ([`Storage::backup_problem`]).
    fn before_write(&mut self) -> Result<(), StorageError> {
        self.ensure_writable()?;
        if !self.daily_checked {
            self.daily_checked = true;
            match self.daily_backup(Utc::now()) {
                Ok(_) => self.backup_problem = None,
                Err(e) => {
                    eprintln!("warning: today's backup was not made: {e}");
                    self.backup_problem = Some(e.to_string());
                }
            }
        }
        Ok(())
    }

    /// The one way a change reaches the database. It is refused before it starts on a read-only
    /// file, follows the day's backup ([`Storage::before_write`]), and runs in one immediate
    /// transaction: the change's checks and writes see the same database, a concurrent writer
    /// makes it wait (the busy timeout) rather than fail midway, and a failure anywhere leaves
    /// nothing behind. Every SQLite error, from beginning to commit, is classified (a full disk, a
    /// read-only file, a busy or damaged database each get their own message).
    pub(crate) fn write<T>(
        &mut self,
        change: impl FnOnce(&Transaction<'_>) -> Result<T, WriteError>,
    ) -> Result<T, StorageError> {
        self.before_write()?;
        let path = self.path.clone();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| classify(&path, e))?;
        let value = change(&tx).map_err(|e| match e {
            WriteError::Sqlite(e) => classify(&path, e),
            WriteError::Refused(e) => e,
        })?;
        tx.commit().map_err(|e| classify(&path, e))?;
        Ok(value)
    }

    /// A conflict found by a change: the database is not as the change expected.
    pub(crate) fn conflict(&self, detail: impl Into<String>) -> StorageError {
        StorageError::Conflict {
            path: self.path.clone(),
            detail: detail.into(),
        }
    }

    /// Reads the schema version without writing, refusing non-SQLite files, other programs'
    /// databases and newer schemas.
    fn check_readable(&self) -> Result<i64, StorageError> {
        let pragma = |name: &str| -> rusqlite::Result<i64> {
            self.conn.pragma_query_value(None, name, |r| r.get(0))
        };
        let read = || -> rusqlite::Result<(i64, i64, i64)> {
            let tables: i64 =
                self.conn
                    .query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))?;
            Ok((pragma("user_version")?, pragma("application_id")?, tables))
        };
        let (version, application, tables) = read().map_err(|e| match e.sqlite_error_code() {
            Some(ErrorCode::NotADatabase) => StorageError::NotADatabase {
                path: self.path.clone(),
                detail: e.to_string(),
            },
            _ => self.sqlite(e),
        })?;
        // An empty file is a new database; anything else must carry Bearing's application id.
        let ours = if version == 0 && application == 0 {
            tables == 0
        } else {
            application == APPLICATION_ID
        };
        if !ours {
            return Err(StorageError::ForeignDatabase {
                path: self.path.clone(),
            });
        }
        if version > LATEST_VERSION {
            return Err(StorageError::TooNew {
                path: self.path.clone(),
                found: version,
            });
        }
        Ok(version)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The schema version the database is at (after `open`, always [`LATEST_VERSION`]).
    pub fn schema_version(&self) -> Result<i64, StorageError> {
        self.conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .map_err(|e| self.sqlite(e))
    }

    fn sqlite(&self, source: rusqlite::Error) -> StorageError {
        classify(&self.path, source)
    }

    fn corrupt(&self, detail: impl Into<String>) -> StorageError {
        corrupt(&self.path, detail)
    }
}

/// The error for a stored value no Bearing writes, in the database at `path` (for code that reads
/// without a `Storage` at hand, such as the second thread of a long history).
fn corrupt(path: &Path, detail: impl Into<String>) -> StorageError {
    StorageError::Corrupt {
        path: path.to_path_buf(),
        detail: detail.into(),
    }
}

/// Whether the disk holding `path` has (almost) no room left.
fn disk_full(path: &Path) -> bool {
    let folder = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    rustix::fs::statvfs(folder).is_ok_and(|s| s.f_bavail.saturating_mul(s.f_frsize) < 64 * 1024)
}

/// Whether the file starts with SQLite's header (so it was a database, whatever state it is in).
fn starts_like_sqlite(path: &Path) -> bool {
    use std::io::Read;
    let mut head = [0u8; 16];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut head))
        .is_ok_and(|()| &head == SQLITE_MAGIC)
}

/// A path for an SQLite URI: `%`, `?` and `#` escaped.
fn uri_path(path: &Path) -> String {
    let mut out = String::new();
    for c in path.to_string_lossy().chars() {
        match c {
            '%' => out.push_str("%25"),
            '?' => out.push_str("%3f"),
            '#' => out.push_str("%23"),
            c => out.push(c),
        }
    }
    out
}
