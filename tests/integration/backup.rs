//! Export and import on real database files: the round trip over generated histories, merging,
//! and refused files leaving the database exactly as it was.

use std::path::Path;

use bearing_lib::domain::{growth, questionnaire, AnswerSheet, ReviewStatus};
use bearing_lib::ops::{self, When};
use bearing_lib::storage::{Storage, DEFAULT_PROFILE_ID};
use chrono::{Duration, NaiveDate, TimeZone, Utc};
use proptest::prelude::*;
use serde_json::{json, Map, Value};

use crate::support::{snapshot, Answers};

/// One generated month: answers, an optional note, which actions to commit to afterwards, and
/// how the previous month's commitments went.
#[derive(Debug, Clone)]
struct Month {
    gap_days: i64,
    values: Vec<u8>,
    note: Option<String>,
    notes_on: Vec<usize>,
    commit: Vec<usize>,
    statuses: Vec<usize>,
}

fn month() -> impl Strategy<Value = Month> {
    let items = questionnaire::current().items.len();
    (
        0_i64..70,
        proptest::collection::vec(1_u8..=5, items),
        proptest::option::of("[a-zA-Z ,.']{1,40}"),
        proptest::collection::vec(0..items, 0..3),
        proptest::collection::btree_set(0..growth::actions().len(), 0..=3),
        proptest::collection::vec(0_usize..3, 3),
    )
        .prop_map(
            |(gap_days, values, note, notes_on, commit, statuses)| Month {
                gap_days,
                values,
                note: note.map(|n| format!("Month: {}", n.trim())),
                notes_on,
                commit: commit.into_iter().collect(),
                statuses,
            },
        )
}

/// Saves the generated history through the same operations the window and CLI use.
fn build_history(path: &Path, months: &[Month]) -> Storage {
    continue_history(path, months, 0)
}

/// Like [`build_history`], saving only the months from `first` on (the earlier ones are already
/// in the database).
fn continue_history(path: &Path, months: &[Month], first: usize) -> Storage {
    let mut storage = Storage::open(path).unwrap();
    let q = questionnaire::current();
    let mut date = NaiveDate::from_ymd_opt(2024, 1, 15).unwrap();
    for (n, m) in months.iter().enumerate() {
        date += Duration::days(m.gap_days);
        if n < first {
            continue;
        }
        let notes: Map<String, Value> = m
            .notes_on
            .iter()
            .map(|&i| {
                (
                    q.items[i].id.clone(),
                    json!(format!("Note on statement {i}")),
                )
            })
            .collect();
        let answers = Answers::each(|i, _| m.values[i])
            .with("notes", notes)
            .with("note", m.note.clone());
        let sheet = AnswerSheet::from_value(answers.json()).unwrap();
        let open = ops::open_commitments(&storage, DEFAULT_PROFILE_ID).unwrap();
        let reviews: Map<String, Value> = open
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let status = ReviewStatus::ALL[m.statuses[i % 3]];
                (
                    c.action_id.clone(),
                    json!({"status": status, "note": format!("Review {i}")}),
                )
            })
            .collect();
        let now = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap() + Duration::seconds(n as i64);
        let when = When {
            date: Some(date),
            today: NaiveDate::from_ymd_opt(2100, 1, 1).unwrap(),
            now,
        };
        ops::assess(
            &mut storage,
            ops::Who::leader(DEFAULT_PROFILE_ID),
            ops::Answered::untimed(&sheet),
            Some(Value::Object(reviews)),
            when,
            false,
        )
        .unwrap();
        if !m.commit.is_empty() {
            let ids: Vec<String> = m
                .commit
                .iter()
                .map(|&i| growth::actions()[i].id.clone())
                .collect();
            ops::commit(&mut storage, DEFAULT_PROFILE_ID, None, &ids, now).unwrap();
        }
    }
    storage
}

fn export(storage: &Storage, notes: bool) -> Value {
    let doc = ops::export_document(storage, None, notes, Utc::now()).unwrap();
    let mut value = serde_json::to_value(doc).unwrap();
    value.as_object_mut().unwrap().remove("exported_at");
    value
}

fn import_file(storage: &mut Storage, file: &Path) -> ops::OpsError {
    match ops::read_export_file(file) {
        Ok(doc) => match ops::import_document(storage, &doc, None) {
            Ok(outcome) => panic!("{} was imported: {outcome:?}", file.display()),
            Err(e) => e,
        },
        Err(e) => e,
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, .. ProptestConfig::default() })]

    #[test]
    fn export_import_export_gives_the_same_document(
        months in proptest::collection::vec(month(), 0..6),
        notes in any::<bool>(),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let original = build_history(&dir.path().join("a.db"), &months);
        let first = export(&original, notes);
        let file = dir.path().join("export.json");
        ops::export_to_file(&original, None, &file, notes, Utc::now()).unwrap();

        let mut fresh = Storage::open(&dir.path().join("b.db")).unwrap();
        let doc = ops::read_export_file(&file).unwrap();
        let (preview, outcome) = ops::import_document(&mut fresh, &doc, None).unwrap();
        prop_assert!(preview.restore, "a fresh Bearing takes the file as its history");
        prop_assert_eq!(outcome.assessments_added, months.len());
        prop_assert_eq!(export(&fresh, notes), first.clone());

        // The same file again adds nothing.
        let (_, again) = ops::import_document(&mut fresh, &doc, None).unwrap();
        prop_assert_eq!(again.assessments_added, 0);
        prop_assert_eq!(again.assessments_skipped, months.len());
        prop_assert_eq!(export(&fresh, notes), first);
    }
}

#[test]
fn import_merges_into_a_database_with_its_own_history() {
    let dir = tempfile::tempdir().unwrap();
    let months: Vec<Month> = (0..3)
        .map(|i| Month {
            // Different days, so the third month is not taken for the first.
            gap_days: 30 + 3 * i as i64,
            values: vec![1 + (i as u8 % 5); questionnaire::current().items.len()],
            note: None,
            notes_on: vec![],
            commit: vec![i],
            statuses: vec![0, 1, 2],
        })
        .collect();
    let a = build_history(&dir.path().join("a.db"), &months[..2]);
    let file = dir.path().join("a.json");
    ops::export_to_file(&a, None, &file, false, Utc::now()).unwrap();
    // Another database with one assessment of its own, on a different day.
    let b_path = dir.path().join("b.db");
    let b = build_history(&b_path, &months[2..]);
    let doc = ops::read_export_file(&file).unwrap();
    // Both are called "Me", but nothing says they are one person: the user must say so.
    drop(b);
    let before = snapshot(dir.path());
    let mut b = Storage::open(&b_path).unwrap();
    let err = ops::import_document(&mut b, &doc, None).unwrap_err();
    assert!(
        matches!(err, ops::OpsError::ImportNeedsChoice { .. }),
        "{err}"
    );
    drop(b);
    assert_eq!(snapshot(dir.path()), before, "nothing written");
    let mut b = Storage::open(&b_path).unwrap();
    let (_, outcome) = ops::import_document(
        &mut b,
        &doc,
        Some(ops::ImportTarget::Into {
            profile_id: DEFAULT_PROFILE_ID,
        }),
    )
    .unwrap();
    assert_eq!(
        (outcome.assessments_added, outcome.assessments_skipped),
        (2, 0)
    );
    assert_eq!(outcome.profiles_added, 0, "\"Me\" as chosen");
    // The choice is remembered: the same file again needs none and adds nothing.
    let (preview, again) = ops::import_document(&mut b, &doc, None).unwrap();
    assert!(matches!(
        preview.people[0].destination,
        ops::Where::Linked(_)
    ));
    assert_eq!((again.assessments_added, again.assessments_skipped), (0, 2));
    let summaries = b.assessment_summaries(DEFAULT_PROFILE_ID).unwrap();
    assert_eq!(summaries.len(), 3);
    let dates: Vec<String> = summaries.iter().map(|s| s.date.to_string()).collect();
    let mut sorted = dates.clone();
    sorted.sort();
    assert_eq!(dates, sorted, "merged history reads in date order");
    // The reviewed commitment came along, linked to the assessment that reviewed it.
    let reviewed: Vec<_> = summaries
        .iter()
        .flat_map(|s| b.commitments_reviewed_in(s.id).unwrap())
        .collect();
    assert_eq!(reviewed.len(), 1);
    assert_eq!(reviewed[0].action_id, growth::actions()[0].id);
    let reviewer = summaries
        .iter()
        .find(|s| Some(s.id) == reviewed[0].review.as_ref().map(|r| r.reviewed_in))
        .unwrap();
    assert_eq!(
        reviewer.recorded_at,
        a.assessment_summaries(DEFAULT_PROFILE_ID).unwrap()[1].recorded_at,
        "reviewed by the imported second month, not by this database's own assessment"
    );
}

#[test]
fn refused_import_files_leave_the_database_byte_for_byte_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let months: Vec<Month> = (0..2)
        .map(|i| Month {
            gap_days: 31,
            values: vec![2 + i as u8; questionnaire::current().items.len()],
            note: Some("Private".into()),
            notes_on: vec![0],
            commit: vec![1, 2],
            statuses: vec![0, 1, 2],
        })
        .collect();
    let db_dir = dir.path().join("db");
    std::fs::create_dir(&db_dir).unwrap();
    let db = db_dir.join("bearing.db");
    let storage = build_history(&db, &months);
    let good = dir.path().join("good.json");
    ops::export_to_file(&storage, None, &good, true, Utc::now()).unwrap();
    drop(storage);
    let text = std::fs::read_to_string(&good).unwrap();
    let mut doc: Value = serde_json::from_str(&text).unwrap();

    let mut cases: Vec<(&str, String)> = vec![
        ("truncated", text[..text.len() * 2 / 3].to_string()),
        ("not json", "PK\u{3}\u{4} a zip file".into()),
        ("empty", String::new()),
        (
            "wrong version",
            text.replace("\"version\": 2", "\"version\": 7"),
        ),
        ("wrong format", text.replace("bearing-export", "other-app")),
    ];
    doc["profiles"][0]["assessments"][1]["answers"]["focus-priorities-check"] = json!(9);
    cases.push(("answer out of range", doc.to_string()));
    doc["profiles"][0]["assessments"][1]["answers"]["focus-priorities-check"] = json!(3);
    doc["profiles"][0]["assessments"][1]["focus"] = json!(100.0);
    cases.push(("tampered position", doc.to_string()));
    let mut hostile: Value = serde_json::from_str(&text).unwrap();
    hostile["profiles"][0]["name"] = json!("Robert'); DROP TABLE assessment;--");
    hostile["profiles"][0]["assessments"][0]["note"] =
        json!("<img src=x onerror=alert(1)>".repeat(500));
    cases.push(("hostile and over-long note", hostile.to_string()));

    for (name, content) in cases {
        assert_ne!(content, text, "{name}: the case changes the file");
        let file = dir.path().join(format!("{name}.json"));
        std::fs::write(&file, content).unwrap();
        let before = snapshot(&db_dir);
        let mut storage = Storage::open(&db).unwrap();
        let err = import_file(&mut storage, &file);
        drop(storage);
        let message = err.to_string();
        assert!(
            message.contains(&format!("{name}.json")),
            "{name}: the message names the file: {message}"
        );
        assert_eq!(
            snapshot(&db_dir),
            before,
            "{name}: the database is unchanged ({message})"
        );
    }
}

/// Three months, each committing to one action that the next month reviews.
fn three_months() -> Vec<Month> {
    (0..3)
        .map(|i| Month {
            gap_days: 30,
            values: vec![1 + i as u8; questionnaire::current().items.len()],
            note: Some(format!("Month {i}")),
            notes_on: vec![i],
            commit: vec![i],
            statuses: vec![i % 3, 0, 0],
        })
        .collect()
}

#[test]
fn deleting_an_assessment_hands_its_reviews_on_and_undo_restores_everything() {
    let dir = tempfile::tempdir().unwrap();
    let mut storage = build_history(&dir.path().join("a.db"), &three_months());
    let before = export(&storage, true);
    let ids: Vec<i64> = storage
        .assessment_summaries(DEFAULT_PROFILE_ID)
        .unwrap()
        .iter()
        .map(|s| s.id)
        .collect();

    // The middle month reviewed month 1's commitment and made one that month 3 reviewed.
    let tombstone = ops::delete_assessment(&mut storage, ids[1]).unwrap();
    assert!(storage.assessment(ids[1]).unwrap().is_none());
    let handed = storage.commitments_reviewed_in(ids[2]).unwrap();
    assert_eq!(
        handed.iter().map(|c| c.assessment_id).collect::<Vec<_>>(),
        vec![ids[0]],
        "month 3 now holds the review of month 1's commitment; month 2's own commitment is gone"
    );
    assert!(storage.commitments_made_after(ids[1]).unwrap().is_empty());

    ops::undelete_assessment(&mut storage, &tombstone).unwrap();
    assert_eq!(export(&storage, true), before, "undo puts every row back");
    // Undeleting twice is refused and changes nothing.
    let err = ops::undelete_assessment(&mut storage, &tombstone).unwrap_err();
    assert!(err.to_string().contains("cannot be brought back"), "{err}");
    assert_eq!(export(&storage, true), before);
}

#[test]
fn deleting_the_latest_assessment_reopens_what_it_reviewed() {
    let dir = tempfile::tempdir().unwrap();
    let mut storage = build_history(&dir.path().join("a.db"), &three_months());
    let ids: Vec<i64> = storage
        .assessment_summaries(DEFAULT_PROFILE_ID)
        .unwrap()
        .iter()
        .map(|s| s.id)
        .collect();
    let open_before: Vec<i64> = ops::open_commitments(&storage, DEFAULT_PROFILE_ID)
        .unwrap()
        .iter()
        .map(|c| c.assessment_id)
        .collect();
    assert_eq!(open_before, vec![ids[2]]);
    ops::delete_assessment(&mut storage, ids[2]).unwrap();
    let open_after: Vec<i64> = ops::open_commitments(&storage, DEFAULT_PROFILE_ID)
        .unwrap()
        .iter()
        .map(|c| c.assessment_id)
        .collect();
    assert_eq!(
        open_after,
        vec![ids[1]],
        "month 2's commitment waits for a review again"
    );
    let err = ops::delete_assessment(&mut storage, 999).unwrap_err();
    assert!(
        err.to_string().contains("no assessment with id 999"),
        "{err}"
    );
}

#[test]
fn merging_a_later_export_brings_the_reviews_made_since() {
    let dir = tempfile::tempdir().unwrap();
    let months = three_months();
    // A has month 1 with a commitment; B gets a copy of that.
    let a_path = dir.path().join("a.db");
    let a = build_history(&a_path, &months[..1]);
    let early = dir.path().join("early.json");
    ops::export_to_file(&a, None, &early, false, Utc::now()).unwrap();
    drop(a);
    let mut b = Storage::open(&dir.path().join("b.db")).unwrap();
    ops::import_document(&mut b, &ops::read_export_file(&early).unwrap(), None).unwrap();
    assert_eq!(
        ops::open_commitments(&b, DEFAULT_PROFILE_ID).unwrap().len(),
        1
    );

    // A then takes month 2, reviewing the commitment; B merges the later export.
    let a = continue_history(&a_path, &months[..2], 1);
    let later = dir.path().join("later.json");
    ops::export_to_file(&a, None, &later, false, Utc::now()).unwrap();
    let (_, outcome) =
        ops::import_document(&mut b, &ops::read_export_file(&later).unwrap(), None).unwrap();
    assert_eq!(
        (outcome.assessments_added, outcome.assessments_skipped),
        (1, 1)
    );
    assert_eq!(
        export(&b, false),
        export(&a, false),
        "B now holds what A holds, the review included"
    );
}

#[test]
fn undo_is_refused_when_the_history_moved_on() {
    let dir = tempfile::tempdir().unwrap();
    let mut storage = build_history(&dir.path().join("a.db"), &three_months());
    let ids: Vec<i64> = storage
        .assessment_summaries(DEFAULT_PROFILE_ID)
        .unwrap()
        .iter()
        .map(|s| s.id)
        .collect();
    let tombstone = ops::delete_assessment(&mut storage, ids[2]).unwrap();
    // Month 2 is the latest again; its reopened commitment is replaced by another choice.
    let other = growth::actions()[5].id.clone();
    ops::commit(&mut storage, DEFAULT_PROFILE_ID, None, &[other], Utc::now()).unwrap();
    let before = export(&storage, true);
    let err = ops::undelete_assessment(&mut storage, &tombstone).unwrap_err();
    assert!(err.to_string().contains("history changed"), "{err}");
    assert_eq!(
        export(&storage, true),
        before,
        "a refused undo writes nothing"
    );
}
