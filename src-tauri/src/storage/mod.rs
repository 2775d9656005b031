//! SQLite storage: opening a database file safely, migrations, and one module per table.
//!
//! SQL lives only here and always uses bound parameters. Functions return domain types.

mod assessments;
mod backup;
mod commitments;
mod deletion;
mod migrations;
mod profiles;

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, ErrorCode, OpenFlags};

pub use assessments::{NewAssessment, Notes};
pub use backup::ImportOutcome;
pub use commitments::{CommitmentDates, StoredDraft};
pub use deletion::Tombstone;
pub use migrations::LATEST_VERSION;
pub use profiles::Profile;

/// The profile every database starts with ("Me").
pub const DEFAULT_PROFILE_ID: i64 = 1;

/// `PRAGMA application_id` of a Bearing database ("BRNG"), set by the first migration.
pub const APPLICATION_ID: i64 = 0x4252_4E47;

/// How long a write waits for another Bearing process holding the lock.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Why the database could not be opened or used. Messages name the file and what to do.
#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    #[error("{}: is a folder, not a database file; give a file path with --db", .path.display())]
    IsFolder { path: PathBuf },
    #[error("{}: the folder it should be in does not exist; create the folder or choose another path with --db", .path.display())]
    NoFolder { path: PathBuf },
    #[error("{}: is not a Bearing database (SQLite says: {detail}); choose another file with --db", .path.display())]
    NotADatabase { path: PathBuf, detail: String },
    #[error("{}: is an SQLite database of another program (it is not marked as Bearing's); choose another file with --db", .path.display())]
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
}

/// An open, migrated Bearing database.
#[derive(Debug)]
pub struct Storage {
    conn: Connection,
    path: PathBuf,
}

impl Storage {
    /// Opens (creating if needed) and migrates the database at `path`.
    ///
    /// Nothing is written to a file that is not a Bearing database, nor to one written by a newer
    /// Bearing: both are checked before the first write.
    pub fn open(path: &Path) -> Result<Storage, StorageError> {
        let path = path.to_path_buf();
        if path.is_dir() {
            return Err(StorageError::IsFolder { path });
        }
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            if !parent.is_dir() {
                return Err(StorageError::NoFolder { path });
            }
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn =
            Connection::open_with_flags(&path, flags).map_err(|source| StorageError::Open {
                path: path.clone(),
                source,
            })?;
        let mut storage = Storage { conn, path };
        storage
            .conn
            .busy_timeout(BUSY_TIMEOUT)
            .map_err(|e| storage.sqlite(e))?;
        let version = storage.check_readable()?;
        // From here on the file is known to be ours (or empty) and not from the future.
        storage
            .conn
            .pragma_update(None, "journal_mode", "WAL")
            .and_then(|()| storage.conn.pragma_update(None, "synchronous", "FULL"))
            .and_then(|()| storage.conn.pragma_update(None, "foreign_keys", "ON"))
            .map_err(|e| storage.sqlite(e))?;
        migrations::migrate(&mut storage.conn, version).map_err(|e| storage.sqlite(e))?;
        Ok(storage)
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
        StorageError::Sqlite {
            path: self.path.clone(),
            source,
        }
    }

    fn corrupt(&self, detail: impl Into<String>) -> StorageError {
        StorageError::Corrupt {
            path: self.path.clone(),
            detail: detail.into(),
        }
    }
}
