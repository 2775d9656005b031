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

/// This database's key, as `bearing exchange key` prints it.
fn key_of(sandbox: &Sandbox, db: &Path) -> String {
    ok(sandbox, db, &["exchange", "key"]).trim().to_string()
}

/// Saves an assessment by another rater about `profile`.
fn assess_as(sandbox: &Sandbox, db: &Path, profile: &str, rater: &str, seed: usize, date: &str) {
    let answers = sandbox.path(format!("answers-{rater}-{seed}.json"));
    Answers::varied(seed).for_others().write(&answers);
    ok(
        sandbox,
        db,
        &[
            "--profile",
            profile,
            "assess",
            "--rater",
            rater,
            "--answers",
            answers.to_str().unwrap(),
            "--date",
            date,
        ],
    );
}

/// A leader named Grace Hopper with two own assessments (with notes), a coach's and a peer's.
fn grace(sandbox: &Sandbox) -> PathBuf {
    let db = leader(sandbox);
    ok(sandbox, &db, &["profile", "rename", "Me", "Grace Hopper"]);
    assess_as(sandbox, &db, "Grace Hopper", "coach", 11, "2026-02-20");
    assess_as(sandbox, &db, "Grace Hopper", "peer", 12, "2026-02-21");
    db
}

fn share(sandbox: &Sandbox, db: &Path, key: &str, file: &str, extra: &[&str]) -> (String, String) {
    let out = sandbox.path(file);
    let mut args = vec!["share", "--recipient", key, "--out", out.to_str().unwrap()];
    args.extend_from_slice(extra);
    let said = ok(sandbox, db, &args);
    (out.to_str().unwrap().to_string(), said)
}

#[test]
fn a_share_file_reveals_nothing_and_opens_only_in_the_bearing_it_was_encrypted_for() {
    let sandbox = Sandbox::new();
    let leader = grace(&sandbox);
    let coach = coach(&sandbox);
    let key = key_of(&sandbox, &coach);
    assert!(key.starts_with("age1") && key.len() == 62, "{key}");
    assert_eq!(key_of(&sandbox, &coach), key, "one key per database");
    assert_ne!(key_of(&sandbox, &leader), key);

    let (file, said) = share(&sandbox, &leader, &key, "grace.age", &[]);
    assert!(
        said.starts_with("Shared 3 assessments of Grace Hopper in "),
        "{said}"
    );
    assert!(said.contains("without notes"), "{said}");
    assert!(
        said.contains("1 assessment by peers or direct reports stays here"),
        "{said}"
    );
    let bytes = fs::read(&file).unwrap();
    assert!(bytes.starts_with(b"age-encryption.org/v1\n"));
    let text = String::from_utf8_lossy(&bytes);
    let statements: Vec<String> = sandbox.questionnaire()["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap().to_string())
        .collect();
    for secret in [
        "Grace",
        "Hopper",
        "Private note",
        "self",
        "coach",
        "peer",
        "2026-",
    ]
    .into_iter()
    .map(String::from)
    .chain(statements)
    {
        assert!(!text.contains(&secret), "the file shows `{secret}`");
    }

    // The coach's Bearing reads it: a person nobody there is called, so a new person.
    let said = import(&sandbox, &coach, &file, &[]);
    assert!(
        said.starts_with("Imported 3 assessments; 1 new profile."),
        "{said}"
    );
    let arrived = history(&sandbox, &coach, "Grace Hopper");
    let raters: Vec<&str> = arrived
        .iter()
        .map(|a| a["rater"].as_str().unwrap())
        .collect();
    assert_eq!(raters, ["self", "coach", "self"], "no peer's sheet leaves");
    let (_, everything) = {
        let out = sandbox.path("coach-all.json");
        ok(
            &sandbox,
            &coach,
            &["export", "--include-notes", "--out", out.to_str().unwrap()],
        );
        ((), fs::read_to_string(&out).unwrap())
    };
    // The coach's own assessment has a note of its own ("Private note 40"); the leader's stay.
    assert!(
        !everything.contains("Private note 1") && !everything.contains("Private note 2"),
        "notes stay behind"
    );
    let said = import(&sandbox, &coach, &file, &[]);
    assert!(
        said.starts_with("Imported 0 assessments; 3 already here"),
        "{said}"
    );

    // With notes when asked.
    let (with_notes, said) = share(
        &sandbox,
        &leader,
        &key,
        "grace-notes.age",
        &["--include-notes"],
    );
    assert!(said.contains("with notes"), "{said}");
    let other = database(&sandbox, "other-coach");
    let other_key = key_of(&sandbox, &other);
    let (for_other, _) = share(
        &sandbox,
        &leader,
        &other_key,
        "grace-other.age",
        &["--include-notes"],
    );
    import(&sandbox, &other, &for_other, &[]);
    let out = sandbox.path("other-all.json");
    ok(
        &sandbox,
        &other,
        &["export", "--include-notes", "--out", out.to_str().unwrap()],
    );
    assert!(fs::read_to_string(&out).unwrap().contains("Private note 1"));

    // Meant for someone else: the coach cannot read the other coach's file, nor can a Bearing
    // that never made a key; nothing is written.
    let before = snapshot(coach.parent().unwrap());
    let message = refused(&sandbox, &coach, &["import", &for_other]);
    assert!(
        message.contains("was encrypted for another Bearing"),
        "{message}"
    );
    assert!(message.contains("`bearing exchange key`"), "{message}");
    assert_eq!(snapshot(coach.parent().unwrap()), before);
    let keyless = database(&sandbox, "keyless");
    let keyless_before = snapshot(keyless.parent().unwrap());
    let message = refused(&sandbox, &keyless, &["import", &with_notes]);
    assert!(
        message.contains("was encrypted for another Bearing"),
        "{message}"
    );
    assert_eq!(snapshot(keyless.parent().unwrap()), keyless_before);
    drop(with_notes);
}

#[test]
fn a_tampered_or_truncated_share_file_or_a_bad_key_is_refused_and_nothing_is_written() {
    let sandbox = Sandbox::new();
    let leader = grace(&sandbox);
    let coach = coach(&sandbox);
    let key = key_of(&sandbox, &coach);
    let (file, _) = share(&sandbox, &leader, &key, "grace.age", &[]);
    let bytes = fs::read(&file).unwrap();
    let mut flipped = bytes.clone();
    let middle = flipped.len() * 2 / 3;
    flipped[middle] ^= 0x01;
    let mut header = bytes.clone();
    header[40] ^= 0x20;
    let cases = [
        ("flipped.age", flipped),
        ("header.age", header),
        ("truncated.age", bytes[..bytes.len() - 20].to_vec()),
        ("cut-short.age", bytes[..60].to_vec()),
    ];
    let before = snapshot(coach.parent().unwrap());
    for (name, content) in cases {
        let path = sandbox.path(name);
        fs::write(&path, content).unwrap();
        let message = refused(&sandbox, &coach, &["import", path.to_str().unwrap()]);
        assert!(
            message.contains(name) && message.contains("nothing was imported"),
            "{name}: {message}"
        );
        assert!(
            message.contains("damaged or was changed") || message.contains("another Bearing"),
            "{name}: {message}"
        );
        assert_eq!(snapshot(coach.parent().unwrap()), before, "{name}");
    }
    // A mistyped key, or a file name that is not a share file: refused before anything is made.
    for (recipient, out) in [
        (&key[..key.len() - 1], "short.age"),
        ("ssh-ed25519 AAAA", "ssh.age"),
        (key.as_str(), "grace.json"),
    ] {
        let out_path = sandbox.path(out);
        let message = refused(
            &sandbox,
            &leader,
            &[
                "share",
                "--recipient",
                recipient,
                "--out",
                out_path.to_str().unwrap(),
            ],
        );
        assert!(
            message.contains("not another Bearing's key") || message.contains("ending in .age"),
            "{message}"
        );
        assert!(!out_path.exists(), "{out}");
    }
}

#[test]
fn a_share_document_leaves_peers_out_and_keeps_each_review_on_the_assessment_that_made_it() {
    use bearing_lib::domain::{export::ExportDocument, growth, Rater};
    use bearing_lib::ops;
    use bearing_lib::storage::{Storage, DEFAULT_PROFILE_ID};

    let dir = tempfile::tempdir().unwrap();
    let mut storage = Storage::open(&dir.path().join("a.db")).unwrap();
    let now = chrono::Utc::now();
    let save = |storage: &mut Storage, rater: Rater, day: &str, shift: usize, reviews| {
        let sheet = crate::support::varied_sheet(shift);
        // Another rater answers only what they can see.
        let sheet = match rater {
            Rater::SelfRating => sheet,
            _ => sheet.observable_part().unwrap_or(sheet),
        };
        let when = ops::When {
            date: Some(day.parse().unwrap()),
            today: ops::today(),
            now,
        };
        let who = ops::Who {
            profile: DEFAULT_PROFILE_ID,
            rater,
        };
        ops::assess(
            storage,
            who,
            ops::Answered::untimed(&sheet),
            reviews,
            when,
            false,
        )
        .unwrap();
    };
    let action = growth::actions()[0].id.clone();
    save(&mut storage, Rater::SelfRating, "2026-01-31", 1, None);
    ops::commit(
        &mut storage,
        DEFAULT_PROFILE_ID,
        None,
        std::slice::from_ref(&action),
        now,
    )
    .unwrap();
    save(&mut storage, Rater::Peer, "2026-02-01", 2, None);
    save(&mut storage, Rater::DirectReport, "2026-02-02", 3, None);
    save(&mut storage, Rater::Coach, "2026-02-03", 4, None);
    save(
        &mut storage,
        Rater::SelfRating,
        "2026-02-28",
        5,
        Some(json!({ &action: {"status": "done"} })),
    );
    let person = ops::profile(&storage, DEFAULT_PROFILE_ID).unwrap();

    let (doc, withheld) = ops::share::share_document(&storage, &person, false, now).unwrap();
    assert_eq!(withheld, 2);
    let kept = &doc.profiles[0].assessments;
    let raters: Vec<Rater> = kept.iter().map(|a| a.rater).collect();
    assert_eq!(raters, [Rater::SelfRating, Rater::Coach, Rater::SelfRating]);
    let review = kept[0].commitments[0].review.as_ref().unwrap();
    assert_eq!(review.reviewed_in, 2, "still the assessment of 28 February");
    // What leaves is a valid export of its own: it reads back as it was written.
    let again = ExportDocument::parse(&serde_json::to_string(&doc).unwrap()).unwrap();
    assert_eq!(again, doc);
}
