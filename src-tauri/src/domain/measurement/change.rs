//! When a difference is more than noise: change between two assessments (Jacobson–Truax), the
//! perception gap between two raters, the change of that gap, and which axis is weaker.
//!
//! Every comparison is a difference `d` of independent measurements with standard error
//! `se = √(Σ SEMᵢ²)`. It is **reliable** when |d| ≥ 1.96·se (a 5% false alarm rate for a leader
//! who did not change), **possible** from 1.0·se (about one in three unchanged leaders gets there
//! by chance, so it is worth a look, not a claim), and **within noise** below that.

use serde::Serialize;

use super::super::scoring::{Axis, Score};
use super::sem::{Sem, SemSource, Sems};
use super::stats::round_to;

/// A difference is possible from this many standard errors of the difference.
pub const POSSIBLE_Z: f64 = 1.0;

/// A difference is reliable from this many standard errors of the difference (two-sided 95%).
pub const RELIABLE_Z: f64 = 1.96;

/// Whether a difference is more than noise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ChangeVerdict {
    WithinNoise,
    Possible,
    Reliable,
}

/// A difference on one axis, judged against its noise. All figures in points on 0..100 (or points
/// per month for a trend), rounded: `delta` and the thresholds to one decimal (two for a trend's
/// slope), `se` to two.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct AxisVerdict {
    /// The difference (later − earlier, other − self, or a slope).
    pub delta: f64,
    /// Its standard error.
    pub se: f64,
    /// |delta| from here on is `possible`: [`POSSIBLE_Z`] × se.
    pub possible_from: f64,
    /// |delta| from here on is `reliable`: [`RELIABLE_Z`] × se.
    pub reliable_from: f64,
    pub verdict: ChangeVerdict,
    /// The weakest source among the SEMs behind `se`.
    pub sem_source: SemSource,
}

/// Judges a difference `delta` with standard error `se`, both rounded to `decimals` before they
/// are compared (so the figures shown are the figures judged).
pub fn judge_rounded(delta: f64, se: f64, sem_source: SemSource, decimals: i32) -> AxisVerdict {
    let delta = round_to(delta, decimals);
    let possible_from = round_to(POSSIBLE_Z * se, decimals);
    let reliable_from = round_to(RELIABLE_Z * se, decimals);
    let verdict = if delta.abs() >= reliable_from {
        ChangeVerdict::Reliable
    } else if delta.abs() >= possible_from {
        ChangeVerdict::Possible
    } else {
        ChangeVerdict::WithinNoise
    };
    AxisVerdict {
        delta,
        se: round_to(se, 2),
        possible_from,
        reliable_from,
        verdict,
        sem_source,
    }
}

/// Judges a difference of positions (one decimal, like positions).
pub fn judge(delta: f64, se: f64, sem_source: SemSource) -> AxisVerdict {
    judge_rounded(delta, se, sem_source, 1)
}

/// A position together with the SEMs it was measured with.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct MeasuredPosition {
    pub focus: f64,
    pub autonomy: f64,
    pub sems: Sems,
}

impl MeasuredPosition {
    pub fn new(score: &Score, sems: Sems) -> MeasuredPosition {
        MeasuredPosition {
            focus: score.focus,
            autonomy: score.autonomy,
            sems,
        }
    }

    pub fn on(&self, axis: Axis) -> (f64, Sem) {
        match axis {
            Axis::Focus => (self.focus, self.sems.focus),
            Axis::Autonomy => (self.autonomy, self.sems.autonomy),
        }
    }
}

/// One verdict per axis.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Verdicts {
    pub focus: AxisVerdict,
    pub autonomy: AxisVerdict,
}

impl Verdicts {
    fn per_axis(judge_axis: impl Fn(Axis) -> AxisVerdict) -> Verdicts {
        Verdicts {
            focus: judge_axis(Axis::Focus),
            autonomy: judge_axis(Axis::Autonomy),
        }
    }

    pub fn for_axis(&self, axis: Axis) -> AxisVerdict {
        match axis {
            Axis::Focus => self.focus,
            Axis::Autonomy => self.autonomy,
        }
    }
}

/// `later − earlier` on one axis, with the standard error of that difference.
fn difference(earlier: &MeasuredPosition, later: &MeasuredPosition, axis: Axis) -> (f64, Sem, Sem) {
    let (x1, s1) = earlier.on(axis);
    let (x2, s2) = later.on(axis);
    (x2 - x1, s1, s2)
}

/// The change from one assessment to a later one (Jacobson–Truax): reliable from
/// 1.96·√(SEM₁² + SEM₂²), which is 1.96·√2·SEM when both SEMs are equal.
pub fn change(before: &MeasuredPosition, after: &MeasuredPosition) -> Verdicts {
    Verdicts::per_axis(|axis| {
        let (delta, s1, s2) = difference(before, after, axis);
        let (se, source) = s1.of_difference(s2);
        judge(delta, se, source)
    })
}

/// The perception gap `other − self` between two raters' assessments of the same period:
/// meaningful (reliable) only from 1.96·√(SEM_self² + SEM_other²).
pub fn gap(self_view: &MeasuredPosition, other_view: &MeasuredPosition) -> Verdicts {
    change(self_view, other_view)
}

/// How the perception gap moved between an earlier pair `(self, other)` and a later one:
/// `(other₂ − self₂) − (other₁ − self₁)`, with se = √ of the sum of the four SEM².
/// A negative delta on an axis where the gap was positive means the gap is closing.
pub fn gap_trend(
    earlier: (&MeasuredPosition, &MeasuredPosition),
    later: (&MeasuredPosition, &MeasuredPosition),
) -> Verdicts {
    Verdicts::per_axis(|axis| {
        let (g1, a1, b1) = difference(earlier.0, earlier.1, axis);
        let (g2, a2, b2) = difference(later.0, later.1, axis);
        let (se1, src1) = a1.of_difference(b1);
        let (se2, src2) = a2.of_difference(b2);
        judge(g2 - g1, se1.hypot(se2), src1.weakest(src2))
    })
}

/// Which axis of one position is weaker, if that is more than noise.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct WeakerAxis {
    /// The lower axis when the difference is reliable; `null` when the two are within noise (then
    /// offer one action per axis).
    pub weaker: Option<Axis>,
    /// `focus − autonomy`, one decimal.
    pub difference: f64,
    /// |difference| from here on names a weaker axis: 1.96·√(SEM_focus² + SEM_autonomy²).
    pub reliable_from: f64,
    pub sem_source: SemSource,
}

/// Compares the two axes of one position. Their errors are independent (different statements),
/// so the difference has se = √(SEM_f² + SEM_a²); only a `reliable` difference names an axis.
pub fn weaker_axis(position: &MeasuredPosition) -> WeakerAxis {
    let (se, source) = position.sems.focus.of_difference(position.sems.autonomy);
    let v = judge(position.focus - position.autonomy, se, source);
    let weaker = (v.verdict == ChangeVerdict::Reliable).then_some(if v.delta < 0.0 {
        Axis::Focus
    } else {
        Axis::Autonomy
    });
    WeakerAxis {
        weaker,
        difference: v.delta,
        reliable_from: v.reliable_from,
        sem_source: source,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(focus: f64, autonomy: f64, sem: f64, source: SemSource) -> MeasuredPosition {
        MeasuredPosition {
            focus,
            autonomy,
            sems: Sems {
                focus: Sem::new(sem, source),
                autonomy: Sem::new(sem, source),
            },
        }
    }

    #[test]
    fn change_thresholds_are_jacobson_truax() {
        // SEM 5 on both: se = 5√2 = 7.07; possible from 7.1, reliable from 1.96 × 7.07 = 13.86 → 13.9.
        let before = at(50.0, 50.0, 5.0, SemSource::Prior);
        for (delta, expected) in [
            (0.0, ChangeVerdict::WithinNoise),
            (7.0, ChangeVerdict::WithinNoise),
            (7.1, ChangeVerdict::Possible),
            (-13.8, ChangeVerdict::Possible),
            (13.9, ChangeVerdict::Reliable),
            (-20.0, ChangeVerdict::Reliable),
        ] {
            let after = at(50.0 + delta, 50.0, 5.0, SemSource::Prior);
            let v = change(&before, &after).focus;
            assert_eq!(v.verdict, expected, "a move of {delta}");
            assert_eq!((v.possible_from, v.reliable_from), (7.1, 13.9));
            assert_eq!(v.se, 7.07);
        }
    }

    #[test]
    fn verdicts_serialize_with_their_thresholds_and_source() {
        let v = change(
            &at(40.0, 50.0, 5.0, SemSource::Prior),
            &at(60.0, 50.0, 4.0, SemSource::OwnSeries),
        );
        assert_eq!(
            serde_json::to_value(v.focus).unwrap(),
            serde_json::json!({
                "delta": 20.0, "se": 6.4, "possible_from": 6.4, "reliable_from": 12.6,
                "verdict": "reliable", "sem_source": "prior"
            })
        );
        assert_eq!(
            serde_json::to_value(v.autonomy.verdict).unwrap(),
            "within-noise"
        );
        assert_eq!(
            serde_json::to_value(ChangeVerdict::Possible).unwrap(),
            "possible"
        );
    }

    #[test]
    fn a_gap_is_other_minus_self() {
        let own = at(70.0, 40.0, 5.0, SemSource::Prior);
        let coach = at(55.0, 42.0, 5.0, SemSource::Prior);
        let g = gap(&own, &coach);
        assert_eq!(g.focus.delta, -15.0);
        assert_eq!(g.focus.verdict, ChangeVerdict::Reliable);
        assert_eq!(g.autonomy.verdict, ChangeVerdict::WithinNoise);
    }

    #[test]
    fn gap_trend_has_the_noise_of_four_measurements() {
        let earlier = (
            at(70.0, 40.0, 5.0, SemSource::Prior),
            at(50.0, 40.0, 5.0, SemSource::Prior),
        );
        let later = (
            at(70.0, 40.0, 5.0, SemSource::Prior),
            at(65.0, 40.0, 5.0, SemSource::Prior),
        );
        let t = gap_trend((&earlier.0, &earlier.1), (&later.0, &later.1));
        // Gap −20 → −5: +15; se = √(4 × 25) = 10; reliable from 19.6.
        assert_eq!(t.focus.delta, 15.0);
        assert_eq!(t.focus.se, 10.0);
        assert_eq!(t.focus.reliable_from, 19.6);
        assert_eq!(t.focus.verdict, ChangeVerdict::Possible);
    }

    #[test]
    fn a_weaker_axis_is_named_only_beyond_noise() {
        // se = 5√2, reliable from 13.9.
        for (focus, autonomy, expected) in [
            (70.0, 50.0, Some(Axis::Autonomy)),
            (40.0, 60.0, Some(Axis::Focus)),
            (60.0, 50.0, None),
            (50.0, 63.8, None),
        ] {
            let w = weaker_axis(&at(focus, autonomy, 5.0, SemSource::Prior));
            assert_eq!(w.weaker, expected, "at ({focus}, {autonomy})");
            assert_eq!(w.reliable_from, 13.9);
        }
    }
}
