//! The `assessment` and `answer` tables.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use rusqlite::{params, OptionalExtension, Row};
use serde::Serialize;

use super::{Storage, StorageError};
use crate::domain::measurement::{join_flags, parse_flags, QualityFlag};
use crate::domain::scoring::neighbours_of;
use crate::domain::{
    AnswerSheet, Assessment, AssessmentSummary, Quadrant, Rater, ReviewInput, Score,
};

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

/// What a history row shows, from the assessment alone: the person's name is read once per call
/// ([`Storage::person_name`]), not joined to every row. Migration 0009's index `assessment_history`
/// holds every one of these columns, so the history and Home's latest are read from the index
/// alone; a column added here goes into that index too (a test checks the plans).
const SUMMARY_COLUMNS: &str = "a.id, a.taken_on, a.recorded_at, a.profile_id, a.rater, \
     a.questionnaire, a.focus, a.autonomy, a.quadrant, a.borderline, a.flags, a.confirmed_at, \
     a.rater_id, a.rater_name";

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
            tx.execute(
                "INSERT INTO assessment (profile_id, rater, taken_on, recorded_at, questionnaire, \
                 focus, autonomy, quadrant, borderline, note, flags, median_seconds, rater_id, \
                 rater_name) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
                params![
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
                ],
            )?;
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
        let sql = format!("SELECT {SUMMARY_COLUMNS} FROM assessment a WHERE a.id = ?1");
        let mut stmt = self.conn.prepare_cached(&sql).map_err(|e| self.sqlite(e))?;
        let mut rows = stmt.query(params![id]).map_err(|e| self.sqlite(e))?;
        let Some(row) = rows.next().map_err(|e| self.sqlite(e))? else {
            return Ok(None);
        };
        let profile_id: i64 = row.get(3).map_err(|e| self.sqlite(e))?;
        let Some(name) = self.person_name(profile_id)? else {
            return Err(self.corrupt(format!("assessment {id} belongs to nobody")));
        };
        let summary = self.summary_from_row(row, &name)?;
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

    /// A profile's assessments without answers, oldest first (by date, then by order saved).
    pub fn assessment_summaries(
        &self,
        profile_id: i64,
    ) -> Result<Vec<AssessmentSummary>, StorageError> {
        let Some(name) = self.person_name(profile_id)? else {
            return Ok(Vec::new());
        };
        let mut stmt = self
            .conn
            .prepare_cached(&history_sql())
            .map_err(|e| self.sqlite(e))?;
        let mut rows = stmt
            .query(params![profile_id])
            .map_err(|e| self.sqlite(e))?;
        let mut out = Vec::new();
        while let Some(row) = rows.next().map_err(|e| self.sqlite(e))? {
            out.push(self.summary_from_row(row, &name)?);
        }
        Ok(out)
    }

    /// The name of person `profile_id`, if there is one.
    fn person_name(&self, profile_id: i64) -> Result<Option<String>, StorageError> {
        self.conn
            .prepare_cached("SELECT name FROM profile WHERE id = ?1")
            .and_then(|mut stmt| {
                stmt.query_row(params![profile_id], |r| r.get(0))
                    .optional()
            })
            .map_err(|e| self.sqlite(e))
    }

    /// How many assessments of `profile_id` by `rater` there are (one count over the index).
    pub fn assessment_count(&self, profile_id: i64, rater: Rater) -> Result<usize, StorageError> {
        let count: i64 = self
            .conn
            .prepare_cached("SELECT count(*) FROM assessment WHERE profile_id = ?1 AND rater = ?2")
            .and_then(|mut stmt| stmt.query_row(params![profile_id, rater.slug()], |r| r.get(0)))
            .map_err(|e| self.sqlite(e))?;
        // A count is never negative.
        Ok(usize::try_from(count).unwrap_or(0))
    }

    /// How many assessments each profile's history holds (by every rater), by profile id: one
    /// grouped query over the index.
    pub fn assessment_counts(&self) -> Result<HashMap<i64, usize>, StorageError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT profile_id, count(*) FROM assessment GROUP BY profile_id")
            .map_err(|e| self.sqlite(e))?;
        let rows = stmt
            .query_map([], |r| <(i64, i64)>::try_from(r))
            .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
            .map_err(|e| self.sqlite(e))?;
        Ok(rows
            .into_iter()
            .map(|(id, n)| (id, usize::try_from(n).unwrap_or(0)))
            .collect())
    }

    /// The latest `limit` assessments of `profile_id` by `rater` without answers, newest first (by
    /// date, then by order saved). Reads the index backwards, so the cost does not grow with the
    /// history.
    pub fn latest_summaries(
        &self,
        profile_id: i64,
        rater: Rater,
        limit: usize,
    ) -> Result<Vec<AssessmentSummary>, StorageError> {
        let Some(name) = self.person_name(profile_id)? else {
            return Ok(Vec::new());
        };
        let mut stmt = self
            .conn
            .prepare_cached(&latest_sql())
            .map_err(|e| self.sqlite(e))?;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let mut rows = stmt
            .query(params![profile_id, rater.slug(), limit])
            .map_err(|e| self.sqlite(e))?;
        let mut out = Vec::new();
        while let Some(row) = rows.next().map_err(|e| self.sqlite(e))? {
            out.push(self.summary_from_row(row, &name)?);
        }
        Ok(out)
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

    /// One row of [`SUMMARY_COLUMNS`], of the person called `profile`.
    fn summary_from_row(
        &self,
        row: &Row<'_>,
        profile: &str,
    ) -> Result<AssessmentSummary, StorageError> {
        // Text columns are read borrowed where only their meaning is kept (date, rater,
        // quadrant): a history of 100,000 rows then allocates just the strings it returns.
        let text = |i: usize| -> rusqlite::Result<&str> {
            row.get_ref(i)?.as_str().map_err(|e| {
                rusqlite::Error::FromSqlConversionFailure(
                    i,
                    rusqlite::types::Type::Text,
                    Box::new(e),
                )
            })
        };
        let get = || -> rusqlite::Result<_> {
            Ok((
                row.get::<_, i64>(0)?,
                text(1)?,
                text(2)?.to_owned(),
                row.get::<_, i64>(3)?,
                text(4)?,
                text(5)?.to_owned(),
                row.get::<_, f64>(6)?,
                row.get::<_, f64>(7)?,
                text(8)?,
                row.get::<_, bool>(9)?,
                text(10)?,
                row.get::<_, Option<String>>(11)?,
                row.get::<_, Option<String>>(12)?,
                row.get::<_, Option<String>>(13)?,
            ))
        };
        let (
            id,
            taken_on,
            recorded_at,
            profile_id,
            rater,
            questionnaire,
            focus,
            autonomy,
            quadrant,
            borderline,
            flags,
            confirmed_at,
            rater_id,
            rater_name,
        ) = get().map_err(|e| self.sqlite(e))?;
        let flags = parse_flags(flags);
        let date = parse_day(taken_on)
            .ok_or_else(|| self.corrupt(format!("assessment {id} has date `{taken_on}`")))?;
        let rater = Rater::from_slug(rater)
            .ok_or_else(|| self.corrupt(format!("assessment {id} has rater `{rater}`")))?;
        // The stored quadrant and borderline flag are what the user was shown; they stay as they
        // were even if a later Bearing draws the band differently.
        let quadrant = Quadrant::from_slug(quadrant)
            .ok_or_else(|| self.corrupt(format!("assessment {id} has quadrant `{quadrant}`")))?;
        let neighbours = if borderline {
            neighbours_of(quadrant, focus, autonomy)
        } else {
            Vec::new()
        };
        Ok(AssessmentSummary {
            id,
            date,
            recorded_at,
            profile_id,
            profile: profile.to_owned(),
            rater,
            rater_id,
            rater_name,
            questionnaire,
            focus,
            autonomy,
            quadrant,
            borderline,
            neighbours,
            provisional: !flags.is_empty() && confirmed_at.is_none(),
            flags,
        })
    }
}

/// A person's history, oldest first (by date, then by order saved): `?1` the profile.
fn history_sql() -> String {
    format!(
        "SELECT {SUMMARY_COLUMNS} FROM assessment a WHERE a.profile_id = ?1 \
         ORDER BY a.taken_on, a.id"
    )
}

/// The latest `?3` assessments of profile `?1` by rater `?2`, newest first.
fn latest_sql() -> String {
    format!(
        "SELECT {SUMMARY_COLUMNS} FROM assessment a WHERE a.profile_id = ?1 AND a.rater = ?2 \
         ORDER BY a.taken_on DESC, a.id DESC LIMIT ?3"
    )
}

/// A stored `YYYY-MM-DD` date (the schema checks its shape), read without chrono's format parser,
/// which dominated loading a long history.
fn parse_day(text: &str) -> Option<NaiveDate> {
    let b = text.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |range: std::ops::Range<usize>| -> Option<u32> {
        b[range].iter().try_fold(0u32, |n, &c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    let year = i32::try_from(num(0..4)?).ok()?;
    NaiveDate::from_ymd_opt(year, num(5..7)?, num(8..10)?)
}

#[cfg(test)]
mod tests {
    use super::{history_sql, latest_sql, parse_day};
    use crate::storage::Storage;
    use chrono::NaiveDate;

    /// SQLite's plan for `sql`, one step per line.
    fn plan(storage: &Storage, sql: &str) -> String {
        let mut stmt = storage
            .conn
            .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
            .unwrap();
        let unbound = vec![rusqlite::types::Null; stmt.parameter_count()];
        let steps: Vec<String> = stmt
            .query_map(rusqlite::params_from_iter(unbound), |r| r.get::<_, String>(3))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        steps.join("\n")
    }

    #[test]
    fn the_history_and_the_latest_are_read_from_the_index_alone_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let storage = Storage::open(&dir.path().join("plan.db")).unwrap();
        for sql in [history_sql(), latest_sql()] {
            let plan = plan(&storage, &sql);
            assert!(
                plan.contains("SEARCH a USING COVERING INDEX assessment_history"),
                "{sql}\n{plan}"
            );
            assert!(!plan.contains("TEMP B-TREE"), "sorted apart: {plan}");
        }
    }

    #[test]
    fn stored_dates_parse_like_chrono_and_bad_ones_are_refused() {
        for ok in ["2000-01-01", "2024-02-29", "2026-12-31"] {
            assert_eq!(
                parse_day(ok),
                NaiveDate::parse_from_str(ok, "%Y-%m-%d").ok(),
                "{ok}"
            );
        }
        for bad in [
            "2023-02-29",
            "2024-13-01",
            "2024-1-01",
            "20a4-01-01",
            "2024/01/01",
            "",
        ] {
            assert_eq!(parse_day(bad), None, "{bad}");
        }
    }
}
