//! Making a score trustworthy: answer-quality flags, which answers placed a leader where they are,
//! and what moved between two assessments (judged against its noise).
//!
//! Everything here is a pure function of answer sheets and their questionnaires; `docs/scoring.md`
//! states the rules in words a coach can apply by hand.

use std::collections::HashMap;

use serde::Serialize;

use super::answers::AnswerSheet;
use super::measurement::{change, AxisVerdict, MeasuredPosition, Sems};
use super::questionnaire::{Item, Pole};
use super::scoring::{centred, round1, score, Axis, MIDLINE};

/// Mean centred agreement (in [-1, 1] units; 0.5 is answer 4 on the 1..5 scale) that the statements
/// keyed to *each* pole of an axis must reach for a sheet to contradict itself on that axis
/// (the `contradiction` response-quality flag).
pub const CONTRADICTION_LEVEL: f64 = 0.5;

/// The axes on which both the high-keyed and the low-keyed statements (by [`Item::poles`]) were,
/// on average, agreed with at [`CONTRADICTION_LEVEL`] or more.
pub fn contradicted_axes(sheet: &AnswerSheet) -> Vec<Axis> {
    let scale = &sheet.questionnaire().scale;
    let mean_agreement = |pole: Pole| {
        let (sum, count) = sheet
            .answers()
            .filter(|(item, _)| item.poles().contains(&pole))
            .fold((0.0, 0_usize), |(sum, count), (_, value)| {
                (sum + centred(scale, value), count + 1)
            });
        // A validated questionnaire has statements for every pole; an empty pole agrees with nothing.
        if count == 0 {
            f64::NEG_INFINITY
        } else {
            sum / count as f64
        }
    };
    Axis::ALL
        .into_iter()
        .filter(|axis| {
            let (high, low) = match axis {
                Axis::Focus => (Pole::FocusHigh, Pole::FocusLow),
                Axis::Autonomy => (Pole::AutonomyHigh, Pole::AutonomyLow),
            };
            mean_agreement(high) >= CONTRADICTION_LEVEL
                && mean_agreement(low) >= CONTRADICTION_LEVEL
        })
        .collect()
}

/// How much one answer pushed one axis away from the midline.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Contribution {
    pub id: String,
    pub text: String,
    /// The raw answer on the questionnaire's scale.
    pub answer: u8,
    /// The answer centred and scaled to [-1, 1].
    pub centred: f64,
    /// The statement's loading on this axis.
    pub loading: f64,
    /// `centred × loading / axis weight × 50`, in points, unrounded; an axis's contributions sum to
    /// its unrounded position minus 50 (so to the shown position minus 50 within ±0.05).
    pub contribution: f64,
}

/// The statements that pushed each axis most, largest push first.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WhyHere {
    pub focus: Vec<Contribution>,
    pub autonomy: Vec<Contribution>,
}

/// The `n` statements that pushed each axis most: sorted by absolute contribution, ties in
/// questionnaire order. Statements that did not push an axis at all (no loading on it, or a neutral
/// answer) are left out, so a list may be shorter than `n`.
pub fn why_here(sheet: &AnswerSheet, n: usize) -> WhyHere {
    WhyHere {
        focus: contributions(sheet, Axis::Focus, n),
        autonomy: contributions(sheet, Axis::Autonomy, n),
    }
}

fn contributions(sheet: &AnswerSheet, axis: Axis, n: usize) -> Vec<Contribution> {
    let q = sheet.questionnaire();
    let weight = sheet.axis_weight(axis);
    if weight <= 0.0 {
        return Vec::new();
    }
    let mut list: Vec<Contribution> = sheet
        .answers()
        .map(|(item, answer)| {
            let c = centred(&q.scale, answer);
            let loading = axis.loading(item);
            Contribution {
                id: item.id.clone(),
                text: item.text.clone(),
                answer,
                centred: c,
                loading,
                contribution: c * loading / weight * MIDLINE,
            }
        })
        .filter(|c| c.contribution != 0.0)
        .collect();
    // Stable, so equal pushes keep questionnaire order.
    list.sort_by(|a, b| b.contribution.abs().total_cmp(&a.contribution.abs()));
    list.truncate(n);
    list
}

/// One axis compared between two assessments: where it was, where it is, and the move judged
/// against its noise (see [`crate::domain::measurement::change`]).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AxisChange {
    pub from: f64,
    pub to: f64,
    #[serde(flatten)]
    pub verdict: AxisVerdict,
}

/// One statement answered differently.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AnswerChange {
    pub id: String,
    /// The statement as the current questionnaire words it.
    pub text: String,
    pub from: u8,
    pub to: u8,
}

/// What changed between two assessments.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WhatMoved {
    pub focus: AxisChange,
    pub autonomy: AxisChange,
    /// The `n` largest answer changes, largest first, ties in the current questionnaire's order.
    pub statements: Vec<AnswerChange>,
}

/// Compares two assessments, each measured with its SEMs. Positions are always compared, even
/// across questionnaire versions; answers only for statement ids present in both versions.
pub fn what_moved(
    previous: &AnswerSheet,
    current: &AnswerSheet,
    sems: (&Sems, &Sems),
    n: usize,
) -> WhatMoved {
    let (before, after) = (score(previous), score(current));
    let verdicts = change(
        &MeasuredPosition::new(&before, *sems.0),
        &MeasuredPosition::new(&after, *sems.1),
    );
    let previous_answers: Vec<(&Item, u8)> = previous.answers().collect();
    let current_answers: Vec<(&Item, u8)> = current.answers().collect();
    WhatMoved {
        focus: AxisChange {
            from: before.focus,
            to: after.focus,
            verdict: verdicts.focus,
        },
        autonomy: AxisChange {
            from: before.autonomy,
            to: after.autonomy,
            verdict: verdicts.autonomy,
        },
        statements: answer_changes(&previous_answers, &current_answers, n),
    }
}

/// A share of a move, per axis, in points.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Share {
    pub focus: f64,
    pub autonomy: f64,
}

/// How much of the move between two sheets of the same questionnaire came from the statements in
/// `ids` and how much from all the others: each answer's change times its loading, scaled as
/// [`score`] scales the sum, so the two shares add up to the move (before rounding). `None`
/// across questionnaire versions, or when the two sheets left different statements unanswered:
/// then the scale of the sum differs.
pub fn split_move(
    previous: &AnswerSheet,
    current: &AnswerSheet,
    ids: &[&str],
) -> Option<(Share, Share)> {
    let q = current.questionnaire();
    if previous.questionnaire().version != q.version {
        return None;
    }
    let before: HashMap<&str, u8> = previous
        .answers()
        .map(|(item, value)| (item.id.as_str(), value))
        .collect();
    // Each sheet is scored over its own answered statements; a share is exact only when both
    // have the same ones.
    if previous.unanswered().ne(current.unanswered()) {
        return None;
    }
    let weights = [
        current.axis_weight(Axis::Focus),
        current.axis_weight(Axis::Autonomy),
    ];
    let mut shares = [[0.0_f64; 2]; 2];
    for (item, value) in current.answers() {
        let Some(&was) = before.get(item.id.as_str()) else {
            continue;
        };
        let moved = centred(&q.scale, value) - centred(&q.scale, was);
        let group = usize::from(!ids.contains(&item.id.as_str()));
        for (axis, loading) in [item.focus, item.autonomy].into_iter().enumerate() {
            if weights[axis] > 0.0 {
                shares[group][axis] += MIDLINE * moved * loading / weights[axis];
            }
        }
    }
    let share = |s: [f64; 2]| Share {
        focus: round1(s[0]),
        autonomy: round1(s[1]),
    };
    Some((share(shares[0]), share(shares[1])))
}

/// Across a questionnaire change: the move measured on the statements both versions share (same
/// id and text) and both sheets answered, each sheet scored on those alone with the formula of
/// [`score`]. Those statements mean the same in both versions, so this part of the move is the
/// leader's, not the instrument's (docs/scoring.md, section 11). `None` when an axis has no such
/// statement.
pub fn shared_move(previous: &AnswerSheet, current: &AnswerSheet) -> Option<Share> {
    let before: HashMap<&str, (&Item, u8)> = previous
        .answers()
        .map(|(item, value)| (item.id.as_str(), (item, value)))
        .collect();
    let scale = &current.questionnaire().scale;
    let mut sums = [[0.0_f64; 2]; 2];
    let mut weights = [0.0_f64; 2];
    for (item, now) in current.answers() {
        let Some(&(old_item, was)) = before.get(item.id.as_str()) else {
            continue;
        };
        if old_item.text != item.text {
            continue;
        }
        for (axis, loading) in [item.focus, item.autonomy].into_iter().enumerate() {
            sums[0][axis] += centred(scale, was) * loading;
            sums[1][axis] += centred(scale, now) * loading;
            weights[axis] += loading.abs();
        }
    }
    if weights.iter().any(|w| *w <= 0.0) {
        return None;
    }
    let moved = |axis: usize| round1(MIDLINE * (sums[1][axis] - sums[0][axis]) / weights[axis]);
    Some(Share {
        focus: moved(0),
        autonomy: moved(1),
    })
}

/// The `n` largest answer changes between two answer lists, matched by statement id.
fn answer_changes(
    previous: &[(&Item, u8)],
    current: &[(&Item, u8)],
    n: usize,
) -> Vec<AnswerChange> {
    let before: HashMap<&str, u8> = previous
        .iter()
        .map(|(item, value)| (item.id.as_str(), *value))
        .collect();
    let mut changes: Vec<AnswerChange> = current
        .iter()
        .filter_map(|(item, to)| {
            let from = *before.get(item.id.as_str())?;
            (from != *to).then(|| AnswerChange {
                id: item.id.clone(),
                text: item.text.clone(),
                from,
                to: *to,
            })
        })
        .collect();
    // Stable, so equal changes keep the current questionnaire's order.
    changes.sort_by_key(|c| std::cmp::Reverse(c.from.abs_diff(c.to)));
    changes.truncate(n);
    changes
}

#[cfg(test)]
mod tests {
    use crate::domain::test_support::{sheet, sheet_by};

    use proptest::prelude::*;

    use super::*;
    use crate::domain::measurement::{prior_sems, ChangeVerdict};
    use crate::domain::questionnaire::{self, Questionnaire};
    use crate::domain::Quadrant;

    fn v1() -> &'static Questionnaire {
        questionnaire::v1()
    }

    // ---- the worked example of docs/scoring.md ----

    const DOC: &str = include_str!("../../../docs/scoring.md");

    /// The answers of the worked example, in v1 order (the doc's table lists the same).
    const EXAMPLE: [u8; 26] = [
        4, 2, 2, 4, 5, 1, 2, 3, 4, 2, 3, 5, 3, 2, 4, 4, 4, 1, 2, 5, 3, 2, 1, 3, 3, 3,
    ];

    fn signed(x: f64, decimals: usize) -> String {
        // The doc writes 0 without a sign and rounds products to two decimals, which is exact for
        // v1 (centred answers are multiples of 0.5, loadings have one decimal).
        let s = format!("{:.*}", decimals, x.abs());
        if s.trim_start_matches(['0', '.']).is_empty() {
            s
        } else if x < 0.0 {
            format!("-{s}")
        } else {
            format!("+{s}")
        }
    }

    #[test]
    fn worked_example_table_matches_the_scoring() {
        let s = sheet(&EXAMPLE);
        for (n, (item, answer)) in s.answers().enumerate() {
            let c = centred(&v1().scale, answer);
            let row = format!(
                "| {} | `{}` | {} | {} | {:.1} | {} | {:.1} | {} |",
                n + 1,
                item.id,
                answer,
                signed(c, 1),
                item.focus,
                signed(c * item.focus, 2),
                item.autonomy,
                signed(c * item.autonomy, 2),
            );
            assert!(
                DOC.contains(&row),
                "docs/scoring.md lacks the worked-example row\n{row}"
            );
        }
    }

    #[test]
    fn worked_example_numbers_match_the_scoring() {
        // The numbers quoted here are the ones in docs/scoring.md, "Worked example".
        let s = sheet(&EXAMPLE);
        let scored = score(&s);
        assert_eq!((scored.focus, scored.autonomy), (74.6, 31.9));
        assert_eq!(scored.quadrant, Quadrant::GlorifiedManager);
        assert!(!scored.borderline);
        for quoted in [
            "S = +5.75",
            "W = 11.7",
            "50 + 50 × 5.75 / 11.7 = 74.57… → **74.6**",
            "S = -4.50",
            "W = 12.4",
            "50 + 50 × (-4.50) / 12.4 = 31.85… → **31.9**",
        ] {
            assert!(DOC.contains(quoted), "docs/scoring.md lacks `{quoted}`");
        }

        let why = why_here(&s, 3);
        let top = |list: &[Contribution]| -> Vec<(String, f64)> {
            list.iter()
                .map(|c| (c.id.clone(), round1(c.contribution)))
                .collect()
        };
        assert_eq!(
            top(&why.focus),
            vec![
                ("focus-struggled-to-connect".to_string(), 3.8),
                ("focus-explained-why".to_string(), 3.4),
                ("focus-tech-strategy-in-isolation".to_string(), 3.4),
            ]
        );
        assert_eq!(
            top(&why.autonomy),
            vec![
                ("autonomy-roadmap-handed-down".to_string(), -3.2),
                ("autonomy-executing-others-plans".to_string(), -3.2),
                ("autonomy-launched-own-idea".to_string(), -3.2),
            ]
        );
        for quoted in [
            "| `focus-struggled-to-connect` | +3.8 |",
            "| `focus-explained-why` | +3.4 |",
            "| `focus-tech-strategy-in-isolation` | +3.4 |",
            "| `autonomy-roadmap-handed-down` | -3.2 |",
            "| `autonomy-executing-others-plans` | -3.2 |",
            "| `autonomy-launched-own-idea` | -3.2 |",
            "focus 9.2 points, autonomy 10.3 points",
        ] {
            assert!(DOC.contains(quoted), "docs/scoring.md lacks `{quoted}`");
        }
    }

    // ---- why here / what moved ----

    #[test]
    fn why_here_leaves_out_statements_that_did_not_push() {
        let neutral = why_here(&sheet_by(|_| 3), 50);
        assert!(neutral.focus.is_empty() && neutral.autonomy.is_empty());
        let all = why_here(&sheet(&EXAMPLE), 50);
        assert!(all.focus.iter().all(|c| c.loading != 0.0 && c.answer != 3));
        assert_eq!(why_here(&sheet(&EXAMPLE), 2).focus.len(), 2);
    }

    #[test]
    fn across_versions_the_shared_statements_give_the_leaders_own_move() {
        use crate::domain::test_support::sheet_by_in;
        let v2 = questionnaire::v2();
        // The same answers on the shared statements: no move there, whatever the rest says.
        let before = sheet_by_in(v1(), |_| 4);
        let after = sheet_by_in(v2, |i| if v1().item(&i.id).is_some() { 4 } else { 1 });
        assert_eq!(
            shared_move(&before, &after),
            Some(Share {
                focus: 0.0,
                autonomy: 0.0
            })
        );
        // One shared, focus-loaded statement moves from 1 to 5: the move is its share of the
        // shared focus weight.
        let id = "focus-priorities-check";
        let loading = v2.item(id).unwrap().focus;
        let shared_weight: f64 = v2
            .items
            .iter()
            .filter(|i| v1().item(&i.id).is_some_and(|o| o.text == i.text))
            .map(|i| i.focus.abs())
            .sum();
        let before = sheet_by_in(v1(), |i| if i.id == id { 1 } else { 3 });
        let after = sheet_by_in(v2, |i| if i.id == id { 5 } else { 3 });
        let moved = shared_move(&before, &after).unwrap();
        assert_eq!(moved.focus, round1(MIDLINE * 2.0 * loading / shared_weight));
        assert_eq!(moved.autonomy, 0.0);
    }

    #[test]
    fn what_moved_lists_the_largest_answer_changes_first() {
        let before = sheet(&EXAMPLE);
        let mut values = EXAMPLE;
        values[0] = 1; // 4 → 1
        values[5] = 3; // 1 → 3
        values[25] = 5; // 3 → 5
        values[9] = 3; // 2 → 3
        let after = sheet(&values);
        let sems = prior_sems(v1()).unwrap();
        let moved = what_moved(&before, &after, (&sems, &sems), 3);
        let changes: Vec<(&str, u8, u8)> = moved
            .statements
            .iter()
            .map(|c| (c.id.as_str(), c.from, c.to))
            .collect();
        assert_eq!(
            changes,
            vec![
                ("focus-priorities-check", 4, 1),
                ("focus-struggled-to-connect", 1, 3),
                ("focus-initiated-impact", 3, 5),
            ]
        );
        let json = serde_json::to_value(&moved).unwrap();
        assert!(json["focus"]["verdict"].is_string());
        assert!(json["statements"][0]["text"].is_string());
    }

    #[test]
    fn the_move_splits_into_practised_statements_and_the_rest() {
        let before = sheet(&EXAMPLE);
        let mut values = EXAMPLE;
        values[0] = 5; // focus-priorities-check: 4 → 5
        values[5] = 5; // focus-struggled-to-connect: 1 → 5
        let after = sheet(&values);
        let practised = [v1().items[0].id.as_str()];
        let (aimed, rest) = split_move(&before, &after, &practised).unwrap();
        let (b, a) = (score(&before), score(&after));
        for (delta, parts) in [
            (a.focus - b.focus, aimed.focus + rest.focus),
            (a.autonomy - b.autonomy, aimed.autonomy + rest.autonomy),
        ] {
            assert!((delta - parts).abs() <= 0.11, "{delta} vs {parts}");
        }
        assert!(aimed.focus != 0.0 && rest.focus != 0.0);
        let (none, all) = split_move(&before, &after, &[]).unwrap();
        assert_eq!((none.focus, none.autonomy), (0.0, 0.0));
        assert!((all.focus - (a.focus - b.focus)).abs() <= 0.11);
    }

    #[test]
    fn answer_changes_compare_only_statements_in_both_versions() {
        // A made-up next version: one statement renamed, one dropped, one reworded.
        let old = &v1().items;
        let mut new = old.clone();
        new[0].id = "focus-priorities-weekly".into();
        new.remove(1);
        new[1].text = "Reworded.".into();
        let previous: Vec<(&Item, u8)> = old.iter().map(|i| (i, 1)).collect();
        let current: Vec<(&Item, u8)> = new.iter().map(|i| (i, 2)).collect();
        let changes = answer_changes(&previous, &current, usize::MAX);
        assert_eq!(changes.len(), old.len() - 2);
        assert!(changes
            .iter()
            .all(|c| c.id != old[0].id && c.id != old[1].id));
        assert_eq!(changes[0].id, old[2].id);
        assert_eq!(changes[0].text, "Reworded.");
    }

    // ---- properties ----

    fn answers() -> impl Strategy<Value = Vec<u8>> {
        proptest::collection::vec(1_u8..=5, v1().items.len())
    }

    proptest! {
        #[test]
        fn positions_stay_within_0_and_100(values in answers()) {
            let s = score(&sheet(&values));
            prop_assert!((0.0..=100.0).contains(&s.focus), "{s:?}");
            prop_assert!((0.0..=100.0).contains(&s.autonomy), "{s:?}");
        }

        #[test]
        fn scoring_and_explaining_are_deterministic(values in answers()) {
            let (a, b) = (sheet(&values), sheet(&values));
            prop_assert_eq!(score(&a), score(&b));
            prop_assert_eq!(why_here(&a, 5), why_here(&b, 5));
        }

        #[test]
        fn agreeing_more_moves_each_axis_with_the_loading(
            values in answers(),
            index in 0..v1().items.len(),
        ) {
            prop_assume!(values[index] < 5);
            let before = score(&sheet(&values));
            let mut raised = values.clone();
            raised[index] += 1;
            let after = score(&sheet(&raised));
            let item = &v1().items[index];
            for (loading, b, a) in [
                (item.focus, before.focus, after.focus),
                (item.autonomy, before.autonomy, after.autonomy),
            ] {
                if loading > 0.0 {
                    prop_assert!(a >= b, "{}: {} → {}", item.id, b, a);
                } else if loading < 0.0 {
                    prop_assert!(a <= b, "{}: {} → {}", item.id, b, a);
                } else {
                    prop_assert_eq!(a, b);
                }
            }
        }

        #[test]
        fn contributions_add_up_to_the_distance_from_the_midline(values in answers()) {
            let s = sheet(&values);
            let scored = score(&s);
            let why = why_here(&s, usize::MAX);
            for (list, position) in [(&why.focus, scored.focus), (&why.autonomy, scored.autonomy)] {
                let sum: f64 = list.iter().map(|c| c.contribution).sum();
                prop_assert!(
                    (sum - (position - MIDLINE)).abs() <= 0.05 + 1e-9,
                    "contributions sum to {} but the position is {}", sum, position
                );
                let sizes: Vec<f64> = list.iter().map(|c| c.contribution.abs()).collect();
                prop_assert!(sizes.windows(2).all(|w| w[0] >= w[1]), "not sorted: {:?}", sizes);
            }
        }

        #[test]
        fn a_sheet_against_itself_moved_nowhere(values in answers()) {
            let s = sheet(&values);
            let sems = prior_sems(v1()).unwrap();
            let moved = what_moved(&s, &s.clone(), (&sems, &sems), 10);
            prop_assert_eq!(moved.focus.verdict.verdict, ChangeVerdict::WithinNoise);
            prop_assert_eq!(moved.autonomy.verdict.verdict, ChangeVerdict::WithinNoise);
            prop_assert_eq!(moved.focus.verdict.delta, 0.0);
            prop_assert!(moved.statements.is_empty());
        }

        #[test]
        fn what_moved_lists_only_changed_answers_largest_first(
            before in answers(),
            after in answers(),
        ) {
            let sems = prior_sems(v1()).unwrap();
            let moved = what_moved(&sheet(&before), &sheet(&after), (&sems, &sems), usize::MAX);
            let changed = before.iter().zip(&after).filter(|(b, a)| b != a).count();
            prop_assert_eq!(moved.statements.len(), changed);
            let sizes: Vec<u8> = moved.statements.iter().map(|c| c.from.abs_diff(c.to)).collect();
            prop_assert!(sizes.windows(2).all(|w| w[0] >= w[1]), "not sorted: {:?}", sizes);
        }
    }
}
