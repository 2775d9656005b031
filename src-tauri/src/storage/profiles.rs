//! The `profile` table: the people whose position Bearing tracks.

use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::{params, ErrorCode, OptionalExtension, Row};
use serde::Serialize;

use std::path::Path;

use super::{Storage, StorageError, WriteError};

/// A person whose position is tracked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Profile {
    pub id: i64,
    /// Their identity across databases (lower-case hyphenated UUID): what a file or a link names
    /// them by.
    pub uuid: String,
    pub name: String,
    pub created_at: String,
    pub archived_at: Option<String>,
    /// How often they mean to take an assessment, in days.
    pub cadence_days: i64,
}

const COLUMNS: &str = "id, uuid, name, created_at, archived_at, cadence_days";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Profile> {
    Ok(Profile {
        id: r.get(0)?,
        uuid: r.get(1)?,
        name: r.get(2)?,
        created_at: r.get(3)?,
        archived_at: r.get(4)?,
        cadence_days: r.get(5)?,
    })
}

impl Storage {
    /// Every profile, archived ones included, in the order they were added.
    pub fn profiles(&self) -> Result<Vec<Profile>, StorageError> {
        let sql = format!("SELECT {COLUMNS} FROM profile ORDER BY id");
        let mut stmt = self.conn.prepare_cached(&sql).map_err(|e| self.sqlite(e))?;
        let rows = stmt
            .query_map([], from_row)
            .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
            .map_err(|e| self.sqlite(e));
        rows
    }

    /// The profile named `name` (case-insensitive), if any.
    pub fn profile_by_name(&self, name: &str) -> Result<Option<Profile>, StorageError> {
        let sql = format!("SELECT {COLUMNS} FROM profile WHERE name = ?1 COLLATE NOCASE");
        self.conn
            .query_row(&sql, params![name], from_row)
            .optional()
            .map_err(|e| self.sqlite(e))
    }

    /// The profile with id `id`, if any.
    pub fn profile(&self, id: i64) -> Result<Option<Profile>, StorageError> {
        let sql = format!("SELECT {COLUMNS} FROM profile WHERE id = ?1");
        self.conn
            .query_row(&sql, params![id], from_row)
            .optional()
            .map_err(|e| self.sqlite(e))
    }

    /// Adds a profile; `name` must already be checked. Refused when the name is taken.
    pub fn add_profile(&mut self, name: &str, now: DateTime<Utc>) -> Result<Profile, StorageError> {
        let at = now.to_rfc3339_opts(SecondsFormat::Secs, true);
        let path = self.path.clone();
        let id = self.write(|tx| {
            tx.execute(
                "INSERT INTO profile (name, created_at) VALUES (?1, ?2)",
                params![name, at],
            )
            .map_err(|e| name_taken(&path, e, name))?;
            Ok(tx.last_insert_rowid())
        })?;
        self.profile(id)?
            .ok_or_else(|| self.corrupt(format!("profile {id} vanished after saving")))
    }

    /// Renames profile `id`; `name` must already be checked. Refused when the name is taken.
    pub fn rename_profile(&mut self, id: i64, name: &str) -> Result<(), StorageError> {
        let path = self.path.clone();
        self.write(|tx| {
            tx.execute(
                "UPDATE profile SET name = ?2 WHERE id = ?1",
                params![id, name],
            )
            .map_err(|e| name_taken(&path, e, name))?;
            Ok(())
        })
    }

    /// Archives (or unarchives) profile `id`. Its history stays; it is only hidden from lists.
    pub fn set_archived(
        &mut self,
        id: i64,
        archived: bool,
        now: DateTime<Utc>,
    ) -> Result<(), StorageError> {
        let at = archived.then(|| now.to_rfc3339_opts(SecondsFormat::Secs, true));
        self.write(|tx| {
            tx.execute(
                "UPDATE profile SET archived_at = ?2 WHERE id = ?1",
                params![id, at],
            )?;
            Ok(())
        })
    }

    /// Sets how often profile `id` means to take an assessment (checked by the caller).
    pub fn set_cadence(&mut self, id: i64, days: i64) -> Result<(), StorageError> {
        self.write(|tx| {
            tx.execute(
                "UPDATE profile SET cadence_days = ?2 WHERE id = ?1",
                params![id, days],
            )?;
            Ok(())
        })
    }
}

/// A taken name is refused with its own message; any other failure is SQLite's.
fn name_taken(path: &Path, e: rusqlite::Error, name: &str) -> WriteError {
    match e.sqlite_error_code() {
        Some(ErrorCode::ConstraintViolation) => WriteError::Refused(StorageError::Conflict {
            path: path.to_path_buf(),
            detail: format!("a profile named `{name}` already exists; choose another name"),
        }),
        _ => WriteError::Sqlite(e),
    }
}
