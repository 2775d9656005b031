//! A history that spans questionnaire v1 and v2, on the command line: v1 files score as they
//! always did, a v2 assessment with statements that didn't come up is stored without them, and
//! the history, the CSV, the export and the timeline all carry both versions.

use std::fs;

use bearing_lib::domain::questionnaire;
use serde_json::{json, Map, Value};

use crate::support::{Answers, Sandbox};

/// A v1 answers document: every statement answered, varied with `shift`.
fn v1_answers(shift: usize) -> Value {
    let answers: Map<String, Value> = questionnaire::v1()
        .items
        .iter()
        .enumerate()
        .map(|(n, item)| (item.id.clone(), json!(1 + (n * 3 + shift) % 5)))
        .collect();
    json!({"questionnaire": "v1", "answers": answers})
}

#[test]
fn a_v1_history_continues_on_v2_with_statements_left_out() {
    let sandbox = Sandbox::new();
    for (shift, date) in [(1, "2026-01-20"), (2, "2026-02-20")] {
        let file = sandbox.write_json(&format!("v1-{shift}.json"), &v1_answers(shift));
        let saved = sandbox.json(&["assess", "--answers", &file, "--date", date]);
        assert_eq!(saved["questionnaire"], "v1");
        assert_eq!(saved["coverage"], json!({"answered": 26, "total": 26}));
        // v1 scores exactly as `score` (and every earlier release) scores it.
        let scored = sandbox.json(&["score", "--answers", &file]);
        assert_eq!(
            (saved["focus"].clone(), saved["autonomy"].clone()),
            (scored["focus"].clone(), scored["autonomy"].clone())
        );
    }
    // v1 takes no "didn't come up".
    let mut with_null = v1_answers(3);
    with_null["answers"]["focus-priorities-check"] = Value::Null;
    let file = sandbox.write_json("v1-null.json", &with_null);
    let out = sandbox.run(&["assess", "--answers", &file, "--date", "2026-02-25"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("expected a whole number from 1 to 5"));

    // The first v2 assessment: two statements didn't come up.
    let q = questionnaire::current();
    let left_out = [q.items[1].id.clone(), q.items[8].id.clone()];
    let mut v2 = Answers::varied(2);
    for id in &left_out {
        v2 = v2.set(id, Value::Null);
    }
    let file = v2.write(&sandbox.path("v2.json"));
    let saved = sandbox.json(&["assess", "--answers", &file, "--date", "2026-03-20"]);
    assert_eq!(saved["questionnaire"], "v2");
    assert_eq!(
        saved["coverage"],
        json!({"answered": q.items.len() - 2, "total": q.items.len()})
    );
    for id in &left_out {
        assert!(
            saved["answers"].get(id).is_none(),
            "{id} is stored as not come up"
        );
    }
    let moved = &saved["what_moved"];
    assert_eq!(moved["across_versions"], true);
    let shared = questionnaire::v1()
        .items
        .iter()
        .filter(|i| q.item(&i.id).is_some_and(|n| n.text == i.text))
        .count();
    assert_eq!(moved["shared_statements"], shared);
    assert!(moved["shared_move"]["focus"].is_number(), "{moved}");

    // History, CSV and export hold both versions; the export imports elsewhere unchanged.
    let history = sandbox.json(&["history", "--format", "json"]);
    let versions: Vec<&str> = history
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["questionnaire"].as_str().unwrap())
        .collect();
    assert_eq!(versions, ["v1", "v1", "v2"]);
    let csv = sandbox.ok(&["history", "--format", "csv"]);
    assert_eq!(
        csv.lines().filter(|l| l.contains(",v1,")).count(),
        2,
        "{csv}"
    );
    assert_eq!(
        csv.lines().filter(|l| l.contains(",v2,")).count(),
        1,
        "{csv}"
    );
    let export = sandbox.path("export.json");
    sandbox.ok(&["export", "--out", export.to_str().unwrap()]);
    let other = Sandbox::new();
    let copy = other.path("export.json");
    fs::copy(&export, &copy).unwrap();
    other.ok(&["import", copy.to_str().unwrap()]);
    let imported = other.json(&["history", "--format", "json"]);
    for (a, b) in imported
        .as_array()
        .unwrap()
        .iter()
        .zip(history.as_array().unwrap())
    {
        for key in [
            "date",
            "questionnaire",
            "focus",
            "autonomy",
            "quadrant",
            "answers",
        ] {
            assert_eq!(a[key], b[key], "{key}");
        }
    }

    // The timeline marks where the questionnaire changed; the card names both versions.
    let timeline = sandbox.path("timeline.svg");
    sandbox.ok(&[
        "chart",
        "--kind",
        "timeline",
        "--out",
        timeline.to_str().unwrap(),
    ]);
    let text = fs::read_to_string(&timeline).unwrap();
    let doc = roxmltree::Document::parse(&text).unwrap();
    assert!(crate::support::svg_text(&doc).contains("Questionnaire v2"));
    let card = sandbox.path("card.svg");
    sandbox.ok(&["chart", "--out", card.to_str().unwrap()]);
    let text = fs::read_to_string(&card).unwrap();
    let doc = roxmltree::Document::parse(&text).unwrap();
    assert!(crate::support::svg_text(&doc).contains("questionnaire v1, v2"));
}
