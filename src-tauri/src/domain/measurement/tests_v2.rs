//! Questionnaire v2 through measurement: "didn't come up", the SEM of fewer answers, the
//! `few-answers` flag, and the two sheets the v2 issue names (all 3s; 4 to every high-pole
//! statement and 3 to the rest).

use serde_json::{json, Map, Value};

use super::position::Certainty;
use super::quality::{QualityFlag, MIN_ANSWERED_PER_POLE};
use super::sem::{prior_sems, sems_for_sheet};
use super::{read_sheet, Reading};
use crate::domain::answers::{AnswerSheet, AnswersError};
use crate::domain::questionnaire::{v1, v2, Pole};
use crate::domain::scoring::{score, Axis};
use crate::domain::test_support::sheet_by_in;

/// The probability of the most probable quadrant.
fn top(r: &Reading) -> f64 {
    r.headline.probabilities[&r.headline.ranked[0]]
}

fn read(sheet: &AnswerSheet) -> Reading {
    read_sheet(sheet, &prior_sems(v2()).unwrap(), None)
}

/// A v2 sheet from `answer`, where `None` is "didn't come up".
fn v2_sheet(
    answer: impl Fn(&crate::domain::Item) -> Option<u8>,
) -> Result<AnswerSheet, AnswersError> {
    let answers: Map<String, Value> = v2()
        .items
        .iter()
        .map(|i| (i.id.clone(), json!(answer(i))))
        .collect();
    AnswerSheet::from_value(json!({"questionnaire": "v2", "answers": answers}))
}

#[test]
fn all_threes_on_v2_sit_exactly_at_the_centre() {
    let r = read(&sheet_by_in(v2(), |_| 3));
    let s = score(&sheet_by_in(v2(), |_| 3));
    assert_eq!((s.focus, s.autonomy), (50.0, 50.0));
    assert_eq!(r.headline.certainty, Certainty::Centre);
    assert_eq!(r.headline.quadrant, None);
}

#[test]
fn agreeing_a_little_with_every_high_pole_statement_is_no_confident_corner() {
    // v1's flaw: every high-pole statement was a virtue, so mild self-flattery drifted to Impact
    // Galore. On v2 the same pattern must not come out `clear` without a flag.
    let high = |i: &crate::domain::Item| {
        i.poles()
            .iter()
            .any(|p| matches!(p, Pole::FocusHigh | Pole::AutonomyHigh))
    };
    let sheet = sheet_by_in(v2(), |i| if high(i) { 4 } else { 3 });
    let r = read(&sheet);
    let s = score(&sheet);
    assert!(
        r.headline.certainty != Certainty::Clear || r.quality.provisional,
        "({}, {}) is {:?} and unflagged",
        s.focus,
        s.autonomy,
        r.headline.certainty
    );
    // The same pattern on v1 did land clear in a corner (the flaw the issue names).
    let old = sheet_by_in(v1(), |i| if high(i) { 4 } else { 3 });
    let old_reading = read_sheet(&old, &prior_sems(v1()).unwrap(), None);
    assert!(score(&old).focus > score(&sheet).focus);
    assert!(top(&old_reading) > top(&r));
}

#[test]
fn didnt_come_up_is_left_out_of_the_position() {
    let first_focus = v2().items.iter().find(|i| i.focus > 0.5).unwrap();
    let with_na = v2_sheet(|i| {
        if i.id == first_focus.id {
            None
        } else {
            Some(4)
        }
    })
    .unwrap();
    assert!(!with_na.is_complete());
    assert_eq!(with_na.answers().count(), v2().items.len() - 1);
    assert_eq!(
        with_na.unanswered().map(|i| &i.id).collect::<Vec<_>>(),
        vec![&first_focus.id]
    );
    // Left out, not scored as neutral: the axis weight drops by the statement's loading.
    let full = sheet_by_in(v2(), |_| 4);
    let drop = full.axis_weight(Axis::Focus) - with_na.axis_weight(Axis::Focus);
    assert!((drop - first_focus.focus.abs()).abs() < 1e-12);
    let neutral = sheet_by_in(v2(), |i| if i.id == first_focus.id { 3 } else { 4 });
    assert_ne!(score(&with_na).focus, score(&neutral).focus);
}

#[test]
fn v1_takes_no_null_and_an_axis_needs_one_answer() {
    let answers: Map<String, Value> = v1()
        .items
        .iter()
        .map(|i| (i.id.clone(), Value::Null))
        .collect();
    let err =
        AnswerSheet::from_value(json!({"questionnaire": "v1", "answers": answers})).unwrap_err();
    assert!(
        err.to_string()
            .ends_with("expected a whole number from 1 to 5"),
        "{err}"
    );
    let err = v2_sheet(|i| (i.autonomy == 0.0).then_some(3)).unwrap_err();
    assert_eq!(err, AnswersError::NothingOnAxis { axis: "autonomy" });
    assert!(err.to_string().contains("answer at least one"), "{err}");
    let err = v2_sheet(|_| Some(6)).unwrap_err();
    assert!(
        err.to_string().ends_with("or null when it did not come up"),
        "{err}"
    );
}

#[test]
fn fewer_answers_widen_the_error_and_a_full_sheet_keeps_it() {
    let base = prior_sems(v2()).unwrap();
    let full = sheet_by_in(v2(), |_| 4);
    assert_eq!(sems_for_sheet(&base, &full), base);
    let mut last = base.focus.value();
    for left_out in 1..=6 {
        // Leave out the first `left_out` focus statements.
        let skipped: Vec<&str> = v2()
            .items
            .iter()
            .filter(|i| i.focus.abs() >= i.autonomy.abs())
            .take(left_out)
            .map(|i| i.id.as_str())
            .collect();
        let sheet = v2_sheet(|i| (!skipped.contains(&i.id.as_str())).then_some(4)).unwrap();
        let sems = sems_for_sheet(&base, &sheet);
        assert!(sems.focus.value() > last, "{left_out} left out: {sems:?}");
        last = sems.focus.value();
        // The reading shows the wider error.
        let shown = read(&sheet).headline.uncertainty.focus.sem;
        assert!((shown - (sems.focus.value() * 100.0).round() / 100.0).abs() < 1e-9);
    }
}

#[test]
fn too_few_answers_on_a_pole_make_the_result_provisional() {
    // Keep only two statements keyed to the low-focus pole.
    let low_focus: Vec<&str> = v2()
        .items
        .iter()
        .filter(|i| i.poles().contains(&Pole::FocusLow))
        .map(|i| i.id.as_str())
        .collect();
    assert!(low_focus.len() > MIN_ANSWERED_PER_POLE);
    // Answers spread over the scale (no other flag), none after the first `keep` low-focus ones.
    let low_focus = &low_focus;
    let keeping = |keep: usize| {
        move |i: &crate::domain::Item| {
            let pos = low_focus.iter().position(|id| *id == i.id);
            pos.is_none_or(|p| p < keep)
                .then_some(1 + (i.id.len() % 5) as u8)
        }
    };
    let answer = keeping(MIN_ANSWERED_PER_POLE - 1);
    let sheet = v2_sheet(answer).unwrap();
    let r = read(&sheet);
    assert!(r.quality.has(QualityFlag::FewAnswers), "{:?}", r.quality);
    assert!(r.quality.provisional);
    assert_ne!(r.headline.certainty, Certainty::Clear);
    // One more answer on that pole and the flag is gone.
    let more = v2_sheet(keeping(MIN_ANSWERED_PER_POLE)).unwrap();
    assert!(!read(&more).quality.has(QualityFlag::FewAnswers));
}
