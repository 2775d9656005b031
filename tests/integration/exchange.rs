//! Moving a history between two computers with `bearing export` and `bearing import`, as a
//! leader and their coach do: people are found by id or by a remembered link, never by name.

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::{json, Value};

use crate::support::{snapshot, stdout_of, Answers, Sandbox};

/// A database in a folder of its own, so a snapshot of the folder is the database and nothing
/// else of the test.
fn database(sandbox: &Sandbox, name: &str) -> PathBuf {
    let folder = sandbox.path(name);
    fs::create_dir_all(&folder).unwrap();
    let db = folder.join("bearing.db");
    // Made by its first use, with its first person, "Me".
    ok(sandbox, &db, &["profile", "list"]);
    db
}

fn ok(sandbox: &Sandbox, db: &Path, args: &[&str]) -> String {
    stdout_of(sandbox.run_on(db, args), args)
}

/// Runs a command that must be refused with exit status 1; returns its message.
fn refused(sandbox: &Sandbox, db: &Path, args: &[&str]) -> String {
    let out = sandbox.run_on(db, args);
    assert_eq!(
        out.status.code(),
        Some(1),
        "bearing {args:?} should have been refused; stdout: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    String::from_utf8(out.stderr).unwrap()
}

/// Saves an assessment (answers varying with `seed`) on `date` for `profile`.
fn assess(sandbox: &Sandbox, db: &Path, profile: &str, seed: usize, date: &str) -> Value {
    let answers = sandbox.path(format!("answers-{seed}.json"));
    Answers::varied(seed)
        .with("note", format!("Private note {seed}"))
        .write(&answers);
    let out = ok(
        sandbox,
        db,
        &[
            "--profile",
            profile,
            "assess",
            "--answers",
            answers.to_str().unwrap(),
            "--date",
            date,
        ],
    );
    serde_json::from_str(&out).unwrap()
}

fn history(sandbox: &Sandbox, db: &Path, profile: &str) -> Vec<Value> {
    let out = ok(
        sandbox,
        db,
        &["--profile", profile, "history", "--format", "json"],
    );
    serde_json::from_str::<Value>(&out)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

fn export(sandbox: &Sandbox, db: &Path, file: &str) -> (String, Value) {
    let out = sandbox.path(file);
    ok(sandbox, db, &["export", "--out", out.to_str().unwrap()]);
    let text = out.to_str().unwrap().to_string();
    (
        text,
        serde_json::from_slice(&fs::read(&out).unwrap()).unwrap(),
    )
}

fn import(sandbox: &Sandbox, db: &Path, file: &str, extra: &[&str]) -> String {
    let mut args = vec!["import", file];
    args.extend_from_slice(extra);
    ok(sandbox, db, &args)
}

fn profile_names(sandbox: &Sandbox, db: &Path) -> Vec<String> {
    let out = ok(sandbox, db, &["profile", "list", "--all", "--json"]);
    serde_json::from_str::<Value>(&out)
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap().to_string())
        .collect()
}

/// (date, focus, autonomy) of each assessment, to compare histories.
fn positions(list: &[Value]) -> Vec<(String, f64, f64)> {
    list.iter()
        .map(|a| {
            (
                a["date"].as_str().unwrap().to_string(),
                a["focus"].as_f64().unwrap(),
                a["autonomy"].as_f64().unwrap(),
            )
        })
        .collect()
}

/// The coach of the issue: their own "Me", with an assessment of their own, and "Ada".
fn coach(sandbox: &Sandbox) -> PathBuf {
    let db = database(sandbox, "coach");
    assess(sandbox, &db, "Me", 40, "2026-01-10");
    ok(sandbox, &db, &["profile", "add", "Ada"]);
    db
}

/// The leader's own Bearing, never renamed: its person is "Me" too.
fn leader(sandbox: &Sandbox) -> PathBuf {
    let db = database(sandbox, "leader");
    assess(sandbox, &db, "Me", 1, "2026-01-31");
    assess(sandbox, &db, "Me", 2, "2026-02-28");
    db
}

#[test]
fn a_leaders_export_goes_under_the_person_chosen_and_never_into_the_coachs_own_me() {
    let sandbox = Sandbox::new();
    let coach = coach(&sandbox);
    let leader = leader(&sandbox);
    let (file, doc) = export(&sandbox, &leader, "lead.json");
    let coach_me = history(&sandbox, &coach, "Me");

    // Both people are called "Me", but nothing says they are one: refused, the choices named.
    let before = snapshot(coach.parent().unwrap());
    let message = refused(&sandbox, &coach, &["import", &file]);
    for named in ["`Me`", "`Ada`", "--as", "--as-new", "nothing was imported"] {
        assert!(message.contains(named), "names {named}: {message}");
    }
    assert_eq!(snapshot(coach.parent().unwrap()), before, "nothing written");

    let said = import(&sandbox, &coach, &file, &["--as", "Ada"]);
    assert!(said.starts_with("Imported 2 assessments."), "{said}");
    assert!(said.contains("`Ada`, remembered"), "{said}");
    let leader_history = history(&sandbox, &leader, "Me");
    assert_eq!(
        positions(&history(&sandbox, &coach, "Ada")),
        positions(&leader_history)
    );
    assert_eq!(
        history(&sandbox, &coach, "Me"),
        coach_me,
        "the coach's own Me is untouched"
    );
    assert_eq!(profile_names(&sandbox, &coach), ["Me", "Ada"]);

    // The same file again adds nothing, and needs no choice: the link is remembered.
    let said = import(&sandbox, &coach, &file, &[]);
    assert!(
        said.starts_with("Imported 0 assessments; 2 already here, skipped."),
        "{said}"
    );
    assert!(said.contains("`Ada`, linked before"), "{said}");
    // Next month's export from the leader lands under Ada with only what is new.
    assess(&sandbox, &leader, "Me", 3, "2026-03-31");
    let (later, _) = export(&sandbox, &leader, "lead-march.json");
    let said = import(&sandbox, &coach, &later, &[]);
    assert!(
        said.starts_with("Imported 1 assessment; 2 already here, skipped."),
        "{said}"
    );
    assert_eq!(
        positions(&history(&sandbox, &coach, "Ada")),
        positions(&history(&sandbox, &leader, "Me"))
    );
    assert_eq!(history(&sandbox, &coach, "Me"), coach_me);

    // Ada keeps the coach's id for her; her assessments keep the ids they were made with.
    let (_, coach_doc) = export(&sandbox, &coach, "coach.json");
    let ada = &coach_doc["profiles"][1];
    assert_ne!(ada["id"], doc["profiles"][0]["id"]);
    let ids = |p: &Value| -> Vec<Value> {
        p["assessments"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["id"].clone())
            .collect()
    };
    assert_eq!(ids(ada)[..2], ids(&doc["profiles"][0])[..]);
}

#[test]
fn as_new_adds_a_person_whom_the_next_import_finds_by_id() {
    let sandbox = Sandbox::new();
    let coach = coach(&sandbox);
    let leader = leader(&sandbox);
    let (file, doc) = export(&sandbox, &leader, "lead.json");
    let said = import(&sandbox, &coach, &file, &["--as-new"]);
    assert!(said.contains("`Me (2)`, a new person"), "{said}");
    assert_eq!(profile_names(&sandbox, &coach), ["Me", "Ada", "Me (2)"]);
    assert_eq!(history(&sandbox, &coach, "Me (2)").len(), 2);
    let (_, coach_doc) = export(&sandbox, &coach, "coach.json");
    assert_eq!(coach_doc["profiles"][2]["id"], doc["profiles"][0]["id"]);

    let said = import(&sandbox, &coach, &file, &[]);
    assert!(said.contains("`Me (2)`, the same person"), "{said}");
    assert!(said.starts_with("Imported 0 assessments"), "{said}");
    assert_eq!(profile_names(&sandbox, &coach).len(), 3);
}

#[test]
fn a_person_whose_name_nobody_here_has_comes_in_as_a_new_person_with_their_id() {
    let sandbox = Sandbox::new();
    let coach = coach(&sandbox);
    let leader = leader(&sandbox);
    ok(&sandbox, &leader, &["profile", "rename", "Me", "Grace"]);
    let (file, doc) = export(&sandbox, &leader, "grace.json");
    let said = import(&sandbox, &coach, &file, &[]);
    assert!(said.contains("`Grace`, a new person"), "{said}");
    let (_, coach_doc) = export(&sandbox, &coach, "coach.json");
    assert_eq!(coach_doc["profiles"][2]["id"], doc["profiles"][0]["id"]);
    // Renamed on either side, she is still found by her id.
    ok(
        &sandbox,
        &leader,
        &["profile", "rename", "Grace", "Grace Hopper"],
    );
    assess(&sandbox, &leader, "Grace Hopper", 5, "2026-03-31");
    let (later, _) = export(&sandbox, &leader, "grace-later.json");
    let said = import(&sandbox, &coach, &later, &[]);
    assert!(said.contains("`Grace`, the same person"), "{said}");
    assert_eq!(history(&sandbox, &coach, "Grace").len(), 3);
}

#[test]
fn a_choice_that_contradicts_what_is_known_or_names_nobody_is_refused_without_a_write() {
    let sandbox = Sandbox::new();
    let coach = coach(&sandbox);
    let leader = leader(&sandbox);
    let (file, _) = export(&sandbox, &leader, "lead.json");
    import(&sandbox, &coach, &file, &["--as", "Ada"]);
    let before = snapshot(coach.parent().unwrap());
    let message = refused(&sandbox, &coach, &["import", &file, "--as", "Me"]);
    assert!(message.contains("already `Ada` here"), "{message}");
    let message = refused(&sandbox, &coach, &["import", &file, "--as-new"]);
    assert!(message.contains("already `Ada` here"), "{message}");
    let message = refused(&sandbox, &coach, &["import", &file, "--as", "Nobody"]);
    assert!(message.contains("no profile named `Nobody`"), "{message}");
    ok(&sandbox, &coach, &["profile", "add", "Bo"]);
    ok(&sandbox, &coach, &["profile", "archive", "Bo"]);
    let before_bo = snapshot(coach.parent().unwrap());
    // Another leader, unknown here: an archived person cannot take her history.
    let other = database(&sandbox, "grace");
    assess(&sandbox, &other, "Me", 7, "2026-01-31");
    ok(&sandbox, &other, &["profile", "rename", "Me", "Grace"]);
    let (grace, _) = export(&sandbox, &other, "grace.json");
    let message = refused(&sandbox, &coach, &["import", &grace, "--as", "Bo"]);
    assert!(message.contains("archived"), "{message}");
    assert_eq!(snapshot(coach.parent().unwrap()), before_bo);
    assert_ne!(before, before_bo, "adding Bo was a write");
}

#[test]
fn a_version_1_export_still_imports_and_importing_it_twice_adds_nothing() {
    let sandbox = Sandbox::new();
    let coach = coach(&sandbox);
    let leader = leader(&sandbox);
    ok(&sandbox, &leader, &["profile", "rename", "Me", "Grace"]);
    let (_, mut doc) = export(&sandbox, &leader, "grace.json");
    // As version 1 wrote it: no ids.
    doc["version"] = json!(1);
    let profile = doc["profiles"][0].as_object_mut().unwrap();
    profile.remove("id");
    for a in profile["assessments"].as_array_mut().unwrap() {
        a.as_object_mut().unwrap().remove("id");
    }
    let old = sandbox.write_json("grace-v1.json", &doc);
    let said = import(&sandbox, &coach, &old, &[]);
    assert!(
        said.starts_with("Imported 2 assessments; 1 new profile."),
        "{said}"
    );
    let said = import(&sandbox, &coach, &old, &[]);
    assert!(
        said.starts_with("Imported 0 assessments; 2 already here, skipped."),
        "{said}"
    );
    assert!(said.contains("`Grace`, the same person"), "{said}");
    assert_eq!(profile_names(&sandbox, &coach), ["Me", "Ada", "Grace"]);
    // The leader's own version 2 export of the same assessments finds them by person, rater,
    // date and save time, once the leader is linked to Grace.
    let (file, _) = export(&sandbox, &leader, "grace-v2.json");
    let message = refused(&sandbox, &coach, &["import", &file]);
    assert!(message.contains("`Grace`"), "{message}");
    let said = import(&sandbox, &coach, &file, &["--as", "Grace"]);
    assert!(
        said.starts_with("Imported 0 assessments; 2 already here, skipped."),
        "{said}"
    );
}

#[test]
fn a_fresh_bearing_takes_an_export_as_its_own_history() {
    let sandbox = Sandbox::new();
    let leader = leader(&sandbox);
    let (file, doc) = export(&sandbox, &leader, "lead.json");
    let fresh = database(&sandbox, "fresh");
    ok(&sandbox, &fresh, &["profile", "list"]);
    let said = import(&sandbox, &fresh, &file, &[]);
    assert!(said.contains("`Me`, a new person"), "{said}");
    assert_eq!(profile_names(&sandbox, &fresh), ["Me"]);
    let (_, again) = export(&sandbox, &fresh, "again.json");
    assert_eq!(
        again["profiles"], doc["profiles"],
        "a restore keeps every id"
    );
}
