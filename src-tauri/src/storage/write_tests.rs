//! Every kind of change, on a database with no room left to grow, fails with the same full-disk
//! message and leaves nothing of itself behind.
//!
//! How the room runs out: `PRAGMA max_page_count` caps the database at the pages it has, so a
//! change that needs one more page fails with `SQLITE_FULL`, exactly as on a full disk. SQLite
//! refuses a cap below the current size, and a change that fits in free bytes of a used page or in
//! a free page never reaches the cap, so each test first leaves no free page (`VACUUM`, which also
//! packs the pages) or uses the free pages up, then caps, then repeats its change, with growing
//! data where that is needed, until the change no longer fits. The database is in WAL mode
//! throughout and is never checkpointed by these tests: the cap holds for the database as seen
//! through the log (see `the_cap_holds_for_pages_that_are_only_in_the_write_ahead_log`).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use serde_json::json;
use tempfile::TempDir;

use super::{NewAssessment, Storage, StorageError, DEFAULT_PROFILE_ID};
use crate::domain::export::{
    ExportAssessment, ExportCommitment, ExportDocument, ExportProfile, ExportReview, FORMAT,
    VERSION,
};
use crate::domain::{growth, questionnaire, score, AnswerSheet, Rater, ReviewInput, ReviewStatus};

/// Most attempts at one change before a test gives up filling the database.
const MAX_ATTEMPTS: usize = 2_000;

/// Longest note the answer sheet accepts (`MAX_NOTE_CHARS`).
const FULL_NOTE: usize = 4_000;

/// How many people [`people_with_commitments`] adds (besides "Me").
const PEOPLE: usize = 250;

/// How many people [`many_people`] adds (besides "Me").
const MANY_PEOPLE: usize = 400;

fn open() -> (TempDir, Storage) {
    let dir = TempDir::new().unwrap();
    let storage = Storage::open(&dir.path().join("history.db")).unwrap();
    (dir, storage)
}

fn at(minutes: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 1, 5, 9, 0, 0).unwrap() + Duration::minutes(minutes)
}

fn day(n: usize) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, 5).unwrap() + Duration::days(i64::try_from(n).unwrap())
}

/// A complete sheet for the current questionnaire; with `note_chars > 0`, a note that long on
/// every statement and on the whole assessment.
fn sheet(seed: usize, note_chars: usize) -> AnswerSheet {
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
fn assess(
    storage: &mut Storage,
    profile_id: i64,
    rater: Rater,
    n: usize,
    sheet: &AnswerSheet,
    reviews: &[(i64, ReviewInput)],
    clear_draft: bool,
) -> Result<i64, StorageError> {
    let score = score(sheet);
    let saved = storage.insert_assessment(&NewAssessment {
        profile_id,
        rater,
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
fn actions(n: usize) -> Vec<&'static str> {
    growth::actions()
        .iter()
        .take(n)
        .map(|a| a.id.as_str())
        .collect()
}

/// Reviews of every open commitment of `profile_id`, as the leader's next assessment gives them.
fn reviews_of_open(storage: &Storage, profile_id: i64) -> Vec<(i64, ReviewInput)> {
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
fn seed(storage: &mut Storage, seed: fn(&mut Storage)) {
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
fn leader_with_commitments(storage: &mut Storage) {
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
fn people_with_commitments(storage: &mut Storage) {
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
fn many_people(storage: &mut Storage) {
    for k in 0..MANY_PEOPLE {
        let name = format!("Person {k:03} {}", "p".repeat(k % 40));
        storage.add_profile(&name, at(0)).unwrap();
    }
}

fn pragma(storage: &Storage, name: &str) -> i64 {
    storage
        .conn
        .pragma_query_value(None, name, |r| r.get(0))
        .unwrap()
}

/// Leaves no free page behind: `VACUUM` rebuilds the database, packing every page.
fn compact(storage: &Storage) {
    storage.conn.execute_batch("VACUUM").unwrap();
    assert_eq!(pragma(storage, "freelist_count"), 0);
}

/// Caps the database at the pages it has now (free pages included); returns that count.
fn cap(storage: &Storage) -> i64 {
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
fn uncap(storage: &Storage) {
    storage
        .conn
        .query_row("PRAGMA max_page_count = 1000000", [], |r| {
            r.get::<_, i64>(0)
        })
        .unwrap();
}

/// Everything stored: every row of every table as SQL literals, one line per row, sorted (built
/// by SQLite itself, as it is taken before every attempt).
fn contents(storage: &Storage) -> BTreeMap<String, String> {
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

fn integrity(storage: &Storage) -> String {
    storage
        .conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap()
}

/// What a change that found the database full left: its error, and what was stored before it.
struct Refused {
    attempt: usize,
    error: StorageError,
    before: BTreeMap<String, String>,
}

/// Repeats `change` (given its attempt number, so its data can grow) until it fails.
fn until_refused(
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
fn assert_full_and_untouched(storage: &Storage, refused: &Refused, what: &str) {
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

/// One kind of change: the history it needs, and the change itself (attempt `n`).
struct Case {
    what: &'static str,
    seed: fn(&mut Storage),
    change: fn(&mut Storage, usize) -> Result<(), StorageError>,
}

fn no_seed(_: &mut Storage) {}

/// Profile id of the `n`th of `count` people added after "Me", wrapping round.
fn person(n: usize, count: usize) -> i64 {
    i64::try_from(2 + n % count).unwrap()
}

fn cases() -> Vec<Case> {
    vec![
        Case {
            what: "saving the leader's assessment, with reviews and clearing the draft",
            seed: leader_with_commitments,
            change: |s, n| {
                let reviews = reviews_of_open(s, DEFAULT_PROFILE_ID);
                assert_eq!(reviews.len(), 3, "attempt {n} has the reviews to record");
                let sheet = sheet(n, FULL_NOTE);
                assess(
                    s,
                    DEFAULT_PROFILE_ID,
                    Rater::SelfRating,
                    1,
                    &sheet,
                    &reviews,
                    true,
                )
                .map(drop)
            },
        },
        Case {
            what: "saving a coach's assessment",
            seed: no_seed,
            change: |s, n| {
                assess(
                    s,
                    DEFAULT_PROFILE_ID,
                    Rater::Coach,
                    n,
                    &sheet(n, 0),
                    &[],
                    false,
                )
                .map(drop)
            },
        },
        Case {
            what: "adding a person",
            seed: no_seed,
            change: |s, n| s.add_profile(&format!("Person {n}"), at(0)).map(drop),
        },
        Case {
            what: "renaming a person (to a longer name)",
            seed: many_people,
            change: |s, n| {
                let name = format!("{n:04} {}", "r".repeat(75));
                s.rename_profile(person(n, MANY_PEOPLE), &name)
            },
        },
        Case {
            what: "archiving a person (a date where there was none)",
            seed: many_people,
            change: |s, n| s.set_archived(person(n, MANY_PEOPLE), true, at(0)),
        },
        Case {
            // A rhythm of 128 days or more takes a byte more than the default 30 in SQLite's
            // record format. A page that overflows first passes cells to its neighbours, so it
            // takes about as many changes as a few packed pages have bytes free (some tens)
            // before a new page is needed.
            what: "setting a person's rhythm (to one that takes a byte more)",
            seed: many_people,
            change: |s, n| s.set_cadence(person(n, MANY_PEOPLE), 366),
        },
        Case {
            what: "choosing commitments",
            seed: people_with_commitments,
            change: |s, n| {
                let latest = s.latest_assessment_id(person(n, PEOPLE)).unwrap().unwrap();
                s.replace_commitments(latest, &actions(3), at(5)).map(drop)
            },
        },
        Case {
            // Deleting frees rows, but it also reopens the commitments the deleted assessment
            // reviewed, which adds their entries to the index of open commitments. What it frees
            // stays as free bytes in the pages of the other tables (no page empties), so after
            // some hundred deletions that index needs a page the database does not have.
            what: "deleting an assessment that reviewed commitments",
            seed: people_with_commitments,
            change: |s, n| {
                let latest = s.latest_assessment_id(person(n, PEOPLE)).unwrap().unwrap();
                let tombstone = s.delete_assessment(latest)?;
                assert!(tombstone.is_some(), "attempt {n} deleted nothing");
                Ok(())
            },
        },
        Case {
            what: "saving a large draft over a small one",
            seed: leader_with_commitments,
            change: |s, n| {
                let body = json!({ "answers": {}, "filler": "d".repeat(8_192 * (n + 1)) });
                s.save_draft(
                    DEFAULT_PROFILE_ID,
                    Rater::SelfRating,
                    &body.to_string(),
                    at(3),
                )
            },
        },
        Case {
            what: "importing a document larger than the room left",
            seed: no_seed,
            change: |s, n| s.import_document(&document(n)).map(drop),
        },
    ]
    // Not here: deleting a draft, which only removes one row. SQLite could in principle need a
    // page to rebalance its tree after a removal, but no honest history makes it do so.
}

/// An export document with a new person (named after `n`) whose two assessments carry full
/// notes and a reviewed commitment: far more than a packed page has free.
fn document(n: usize) -> ExportDocument {
    let assessment = |k: usize, commitments: Vec<ExportCommitment>| {
        let sheet = sheet(k, FULL_NOTE);
        let score = score(&sheet);
        ExportAssessment {
            date: day(k),
            recorded_at: at(i64::try_from(k).unwrap()).to_rfc3339(),
            rater: Rater::SelfRating,
            questionnaire: score.questionnaire,
            focus: score.focus,
            autonomy: score.autonomy,
            quadrant: score.quadrant,
            borderline: score.borderline,
            answers: sheet.answer_map(),
            note: sheet.note().map(str::to_owned),
            notes: sheet.notes().clone(),
            commitments,
            confirmed_at: None,
        }
    };
    let commitment = ExportCommitment {
        action: actions(1)[0].to_owned(),
        committed_at: at(1).to_rfc3339(),
        review: Some(ExportReview {
            status: ReviewStatus::Done,
            note: Some("done".into()),
            reviewed_in: 1,
        }),
    };
    ExportDocument {
        format: FORMAT.into(),
        version: VERSION,
        exported_at: at(10).to_rfc3339(),
        app_version: "test".into(),
        includes_notes: true,
        profiles: vec![ExportProfile {
            name: format!("Imported {n}"),
            created_at: at(0).to_rfc3339(),
            archived_at: None,
            cadence_days: 30,
            assessments: vec![assessment(0, vec![commitment]), assessment(1, Vec::new())],
        }],
    }
}

#[test]
fn every_kind_of_change_on_a_full_database_says_the_disk_is_full_and_leaves_nothing_behind() {
    let mut messages = BTreeSet::new();
    for case in cases() {
        let (_dir, mut storage) = open();
        seed(&mut storage, case.seed);
        compact(&storage);
        let pages = cap(&storage);
        let refused = until_refused(&mut storage, case.change);
        assert_full_and_untouched(&storage, &refused, case.what);
        assert_eq!(pragma(&storage, "page_count"), pages, "{}", case.what);

        // The refusal was for want of room only: with room again, the same change is saved.
        uncap(&storage);
        (case.change)(&mut storage, refused.attempt)
            .unwrap_or_else(|e| panic!("{}, with room again: {e}", case.what));
        assert!(contents(&storage) != refused.before, "{}", case.what);

        let path = storage.path().display().to_string();
        messages.insert(refused.error.to_string().replace(&path, "DATABASE"));
    }
    assert_eq!(messages.len(), 1, "{messages:#?}");
}

#[test]
fn undeleting_once_the_freed_room_is_used_up_says_the_disk_is_full_and_leaves_nothing_behind() {
    let (_dir, mut storage) = open();
    seed(&mut storage, |s| {
        leader_with_commitments(s);
        let reviews = reviews_of_open(s, DEFAULT_PROFILE_ID);
        let big = sheet(1, FULL_NOTE);
        assess(
            s,
            DEFAULT_PROFILE_ID,
            Rater::SelfRating,
            1,
            &big,
            &reviews,
            true,
        )
        .unwrap();
        // A later assessment, so the deleted one's id is not the highest and new assessments
        // do not take it.
        assess(
            s,
            DEFAULT_PROFILE_ID,
            Rater::Coach,
            2,
            &sheet(2, 0),
            &[],
            false,
        )
        .unwrap();
    });
    compact(&storage);
    // No `VACUUM` after the deletion: the pages it frees stay free, for other changes to take.
    let deleted = storage
        .latest_assessment_id(DEFAULT_PROFILE_ID)
        .unwrap()
        .unwrap();
    assert_eq!(deleted, 2);
    let tombstone = storage.delete_assessment(deleted).unwrap().unwrap();
    let freed = pragma(&storage, "freelist_count");
    assert!(freed > 0, "deleting freed no page");
    let pages = cap(&storage);

    // Other changes take the freed pages: coaches' assessments while they fit, then people.
    let filled = until_refused(&mut storage, |s, n| {
        assess(
            s,
            DEFAULT_PROFILE_ID,
            Rater::Coach,
            n,
            &sheet(n, 1_000),
            &[],
            false,
        )
        .map(drop)
    });
    assert_full_and_untouched(&storage, &filled, "filling with assessments");
    let filled = until_refused(&mut storage, |s, n| {
        s.add_profile(&format!("Filler {n}"), at(0)).map(drop)
    });
    assert_full_and_untouched(&storage, &filled, "filling with people");
    assert!(pragma(&storage, "freelist_count") < freed);

    let refused = until_refused(&mut storage, |s, _| s.undelete_assessment(&tombstone));
    assert_eq!(refused.attempt, 0);
    assert_full_and_untouched(&storage, &refused, "undeleting");
    assert_eq!(pragma(&storage, "page_count"), pages);
    assert_eq!(storage.assessment(deleted).unwrap(), None);

    uncap(&storage);
    storage.undelete_assessment(&tombstone).unwrap();
    assert_eq!(
        storage.assessment(deleted).unwrap().map(|a| a.summary.id),
        Some(deleted)
    );
}

#[test]
fn the_cap_holds_for_pages_that_are_only_in_the_write_ahead_log() {
    let (dir, mut storage) = open();
    seed(&mut storage, leader_with_commitments);
    let len = |p: &Path| std::fs::metadata(p).map_or(0, |m| m.len());
    let page_size = u64::try_from(pragma(&storage, "page_size")).unwrap();
    let wal = dir.path().join("history.db-wal");
    let in_file = len(storage.path()) / page_size;
    let pages = cap(&storage);
    assert!(
        in_file < u64::try_from(pages).unwrap(),
        "every page is already in the database file ({in_file} of {pages})"
    );

    let refused = until_refused(&mut storage, |s, n| {
        s.add_profile(&format!("Person {n}"), at(0)).map(drop)
    });
    assert_full_and_untouched(&storage, &refused, "adding a person");
    assert!(refused.attempt > 0, "the first person already did not fit");
    assert!(len(&wal) > 0, "the log was checkpointed meanwhile");
    assert_eq!(len(storage.path()) / page_size, in_file);
}
