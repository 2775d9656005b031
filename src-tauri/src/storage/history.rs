//! Reading the history: a person's assessments without their answers, all of them in order or
//! the latest few, and how many there are, from the `assessment_history` index alone.

use std::collections::HashMap;
use std::path::Path;
use std::sync::PoisonError;
use std::time::Duration;

use chrono::NaiveDate;
use compact_str::CompactString;
use rusqlite::types::ValueRef;
use rusqlite::{
    params, Connection, OpenFlags, OptionalExtension, Row, Transaction, TransactionBehavior,
};

use super::{classify, corrupt, Storage, StorageError, BUSY_TIMEOUT, PAGE_CACHE};
use crate::domain::measurement::parse_flags;
use crate::domain::scoring::{neighbours_of, Neighbours};
use crate::domain::{AssessmentSummary, Quadrant, Rater};

/// What a history row shows, from the assessment alone: the person (id and name) is known to the
/// caller and read once per call ([`Storage::person_name`]), not read or joined on every row. The
/// texts come packed in one column, `summary`, that triggers keep equal to the columns it packs
/// (schema 10, [`SummaryFields`]): a row is 4 columns to step through and read, not 13. Schema
/// 10's index `assessment_history` holds every one of these columns, so the history and Home's
/// latest are read from the index alone; a column added here goes into that index too (a test
/// checks the plans). [`SUMMARY_COLUMN_COUNT`] columns, in the order [`summary_from_row`] reads
/// them.
pub(super) const SUMMARY_COLUMNS: &str = "a.id, a.focus, a.autonomy, a.summary";

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

/// A history longer than this is read in two halves at once, on two connections and two threads.
/// Below it a second thread costs more than it saves (a row takes about half a microsecond).
const HALVES_FROM: i64 = 4_096;

impl Storage {
    /// A profile's assessments without answers, oldest first (by date, then by order saved).
    ///
    /// A long history ([`HALVES_FROM`]) is read in two halves at once: the assessments before the
    /// middle day of its span on this connection, the rest on a second one, each in order, then
    /// joined. Both halves must come from the same state of the file, so meanwhile this connection
    /// holds the write lock: nothing can be saved, by this Bearing or another, until both are
    /// read. When the lock is not free at once (someone is saving), the file is read-only, or a
    /// transaction is already open, the history is read in one pass instead. Halves by date are
    /// even when assessments are spread over time, as a history is; when they are not, one half
    /// takes longer, at worst about as long as one pass.
    pub fn assessment_summaries(
        &self,
        profile_id: i64,
    ) -> Result<Vec<AssessmentSummary>, StorageError> {
        let Some(name) = self.person_name(profile_id)? else {
            return Ok(Vec::new());
        };
        let name = CompactString::from(name);
        let who = (profile_id, &name);
        // Where to split is found before taking the lock, so a short history (the usual one) is
        // read without it. A split from a moment earlier still covers every row: the halves are
        // "before that day" and "from that day on".
        let (held, middle) = match self.middle_day(profile_id)? {
            Some(day) => (self.hold_writers()?, Some(day)),
            None => (None, None),
        };
        let halves = middle
            .filter(|_| held.is_some())
            .and_then(|day| Some((day, self.take_reader()?)));
        let Some((middle, reader)) = halves else {
            drop(held);
            let sql = history_sql();
            return read_summaries(&self.conn, &self.path, &sql, params![profile_id], who);
        };
        let middle = middle.format("%Y-%m-%d").to_string();
        let (path, middle) = (self.path.as_path(), middle.as_str());
        let newer_half = |conn: &Connection| {
            let (sql, params) = (newer_half_sql(), params![profile_id, middle]);
            read_summaries(conn, path, &sql, params, who)
        };
        let (older, newer, reader) = std::thread::scope(|scope| {
            let second = std::thread::Builder::new().spawn_scoped(scope, move || {
                #[cfg(test)]
                tests::pause_the_newer_half();
                // Begun while the write lock is held, so it sees what this connection sees.
                let read = Transaction::new_unchecked(&reader, TransactionBehavior::Deferred)
                    .map_err(|e| classify(path, e))
                    .and_then(|_begun| newer_half(&reader));
                (reader, read)
            });
            let (sql, params) = (older_half_sql(), params![profile_id, middle]);
            let older = read_summaries(&self.conn, path, &sql, params, who);
            match second {
                Ok(second) => {
                    let (reader, newer) = second
                        .join()
                        .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
                    (older, newer, Some(reader))
                }
                // No thread to be had: the newer half on this connection too, still under the
                // lock (the second connection is closed, and opened again next time).
                Err(_) => (older, newer_half(&self.conn), None),
            }
        });
        if let Some(reader) = reader {
            self.put_back_reader(reader);
        }
        drop(held);
        let (mut summaries, mut newer) = (older?, newer?);
        summaries.append(&mut newer);
        Ok(summaries)
    }

    /// The day that splits a long history of `profile_id` in two, by the span of its dates: the
    /// first day of the newer half. `None` when the history is not longer than [`HALVES_FROM`]
    /// (found by looking that far into the index, not by counting all of it) or spans one day.
    fn middle_day(&self, profile_id: i64) -> Result<Option<NaiveDate>, StorageError> {
        let long = self
            .conn
            .prepare_cached(LONGER_THAN_SQL)
            .and_then(|mut stmt| {
                stmt.query_row(params![profile_id, HALVES_FROM], |_| Ok(()))
                    .optional()
            })
            .map_err(|e| self.sqlite(e))?
            .is_some();
        if !long {
            return Ok(None);
        }
        let (first, last): (String, String) = self
            .conn
            .prepare_cached(SPAN_SQL)
            .and_then(|mut stmt| {
                stmt.query_row(params![profile_id], |r| <(String, String)>::try_from(r))
            })
            .map_err(|e| self.sqlite(e))?;
        let day = |text: &str| {
            parse_day(text.as_bytes())
                .ok_or_else(|| self.corrupt(format!("an assessment has date `{text}`")))
        };
        let (first, last) = (day(&first)?, day(&last)?);
        let span = (last - first).num_days();
        Ok((span > 0).then(|| first + chrono::Duration::days((span + 1) / 2)))
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
        read_summaries(
            &self.conn,
            &self.path,
            sql,
            params,
            (profile_id, &name.into()),
        )
    }

    /// Begins a transaction that holds the write lock, so that nothing changes the file until it
    /// ends (it is rolled back when dropped, having written nothing), without waiting for it.
    /// `None` when the lock cannot be had at once (someone is saving at this moment, the file
    /// cannot be written) or a transaction is already open: the caller then reads in one pass,
    /// which reports any problem with reading itself.
    fn hold_writers(&self) -> Result<Option<Transaction<'_>>, StorageError> {
        if self.read_only || !self.conn.is_autocommit() {
            return Ok(None);
        }
        self.conn
            .busy_timeout(Duration::ZERO)
            .map_err(|e| self.sqlite(e))?;
        let held = Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate).ok();
        self.conn
            .busy_timeout(BUSY_TIMEOUT)
            .map_err(|e| self.sqlite(e))?;
        Ok(held)
    }

    /// The second connection, opened the first time it is needed (read-only, with the same page
    /// cache as the first); `None` when it cannot be opened, and then the history is read in one
    /// pass. Given back with [`Storage::put_back_reader`].
    fn take_reader(&self) -> Option<Connection> {
        let mut slot = self.reader.lock().unwrap_or_else(PoisonError::into_inner);
        slot.take().or_else(|| {
            let conn = Connection::open_with_flags(
                &self.path,
                OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )
            .ok()?;
            conn.busy_timeout(BUSY_TIMEOUT)
                .and_then(|()| conn.pragma_update(None, "cache_size", PAGE_CACHE))
                .ok()?;
            Some(conn)
        })
    }

    fn put_back_reader(&self, reader: Connection) {
        *self.reader.lock().unwrap_or_else(PoisonError::into_inner) = Some(reader);
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
}

/// The summaries `sql` selects ([`SUMMARY_COLUMNS`], bound to `params`) on `conn`, of `who` (the
/// person's id and name), in its order.
fn read_summaries(
    conn: &Connection,
    path: &Path,
    sql: &str,
    params: impl rusqlite::Params,
    who: (i64, &CompactString),
) -> Result<Vec<AssessmentSummary>, StorageError> {
    let sqlite = |e| classify(path, e);
    let mut stmt = conn.prepare_cached(sql).map_err(sqlite)?;
    let mut rows = stmt.query(params).map_err(sqlite)?;
    let mut out = Vec::new();
    while let Some(row) = rows.next().map_err(sqlite)? {
        out.push(summary_from_row(path, row, who.0, who.1)?);
    }
    Ok(out)
}

/// One row of [`SUMMARY_COLUMNS`], of person `profile_id`, called `profile`, read from the
/// database at `path`.
///
/// This runs once per row of a history (100,000 of them in the benchmark), so it reads the packed
/// texts borrowed, keeps only what each means (a date, a rater, a quadrant, whether it is
/// confirmed) and copies just the short texts a summary keeps, inline.
pub(super) fn summary_from_row(
    path: &Path,
    row: &Row<'_>,
    profile_id: i64,
    profile: &CompactString,
) -> Result<AssessmentSummary, StorageError> {
    let sqlite = |e| classify(path, e);
    let (id, focus, autonomy): (i64, f64, f64) = (
        row.get(0).map_err(sqlite)?,
        row.get(1).map_err(sqlite)?,
        row.get(2).map_err(sqlite)?,
    );
    let damaged = || corrupt(path, format!("assessment {id} has a damaged summary"));
    let ValueRef::Text(packed) = row.get_ref(3).map_err(sqlite)? else {
        return Err(damaged());
    };
    let mut fields = SummaryFields(packed);
    let mut next = || fields.next().ok_or_else(damaged);
    // A field that is never NULL, and one that is text.
    let bytes = |field: Option<_>| field.ok_or_else(damaged);
    let str = |field| std::str::from_utf8(bytes(field)?).map_err(|_| damaged());
    let taken_on = bytes(next()?)?;
    let date = parse_day(taken_on).ok_or_else(|| {
        let shown = String::from_utf8_lossy(taken_on);
        corrupt(path, format!("assessment {id} has date `{shown}`"))
    })?;
    let recorded_at = CompactString::new(str(next()?)?);
    let rater = str(next()?)?;
    let rater = Rater::from_slug(rater)
        .ok_or_else(|| corrupt(path, format!("assessment {id} has rater `{rater}`")))?;
    let questionnaire = CompactString::new(str(next()?)?);
    // The stored quadrant and borderline flag are what the user was shown; they stay as they
    // were even if a later Bearing draws the band differently.
    let quadrant = str(next()?)?;
    let quadrant = Quadrant::from_slug(quadrant)
        .ok_or_else(|| corrupt(path, format!("assessment {id} has quadrant `{quadrant}`")))?;
    let borderline = match bytes(next()?)? {
        b"0" => false,
        b"1" => true,
        _ => return Err(damaged()),
    };
    let flags = parse_flags(str(next()?)?);
    // Flagged and not confirmed: left out of comparisons until the leader confirms it.
    let provisional = next()?.is_none() && !flags.is_empty();
    let mut text = || -> Result<Option<String>, StorageError> {
        next()?
            .map(|field| str(Some(field)).map(String::from))
            .transpose()
    };
    let (rater_id, rater_name) = (text()?, text()?);
    if !fields.0.is_empty() {
        return Err(damaged());
    }
    let neighbours = if borderline {
        neighbours_of(quadrant, focus, autonomy)
    } else {
        Neighbours::new()
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
        provisional,
        flags,
    })
}

/// The fields of a packed `summary` (schema 10), one after another: each is `<length in
/// bytes>:<text>`, or `~` for NULL, so a text can hold anything, separators included.
struct SummaryFields<'a>(&'a [u8]);

impl<'a> SummaryFields<'a> {
    /// The next field (`Some(None)` for NULL); `None` when the text does not go on as packed.
    fn next(&mut self) -> Option<Option<&'a [u8]>> {
        let (&first, mut rest) = self.0.split_first()?;
        if first == b'~' {
            self.0 = rest;
            return Some(None);
        }
        let mut length = usize::from(first.checked_sub(b'0').filter(|d| *d < 10)?);
        loop {
            let (&b, after) = rest.split_first()?;
            rest = after;
            match b {
                b':' => break,
                // No field is anywhere near a million bytes long.
                b'0'..=b'9' if length < 1_000_000 => length = length * 10 + usize::from(b - b'0'),
                _ => return None,
            }
        }
        let field = rest.get(..length)?;
        self.0 = &rest[length..];
        Some(Some(field))
    }
}

/// A person's history, oldest first (by date, then by order saved): `?1` the profile.
fn history_sql() -> String {
    format!(
        "SELECT {SUMMARY_COLUMNS} FROM assessment a WHERE a.profile_id = ?1 \
         ORDER BY a.taken_on, a.id"
    )
}

/// A row when profile `?1` has more than `?2` assessments (the index is read that far, no further).
const LONGER_THAN_SQL: &str =
    "SELECT 1 FROM assessment WHERE profile_id = ?1 ORDER BY taken_on, id LIMIT 1 OFFSET ?2";

/// The first and the last day of profile `?1`'s history: two look-ups in the index.
const SPAN_SQL: &str = "SELECT (SELECT min(taken_on) FROM assessment WHERE profile_id = ?1), \
     (SELECT max(taken_on) FROM assessment WHERE profile_id = ?1)";

/// The older half of profile `?1`'s history read in two: before day `?2`, oldest first.
fn older_half_sql() -> String {
    format!(
        "SELECT {SUMMARY_COLUMNS} FROM assessment a WHERE a.profile_id = ?1 AND a.taken_on < ?2 \
         ORDER BY a.taken_on, a.id"
    )
}

/// The newer half of profile `?1`'s history read in two: from day `?2` on, oldest first.
fn newer_half_sql() -> String {
    format!(
        "SELECT {SUMMARY_COLUMNS} FROM assessment a WHERE a.profile_id = ?1 AND a.taken_on >= ?2 \
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
    use super::{
        history_sql, latest_sql, newer_half_sql, older_half_sql, parse_day, read_summaries,
        HALVES_FROM, LONGER_THAN_SQL, SPAN_SQL,
    };
    use crate::domain::AssessmentSummary;
    use crate::storage::Storage;
    use chrono::NaiveDate;
    use std::path::Path;
    use std::sync::atomic::{AtomicBool, AtomicI64, AtomicU64, Ordering};
    use std::time::{Duration, Instant};

    /// Person 1's history read in one pass on the storage's own connection, the way it was read
    /// before halves: what every reading in halves must equal.
    fn in_one_pass(storage: &Storage) -> Vec<AssessmentSummary> {
        let name = storage.person_name(1).unwrap().unwrap().into();
        let sql = history_sql();
        let (conn, path) = (&storage.conn, storage.path.as_path());
        read_summaries(conn, path, &sql, rusqlite::params![1], (1, &name)).unwrap()
    }

    /// Saves `count` assessments of person 1, ids `first..`, through a connection of its own: a
    /// mix of raters, borderline and flagged ones, several on a day, and ids out of date order
    /// (the history is ordered by date, then id).
    fn save_many(path: &Path, first: i64, count: i64) {
        let mut conn = rusqlite::Connection::open(path).unwrap();
        conn.busy_timeout(Duration::from_secs(30)).unwrap();
        let tx = conn.transaction().unwrap();
        {
            let mut insert = tx
                .prepare(
                    "INSERT INTO assessment (id, profile_id, rater, rater_id, rater_name, taken_on, \
                     recorded_at, questionnaire, focus, autonomy, quadrant, borderline, flags, \
                     confirmed_at) VALUES (?1, 1, ?2, ?3, ?4, ?5, ?6, 'v1', ?7, ?8, ?9, ?10, ?11, ?12)",
                )
                .unwrap();
            let start = NaiveDate::from_ymd_opt(2001, 1, 1).unwrap();
            for id in first..first + count {
                let day = start + chrono::Duration::days((id * 7_919) % 9_000 / 3);
                let coach = id % 5 == 0;
                let borderline = id % 7 == 0;
                let (focus, autonomy) = if borderline {
                    (51.0, 48.5)
                } else {
                    (72.0, 64.0)
                };
                let quadrant = if borderline {
                    "tech-busywork"
                } else {
                    "impact-galore"
                };
                insert
                    .execute(rusqlite::params![
                        id,
                        if coach { "coach" } else { "self" },
                        coach.then_some("sheet-1"),
                        coach.then_some("Sam Lee"),
                        day.format("%Y-%m-%d").to_string(),
                        format!("2026-01-01T00:00:{:02}.000Z", id % 60),
                        focus,
                        autonomy,
                        quadrant,
                        borderline,
                        if id % 11 == 0 { "long-run" } else { "" },
                        (id % 22 == 0).then_some("2026-02-01T00:00:00.000Z"),
                    ])
                    .unwrap();
            }
        }
        tx.commit().unwrap();
    }

    #[test]
    fn a_long_history_read_in_halves_is_the_history_read_in_one_pass() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("halves.db");
        let storage = Storage::open(&path).unwrap();
        // Odd, so the halves differ by one.
        let count = HALVES_FROM * 2 + 1;
        save_many(&path, 1, count);
        let halves = storage.assessment_summaries(1).unwrap();
        assert!(
            storage.reader.lock().unwrap().is_some(),
            "read in one pass: the second connection was never opened"
        );
        assert_eq!(halves.len(), usize::try_from(count).unwrap());
        assert_eq!(halves, in_one_pass(&storage));
        // What rows skip reading is what `save_many` stored for them.
        for s in &halves {
            let coach = s.id % 5 == 0;
            assert_eq!(
                s.rater_id.as_deref(),
                coach.then_some("sheet-1"),
                "{}",
                s.id
            );
            assert_eq!(
                s.rater_name.as_deref(),
                coach.then_some("Sam Lee"),
                "{}",
                s.id
            );
            assert_eq!(s.flags.is_empty(), s.id % 11 != 0, "{}", s.id);
            assert_eq!(s.provisional, s.id % 11 == 0 && s.id % 22 != 0, "{}", s.id);
        }
        assert_eq!(
            busy_timeout(&storage),
            30_000,
            "the wait for a writer is put back"
        );
        // The sample has what the comparison must cover.
        assert!(halves
            .iter()
            .any(|s| s.borderline && !s.neighbours.is_empty()));
        assert!(halves.iter().any(|s| s.rater_name.is_some()));
        assert!(
            halves.iter().any(|s| s.provisional)
                && halves.iter().any(|s| !s.flags.is_empty() && !s.provisional)
        );
        assert!(halves
            .windows(2)
            .any(|w| w[0].date == w[1].date && w[0].id < w[1].id));
        // A second reading uses the kept connection and sees a change saved in between.
        save_many(&path, count + 1, 1);
        let again = storage.assessment_summaries(1).unwrap();
        assert_eq!(again.len(), halves.len() + 1);
        assert_eq!(again, in_one_pass(&storage));
        // Closing folds the write-ahead log back into the file, second connection and all.
        drop(storage);
        let wal = dir.path().join("halves.db-wal");
        assert!(!wal.exists(), "{} left behind", wal.display());
    }

    /// How long the storage's own connection waits for another writer, in ms.
    fn busy_timeout(storage: &Storage) -> i64 {
        storage
            .conn
            .pragma_query_value(None, "busy_timeout", |r| r.get(0))
            .unwrap()
    }

    #[test]
    fn a_long_history_is_read_in_one_pass_while_someone_is_saving_without_waiting_for_them() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("busy.db");
        let storage = Storage::open(&path).unwrap();
        save_many(&path, 1, HALVES_FROM + 10);
        // Another Bearing in the middle of saving: it holds the write lock.
        let other = rusqlite::Connection::open(&path).unwrap();
        other.execute_batch("BEGIN IMMEDIATE").unwrap();
        let started = Instant::now();
        let read = storage.assessment_summaries(1).unwrap();
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "waited {:?} for the other writer",
            started.elapsed()
        );
        assert!(storage.reader.lock().unwrap().is_none(), "read in halves");
        assert_eq!(
            busy_timeout(&storage),
            30_000,
            "the wait for a writer is put back"
        );
        other.execute_batch("ROLLBACK").unwrap();
        assert_eq!(read, in_one_pass(&storage));
        // The lock it held for reading is given back: a write right after goes through.
        save_many(&path, 100_000, 1);
        assert_eq!(
            storage.assessment_summaries(1).unwrap().len(),
            read.len() + 1
        );
    }

    /// How long the newer half waits before it begins reading, in ms (0 but in the test below):
    /// a save that could slip in between the halves has time to.
    static PAUSE_MS: AtomicU64 = AtomicU64::new(0);

    pub(super) fn pause_the_newer_half() {
        std::thread::sleep(Duration::from_millis(PAUSE_MS.load(Ordering::Relaxed)));
    }

    #[test]
    fn a_long_history_read_in_halves_while_another_bearing_saves_is_always_one_whole_state() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("racing.db");
        let storage = Storage::open(&path).unwrap();
        let first = HALVES_FROM * 2;
        save_many(&path, 1, first);
        let (stop, saved) = (AtomicBool::new(false), AtomicI64::new(0));
        /// Stops the saver when the readings end, also when one of their checks fails (the scope
        /// would otherwise wait for the saver forever).
        struct Stop<'a>(&'a AtomicBool);
        impl Drop for Stop<'_> {
            fn drop(&mut self) {
                self.0.store(true, Ordering::Relaxed);
                PAUSE_MS.store(0, Ordering::Relaxed);
            }
        }
        let (mut readings, mut halves) = (0, 0);
        std::thread::scope(|scope| {
            // Another Bearing saving one assessment after another, dated before and after all the
            // others in turn: halves read from two states would hold a set of them that no one
            // state held (a later one without an earlier one).
            scope.spawn(|| {
                let conn = rusqlite::Connection::open(&path).unwrap();
                conn.busy_timeout(Duration::from_secs(30)).unwrap();
                // Quick commits, so that the lock is mostly free for the readings to take.
                conn.pragma_update(None, "synchronous", "OFF").unwrap();
                while !stop.load(Ordering::Relaxed) {
                    let n = saved.load(Ordering::Relaxed);
                    conn.execute(
                        "INSERT INTO assessment (id, profile_id, taken_on, recorded_at, \
                         questionnaire, focus, autonomy, quadrant, borderline) \
                         VALUES (?1, 1, ?2, '2026-01-01T00:00:00.000Z', 'v1', 70, 70, \
                         'impact-galore', 0)",
                        rusqlite::params![
                            1_000_000 + n,
                            if n % 2 == 0 {
                                "2000-01-01"
                            } else {
                                "2030-01-01"
                            }
                        ],
                    )
                    .unwrap();
                    saved.fetch_add(1, Ordering::Relaxed);
                    std::thread::sleep(Duration::from_millis(1));
                }
            });
            let _stopping = Stop(&stop);
            PAUSE_MS.store(20, Ordering::Relaxed);
            // At least 30 readings, 10 of them in halves, and 30 saves among them (a reading
            // holds saves back, and SQLite's wait for the lock grows up to 100 ms).
            while (readings < 30 || halves < 10 || saved.load(Ordering::Relaxed) < 30)
                && readings < 1_000
            {
                readings += 1;
                // Closed before each reading, so that an open one afterwards shows it was read in
                // halves.
                drop(storage.reader.lock().unwrap().take());
                let read = storage.assessment_summaries(1).unwrap();
                if storage.reader.lock().unwrap().is_some() {
                    halves += 1;
                }
                let (mut new, mut old): (Vec<i64>, Vec<i64>) =
                    read.iter().map(|s| s.id).partition(|id| *id >= 1_000_000);
                old.sort_unstable();
                assert!(
                    old.iter().copied().eq(1..=first),
                    "reading {readings}: {} of the first {first}",
                    old.len()
                );
                new.sort_unstable();
                assert!(
                    new.iter()
                        .copied()
                        .eq(1_000_000..1_000_000 + i64::try_from(new.len()).unwrap()),
                    "reading {readings}: saves missing among those read: {:?}",
                    &new[new.len().saturating_sub(12)..]
                );
            }
        });
        let saved = saved.load(Ordering::Relaxed);
        assert!(
            saved >= 30,
            "the other Bearing saved only {saved} in {readings} readings"
        );
        assert!(
            halves >= 10,
            "only {halves} of {readings} readings were in halves"
        );
    }

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
    fn the_history_its_halves_and_the_latest_are_read_from_the_index_alone_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let storage = Storage::open(&dir.path().join("plan.db")).unwrap();
        for sql in [
            history_sql(),
            latest_sql(),
            older_half_sql(),
            newer_half_sql(),
        ] {
            let plan = plan(&storage, &sql);
            assert!(
                plan.contains("SEARCH a USING COVERING INDEX assessment_history"),
                "{sql}\n{plan}"
            );
            assert!(!plan.contains("TEMP B-TREE"), "sorted apart: {plan}");
        }
        // Whether to read in halves, and where to split, never reads the table.
        for sql in [LONGER_THAN_SQL, SPAN_SQL] {
            let plan = plan(&storage, sql);
            assert!(
                plan.lines()
                    .filter(|step| step.contains("assessment"))
                    .all(|step| step.contains("USING COVERING INDEX")),
                "{sql}\n{plan}"
            );
            assert!(!plan.contains("TEMP B-TREE"), "sorted apart: {plan}");
        }
    }

    /// Every person's history as read (from the packed summaries) against the same assessments
    /// read column by column from the table: what the triggers keep packed is what is stored.
    fn assert_summaries_are_the_columns(storage: &Storage) -> usize {
        type Columns = (
            i64,
            String,
            String,
            String,
            String,
            String,
            bool,
            String,
            Option<String>,
            Option<String>,
            Option<String>,
            f64,
            f64,
        );
        let people: Vec<i64> = storage
            .conn
            .prepare("SELECT id FROM profile")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        let mut rows = 0;
        for person in people {
            let stored: Vec<Columns> = storage
                .conn
                .prepare(
                    "SELECT id, taken_on, recorded_at, rater, questionnaire, quadrant, borderline, \
                     flags, confirmed_at, rater_id, rater_name, focus, autonomy \
                     FROM assessment NOT INDEXED WHERE profile_id = ?1 ORDER BY taken_on, id",
                )
                .unwrap()
                .query_map([person], |r| {
                    Ok((
                        r.get(0)?,
                        r.get(1)?,
                        r.get(2)?,
                        r.get(3)?,
                        r.get(4)?,
                        r.get(5)?,
                        r.get(6)?,
                        r.get(7)?,
                        r.get(8)?,
                        r.get(9)?,
                        r.get(10)?,
                        r.get(11)?,
                        r.get(12)?,
                    ))
                })
                .unwrap()
                .map(Result::unwrap)
                .collect();
            let read = storage.assessment_summaries(person).unwrap();
            assert_eq!(read.len(), stored.len(), "person {person}");
            for (s, c) in read.iter().zip(&stored) {
                let flags = crate::domain::measurement::parse_flags(&c.7);
                let expected = (
                    c.0,
                    c.1.as_str(),
                    c.2.as_str(),
                    c.3.as_str(),
                    c.4.as_str(),
                    c.5.as_str(),
                    c.6,
                    &flags,
                    !flags.is_empty() && c.8.is_none(),
                    c.9.as_deref(),
                    c.10.as_deref(),
                    (c.11, c.12),
                );
                let date = s.date.format("%Y-%m-%d").to_string();
                let got = (
                    s.id,
                    date.as_str(),
                    s.recorded_at.as_str(),
                    s.rater.slug(),
                    s.questionnaire.as_str(),
                    s.quadrant.slug(),
                    s.borderline,
                    &s.flags,
                    s.provisional,
                    s.rater_id.as_deref(),
                    s.rater_name.as_deref(),
                    (s.focus, s.autonomy),
                );
                assert_eq!(got, expected, "person {person}");
            }
            rows += read.len();
        }
        rows
    }

    #[test]
    fn the_packed_summary_follows_every_insert_and_every_change_of_what_it_packs() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("packed.db");
        let storage = Storage::open(&path).unwrap();
        save_many(&path, 1, 300);
        // Texts that would break a packing by separators: the packing's own marks, a control
        // character, several bytes to a character, and nothing at all where the schema allows it.
        let awkward = ["~", "3:abc", "Zoë 名前 ~:7:", "a\u{1f}b\u{0}c", "🙂🙂🙂"];
        for (n, text) in (0_i64..).zip(awkward) {
            storage
                .conn
                .execute(
                    "INSERT INTO assessment (id, profile_id, rater, rater_id, rater_name, taken_on, \
                     recorded_at, questionnaire, focus, autonomy, quadrant, borderline, flags) \
                     VALUES (?1, 1, 'coach', ?2, ?2, '2026-03-01', ?2, ?2, 40, 60, \
                     'glorified-manager', 1, '')",
                    rusqlite::params![1_000 + n, text],
                )
                .unwrap();
        }
        assert_eq!(assert_summaries_are_the_columns(&storage), 305);
        let names = storage
            .assessment_summaries(1)
            .unwrap()
            .into_iter()
            .filter_map(|s| s.rater_name)
            .filter(|name| awkward.contains(&name.as_str()))
            .count();
        assert_eq!(names, awkward.len());
        // Every column the summary packs, changed in place.
        for change in [
            "UPDATE assessment SET confirmed_at = '2026-04-01T00:00:00.000Z' WHERE id % 11 = 0",
            "UPDATE assessment SET confirmed_at = NULL WHERE id % 33 = 0",
            "UPDATE assessment SET rater_name = 'Kim ~ 2:xy' WHERE rater = 'coach'",
            "UPDATE assessment SET rater_id = 'sheet-2' WHERE id % 10 = 0",
            "UPDATE assessment SET flags = 'straight-lining,long-run' WHERE id % 13 = 0",
            "UPDATE assessment SET taken_on = '2026-05-05', recorded_at = '2026-05-05T09:00:00Z' \
             WHERE id % 17 = 0",
            "UPDATE assessment SET quadrant = 'low-everything', borderline = 1 WHERE id % 19 = 0",
            "UPDATE assessment SET questionnaire = 'v2' WHERE id % 23 = 0",
            "UPDATE assessment SET rater = 'manager' WHERE id % 29 = 0 AND rater = 'coach'",
            "UPDATE assessment SET focus = 12.5, autonomy = 87.25 WHERE id % 31 = 0",
        ] {
            let changed = storage.conn.execute(change, []).unwrap();
            assert!(changed > 0, "{change}");
            assert_eq!(assert_summaries_are_the_columns(&storage), 305, "{change}");
        }
        // Replaced whole (an import's `INSERT OR REPLACE`).
        storage
            .conn
            .execute(
                "INSERT OR REPLACE INTO assessment (id, profile_id, rater, taken_on, recorded_at, \
                 questionnaire, focus, autonomy, quadrant, borderline) VALUES (5, 1, 'self', \
                 '1999-12-31', '2026-06-01T00:00:00.000Z', 'v1', 20, 20, 'low-everything', 0)",
                [],
            )
            .unwrap();
        assert_eq!(assert_summaries_are_the_columns(&storage), 305);
        assert_eq!(storage.assessment_summaries(1).unwrap()[0].id, 5);
    }

    #[test]
    fn an_upgraded_history_reads_as_its_columns_say() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("upgraded.db");
        let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/schema-v9.db");
        std::fs::copy(fixture, &path).unwrap();
        let storage = Storage::open(&path).unwrap();
        // The sample's people, raters, flags and confirmations, packed by the upgrade.
        assert!(assert_summaries_are_the_columns(&storage) >= 10);
    }

    #[test]
    fn a_damaged_summary_is_reported_as_damage_naming_the_assessment() {
        let dir = tempfile::tempdir().unwrap();
        let storage = Storage::open(&dir.path().join("damaged.db")).unwrap();
        save_many(&storage.path, 1, 3);
        let good: String = storage
            .conn
            .query_row("SELECT summary FROM assessment WHERE id = 2", [], |r| {
                r.get(0)
            })
            .unwrap();
        let damaged = [
            rusqlite::types::Value::Null,
            rusqlite::types::Value::Text(String::new()),
            rusqlite::types::Value::Text("garbage".into()),
            rusqlite::types::Value::Text(good[..good.len() - 1].into()),
            rusqlite::types::Value::Text(format!("{good}~")),
            rusqlite::types::Value::Text(good.replacen("10:", "999:", 1)),
            rusqlite::types::Value::Text(good.replacen("10:", ":", 1)),
            rusqlite::types::Value::Text(good.replacen("10:", "+9:", 1)),
            rusqlite::types::Value::Text(good.replacen("10:", "~", 1)),
            rusqlite::types::Value::Blob(good.clone().into_bytes()),
            rusqlite::types::Value::Integer(7),
        ];
        for value in damaged {
            // Only the summary is written: no trigger packs it again.
            storage
                .conn
                .execute("UPDATE assessment SET summary = ?1 WHERE id = 2", [&value])
                .unwrap();
            let err = storage.assessment_summaries(1).unwrap_err().to_string();
            assert!(
                err.contains("assessment 2 has a damaged summary"),
                "{value:?}: {err}"
            );
        }
        storage
            .conn
            .execute("UPDATE assessment SET summary = ?1 WHERE id = 2", [&good])
            .unwrap();
        assert_eq!(storage.assessment_summaries(1).unwrap().len(), 3);
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
