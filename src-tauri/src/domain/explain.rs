//! Making a score trustworthy: answer-quality flags, which answers placed a leader where they are,
//! and what moved between two assessments (judged against the reliable-change threshold).
//!
//! Everything here is a pure function of answer sheets and their questionnaires; `docs/scoring.md`
//! states the rules in words a coach can apply by hand.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::answers::AnswerSheet;
use super::questionnaire::{Item, Pole};
use super::scoring::{centred, round1, score, Axis, ReliableChange, MIDLINE};

/// Share of identical answers, in percent, from which a sheet is flagged as [`Flag::Acquiescence`].
pub const SAME_ANSWER_PERCENT: usize = 90;

/// Mean centred agreement (in [-1, 1] units; 0.5 is answer 4 on the 1..5 scale) that the statements
/// keyed to *each* pole of an axis must reach for [`Flag::LowConsistency`].
pub const CONTRADICTION_LEVEL: f64 = 0.5;

/// Something about the way a sheet was answered that makes its position less trustworthy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Flag {
    /// The same answer was given to at least [`SAME_ANSWER_PERCENT`]% of the statements.
    Acquiescence,
    /// On at least one axis, the statements keyed to the high pole and those keyed to the low pole
    /// were both agreed with, on average, at [`CONTRADICTION_LEVEL`] or more.
    LowConsistency,
}

impl Flag {
    /// The stable identifier used in files and the CLI (the serde name).
    pub fn slug(self) -> &'static str {
        match self {
            Flag::Acquiescence => "acquiescence",
            Flag::LowConsistency => "low-consistency",
        }
    }

    /// What the flag means and what to do about it, for the person who answered.
    pub fn message(self) -> &'static str {
        match self {
            Flag::Acquiescence => {
                "You gave the same answer to almost every statement. The statements are written to \
                 point in different directions, so a single answer for all of them tells more about \
                 how the form was filled in than about your month, and the position it produces is \
                 mostly an artefact of that pattern. If you have a few quiet minutes, answer again \
                 one statement at a time, recalling a concrete moment from the past month before \
                 you choose."
            }
            Flag::LowConsistency => {
                "Some of your answers pull against each other: you agreed strongly both with \
                 statements that describe a habit and with statements that describe its opposite, \
                 on the same axis. The position is the average of the two and may hide what really \
                 happened. Read those statements again and answer each from a concrete moment of \
                 the past month. If both truly applied, it was probably a mixed month; a note \
                 saying so will help when you compare next time."
            }
        }
    }

    /// The flag with its message, ready to print or send to the window.
    pub fn note(self) -> FlagNote {
        FlagNote {
            flag: self,
            message: self.message(),
        }
    }
}

/// A flag and its user-facing message.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FlagNote {
    pub flag: Flag,
    pub message: &'static str,
}

/// The answer-quality flags raised by a sheet, in [`Flag`] order; empty for an unremarkable sheet.
pub fn answer_flags(sheet: &AnswerSheet) -> Vec<Flag> {
    let mut flags = Vec::new();
    if same_answer_everywhere(sheet) {
        flags.push(Flag::Acquiescence);
    }
    if !contradicted_axes(sheet).is_empty() {
        flags.push(Flag::LowConsistency);
    }
    flags
}

/// True when the most frequent answer covers at least [`SAME_ANSWER_PERCENT`]% of the statements
/// (24 of v1's 26).
pub fn same_answer_everywhere(sheet: &AnswerSheet) -> bool {
    let mut counts: HashMap<u8, usize> = HashMap::new();
    for (_, value) in sheet.answers() {
        *counts.entry(value).or_default() += 1;
    }
    let total = sheet.answers().count();
    let most = counts.values().copied().max().unwrap_or(0);
    // Integer arithmetic, so the boundary is exact: most / total >= 90 / 100.
    total > 0 && most * 100 >= total * SAME_ANSWER_PERCENT
}

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
    let weight = axis.weight(q);
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

/// Whether a move on an axis is a real change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    Up,
    Down,
    /// Smaller than the axis's reliable-change threshold.
    WithinNoise,
}

/// One axis compared between two assessments.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AxisChange {
    pub from: f64,
    pub to: f64,
    /// `to - from`, rounded to one decimal.
    pub delta: f64,
    /// The reliable-change threshold the delta was judged against.
    pub threshold: f64,
    pub verdict: Verdict,
}

impl AxisChange {
    /// Judges a move: within noise when `|delta| < threshold` (strictly, like the borderline band).
    pub fn new(from: f64, to: f64, threshold: f64) -> AxisChange {
        let delta = round1(to - from);
        let verdict = if delta.abs() < threshold {
            Verdict::WithinNoise
        } else if delta > 0.0 {
            Verdict::Up
        } else {
            Verdict::Down
        };
        AxisChange {
            from,
            to,
            delta,
            threshold,
            verdict,
        }
    }
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

/// Compares two assessments. Positions are always compared, even across questionnaire versions;
/// answers only for statement ids present in both versions.
pub fn what_moved(
    previous: &AnswerSheet,
    current: &AnswerSheet,
    thresholds: &ReliableChange,
    n: usize,
) -> WhatMoved {
    let (before, after) = (score(previous), score(current));
    let previous_answers: Vec<(&Item, u8)> = previous.answers().collect();
    let current_answers: Vec<(&Item, u8)> = current.answers().collect();
    WhatMoved {
        focus: AxisChange::new(before.focus, after.focus, thresholds.focus),
        autonomy: AxisChange::new(before.autonomy, after.autonomy, thresholds.autonomy),
        statements: answer_changes(&previous_answers, &current_answers, n),
    }
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
    use crate::domain::test_support::sheet_by;
    use std::collections::BTreeMap;

    use proptest::prelude::*;

    use super::*;
    use crate::domain::questionnaire::{self, Questionnaire};
    use crate::domain::scoring::reliable_change;
    use crate::domain::Quadrant;

    fn v1() -> &'static Questionnaire {
        questionnaire::current()
    }

    /// A v1 sheet from answers in questionnaire order.
    fn sheet(values: &[u8]) -> AnswerSheet {
        let q = v1();
        assert_eq!(values.len(), q.items.len());
        let map: BTreeMap<String, u8> = q
            .items
            .iter()
            .zip(values)
            .map(|(i, v)| (i.id.clone(), *v))
            .collect();
        AnswerSheet::from_values(q, &map).unwrap()
    }

    /// Agrees (`agree`) with the statements keyed to `poles`, answers 3 elsewhere.
    fn agreeing_with(poles: &[Pole], agree: u8) -> AnswerSheet {
        sheet_by(|i| {
            if i.poles().iter().any(|p| poles.contains(p)) {
                agree
            } else {
                3
            }
        })
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
        assert_eq!(
            reliable_change(v1()),
            ReliableChange {
                focus: 9.2,
                autonomy: 10.3
            }
        );
        assert!(answer_flags(&s).is_empty());
    }

    // ---- flags ----

    #[test]
    fn acquiescence_from_ninety_percent_identical_answers() {
        let n = v1().items.len();
        assert_eq!(n, 26);
        // 24 of 26 is 92%: flagged; 23 of 26 is 88%: not.
        for (same, flagged) in [(26, true), (24, true), (23, false), (13, false)] {
            let values: Vec<u8> = (0..n)
                .map(|i| if i < same { 4 } else { 1 + (i % 3) as u8 })
                .collect();
            assert_eq!(
                same_answer_everywhere(&sheet(&values)),
                flagged,
                "{same} identical answers"
            );
        }
        // Any value counts, the neutral one too.
        assert_eq!(answer_flags(&sheet_by(|_| 3)), vec![Flag::Acquiescence]);
    }

    #[test]
    fn low_consistency_needs_agreement_with_both_poles_of_one_axis() {
        use Pole::*;
        let cases: [(&[Pole], u8, Vec<Axis>); 6] = [
            (&[FocusHigh, FocusLow], 4, vec![Axis::Focus]),
            (&[AutonomyHigh, AutonomyLow], 5, vec![Axis::Autonomy]),
            (&[FocusHigh, AutonomyLow], 5, vec![]),
            (&[FocusHigh], 5, vec![]),
            (&[FocusHigh, FocusLow], 1, vec![]),
            (
                &[FocusHigh, FocusLow, AutonomyHigh, AutonomyLow],
                4,
                vec![Axis::Focus, Axis::Autonomy],
            ),
        ];
        for (poles, agree, expected) in cases {
            assert_eq!(
                contradicted_axes(&agreeing_with(poles, agree)),
                expected,
                "answering {agree} to {poles:?}"
            );
        }
    }

    #[test]
    fn low_consistency_uses_the_mean_of_each_pole() {
        // Focus-low statements all at 4 (mean +0.5). Focus-high statements all at 4 except one at
        // 3: mean just below +0.5, so no flag; all at 4: flag.
        let first_high = v1()
            .items
            .iter()
            .position(|i| i.poles().contains(&Pole::FocusHigh))
            .unwrap();
        let almost = sheet(
            &v1()
                .items
                .iter()
                .enumerate()
                .map(|(n, i)| {
                    let focus_keyed = i
                        .poles()
                        .iter()
                        .any(|p| matches!(p, Pole::FocusHigh | Pole::FocusLow));
                    if n == first_high || !focus_keyed {
                        3
                    } else {
                        4
                    }
                })
                .collect::<Vec<_>>(),
        );
        assert!(contradicted_axes(&almost).is_empty());
        let full = agreeing_with(&[Pole::FocusHigh, Pole::FocusLow], 4);
        assert_eq!(contradicted_axes(&full), vec![Axis::Focus]);
        assert_eq!(answer_flags(&full), vec![Flag::LowConsistency]);
    }

    #[test]
    fn agreeing_with_everything_raises_both_flags() {
        assert_eq!(
            answer_flags(&sheet_by(|_| 5)),
            vec![Flag::Acquiescence, Flag::LowConsistency]
        );
    }

    #[test]
    fn flags_serialize_in_kebab_case_with_their_message() {
        for flag in [Flag::Acquiescence, Flag::LowConsistency] {
            assert_eq!(
                serde_json::to_value(flag).unwrap(),
                serde_json::json!(flag.slug())
            );
            let note = serde_json::to_value(flag.note()).unwrap();
            assert_eq!(note["flag"], flag.slug());
            assert!(note["message"].as_str().unwrap().len() > 100);
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
    fn what_moved_lists_the_largest_answer_changes_first() {
        let before = sheet(&EXAMPLE);
        let mut values = EXAMPLE;
        values[0] = 1; // 4 → 1
        values[5] = 3; // 1 → 3
        values[25] = 5; // 3 → 5
        values[9] = 3; // 2 → 3
        let after = sheet(&values);
        let moved = what_moved(&before, &after, &reliable_change(v1()), 3);
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
    fn axis_changes_are_judged_against_the_threshold() {
        for (from, to, verdict) in [
            (50.0, 59.1, Verdict::WithinNoise),
            (50.0, 59.2, Verdict::Up),
            (59.2, 50.0, Verdict::Down),
            (40.3, 31.2, Verdict::WithinNoise),
            (70.0, 70.0, Verdict::WithinNoise),
        ] {
            let change = AxisChange::new(from, to, 9.2);
            assert_eq!(change.verdict, verdict, "{from} → {to}");
        }
        assert_eq!(
            serde_json::to_value(Verdict::WithinNoise).unwrap(),
            "within-noise"
        );
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
            prop_assert_eq!(answer_flags(&a), answer_flags(&b));
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
            let moved = what_moved(&s, &s.clone(), &reliable_change(v1()), 10);
            prop_assert_eq!(moved.focus.verdict, Verdict::WithinNoise);
            prop_assert_eq!(moved.autonomy.verdict, Verdict::WithinNoise);
            prop_assert_eq!(moved.focus.delta, 0.0);
            prop_assert!(moved.statements.is_empty());
        }

        #[test]
        fn what_moved_lists_only_changed_answers_largest_first(
            before in answers(),
            after in answers(),
        ) {
            let moved = what_moved(&sheet(&before), &sheet(&after), &reliable_change(v1()), usize::MAX);
            let changed = before.iter().zip(&after).filter(|(b, a)| b != a).count();
            prop_assert_eq!(moved.statements.len(), changed);
            let sizes: Vec<u8> = moved.statements.iter().map(|c| c.from.abs_diff(c.to)).collect();
            prop_assert!(sizes.windows(2).all(|w| w[0] >= w[1]), "not sorted: {:?}", sizes);
        }
    }
}
