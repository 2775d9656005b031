//! Reading the history: a person's assessments without their answers, all of them in order or
//! the latest few, and how many there are, from the `assessment_history` index alone.

use std::collections::HashMap;

use chrono::NaiveDate;
use compact_str::CompactString;
use rusqlite::types::ValueRef;
use rusqlite::{params, OptionalExtension, Row};

use super::{Storage, StorageError};
use crate::domain::measurement::parse_flags;
use crate::domain::scoring::neighbours_of;
use crate::domain::{AssessmentSummary, Quadrant, Rater};

/// What a history row shows, from the assessment alone: the person (id and name) is known to the
/// caller and read once per call ([`Storage::person_name`]), not read or joined on every row.
/// Migration 0009's index `assessment_history` holds every one of these columns, so the history and
/// Home's latest are read from the index alone; a column added here goes into that index too (a
/// test checks the plans). [`SUMMARY_COLUMN_COUNT`] columns, in the order
/// [`Storage::summary_from_row`] reads them.
pub(super) const SUMMARY_COLUMNS: &str =
    "a.id, a.taken_on, a.recorded_at, a.rater, a.questionnaire, \
     a.focus, a.autonomy, a.quadrant, a.borderline, a.flags, a.confirmed_at, a.rater_id, \
     a.rater_name";

/// How many columns [`SUMMARY_COLUMNS`] selects (counted from it): a query may select more after
/// them.
pub(super) const SUMMARY_COLUMN_COUNT: usize = {
    let (text, mut i, mut columns) = (SUMMARY_COLUMNS.as_bytes(), 0, 1);
    while i < text.len() {
        if text[i] == b',' {
            columns += 1;
        }
        i += 1;
    }
    columns
};

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
        let name = CompactString::from(name);
        let mut stmt = self.conn.prepare_cached(sql).map_err(|e| self.sqlite(e))?;
        let mut rows = stmt.query(params).map_err(|e| self.sqlite(e))?;
        let mut out = Vec::new();
        while let Some(row) = rows.next().map_err(|e| self.sqlite(e))? {
            out.push(self.summary_from_row(row, profile_id, &name)?);
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
    /// One row of [`SUMMARY_COLUMNS`], of person `profile_id`, called `profile`.
    ///
    /// This runs once per row of a history (100,000 of them in the benchmark), so it reads every
    /// column borrowed, keeps only what each means (a date, a rater, a quadrant, whether it is
    /// confirmed) and copies just the short texts a summary keeps, inline.
    pub(super) fn summary_from_row(
        &self,
        row: &Row<'_>,
        profile_id: i64,
        profile: &CompactString,
    ) -> Result<AssessmentSummary, StorageError> {
        let get = || -> rusqlite::Result<_> {
            let bytes = |i: usize| -> rusqlite::Result<&[u8]> {
                row.get_ref(i)?.as_bytes().map_err(|e| {
                    rusqlite::Error::FromSqlConversionFailure(
                        i,
                        rusqlite::types::Type::Text,
                        Box::new(e),
                    )
                })
            };
            let str = |i: usize| -> rusqlite::Result<&str> {
                std::str::from_utf8(bytes(i)?).map_err(|e| rusqlite::Error::Utf8Error(i, e))
            };
            let text = |i: usize| str(i).map(CompactString::new);
            let optional = |i: usize| -> rusqlite::Result<Option<String>> { row.get(i) };
            Ok((
                row.get::<_, i64>(0)?,
                // The date is only ever digits and dashes (the schema checks its shape).
                bytes(1)?,
                text(2)?,
                str(3)?,
                text(4)?,
                row.get::<_, f64>(5)?,
                row.get::<_, f64>(6)?,
                str(7)?,
                row.get::<_, bool>(8)?,
                str(9)?,
                row.get_ref(10)? == ValueRef::Null,
                optional(11)?,
                optional(12)?,
            ))
        };
        let (
            id,
            taken_on,
            recorded_at,
            rater,
            questionnaire,
            focus,
            autonomy,
            quadrant,
            borderline,
            flags,
            unconfirmed,
            rater_id,
            rater_name,
        ) = get().map_err(|e| self.sqlite(e))?;
        let flags = parse_flags(flags);
        let date = parse_day(taken_on).ok_or_else(|| {
            let shown = String::from_utf8_lossy(taken_on);
            self.corrupt(format!("assessment {id} has date `{shown}`"))
        })?;
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
            profile: profile.clone(),
            rater,
            rater_id,
            rater_name,
            questionnaire,
            focus,
            autonomy,
            quadrant,
            borderline,
            neighbours,
            provisional: !flags.is_empty() && unconfirmed,
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
fn parse_day(b: &[u8]) -> Option<NaiveDate> {
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
    fn a_history_row_with_an_unknown_slug_is_reported_as_damage_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        let storage = Storage::open(&dir.path().join("slugs.db")).unwrap();
        let insert = |id: i64, rater: &str, quadrant: &str| {
            storage
                .conn
                .pragma_update(None, "ignore_check_constraints", true)
                .unwrap();
            storage
                .conn
                .execute(
                    "INSERT INTO assessment (id, profile_id, rater, rater_id, taken_on, recorded_at, \
                     questionnaire, focus, autonomy, quadrant, borderline) \
                     VALUES (?1, 1, ?2, ?3, '2026-01-05', '2026-01-05T10:00:00.000Z', 'v1', 60, 60, \
                     ?4, 0)",
                    rusqlite::params![id, rater, (rater != "self").then_some("x"), quadrant],
                )
                .unwrap();
        };
        insert(1, "self", "impact-galore");
        assert_eq!(storage.assessment_summaries(1).unwrap().len(), 1);
        insert(2, "self", "impact-gal");
        let err = storage.assessment_summaries(1).unwrap_err().to_string();
        assert!(
            err.contains("assessment 2 has quadrant `impact-gal`"),
            "{err}"
        );
        storage
            .conn
            .execute("DELETE FROM assessment WHERE id = 2", [])
            .unwrap();
        insert(3, "selfish", "impact-galore");
        let err = storage.assessment_summaries(1).unwrap_err().to_string();
        assert!(err.contains("assessment 3 has rater `selfish`"), "{err}");
    }

    #[test]
    fn stored_dates_parse_like_chrono_and_bad_ones_are_refused() {
        for ok in ["2000-01-01", "2024-02-29", "2026-12-31"] {
            assert_eq!(
                parse_day(ok.as_bytes()),
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
            assert_eq!(parse_day(bad.as_bytes()), None, "{bad}");
        }
    }
}
