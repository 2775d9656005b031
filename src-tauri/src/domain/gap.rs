//! The perception gap: how the leader sees themselves (rater `self`) against how a coach, manager
//! or peer sees them, on both axes and statement by statement; which assessments to compare; and
//! whether the gap is closing over time.
//!
//! Pure functions of answer sheets and dates. The gap is always *other − self*: a positive focus
//! gap means the other rater places the leader further toward focus than the leader does.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;

use super::answers::AnswerSheet;
use super::measurement::change::RELIABLE_Z;
use super::measurement::Sems;
use super::questionnaire::Item;
use super::scoring::{round1, score};

/// How far apart, in days, a self assessment and another rater's may be to describe the same
/// period (about six weeks: a monthly rhythm with some slack either way).
pub const PERIOD_WINDOW_DAYS: i64 = 45;

/// Answers this many scale steps apart make a statement [`GapLevel::WorthAConversation`].
pub const CONVERSATION_STEPS: u8 = 2;

/// One axis as the leader and the other rater see it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AxisGap {
    /// The leader's position (0..100), as [`score`] gives it.
    pub self_position: f64,
    /// The other rater's position (0..100).
    pub other_position: f64,
    /// `other_position − self_position`, rounded to one decimal.
    pub gap: f64,
}

impl AxisGap {
    pub(crate) fn new(self_position: f64, other_position: f64) -> AxisGap {
        AxisGap {
            self_position,
            other_position,
            gap: round1(other_position - self_position),
        }
    }
}

/// How much a difference on one statement is worth talking about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum GapLevel {
    /// One scale step apart: worth a look.
    WorthALook,
    /// [`CONVERSATION_STEPS`] or more apart: worth a conversation.
    WorthAConversation,
}

impl GapLevel {
    /// The level of a difference of `steps` scale steps (at least one).
    pub fn of(steps: u8) -> GapLevel {
        if steps >= CONVERSATION_STEPS {
            GapLevel::WorthAConversation
        } else {
            GapLevel::WorthALook
        }
    }
}

/// One statement the two raters answered differently.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StatementGap {
    pub id: String,
    /// The statement as the leader reads it (first person, the self sheet's questionnaire).
    pub text: String,
    pub self_answer: u8,
    pub other_answer: u8,
    /// `|other_answer − self_answer|`, at least 1.
    pub steps: u8,
    pub level: GapLevel,
}

/// The gap between the leader's view of themselves and another rater's view of them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Gap {
    pub focus: AxisGap,
    pub autonomy: AxisGap,
    /// Statements answered differently, widest first (see [`perception_gap`]).
    pub statements: Vec<StatementGap>,
}

/// Compares a self assessment with another rater's.
///
/// Positions are each scored with their own sheet's questionnaire, so they are comparable even
/// across versions. Statements are compared by id: when the two sheets are of different
/// questionnaire versions, only the statements present in both are listed (text and loadings
/// from the self sheet's version). Statements answered alike are left out; the rest are sorted
/// by the number of steps apart (widest first), then by the statement's larger absolute loading
/// (the more it weighs on the position, the earlier), then in the self sheet's questionnaire order.
pub fn perception_gap(self_sheet: &AnswerSheet, other_sheet: &AnswerSheet) -> Gap {
    let (own, other) = (score(self_sheet), score(other_sheet));
    let own_answers: Vec<(&Item, u8)> = self_sheet.answers().collect();
    let other_answers: Vec<(&Item, u8)> = other_sheet.answers().collect();
    Gap {
        focus: AxisGap::new(own.focus, other.focus),
        autonomy: AxisGap::new(own.autonomy, other.autonomy),
        statements: statement_gaps(&own_answers, &other_answers),
    }
}

/// The statements answered differently, matched by id, sorted as [`perception_gap`] says.
fn statement_gaps(own: &[(&Item, u8)], other: &[(&Item, u8)]) -> Vec<StatementGap> {
    let theirs: HashMap<&str, u8> = other
        .iter()
        .map(|(item, value)| (item.id.as_str(), *value))
        .collect();
    let mut gaps: Vec<(f64, StatementGap)> = own
        .iter()
        .filter_map(|(item, self_answer)| {
            let other_answer = *theirs.get(item.id.as_str())?;
            let steps = self_answer.abs_diff(other_answer);
            (steps > 0).then(|| {
                let weight = item.focus.abs().max(item.autonomy.abs());
                let gap = StatementGap {
                    id: item.id.clone(),
                    text: item.text.clone(),
                    self_answer: *self_answer,
                    other_answer,
                    steps,
                    level: GapLevel::of(steps),
                };
                (weight, gap)
            })
        })
        .collect();
    // Stable, so equal steps and weights keep questionnaire order.
    gaps.sort_by(|(wa, a), (wb, b)| b.steps.cmp(&a.steps).then(wb.total_cmp(wa)));
    gaps.into_iter().map(|(_, gap)| gap).collect()
}

/// Pairs each other-rater assessment with the self assessment describing the same period: the
/// one nearest in date within `±window_days` (on a tie, the earlier; on the same date, the one
/// listed first). A self assessment may pair with several others; an other-rater assessment with
/// no self assessment in reach is left out, as is everything when `window_days` is negative.
///
/// Each input is `(date, assessment id)` in any order; the result is `(self id, other id)` pairs,
/// oldest first by the other assessment's date (then by the self's date, then input order).
pub fn pair_by_period(
    selfs: &[(NaiveDate, i64)],
    others: &[(NaiveDate, i64)],
    window_days: i64,
) -> Vec<(i64, i64)> {
    let mut pairs: Vec<(NaiveDate, NaiveDate, i64, i64)> = others
        .iter()
        .filter_map(|&(other_date, other_id)| {
            selfs
                .iter()
                .filter_map(|&(self_date, self_id)| {
                    let distance = (self_date - other_date).num_days().abs();
                    (distance <= window_days).then_some((distance, self_date, self_id))
                })
                // min_by_key keeps the first of equals, so the listed-first wins a same-date tie.
                .min_by_key(|&(distance, self_date, _)| (distance, self_date))
                .map(|(_, self_date, self_id)| (other_date, self_date, self_id, other_id))
        })
        .collect();
    pairs.sort_by_key(|&(other_date, self_date, _, _)| (other_date, self_date));
    pairs
        .into_iter()
        .map(|(_, _, self_id, other_id)| (self_id, other_id))
        .collect()
}

/// Where the perception gap is heading.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Trend {
    /// The leader's and the others' views have come closer.
    Closing,
    /// They have moved apart.
    Widening,
    /// The change in size is within noise (see [`gap_trend`]).
    Steady,
    /// Fewer than two compared periods (two different dates).
    NotEnoughData,
}

/// The standard error of a change in gap *size* (the sum of both axes' absolute gaps) between
/// two compared pairs: each axis gap is a difference of two positions, and the change is a
/// difference of two gaps, so four positions' errors add up on each axis:
/// `√(Σ_axis 2·(SEM_self² + SEM_other²))`. Flipping a gap's sign does not change its error.
pub fn gap_size_change_se(self_sems: &Sems, other_sems: &Sems) -> f64 {
    [
        (self_sems.focus, other_sems.focus),
        (self_sems.autonomy, other_sems.autonomy),
    ]
    .iter()
    .map(|(s, o)| 2.0 * (s.value().powi(2) + o.value().powi(2)))
    .sum::<f64>()
    .sqrt()
}

/// Whether the gap is closing, from `(date, focus gap, autonomy gap)` per compared pair, in any
/// order. The size of a gap is the sum of its absolute axis gaps; the earliest pair's size is
/// compared with the latest's (the first listed on the earliest date, the last listed on the
/// latest). A change smaller than [`RELIABLE_Z`] standard errors ([`gap_size_change_se`] of the
/// two raters' SEMs) is [`Trend::Steady`]; fewer than two dates is [`Trend::NotEnoughData`].
pub fn gap_trend(gaps: &[(NaiveDate, f64, f64)], self_sems: &Sems, other_sems: &Sems) -> Trend {
    // min_by_key keeps the first of equals, max_by_key the last.
    let (Some(first), Some(last)) = (
        gaps.iter().min_by_key(|g| g.0),
        gaps.iter().max_by_key(|g| g.0),
    ) else {
        return Trend::NotEnoughData;
    };
    if first.0 == last.0 {
        return Trend::NotEnoughData;
    }
    let size = |g: &(NaiveDate, f64, f64)| g.1.abs() + g.2.abs();
    let change = round1(size(last) - size(first));
    let reliable_from = round1(RELIABLE_Z * gap_size_change_se(self_sems, other_sems));
    if change.abs() < reliable_from {
        Trend::Steady
    } else if change < 0.0 {
        Trend::Closing
    } else {
        Trend::Widening
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::domain::measurement::{Sem, SemSource};
    use crate::domain::questionnaire::{self, v1 as current};
    use crate::domain::test_support::sheet_by;

    /// An assessment as `pair_by_period` takes it, and what it returns.
    type Dated = (NaiveDate, i64);
    type Pairs = Vec<(i64, i64)>;
    /// A compared pair as `gap_trend` takes it.
    type GapAt = (NaiveDate, f64, f64);

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + chrono::Duration::days(i64::from(d))
    }

    /// A sheet answering `values` in questionnaire order (cycled when shorter).
    fn sheet(values: &[u8]) -> AnswerSheet {
        let q = current();
        sheet_by(|i| values[q.item_index(&i.id).unwrap() % values.len()])
    }

    fn answers_strategy() -> impl Strategy<Value = Vec<u8>> {
        proptest::collection::vec(1_u8..=5, questionnaire::v1().items.len())
    }

    #[test]
    fn gap_is_other_minus_self_on_each_axis() {
        let own = sheet(&[3]);
        let q = current();
        let first = &q.items[0];
        let other = sheet_by(|i| if i.id == first.id { 5 } else { 3 });
        let gap = perception_gap(&own, &other);
        let (s, o) = (score(&own), score(&other));
        assert_eq!(gap.focus.self_position, s.focus);
        assert_eq!(gap.focus.other_position, o.focus);
        assert_eq!(gap.focus.gap, round1(o.focus - s.focus));
        assert!(
            gap.focus.gap > 0.0,
            "agreeing more with a focus statement: {gap:?}"
        );
        assert_eq!(
            gap.autonomy.gap, 0.0,
            "{} has no autonomy loading",
            first.id
        );
        assert_eq!(
            gap.statements,
            vec![StatementGap {
                id: first.id.clone(),
                text: first.text.clone(),
                self_answer: 3,
                other_answer: 5,
                steps: 2,
                level: GapLevel::WorthAConversation,
            }]
        );
    }

    #[test]
    fn statements_sort_by_steps_then_weight_then_questionnaire_order() {
        let q = current();
        let find = |id: &str| q.item(id).unwrap();
        // The leader answers 3 everywhere but one statement. The other rater differs by one step on
        // one statement, by three on another, and by two on four statements: two with the largest
        // loading 0.9, one with 0.8, one with 0.6.
        let theirs: [(&str, u8); 6] = [
            ("focus-priorities-check", 4),        // 0.8, 1 step
            ("focus-goals-seldom-considered", 1), // 0.9, 2 steps
            ("autonomy-started-important", 5),    // 0.9, 2 steps
            ("focus-explained-why", 1),           // 0.8, 2 steps
            ("focus-initiated-impact", 5),        // 0.6, 2 steps
            ("autonomy-did-as-asked", 1),         // 0.9, 3 steps (the leader answered 4)
        ];
        let other = sheet_by(|i| {
            theirs
                .iter()
                .find(|(id, _)| *id == i.id)
                .map_or(3, |(_, v)| *v)
        });
        let own = sheet_by(|i| {
            if i.id == "autonomy-did-as-asked" {
                4
            } else {
                3
            }
        });
        let gap = perception_gap(&own, &other);
        let order: Vec<(&str, u8)> = gap
            .statements
            .iter()
            .map(|s| (s.id.as_str(), s.steps))
            .collect();
        assert_eq!(
            order,
            vec![
                ("autonomy-did-as-asked", 3),
                ("focus-goals-seldom-considered", 2),
                ("autonomy-started-important", 2),
                ("focus-explained-why", 2),
                ("focus-initiated-impact", 2),
                ("focus-priorities-check", 1),
            ]
        );
        for s in &gap.statements {
            assert_eq!(s.text, find(&s.id).text, "the leader's own wording");
        }
        assert_eq!(gap.statements[5].level, GapLevel::WorthALook);
    }

    #[test]
    fn only_statements_in_both_versions_are_compared() {
        // Two sheets of different versions cannot be built from the one embedded version, so this
        // compares answer lists directly: the other rater's list lacks two statements.
        let q = current();
        let own: Vec<(&Item, u8)> = q.items.iter().map(|i| (i, 1)).collect();
        let other: Vec<(&Item, u8)> = q.items.iter().skip(2).map(|i| (i, 2)).collect();
        let gaps = statement_gaps(&own, &other);
        assert_eq!(gaps.len(), q.items.len() - 2);
        assert!(gaps
            .iter()
            .all(|g| g.id != q.items[0].id && g.id != q.items[1].id));
    }

    #[test]
    fn levels_follow_the_steps() {
        assert_eq!(GapLevel::of(1), GapLevel::WorthALook);
        for steps in 2..=4 {
            assert_eq!(GapLevel::of(steps), GapLevel::WorthAConversation);
        }
        let json =
            serde_json::to_value([GapLevel::WorthALook, GapLevel::WorthAConversation]).unwrap();
        assert_eq!(
            json,
            serde_json::json!(["worth-a-look", "worth-a-conversation"])
        );
        let json = serde_json::to_value([
            Trend::Closing,
            Trend::Widening,
            Trend::Steady,
            Trend::NotEnoughData,
        ])
        .unwrap();
        assert_eq!(
            json,
            serde_json::json!(["closing", "widening", "steady", "not-enough-data"])
        );
    }

    #[test]
    fn a_gap_serialises_with_positions_and_statements() {
        let gap = perception_gap(&sheet(&[3]), &sheet(&[4]));
        let json = serde_json::to_value(&gap).unwrap();
        assert!(json["focus"]["self_position"].is_number());
        assert!(json["autonomy"]["gap"].is_number());
        assert_eq!(json["statements"][0]["level"], "worth-a-look");
        assert_eq!(
            json["statements"].as_array().unwrap().len(),
            questionnaire::v1().items.len()
        );
    }

    #[test]
    fn others_pair_with_the_nearest_self_within_the_window() {
        let selfs = [(day(0), 1), (day(30), 2), (day(60), 3), (day(200), 4)];
        let cases: [(&[Dated], Pairs); 6] = [
            // Nearest wins.
            (&[(day(28), 10)], vec![(2, 10)]),
            // Equidistant (15 days either way): the earlier self.
            (&[(day(45), 11)], vec![(2, 11)]),
            // Several others pair with one self; oldest first whatever the input order.
            (
                &[(day(62), 12), (day(58), 13), (day(1), 14)],
                vec![(1, 14), (3, 13), (3, 12)],
            ),
            // Exactly at the window's edge pairs; one day beyond does not.
            (&[(day(105), 15), (day(106), 16)], vec![(3, 15)]),
            // Out of reach of every self.
            (&[(day(130), 17)], vec![]),
            (&[], vec![]),
        ];
        for (others, expected) in cases {
            assert_eq!(
                pair_by_period(&selfs, others, PERIOD_WINDOW_DAYS),
                expected,
                "{others:?}"
            );
        }
        assert_eq!(
            pair_by_period(&[], &[(day(0), 1)], PERIOD_WINDOW_DAYS),
            vec![]
        );
        assert_eq!(pair_by_period(&selfs, &[(day(0), 9)], -1), vec![]);
        assert_eq!(pair_by_period(&selfs, &[(day(0), 9)], 0), vec![(1, 9)]);
        // Two selfs on the same date: the one listed first.
        let twins = [(day(10), 7), (day(10), 5)];
        assert_eq!(pair_by_period(&twins, &[(day(12), 9)], 45), vec![(7, 9)]);
        // Before the first self, by the same distance rule.
        assert_eq!(
            pair_by_period(&selfs, &[(day(0) - chrono::Duration::days(20), 8)], 45),
            vec![(1, 8)]
        );
    }

    #[test]
    fn trend_compares_the_first_and_last_gap_sizes() {
        // With every SEM at 3 points the size change has se √72 ≈ 8.49: reliable from 16.6.
        let sems = Sems {
            focus: Sem::new(3.0, SemSource::Prior),
            autonomy: Sem::new(3.0, SemSource::Prior),
        };
        assert_eq!(round1(RELIABLE_Z * gap_size_change_se(&sems, &sems)), 16.6);
        let cases: [(&[GapAt], Trend); 9] = [
            (&[], Trend::NotEnoughData),
            (&[(day(0), 20.0, -10.0)], Trend::NotEnoughData),
            (
                &[(day(0), 20.0, -10.0), (day(0), 1.0, 1.0)],
                Trend::NotEnoughData,
            ),
            (
                &[(day(0), 20.0, -10.0), (day(30), 5.0, -5.0)],
                Trend::Closing,
            ),
            (
                &[(day(0), 5.0, 5.0), (day(30), -15.0, 12.0)],
                Trend::Widening,
            ),
            // 30 → 21 is 9.0 less: within noise.
            (
                &[(day(0), 20.0, -10.0), (day(30), 11.0, 10.0)],
                Trend::Steady,
            ),
            // Exactly the threshold counts as a change (like a move on the map).
            (
                &[(day(0), 20.0, -10.0), (day(30), 3.4, 10.0)],
                Trend::Closing,
            ),
            // The middle is ignored, and the order of the input too.
            (
                &[
                    (day(60), 2.0, 2.0),
                    (day(0), 20.0, 20.0),
                    (day(30), 50.0, 50.0),
                ],
                Trend::Closing,
            ),
            // Flipping sides with the same size is steady.
            (
                &[(day(0), 15.0, -5.0), (day(30), -15.0, 5.0)],
                Trend::Steady,
            ),
        ];
        for (gaps, expected) in cases {
            assert_eq!(gap_trend(gaps, &sems, &sems), expected, "{gaps:?}");
        }
    }

    proptest! {
        #[test]
        fn identical_sheets_have_no_gap(values in answers_strategy()) {
            let s = sheet(&values);
            let gap = perception_gap(&s, &s.clone());
            prop_assert_eq!(gap.focus.gap, 0.0);
            prop_assert_eq!(gap.autonomy.gap, 0.0);
            prop_assert_eq!(gap.focus.self_position, gap.focus.other_position);
            prop_assert!(gap.statements.is_empty());
        }

        #[test]
        fn swapping_raters_negates_the_gap_and_keeps_the_statements(
            a in answers_strategy(),
            b in answers_strategy(),
        ) {
            let (a, b) = (sheet(&a), sheet(&b));
            let (ab, ba) = (perception_gap(&a, &b), perception_gap(&b, &a));
            prop_assert_eq!(ab.focus.gap, -ba.focus.gap);
            prop_assert_eq!(ab.autonomy.gap, -ba.autonomy.gap);
            prop_assert_eq!(ab.focus.self_position, ba.focus.other_position);
            let key = |g: &Gap| -> Vec<(String, u8, u8, u8)> {
                let mut v: Vec<_> = g
                    .statements
                    .iter()
                    .map(|s| (s.id.clone(), s.self_answer, s.other_answer, s.steps))
                    .collect();
                v.sort();
                v
            };
            let swapped: Vec<_> = key(&ba)
                .into_iter()
                .map(|(id, s, o, steps)| (id, o, s, steps))
                .collect();
            let mut swapped = swapped;
            swapped.sort();
            prop_assert_eq!(key(&ab), swapped);
            // The order depends only on steps and loadings, so it is the same both ways.
            let ids = |g: &Gap| g.statements.iter().map(|s| s.id.clone()).collect::<Vec<_>>();
            prop_assert_eq!(ids(&ab), ids(&ba));
        }

        #[test]
        fn every_listed_statement_differs_and_is_levelled_by_its_steps(
            a in answers_strategy(),
            b in answers_strategy(),
        ) {
            let (own, other) = (sheet(&a), sheet(&b));
            let gap = perception_gap(&own, &other);
            let differing = a.iter().zip(&b).filter(|(x, y)| x != y).count();
            prop_assert_eq!(gap.statements.len(), differing);
            for s in &gap.statements {
                prop_assert!(s.steps >= 1);
                prop_assert_eq!(s.steps, s.self_answer.abs_diff(s.other_answer));
                prop_assert_eq!(s.level, GapLevel::of(s.steps));
                prop_assert_eq!(s.level == GapLevel::WorthAConversation, s.steps >= 2);
            }
            prop_assert!(gap.statements.windows(2).all(|w| w[0].steps >= w[1].steps));
        }

        #[test]
        fn every_other_pairs_with_a_self_in_reach_or_none_is(
            self_days in proptest::collection::vec(0_u32..400, 0..8),
            other_days in proptest::collection::vec(0_u32..400, 0..8),
        ) {
            // Unique ids: selfs 0.., others 1000...
            let selfs: Vec<(NaiveDate, i64)> =
                self_days.iter().zip(0..).map(|(d, id)| (day(*d), id)).collect();
            let others: Vec<(NaiveDate, i64)> =
                other_days.iter().zip(1000..).map(|(d, id)| (day(*d), id)).collect();
            let pairs = pair_by_period(&selfs, &others, PERIOD_WINDOW_DAYS);
            let date_of = |list: &[(NaiveDate, i64)], id: i64| {
                list.iter().find(|(_, i)| *i == id).map(|(d, _)| *d)
            };
            for &(other_date, other_id) in &others {
                let reach = selfs
                    .iter()
                    .map(|(d, _)| (*d - other_date).num_days().abs())
                    .filter(|d| *d <= PERIOD_WINDOW_DAYS)
                    .min();
                let paired: Vec<i64> = pairs
                    .iter()
                    .filter(|(_, o)| *o == other_id)
                    .map(|(s, _)| *s)
                    .collect();
                match reach {
                    None => prop_assert!(paired.is_empty()),
                    Some(nearest) => {
                        prop_assert_eq!(paired.len(), 1);
                        let self_date = date_of(&selfs, paired[0]).unwrap();
                        prop_assert_eq!((self_date - other_date).num_days().abs(), nearest);
                    }
                }
            }
            let mut previous = None;
            for &(self_id, other_id) in &pairs {
                let (s, o) = (date_of(&selfs, self_id).unwrap(), date_of(&others, other_id).unwrap());
                prop_assert!((s - o).num_days().abs() <= PERIOD_WINDOW_DAYS);
                if let Some(p) = previous {
                    prop_assert!(p <= o, "oldest first");
                }
                previous = Some(o);
            }
        }
    }
}
