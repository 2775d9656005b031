//! The `bearing` binary as a user or a script runs it: output formats, exit statuses, one-line
//! errors, and databases left exactly as they were whenever a command is refused.

use std::fs;
use std::io::Write;
use std::path::PathBuf;
use std::process::{Output, Stdio};

use chrono::{Days, Local};
use rusqlite::Connection;
use serde_json::{json, Value};

use crate::support::{snapshot, stdout_of, Answers, Sandbox};
use bearing_lib::domain::Quadrant;

const QUADRANT_SLUGS: [&str; 4] = [
    "low-everything",
    "tech-busywork",
    "glorified-manager",
    "impact-galore",
];

fn today() -> String {
    Local::now().date_naive().to_string()
}

/// Checks the shape of a refusal: status 1, nothing on stdout, one `error:` line naming `needles`.
fn assert_refused(output: &Output, case: &str, needles: &[&str]) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{case}: stderr {stderr}");
    assert!(output.stdout.is_empty(), "{case}: printed something");
    assert!(
        stderr.starts_with("error: ") && stderr.ends_with('\n') && stderr.lines().count() == 1,
        "{case}: stderr should be one `error:` line, was {stderr:?}"
    );
    for needle in needles {
        assert!(
            stderr.contains(needle),
            "{case}: `{}` does not mention `{needle}`",
            stderr.trim_end()
        );
    }
}

#[test]
fn questionnaire_json_gives_version_scale_and_statements_with_loadings() {
    let q = Sandbox::new().questionnaire();
    assert!(q["version"].as_str().is_some_and(|v| !v.is_empty()), "{q}");
    assert_eq!(q["scale"]["min"], 1);
    assert_eq!(q["scale"]["max"], 5);
    let labels = q["scale"]["labels"].as_array().unwrap();
    assert_eq!(labels.len(), 5);
    assert!(labels
        .iter()
        .all(|l| l.as_str().is_some_and(|l| !l.is_empty())));

    let items = q["items"].as_array().unwrap();
    assert!(items.len() >= 24, "{} statements", items.len());
    let mut ids = std::collections::HashSet::new();
    for item in items {
        let id = item["id"].as_str().unwrap();
        assert!(ids.insert(id), "`{id}` appears twice");
        assert!(item["text"].as_str().is_some_and(|t| !t.is_empty()), "{id}");
        assert!(
            item["text_other"]
                .as_str()
                .is_some_and(|t| !t.is_empty() && t != item["text"]),
            "{id}: the statement for other raters"
        );
        assert!(
            QUADRANT_SLUGS.contains(&item["quadrant"].as_str().unwrap()),
            "{id}"
        );
        let (focus, autonomy) = (
            item["focus"].as_f64().unwrap(),
            item["autonomy"].as_f64().unwrap(),
        );
        assert!((-1.0..=1.0).contains(&focus), "{id}: focus {focus}");
        assert!(
            (-1.0..=1.0).contains(&autonomy),
            "{id}: autonomy {autonomy}"
        );
        assert!(focus != 0.0 || autonomy != 0.0, "{id} loads on no axis");
    }
}

#[test]
fn questionnaire_as_text_numbers_every_statement_with_its_id() {
    let sandbox = Sandbox::new();
    let q = sandbox.questionnaire();
    let text = sandbox.ok(&["questionnaire"]);
    for (n, item) in q["items"].as_array().unwrap().iter().enumerate() {
        let line = format!("{:>2}. {}", n + 1, item["text"].as_str().unwrap());
        assert!(text.contains(&line), "missing `{line}`");
        assert!(text.contains(&format!("id: {}", item["id"].as_str().unwrap())));
    }
    assert!(
        !sandbox.db().exists(),
        "printing the questionnaire made a db"
    );
}

#[test]
fn score_prints_the_position_without_creating_or_changing_the_database() {
    let sandbox = Sandbox::new();
    let file = Answers::all(4).write(&sandbox.path("answers.json"));

    let result = sandbox.json(&["score", "--answers", &file]);
    for axis in ["focus", "autonomy"] {
        let value = result[axis].as_f64().unwrap();
        assert!((0.0..=100.0).contains(&value), "{axis} {value}");
    }
    assert!(QUADRANT_SLUGS.contains(&result["quadrant"].as_str().unwrap()));
    assert!(result["borderline"].is_boolean());
    assert_eq!(result["questionnaire"], sandbox.questionnaire()["version"]);
    assert!(!sandbox.db().exists(), "score created a database");

    sandbox.ok(&["assess", "--answers", &file]);
    let before = snapshot(sandbox.root());
    assert_eq!(sandbox.json(&["score", "--answers", &file]), result);
    assert_eq!(snapshot(sandbox.root()), before, "score changed files");
}

#[test]
fn score_reads_answers_from_standard_input() {
    let sandbox = Sandbox::new();
    let doc = Answers::toward(Quadrant::TechBusywork).json();
    let file = sandbox.write_json("answers.json", &doc);
    let from_file = sandbox.json(&["score", "--answers", &file]);

    let mut child = sandbox
        .command(&["score", "--answers", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(doc.to_string().as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    let from_stdin: Value =
        serde_json::from_str(&stdout_of(output, &["score", "--answers", "-"])).unwrap();
    assert_eq!(from_stdin, from_file);
    assert_eq!(from_stdin["quadrant"], "tech-busywork");
}

#[test]
fn score_from_standard_input_names_it_in_errors() {
    let sandbox = Sandbox::new();
    let mut child = sandbox
        .command(&["score", "--answers", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(b"{nope").unwrap();
    let output = child.wait_with_output().unwrap();
    assert_refused(
        &output,
        "stdin",
        &["standard input", "not a valid answer sheet"],
    );
}

#[test]
fn extreme_answer_patterns_land_in_their_quadrants() {
    let sandbox = Sandbox::new();
    for (quadrant, slug) in Quadrant::ALL.into_iter().zip(QUADRANT_SLUGS) {
        let file = Answers::toward(quadrant).write(&sandbox.path(format!("{slug}.json")));
        let result = sandbox.json(&["score", "--answers", &file]);
        assert_eq!(result["quadrant"], slug, "{result}");
        assert_eq!(result["borderline"], false, "{slug}: {result}");
        let (focus, autonomy) = (
            result["focus"].as_f64().unwrap(),
            result["autonomy"].as_f64().unwrap(),
        );
        assert_eq!(focus >= 50.0, quadrant.high_focus(), "{slug}: {result}");
        assert_eq!(
            autonomy >= 50.0,
            quadrant.high_autonomy(),
            "{slug}: {result}"
        );
    }
}

#[test]
fn assess_saves_today_by_default_and_honours_date() {
    let sandbox = Sandbox::new();
    let file = Answers::toward(Quadrant::ImpactGalore).write(&sandbox.path("answers.json"));
    let scored = sandbox.json(&["score", "--answers", &file]);

    let first = sandbox.json(&["assess", "--answers", &file]);
    assert_eq!(first["id"], 1);
    assert_eq!(first["date"], today());
    assert_eq!(first["profile"], "Me");
    assert_eq!(first["rater"], "self");
    for key in [
        "focus",
        "autonomy",
        "quadrant",
        "borderline",
        "questionnaire",
    ] {
        assert_eq!(first[key], scored[key], "{key}");
    }
    let answers = first["answers"].as_object().unwrap();
    assert_eq!(
        answers.len(),
        sandbox.questionnaire()["items"].as_array().unwrap().len()
    );

    let second = sandbox.json(&["assess", "--answers", &file, "--date", "2025-01-15"]);
    assert_eq!(second["id"], 2);
    assert_eq!(second["date"], "2025-01-15");

    let history = sandbox.json(&["history", "--format", "json"]);
    assert_eq!(
        history,
        json!([record_of(&second), record_of(&first)]),
        "oldest first, by date"
    );
}

#[test]
fn history_json_is_sorted_by_date_whatever_the_order_saved() {
    let sandbox = Sandbox::new();
    let file = Answers::all(2).write(&sandbox.path("answers.json"));
    for date in ["2025-06-01", "2024-02-29", "2025-01-15", "2024-02-29"] {
        sandbox.ok(&["assess", "--answers", &file, "--date", date]);
    }
    let history = sandbox.json(&["history", "--format", "json"]);
    let order: Vec<(String, i64)> = history
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["date"].as_str().unwrap().to_string(),
                a["id"].as_i64().unwrap(),
            )
        })
        .collect();
    let expected = [
        ("2024-02-29", 2),
        ("2024-02-29", 4),
        ("2025-01-15", 3),
        ("2025-06-01", 1),
    ];
    assert_eq!(
        order,
        expected.map(|(d, id)| (d.to_string(), id)).to_vec(),
        "{history}"
    );
}

#[test]
fn history_csv_has_a_header_and_one_row_per_assessment() {
    let sandbox = Sandbox::new();
    let q = sandbox.questionnaire();
    let dates = ["2025-01-15", "2025-02-15", "2025-03-15"];
    for (date, quadrant) in dates.into_iter().zip(Quadrant::ALL) {
        let file = Answers::toward(quadrant).write(&sandbox.path("a.json"));
        sandbox.ok(&["assess", "--answers", &file, "--date", date]);
    }
    let csv = sandbox.ok(&["history", "--format", "csv"]);
    let lines: Vec<&str> = csv.lines().collect();
    let items = q["items"].as_array().unwrap();
    let ids: Vec<&str> = items.iter().map(|i| i["id"].as_str().unwrap()).collect();
    assert_eq!(
        lines[0],
        format!(
            "id,date,rater,who,questionnaire,quadrant,focus,autonomy,borderline,{}",
            ids.join(",")
        ),
        "the summary columns, then one column per statement"
    );
    assert_eq!(lines.len(), 1 + dates.len(), "{csv}");
    let json = sandbox.json(&["history", "--format", "json"]);
    for (line, record) in lines[1..].iter().zip(json.as_array().unwrap()) {
        let answers: Vec<String> = ids
            .iter()
            .map(|id| record["answers"][*id].to_string())
            .collect();
        let expected = format!(
            "{},{},self,You,{},{},{:.1},{:.1},{},{}",
            record["id"],
            record["date"].as_str().unwrap(),
            record["questionnaire"].as_str().unwrap(),
            record["quadrant"].as_str().unwrap(),
            record["focus"].as_f64().unwrap(),
            record["autonomy"].as_f64().unwrap(),
            record["borderline"],
            answers.join(",")
        );
        assert_eq!(*line, expected);
    }

    let empty = Sandbox::new();
    assert_eq!(
        empty.ok(&["history", "--format", "csv"]),
        "id,date,rater,who,questionnaire,quadrant,focus,autonomy,borderline\n"
    );
}

#[test]
fn history_table_lists_assessments_or_says_there_are_none() {
    let sandbox = Sandbox::new();
    let table = sandbox.ok(&["history", "--format", "table"]);
    assert!(table.starts_with("No assessments yet"), "{table}");
    assert_eq!(
        sandbox.ok(&["history"]),
        table,
        "table is the default format"
    );

    for (date, quadrant) in [
        ("2025-02-01", Quadrant::LowEverything),
        ("2025-01-01", Quadrant::ImpactGalore),
    ] {
        let file = Answers::toward(quadrant).write(&sandbox.path("a.json"));
        sandbox.ok(&["assess", "--answers", &file, "--date", date]);
    }
    let table = sandbox.ok(&["history", "--format", "table"]);
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(lines.len(), 3, "{table}");
    assert!(lines[0].starts_with("Date") && lines[0].contains("Quadrant"));
    assert!(
        lines[1].starts_with("2025-01-01") && lines[1].contains("Impact Galore"),
        "{table}"
    );
    assert!(
        lines[2].starts_with("2025-02-01") && lines[2].contains("Low Everything"),
        "{table}"
    );
}

/// Answer-sheet and date problems, each refused before the database is touched.
#[test]
fn refused_assessments_exit_1_with_one_error_line_and_leave_the_database_alone() {
    let tomorrow = Local::now()
        .date_naive()
        .checked_add_days(Days::new(2))
        .unwrap()
        .to_string();
    let probe = Sandbox::new();
    let q = probe.questionnaire();
    let items = q["items"].as_array().unwrap();
    let (first, second) = (
        items[0]["id"].as_str().unwrap(),
        items[5]["id"].as_str().unwrap(),
    );
    let valid = Answers::all(3).json();
    let with = |edit: &dyn Fn(&mut Value)| {
        let mut doc = valid.clone();
        edit(&mut doc);
        doc.to_string()
    };

    // (case, file name, file text or None for no file, extra arguments, what the error names)
    type Case<'a> = (&'a str, &'a str, Option<String>, Vec<&'a str>, Vec<String>);
    let cases: Vec<Case> = vec![
        (
            "malformed JSON",
            "broken.json",
            Some(r#"{"questionnaire": "v1", "answers": {"#.to_string()),
            vec![],
            vec!["broken.json".into(), "not a valid answer sheet".into()],
        ),
        (
            "unknown item",
            "extra.json",
            Some(with(&|d| d["answers"]["focus-99"] = json!(3))),
            vec![],
            vec!["extra.json".into(), "`focus-99`".into()],
        ),
        (
            "value 0",
            "zero.json",
            Some(with(&|d| d["answers"][first] = json!(0))),
            vec![],
            vec!["zero.json".into(), format!("`{first}`"), "value 0".into()],
        ),
        (
            "value 6",
            "six.json",
            Some(with(&|d| d["answers"][second] = json!(6))),
            vec![],
            vec!["six.json".into(), format!("`{second}`"), "value 6".into()],
        ),
        (
            "missing answer",
            "short.json",
            Some(with(&|d| {
                d["answers"].as_object_mut().unwrap().remove(second);
            })),
            vec![],
            vec![
                "short.json".into(),
                format!("`{second}`"),
                "no answer".into(),
            ],
        ),
        (
            "unknown questionnaire version",
            "v9.json",
            Some(with(&|d| d["questionnaire"] = json!("v9"))),
            vec![],
            vec!["v9.json".into(), "`v9`".into(), "unknown".into()],
        ),
        (
            "future date",
            "ok.json",
            Some(valid.to_string()),
            vec!["--date", &tomorrow],
            vec![tomorrow.clone(), "in the future".into()],
        ),
        (
            "malformed date",
            "ok.json",
            Some(valid.to_string()),
            vec!["--date", "2025-13-45"],
            vec!["`2025-13-45`".into(), "YYYY-MM-DD".into()],
        ),
        (
            "date before 2000",
            "ok.json",
            Some(valid.to_string()),
            vec!["--date", "1999-12-31"],
            vec!["1999-12-31".into(), "before 2000".into()],
        ),
        (
            "answers file that does not exist",
            "nowhere.json",
            None,
            vec![],
            vec!["nowhere.json".into(), "cannot read".into()],
        ),
    ];

    for (case, name, text, extra, needles) in cases {
        let needles: Vec<&str> = needles.iter().map(String::as_str).collect();
        for existing in [true, false] {
            let sandbox = Sandbox::new();
            if existing {
                let good = sandbox.write_json("good.json", &valid);
                sandbox.ok(&["assess", "--answers", &good, "--date", "2025-01-15"]);
            }
            let file = match &text {
                Some(text) => sandbox.write(name, text),
                None => sandbox.path(name).to_string_lossy().into_owned(),
            };
            let before = snapshot(sandbox.root());
            let mut args = vec!["assess", "--answers", &file];
            args.extend(&extra);
            let output = sandbox.run(&args);

            let label = format!("{case} (database existed: {existing})");
            assert_refused(&output, &label, &needles);
            assert_eq!(snapshot(sandbox.root()), before, "{label}: files changed");
            assert_eq!(sandbox.db().exists(), existing, "{label}");
        }
    }
}

/// Database files Bearing must not write to, each refused by every command that opens one.
#[test]
fn refused_database_files_exit_1_and_stay_unchanged() {
    type Make = Box<dyn Fn(&Sandbox) -> PathBuf>;
    let cases: Vec<(&str, Make, Vec<&str>)> = vec![
        (
            "a text file",
            Box::new(|s| {
                s.write("notes.txt", "Remember to rest.\n");
                s.path("notes.txt")
            }),
            vec!["notes.txt", "is not a Bearing database"],
        ),
        (
            "a folder",
            Box::new(|s| {
                fs::create_dir(s.path("folder.db")).unwrap();
                s.path("folder.db")
            }),
            vec!["folder.db", "is a folder"],
        ),
        (
            "another program's database",
            Box::new(|s| {
                let conn = Connection::open(s.path("other.db")).unwrap();
                conn.execute_batch(
                    "CREATE TABLE song (title TEXT); INSERT INTO song VALUES ('a');",
                )
                .unwrap();
                s.path("other.db")
            }),
            vec!["other.db", "another program"],
        ),
        (
            "a database from a newer Bearing",
            Box::new(|s| {
                let answers = Answers::all(3).write(&s.path("seed.json"));
                s.ok(&["assess", "--answers", &answers, "--date", "2025-01-15"]);
                let copy = s.path("newer.db");
                fs::copy(s.db(), &copy).unwrap();
                Connection::open(&copy)
                    .unwrap()
                    .pragma_update(None, "user_version", 99)
                    .unwrap();
                copy
            }),
            vec!["newer.db", "newer Bearing", "schema version 99"],
        ),
        (
            "a path in a folder that does not exist",
            Box::new(|s| s.path("missing/bearing.db")),
            vec!["missing", "does not exist"],
        ),
    ];

    for (case, make, needles) in cases {
        let sandbox = Sandbox::new();
        let db = make(&sandbox);
        let answers = Answers::all(4).write(&sandbox.path("answers.json"));
        let commands: [&[&str]; 3] = [
            &["assess", "--answers", &answers],
            &["history", "--format", "json"],
            &["chart", "--out", "map.svg"],
        ];
        for args in commands {
            let before = snapshot(sandbox.root());
            let output = sandbox.command_on(&db, args).output().unwrap();
            let label = format!("{case}, {}", args[0]);
            assert_refused(&output, &label, &needles);
            assert_eq!(snapshot(sandbox.root()), before, "{label}: files changed");
            if db.is_dir() {
                assert!(snapshot(&db).is_empty(), "{label}: wrote into the folder");
            }
        }
    }
}

#[test]
fn usage_errors_exit_2() {
    let cases: [&[&str]; 6] = [
        &["frobnicate"],
        &["chart"],
        &["chart", "--out", "map.svg", "--width", "abc"],
        &["history", "--format", "xml"],
        &["assess"],
        &["score", "--answers", "a.json", "--bogus"],
    ];
    for args in cases {
        let sandbox = Sandbox::new();
        let output = sandbox.run(args);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains("error"), "{args:?}: {stderr}");
        assert!(output.stdout.is_empty(), "{args:?}");
        assert!(snapshot(sandbox.root()).is_empty(), "{args:?} wrote files");
    }
}

#[test]
fn bearing_db_environment_variable_selects_the_database() {
    let sandbox = Sandbox::new();
    let answers = Answers::all(3).write(&sandbox.path("answers.json"));
    let chosen = sandbox.path("chosen.db");
    let with_env = |args: &[&str]| {
        let mut cmd = sandbox.bare(args);
        cmd.env("BEARING_DB", &chosen);
        stdout_of(cmd.output().unwrap(), args)
    };

    let saved: Value = serde_json::from_str(&with_env(&["assess", "--answers", &answers])).unwrap();
    assert!(chosen.is_file());
    assert!(
        !sandbox.path("home").exists(),
        "the default folder was used"
    );

    let via_env: Value = serde_json::from_str(&with_env(&["history", "--format", "json"])).unwrap();
    let via_flag = sandbox
        .command_on(&chosen, &["history", "--format", "json"])
        .output()
        .unwrap();
    let via_flag: Value = serde_json::from_str(&stdout_of(via_flag, &["history"])).unwrap();
    assert_eq!(via_env, json!([record_of(&saved)]));
    assert_eq!(via_flag, via_env);

    // --db wins over the environment.
    let mut cmd = sandbox.command(&["history", "--format", "json"]);
    cmd.env("BEARING_DB", &chosen);
    let flagged: Value =
        serde_json::from_str(&stdout_of(cmd.output().unwrap(), &["history"])).unwrap();
    assert_eq!(flagged, json!([]));
}

#[test]
fn empty_db_path_is_a_usage_error_and_touches_nothing() {
    let sandbox = Sandbox::new();
    let mut flag = sandbox.bare(&["--db", "", "history"]);
    let mut env = sandbox.bare(&["history"]);
    env.env("BEARING_DB", "");
    // Without a command Bearing would open its window: an empty path is refused there too, never
    // taken to mean the default database.
    let mut window = sandbox.bare(&["--db", ""]);
    let mut window_env = sandbox.bare(&[]);
    window_env.env("BEARING_DB", "");
    for (case, cmd) in [
        ("--db \"\"", &mut flag),
        ("BEARING_DB=\"\"", &mut env),
        ("window, --db \"\"", &mut window),
        ("window, BEARING_DB=\"\"", &mut window_env),
    ] {
        let output = cmd.output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{case}: {stderr}");
        assert!(stderr.contains("--db"), "{case}: {stderr}");
        assert!(
            snapshot(sandbox.root()).is_empty(),
            "{case}: fell back to a database somewhere"
        );
    }
}

#[test]
fn relative_db_path_is_taken_from_the_working_folder() {
    let sandbox = Sandbox::new();
    Answers::all(3).write(&sandbox.path("answers.json"));
    let output = sandbox
        .bare(&["--db", "relative.db", "assess", "--answers", "answers.json"])
        .output()
        .unwrap();
    let saved: Value = serde_json::from_str(&stdout_of(output, &["assess"])).unwrap();
    assert_eq!(saved["id"], 1);
    assert!(sandbox.path("relative.db").is_file());
}

#[test]
fn without_a_db_option_the_app_data_folder_is_used() {
    let sandbox = Sandbox::new();
    let answers = Answers::all(3).write(&sandbox.path("answers.json"));
    let output = sandbox
        .bare(&["assess", "--answers", &answers])
        .output()
        .unwrap();
    stdout_of(output, &["assess"]);
    let default = sandbox.path("home/data/dev.bearing.desktop/bearing.db");
    assert!(default.is_file(), "expected the database at {default:?}");
    assert!(!sandbox.db().exists());
}

#[test]
fn chart_svg_names_the_four_quadrants() {
    let sandbox = Sandbox::new();
    let answers = Answers::toward(Quadrant::GlorifiedManager).write(&sandbox.path("answers.json"));
    for date in ["2025-01-15", "2025-02-15"] {
        sandbox.ok(&["assess", "--answers", &answers, "--date", date]);
    }
    let out = sandbox.path("map.svg");
    let printed = sandbox.ok(&["chart", "--kind", "map", "--out", out.to_str().unwrap()]);
    assert!(printed.is_empty(), "{printed}");

    let svg = fs::read_to_string(&out).unwrap();
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    assert_eq!(root.attribute("width"), Some("1200"));
    assert_eq!(root.attribute("height"), Some("1000"));
    let text = crate::support::svg_text(&doc);
    for name in [
        "Low Everything",
        "Tech Busywork",
        "Impact Galore",
        "Glorified Managers and Order-Takers",
        "Feb 2025",
    ] {
        assert!(text.contains(name), "`{name}` not in {text:?}");
    }
    let names: Vec<String> = snapshot(sandbox.root()).into_keys().collect();
    assert!(
        !names.iter().any(|n| n.ends_with(".tmp")),
        "temporary file left behind: {names:?}"
    );
}

#[test]
fn chart_png_has_the_requested_size() {
    let sandbox = Sandbox::new();
    let answers = Answers::all(5).write(&sandbox.path("answers.json"));
    sandbox.ok(&["assess", "--answers", &answers]);
    let out = sandbox.path("map.png");
    sandbox.ok(&[
        "chart",
        "--out",
        out.to_str().unwrap(),
        "--width",
        "640",
        "--height",
        "480",
    ]);
    assert_eq!(
        crate::support::png_size(&fs::read(&out).unwrap()),
        (640, 480)
    );
}

#[test]
fn chart_with_unknown_format_or_size_out_of_range_exits_1() {
    let cases: [(&[&str], &str, &[&str]); 6] = [
        (
            &["--out", "missing/map.svg"],
            "missing/map.svg",
            &["missing/map.svg", "folder does not exist"],
        ),
        (&["--out", "."], ".", &[".svg or .png"]),
        (
            &["--out", "map.jpg"],
            "map.jpg",
            &["map.jpg", ".svg or .png"],
        ),
        (&["--out", "map"], "map", &["map", ".svg or .png"]),
        (
            &["--out", "map.svg", "--width", "10"],
            "map.svg",
            &["10", "200 to 8000"],
        ),
        (
            &["--out", "map.png", "--height", "9000"],
            "map.png",
            &["9000", "200 to 8000"],
        ),
    ];
    for (extra, file, needles) in cases {
        let sandbox = Sandbox::new();
        let mut args = vec!["chart"];
        args.extend(extra);
        let output = sandbox.run(&args);
        assert_refused(&output, &format!("{args:?}"), needles);
        assert!(
            file == "." || !sandbox.path(file).exists(),
            "{args:?} wrote a file"
        );
        assert!(!sandbox.db().exists(), "{args:?} created a database");
    }
}

/// The saved record in `assess` output, without the report (flags, explanation, suggestions) that
/// only `assess` adds: what `history --format json` lists.
fn record_of(assessed: &Value) -> Value {
    let mut record = assessed.clone();
    let object = record.as_object_mut().unwrap();
    for key in [
        "view",
        "uncertainty",
        "quadrant_probabilities",
        "certainty",
        "headline",
        "flags",
        "confirmed",
        "coverage",
        "why_here",
        "what_moved",
        "trend",
        "weaker_axis",
        "suggestions",
        "reviewed",
        "commitments",
        "can_commit",
    ] {
        assert!(object.remove(key).is_some(), "assess output lacks `{key}`");
    }
    // `provisional` is both a report field and part of the history record.
    assert!(
        object.contains_key("provisional"),
        "assess output lacks `provisional`"
    );
    record
}

#[test]
fn assess_explains_the_result_and_what_moved_since_last_time() {
    let sandbox = Sandbox::new();
    // First month: low on focus; second month: agrees with everything that raises focus.
    let low = Answers::each(|_, item| if item.focus > 0.0 { 2 } else { 4 });
    let high = Answers::each(|_, item| if item.focus > 0.0 { 5 } else { 1 });
    low.write(&sandbox.path("low.json"));
    high.write(&sandbox.path("high.json"));

    let first = sandbox.json(&["assess", "--answers", "low.json", "--date", "2026-01-31"]);
    assert_eq!(
        first["what_moved"],
        Value::Null,
        "nothing to compare the first one with"
    );
    assert_eq!(first["why_here"]["focus"].as_array().unwrap().len(), 3);
    let suggestions = first["suggestions"].as_array().unwrap();
    assert_eq!(suggestions.len(), 5);
    assert!(suggestions
        .iter()
        .all(|s| s["action"]["title"].is_string() && !s["reasons"].as_array().unwrap().is_empty()));

    let second = sandbox.json(&["assess", "--answers", "high.json", "--date", "2026-02-28"]);
    let moved = &second["what_moved"];
    assert_eq!(moved["focus"]["from"], first["focus"]);
    assert_eq!(moved["focus"]["to"], second["focus"]);
    // From low focus to agreeing with everything that raises it: a real move, upwards.
    assert_eq!(moved["focus"]["verdict"], "reliable");
    assert!(moved["focus"]["delta"].as_f64().unwrap() > 0.0);
    assert!(!moved["statements"].as_array().unwrap().is_empty());

    let scored = sandbox.json(&["score", "--answers", "high.json"]);
    assert_eq!(scored["what_moved"], Value::Null, "score reads no history");
    assert!(scored["flags"].is_array() && scored["suggestions"].is_array());
}

/// Growth action ids, as `bearing actions --json` lists them.
fn action_ids(sandbox: &Sandbox) -> Vec<String> {
    sandbox
        .json(&["actions", "--json"])
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap().to_string())
        .collect()
}

/// A sandbox holding one assessment dated 2025-03-01, and the answers file it was saved from.
fn assessed_sandbox() -> (Sandbox, String) {
    let sandbox = Sandbox::new();
    let answers = Answers::varied(3).write(&sandbox.path("answers.json"));
    sandbox.ok(&["assess", "--answers", &answers, "--date", "2025-03-01"]);
    (sandbox, answers)
}

#[test]
fn commit_then_commitments_lists_them_in_the_order_chosen() {
    let (sandbox, _) = assessed_sandbox();
    assert_eq!(sandbox.json(&["commitments", "--json"]), json!([]));
    let none = sandbox.ok(&["commitments"]);
    assert!(none.starts_with("No open commitments"), "{none}");

    let ids = action_ids(&sandbox);
    let (a, b) = (ids[4].as_str(), ids[1].as_str());
    let printed = sandbox.ok(&["commit", a, b]);
    assert!(
        printed.starts_with("Committed for the month ahead"),
        "{printed}"
    );
    for id in [a, b] {
        assert!(
            printed
                .lines()
                .any(|l| l.contains(id) && l.contains("(since 2025-03-01)")),
            "{printed}"
        );
    }

    let open = sandbox.json(&["commitments", "--json"]);
    let open = open.as_array().unwrap();
    assert_eq!(open.len(), 2, "{open:?}");
    let actions = sandbox.json(&["actions", "--json"]);
    for (commitment, id) in open.iter().zip([a, b]) {
        assert_eq!(commitment["action_id"], id);
        assert_eq!(commitment["assessment_id"], 1);
        assert_eq!(commitment["committed_on"], "2025-03-01");
        assert_eq!(commitment["review"], Value::Null);
        let action = actions
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["id"] == id)
            .unwrap();
        assert_eq!(commitment["title"], action["title"]);
    }
    let text = sandbox.ok(&["commitments"]);
    assert!(text.starts_with("Open commitments"), "{text}");
    let (at_a, at_b) = (text.find(a).unwrap(), text.find(b).unwrap());
    assert!(at_a < at_b, "not in the order chosen: {text}");

    // The latest choice replaces the earlier one.
    sandbox.ok(&["commit", b]);
    let open = sandbox.json(&["commitments", "--json"]);
    assert_eq!(open.as_array().unwrap().len(), 1);
    assert_eq!(open[0]["action_id"], b);
}

#[test]
fn assess_with_open_commitments_needs_their_reviews_and_saves_nothing_without() {
    let (sandbox, answers) = assessed_sandbox();
    let ids = action_ids(&sandbox);
    let (a, b) = (ids[0].as_str(), ids[2].as_str());
    sandbox.ok(&["commit", a, b]);
    let partial = sandbox.write_json("partial.json", &json!({ a: {"status": "done"} }));
    let unknown = sandbox.write_json(
        "unknown.json",
        &json!({ a: {"status": "done"}, b: {"status": "done"}, "no-such-action": {"status": "done"} }),
    );
    let status = sandbox.write_json(
        "status.json",
        &json!({ a: {"status": "done"}, b: {"status": "finished"} }),
    );
    let broken = sandbox.write("broken.json", "{\"status\": ");
    let missing = sandbox.path("nowhere.json").to_string_lossy().into_owned();

    let base = [
        "assess",
        "--answers",
        answers.as_str(),
        "--date",
        "2025-04-01",
    ];
    let cases: Vec<(Vec<&str>, Vec<&str>)> = vec![
        (
            vec![],
            vec![a, b, "2 commitments are waiting", "--reviews FILE"],
        ),
        (
            vec!["--reviews", &partial],
            vec!["1 commitment is waiting", b, "--reviews FILE"],
        ),
        (
            vec!["--reviews", &unknown],
            vec!["`no-such-action`", "the ones due are", a, b],
        ),
        (
            vec!["--reviews", &status],
            vec![
                b,
                "status `finished` is unknown",
                "done, partly or not-started",
            ],
        ),
        (
            vec!["--reviews", &broken],
            vec!["broken.json", "not valid JSON"],
        ),
        (
            vec!["--reviews", &missing],
            vec!["nowhere.json", "cannot read the reviews"],
        ),
    ];
    for (extra, needles) in cases {
        let mut args = base.to_vec();
        args.extend(&extra);
        let before = snapshot(sandbox.root());
        let output = sandbox.run(&args);
        assert_refused(&output, &format!("{extra:?}"), &needles);
        assert_eq!(snapshot(sandbox.root()), before, "{extra:?}: files changed");
    }
    assert_eq!(
        sandbox
            .json(&["history", "--format", "json"])
            .as_array()
            .unwrap()
            .len(),
        1
    );

    let reviews = sandbox.write_json(
        "reviews.json",
        &json!({ a: {"status": "done", "note": "  went well  "}, b: {"status": "not-started"} }),
    );
    let mut args = base.to_vec();
    args.extend(["--reviews", &reviews]);
    let saved = sandbox.json(&args);
    assert_eq!(saved["id"], 2);
    let reviewed = saved["reviewed"].as_array().unwrap();
    let got: Vec<(&Value, &Value, &Value, &Value)> = reviewed
        .iter()
        .map(|c| {
            (
                &c["action_id"],
                &c["review"]["status"],
                &c["review"]["note"],
                &c["review"]["reviewed_in"],
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            (&json!(a), &json!("done"), &json!("went well"), &json!(2)),
            (&json!(b), &json!("not-started"), &Value::Null, &json!(2)),
        ]
    );
    assert_eq!(saved["commitments"], json!([]));
    assert_eq!(saved["can_commit"], true);
    assert_eq!(saved["what_moved"]["previous_id"], 1);
    assert_eq!(saved["what_moved"]["since"], "2025-03-01");
    assert_eq!(sandbox.json(&["commitments", "--json"]), json!([]));

    // Reviewed once: the next assessment needs none, and takes none.
    sandbox.ok(&["assess", "--answers", &answers, "--date", "2025-05-01"]);
    let output = sandbox.run(&[
        "assess",
        "--answers",
        &answers,
        "--date",
        "2025-06-01",
        "--reviews",
        &reviews,
    ]);
    assert_refused(
        &output,
        "reviews with nothing open",
        &["leave the reviews out"],
    );
}

#[test]
fn assess_dated_before_the_commitments_needs_no_reviews() {
    let (sandbox, answers) = assessed_sandbox();
    let a = action_ids(&sandbox).remove(0);
    sandbox.ok(&["commit", &a]);
    let backfill = sandbox.json(&["assess", "--answers", &answers, "--date", "2025-02-01"]);
    assert_eq!(backfill["reviewed"], json!([]));
    assert_eq!(backfill["can_commit"], false);
    let open = sandbox.json(&["commitments", "--json"]);
    assert_eq!(open[0]["action_id"], json!(a), "still open");

    let output = sandbox.run(&["commit", "--assessment", "2", &a]);
    assert_refused(
        &output,
        "commit after a backfilled assessment",
        &["assessment 2 is not the latest (1 is)"],
    );
}

#[test]
fn refused_commits_exit_1_with_one_error_line_and_change_nothing() {
    let (sandbox, _) = assessed_sandbox();
    let ids = action_ids(&sandbox);
    let kept = ids[3].as_str();
    sandbox.ok(&["commit", kept]);
    let open = sandbox.json(&["commitments", "--json"]);

    let (a, b, c, d) = (
        ids[0].as_str(),
        ids[1].as_str(),
        ids[2].as_str(),
        ids[3].as_str(),
    );
    let choices: [(Vec<&str>, Vec<&str>); 4] = [
        (vec![], vec!["name one to three growth actions", "--clear"]),
        (
            vec![a, b, c, d],
            vec!["choose from 1 to 3 growth actions, not 4"],
        ),
        (
            vec![a, "no-such-action"],
            vec!["`no-such-action` is not a growth action", "bearing actions"],
        ),
        (vec![b, a, b], vec![b, "chosen twice"]),
    ];
    let mut cases: Vec<(Vec<&str>, Vec<&str>)> = choices.to_vec();
    cases.push((
        vec!["--assessment", "7", a],
        vec!["there is no assessment with id 7"],
    ));
    for (actions, needles) in &cases {
        let mut args = vec!["commit"];
        args.extend(actions);
        let before = snapshot(sandbox.root());
        assert_refused(&sandbox.run(&args), &format!("{args:?}"), needles);
        assert_eq!(snapshot(sandbox.root()), before, "{args:?}: files changed");
    }
    assert_eq!(sandbox.json(&["commitments", "--json"]), open);

    // A bad choice is refused before any database is opened.
    for (actions, needles) in &choices {
        let empty = Sandbox::new();
        let mut args = vec!["commit"];
        args.extend(actions);
        assert_refused(
            &empty.run(&args),
            &format!("{args:?} without a db"),
            needles,
        );
        assert!(!empty.db().exists(), "{args:?} created a database");
    }

    // A database without assessments: nothing to commit after.
    let fresh = Sandbox::new();
    fresh.ok(&["history"]);
    for args in [&["commit", a][..], &["commit", "--clear"][..]] {
        let before = snapshot(fresh.root());
        assert_refused(
            &fresh.run(args),
            &format!("{args:?} before any assessment"),
            &["there is no assessment yet", "take an assessment first"],
        );
        assert_eq!(snapshot(fresh.root()), before, "{args:?}: files changed");
    }
}

#[test]
fn commit_clear_drops_the_open_commitments() {
    let (sandbox, answers) = assessed_sandbox();
    let ids = action_ids(&sandbox);
    sandbox.ok(&["commit", &ids[0], &ids[1]]);
    assert_eq!(
        sandbox.ok(&["commit", "--clear"]),
        "Dropped 2 commitments.\n"
    );
    assert_eq!(sandbox.json(&["commitments", "--json"]), json!([]));
    // Nothing left to review.
    sandbox.ok(&["assess", "--answers", &answers, "--date", "2025-04-01"]);

    for args in [
        &["commit", "--clear", ids[0].as_str()][..],
        &["commit", "--assessment", "one", ids[0].as_str()][..],
    ] {
        let before = snapshot(sandbox.root());
        let output = sandbox.run(args);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains("error"), "{args:?}: {stderr}");
        assert_eq!(snapshot(sandbox.root()), before, "{args:?}");
    }
}

#[test]
fn actions_json_lists_every_growth_action_with_its_steps() {
    let sandbox = Sandbox::new();
    let listed = sandbox.json(&["actions", "--json"]);
    let listed = listed.as_array().unwrap();
    let known = bearing_lib::domain::growth::actions();
    assert_eq!(listed.len(), known.len());
    let mut seen = std::collections::HashSet::new();
    for (action, expected) in listed.iter().zip(known) {
        let id = action["id"].as_str().unwrap();
        assert!(seen.insert(id), "`{id}` listed twice");
        assert_eq!(id, expected.id);
        assert_eq!(action["title"], json!(expected.title));
        assert!(
            action["title"].as_str().is_some_and(|t| !t.is_empty()),
            "{id}"
        );
        let steps = action["steps"].as_array().unwrap();
        assert!(!steps.is_empty(), "{id} has no steps");
        assert!(
            steps
                .iter()
                .all(|s| s.as_str().is_some_and(|s| !s.is_empty())),
            "{id}: {steps:?}"
        );
        assert_eq!(action["steps"], json!(expected.steps));
    }
    let text = sandbox.ok(&["actions"]);
    for action in known {
        assert!(
            text.contains(&action.id) && text.contains(&action.title),
            "{}",
            action.id
        );
    }
    assert!(!sandbox.db().exists(), "listing actions made a database");
}

#[test]
fn reviews_come_from_standard_input_but_not_together_with_the_answers() {
    let (sandbox, answers) = assessed_sandbox();
    let a = action_ids(&sandbox).remove(0);
    sandbox.ok(&["commit", &a]);
    let sheet = fs::read_to_string(&answers).unwrap();

    let before = snapshot(sandbox.root());
    let output = sandbox.run_with_stdin(
        &[
            "assess",
            "--answers",
            "-",
            "--reviews",
            "-",
            "--date",
            "2025-04-01",
        ],
        &sheet,
    );
    assert_refused(
        &output,
        "both on standard input",
        &["--answers and --reviews cannot both be read from standard input"],
    );
    assert_eq!(snapshot(sandbox.root()), before);
    let nowhere = Sandbox::new();
    let output = nowhere.run_with_stdin(&["assess", "--answers", "-", "--reviews", "-"], &sheet);
    assert_refused(
        &output,
        "both on standard input, no database",
        &["cannot both"],
    );
    assert!(!nowhere.db().exists());

    let reviews = json!({ a.clone(): {"status": "partly"} }).to_string();
    let args = [
        "assess",
        "--answers",
        &answers,
        "--reviews",
        "-",
        "--date",
        "2025-04-01",
    ];
    let output = sandbox.run_with_stdin(&args, &reviews);
    let saved: Value = serde_json::from_str(&stdout_of(output, &args)).unwrap();
    assert_eq!(saved["reviewed"][0]["action_id"], json!(a));
    assert_eq!(saved["reviewed"][0]["review"]["status"], "partly");
}

#[test]
fn commit_without_any_assessment_creates_no_database() {
    let sandbox = Sandbox::new();
    let action = action_ids(&sandbox).remove(0);
    for args in [vec!["commit", action.as_str()], vec!["commit", "--clear"]] {
        let output = sandbox.run(&args);
        assert_refused(&output, &format!("{args:?}"), &["no assessment yet"]);
        assert!(!sandbox.db().exists(), "{args:?} created the database");
    }
    let (sandbox, _) = assessed_sandbox();
    assert_eq!(
        sandbox.ok(&["commit", "--clear"]),
        "There were no commitments to drop.\n"
    );
}

#[test]
fn chart_kinds_scale_transparency_and_period() {
    let sandbox = Sandbox::new();
    let low = Answers::toward(Quadrant::LowEverything).write(&sandbox.path("low.json"));
    let high = Answers::toward(Quadrant::ImpactGalore).write(&sandbox.path("high.json"));
    sandbox.ok(&["assess", "--answers", &low, "--date", "2025-01-15"]);
    let action = action_ids(&sandbox).remove(0);
    sandbox.ok(&["commit", &action]);
    let reviews = sandbox.write_json("r.json", &json!({ action.clone(): {"status": "done"} }));
    sandbox.ok(&[
        "assess",
        "--answers",
        &high,
        "--date",
        "2025-02-15",
        "--reviews",
        &reviews,
    ]);
    sandbox.ok(&["assess", "--answers", &high, "--date", "2025-03-15"]);
    let path = |name: &str| sandbox.path(name).to_str().unwrap().to_string();
    let svg_text = |name: &str| {
        let svg = fs::read_to_string(sandbox.path(name)).unwrap();
        let doc = roxmltree::Document::parse(&svg).unwrap();
        let width = doc.root_element().attribute("width").map(String::from);
        (crate::support::svg_text(&doc), width)
    };

    // The default is the 16:9 progress card, with the person and where they stand now.
    sandbox.ok(&["chart", "--out", &path("card.svg")]);
    let (text, width) = svg_text("card.svg");
    assert_eq!(width.as_deref(), Some("1920"));
    assert!(
        // The unnamed first person's card is headed "Progress", never "Me".
        text.contains("Progress") && text.contains("Impact Galore"),
        "{text}"
    );
    sandbox.ok(&["chart", "--out", &path("card.png"), "--scale", "2"]);
    let png = fs::read(sandbox.path("card.png")).unwrap();
    assert_eq!(crate::support::png_size(&png), (3840, 2160));
    assert_eq!(png[25], 2, "an opaque PNG is RGB");
    sandbox.ok(&[
        "chart",
        "--out",
        &path("clear.png"),
        "--transparent",
        "--kind",
        "map",
    ]);
    let png = fs::read(sandbox.path("clear.png")).unwrap();
    assert_eq!(png[25], 6, "a transparent PNG is RGBA");

    // The timeline names the commitment made after January.
    let title = bearing_lib::domain::growth::action(&action)
        .unwrap()
        .title
        .clone();
    sandbox.ok(&[
        "chart",
        "--kind",
        "timeline",
        "--out",
        &path("timeline.svg"),
    ]);
    let (text, _) = svg_text("timeline.svg");
    let start: String = title.chars().take(12).collect();
    assert!(text.contains(&start), "`{start}` not in {text:?}");

    // A period leaves out what is outside it.
    sandbox.ok(&[
        "chart",
        "--kind",
        "map",
        "--from",
        "2025-02-01",
        "--out",
        &path("late.svg"),
    ]);
    let (text, _) = svg_text("late.svg");
    assert!(
        text.contains("Feb 2025") && !text.contains("Jan 2025"),
        "{text}"
    );

    for (args, needles) in [
        (
            vec!["--from", "2025-03-01", "--to", "2025-01-01"],
            vec!["--from 2025-03-01 is after --to 2025-01-01"],
        ),
        (vec!["--scale", "5"], vec!["--scale", "1 to 4"]),
        (vec!["--from", "March"], vec!["`March`", "YYYY-MM-DD"]),
    ] {
        let out = path("refused.png");
        let mut all = vec!["chart", "--out", out.as_str()];
        all.extend(args.iter().copied());
        assert_refused(&sandbox.run(&all), &format!("{all:?}"), &needles);
        assert!(!sandbox.path("refused.png").exists());
    }
}

#[test]
fn profiles_keep_separate_histories_and_unknown_names_list_the_known_ones() {
    let sandbox = Sandbox::new();
    let answers = Answers::toward(Quadrant::ImpactGalore).write(&sandbox.path("a.json"));
    // A named profile on a database that does not exist yet is refused without creating it.
    let output = sandbox.run(&["--profile", "Ada", "history"]);
    assert_refused(&output, "no database yet", &["no profile named `Ada`"]);
    assert!(!sandbox.db().exists());

    sandbox.ok(&["assess", "--answers", &answers, "--date", "2025-01-10"]);
    assert_eq!(
        sandbox.ok(&["profile", "add", "  Ada Lovelace "]),
        "Added `Ada Lovelace`.\n"
    );
    sandbox.ok(&[
        "--profile",
        "ada lovelace",
        "assess",
        "--answers",
        &answers,
        "--date",
        "2025-02-10",
    ]);
    let seen = Answers::toward(Quadrant::ImpactGalore)
        .for_others()
        .write(&sandbox.path("seen.json"));
    sandbox.ok(&[
        "--profile",
        "Ada Lovelace",
        "assess",
        "--answers",
        &seen,
        "--date",
        "2025-03-10",
        "--rater",
        "coach",
    ]);
    let me = sandbox.json(&["history", "--format", "json"]);
    let ada = sandbox.json(&["--profile", "Ada Lovelace", "history", "--format", "json"]);
    assert_eq!(me.as_array().unwrap().len(), 1, "Me keeps its own history");
    let raters: Vec<&str> = ada
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["rater"].as_str().unwrap())
        .collect();
    assert_eq!(raters, ["self", "coach"]);
    assert!(ada
        .as_array()
        .unwrap()
        .iter()
        .all(|a| a["profile"] == "Ada Lovelace"));

    let output = sandbox.run(&["--profile", "Grace", "history"]);
    assert_refused(
        &output,
        "unknown profile",
        &["no profile named `Grace`", "`Me`", "`Ada Lovelace`"],
    );
    for (args, needle) in [
        (vec!["profile", "add", "ME"], "already exists"),
        (vec!["profile", "add", "   "], "1 to 80 characters"),
        (vec!["profile", "add", "tab\there"], "control characters"),
        (
            vec!["profile", "cadence", "Me", "3"],
            "3 days is out of range",
        ),
    ] {
        assert_refused(&sandbox.run(&args), &format!("{args:?}"), &[needle]);
    }

    sandbox.ok(&["profile", "rename", "Ada Lovelace", "Ada"]);
    sandbox.ok(&["profile", "cadence", "Ada", "14"]);
    sandbox.ok(&["profile", "archive", "Me"]);
    let listed = sandbox.json(&["profile", "list", "--json"]);
    let names: Vec<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Ada"], "archived profiles leave the list");
    assert_eq!(listed[0]["cadence_days"], 14);
    // With Me archived, Ada is the default profile.
    assert_eq!(
        sandbox
            .json(&["history", "--format", "json"])
            .as_array()
            .unwrap()
            .len(),
        2
    );
    let output = sandbox.run(&["profile", "archive", "Ada"]);
    assert_refused(&output, "last active", &["only active profile"]);
    sandbox.ok(&["profile", "restore", "Me"]);
    let all = sandbox.json(&["profile", "list", "--json", "--all"]);
    assert_eq!(all.as_array().unwrap().len(), 2);
}

#[test]
fn reviews_belong_to_the_leaders_own_assessments() {
    let (sandbox, _) = assessed_sandbox();
    let ids = action_ids(&sandbox);
    sandbox.ok(&["commit", &ids[0]]);
    // A coach's assessment neither needs nor takes reviews; the commitment stays open.
    let answers = Answers::varied(3)
        .for_others()
        .write(&sandbox.path("seen.json"));
    sandbox.ok(&[
        "assess",
        "--answers",
        &answers,
        "--rater",
        "coach",
        "--date",
        "2025-04-01",
    ]);
    let reviews = sandbox.write_json("r.json", &json!({ ids[0].clone(): {"status": "done"} }));
    let output = sandbox.run(&[
        "assess",
        "--answers",
        &answers,
        "--rater",
        "peer",
        "--reviews",
        &reviews,
        "--date",
        "2025-04-02",
    ]);
    assert_refused(&output, "peer with reviews", &["leader's own assessment"]);
    assert_eq!(
        sandbox
            .json(&["commitments", "--json"])
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn answer_sheets_travel_between_two_bearings() {
    let leader = Sandbox::new();
    let coach = Sandbox::new();
    let answers = Answers::toward(Quadrant::GlorifiedManager)
        .for_others()
        .write(&coach.path("mine.json"));
    let own = Answers::toward(Quadrant::ImpactGalore).write(&leader.path("own.json"));
    leader.ok(&["profile", "add", "Ada"]);
    leader.ok(&[
        "--profile",
        "Ada",
        "assess",
        "--answers",
        &own,
        "--date",
        "2025-05-02",
    ]);
    let blank = leader.path("sheet.json");
    leader.ok(&[
        "--profile",
        "Ada",
        "sheet",
        "--rater",
        "coach",
        "--out",
        blank.to_str().unwrap(),
    ]);
    let sheet: Value = serde_json::from_str(&fs::read_to_string(&blank).unwrap()).unwrap();
    assert_eq!(sheet["profile"], "Ada");
    assert!(
        sheet["statements"][0]["text"]
            .as_str()
            .unwrap()
            .contains("they"),
        "{}",
        sheet["statements"][0]
    );

    // The coach fills it in with their own Bearing: no database is needed or created there.
    let received = coach.path("sheet.json");
    fs::copy(&blank, &received).unwrap();
    let filled = coach.path("filled.json");
    coach.ok(&[
        "rate",
        received.to_str().unwrap(),
        "--answers",
        &answers,
        "--date",
        "2025-05-01",
        "--out",
        filled.to_str().unwrap(),
    ]);
    assert!(
        !coach.db().exists(),
        "rating needs no database of one's own"
    );

    // Back at the leader's: refused sheets change nothing, a good one lands on Ada once.
    let filled_text = fs::read_to_string(&filled).unwrap();
    let doc: Value = serde_json::from_str(&filled_text).unwrap();
    let mut cases: Vec<(&str, Value, &str)> = Vec::new();
    let mut tampered = doc.clone();
    let first = sheet["statements"][0]["id"].as_str().unwrap();
    tampered["answers"][first] = json!(9);
    cases.push(("out of range", tampered, "has value 9"));
    // A statement only the leader can see, answered by the coach.
    let hidden = leader.questionnaire()["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["observable"] == false)
        .map(|i| i["id"].as_str().unwrap().to_string())
        .unwrap();
    let mut unseen = doc.clone();
    unseen["answers"][hidden.as_str()] = json!(4);
    cases.push(("unobservable answered", unseen, "is not on this sheet"));
    let mut wrong_person = doc.clone();
    wrong_person["profile"] = json!("Grace");
    cases.push((
        "wrong profile",
        wrong_person,
        "`Grace`, who is not a profile",
    ));
    let mut unknown = doc.clone();
    unknown["questionnaire"] = json!("v9");
    cases.push(("unknown version", unknown, "questionnaire `v9`"));
    let mut newer = doc.clone();
    newer["version"] = json!(3);
    cases.push(("newer format", newer, "version 3 is not supported"));
    cases.push(("not filled in", sheet.clone(), "no answer"));
    for (name, content, needle) in cases {
        let file = leader.write_json(&format!("{}.json", name.replace(' ', "-")), &content);
        let before = snapshot(leader.root());
        assert_refused(&leader.run(&["import-sheet", &file]), name, &[needle]);
        assert_eq!(snapshot(leader.root()), before, "{name}: nothing written");
    }
    let filled_path = leader.path("filled.json");
    fs::write(&filled_path, &filled_text).unwrap();
    let saved = leader.json(&["import-sheet", filled_path.to_str().unwrap()]);
    assert_eq!(
        (saved["rater"].as_str(), saved["profile"].as_str()),
        (Some("coach"), Some("Ada"))
    );
    assert_eq!(saved["date"], "2025-05-01");
    let before = snapshot(leader.root());
    assert_refused(
        &leader.run(&["import-sheet", filled_path.to_str().unwrap()]),
        "twice",
        &["imported already"],
    );
    assert_eq!(snapshot(leader.root()), before);
    let history = leader.json(&["--profile", "Ada", "history", "--format", "json"]);
    let raters: Vec<&str> = history
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["rater"].as_str().unwrap())
        .collect();
    assert_eq!(raters, ["coach", "self"], "oldest first");
    assert_refused(
        &leader.run(&["sheet", "--rater", "self", "--out", "x.json"]),
        "self sheet",
        &["coach, manager or peer"],
    );
}

#[test]
fn refused_profile_changes_and_sheets_create_or_overwrite_nothing() {
    let sandbox = Sandbox::new();
    for (args, needle) in [
        (vec!["profile", "add", ""], "1 to 80 characters"),
        (
            vec!["profile", "cadence", "Me", "400"],
            "400 days is out of range",
        ),
    ] {
        assert_refused(&sandbox.run(&args), &format!("{args:?}"), &[needle]);
        assert!(!sandbox.db().exists(), "{args:?} created the database");
    }
    let answers = Answers::toward(Quadrant::ImpactGalore).write(&sandbox.path("a.json"));
    sandbox.ok(&["assess", "--answers", &answers]);
    let db = sandbox.db();
    let before = fs::read(&db).unwrap();
    let output = sandbox.run(&["sheet", "--rater", "peer", "--out", db.to_str().unwrap()]);
    assert_refused(&output, "sheet over the database", &["json"]);
    let json_db = sandbox.path("data.json");
    fs::copy(&db, &json_db).unwrap();
    let output = sandbox
        .command_on(
            &json_db,
            &[
                "sheet",
                "--rater",
                "peer",
                "--out",
                json_db.to_str().unwrap(),
            ],
        )
        .output()
        .unwrap();
    assert_refused(
        &output,
        "sheet over a .json database",
        &["Bearing's own database"],
    );
    assert_eq!(fs::read(&db).unwrap(), before);
}
