//! The exchange-folder tables: which person is linked to which folder and key, the changes seen
//! there, and the ids of assessments deleted here (tombstones).

use std::collections::BTreeSet;

use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::{params, ErrorCode, OptionalExtension};
use serde::Serialize;

use super::{Storage, StorageError, WriteError};

/// A person here linked to an exchange folder and to the other side's key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExchangeLink {
    pub id: i64,
    pub profile_id: i64,
    pub folder: String,
    pub recipient: String,
    pub linked_at: String,
    pub sent_digest: Option<String>,
}

fn stamp(now: DateTime<Utc>) -> String {
    now.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// Records a change as seen in a link's folder (once: a second time changes nothing).
const MARK_SEEN: &str = "INSERT INTO exchange_seen (link_id, change_id, seen_at) \
                         VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING";

impl Storage {
    /// Every link, in the order they were made.
    pub fn exchange_links(&self) -> Result<Vec<ExchangeLink>, StorageError> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT id, profile_id, folder, recipient, linked_at, sent_digest \
                 FROM exchange_link ORDER BY id",
            )
            .map_err(|e| self.sqlite(e))?;
        let rows = stmt
            .query_map([], |r| {
                Ok(ExchangeLink {
                    id: r.get(0)?,
                    profile_id: r.get(1)?,
                    folder: r.get(2)?,
                    recipient: r.get(3)?,
                    linked_at: r.get(4)?,
                    sent_digest: r.get(5)?,
                })
            })
            .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
            .map_err(|e| self.sqlite(e));
        rows
    }

    /// Links profile `profile_id` (checked by the caller) to `folder` and `recipient`. Refused
    /// when the person is linked already.
    pub fn add_exchange_link(
        &mut self,
        profile_id: i64,
        folder: &str,
        recipient: &str,
        now: DateTime<Utc>,
    ) -> Result<i64, StorageError> {
        let path = self.path.clone();
        self.write(|tx| {
            tx.execute(
                "INSERT INTO exchange_link (profile_id, folder, recipient, linked_at) \
                 VALUES (?1, ?2, ?3, ?4)",
                params![profile_id, folder, recipient, stamp(now)],
            )
            .map_err(|e| match e.sqlite_error_code() {
                Some(ErrorCode::ConstraintViolation) => {
                    WriteError::Refused(StorageError::Conflict {
                        path: path.clone(),
                        detail:
                            "this person is linked to an exchange folder already; unlink them first"
                                .into(),
                    })
                }
                _ => WriteError::Sqlite(e),
            })?;
            Ok(tx.last_insert_rowid())
        })
    }

    /// Removes the link of profile `profile_id`; whether there was one. The files stay.
    pub fn remove_exchange_link(&mut self, profile_id: i64) -> Result<bool, StorageError> {
        self.write(|tx| {
            Ok(tx.execute(
                "DELETE FROM exchange_link WHERE profile_id = ?1",
                params![profile_id],
            )? == 1)
        })
    }

    /// Keeps the digest of what was last written to link `link_id`'s folder, and the change id.
    pub fn record_sent(
        &mut self,
        link_id: i64,
        digest: &str,
        change_id: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StorageError> {
        self.write(|tx| {
            tx.execute(
                "UPDATE exchange_link SET sent_digest = ?2 WHERE id = ?1",
                params![link_id, digest],
            )?;
            tx.execute(MARK_SEEN, params![link_id, change_id, stamp(now)])?;
            Ok(())
        })
    }

    /// The ids of the changes seen in link `link_id`'s folder.
    pub fn seen_changes(&self, link_id: i64) -> Result<BTreeSet<String>, StorageError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT change_id FROM exchange_seen WHERE link_id = ?1")
            .map_err(|e| self.sqlite(e))?;
        let rows = stmt
            .query_map(params![link_id], |r| r.get(0))
            .and_then(|rows| rows.collect::<rusqlite::Result<BTreeSet<String>>>())
            .map_err(|e| self.sqlite(e));
        rows
    }

    /// Marks change `change_id` of link `link_id` as seen.
    pub fn mark_seen(
        &mut self,
        link_id: i64,
        change_id: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StorageError> {
        self.write(|tx| {
            tx.execute(MARK_SEEN, params![link_id, change_id, stamp(now)])?;
            Ok(())
        })
    }

    /// The ids of profile `profile_id`'s assessments deleted here, oldest deletion first.
    pub fn deleted_assessments(&self, profile_id: i64) -> Result<Vec<String>, StorageError> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT uuid FROM deleted_assessment WHERE profile_id = ?1 \
                 ORDER BY deleted_at, uuid",
            )
            .map_err(|e| self.sqlite(e))?;
        let rows = stmt
            .query_map(params![profile_id], |r| r.get(0))
            .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
            .map_err(|e| self.sqlite(e));
        rows
    }

    /// The row id of profile `profile_id`'s assessment with id `uuid`, if it is here.
    pub fn assessment_by_uuid(
        &self,
        profile_id: i64,
        uuid: &str,
    ) -> Result<Option<i64>, StorageError> {
        self.conn
            .query_row(
                "SELECT id FROM assessment WHERE uuid = ?1 AND profile_id = ?2",
                params![uuid, profile_id],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| self.sqlite(e))
    }

    /// Whether an assessment with id `uuid` is here, for anyone.
    pub fn assessment_uuid_exists(&self, uuid: &str) -> Result<bool, StorageError> {
        self.conn
            .query_row(
                "SELECT EXISTS (SELECT 1 FROM assessment WHERE uuid = ?1)",
                params![uuid],
                |r| r.get(0),
            )
            .map_err(|e| self.sqlite(e))
    }

    /// Remembers `uuid` as deleted for profile `profile_id` although it never was here, so it is
    /// not brought in later.
    pub fn remember_deleted(
        &mut self,
        profile_id: i64,
        uuid: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StorageError> {
        self.write(|tx| {
            tx.execute(
                "INSERT INTO deleted_assessment (uuid, profile_id, deleted_at) VALUES (?1, ?2, ?3) \
                 ON CONFLICT (uuid) DO NOTHING",
                params![uuid, profile_id, stamp(now)],
            )?;
            Ok(())
        })
    }
}
