//! Commitments, their reviews and questionnaire drafts on real SQLite files, through the operation
//! layer as the window and the CLI call it: what is stored, in which order, and that a refused
//! operation leaves the database file exactly as it was.

use std::path::Path;

use bearing_lib::domain::{
    self, growth, questionnaire, AnswerSheet, Assessment, Commitment, Quadrant, Rater, ReviewStatus,
};
use bearing_lib::ops::{self, OpsError};
use bearing_lib::storage::{NewAssessment, Storage, StorageError, DEFAULT_PROFILE_ID};
use chrono::{NaiveDate, Utc};
use rusqlite::Connection;
use serde_json::{json, Value};
use tempfile::TempDir;

use crate::support::{extreme_sheet, snapshot, varied_sheet};

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

/// An assessment dated `date`, saved on a day far enough ahead that any test date is in the past.
fn on(date: &str) -> ops::When {
    ops::When {
        date: Some(day(date)),
        today: day("2100-01-01"),
        now: Utc::now(),
    }
}

fn assess(
    storage: &mut Storage,
    sheet: &AnswerSheet,
    date: &str,
    reviews: Option<Value>,
) -> Result<Assessment, OpsError> {
    ops::assess(
        storage,
        ops::Who::leader(DEFAULT_PROFILE_ID),
        ops::Answered::untimed(sheet),
        reviews,
        on(date),
        false,
    )
}

/// An assessment that needs no reviews, saved from `bearing assess` (the draft is kept).
fn save(storage: &mut Storage, date: &str) -> i64 {
    assess(storage, &varied_sheet(3), date, None)
        .unwrap()
        .summary
        .id
}

/// The ids of the first `n` growth actions Bearing knows.
fn action_ids(n: usize) -> Vec<String> {
    growth::actions()
        .iter()
        .take(n)
        .map(|a| a.id.clone())
        .collect()
}

fn commit(storage: &mut Storage, id: Option<i64>, actions: &[String]) -> Vec<Commitment> {
    ops::commit(storage, DEFAULT_PROFILE_ID, id, actions, Utc::now()).unwrap()
}

fn action_ids_of(list: &[Commitment]) -> Vec<&str> {
    list.iter().map(|c| c.action_id.as_str()).collect()
}

/// Every commitment row as stored: (assessment, action, position, status, review note, reviewed in).
type Row = (
    i64,
    String,
    i64,
    Option<String>,
    Option<String>,
    Option<i64>,
);

fn commitment_rows(path: &Path) -> Vec<Row> {
    let conn = Connection::open(path).unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT assessment_id, action_id, position, status, review_note, reviewed_in \
             FROM commitment ORDER BY assessment_id, position",
        )
        .unwrap();
    let rows = stmt
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
            ))
        })
        .unwrap();
    rows.collect::<Result<_, _>>().unwrap()
}

/// Rows in each table, in the order: assessment, answer, commitment, draft.
fn row_counts(path: &Path) -> [i64; 4] {
    let conn = Connection::open(path).unwrap();
    ["assessment", "answer", "commitment", "draft"].map(|table| {
        conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
            .unwrap()
    })
}

/// Opens the database, runs an operation that must be refused, closes it again, and checks that
/// every file in the folder is byte-for-byte as before. Returns the refusal's message.
fn refused_without_a_trace<T: std::fmt::Debug>(
    dir: &Path,
    path: &Path,
    attempt: impl FnOnce(&mut Storage) -> Result<T, OpsError>,
) -> String {
    let before = snapshot(dir);
    let mut storage = Storage::open(path).unwrap();
    let err = attempt(&mut storage).unwrap_err();
    drop(storage);
    assert_eq!(snapshot(dir), before, "`{err}` changed the files");
    err.to_string()
}

#[test]
fn commitments_keep_the_order_chosen_and_a_new_choice_replaces_the_old() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("bearing.db");
    let mut storage = Storage::open(&path).unwrap();
    let id = save(&mut storage, "2025-03-01");
    let [a, b, c]: [String; 3] = action_ids(3).try_into().unwrap();

    let made = commit(&mut storage, None, &[c.clone(), a.clone(), b.clone()]);
    assert_eq!(action_ids_of(&made), [&c, &a, &b]);
    for m in &made {
        assert_eq!(m.assessment_id, id);
        assert_eq!(m.committed_on, day("2025-03-01"));
        assert_eq!(m.title, growth::action(&m.action_id).unwrap().title);
        assert_eq!(m.review, None);
    }
    assert_eq!(storage.commitments_made_after(id).unwrap(), made);
    assert_eq!(
        ops::open_commitments(&storage, DEFAULT_PROFILE_ID).unwrap(),
        made
    );

    // A second choice replaces the first as a whole, in its own order.
    let again = commit(&mut storage, Some(id), &[b.clone(), c.clone()]);
    assert_eq!(action_ids_of(&again), [&b, &c]);
    assert_eq!(
        ops::open_commitments(&storage, DEFAULT_PROFILE_ID).unwrap(),
        again
    );
    assert_eq!(
        commitment_rows(&path),
        vec![
            (id, b.clone(), 1, None, None, None),
            (id, c.clone(), 2, None, None, None),
        ]
    );

    ops::clear_commitments(&mut storage, DEFAULT_PROFILE_ID, None, Utc::now()).unwrap();
    assert!(ops::open_commitments(&storage, DEFAULT_PROFILE_ID)
        .unwrap()
        .is_empty());
    assert!(commitment_rows(&path).is_empty());
    // Clearing when there is nothing to clear is not an error.
    ops::clear_commitments(&mut storage, DEFAULT_PROFILE_ID, Some(id), Utc::now()).unwrap();
}

#[test]
fn a_refused_choice_of_actions_changes_nothing() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("bearing.db");
    let mut storage = Storage::open(&path).unwrap();
    save(&mut storage, "2025-03-01");
    let kept = commit(&mut storage, None, &action_ids(2));
    drop(storage);

    let four = action_ids(4);
    let first = four[0].clone();
    let cases: [(Vec<String>, &str); 4] = [
        (vec![], "choose from 1 to 3 growth actions, not 0"),
        (four, "choose from 1 to 3 growth actions, not 4"),
        (
            vec![first.clone(), "no-such-action".into()],
            "`no-such-action` is not a growth action",
        ),
        (
            vec![first.clone(), first.clone()],
            "is chosen twice; choose each action once",
        ),
    ];
    for (actions, expected) in cases {
        let message = refused_without_a_trace(dir.path(), &path, |s| {
            ops::commit(s, DEFAULT_PROFILE_ID, None, &actions, Utc::now())
        });
        assert!(message.contains(expected), "{actions:?}: `{message}`");
    }
    let storage = Storage::open(&path).unwrap();
    assert_eq!(
        ops::open_commitments(&storage, DEFAULT_PROFILE_ID).unwrap(),
        kept
    );
}

#[test]
fn only_the_latest_assessment_takes_commitments() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("bearing.db");
    drop(Storage::open(&path).unwrap());
    let actions = action_ids(1);

    // Before any assessment, with or without an id.
    for id in [None, Some(1)] {
        let message = refused_without_a_trace(dir.path(), &path, |s| {
            ops::commit(s, DEFAULT_PROFILE_ID, id, &actions, Utc::now())
        });
        assert!(
            message.contains("there is no assessment yet")
                && message.contains("take an assessment first"),
            "{id:?}: {message}"
        );
    }
    let message = refused_without_a_trace(dir.path(), &path, |s| {
        ops::clear_commitments(s, DEFAULT_PROFILE_ID, None, Utc::now())
    });
    assert!(message.contains("there is no assessment yet"), "{message}");

    let mut storage = Storage::open(&path).unwrap();
    let march = save(&mut storage, "2025-03-01");
    // Saved later, but dated earlier: not the latest.
    let january = save(&mut storage, "2025-01-15");
    drop(storage);
    for id in [january, march + 100] {
        let message = refused_without_a_trace(dir.path(), &path, |s| {
            ops::commit(s, DEFAULT_PROFILE_ID, Some(id), &actions, Utc::now())
        });
        let expected = if id == january {
            format!("assessment {january} is not the latest ({march} is)")
        } else {
            format!("there is no assessment with id {id}")
        };
        assert!(
            message.contains(&expected),
            "`{message}` lacks `{expected}`"
        );
    }
    let message = refused_without_a_trace(dir.path(), &path, |s| {
        ops::clear_commitments(s, DEFAULT_PROFILE_ID, Some(january), Utc::now())
    });
    assert!(message.contains("is not the latest"), "{message}");

    // Without an id, the latest by date is meant.
    let mut storage = Storage::open(&path).unwrap();
    let made = commit(&mut storage, None, &actions);
    assert_eq!(made[0].assessment_id, march);
    assert!(ops::assessment_report(&storage, march).unwrap().can_commit);
    assert!(
        !ops::assessment_report(&storage, january)
            .unwrap()
            .can_commit
    );
}

#[test]
fn the_next_assessment_records_each_review_with_its_note() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("bearing.db");
    let mut storage = Storage::open(&path).unwrap();
    let first = save(&mut storage, "2025-03-01");
    let [a, b, c]: [String; 3] = action_ids(3).try_into().unwrap();
    commit(&mut storage, None, &[a.clone(), b.clone(), c.clone()]);

    let reviews = json!({
        a.clone(): {"status": "done", "note": "  Shipped it; 'quoted' <b>bold</b>  "},
        b.clone(): {"status": "partly"},
        c.clone(): {"status": "not-started", "note": "   "},
    });
    let second = assess(
        &mut storage,
        &extreme_sheet(Quadrant::ImpactGalore),
        "2025-04-01",
        Some(reviews),
    )
    .unwrap()
    .summary
    .id;

    assert_eq!(
        commitment_rows(&path),
        vec![
            (
                first,
                a.clone(),
                1,
                Some("done".into()),
                Some("Shipped it; 'quoted' <b>bold</b>".into()),
                Some(second)
            ),
            (
                first,
                b.clone(),
                2,
                Some("partly".into()),
                None,
                Some(second)
            ),
            (
                first,
                c.clone(),
                3,
                Some("not-started".into()),
                None,
                Some(second)
            ),
        ]
    );
    let reviewed = storage.commitments_reviewed_in(second).unwrap();
    assert_eq!(action_ids_of(&reviewed), [&a, &b, &c]);
    let statuses: Vec<_> = reviewed
        .iter()
        .map(|c| c.review.as_ref().map(|r| (r.status, r.reviewed_in)))
        .collect();
    assert_eq!(
        statuses,
        [
            Some((ReviewStatus::Done, second)),
            Some((ReviewStatus::Partly, second)),
            Some((ReviewStatus::NotStarted, second)),
        ]
    );
    assert_eq!(storage.commitments_made_after(first).unwrap(), reviewed);
    assert!(storage.commitments_reviewed_in(first).unwrap().is_empty());
    assert!(ops::open_commitments(&storage, DEFAULT_PROFILE_ID)
        .unwrap()
        .is_empty());

    // The reports: the first shows what was committed and how it went; the second what was
    // reviewed, and that it now takes the commitments.
    let earlier = ops::assessment_report(&storage, first).unwrap();
    assert_eq!(earlier.commitments, reviewed);
    assert!(earlier.reviewed.is_empty());
    assert!(!earlier.can_commit);
    let later = ops::assessment_report(&storage, second).unwrap();
    assert_eq!(later.reviewed, reviewed);
    assert!(later.commitments.is_empty());
    assert!(later.can_commit);
    let moved = later.report.what_moved.as_ref().unwrap();
    assert_eq!((moved.since, moved.previous_id), (day("2025-03-01"), first));

    // A reviewed commitment never changes, even through storage directly.
    let err = storage
        .replace_commitments(first, &[a.as_str()], Utc::now())
        .unwrap_err();
    assert!(matches!(err, StorageError::Conflict { .. }), "{err:?}");
    assert!(err.to_string().contains("not the latest"), "{err}");
    assert_eq!(storage.commitments_made_after(first).unwrap(), reviewed);
}

#[test]
fn an_assessment_with_missing_or_wrong_reviews_is_refused_and_writes_nothing() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("bearing.db");
    let mut storage = Storage::open(&path).unwrap();
    save(&mut storage, "2025-03-01");
    let [a, b, other]: [String; 3] = action_ids(3).try_into().unwrap();
    commit(&mut storage, None, &[a.clone(), b.clone()]);
    ops::save_draft(
        &mut storage,
        ops::Who::leader(DEFAULT_PROFILE_ID),
        json!({"questionnaire": "v1"}),
        Utc::now(),
    )
    .unwrap();
    drop(storage);
    let rows_before = commitment_rows(&path);
    let counts_before = row_counts(&path);

    let done = json!({"status": "done"});
    let cases: Vec<(Option<Value>, Vec<String>)> = vec![
        (
            None,
            vec![
                "2 commitments are waiting for a review".into(),
                format!("`{a}`"),
                format!("`{b}`"),
            ],
        ),
        (Some(Value::Null), vec!["2 commitments are waiting".into()]),
        (Some(json!({})), vec!["2 commitments are waiting".into()]),
        (
            Some(json!({ a.clone(): done })),
            vec!["1 commitment is waiting".into(), format!("`{b}`")],
        ),
        (
            Some(json!({ a.clone(): done, b.clone(): done, other.clone(): done })),
            vec![
                format!("no open commitment to `{other}`"),
                "the ones due are".into(),
                format!("`{a}`"),
                format!("`{b}`"),
            ],
        ),
        (
            Some(json!({ a.clone(): done, b.clone(): {"status": "finished"} })),
            vec![format!("review of `{b}`: status `finished` is unknown")],
        ),
        (
            Some(json!({ a.clone(): done, b.clone(): {"status": "done", "mood": "good"} })),
            vec!["not valid reviews".into(), "mood".into()],
        ),
        (
            Some(json!([a.clone(), b.clone()])),
            vec!["expected a JSON object, found an array".into()],
        ),
        (
            Some(
                json!({ a.clone(): done, b.clone(): {"status": "done", "note": "x".repeat(4001)} }),
            ),
            vec![format!(
                "the note on the review of `{b}` is 4001 characters long"
            )],
        ),
    ];
    let sheet = extreme_sheet(Quadrant::LowEverything);
    for (reviews, needles) in cases {
        let label = format!("{reviews:?}");
        // Dated after the commitments, and on the same day as the assessment they follow.
        for date in ["2025-04-01", "2025-03-01"] {
            let message = refused_without_a_trace(dir.path(), &path, |s| {
                ops::assess(
                    s,
                    ops::Who::leader(DEFAULT_PROFILE_ID),
                    ops::Answered::untimed(&sheet),
                    reviews.clone(),
                    on(date),
                    true,
                )
            });
            for needle in &needles {
                assert!(
                    message.contains(needle),
                    "{label} on {date}: `{message}` lacks `{needle}`"
                );
            }
        }
    }
    assert_eq!(commitment_rows(&path), rows_before);
    assert_eq!(row_counts(&path), counts_before, "the draft is kept too");
}

#[test]
fn an_assessment_dated_before_the_commitments_neither_needs_nor_takes_reviews() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("bearing.db");
    let mut storage = Storage::open(&path).unwrap();
    let march = save(&mut storage, "2025-03-01");
    let a = action_ids(1).remove(0);
    let open = commit(&mut storage, None, std::slice::from_ref(&a));

    let backfill = assess(
        &mut storage,
        &extreme_sheet(Quadrant::TechBusywork),
        "2025-02-01",
        None,
    )
    .unwrap()
    .summary
    .id;
    assert_eq!(
        ops::open_commitments(&storage, DEFAULT_PROFILE_ID).unwrap(),
        open,
        "still open"
    );
    let report = ops::assessment_report(&storage, backfill).unwrap();
    assert!(report.reviewed.is_empty());
    assert!(!report.can_commit);
    assert_eq!(
        storage.latest_assessment_id(DEFAULT_PROFILE_ID).unwrap(),
        Some(march)
    );
    drop(storage);

    // Reviews given to a backfilled assessment are refused: the commitment is not its to review.
    let message = refused_without_a_trace(dir.path(), &path, |s| {
        assess(
            s,
            &extreme_sheet(Quadrant::TechBusywork),
            "2025-02-15",
            Some(json!({ a.clone(): {"status": "done"} })),
        )
    });
    assert!(
        message.contains(&format!("no open commitment to `{a}`")),
        "{message}"
    );

    // The next assessment after March reviews it.
    let mut storage = Storage::open(&path).unwrap();
    let april = assess(
        &mut storage,
        &extreme_sheet(Quadrant::TechBusywork),
        "2025-04-01",
        Some(json!({ a.clone(): {"status": "partly", "note": "halfway"} })),
    )
    .unwrap()
    .summary
    .id;
    let reviewed = storage.commitments_reviewed_in(april).unwrap();
    assert_eq!(action_ids_of(&reviewed), [&a]);
    let review = reviewed[0].review.as_ref().unwrap();
    assert_eq!(
        (review.status, review.note.as_deref(), review.reviewed_in),
        (ReviewStatus::Partly, Some("halfway"), april)
    );
    assert!(storage
        .commitments_reviewed_in(backfill)
        .unwrap()
        .is_empty());
}

#[test]
fn open_commitments_are_limited_to_assessments_up_to_a_date() {
    let dir = TempDir::new().unwrap();
    let mut storage = Storage::open(&dir.path().join("bearing.db")).unwrap();
    let id = save(&mut storage, "2025-03-01");
    let made = commit(&mut storage, None, &action_ids(2));
    let until = |date: &str| {
        storage
            .open_commitments(DEFAULT_PROFILE_ID, Some(day(date)))
            .unwrap()
    };
    assert!(until("2025-02-28").is_empty());
    assert_eq!(until("2025-03-01"), made);
    assert_eq!(until("2026-01-01"), made);
    assert_eq!(
        storage.open_commitments(DEFAULT_PROFILE_ID, None).unwrap(),
        made
    );
    assert!(
        storage.open_commitments(2, None).unwrap().is_empty(),
        "another profile"
    );
    assert_eq!(
        made.iter().map(|c| c.assessment_id).collect::<Vec<_>>(),
        [id, id]
    );
}

#[test]
fn drafts_are_kept_replaced_and_deleted_one_per_profile() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("bearing.db");
    let mut storage = Storage::open(&path).unwrap();
    let q = questionnaire::current();
    assert_eq!(
        storage
            .draft(DEFAULT_PROFILE_ID, Rater::SelfRating)
            .unwrap(),
        None
    );
    assert_eq!(
        ops::draft(&storage, ops::Who::leader(DEFAULT_PROFILE_ID)).unwrap(),
        None
    );

    let first = json!({"questionnaire": q.version, "answers": { q.items[0].id.clone(): 4 }});
    ops::save_draft(
        &mut storage,
        ops::Who::leader(DEFAULT_PROFILE_ID),
        first,
        Utc::now(),
    )
    .unwrap();
    let (draft, updated_at) = ops::draft(&storage, ops::Who::leader(DEFAULT_PROFILE_ID))
        .unwrap()
        .unwrap();
    assert_eq!(draft.answered(), 1);
    assert!(
        chrono::DateTime::parse_from_rfc3339(&updated_at).is_ok(),
        "{updated_at}"
    );

    let second = json!({
        "questionnaire": q.version,
        "answers": { q.items[0].id.clone(): 5, q.items[1].id.clone(): 1 },
        "notes": { q.items[1].id.clone(): "as typed " },
        "step": "statements",
        "position": 2,
    });
    let saved = ops::save_draft(
        &mut storage,
        ops::Who::leader(DEFAULT_PROFILE_ID),
        second,
        Utc::now(),
    )
    .unwrap();
    let (draft, _) = ops::draft(&storage, ops::Who::leader(DEFAULT_PROFILE_ID))
        .unwrap()
        .unwrap();
    assert_eq!(draft, saved);
    assert_eq!(draft.answered(), 2);
    assert_eq!(draft.notes[&q.items[1].id], "as typed ");
    assert_eq!(row_counts(&path)[3], 1, "one draft per profile");

    // A refused draft leaves the kept one alone.
    let bad = json!({"questionnaire": q.version, "answers": { q.items[0].id.clone(): 9 }});
    let err = ops::save_draft(
        &mut storage,
        ops::Who::leader(DEFAULT_PROFILE_ID),
        bad,
        Utc::now(),
    )
    .unwrap_err();
    assert!(err.to_string().contains("has value 9"), "{err}");
    assert_eq!(
        ops::draft(&storage, ops::Who::leader(DEFAULT_PROFILE_ID))
            .unwrap()
            .unwrap()
            .0,
        saved
    );

    assert!(ops::discard_draft(&mut storage, ops::Who::leader(DEFAULT_PROFILE_ID)).unwrap());
    assert_eq!(
        ops::draft(&storage, ops::Who::leader(DEFAULT_PROFILE_ID)).unwrap(),
        None
    );
    assert!(
        !ops::discard_draft(&mut storage, ops::Who::leader(DEFAULT_PROFILE_ID)).unwrap(),
        "nothing left to discard"
    );
    assert_eq!(row_counts(&path)[3], 0);

    // A stored draft this Bearing cannot read counts as none.
    storage
        .save_draft(
            DEFAULT_PROFILE_ID,
            Rater::SelfRating,
            r#"{"questionnaire": "v99"}"#,
            Utc::now(),
        )
        .unwrap();
    assert!(storage
        .draft(DEFAULT_PROFILE_ID, Rater::SelfRating)
        .unwrap()
        .is_some());
    assert_eq!(
        ops::draft(&storage, ops::Who::leader(DEFAULT_PROFILE_ID)).unwrap(),
        None
    );
}

#[test]
fn saving_an_assessment_drops_the_draft_only_when_asked() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("bearing.db");
    let mut storage = Storage::open(&path).unwrap();
    let sheet = varied_sheet(4);
    let draft = json!({"questionnaire": questionnaire::CURRENT_VERSION, "note": "half done"});

    ops::save_draft(
        &mut storage,
        ops::Who::leader(DEFAULT_PROFILE_ID),
        draft.clone(),
        Utc::now(),
    )
    .unwrap();
    ops::assess(
        &mut storage,
        ops::Who::leader(DEFAULT_PROFILE_ID),
        ops::Answered::untimed(&sheet),
        None,
        on("2025-01-15"),
        false,
    )
    .unwrap();
    assert!(
        ops::draft(&storage, ops::Who::leader(DEFAULT_PROFILE_ID))
            .unwrap()
            .is_some(),
        "clear_draft=false keeps it"
    );

    let a = action_ids(1).remove(0);
    commit(&mut storage, None, std::slice::from_ref(&a));
    // A refused save that was asked to clear the draft keeps it.
    let err = ops::assess(
        &mut storage,
        ops::Who::leader(DEFAULT_PROFILE_ID),
        ops::Answered::untimed(&sheet),
        None,
        on("2025-02-15"),
        true,
    )
    .unwrap_err();
    assert!(err.to_string().contains("waiting for a review"), "{err}");
    assert!(ops::draft(&storage, ops::Who::leader(DEFAULT_PROFILE_ID))
        .unwrap()
        .is_some());

    let reviews = json!({ a: {"status": "done"} });
    ops::assess(
        &mut storage,
        ops::Who::leader(DEFAULT_PROFILE_ID),
        ops::Answered::untimed(&sheet),
        Some(reviews),
        on("2025-02-15"),
        true,
    )
    .unwrap();
    assert_eq!(
        ops::draft(&storage, ops::Who::leader(DEFAULT_PROFILE_ID)).unwrap(),
        None,
        "clear_draft=true drops it"
    );
    assert_eq!(
        row_counts(&path),
        [2, 2 * sheet.answer_map().len() as i64, 1, 0]
    );

    // With nothing to drop, clearing is not an error.
    ops::assess(
        &mut storage,
        ops::Who::leader(DEFAULT_PROFILE_ID),
        ops::Answered::untimed(&sheet),
        None,
        on("2025-03-15"),
        true,
    )
    .unwrap();
}

#[test]
fn the_previous_assessment_is_the_one_before_by_date_then_by_order_saved_and_same_rater() {
    let dir = TempDir::new().unwrap();
    let mut storage = Storage::open(&dir.path().join("bearing.db")).unwrap();
    let dates = [
        "2025-03-01",
        "2025-01-15",
        "2025-03-01",
        "2024-12-31",
        "2025-01-15",
    ];
    let ids: Vec<i64> = dates.iter().map(|d| save(&mut storage, d)).collect();
    assert_eq!(ids, [1, 2, 3, 4, 5]);
    // In time: 4, 2, 5, 1, 3.
    let previous = |id| storage.previous_assessment_id(id).unwrap();
    assert_eq!(
        [1, 2, 3, 4, 5].map(previous),
        [Some(5), Some(4), Some(1), None, Some(2)]
    );
    assert_eq!(storage.previous_assessment_id(99).unwrap(), None);
    assert_eq!(
        storage.latest_assessment_id(DEFAULT_PROFILE_ID).unwrap(),
        Some(3)
    );
    assert_eq!(storage.latest_assessment_id(2).unwrap(), None);

    // Someone else's view of the leader is compared only with their own earlier ones.
    let sheet = extreme_sheet(Quadrant::GlorifiedManager);
    let score = domain::score(&sheet);
    let mut by_coach = |date: &str| {
        storage
            .insert_assessment(&NewAssessment {
                profile_id: DEFAULT_PROFILE_ID,
                rater: Rater::Coach,
                rater_id: Some("the-coach"),
                rater_name: None,
                taken_on: day(date),
                recorded_at: Utc::now(),
                sheet: &sheet,
                score: &score,
                reviews: &[],
                clear_draft: false,
                flags: &[],
                median_seconds: None,
            })
            .unwrap()
            .summary
            .id
    };
    let coach_feb = by_coach("2025-02-01");
    let coach_jan = by_coach("2025-01-01");
    assert_eq!(
        storage.previous_assessment_id(coach_feb).unwrap(),
        Some(coach_jan)
    );
    assert_eq!(storage.previous_assessment_id(coach_jan).unwrap(), None);
    assert_eq!(storage.previous_assessment_id(1).unwrap(), Some(5));
    let moved = ops::assessment_report(&storage, 1)
        .unwrap()
        .report
        .what_moved
        .unwrap();
    assert_eq!((moved.since, moved.previous_id), (day("2025-01-15"), 5));
    assert!(ops::assessment_report(&storage, 4)
        .unwrap()
        .report
        .what_moved
        .is_none());
}

/// Suggestions at an assessment leave out the actions just reviewed there when at least
/// `SUGGESTION_COUNT` others fit, and list them last when too few do.
#[test]
fn suggestions_after_a_review_put_the_reviewed_actions_last() {
    // All threes: borderline in every direction, so every action fits. An extreme sheet: only the
    // actions of one quadrant fit.
    for (sheet, enough) in [
        (varied_sheet(3), true),
        (extreme_sheet(Quadrant::LowEverything), false),
    ] {
        let dir = TempDir::new().unwrap();
        let mut storage = Storage::open(&dir.path().join("bearing.db")).unwrap();
        let first = assess(&mut storage, &sheet, "2025-01-15", None).unwrap();
        let before = ops::assessment_report(&storage, first.summary.id).unwrap();
        let top: Vec<String> = before.report.suggestions[..3]
            .iter()
            .map(|s| s.action.id.clone())
            .collect();
        commit(&mut storage, None, &top);
        let reviews: serde_json::Map<String, Value> = top
            .iter()
            .map(|id| (id.clone(), json!({"status": "not-started"})))
            .collect();
        let second = assess(&mut storage, &sheet, "2025-02-15", Some(reviews.into())).unwrap();
        let after = ops::assessment_report(&storage, second.summary.id).unwrap();
        let suggested: Vec<&str> = after
            .report
            .suggestions
            .iter()
            .map(|s| s.action.id.as_str())
            .collect();

        let score = domain::score(&sheet);
        let fitting = domain::suggest(&score, &sheet, &[], usize::MAX, None).len();
        assert_eq!(
            fitting - top.len() >= ops::SUGGESTION_COUNT,
            enough,
            "{fitting} fit"
        );
        assert_eq!(suggested.len(), ops::SUGGESTION_COUNT.min(fitting));
        let fresh: Vec<&str> = suggested
            .iter()
            .copied()
            .take_while(|id| !top.iter().any(|t| t == id))
            .collect();
        if enough {
            assert_eq!(fresh, suggested, "a reviewed action was suggested again");
        } else {
            assert_eq!(fresh.len(), fitting - top.len(), "{suggested:?}");
            assert_eq!(
                &suggested[fresh.len()..],
                &top[..suggested.len() - fresh.len()],
                "reviewed actions come last, in their ranking"
            );
        }
        // The one before was ranked without them left out.
        assert_eq!(
            before.report.suggestions[3..]
                .iter()
                .map(|s| s.action.id.as_str())
                .collect::<Vec<_>>(),
            fresh[..before.report.suggestions.len() - 3]
        );
    }
}

/// A commitment to an action a later Bearing no longer lists is still shown (by its id) and can
/// still be reviewed.
#[test]
fn a_commitment_to_an_action_no_longer_known_can_still_be_reviewed() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("bearing.db");
    let mut storage = Storage::open(&path).unwrap();
    let id = save(&mut storage, "2025-03-01");
    Connection::open(&path)
        .unwrap()
        .execute(
            "INSERT INTO commitment (assessment_id, action_id, position, committed_at) \
             VALUES (?1, 'retired-action', 1, '2025-03-01T12:00:00.000Z')",
            [id],
        )
        .unwrap();
    let open = ops::open_commitments(&storage, DEFAULT_PROFILE_ID).unwrap();
    assert_eq!(action_ids_of(&open), ["retired-action"]);
    assert_eq!(open[0].title, "retired-action");
    assert!(open[0].action().is_none());

    let err = assess(&mut storage, &varied_sheet(3), "2025-04-01", None).unwrap_err();
    assert!(err.to_string().contains("`retired-action`"), "{err}");
    let later = assess(
        &mut storage,
        &varied_sheet(3),
        "2025-04-01",
        Some(json!({"retired-action": {"status": "not-started"}})),
    )
    .unwrap();
    let reviewed = storage.commitments_reviewed_in(later.summary.id).unwrap();
    assert_eq!(action_ids_of(&reviewed), ["retired-action"]);
    assert!(ops::open_commitments(&storage, DEFAULT_PROFILE_ID)
        .unwrap()
        .is_empty());
}
