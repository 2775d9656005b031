//! Exchange folders with two real databases and one folder, as a sync engine would leave it:
//! interleaved changes, late, duplicated, truncated and conflict-copied files, temporary files,
//! people renamed on both sides, and a deletion. Both sides must end with the same history, with
//! nothing lost or doubled, and no file of the folder deleted or rewritten.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::support::{stdout_of, Answers, Sandbox};

struct Side {
    db: PathBuf,
    person: &'static str,
}

fn ok(sandbox: &Sandbox, db: &Path, args: &[&str]) -> String {
    stdout_of(sandbox.run_on(db, args), args)
}

fn assess(sandbox: &Sandbox, side: &Side, rater: &str, seed: usize, date: &str) {
    let answers = sandbox.path(format!("answers-{seed}.json"));
    Answers::varied(seed)
        .with("note", format!("Secret note {seed}"))
        .write(&answers);
    let mut args = vec![
        "--profile",
        side.person,
        "assess",
        "--answers",
        answers.to_str().unwrap(),
        "--date",
        date,
    ];
    if rater != "self" {
        args.extend(["--rater", rater]);
        // Notes are the leader's own, and another rater answers only what they can see.
        Answers::varied(seed).for_others().write(&answers);
    }
    ok(sandbox, &side.db, &args);
}

fn sync(sandbox: &Sandbox, side: &Side) -> String {
    ok(sandbox, &side.db, &["exchange", "sync"])
}

/// What both sides must agree on: (date, rater, focus, autonomy) of every assessment of the
/// linked person that travels (peers' and direct reports' stay where they were answered).
fn travelling(sandbox: &Sandbox, side: &Side) -> Vec<(String, String, String)> {
    let out = ok(
        sandbox,
        &side.db,
        &["--profile", side.person, "history", "--format", "json"],
    );
    let mut list: Vec<(String, String, String)> = serde_json::from_str::<Value>(&out)
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| !matches!(a["rater"].as_str(), Some("peer" | "direct-report")))
        .map(|a| {
            (
                a["date"].as_str().unwrap().to_string(),
                a["rater"].as_str().unwrap().to_string(),
                format!("{} {}", a["focus"], a["autonomy"]),
            )
        })
        .collect();
    list.sort();
    list
}

fn folder_files(folder: &Path) -> BTreeMap<String, Vec<u8>> {
    fs::read_dir(folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                fs::read(&p).unwrap(),
            )
        })
        .collect()
}

/// Nothing that was in the folder before is gone or changed.
fn assert_kept(before: &BTreeMap<String, Vec<u8>>, folder: &Path) {
    let now = folder_files(folder);
    for (name, bytes) in before {
        assert_eq!(
            now.get(name),
            Some(bytes),
            "{name} was deleted or rewritten"
        );
    }
}

/// A leader ("Grace", their own Bearing) and their coach (whose Bearing has its own "Me" and
/// "Ada" for her), linked through one folder.
fn pair(sandbox: &Sandbox) -> (Side, Side, PathBuf) {
    let folder = sandbox.path("shared");
    fs::create_dir(&folder).unwrap();
    for name in ["leader", "coach"] {
        fs::create_dir(sandbox.path(name)).unwrap();
    }
    let leader = Side {
        db: sandbox.path("leader/bearing.db"),
        person: "Grace",
    };
    let coach = Side {
        db: sandbox.path("coach/bearing.db"),
        person: "Ada",
    };
    ok(sandbox, &leader.db, &["profile", "rename", "Me", "Grace"]);
    ok(sandbox, &coach.db, &["profile", "add", "Ada"]);
    let key = |side: &Side| {
        ok(sandbox, &side.db, &["exchange", "key"])
            .trim()
            .to_string()
    };
    let (leader_key, coach_key) = (key(&leader), key(&coach));
    let dir = folder.to_str().unwrap();
    ok(
        sandbox,
        &leader.db,
        &[
            "exchange",
            "link",
            "Grace",
            "--folder",
            dir,
            "--recipient",
            &coach_key,
        ],
    );
    ok(
        sandbox,
        &coach.db,
        &[
            "exchange",
            "link",
            "Ada",
            "--folder",
            dir,
            "--recipient",
            &leader_key,
        ],
    );
    (leader, coach, folder)
}

#[test]
fn two_bearings_converge_through_one_folder_whatever_the_sync_engine_leaves_there() {
    let sandbox = Sandbox::new();
    let (leader, coach, folder) = pair(&sandbox);
    assess(&sandbox, &leader, "self", 1, "2026-01-31");
    assess(&sandbox, &leader, "self", 2, "2026-02-28");
    assess(&sandbox, &coach, "coach", 3, "2026-02-20");
    assess(&sandbox, &coach, "peer", 4, "2026-02-21");

    // Interleaved: each side writes before it has read the other.
    let said = sync(&sandbox, &leader);
    assert!(
        said.contains("0 files in") && said.contains("wrote "),
        "{said}"
    );
    let said = sync(&sandbox, &coach);
    assert!(said.contains("1 file in (2 assessments added"), "{said}");
    let said = sync(&sandbox, &leader);
    assert!(said.contains("1 file in (1 assessment added"), "{said}");
    sync(&sandbox, &coach);
    assert_eq!(travelling(&sandbox, &leader), travelling(&sandbox, &coach));
    assert_eq!(
        travelling(&sandbox, &leader).len(),
        3,
        "the peer's sheet stays"
    );
    // Quiet now: a pass with nothing new writes nothing.
    let files = folder_files(&folder);
    for side in [&leader, &coach] {
        let said = sync(&sandbox, side);
        assert!(said.contains("nothing new to write"), "{said}");
    }
    assert_eq!(folder_files(&folder), files);
    // No name, note, statement id or date can be read in the folder.
    let statement = sandbox.questionnaire()["items"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    for (name, bytes) in &files {
        let text = String::from_utf8_lossy(bytes);
        for secret in ["Grace", "Ada", "Secret note", "2026-", statement.as_str()] {
            assert!(
                !text.contains(secret) && !name.contains(secret),
                "{name}: {secret}"
            );
        }
    }

    // What a sync engine leaves behind: conflict copies and duplicates of real files, its
    // partial and temporary files, an editor's lock file, and a file cut short.
    let (first, bytes) = files.iter().next().unwrap();
    let stem = first.trim_end_matches(".age");
    let leftovers: Vec<(String, Vec<u8>)> = vec![
        (
            format!("{stem}.sync-conflict-20260301-101010-ABCDEFG.age"),
            bytes.clone(),
        ),
        (
            format!("{stem} (conflicted copy 2026-03-01).age"),
            bytes.clone(),
        ),
        (format!("copy of {first}"), bytes.clone()),
        (
            format!(".syncthing.{first}.tmp"),
            bytes[..bytes.len() / 2].to_vec(),
        ),
        (format!("~{first}"), b"lock".to_vec()),
        (format!("{first}.part"), bytes[..10].to_vec()),
        ("cut-short.age".into(), bytes[..bytes.len() - 30].to_vec()),
    ];
    for (name, content) in &leftovers {
        fs::write(folder.join(name), content).unwrap();
    }
    let before = folder_files(&folder);
    for side in [&coach, &leader] {
        let said = sync(&sandbox, side);
        assert!(said.contains("0 assessments added, 0 deleted"), "{said}");
        assert!(said.contains("cut-short.age: is incomplete"), "{said}");
        for ignored in [".syncthing.", "~", ".part"] {
            assert!(!said.contains(ignored), "{ignored} is not read: {said}");
        }
    }
    assert_eq!(travelling(&sandbox, &leader), travelling(&sandbox, &coach));
    assert_kept(&before, &folder);

    // Both sides change at once, and both rename the person.
    assess(&sandbox, &leader, "self", 5, "2026-03-31");
    assess(&sandbox, &coach, "coach", 6, "2026-03-30");
    ok(
        &sandbox,
        &leader.db,
        &["profile", "rename", "Grace", "Grace Hopper"],
    );
    ok(&sandbox, &coach.db, &["profile", "rename", "Ada", "Ada L."]);
    let leader = Side {
        person: "Grace Hopper",
        ..leader
    };
    let coach = Side {
        person: "Ada L.",
        ..coach
    };
    let before = folder_files(&folder);
    for side in [&leader, &coach, &leader, &coach] {
        sync(&sandbox, side);
    }
    assert_kept(&before, &folder);
    assert_eq!(travelling(&sandbox, &leader), travelling(&sandbox, &coach));
    assert_eq!(travelling(&sandbox, &leader).len(), 5);
    let names = |side: &Side| -> String { ok(&sandbox, &side.db, &["profile", "list"]) };
    assert!(!names(&leader).contains("Ada"), "{}", names(&leader));
    assert_eq!(
        names(&coach).lines().count(),
        2,
        "still Me and Ada: {}",
        names(&coach)
    );
}

#[test]
fn a_deletion_travels_as_a_tombstone_and_a_late_file_does_not_bring_it_back() {
    let sandbox = Sandbox::new();
    let (leader, coach, folder) = pair(&sandbox);
    assess(&sandbox, &leader, "self", 1, "2026-01-31");
    sync(&sandbox, &leader);
    sync(&sandbox, &coach);
    // The leader adds a month; its file is held up on the way (kept aside).
    assess(&sandbox, &leader, "self", 2, "2026-02-28");
    let before = folder_files(&folder);
    sync(&sandbox, &leader);
    let late: Vec<(String, Vec<u8>)> = folder_files(&folder)
        .into_iter()
        .filter(|(name, _)| !before.contains_key(name))
        .collect();
    assert_eq!(late.len(), 1);
    let aside = sandbox.path("held-up");
    fs::create_dir(&aside).unwrap();
    fs::rename(folder.join(&late[0].0), aside.join(&late[0].0)).unwrap();

    // Then deletes it again; that file arrives first.
    let out = ok(
        &sandbox,
        &leader.db,
        &["--profile", "Grace", "history", "--format", "json"],
    );
    let list: Value = serde_json::from_str(&out).unwrap();
    let newest = list.as_array().unwrap().last().unwrap()["id"]
        .as_i64()
        .unwrap();
    let mut storage = bearing_lib::storage::Storage::open(&leader.db).unwrap();
    bearing_lib::ops::delete_assessment(&mut storage, newest).unwrap();
    drop(storage);
    sync(&sandbox, &leader);
    sync(&sandbox, &coach);
    assert_eq!(travelling(&sandbox, &coach).len(), 1);
    // The held-up file arrives at last: it still holds the deleted month, which stays deleted.
    fs::rename(aside.join(&late[0].0), folder.join(&late[0].0)).unwrap();
    let said = sync(&sandbox, &coach);
    assert!(said.contains("1 file in (0 assessments added"), "{said}");
    assert_eq!(travelling(&sandbox, &coach), travelling(&sandbox, &leader));
    assert_eq!(travelling(&sandbox, &coach).len(), 1);

    // The coach deletes the first month; the leader's copy goes too.
    let out = ok(
        &sandbox,
        &coach.db,
        &["--profile", "Ada", "history", "--format", "json"],
    );
    let list: Value = serde_json::from_str(&out).unwrap();
    let first = list.as_array().unwrap()[0]["id"].as_i64().unwrap();
    let mut storage = bearing_lib::storage::Storage::open(&coach.db).unwrap();
    bearing_lib::ops::delete_assessment(&mut storage, first).unwrap();
    drop(storage);
    sync(&sandbox, &coach);
    let said = sync(&sandbox, &leader);
    assert!(said.contains("1 deleted"), "{said}");
    assert!(travelling(&sandbox, &leader).is_empty());
    assert!(travelling(&sandbox, &coach).is_empty());
}

#[test]
fn linking_checks_the_person_the_folder_and_the_key_before_writing() {
    let sandbox = Sandbox::new();
    let db = sandbox.db();
    let folder = sandbox.path("shared");
    fs::create_dir(&folder).unwrap();
    let other = sandbox.path("other.db");
    let key = ok(&sandbox, &other, &["exchange", "key"])
        .trim()
        .to_string();
    let own = ok(&sandbox, &db, &["exchange", "key"]).trim().to_string();
    let dir = folder.to_str().unwrap();
    let refused = |args: &[&str], expected: &str| {
        let before = crate::support::snapshot(sandbox.root());
        let out = sandbox.run_on(&db, args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let message = String::from_utf8(out.stderr).unwrap();
        assert!(message.contains(expected), "{args:?}: {message}");
        assert_eq!(crate::support::snapshot(sandbox.root()), before, "{args:?}");
    };
    refused(
        &[
            "exchange",
            "link",
            "Nobody",
            "--folder",
            dir,
            "--recipient",
            &key,
        ],
        "no profile named `Nobody`",
    );
    refused(
        &[
            "exchange",
            "link",
            "Me",
            "--folder",
            "nowhere",
            "--recipient",
            &key,
        ],
        "is not a folder that exists",
    );
    refused(
        &[
            "exchange",
            "link",
            "Me",
            "--folder",
            ".",
            "--recipient",
            &key,
        ],
        "holds this Bearing's database",
    );
    refused(
        &[
            "exchange",
            "link",
            "Me",
            "--folder",
            dir,
            "--recipient",
            "age1nope",
        ],
        "is not another Bearing's key",
    );
    refused(
        &[
            "exchange",
            "link",
            "Me",
            "--folder",
            dir,
            "--recipient",
            &own,
        ],
        "this Bearing's own key",
    );
    refused(&["exchange", "unlink", "Me"], "is not linked");
    ok(
        &sandbox,
        &db,
        &[
            "exchange",
            "link",
            "Me",
            "--folder",
            dir,
            "--recipient",
            &key,
        ],
    );
    refused(
        &[
            "exchange",
            "link",
            "Me",
            "--folder",
            dir,
            "--recipient",
            &key,
        ],
        "linked to an exchange folder already",
    );
    let status: Value =
        serde_json::from_str(&ok(&sandbox, &db, &["exchange", "status", "--json"])).unwrap();
    assert_eq!(status[0]["person"], "Me");
    assert_eq!(status[0]["recipient"], Value::String(key.clone()));
    let said = ok(&sandbox, &db, &["exchange", "unlink", "Me"]);
    assert!(said.contains("no longer linked"), "{said}");
    assert!(ok(&sandbox, &db, &["exchange", "status"]).contains("No one is linked"));
}
