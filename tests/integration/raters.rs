//! Who said what: other raters' sheets are theirs (never the leader's), changes are computed only
//! within one rater, and peers and direct reports are seen only as groups of at least three.

use std::fs;

use serde_json::Value;

use crate::support::{Answers, Sandbox};

/// Writes a blank sheet about Ada for `rater`, fills it in as someone else's Bearing does (with
/// `varied` answers shifted by `shift`, and `name` when given) and imports it; returns what the
/// import printed.
fn sheet_round(leader: &Sandbox, rater: &str, shift: usize, name: Option<&str>) -> Value {
    let n = fs::read_dir(leader.root()).unwrap().count();
    let blank = leader.path(format!("blank-{n}.json"));
    let filled = leader.path(format!("filled-{n}.json"));
    leader.ok(&[
        "--profile",
        "Ada",
        "sheet",
        "--rater",
        rater,
        "--out",
        blank.to_str().unwrap(),
    ]);
    let answers = Answers::varied(shift)
        .for_others()
        .write(&leader.path(format!("answers-{n}.json")));
    let mut rate = vec![
        "rate",
        blank.to_str().unwrap(),
        "--answers",
        &answers,
        "--date",
        "2025-05-03",
        "--out",
        filled.to_str().unwrap(),
    ];
    if let Some(name) = name {
        rate.extend(["--name", name]);
    }
    leader.ok(&rate);
    leader.json(&["import-sheet", filled.to_str().unwrap()])
}

/// A leader, Ada, with one assessment of her own.
fn leader() -> Sandbox {
    let leader = Sandbox::new();
    leader.ok(&["profile", "add", "Ada"]);
    let own = Answers::varied(0).write(&leader.path("own.json"));
    leader.ok(&[
        "--profile",
        "Ada",
        "assess",
        "--answers",
        &own,
        "--date",
        "2025-05-02",
    ]);
    leader
}

fn own_record(leader: &Sandbox) -> Value {
    let history = leader.json(&["--profile", "Ada", "history", "--format", "json"]);
    history
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["rater"] == "self")
        .cloned()
        .unwrap()
}

#[test]
fn two_peers_are_two_raters_and_no_group_until_a_third_answers() {
    let leader = leader();
    let before = own_record(&leader);

    for shift in [1, 2] {
        let imported = sheet_round(&leader, "peer", shift, None);
        assert_eq!(imported["what_moved"], Value::Null, "{imported}");
        assert_eq!(imported["group"]["needed"], 3 - shift, "{imported}");
        assert_eq!(imported["group"]["view"], Value::Null, "{imported}");
        let text = imported.to_string();
        assert!(!text.contains("answers\""), "no answers: {text}");
        assert!(!text.contains("In the past month I"), "{text}");
    }

    // The history says who answered and shows nothing of the two sheets.
    let table = leader.ok(&["--profile", "Ada", "history"]);
    assert!(table.contains("You"), "{table}");
    assert!(table.contains("Peers (2)"), "{table}");
    assert!(table.contains("1 more needed"), "{table}");
    let csv = leader.ok(&["--profile", "Ada", "history", "--format", "csv"]);
    assert_eq!(
        csv.lines().count(),
        2,
        "a header and the leader's row: {csv}"
    );
    assert!(!csv.contains(",peer,"), "{csv}");

    // The full records keep who answered: two peers, two ids.
    let records = leader.json(&["--profile", "Ada", "history", "--format", "json"]);
    let records = records.as_array().unwrap();
    let peers: Vec<&Value> = records.iter().filter(|r| r["rater"] == "peer").collect();
    assert_eq!(peers.len(), 2);
    assert!(peers.iter().all(|p| p["rater_id"].is_string()));
    assert_ne!(peers[0]["rater_id"], peers[1]["rater_id"]);
    assert!(peers.iter().all(|p| p["rater_name"].is_null()));
    assert_eq!(own_record(&leader)["rater_id"], Value::Null);

    let seen = leader.json(&["--profile", "Ada", "perceptions", "--json"]);
    assert_eq!(
        seen["pairs"],
        serde_json::json!([]),
        "peers are never paired one by one"
    );
    assert_eq!(seen["groups"][0]["raters"], 2);
    assert_eq!(seen["groups"][0]["needed"], 1);
    assert_eq!(seen["groups"][0]["view"], Value::Null);
    assert_eq!(seen["groups"][0]["gap"], Value::Null);
    let words = leader.ok(&["--profile", "Ada", "perceptions"]);
    assert!(words.contains("1 more needed"), "{words}");

    // A third peer makes the group appear, pooled.
    sheet_round(&leader, "peer", 3, None);
    let seen = leader.json(&["--profile", "Ada", "perceptions", "--json"]);
    let group = &seen["groups"][0];
    assert_eq!(group["raters"], 3);
    assert!(group["view"]["focus"].is_f64(), "{group}");
    assert!(group["view"]["focus_spread"].is_f64(), "{group}");
    assert!(group["gap"]["focus"]["gap"].is_f64(), "{group}");
    let table = leader.ok(&["--profile", "Ada", "history"]);
    assert!(
        table.contains("Peers (3)") && !table.contains("more needed"),
        "{table}"
    );
    let csv = leader.ok(&["--profile", "Ada", "history", "--format", "csv"]);
    assert!(csv.contains(",peer,Peers (3),"), "the group's row: {csv}");
    assert_eq!(csv.lines().count(), 3, "{csv}");

    // The leader's own result is unchanged by all of it.
    assert_eq!(own_record(&leader), before);
}

#[test]
fn a_coach_is_compared_only_with_the_same_coach_and_speaks_in_the_third_person() {
    let leader = leader();
    let first = sheet_round(&leader, "coach", 1, Some("Sam Lee"));
    assert_eq!(first["view"]["who"], "Coach · Sam Lee");
    assert_eq!(first["view"]["own"], false);
    assert_eq!(first["what_moved"], Value::Null);
    assert_eq!(
        first["suggestions"],
        serde_json::json!([]),
        "suggestions are the leader's own"
    );
    let text = first.to_string();
    assert!(!text.contains("In the past month I "), "{text}");
    assert!(!text.contains("you said"), "{text}");
    assert!(text.contains("they"), "{text}");

    // Another coach's first sheet is compared with no one's, even after Sam's.
    let other = sheet_round(&leader, "coach", 2, Some("Kim Park"));
    assert_eq!(other["what_moved"], Value::Null, "{other}");
    // Sam's second is compared with Sam's first.
    let again = sheet_round(&leader, "coach", 3, Some("sam lee"));
    assert_eq!(again["what_moved"]["previous_id"], first["id"], "{again}");

    let table = leader.ok(&["--profile", "Ada", "history"]);
    assert!(
        table.contains("Coach · Sam Lee") && table.contains("Coach · Kim Park"),
        "{table}"
    );
    let seen = leader.json(&["--profile", "Ada", "perceptions", "--json"]);
    let whos: Vec<&str> = seen["trends"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["who"].as_str().unwrap())
        .collect();
    assert_eq!(whos.len(), 2, "one trend per coach: {whos:?}");
}

#[test]
fn a_peer_gives_no_name_and_an_unnamed_leader_gets_no_sheet() {
    let leader = Sandbox::new();
    // The first person is still "Me": no sheet goes out with that name on it.
    let out = leader.run(&[
        "sheet",
        "--rater",
        "peer",
        "--out",
        leader.path("s.json").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("no name yet"), "{stderr}");
    assert!(!leader.path("s.json").exists());

    leader.ok(&["profile", "rename", "Me", "Ada"]);
    let blank = leader.path("s.json");
    leader.ok(&["sheet", "--rater", "peer", "--out", blank.to_str().unwrap()]);
    let answers = Answers::varied(1)
        .for_others()
        .write(&leader.path("a.json"));
    let filled = leader.path("f.json");
    let out = leader.run(&[
        "rate",
        blank.to_str().unwrap(),
        "--answers",
        &answers,
        "--name",
        "Pat",
        "--out",
        filled.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("anonymous"));
    assert!(!filled.exists(), "nothing written");
}

#[test]
fn one_peers_answers_are_never_opened_alone() {
    let leader = leader();
    let imported = sheet_round(&leader, "peer", 1, None);
    let id = imported["id"].as_i64().unwrap();
    let storage = bearing_lib::storage::Storage::open(&leader.db()).unwrap();
    let refused = bearing_lib::ops::assessment_report(&storage, id).unwrap_err();
    assert_eq!(refused.code(), "withheld");
    assert!(refused.to_string().contains("pooled"), "{refused}");
}

#[test]
fn a_version_1_sheet_still_imports_and_its_rater_gets_an_id() {
    let leader = leader();
    let blank = leader.path("blank.json");
    let filled = leader.path("filled.json");
    leader.ok(&[
        "--profile",
        "Ada",
        "sheet",
        "--rater",
        "manager",
        "--out",
        blank.to_str().unwrap(),
    ]);
    let answers = Answers::varied(2)
        .for_others()
        .write(&leader.path("answers.json"));
    leader.ok(&[
        "rate",
        blank.to_str().unwrap(),
        "--answers",
        &answers,
        "--date",
        "2025-05-03",
        "--out",
        filled.to_str().unwrap(),
    ]);
    // As a Bearing from before sheets named their rater wrote it.
    let mut old: Value = serde_json::from_str(&fs::read_to_string(&filled).unwrap()).unwrap();
    old["version"] = 1.into();
    let object = old.as_object_mut().unwrap();
    object.remove("rater_id");
    object.remove("rater_name");
    fs::write(&filled, old.to_string()).unwrap();
    let imported = leader.json(&["import-sheet", filled.to_str().unwrap()]);
    assert_eq!(imported["view"]["who"], "Manager", "{imported}");
    let records = leader.json(&["--profile", "Ada", "history", "--format", "json"]);
    let manager = records
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["rater"] == "manager")
        .unwrap();
    assert!(
        manager["rater_id"]
            .as_str()
            .is_some_and(|id| id.len() == 36),
        "{manager}"
    );
}

#[test]
fn undeleting_brings_back_who_answered_and_the_flags() {
    let leader = leader();
    sheet_round(&leader, "coach", 1, Some("Sam Lee"));
    let flat = Answers::all(3).write(&leader.path("flat.json"));
    let flagged = leader.json(&[
        "--profile",
        "Ada",
        "assess",
        "--answers",
        &flat,
        "--date",
        "2025-05-04",
    ]);
    assert_eq!(flagged["provisional"], true, "{flagged}");
    let mut storage = bearing_lib::storage::Storage::open(&leader.db()).unwrap();
    let profile = bearing_lib::ops::resolve_profile(&storage, Some("Ada")).unwrap();
    let before = storage.assessment_summaries(profile.id).unwrap();
    for a in &before {
        let tombstone = bearing_lib::ops::delete_assessment(&mut storage, a.id).unwrap();
        bearing_lib::ops::undelete_assessment(&mut storage, &tombstone).unwrap();
    }
    let after = storage.assessment_summaries(profile.id).unwrap();
    assert_eq!(after, before, "every assessment back as it was");
    assert!(after
        .iter()
        .any(|a| a.rater_name.as_deref() == Some("Sam Lee")));
    assert!(after.iter().any(|a| a.provisional && !a.flags.is_empty()));
}

#[test]
fn others_answer_only_what_they_can_see_and_cant_judge_leaves_a_statement_out() {
    let leader = leader();
    let q = leader.questionnaire();
    let items = q["items"].as_array().unwrap();
    let hidden = items
        .iter()
        .find(|i| i["observable"] == false)
        .and_then(|i| i["id"].as_str())
        .unwrap()
        .to_string();
    // A coach's answers to a statement about the leader's inner life are refused; nothing lands.
    let full = Answers::varied(1).write(&leader.path("full.json"));
    let before = crate::support::snapshot(leader.root());
    let out = leader.run(&[
        "--profile",
        "Ada",
        "assess",
        "--answers",
        &full,
        "--rater",
        "coach",
        "--date",
        "2025-05-03",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&hidden) && stderr.contains("null"),
        "{stderr}"
    );
    assert_eq!(
        crate::support::snapshot(leader.root()),
        before,
        "nothing written"
    );

    // With those left null, and one observable statement "can't judge", the coach's view is
    // scored from the rest.
    let observable = items
        .iter()
        .find(|i| i["observable"] == true)
        .and_then(|i| i["id"].as_str())
        .unwrap();
    let seen = Answers::varied(1)
        .for_others()
        .set(observable, Value::Null)
        .write(&leader.path("seen.json"));
    let saved = leader.json(&[
        "--profile",
        "Ada",
        "assess",
        "--answers",
        &seen,
        "--rater",
        "coach",
        "--date",
        "2025-05-03",
    ]);
    let answered = items.iter().filter(|i| i["observable"] == true).count() - 1;
    assert_eq!(saved["coverage"]["answered"], answered, "{saved}");
    assert_eq!(saved["coverage"]["total"], items.len());
}
