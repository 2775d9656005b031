//! The `commitment` and `draft` tables.

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use rusqlite::{params, OptionalExtension, Row};

use super::{Storage, StorageError};
use crate::domain::growth;
use crate::domain::{Commitment, Rater, Review, ReviewStatus};

const COMMITMENT_COLUMNS: &str =
    "c.id, c.assessment_id, a.taken_on, c.action_id, c.status, c.review_note, c.reviewed_in";

/// A draft as stored: its JSON text and when it was last saved (RFC 3339, UTC).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredDraft {
    pub body: String,
    pub updated_at: String,
}

/// When a commitment was made and reviewed: what the timeline marks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitmentDates {
    pub action_id: String,
    pub title: String,
    pub committed_on: NaiveDate,
    pub reviewed_on: Option<NaiveDate>,
}

impl Storage {
    /// Every commitment of the profile with the dates it was made and reviewed, oldest first. One
    /// query.
    pub fn commitment_dates(&self, profile_id: i64) -> Result<Vec<CommitmentDates>, StorageError> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT c.action_id, a.taken_on, r.taken_on FROM commitment c \
                 JOIN assessment a ON a.id = c.assessment_id \
                 LEFT JOIN assessment r ON r.id = c.reviewed_in \
                 WHERE a.profile_id = ?1 ORDER BY a.taken_on, a.id, c.position",
            )
            .map_err(|e| self.sqlite(e))?;
        let rows = stmt
            .query_map(params![profile_id], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, Option<String>>(2)?,
                ))
            })
            .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
            .map_err(|e| self.sqlite(e))?;
        let date = |text: &str| {
            NaiveDate::parse_from_str(text, "%Y-%m-%d")
                .map_err(|_| self.corrupt(format!("an assessment has date `{text}`")))
        };
        rows.into_iter()
            .map(|(action_id, made, reviewed)| {
                Ok(CommitmentDates {
                    title: growth::action(&action_id)
                        .map_or_else(|| action_id.clone(), |a| a.title.clone()),
                    action_id,
                    committed_on: date(&made)?,
                    reviewed_on: reviewed.as_deref().map(date).transpose()?,
                })
            })
            .collect()
    }

    /// The profile's open commitments made after assessments dated on or before `until` (all open
    /// ones when `None`), oldest first, in the order chosen.
    pub fn open_commitments(
        &self,
        profile_id: i64,
        until: Option<NaiveDate>,
    ) -> Result<Vec<Commitment>, StorageError> {
        let until = until.map_or_else(|| "9999-12-31".to_string(), |d| d.to_string());
        self.commitments_where(
            "a.profile_id = ?1 AND c.status IS NULL AND a.taken_on <= ?2",
            params![profile_id, until],
        )
    }

    /// The commitments made after assessment `id`, in the order chosen.
    pub fn commitments_made_after(&self, id: i64) -> Result<Vec<Commitment>, StorageError> {
        self.commitments_where("c.assessment_id = ?1", params![id])
    }

    /// The commitments reviewed at assessment `id`, oldest first, in the order chosen.
    pub fn commitments_reviewed_in(&self, id: i64) -> Result<Vec<Commitment>, StorageError> {
        self.commitments_where("c.reviewed_in = ?1", params![id])
    }

    /// Replaces the open commitments made after assessment `id` with `actions` (in that order), in
    /// one transaction. Refused if `id` is not (or no longer) its profile's latest assessment, or
    /// if any of them has been reviewed already.
    pub fn replace_commitments(
        &mut self,
        id: i64,
        actions: &[&str],
        now: DateTime<Utc>,
    ) -> Result<Vec<Commitment>, StorageError> {
        let not_latest = self.conflict(format!(
            "assessment {id} is not the latest any more; commitments are made after the latest assessment"
        ));
        let reviewed_already = self.conflict(format!(
            "the commitments made after assessment {id} have been reviewed already and cannot change"
        ));
        self.write(|tx| {
            let latest: Option<i64> = tx
                .query_row(
                    "SELECT l.id FROM assessment a JOIN assessment l \
                     ON l.profile_id = a.profile_id AND l.rater = 'self' \
                     WHERE a.id = ?1 ORDER BY l.taken_on DESC, l.id DESC LIMIT 1",
                    params![id],
                    |r| r.get(0),
                )
                .optional()?;
            if latest != Some(id) {
                return Err(not_latest.into());
            }
            let reviewed: i64 = tx.query_row(
                "SELECT count(*) FROM commitment WHERE assessment_id = ?1 AND status IS NOT NULL",
                params![id],
                |r| r.get(0),
            )?;
            if reviewed > 0 {
                return Err(reviewed_already.into());
            }
            tx.execute(
                "DELETE FROM commitment WHERE assessment_id = ?1",
                params![id],
            )?;
            let mut stmt = tx.prepare(
                "INSERT INTO commitment (assessment_id, action_id, position, committed_at) \
                 VALUES (?1, ?2, ?3, ?4)",
            )?;
            let at = now.to_rfc3339_opts(SecondsFormat::Millis, true);
            for (i, action) in actions.iter().enumerate() {
                stmt.execute(params![
                    id,
                    action,
                    i64::try_from(i + 1).unwrap_or(i64::MAX),
                    at
                ])?;
            }
            Ok(())
        })?;
        self.commitments_made_after(id)
    }

    fn commitments_where(
        &self,
        filter: &str,
        params: impl rusqlite::Params,
    ) -> Result<Vec<Commitment>, StorageError> {
        let sql = format!(
            "SELECT {COMMITMENT_COLUMNS} FROM commitment c \
             JOIN assessment a ON a.id = c.assessment_id \
             WHERE {filter} ORDER BY a.taken_on, a.id, c.position"
        );
        let mut stmt = self.conn.prepare_cached(&sql).map_err(|e| self.sqlite(e))?;
        let mut rows = stmt.query(params).map_err(|e| self.sqlite(e))?;
        let mut out = Vec::new();
        while let Some(row) = rows.next().map_err(|e| self.sqlite(e))? {
            out.push(self.commitment_from_row(row)?);
        }
        Ok(out)
    }

    fn commitment_from_row(&self, row: &Row<'_>) -> Result<Commitment, StorageError> {
        let get = |row: &Row<'_>| -> rusqlite::Result<_> {
            Ok((
                row.get::<_, i64>(0)?,
                row.get::<_, i64>(1)?,
                row.get::<_, String>(2)?,
                row.get::<_, String>(3)?,
                row.get::<_, Option<String>>(4)?,
                row.get::<_, Option<String>>(5)?,
                row.get::<_, Option<i64>>(6)?,
            ))
        };
        let (id, assessment_id, taken_on, action_id, status, note, reviewed_in) =
            get(row).map_err(|e| self.sqlite(e))?;
        let committed_on = NaiveDate::parse_from_str(&taken_on, "%Y-%m-%d").map_err(|_| {
            self.corrupt(format!("assessment {assessment_id} has date `{taken_on}`"))
        })?;
        let review = match (status, reviewed_in) {
            (Some(status), Some(reviewed_in)) => Some(Review {
                status: ReviewStatus::from_slug(&status).ok_or_else(|| {
                    self.corrupt(format!("commitment {id} has status `{status}`"))
                })?,
                note,
                reviewed_in,
            }),
            _ => None,
        };
        let title =
            growth::action(&action_id).map_or_else(|| action_id.clone(), |a| a.title.clone());
        Ok(Commitment {
            id,
            assessment_id,
            committed_on,
            action_id,
            title,
            review,
        })
    }

    /// The questionnaire draft `rater` has under way about the profile, if one is kept.
    pub fn draft(
        &self,
        profile_id: i64,
        rater: Rater,
    ) -> Result<Option<StoredDraft>, StorageError> {
        self.conn
            .query_row(
                "SELECT body, updated_at FROM draft WHERE profile_id = ?1 AND rater = ?2",
                params![profile_id, rater.slug()],
                |r| {
                    Ok(StoredDraft {
                        body: r.get(0)?,
                        updated_at: r.get(1)?,
                    })
                },
            )
            .optional()
            .map_err(|e| self.sqlite(e))
    }

    /// Keeps `body` (JSON) as the profile's draft, replacing any earlier one.
    pub fn save_draft(
        &mut self,
        profile_id: i64,
        rater: Rater,
        body: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StorageError> {
        self.write(|tx| {
            tx.prepare_cached(
                "INSERT INTO draft (profile_id, rater, body, updated_at) \
                 VALUES (?1, ?4, ?2, ?3) \
                 ON CONFLICT (profile_id, rater) DO UPDATE SET body = excluded.body, \
                 updated_at = excluded.updated_at",
            )?
            .execute(params![
                profile_id,
                body,
                now.to_rfc3339_opts(SecondsFormat::Millis, true),
                rater.slug()
            ])?;
            Ok(())
        })
    }

    /// Forgets the profile's draft; returns whether there was one.
    pub fn delete_draft(&mut self, profile_id: i64, rater: Rater) -> Result<bool, StorageError> {
        let n = self.write(|tx| {
            Ok(tx.execute(
                "DELETE FROM draft WHERE profile_id = ?1 AND rater = ?2",
                params![profile_id, rater.slug()],
            )?)
        })?;
        Ok(n > 0)
    }
}
