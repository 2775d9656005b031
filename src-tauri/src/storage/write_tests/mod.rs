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

mod fill;

use fill::*;

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::json;

use crate::domain::export::{
    ExportAssessment, ExportCommitment, ExportDocument, ExportProfile, ExportReview, FORMAT,
    VERSION,
};
use crate::domain::{score, Rater, ReviewStatus};
use crate::storage::{Destination, ImportPlan, Storage, StorageError, DEFAULT_PROFILE_ID};

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
            change: |s, n| {
                let plan = ImportPlan {
                    replace: None,
                    people: vec![Destination::New {
                        name: format!("Imported {n}"),
                    }],
                    now: at(10).to_rfc3339(),
                };
                s.import_document(&document(n), &plan).map(drop)
            },
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
            id: uuid::Uuid::new_v4().to_string(),
            date: day(k),
            recorded_at: at(i64::try_from(k).unwrap()).to_rfc3339(),
            rater: Rater::SelfRating,
            rater_id: None,
            rater_name: None,
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
        id: uuid::Uuid::new_v4().to_string(),
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
            id: uuid::Uuid::new_v4().to_string(),
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
