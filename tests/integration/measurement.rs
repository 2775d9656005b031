//! Measurement a coach can trust, through the operation layer and the command line: the headline's
//! certainty, flagged sheets staying provisional until confirmed, and the standard error's source
//! (prior, a caseload of 30 people, a leader's own series).

use chrono::{Duration, NaiveDate, Utc};
use serde_json::Value;

use bearing_lib::domain::{questionnaire, AnswerSheet, Quadrant};
use bearing_lib::ops::{self, Answered, When, Who};
use bearing_lib::storage::{Storage, DEFAULT_PROFILE_ID};

use crate::support::{sheet_with, Answers, Sandbox};

/// A value's JSON id (`"prior"`, `"caseload"` …).
fn id(value: impl serde::Serialize) -> String {
    serde_json::to_value(value)
        .unwrap()
        .as_str()
        .unwrap()
        .to_string()
}

fn day(n: i64) -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 1, 1).unwrap() + Duration::days(n)
}

fn save(storage: &mut Storage, profile: i64, sheet: &AnswerSheet, date: NaiveDate) -> i64 {
    let when = When {
        date: Some(date),
        today: day(4000),
        now: Utc::now(),
    };
    ops::assess(
        storage,
        Who::leader(profile),
        Answered::untimed(sheet),
        None,
        when,
        false,
    )
    .unwrap()
    .summary
    .id
}

/// A leader's sheet at a true position: each statement answered toward its loadings by `lean`
/// (−1…+1 per axis), rounded, with a deterministic wobble from `seed` so no two are alike.
fn leaning_sheet(focus: f64, autonomy: f64, seed: u64) -> AnswerSheet {
    sheet_with(|n, item| {
        let pull = item.focus * focus + item.autonomy * autonomy;
        let mix = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add((n as u64).wrapping_mul(1_442_695_040_888_963_407));
        let wobble = (mix >> 33) % 3;
        let value = 3.0 + 2.0 * pull + (wobble as f64 - 1.0) * 0.6;
        value.round().clamp(1.0, 5.0) as u8
    })
}

#[test]
fn a_sheet_of_all_threes_is_at_the_centre_and_names_no_quadrant() {
    let sandbox = Sandbox::new();
    let answers = Answers::all(3).write(&sandbox.path("threes.json"));
    let result = sandbox.json(&["score", "--answers", &answers]);
    assert_eq!(result["certainty"], "centre");
    assert_eq!(result["headline"]["quadrant"], Value::Null);
    let probabilities = result["quadrant_probabilities"].as_object().unwrap();
    assert_eq!(probabilities.len(), 4);
    for p in probabilities.values() {
        assert!(
            (p.as_f64().unwrap() - 0.25).abs() < 1e-9,
            "{probabilities:?}"
        );
    }
    let focus = &result["uncertainty"]["focus"];
    assert!(focus["low"].as_f64().unwrap() < 50.0 && focus["high"].as_f64().unwrap() > 50.0);
}

#[test]
fn a_sheet_of_all_fives_is_flagged_provisional_and_never_clear() {
    let sandbox = Sandbox::new();
    let answers = Answers::all(5).write(&sandbox.path("fives.json"));
    let result = sandbox.json(&["score", "--answers", &answers]);
    assert_eq!(result["provisional"], true);
    assert_ne!(result["certainty"], "clear");
    let flags: Vec<&str> = result["flags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["flag"].as_str().unwrap())
        .collect();
    assert!(
        flags.contains(&"straight-lining") && flags.contains(&"agreement-bias"),
        "{flags:?}"
    );
    // Saved, it stays provisional until the leader confirms it; then it counts.
    let saved = sandbox.json(&["assess", "--answers", &answers]);
    assert_eq!(saved["provisional"], true);
    let confirmed = sandbox.json(&["confirm"]);
    assert_eq!(confirmed["provisional"], false);
    assert_eq!(confirmed["confirmed"], true);
    let history = sandbox.json(&["history", "--format", "json"]);
    assert_eq!(history[0]["provisional"], false);
}

#[test]
fn a_clear_corner_is_clear_and_a_move_across_the_map_is_reliable() {
    let sandbox = Sandbox::new();
    let low = Answers::toward(Quadrant::LowEverything).write(&sandbox.path("low.json"));
    let high = Answers::toward(Quadrant::ImpactGalore).write(&sandbox.path("high.json"));
    let first = sandbox.json(&["assess", "--answers", &low, "--date", "2025-01-31"]);
    assert_eq!(first["certainty"], "clear");
    assert_eq!(first["headline"]["quadrant"], "low-everything");
    assert_eq!(first["what_moved"], Value::Null);
    let second = sandbox.json(&["assess", "--answers", &high, "--date", "2025-02-28"]);
    for axis in ["focus", "autonomy"] {
        let moved = &second["what_moved"][axis];
        assert_eq!(moved["verdict"], "reliable", "{moved}");
        assert_eq!(moved["sem_source"], "prior");
        assert!(moved["delta"].as_f64().unwrap() >= moved["reliable_from"].as_f64().unwrap());
    }
}

#[test]
fn a_provisional_assessment_is_left_out_of_what_moved() {
    let dir = tempfile::tempdir().unwrap();
    let mut storage = Storage::open(&dir.path().join("m.db")).unwrap();
    let q = questionnaire::current();
    let first = save(
        &mut storage,
        DEFAULT_PROFILE_ID,
        &leaning_sheet(0.6, 0.4, 1),
        day(0),
    );
    let all_fives = sheet_with(|_, _| 5);
    let flagged = save(&mut storage, DEFAULT_PROFILE_ID, &all_fives, day(30));
    let third = save(
        &mut storage,
        DEFAULT_PROFILE_ID,
        &leaning_sheet(0.6, 0.4, 2),
        day(60),
    );
    let report = ops::assessment_report(&storage, third).unwrap();
    let moved = report.report.what_moved.unwrap();
    assert_eq!(
        moved.previous_id, first,
        "the flagged one ({flagged}) is skipped"
    );
    // Once confirmed, it is the one compared with.
    ops::confirm_assessment(&mut storage, flagged).unwrap();
    let moved = ops::assessment_report(&storage, third)
        .unwrap()
        .report
        .what_moved
        .unwrap();
    assert_eq!(moved.previous_id, flagged);
    assert_eq!(q.version, report.assessment.summary.questionnaire);
}

#[test]
fn thirty_people_calibrate_the_standard_error_and_five_months_give_a_leaders_own() {
    let dir = tempfile::tempdir().unwrap();
    let mut storage = Storage::open(&dir.path().join("caseload.db")).unwrap();
    let before = ops::reliability(&storage, DEFAULT_PROFILE_ID).unwrap();
    assert_eq!(id(before.axes[0].source), "prior");
    assert_eq!(before.axes[0].alpha, None);
    // 34 people, one sheet each, spread over the map.
    let mut people = Vec::new();
    for n in 0..34_u64 {
        let profile = ops::add_profile(&mut storage, &format!("Leader {n}"), Utc::now()).unwrap();
        let f = ((n * 37) % 21) as f64 / 10.0 - 1.0;
        let a = ((n * 53) % 19) as f64 / 9.0 - 1.0;
        save(
            &mut storage,
            profile.id,
            &leaning_sheet(f * 0.8, a * 0.8, n),
            day(0),
        );
        people.push(profile.id);
    }
    let after = ops::reliability(&storage, DEFAULT_PROFILE_ID).unwrap();
    let focus = &after.axes[0];
    assert_eq!(id(focus.source), "caseload");
    assert!(focus.sheets >= 30, "{}", focus.sheets);
    let alpha = focus.alpha.unwrap();
    assert!(focus.alpha_low.unwrap() <= alpha && alpha <= focus.alpha_high.unwrap());
    assert!(!focus.items.is_empty() && focus.items.iter().all(|i| !i.text.is_empty()));
    // The caseload's SEM is the one a person's verdicts use ...
    let leader = people[0];
    let second = save(&mut storage, leader, &leaning_sheet(0.0, 0.0, 99), day(30));
    let moved = ops::assessment_report(&storage, second)
        .unwrap()
        .report
        .what_moved
        .unwrap();
    assert_eq!(id(moved.moved.focus.verdict.sem_source), "caseload");
    // ... until the leader has five usable assessments of their own.
    let mut last = second;
    for month in 2..5 {
        last = save(
            &mut storage,
            leader,
            &leaning_sheet(0.0, 0.1, 100 + month),
            day(30 * month as i64),
        );
    }
    let report = ops::assessment_report(&storage, last).unwrap().report;
    let moved = report.what_moved.unwrap();
    assert_eq!(id(moved.moved.focus.verdict.sem_source), "own-series");
    assert!(report.trend.is_some(), "five months give a trend");
    let own = ops::reliability(&storage, leader).unwrap().own_series;
    assert_eq!(own.assessments, 5);
    assert!(own.focus.is_some());
}

#[test]
fn a_provisional_self_assessment_is_compared_with_no_other_view_until_confirmed() {
    let dir = tempfile::tempdir().unwrap();
    let mut storage = Storage::open(&dir.path().join("p.db")).unwrap();
    let fives = sheet_with(|_, _| 5);
    let own = save(&mut storage, DEFAULT_PROFILE_ID, &fives, day(0));
    let when = When {
        date: Some(day(1)),
        today: day(4000),
        now: Utc::now(),
    };
    let coach = Who {
        profile: DEFAULT_PROFILE_ID,
        rater: bearing_lib::domain::Rater::Coach,
    };
    let sheet = leaning_sheet(0.5, 0.2, 7);
    // A coach answers only what they can see.
    let sheet = sheet.observable_part().unwrap_or(sheet);
    ops::assess(
        &mut storage,
        coach,
        Answered::untimed(&sheet),
        None,
        when,
        false,
    )
    .unwrap();
    let pairs = ops::perceptions(&storage, DEFAULT_PROFILE_ID)
        .unwrap()
        .pairs;
    assert!(
        pairs.is_empty(),
        "the leader's flagged sheet is not compared"
    );
    ops::confirm_assessment(&mut storage, own).unwrap();
    let pairs = ops::perceptions(&storage, DEFAULT_PROFILE_ID)
        .unwrap()
        .pairs;
    assert_eq!(pairs.len(), 1);
    assert_eq!(pairs[0].self_id, own);
    let gap = serde_json::to_value(pairs[0].verdicts).unwrap();
    assert!(gap["focus"]["verdict"].is_string(), "{gap}");
}
