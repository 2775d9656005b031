//! What the full-database tests build on: seeding a history, packing and capping the database,
//! taking a snapshot of everything stored, and repeating a change until it no longer fits.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use serde_json::json;
use tempfile::TempDir;

use crate::domain::{growth, questionnaire, score, AnswerSheet, Rater, ReviewInput, ReviewStatus};
use crate::storage::{NewAssessment, Storage, StorageError, DEFAULT_PROFILE_ID};

/// Most attempts at one change before a test gives up filling the database.
pub(super) const MAX_ATTEMPTS: usize = 2_000;

/// Longest note the answer sheet accepts (`MAX_NOTE_CHARS`).
pub(super) const FULL_NOTE: usize = 4_000;

/// How many people [`people_with_commitments`] adds (besides "Me").
pub(super) const PEOPLE: usize = 250;

/// How many people [`many_people`] adds (besides "Me").
pub(super) const MANY_PEOPLE: usize = 400;

pub(super) fn open() -> (TempDir, Storage) {
    let dir = TempDir::new().unwrap();
    let storage = Storage::open(&dir.path().join("history.db")).unwrap();
    (dir, storage)
}

pub(super) fn at(minutes: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 1, 5, 9, 0, 0).unwrap() + Duration::minutes(minutes)
}

pub(super) fn day(n: usize) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, 5).unwrap() + Duration::days(i64::try_from(n).unwrap())
}

/// A complete sheet for the current questionnaire; with `note_chars > 0`, a note that long on
/// every statement and on the whole assessment.
pub(super) fn sheet(seed: usize, note_chars: usize) -> AnswerSheet {
    let q = questionnaire::current();
    let answers: serde_json::Map<_, _> = q
        .items
        .iter()
        .enumerate()
        .map(|(k, item)| (item.id.clone(), json!(1 + (seed + k) % 5)))
        .collect();
    let note = (note_chars > 0).then(|| format!("{seed} {}", "n".repeat(note_chars - 8)));
    let notes: serde_json::Map<_, _> = note
        .iter()
        .flat_map(|note| {
            q.items
                .iter()
                .map(move |item| (item.id.clone(), json!(note)))
        })
        .collect();
    AnswerSheet::from_value(json!({
        "questionnaire": q.version,
        "answers": answers,
        "notes": notes,
        "note": note,
    }))
    .unwrap()
}

/// Saves an assessment of `profile_id` by `rater` on day `n`.
pub(super) fn assess(
    storage: &mut Storage,
    profile_id: i64,
    rater: Rater,
    n: usize,
    sheet: &AnswerSheet,
    reviews: &[(i64, ReviewInput)],
    clear_draft: bool,
) -> Result<i64, StorageError> {
    let score = score(sheet);
    let rater_id = (rater != Rater::SelfRating).then(|| format!("rater-{n}"));
    let saved = storage.insert_assessment(&NewAssessment {
        profile_id,
        rater,
        rater_id: rater_id.as_deref(),
        rater_name: None,
        taken_on: day(n),
        recorded_at: at(i64::try_from(n).unwrap()),
        sheet,
        score: &score,
        reviews,
        clear_draft,
        flags: &[],
        median_seconds: None,
    })?;
    Ok(saved.summary.id)
}

/// The first `n` growth actions' ids.
pub(super) fn actions(n: usize) -> Vec<&'static str> {
    growth::actions()
        .iter()
        .take(n)
        .map(|a| a.id.as_str())
        .collect()
}

/// Reviews of every open commitment of `profile_id`, as the leader's next assessment gives them.
pub(super) fn reviews_of_open(storage: &Storage, profile_id: i64) -> Vec<(i64, ReviewInput)> {
    storage
        .open_commitments(profile_id, None)
        .unwrap()
        .into_iter()
        .map(|c| {
            (
                c.id,
                ReviewInput {
                    status: ReviewStatus::Partly,
                    note: Some("half of it".into()),
                },
            )
        })
        .collect()
}

/// Runs `seed` at full speed: the seed is the history the change under test finds, not the change,
/// so it need not wait for the disk. The tests' changes run with `synchronous=FULL`, as the app's.
pub(super) fn seed(storage: &mut Storage, seed: fn(&mut Storage)) {
    storage
        .conn
        .pragma_update(None, "synchronous", "OFF")
        .unwrap();
    seed(storage);
    storage
        .conn
        .pragma_update(None, "synchronous", "FULL")
        .unwrap();
}

/// "Me" with one assessment of their own (id 1), three open commitments made after it, and a
/// draft of their next one.
pub(super) fn leader_with_commitments(storage: &mut Storage) {
    let first = assess(
        storage,
        DEFAULT_PROFILE_ID,
        Rater::SelfRating,
        0,
        &sheet(0, 0),
        &[],
        false,
    )
    .unwrap();
    storage
        .replace_commitments(first, &actions(3), at(1))
        .unwrap();
    storage
        .save_draft(
            DEFAULT_PROFILE_ID,
            Rater::SelfRating,
            r#"{"answers":{}}"#,
            at(2),
        )
        .unwrap();
}

/// [`PEOPLE`] more profiles (ids 2, 3, ...), each with two assessments of their own: the first
/// with three commitments, which the second reviewed; none are open.
pub(super) fn people_with_commitments(storage: &mut Storage) {
    for k in 0..PEOPLE {
        let id = storage
            .add_profile(&format!("Person {k:03}"), at(0))
            .unwrap()
            .id;
        let first = assess(storage, id, Rater::SelfRating, 0, &sheet(k, 0), &[], false).unwrap();
        storage
            .replace_commitments(first, &actions(3), at(1))
            .unwrap();
        let reviews = reviews_of_open(storage, id);
        assess(
            storage,
            id,
            Rater::SelfRating,
            1,
            &sheet(k + 1, 0),
            &reviews,
            false,
        )
        .unwrap();
    }
}

/// [`MANY_PEOPLE`] more profiles (ids 2, 3, ...) with names of different lengths: enough that
/// the profile table and its name index fill many pages.
pub(super) fn many_people(storage: &mut Storage) {
    for k in 0..MANY_PEOPLE {
        let name = format!("Person {k:03} {}", "p".repeat(k % 40));
        storage.add_profile(&name, at(0)).unwrap();
    }
}

pub(super) fn pragma(storage: &Storage, name: &str) -> i64 {
    storage
        .conn
        .pragma_query_value(None, name, |r| r.get(0))
        .unwrap()
}

/// Leaves no free page behind: `VACUUM` rebuilds the database, packing every page.
pub(super) fn compact(storage: &Storage) {
    storage.conn.execute_batch("VACUUM").unwrap();
    assert_eq!(pragma(storage, "freelist_count"), 0);
}

/// Caps the database at the pages it has now (free pages included); returns that count.
pub(super) fn cap(storage: &Storage) -> i64 {
    let pages = pragma(storage, "page_count");
    let capped: i64 = storage
        .conn
        .query_row(&format!("PRAGMA max_page_count = {pages}"), [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(capped, pages, "SQLite refused the cap");
    pages
}

/// Gives the database room again.
pub(super) fn uncap(storage: &Storage) {
    storage
        .conn
        .query_row("PRAGMA max_page_count = 1000000", [], |r| {
            r.get::<_, i64>(0)
        })
        .unwrap();
}

/// Everything stored: every row of every table as SQL literals, one line per row, sorted (built
/// by SQLite itself, as it is taken before every attempt).
pub(super) fn contents(storage: &Storage) -> BTreeMap<String, String> {
    let tables: Vec<String> = storage
        .conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    tables
        .into_iter()
        .map(|table| {
            let columns: Vec<String> = storage
                .conn
                .prepare("SELECT name FROM pragma_table_info(?1)")
                .unwrap()
                .query_map([&table], |r| r.get(0))
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap();
            let row = columns
                .iter()
                .map(|c| format!("quote(\"{c}\")"))
                .collect::<Vec<_>>()
                .join(" || ',' || ");
            let rows: Option<String> = storage
                .conn
                .query_row(
                    &format!(
                        "SELECT group_concat(r, char(10)) FROM \
                         (SELECT {row} AS r FROM \"{table}\" ORDER BY 1)"
                    ),
                    [],
                    |r| r.get(0),
                )
                .unwrap();
            (table, rows.unwrap_or_default())
        })
        .collect()
}

pub(super) fn integrity(storage: &Storage) -> String {
    storage
        .conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap()
}

/// What a change that found the database full left: its error, and what was stored before it.
pub(super) struct Refused {
    pub(super) attempt: usize,
    pub(super) error: StorageError,
    pub(super) before: BTreeMap<String, String>,
}

/// Repeats `change` (given its attempt number, so its data can grow) until it fails.
pub(super) fn until_refused(
    storage: &mut Storage,
    mut change: impl FnMut(&mut Storage, usize) -> Result<(), StorageError>,
) -> Refused {
    for attempt in 0..MAX_ATTEMPTS {
        let before = contents(storage);
        if let Err(error) = change(storage, attempt) {
            return Refused {
                attempt,
                error,
                before,
            };
        }
    }
    panic!("{MAX_ATTEMPTS} attempts all fitted in the capped database");
}

/// The refusal is the classified full-disk error, and nothing of the refused change is left.
pub(super) fn assert_full_and_untouched(storage: &Storage, refused: &Refused, what: &str) {
    let path = storage.path().to_path_buf();
    assert!(
        matches!(refused.error, StorageError::DiskFull { .. }),
        "{what}, attempt {}: {:?}",
        refused.attempt,
        refused.error
    );
    assert_eq!(refused.error.code(), "disk-full", "{what}");
    let message = refused.error.to_string();
    assert_eq!(
        message,
        StorageError::DiskFull { path: path.clone() }.to_string(),
        "{what}"
    );
    assert!(
        message.starts_with(&format!(
            "{}: the disk is full, so nothing was saved",
            path.display()
        )),
        "{what}: {message}"
    );
    assert!(
        storage.conn.is_autocommit(),
        "{what}: a transaction was left open"
    );
    assert!(
        contents(storage) == refused.before,
        "{what}: the refused change left something behind"
    );
    assert_eq!(integrity(storage), "ok", "{what}");
}
