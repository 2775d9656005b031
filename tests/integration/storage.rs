//! Storage on real SQLite files in temporary folders: creating and reopening databases, refusing
//! files that are not Bearing's without writing to them, and reading back what was saved.

use std::fs;
use std::path::Path;

use bearing_lib::domain::{self, questionnaire, AnswerSheet, Assessment, Quadrant, Rater};
use bearing_lib::ops;
use bearing_lib::storage::{
    NewAssessment, Storage, StorageError, DEFAULT_PROFILE_ID, LATEST_VERSION,
};
use chrono::{NaiveDate, Utc};
use rusqlite::{params, Connection};
use tempfile::TempDir;

use crate::support::{extreme_sheet, sheet_with, snapshot};

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

fn save_on(storage: &mut Storage, sheet: &AnswerSheet, date: &str) -> Assessment {
    let when = ops::When {
        date: Some(day(date)),
        today: day("2100-01-01"),
        now: Utc::now(),
    };
    ops::assess(
        storage,
        ops::Who::leader(DEFAULT_PROFILE_ID),
        ops::Answered::untimed(sheet),
        None,
        when,
        false,
    )
    .unwrap()
}

/// A Bearing database at `path` holding one assessment per date given.
fn populated(path: &Path, dates: &[&str]) -> Vec<Assessment> {
    let mut storage = Storage::open(path).unwrap();
    let quadrants = Quadrant::ALL.iter().cycle();
    dates
        .iter()
        .zip(quadrants)
        .map(|(date, &quadrant)| save_on(&mut storage, &extreme_sheet(quadrant), date))
        .collect()
}

fn user_version(path: &Path) -> i64 {
    Connection::open(path)
        .unwrap()
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap()
}

fn set_user_version(path: &Path, version: i64) {
    Connection::open(path)
        .unwrap()
        .pragma_update(None, "user_version", version)
        .unwrap();
}

/// The schema as SQLite records it, for comparing before and after an open.
fn schema(path: &Path) -> Vec<(String, String)> {
    let conn = Connection::open(path).unwrap();
    let mut stmt = conn
        .prepare("SELECT name, coalesce(sql, '') FROM sqlite_schema ORDER BY name")
        .unwrap();
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
    rows.collect::<Result<_, _>>().unwrap()
}

#[test]
fn open_creates_a_fresh_database_at_the_latest_schema_with_the_default_profile() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("fresh.db");
    let storage = Storage::open(&path).unwrap();
    assert_eq!(storage.path(), path);
    assert_eq!(storage.schema_version().unwrap(), LATEST_VERSION);
    assert!(storage
        .assessment_summaries(DEFAULT_PROFILE_ID)
        .unwrap()
        .is_empty());
    drop(storage);

    assert!(path.is_file());
    assert_eq!(user_version(&path), LATEST_VERSION);
    let conn = Connection::open(&path).unwrap();
    let mut stmt = conn
        .prepare("SELECT id, name, archived_at IS NULL FROM profile")
        .unwrap();
    let profiles: Vec<(i64, String, bool)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(profiles, vec![(DEFAULT_PROFILE_ID, "Me".to_string(), true)]);
    assert_eq!(DEFAULT_PROFILE_ID, 1);
}

#[test]
fn reopening_a_database_migrates_nothing_and_keeps_its_data() {
    for dates in [&[][..], &["2025-01-15", "2025-02-15", "2025-03-15"][..]] {
        let dir = TempDir::new().unwrap();
        let path = dir.path().join("bearing.db");
        let saved = populated(&path, dates);
        let schema_before = schema(&path);
        let files_before = snapshot(dir.path());

        // Twice in a row, and twice at once (the window and the CLI may share a file).
        for _ in 0..2 {
            let storage = Storage::open(&path).unwrap();
            assert_eq!(storage.schema_version().unwrap(), LATEST_VERSION);
            assert_eq!(ops::history(&storage, DEFAULT_PROFILE_ID).unwrap(), saved);
        }
        let first = Storage::open(&path).unwrap();
        let second = Storage::open(&path).unwrap();
        assert_eq!(ops::history(&first, DEFAULT_PROFILE_ID).unwrap(), saved);
        assert_eq!(ops::history(&second, DEFAULT_PROFILE_ID).unwrap(), saved);
        drop((first, second));

        assert_eq!(schema(&path), schema_before, "{} assessments", dates.len());
        assert_eq!(
            snapshot(dir.path()),
            files_before,
            "reopening a database with {} assessments wrote to it",
            dates.len()
        );
        let profiles: i64 = Connection::open(&path)
            .unwrap()
            .query_row("SELECT count(*) FROM profile", [], |r| r.get(0))
            .unwrap();
        assert_eq!(profiles, 1, "the default profile was inserted again");
    }
}

#[test]
fn database_from_a_newer_bearing_is_refused_without_writing() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("future.db");
    populated(&path, &["2025-01-15"]);
    let newer = LATEST_VERSION + 1;
    set_user_version(&path, newer);
    let before = snapshot(dir.path());

    let err = Storage::open(&path).unwrap_err();
    assert!(
        matches!(&err, StorageError::TooNew { found, .. } if *found == newer),
        "{err:?}"
    );
    let message = err.to_string();
    assert!(message.contains("future.db"), "{message}");
    assert!(message.contains("newer Bearing"), "{message}");
    assert_eq!(snapshot(dir.path()), before);
    assert_eq!(user_version(&path), newer);
}

#[test]
fn files_that_are_not_bearing_databases_are_refused_unchanged() {
    type Make = Box<dyn Fn(&Path)>;
    type Check = fn(&StorageError) -> bool;
    let text_file: Check = |e| matches!(e, StorageError::NotADatabase { .. });
    let foreign: Check = |e| matches!(e, StorageError::ForeignDatabase { .. });
    let cases: [(&str, Make, Check, &str); 5] = [
        (
            "short text",
            Box::new(|p| fs::write(p, "hello\n").unwrap()),
            text_file,
            "is not a Bearing database",
        ),
        (
            "long text",
            Box::new(|p| fs::write(p, "Dear diary, today I led.\n".repeat(400)).unwrap()),
            text_file,
            "is not a Bearing database",
        ),
        (
            "another program's database",
            Box::new(|p| {
                let conn = Connection::open(p).unwrap();
                conn.execute_batch(
                    "CREATE TABLE recipe (id INTEGER PRIMARY KEY, name TEXT);
                     INSERT INTO recipe (name) VALUES ('bread');",
                )
                .unwrap();
            }),
            foreign,
            "another program",
        ),
        (
            "another program's database in WAL mode",
            Box::new(|p| {
                let conn = Connection::open(p).unwrap();
                conn.pragma_update(None, "journal_mode", "WAL").unwrap();
                conn.execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
                    .unwrap();
            }),
            foreign,
            "another program",
        ),
        (
            "another program's database with a schema version of its own",
            Box::new(|p| {
                let conn = Connection::open(p).unwrap();
                conn.execute_batch("CREATE TABLE t (x); PRAGMA user_version = 1;")
                    .unwrap();
            }),
            foreign,
            "another program",
        ),
    ];
    for (name, make, check, expected) in cases {
        let dir = TempDir::new().unwrap();
        let path = dir.path().join("other.db");
        make(&path);
        let before = snapshot(dir.path());

        let err = Storage::open(&path).unwrap_err();
        assert!(check(&err), "{name}: {err:?}");
        let message = err.to_string();
        assert!(
            message.contains("other.db") && message.contains(expected),
            "{name}: `{message}` should name the file and say `{expected}`"
        );
        assert_eq!(snapshot(dir.path()), before, "{name}: the file was changed");
    }
}

#[test]
fn empty_file_becomes_a_fresh_database() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("empty.db");
    fs::write(&path, b"").unwrap();
    let storage = Storage::open(&path).unwrap();
    assert_eq!(storage.schema_version().unwrap(), LATEST_VERSION);
}

#[test]
fn folder_path_is_refused() {
    let dir = TempDir::new().unwrap();
    let folder = dir.path().join("data");
    fs::create_dir(&folder).unwrap();

    let err = Storage::open(&folder).unwrap_err();
    assert!(matches!(err, StorageError::IsFolder { .. }), "{err:?}");
    assert!(err.to_string().contains("is a folder"), "{err}");
    assert!(snapshot(&folder).is_empty());
}

#[test]
fn path_in_a_missing_folder_is_refused_and_nothing_is_created() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("missing").join("bearing.db");

    let err = Storage::open(&path).unwrap_err();
    assert!(matches!(err, StorageError::NoFolder { .. }), "{err:?}");
    assert!(err.to_string().contains("does not exist"), "{err}");
    assert!(snapshot(dir.path()).is_empty());
}

#[test]
fn saved_assessment_reads_back_with_its_answers_and_notes() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("bearing.db");
    let q = questionnaire::current();
    let (noted, unnoted) = (&q.items[2].id, &q.items[3].id);
    let mut doc = serde_json::json!({
        "questionnaire": q.version,
        "answers": q.items.iter().enumerate()
            .map(|(n, item)| (item.id.clone(), serde_json::json!(n % 5 + 1)))
            .collect::<serde_json::Map<_, _>>(),
        "notes": { noted.clone(): "  Planned with <b>the team</b>, \"quoted\".  ", unnoted.clone(): "  " },
        "note": "A hard month; ' DROP TABLE answer; --",
    });
    let sheet = AnswerSheet::from_value(doc.take()).unwrap();
    let mut storage = Storage::open(&path).unwrap();
    let saved = save_on(&mut storage, &sheet, "2025-01-15");

    let score = domain::score(&sheet);
    let summary = &saved.summary;
    assert_eq!(summary.date, day("2025-01-15"));
    assert_eq!(summary.profile, "Me");
    assert_eq!(summary.rater, Rater::SelfRating);
    assert_eq!(summary.questionnaire, q.version);
    assert_eq!(
        (summary.focus, summary.autonomy, summary.quadrant),
        (score.focus, score.autonomy, score.quadrant)
    );
    assert_eq!(
        (summary.borderline, &summary.neighbours),
        (score.borderline, &score.neighbours)
    );
    assert_eq!(saved.answers, sheet.answer_map());
    assert_eq!(saved.answers.len(), q.items.len());
    assert_eq!(
        storage.assessment(summary.id).unwrap().as_ref(),
        Some(&saved)
    );
    assert_eq!(storage.assessment(summary.id + 1).unwrap(), None);
    drop(storage);

    let conn = Connection::open(&path).unwrap();
    let note: Option<String> = conn
        .query_row(
            "SELECT note FROM assessment WHERE id = ?1",
            params![summary.id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        note.as_deref(),
        Some("A hard month; ' DROP TABLE answer; --")
    );
    let mut stmt = conn
        .prepare("SELECT item_id, note FROM answer WHERE assessment_id = ?1 AND note IS NOT NULL")
        .unwrap();
    let notes: Vec<(String, String)> = stmt
        .query_map(params![summary.id], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        notes,
        vec![(
            noted.clone(),
            "Planned with <b>the team</b>, \"quoted\".".to_string()
        )]
    );
    let answers: i64 = conn
        .query_row("SELECT count(*) FROM answer", [], |r| r.get(0))
        .unwrap();
    assert_eq!(answers, q.items.len() as i64);
}

#[test]
fn summaries_are_ordered_oldest_first_by_date_then_by_id() {
    let dir = TempDir::new().unwrap();
    let dates = [
        "2025-03-01",
        "2025-01-15",
        "2025-03-01",
        "2024-12-31",
        "2025-01-15",
    ];
    let saved = populated(&dir.path().join("bearing.db"), &dates);
    let ids: Vec<i64> = saved.iter().map(|a| a.summary.id).collect();
    assert_eq!(ids, vec![1, 2, 3, 4, 5], "ids follow the order saved");

    let storage = Storage::open(&dir.path().join("bearing.db")).unwrap();
    let summaries = storage.assessment_summaries(DEFAULT_PROFILE_ID).unwrap();
    let order: Vec<(String, i64)> = summaries
        .iter()
        .map(|s| (s.date.to_string(), s.id))
        .collect();
    assert_eq!(
        order,
        vec![
            ("2024-12-31".to_string(), 4),
            ("2025-01-15".to_string(), 2),
            ("2025-01-15".to_string(), 5),
            ("2025-03-01".to_string(), 1),
            ("2025-03-01".to_string(), 3),
        ]
    );
    let full: Vec<i64> = ops::history(&storage, DEFAULT_PROFILE_ID)
        .unwrap()
        .iter()
        .map(|a| a.summary.id)
        .collect();
    assert_eq!(full, vec![4, 2, 5, 1, 3]);
    assert_eq!(
        ops::history_summaries(&storage, DEFAULT_PROFILE_ID).unwrap(),
        summaries,
        "the operation layer keeps the storage order"
    );
}

#[test]
fn database_is_in_wal_mode_and_enforces_foreign_keys() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("bearing.db");
    let mut storage = Storage::open(&path).unwrap();

    let journal: String = Connection::open(&path)
        .unwrap()
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .unwrap();
    assert_eq!(journal, "wal");

    // Foreign keys are a per-connection setting, so check it through Storage's own connection:
    // an assessment for a profile that does not exist must be refused.
    let sheet = extreme_sheet(Quadrant::ImpactGalore);
    let score = domain::score(&sheet);
    let orphan = NewAssessment {
        profile_id: 999,
        rater: Rater::SelfRating,
        rater_id: None,
        rater_name: None,
        taken_on: day("2025-01-15"),
        recorded_at: Utc::now(),
        sheet: &sheet,
        score: &score,
        reviews: &[],
        clear_draft: false,
        flags: &[],
        median_seconds: None,
    };
    let err = storage.insert_assessment(&orphan).unwrap_err();
    assert!(matches!(err, StorageError::Sqlite { .. }), "{err:?}");
    assert!(err.to_string().contains("FOREIGN KEY"), "{err}");
    assert!(storage.assessment_summaries(999).unwrap().is_empty());
    let rows: i64 = Connection::open(&path)
        .unwrap()
        .query_row(
            "SELECT (SELECT count(*) FROM assessment) + (SELECT count(*) FROM answer)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(rows, 0, "the refused assessment left rows behind");
}

#[test]
fn rescoring_stored_answers_reproduces_the_stored_position() {
    let dir = TempDir::new().unwrap();
    let mut storage = Storage::open(&dir.path().join("bearing.db")).unwrap();
    let mut sheets: Vec<AnswerSheet> = Quadrant::ALL.into_iter().map(extreme_sheet).collect();
    sheets.push(sheet_with(|_, _| 3));
    sheets.extend((0..8_usize).map(|seed| sheet_with(|n, _| ((n * 7 + seed * 3) % 5 + 1) as u8)));
    for sheet in &sheets {
        save_on(&mut storage, sheet, "2025-01-15");
    }

    let stored = ops::history(&storage, DEFAULT_PROFILE_ID).unwrap();
    assert_eq!(stored.len(), sheets.len());
    for a in stored {
        let q = questionnaire::by_version(&a.summary.questionnaire).unwrap();
        let rescored = domain::score(&AnswerSheet::from_values(q, &a.answers).unwrap());
        let s = &a.summary;
        assert_eq!(
            (rescored.focus, rescored.autonomy, rescored.quadrant),
            (s.focus, s.autonomy, s.quadrant),
            "assessment {}",
            s.id
        );
        assert_eq!(rescored.borderline, s.borderline, "assessment {}", s.id);
    }
}

#[test]
fn unknown_assessment_id_is_reported_by_number() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("bearing.db");
    populated(&path, &["2025-01-15"]);
    let storage = Storage::open(&path).unwrap();
    assert!(ops::assessment_report(&storage, 1).is_ok());
    let err = ops::assessment_report(&storage, 42).unwrap_err();
    assert_eq!(err.to_string(), "there is no assessment with id 42");
}

/// Table and index names in a database file.
fn schema_names(path: &Path) -> Vec<String> {
    schema(path).into_iter().map(|(name, _)| name).collect()
}

/// A database as the first Bearing release left it: schema version 1, with one assessment (answers
/// and notes included) written by that release's SQL.
fn version_1_database(path: &Path, sheet: &AnswerSheet) {
    let conn = Connection::open(path).unwrap();
    conn.execute_batch(include_str!("../../src-tauri/migrations/0001_init.sql"))
        .unwrap();
    conn.pragma_update(None, "user_version", 1).unwrap();
    let score = domain::score(sheet);
    conn.execute(
        "INSERT INTO assessment (profile_id, rater, taken_on, recorded_at, questionnaire, focus, \
         autonomy, quadrant, borderline, note) \
         VALUES (1, 'self', '2025-06-30', '2025-06-30T18:00:00.000Z', ?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            score.questionnaire,
            score.focus,
            score.autonomy,
            score.quadrant.slug(),
            score.borderline,
            "Written by Bearing 1"
        ],
    )
    .unwrap();
    for (n, (item, value)) in sheet.answers().enumerate() {
        let note = (n == 0).then_some("first statement's note");
        conn.execute(
            "INSERT INTO answer (assessment_id, item_id, value, note) VALUES (1, ?1, ?2, ?3)",
            params![item.id, value, note],
        )
        .unwrap();
    }
}

#[test]
fn a_version_1_database_is_migrated_and_keeps_its_assessment() {
    assert_eq!(LATEST_VERSION, 10);
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("v1.db");
    let sheet = extreme_sheet(Quadrant::TechBusywork);
    version_1_database(&path, &sheet);
    assert_eq!(user_version(&path), 1);
    let before = schema_names(&path);
    assert!(!before.contains(&"commitment".to_string()), "{before:?}");

    let mut storage = Storage::open(&path).unwrap();
    assert_eq!(storage.schema_version().unwrap(), LATEST_VERSION);
    let history = ops::history(&storage, DEFAULT_PROFILE_ID).unwrap();
    assert_eq!(history.len(), 1);
    let old = &history[0];
    let score = domain::score(&sheet);
    assert_eq!(
        (old.summary.id, old.summary.date, old.summary.quadrant),
        (1, day("2025-06-30"), score.quadrant)
    );
    assert_eq!(old.answers, sheet.answer_map());
    let notes = storage.assessment_notes(1).unwrap();
    assert_eq!(notes.note.as_deref(), Some("Written by Bearing 1"));
    assert_eq!(
        notes.items.get(&questionnaire::current().items[0].id),
        Some(&"first statement's note".to_string())
    );
    assert!(ops::open_commitments(&storage, DEFAULT_PROFILE_ID)
        .unwrap()
        .is_empty());
    assert_eq!(
        ops::draft(&storage, ops::Who::leader(DEFAULT_PROFILE_ID)).unwrap(),
        None
    );

    // The new tables work on the old assessment.
    let action = domain::growth::actions()[0].id.clone();
    let made = ops::commit(
        &mut storage,
        DEFAULT_PROFILE_ID,
        None,
        std::slice::from_ref(&action),
        Utc::now(),
    )
    .unwrap();
    assert_eq!(made[0].assessment_id, 1);
    ops::save_draft(
        &mut storage,
        ops::Who::leader(DEFAULT_PROFILE_ID),
        serde_json::json!({"questionnaire": questionnaire::CURRENT_VERSION}),
        Utc::now(),
    )
    .unwrap();
    let report = ops::assessment_report(&storage, 1).unwrap();
    assert_eq!(report.commitments, made);
    assert!(report.can_commit);
    drop(storage);

    assert_eq!(user_version(&path), LATEST_VERSION);
    let after = schema_names(&path);
    for name in [
        "commitment",
        "commitment_open",
        "commitment_reviewed_in",
        "draft",
        "assessment_history",
    ] {
        assert!(
            after.contains(&name.to_string()),
            "`{name}` missing: {after:?}"
        );
    }
    let conn = Connection::open(&path).unwrap();
    let application: i64 = conn
        .pragma_query_value(None, "application_id", |r| r.get(0))
        .unwrap();
    assert_eq!(application, bearing_lib::storage::APPLICATION_ID);
    drop(conn);

    // Reopened, nothing is migrated again and everything is still there.
    let storage = Storage::open(&path).unwrap();
    assert_eq!(
        ops::open_commitments(&storage, DEFAULT_PROFILE_ID).unwrap(),
        made
    );
    assert_eq!(ops::history(&storage, DEFAULT_PROFILE_ID).unwrap(), history);
}

#[test]
fn a_migration_that_fails_leaves_the_database_at_its_old_version() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("v1.db");
    let sheet = extreme_sheet(Quadrant::ImpactGalore);
    version_1_database(&path, &sheet);
    // Something in the way of migration 2: a table of the name it creates.
    Connection::open(&path)
        .unwrap()
        .execute_batch("CREATE TABLE draft (x);")
        .unwrap();
    let before = schema(&path);

    let err = Storage::open(&path).unwrap_err();
    assert!(matches!(err, StorageError::Sqlite { .. }), "{err:?}");
    assert!(err.to_string().contains("v1.db"), "{err}");
    assert_eq!(user_version(&path), 1);
    assert_eq!(schema(&path), before, "half a migration was kept");
    let rows: i64 = Connection::open(&path)
        .unwrap()
        .query_row("SELECT count(*) FROM answer", [], |r| r.get(0))
        .unwrap();
    assert_eq!(rows, sheet.answer_map().len() as i64);
}
