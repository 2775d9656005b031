//! Scoring: from a validated answer sheet to a position on the two axes and a quadrant.
//!
//! Each answer is centred on the scale's midpoint and scaled to [-1, 1] (1→-1, 3→0, 5→+1), times the
//! statement's loading. Per axis, the sum is divided by the sum of the absolute loadings, giving a
//! value in [-1, 1], then mapped to 0..100 with 50 on the midline and rounded to one decimal. The
//! quadrant is read from the rounded position (50 counts as the high side). `docs/scoring.md` walks
//! through an example.

use arrayvec::ArrayVec;
use serde::Serialize;

use super::answers::AnswerSheet;
use super::quadrant::Quadrant;
use super::questionnaire::{Item, Questionnaire, Scale};

/// Half-width, in points, of the band around each midline within which a position is reported as
/// borderline.
pub const BORDERLINE_BAND: f64 = 5.0;

/// The midline of both axes.
pub const MIDLINE: f64 = 50.0;

/// A scored answer sheet.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Score {
    /// 0..100, 50 is the midline.
    pub focus: f64,
    /// 0..100, 50 is the midline.
    pub autonomy: f64,
    pub quadrant: Quadrant,
    /// True when either axis lies within [`BORDERLINE_BAND`] of its midline.
    pub borderline: bool,
    /// The quadrant(s) across the midline(s) the position is close to; empty unless borderline.
    pub neighbours: Neighbours,
    /// Version of the questionnaire the answers belong to.
    pub questionnaire: String,
}

/// Scores a complete answer sheet. Deterministic: the same sheet always gives the same score.
pub fn score(sheet: &AnswerSheet) -> Score {
    let q = sheet.questionnaire();
    let (mid, half) = (q.scale.midpoint(), q.scale.half_range());
    let mut sums = [0.0_f64; 2];
    let mut weights = [0.0_f64; 2];
    for (item, value) in sheet.answers() {
        let centred = (f64::from(value) - mid) / half;
        for (axis, loading) in [item.focus, item.autonomy].into_iter().enumerate() {
            sums[axis] += centred * loading;
            weights[axis] += loading.abs();
        }
    }
    let focus = axis_position(sums[0], weights[0]);
    let autonomy = axis_position(sums[1], weights[1]);
    let (quadrant, borderline, neighbours) = classify(focus, autonomy);
    Score {
        focus,
        autonomy,
        quadrant,
        borderline,
        neighbours,
        questionnaire: q.version.clone(),
    }
}

/// Maps a weighted sum to 0..100, rounded to one decimal.
fn axis_position(sum: f64, weight: f64) -> f64 {
    // A validated questionnaire has at least one non-zero loading on each axis, so weight > 0.
    let unit = if weight > 0.0 {
        (sum / weight).clamp(-1.0, 1.0)
    } else {
        0.0
    };
    round1(MIDLINE + MIDLINE * unit)
}

/// Rounds to one decimal, as positions are.
pub(crate) fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// The quadrants across the midlines a position is close to: across the focus midline, across the
/// autonomy midline, across both, in that order, so at most three, kept inline.
pub type Neighbours = ArrayVec<Quadrant, 3>;

/// Quadrant, borderline flag and neighbouring quadrants for a position.
pub fn classify(focus: f64, autonomy: f64) -> (Quadrant, bool, Neighbours) {
    let high_focus = focus >= MIDLINE;
    let high_autonomy = autonomy >= MIDLINE;
    let near_focus = (focus - MIDLINE).abs() < BORDERLINE_BAND;
    let near_autonomy = (autonomy - MIDLINE).abs() < BORDERLINE_BAND;
    let quadrant = Quadrant::from_sides(high_focus, high_autonomy);
    let mut neighbours = Neighbours::new();
    if near_focus {
        neighbours.push(Quadrant::from_sides(!high_focus, high_autonomy));
    }
    if near_autonomy {
        neighbours.push(Quadrant::from_sides(high_focus, !high_autonomy));
    }
    if near_focus && near_autonomy {
        neighbours.push(Quadrant::from_sides(!high_focus, !high_autonomy));
    }
    (quadrant, near_focus || near_autonomy, neighbours)
}

/// The quadrants across whichever midlines `quadrant`'s position lies within the band of (at least
/// the one across the nearer midline): for a stored borderline assessment.
pub fn neighbours_of(quadrant: Quadrant, focus: f64, autonomy: f64) -> Neighbours {
    let (_, _, mut neighbours) = classify(focus, autonomy);
    if !neighbours.is_empty() {
        return neighbours;
    }
    let (hf, ha) = (quadrant.high_focus(), quadrant.high_autonomy());
    neighbours.push(if (focus - MIDLINE).abs() <= (autonomy - MIDLINE).abs() {
        Quadrant::from_sides(!hf, ha)
    } else {
        Quadrant::from_sides(hf, !ha)
    });
    neighbours
}

/// One of the two axes of the map.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Axis {
    Focus,
    Autonomy,
}

impl Axis {
    pub const ALL: [Axis; 2] = [Axis::Focus, Axis::Autonomy];

    /// The statement's loading on this axis.
    pub fn loading(self, item: &Item) -> f64 {
        match self {
            Axis::Focus => item.focus,
            Axis::Autonomy => item.autonomy,
        }
    }

    /// The axis weight: the sum of the absolute loadings on this axis, the divisor in [`score`].
    pub fn weight(self, questionnaire: &Questionnaire) -> f64 {
        questionnaire
            .items
            .iter()
            .map(|i| self.loading(i).abs())
            .sum()
    }
}

/// An answer centred on the scale's midpoint and scaled to [-1, 1], exactly as [`score`] does.
pub fn centred(scale: &Scale, value: u8) -> f64 {
    (f64::from(value) - scale.midpoint()) / scale.half_range()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::questionnaire::{self, Item};
    use crate::domain::test_support::{extreme, sheet_by as sheet};

    #[test]
    fn extreme_patterns_land_in_their_quadrants() {
        for (f, a, expected) in [
            (1.0, 1.0, Quadrant::ImpactGalore),
            (1.0, -1.0, Quadrant::GlorifiedManager),
            (-1.0, 1.0, Quadrant::TechBusywork),
            (-1.0, -1.0, Quadrant::LowEverything),
        ] {
            let s = score(&extreme(f, a));
            assert_eq!(s.quadrant, expected, "pattern ({f}, {a}) scored {s:?}");
            assert!(
                !s.borderline,
                "pattern ({f}, {a}) should be clear of the midlines: {s:?}"
            );
        }
    }

    #[test]
    fn neutral_answers_sit_on_the_midlines() {
        let s = score(&sheet(|_| 3));
        assert_eq!((s.focus, s.autonomy), (50.0, 50.0));
        assert_eq!(
            s.quadrant,
            Quadrant::ImpactGalore,
            "50 counts as the high side"
        );
        assert!(s.borderline);
        assert_eq!(
            s.neighbours.as_slice(),
            [
                Quadrant::TechBusywork,
                Quadrant::GlorifiedManager,
                Quadrant::LowEverything
            ]
        );
    }

    #[test]
    fn agreeing_with_everything_cancels_out_only_as_far_as_loadings_balance() {
        let s = score(&sheet(|_| 5));
        let q = questionnaire::v1();
        let expected_focus = round1(
            50.0 + 50.0 * q.items.iter().map(|i| i.focus).sum::<f64>()
                / q.items.iter().map(|i| i.focus.abs()).sum::<f64>(),
        );
        assert_eq!(s.focus, expected_focus);
        assert!((0.0..=100.0).contains(&s.autonomy));
    }

    #[test]
    fn one_answer_moves_its_axis_by_its_weighted_share() {
        let q = questionnaire::v1();
        let target = &q.items[0];
        let base = score(&sheet(|_| 3));
        let moved = score(&sheet(|i| if i.id == target.id { 5 } else { 3 }));
        let focus_weight: f64 = q.items.iter().map(|i| i.focus.abs()).sum();
        assert_eq!(
            moved.focus,
            round1(50.0 + 50.0 * target.focus / focus_weight)
        );
        assert_eq!(
            moved.autonomy, base.autonomy,
            "item 0 has no autonomy loading"
        );
    }

    #[test]
    fn classification_at_the_edges() {
        let cases = [
            (
                49.9,
                80.0,
                Quadrant::TechBusywork,
                true,
                vec![Quadrant::ImpactGalore],
            ),
            (
                50.0,
                20.0,
                Quadrant::GlorifiedManager,
                true,
                vec![Quadrant::LowEverything],
            ),
            (
                55.0,
                45.1,
                Quadrant::GlorifiedManager,
                true,
                vec![Quadrant::ImpactGalore],
            ),
            (55.0, 45.0, Quadrant::GlorifiedManager, false, vec![]),
            (55.0, 44.9, Quadrant::GlorifiedManager, false, vec![]),
            (0.0, 0.0, Quadrant::LowEverything, false, vec![]),
            (100.0, 100.0, Quadrant::ImpactGalore, false, vec![]),
        ];
        for (f, a, quadrant, borderline, neighbours) in cases {
            assert_eq!(
                classify(f, a),
                (quadrant, borderline, neighbours.into_iter().collect()),
                "at ({f}, {a})"
            );
        }
    }

    #[test]
    fn scores_are_deterministic_and_bounded() {
        // A spread of patterns: every item gets a value derived from its position and a seed.
        for seed in 0..200_u32 {
            let answer = |i: &Item| {
                let idx = questionnaire::v1().item_index(&i.id).unwrap_or(0) as u32;
                (((idx * 7 + seed * 13) ^ (seed >> 2)) % 5 + 1) as u8
            };
            let a = score(&sheet(answer));
            let b = score(&sheet(answer));
            assert_eq!(a, b);
            assert!(
                (0.0..=100.0).contains(&a.focus) && (0.0..=100.0).contains(&a.autonomy),
                "{a:?}"
            );
        }
    }

    #[test]
    fn raising_agreement_moves_each_axis_with_the_sign_of_its_loading() {
        let q = questionnaire::v1();
        for target in &q.items {
            for base in 1..=4_u8 {
                let before = score(&sheet(|_| base));
                let after = score(&sheet(|i| if i.id == target.id { base + 1 } else { base }));
                for (loading, b, a, axis) in [
                    (target.focus, before.focus, after.focus, "focus"),
                    (target.autonomy, before.autonomy, after.autonomy, "autonomy"),
                ] {
                    if loading > 0.0 {
                        assert!(a >= b, "{}: {axis} fell from {b} to {a}", target.id);
                    } else if loading < 0.0 {
                        assert!(a <= b, "{}: {axis} rose from {b} to {a}", target.id);
                    } else {
                        assert_eq!(a, b, "{}: {axis} moved without a loading", target.id);
                    }
                }
            }
        }
    }

    #[test]
    fn axis_weights_of_v1() {
        let q = questionnaire::v1();
        assert!((Axis::Focus.weight(q) - 11.7).abs() < 1e-9);
        assert!((Axis::Autonomy.weight(q) - 12.4).abs() < 1e-9);
    }
}
