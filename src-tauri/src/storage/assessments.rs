//! The `assessment` and `answer` tables.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use rusqlite::{params, OptionalExtension};
use serde::Serialize;

use super::history::{summary_from_row, SUMMARY_COLUMNS, SUMMARY_COLUMN_COUNT};
use super::{Storage, StorageError};
use crate::domain::measurement::{join_flags, QualityFlag};
use crate::domain::{AnswerSheet, Assessment, Rater, ReviewInput, Score};

/// Everything needed to save one assessment.
#[derive(Debug)]
pub struct NewAssessment<'a> {
    pub profile_id: i64,
    pub rater: Rater,
    /// Who answered, for another rater: the sheet's id and the name a coach or manager gave.
    pub rater_id: Option<&'a str>,
    pub rater_name: Option<&'a str>,
    pub taken_on: NaiveDate,
    pub recorded_at: DateTime<Utc>,
    pub sheet: &'a AnswerSheet,
    pub score: &'a Score,
    /// Reviews of open commitments, by commitment id; saved in the same transaction.
    pub reviews: &'a [(i64, ReviewInput)],
    /// Whether to forget this rater's questionnaire draft about the profile in the same
    /// transaction.
    pub clear_draft: bool,
    /// The response-quality flags the sheet raised.
    pub flags: &'a [QualityFlag],
    /// The median seconds per statement, when the window timed the answers.
    pub median_seconds: Option<f64>,
}

/// The private notes of one assessment.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Notes {
    /// The note on the whole assessment.
    pub note: Option<String>,
    /// Notes per statement id.
    pub items: BTreeMap<String, String>,
}

impl Storage {
    /// Saves an assessment with its raw answers and notes in one transaction and returns it as
    /// stored. With `synchronous=FULL`, once this returns the assessment survives a crash.
    pub fn insert_assessment(
        &mut self,
        new: &NewAssessment<'_>,
    ) -> Result<Assessment, StorageError> {
        let changed = self.conflict(
            "the commitments changed in another Bearing meanwhile; nothing was saved, try again",
        );
        let id = self.write(|tx| {
            // Kept prepared between saves: preparing it also compiles the trigger that packs the
            // row's summary (schema 10).
            tx.prepare_cached(
                "INSERT INTO assessment (profile_id, rater, taken_on, recorded_at, questionnaire, \
                 focus, autonomy, quadrant, borderline, note, flags, median_seconds, rater_id, \
                 rater_name) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
            )?
            .execute(params![
                new.profile_id,
                new.rater.slug(),
                new.taken_on.format("%Y-%m-%d").to_string(),
                new.recorded_at.to_rfc3339_opts(SecondsFormat::Millis, true),
                new.score.questionnaire,
                new.score.focus,
                new.score.autonomy,
                new.score.quadrant.slug(),
                new.score.borderline,
                new.sheet.note(),
                join_flags(new.flags.iter().copied()),
                new.median_seconds,
                new.rater_id,
                new.rater_name,
            ])?;
            let id = tx.last_insert_rowid();
            let mut stmt = tx.prepare(
                "INSERT INTO answer (assessment_id, item_id, value, note) VALUES (?1, ?2, ?3, ?4)",
            )?;
            for (item, value) in new.sheet.answers() {
                stmt.execute(params![id, item.id, value, new.sheet.notes().get(&item.id)])?;
            }
            let mut review = tx.prepare(
                "UPDATE commitment SET status = ?2, review_note = ?3, reviewed_in = ?4 \
                 WHERE id = ?1 AND status IS NULL",
            )?;
            let mut reviewed = 0;
            for (commitment, input) in new.reviews {
                reviewed +=
                    review.execute(params![commitment, input.status.slug(), input.note, id])?;
            }
            if new.clear_draft {
                tx.execute(
                    "DELETE FROM draft WHERE profile_id = ?1 AND rater = ?2",
                    params![new.profile_id, new.rater.slug()],
                )?;
            }
            // Every commitment due by this date must now be reviewed; one left open means another
            // process committed after the reviews were checked.
            let unreviewed: i64 = if new.rater != Rater::SelfRating {
                0
            } else {
                tx.query_row(
                "SELECT count(*) FROM commitment c JOIN assessment a ON a.id = c.assessment_id \
                 WHERE a.profile_id = ?1 AND a.id != ?2 AND a.taken_on <= ?3 AND c.status IS NULL",
                    params![new.profile_id, id, new.taken_on.format("%Y-%m-%d").to_string()],
                    |r| r.get(0),
                )?
            };
            if reviewed != new.reviews.len() || unreviewed > 0 {
                return Err(changed.into());
            }
            Ok(id)
        })?;
        self.assessment(id)?
            .ok_or_else(|| self.corrupt(format!("assessment {id} vanished after saving")))
    }

    /// Records that the leader confirmed flagged assessment `id`: it stops being provisional.
    /// Returns false when there is no such assessment.
    pub fn confirm_assessment(
        &mut self,
        id: i64,
        now: DateTime<Utc>,
    ) -> Result<bool, StorageError> {
        let at = now.to_rfc3339_opts(SecondsFormat::Secs, true);
        self.write(|tx| {
            Ok(tx.execute(
                "UPDATE assessment SET confirmed_at = coalesce(confirmed_at, ?2) WHERE id = ?1",
                params![id, at],
            )? > 0)
        })
    }

    /// Per person, the id of their latest own assessment of questionnaire `version` that is not
    /// provisional: one independent sheet each, for calibrating from a caseload.
    pub fn latest_own_per_person(&self, version: &str) -> Result<Vec<i64>, StorageError> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT (SELECT b.id FROM assessment b \
                   WHERE b.profile_id = p.id AND b.rater = 'self' AND b.questionnaire = ?1 \
                     AND (b.flags = '' OR b.confirmed_at IS NOT NULL) \
                   ORDER BY b.taken_on DESC, b.id DESC LIMIT 1) AS latest \
                 FROM profile p WHERE latest IS NOT NULL ORDER BY p.id",
            )
            .map_err(|e| self.sqlite(e))?;
        let ids = stmt
            .query_map(params![version], |r| r.get(0))
            .and_then(|rows| rows.collect::<rusqlite::Result<Vec<i64>>>())
            .map_err(|e| self.sqlite(e));
        ids
    }

    /// One assessment with its answers, if it exists.
    pub fn assessment(&self, id: i64) -> Result<Option<Assessment>, StorageError> {
        let sql =
            format!("SELECT {SUMMARY_COLUMNS}, a.profile_id FROM assessment a WHERE a.id = ?1");
        let mut stmt = self.conn.prepare_cached(&sql).map_err(|e| self.sqlite(e))?;
        let mut rows = stmt.query(params![id]).map_err(|e| self.sqlite(e))?;
        let Some(row) = rows.next().map_err(|e| self.sqlite(e))? else {
            return Ok(None);
        };
        let profile_id: i64 = row.get(SUMMARY_COLUMN_COUNT).map_err(|e| self.sqlite(e))?;
        let Some(name) = self.person_name(profile_id)? else {
            return Err(self.corrupt(format!("assessment {id} belongs to nobody")));
        };
        let summary = summary_from_row(&self.path, row, profile_id, &name.into())?;
        let mut answers = self.answers_where("a.id = ?1", id)?;
        Ok(Some(Assessment {
            answers: answers.remove(&summary.id).unwrap_or_default(),
            summary,
        }))
    }

    /// The private notes of assessment `id` (empty when it has none or does not exist).
    pub fn assessment_notes(&self, id: i64) -> Result<Notes, StorageError> {
        let note: Option<String> = self
            .conn
            .query_row(
                "SELECT note FROM assessment WHERE id = ?1",
                params![id],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| self.sqlite(e))?
            .flatten();
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT item_id, note FROM answer WHERE assessment_id = ?1 AND note IS NOT NULL",
            )
            .map_err(|e| self.sqlite(e))?;
        let items: BTreeMap<String, String> = stmt
            .query_map(params![id], |r| r.try_into())
            .and_then(|rows| rows.collect::<rusqlite::Result<_>>())
            .map_err(|e| self.sqlite(e))?;
        Ok(Notes { note, items })
    }

    /// The assessment before `id` about the same person by the same rater (by date, then order
    /// saved) that is not provisional, if any: what a change is measured against. The same rater
    /// is [`crate::domain::AssessmentSummary::identity`]: the leader; a coach or manager of the
    /// same name (names are stored trimmed; compared without ASCII case); a peer or direct report
    /// only with their own sheet's id.
    pub fn previous_assessment_id(&self, id: i64) -> Result<Option<i64>, StorageError> {
        self.conn
            .query_row(
                "SELECT p.id FROM assessment a JOIN assessment p \
                 ON p.profile_id = a.profile_id AND p.rater = a.rater \
                 AND (CASE WHEN a.rater IN ('peer', 'direct-report') THEN p.rater_id = a.rater_id \
                      ELSE lower(coalesce(p.rater_name, '')) = lower(coalesce(a.rater_name, '')) \
                      END) \
                 AND (p.taken_on < a.taken_on OR (p.taken_on = a.taken_on AND p.id < a.id)) \
                 AND (p.flags = '' OR p.confirmed_at IS NOT NULL) \
                 WHERE a.id = ?1 ORDER BY p.taken_on DESC, p.id DESC LIMIT 1",
                params![id],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| self.sqlite(e))
    }

    /// The assessment of `profile` by `rater` on `date` saved at `recorded_at`, if there is one.
    pub fn find_assessment(
        &self,
        profile_id: i64,
        rater: Rater,
        date: NaiveDate,
        recorded_at: &str,
    ) -> Result<Option<i64>, StorageError> {
        self.conn
            .query_row(
                "SELECT id FROM assessment WHERE profile_id = ?1 AND rater = ?2 \
                 AND taken_on = ?3 AND recorded_at = ?4",
                params![
                    profile_id,
                    rater.slug(),
                    date.format("%Y-%m-%d").to_string(),
                    recorded_at
                ],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| self.sqlite(e))
    }

    /// The id of the leader's own latest assessment (rater `self`; by date, then by order saved).
    pub fn latest_assessment_id(&self, profile_id: i64) -> Result<Option<i64>, StorageError> {
        self.conn
            .query_row(
                "SELECT id FROM assessment WHERE profile_id = ?1 AND rater = 'self' \
                 ORDER BY taken_on DESC, id DESC LIMIT 1",
                params![profile_id],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| self.sqlite(e))
    }

    /// The answers of the assessments `ids` (one primary-key range each), by assessment id.
    pub fn answers_of(
        &self,
        ids: &[i64],
    ) -> Result<BTreeMap<i64, BTreeMap<String, u8>>, StorageError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT item_id, value FROM answer WHERE assessment_id = ?1")
            .map_err(|e| self.sqlite(e))?;
        let mut out = BTreeMap::new();
        for &id in ids {
            let answers = stmt
                .query_map(params![id], |r| r.try_into())
                .and_then(|rows| rows.collect::<rusqlite::Result<BTreeMap<String, u8>>>())
                .map_err(|e| self.sqlite(e))?;
            out.insert(id, answers);
        }
        Ok(out)
    }

    /// A profile's assessments with their answers, oldest first. Two queries, whatever the count.
    pub fn assessments(&self, profile_id: i64) -> Result<Vec<Assessment>, StorageError> {
        let summaries = self.assessment_summaries(profile_id)?;
        let mut answers = self.answers_where("a.profile_id = ?1", profile_id)?;
        Ok(summaries
            .into_iter()
            .map(|summary| Assessment {
                answers: answers.remove(&summary.id).unwrap_or_default(),
                summary,
            })
            .collect())
    }

    /// Answers of the assessments matching `filter` (an SQL condition on `a` with one parameter).
    fn answers_where(
        &self,
        filter: &str,
        param: i64,
    ) -> Result<BTreeMap<i64, BTreeMap<String, u8>>, StorageError> {
        let sql = format!(
            "SELECT n.assessment_id, n.item_id, n.value FROM answer n \
             JOIN assessment a ON a.id = n.assessment_id WHERE {filter}"
        );
        let mut stmt = self.conn.prepare_cached(&sql).map_err(|e| self.sqlite(e))?;
        let mut rows = stmt.query(params![param]).map_err(|e| self.sqlite(e))?;
        let mut out: BTreeMap<i64, BTreeMap<String, u8>> = BTreeMap::new();
        while let Some(row) = rows.next().map_err(|e| self.sqlite(e))? {
            let id: i64 = row.get(0).map_err(|e| self.sqlite(e))?;
            let item: String = row.get(1).map_err(|e| self.sqlite(e))?;
            let value: u8 = row.get(2).map_err(|e| self.sqlite(e))?;
            out.entry(id).or_default().insert(item, value);
        }
        Ok(out)
    }
}
