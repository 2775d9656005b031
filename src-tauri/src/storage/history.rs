//! Reading the history: a person's assessments without their answers, all of them in order or
//! the latest few, and how many there are, from the `assessment_history` index alone.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::{params, OptionalExtension, Row};

use super::{Storage, StorageError};
use crate::domain::measurement::parse_flags;
use crate::domain::scoring::neighbours_of;
use crate::domain::{AssessmentSummary, Quadrant, Rater};

/// What a history row shows, from the assessment alone: the person's name is read once per call
/// ([`Storage::person_name`]), not joined to every row. Migration 0009's index `assessment_history`
/// holds every one of these columns, so the history and Home's latest are read from the index
/// alone; a column added here goes into that index too (a test checks the plans).
pub(super) const SUMMARY_COLUMNS: &str = "a.id, a.taken_on, a.recorded_at, a.profile_id, a.rater, \
     a.questionnaire, a.focus, a.autonomy, a.quadrant, a.borderline, a.flags, a.confirmed_at, \
     a.rater_id, a.rater_name";

impl Storage {
    /// A profile's assessments without answers, oldest first (by date, then by order saved).
    pub fn assessment_summaries(
        &self,
        profile_id: i64,
    ) -> Result<Vec<AssessmentSummary>, StorageError> {
        self.summaries_of(profile_id, &history_sql(), params![profile_id])
    }

    /// The summaries `sql` selects of person `profile_id`'s assessments ([`SUMMARY_COLUMNS`],
    /// bound to `params`), in its order; none when there is no such person.
    fn summaries_of(
        &self,
        profile_id: i64,
        sql: &str,
        params: impl rusqlite::Params,
    ) -> Result<Vec<AssessmentSummary>, StorageError> {
        let Some(name) = self.person_name(profile_id)? else {
            return Ok(Vec::new());
        };
        let mut stmt = self.conn.prepare_cached(sql).map_err(|e| self.sqlite(e))?;
        let mut rows = stmt.query(params).map_err(|e| self.sqlite(e))?;
        let mut out = Vec::new();
        while let Some(row) = rows.next().map_err(|e| self.sqlite(e))? {
            out.push(self.summary_from_row(row, &name)?);
        }
        Ok(out)
    }

    /// The name of person `profile_id`, if there is one.
    pub(super) fn person_name(&self, profile_id: i64) -> Result<Option<String>, StorageError> {
        self.conn
            .prepare_cached("SELECT name FROM profile WHERE id = ?1")
            .and_then(|mut stmt| stmt.query_row(params![profile_id], |r| r.get(0)).optional())
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
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        self.summaries_of(
            profile_id,
            &latest_sql(),
            params![profile_id, rater.slug(), limit],
        )
    }
    /// One row of [`SUMMARY_COLUMNS`], of the person called `profile`.
    pub(super) fn summary_from_row(
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
            .query_map(rusqlite::params_from_iter(unbound), |r| {
                r.get::<_, String>(3)
            })
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
