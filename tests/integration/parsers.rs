//! Property tests for the three parsers that read files from outside: answers, portable exports
//! and answer sheets. Whatever the input, a parser returns a value or an error (it never panics),
//! valid documents read back as written, and a damaged document is refused or still valid.

use proptest::prelude::*;
use serde_json::{json, Value};

use bearing_lib::domain::export::ExportDocument;
use bearing_lib::domain::sheet::RaterSheet;
use bearing_lib::domain::{questionnaire, AnswerSheet, Rater};

use crate::support::Answers;

/// Any JSON value, a few levels deep, with the keys the parsers look for among random ones.
fn any_json() -> impl Strategy<Value = Value> {
    let keys = prop_oneof![
        Just("format".to_string()),
        Just("version".to_string()),
        Just("questionnaire".to_string()),
        Just("answers".to_string()),
        Just("notes".to_string()),
        Just("note".to_string()),
        Just("profiles".to_string()),
        Just("assessments".to_string()),
        Just("rater".to_string()),
        "[a-z_]{1,12}",
    ];
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(|f| json!(f)),
        "\\PC{0,20}".prop_map(Value::from),
        Just(json!("bearing-export")),
        Just(json!("bearing-answer-sheet")),
        Just(json!(questionnaire::CURRENT_VERSION)),
        (0u8..8).prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 64, 8, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(keys.clone(), inner, 0..8)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

fn answer_values() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(1u8..=5, questionnaire::current().items.len())
}

/// A valid export document with one profile and `values.len()` assessments.
fn export_text(values: &[Vec<u8>]) -> String {
    let dir = tempfile::TempDir::new().unwrap();
    let mut storage = bearing_lib::storage::Storage::open(&dir.path().join("p.db")).unwrap();
    for (n, v) in values.iter().enumerate() {
        let sheet = AnswerSheet::from_value(Answers::each(|i, _| v[i]).json()).unwrap();
        let when = bearing_lib::ops::When {
            date: chrono::NaiveDate::from_ymd_opt(2025, 1 + (n as u32 % 12), 1 + n as u32 / 12),
            today: chrono::NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
            now: chrono::Utc::now(),
        };
        bearing_lib::ops::assess(
            &mut storage,
            bearing_lib::ops::Who::leader(bearing_lib::storage::DEFAULT_PROFILE_ID),
            bearing_lib::ops::Answered::untimed(&sheet),
            None,
            when,
            false,
        )
        .unwrap();
    }
    let doc = bearing_lib::ops::export_document(&storage, None, true, chrono::Utc::now()).unwrap();
    serde_json::to_string(&doc).unwrap()
}

/// Changes `text` at a few places chosen by `edits` (position, byte).
fn mutate(text: &str, edits: &[(usize, u8)]) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for &(at, byte) in edits {
        let at = at % bytes.len().max(1);
        match byte % 3 {
            0 => bytes[at] = byte,
            1 => {
                bytes.remove(at);
            }
            _ => bytes.insert(at, byte),
        }
        if bytes.is_empty() {
            break;
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, .. ProptestConfig::default() })]

    #[test]
    fn the_answers_parser_never_panics_on_any_text(text in "\\PC{0,400}") {
        let _ = AnswerSheet::from_json(&text);
    }

    #[test]
    fn the_answers_parser_never_panics_on_any_json(value in any_json()) {
        let _ = AnswerSheet::from_json(&value.to_string());
    }

    #[test]
    fn valid_answers_are_read_back_exactly(values in answer_values()) {
        let sheet = AnswerSheet::from_json(&Answers::each(|i, _| values[i]).json().to_string()).unwrap();
        let q = questionnaire::current();
        let read = sheet.answer_map();
        for (item, v) in q.items.iter().zip(&values) {
            prop_assert_eq!(read.get(&item.id), Some(v));
        }
    }

    #[test]
    fn one_answer_out_of_range_refuses_the_whole_sheet(
        values in answer_values(),
        at in any::<prop::sample::Index>(),
        // `null` is "didn't come up" in the current version (v1 refuses it: a unit test).
        bad in prop_oneof![Just(json!(0)), Just(json!(6)), Just(json!(-1)), Just(json!(2.5)), Just(json!("3")), Just(json!(true))],
    ) {
        let mut doc = Answers::each(|i, _| values[i]).json();
        let q = questionnaire::current();
        let id = &q.items[at.index(q.items.len())].id;
        doc["answers"][id] = bad;
        prop_assert!(AnswerSheet::from_json(&doc.to_string()).is_err());
    }

    #[test]
    fn the_import_parser_never_panics_on_any_text(text in "\\PC{0,400}") {
        let _ = ExportDocument::parse(&text);
    }

    #[test]
    fn the_import_parser_never_panics_on_any_json(value in any_json()) {
        let _ = ExportDocument::parse(&value.to_string());
    }

    #[test]
    fn the_sheet_parser_never_panics_on_any_text(text in "\\PC{0,400}") {
        let _ = RaterSheet::parse(&text);
    }

    #[test]
    fn the_sheet_parser_never_panics_on_any_json(value in any_json()) {
        if let Ok(sheet) = RaterSheet::parse(&value.to_string()) {
            let _ = sheet.filled();
        }
    }
}

proptest! {
    // Each case builds a real database; fewer cases, same reach.
    #![proptest_config(ProptestConfig { cases: 48, .. ProptestConfig::default() })]

    #[test]
    fn a_valid_export_reads_back_as_written(values in prop::collection::vec(answer_values(), 1..4)) {
        let text = export_text(&values);
        let doc = ExportDocument::parse(&text).unwrap();
        prop_assert_eq!(serde_json::to_value(&doc).unwrap(), serde_json::from_str::<Value>(&text).unwrap());
    }

    #[test]
    fn a_damaged_export_is_refused_or_still_consistent(
        values in prop::collection::vec(answer_values(), 1..3),
        edits in prop::collection::vec((any::<usize>(), any::<u8>()), 1..6),
    ) {
        let text = mutate(&export_text(&values), &edits);
        if let Ok(doc) = ExportDocument::parse(&text) {
            // Whatever got through was re-validated: every stored position is one its answers give.
            for profile in &doc.profiles {
                for a in &profile.assessments {
                    prop_assert!((0.0..=100.0).contains(&a.focus));
                    prop_assert!((0.0..=100.0).contains(&a.autonomy));
                }
            }
        }
    }

    #[test]
    fn a_damaged_sheet_is_refused_or_still_readable(
        edits in prop::collection::vec((any::<usize>(), any::<u8>()), 1..6),
    ) {
        let blank = RaterSheet::blank(
            "Ada",
            Rater::Coach,
            "0b5e4c1a-1f2e-4c3d-8e9f-0a1b2c3d4e5f".into(),
            "2026-11-01T10:00:00Z".into(),
        );
        let text = mutate(&serde_json::to_string(&blank).unwrap(), &edits);
        if let Ok(sheet) = RaterSheet::parse(&text) {
            let observable = questionnaire::current().items.iter().filter(|i| i.observable).count();
            prop_assert_eq!(sheet.statements.len(), observable);
        }
    }
}
