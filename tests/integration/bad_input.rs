//! Bad input everywhere: a catalogue of malformed, out-of-range, oversized and hostile inputs
//! thrown at every CLI entry and every window command. Each must be refused with a message, and
//! the database folder must be byte-for-byte as it was. The counts go to the reliability report.

use std::fs;
use std::path::Path;

use serde_json::{json, Value};

use bearing_lib::domain::{growth, questionnaire};

use crate::commands::window;
use crate::support::{report, snapshot, Answers, Sandbox};

/// A folder with a history (two assessments, commitments, two people and today's backup), so
/// refused commands have something to damage.
fn setup() -> Sandbox {
    let sandbox = Sandbox::new();
    Answers::each(|i, _| 1 + i % 5).write(&sandbox.path("good.json"));
    for args in [
        vec!["assess", "--answers", "good.json", "--date", "2026-01-10"],
        vec!["assess", "--answers", "good.json", "--date", "2026-02-10"],
        vec!["profile", "add", "Ada"],
    ] {
        let out = sandbox.run(&args);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let action = &growth::actions()[0].id;
    let out = sandbox.run(&["commit", action]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    sandbox
}

/// The database folder, minus the files the tests write their inputs to.
fn state(home: &Path) -> Vec<(String, Option<Vec<u8>>)> {
    let mut all: Vec<(String, Option<Vec<u8>>)> = snapshot(home)
        .into_iter()
        .filter(|(name, _)| name.starts_with("x.db"))
        .collect();
    let backups = bearing_lib::storage::safekeeping::backups_dir(&home.join("x.db"));
    if backups.is_dir() {
        all.extend(
            snapshot(&backups)
                .into_iter()
                .map(|(n, b)| (format!("backups/{n}"), b)),
        );
    }
    all
}

#[test]
fn every_cli_entry_refuses_bad_input_and_changes_nothing() {
    let sandbox = setup();
    let home = sandbox.root();
    let write = |name: &str, text: &str| {
        fs::write(home.join(name), text).unwrap();
        name.to_string()
    };
    let q = questionnaire::current();
    let first = q.items[0].id.clone();
    let mut files: Vec<(&str, String)> = vec![
        ("zero.json", Answers::all(0).json().to_string()),
        ("six.json", Answers::all(6).json().to_string()),
        ("text.json", Answers::all("3").json().to_string()),
        ("half.json", Answers::all(2.5).json().to_string()),
        ("negative.json", Answers::all(-1).json().to_string()),
        ("huge.json", Answers::all(1e300).json().to_string()),
        ("null.json", Answers::all(Value::Null).json().to_string()),
        ("array.json", json!([1, 2, 3]).to_string()),
        ("empty.json", String::new()),
        ("broken.json", "{\"questionnaire\": ".into()),
        ("binary.json", "\u{0}\u{1}\u{2}\u{fffd}".into()),
    ];
    let three = Answers::all(3);
    for (name, answers) in [
        ("missing.json", three.clone().without(&first)),
        ("unknown.json", three.clone().set("no-such-statement", 3)),
        ("version.json", three.clone().with("questionnaire", "v999")),
        (
            "long-note.json",
            three.clone().with("note", "n".repeat(4001)),
        ),
        (
            "stray-note.json",
            three
                .clone()
                .with("notes", json!({"no-such-statement": "x"})),
        ),
        (
            "note-type.json",
            three
                .clone()
                .with("note", json!({"script": "<script>alert(1)</script>"})),
        ),
    ] {
        files.push((name, answers.json().to_string()));
    }
    for (name, text) in &files {
        write(name, text);
    }
    write("notes.txt", "not JSON at all");
    write(
        "wrong-format.json",
        &json!({"format": "something-else", "version": 1}).to_string(),
    );
    write(
        "future-export.json",
        &json!({"format": "bearing-export", "version": 99, "profiles": []}).to_string(),
    );
    write(
        "not-a-sheet.json",
        &json!({"format": "bearing-answer-sheet", "version": 1}).to_string(),
    );
    write(
        "reviews.json",
        &json!({"no-such-action": {"status": "done"}}).to_string(),
    );
    write("existing.db", "already here");

    // A real export, then tampered with: a stored position that its answers do not give.
    let exported = home.join("export.json");
    let out = sandbox.run(&["export", "--out", exported.to_str().unwrap()]);
    assert!(out.status.success());
    let mut doc: Value = serde_json::from_slice(&fs::read(&exported).unwrap()).unwrap();
    doc["profiles"][0]["assessments"][0]["focus"] = json!(99.9);
    write("tampered.json", &doc.to_string());
    let mut doc: Value = serde_json::from_slice(&fs::read(&exported).unwrap()).unwrap();
    doc["profiles"][0]["name"] = json!("x".repeat(500));
    write("long-name.json", &doc.to_string());
    let mut doc: Value = serde_json::from_slice(&fs::read(&exported).unwrap()).unwrap();
    doc["profiles"][0]["assessments"][0]["date"] = json!("2026-02-30");
    write("bad-date.json", &doc.to_string());
    fs::remove_file(&exported).unwrap();

    let action = growth::actions()[0].id.clone();
    let long_name = "n".repeat(81);
    let mut cases: Vec<Vec<String>> = Vec::new();
    for (name, _) in &files {
        cases.push(vec!["assess".into(), "--answers".into(), name.to_string()]);
        cases.push(vec!["score".into(), "--answers".into(), name.to_string()]);
    }
    let good = "good.json".to_string();
    let more: Vec<Vec<&str>> = vec![
        vec!["assess", "--answers", "nowhere.json"],
        vec!["assess", "--answers", "good.json", "--date", "2999-01-01"],
        vec!["assess", "--answers", "good.json", "--date", "2026-02-30"],
        vec!["assess", "--answers", "good.json", "--date", "yesterday"],
        vec!["assess", "--answers", "good.json", "--date", ""],
        vec!["assess", "--answers", "good.json", "--rater", "alien"],
        vec![
            "assess",
            "--answers",
            "good.json",
            "--reviews",
            "reviews.json",
        ],
        vec![
            "assess",
            "--answers",
            "good.json",
            "--rater",
            "coach",
            "--reviews",
            "reviews.json",
        ],
        vec!["--profile", "Nobody", "assess", "--answers", "good.json"],
        vec!["profile", "add", ""],
        vec!["profile", "add", "   "],
        vec!["profile", "add", &long_name],
        vec!["profile", "add", "Me"],
        vec!["profile", "add", "ada"],
        vec!["profile", "add", "bell\u{7}name"],
        vec!["profile", "rename", "Me", ""],
        vec!["profile", "rename", "Me", "Ada"],
        vec!["profile", "rename", "Nobody", "X"],
        vec!["profile", "archive", "Nobody"],
        vec!["profile", "cadence", "Me", "0"],
        vec!["profile", "cadence", "Me", "-7"],
        vec!["profile", "cadence", "Me", "100000"],
        vec!["profile", "cadence", "Me", "monthly"],
        vec!["commit"],
        vec!["commit", "no-such-action"],
        vec!["commit", &action, &action],
        vec!["commit", "a", "b", "c", "d"],
        vec!["commit", &action, "--assessment", "999"],
        vec!["commit", &action, "--assessment", "-1"],
        vec!["commit", "--clear", "--assessment", "1"],
        vec!["import", "notes.txt"],
        vec!["import", "nowhere.json"],
        vec!["import", "wrong-format.json"],
        vec!["import", "future-export.json"],
        vec!["import", "tampered.json"],
        vec!["import", "long-name.json"],
        vec!["import", "bad-date.json"],
        vec!["import", "x.db"],
        vec!["import-sheet", "notes.txt"],
        vec!["import-sheet", "not-a-sheet.json"],
        vec!["import-sheet", "good.json"],
        vec![
            "rate",
            "not-a-sheet.json",
            "--answers",
            "good.json",
            "--out",
            "filled.json",
        ],
        vec!["chart", "--out", "c.png", "--scale", "9"],
        vec!["chart", "--out", "c.png", "--scale", "0"],
        vec!["chart", "--out", "c.png", "--width", "0"],
        vec!["chart", "--out", "c.png", "--width", "100000"],
        vec!["chart", "--out", "c.txt"],
        vec!["chart", "--out", "x.db"],
        vec![
            "chart",
            "--out",
            "c.svg",
            "--from",
            "2026-05-01",
            "--to",
            "2026-01-01",
        ],
        vec!["chart", "--out", "c.svg", "--from", "May"],
        vec!["chart", "--out", "nowhere/c.svg"],
        vec!["export", "--out", "x.db"],
        vec!["export", "--out", "e.txt"],
        vec!["export", "--out", "nowhere/e.json"],
        vec!["sheet", "--rater", "self", "--out", "s.json"],
        vec!["sheet", "--rater", "coach", "--out", "x.db"],
        vec!["backup", "--out", "existing.db"],
        vec!["backup", "--out", "nowhere/b.db"],
        vec!["backup", "--out", "x.db"],
        vec!["restore", "nowhere.db"],
        vec!["restore", "notes.txt"],
        vec!["restore", "existing.db"],
        vec!["restore", "x.db"],
        vec!["history", "--format", "xml"],
    ];
    for case in more {
        cases.push(case.into_iter().map(String::from).collect());
    }
    let _ = good;

    let before = state(home);
    let mut accepted = Vec::new();
    for args in &cases {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = sandbox.run(&args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        if out.status.success() {
            accepted.push(format!("{args:?} succeeded"));
        } else if !stderr.contains("error") {
            accepted.push(format!("{args:?} failed without a message: {stderr}"));
        } else if stderr.contains("panicked") {
            accepted.push(format!("{args:?} panicked: {stderr}"));
        }
        if state(home) != before {
            accepted.push(format!("{args:?} changed the database folder"));
        }
    }
    // Nothing the refused commands were told to write exists.
    for name in ["c.png", "c.svg", "c.txt", "e.txt", "s.json", "filled.json"] {
        if home.join(name).exists() {
            accepted.push(format!("{name} was written"));
        }
    }
    report_and_check("bad_input_cli", cases.len(), &accepted);
}

#[test]
fn every_window_command_refuses_bad_input_and_changes_nothing() {
    let sandbox = setup();
    let home = sandbox.root();
    let db = sandbox.db();
    let w = window(&db);
    let action = growth::actions()[0].id.clone();
    let latest = w
        .call("get_history", json!({}))
        .unwrap()
        .as_array()
        .and_then(|a| a.first().cloned())
        .unwrap()["id"]
        .as_i64()
        .unwrap();
    let huge = "x".repeat(200_000);
    let cases: Vec<(&str, Value)> = vec![
        ("save_assessment", json!({"sheet": Answers::all(9).json()})),
        (
            "save_assessment",
            json!({"sheet": Answers::all("3").json()}),
        ),
        ("save_assessment", json!({"sheet": "not an object"})),
        (
            "save_assessment",
            json!({"sheet": Answers::all(3).json(), "rater": "alien"}),
        ),
        ("save_assessment", json!({})),
        (
            "save_assessment",
            json!({"sheet": {"questionnaire": "v1", "answers": {}, "note": huge}}),
        ),
        ("get_result", json!({"id": 999_999})),
        ("get_result", json!({"id": -1})),
        ("get_result", json!({"id": "1; DROP TABLE assessment"})),
        ("get_result", json!({"id": 1.5})),
        (
            "set_commitments",
            json!({"id": latest, "actions": ["no-such-action"]}),
        ),
        (
            "set_commitments",
            json!({"id": latest, "actions": [&action, &action]}),
        ),
        (
            "set_commitments",
            json!({"id": latest, "actions": ["a", "b", "c", "d"]}),
        ),
        (
            "set_commitments",
            json!({"id": 999_999, "actions": [&action]}),
        ),
        ("set_commitments", json!({"id": latest, "actions": "all"})),
        ("delete_assessment", json!({"id": 999_999})),
        ("delete_assessment", json!({"id": "1"})),
        ("undo_delete", json!({})),
        ("save_draft", json!({"draft": "garbage"})),
        (
            "save_draft",
            json!({"draft": {"questionnaire": "v999", "answers": {}}}),
        ),
        (
            "save_draft",
            json!({"draft": {"questionnaire": "v1", "answers": {"x": 99}}}),
        ),
        ("add_profile", json!({"name": ""})),
        ("add_profile", json!({"name": "   "})),
        ("add_profile", json!({"name": "n".repeat(81)})),
        ("add_profile", json!({"name": "ME"})),
        ("add_profile", json!({"name": 42})),
        ("rename_profile", json!({"id": 999, "name": "X"})),
        ("rename_profile", json!({"id": 1, "name": ""})),
        ("rename_profile", json!({"id": 1, "name": "Ada"})),
        ("archive_profile", json!({"id": 999, "archived": true})),
        ("archive_profile", json!({"id": 1, "archived": "yes"})),
        ("set_cadence", json!({"id": 1, "days": 0})),
        ("set_cadence", json!({"id": 1, "days": 100_000})),
        ("set_cadence", json!({"id": 999, "days": 30})),
        ("switch_profile", json!({"id": 999})),
        ("switch_profile", json!({"id": -3})),
        ("get_chart_svg", json!({"kind": "pie", "theme": "light"})),
        ("get_chart_svg", json!({"kind": "map", "theme": "neon"})),
        (
            "get_chart_svg",
            json!({"kind": "map", "theme": "light", "until": 999_999}),
        ),
        (
            "export_chart",
            json!({"options": {"kind": "map", "format": "gif"}}),
        ),
        (
            "export_chart",
            json!({"options": {"kind": "map", "format": "png", "scale": 9}}),
        ),
        ("restore_backup", json!({"name": "../../etc/passwd"})),
        ("restore_backup", json!({"name": "/tmp/evil.db"})),
        (
            "restore_backup",
            json!({"name": "bearing-2020-01-01T000000.000Z-manual.db"}),
        ),
        ("restore_backup", json!({"name": huge})),
        ("get_assessment_start", json!({"rater": "alien"})),
        ("no_such_command", json!({})),
    ];
    let before = state(home);
    let mut accepted = Vec::new();
    for (cmd, args) in &cases {
        match w.call(cmd, args.clone()) {
            Ok(value) => accepted.push(format!("{cmd} {args:.200} returned {value:.200}")),
            Err(message) if message.trim().is_empty() => {
                accepted.push(format!("{cmd} was refused without a message"))
            }
            Err(_) => {}
        }
        if state(home) != before {
            accepted.push(format!(
                "{cmd} {:.200} changed the database folder",
                args.to_string()
            ));
        }
    }
    report_and_check("bad_input_window", cases.len(), &accepted);
}

/// Writes the figures for the reliability report, then fails listing every input wrongly accepted.
fn report_and_check(part: &str, tried: usize, accepted: &[String]) {
    report(
        part,
        &[
            ("bad_inputs_tried", tried as u64),
            ("bad_inputs_accepted", accepted.len() as u64),
        ],
    );
    assert!(
        accepted.is_empty(),
        "wrongly accepted:\n{}",
        accepted.join("\n")
    );
}
