//! How sure a position is: an interval per axis, a probability per quadrant, and whether the
//! headline may name a quadrant (`clear`), lean toward one (`leaning`), or must say "centre".
//!
//! Per axis the true position is taken as normal around the measured one with SD = SEM, so
//! P(high side) = Φ((x − 50) / SEM); the axes' errors are independent (different statements,
//! independent answer noise), so a quadrant's probability is the product of its two sides'.

use std::collections::BTreeMap;

use serde::Serialize;

use super::super::quadrant::Quadrant;
use super::super::scoring::MIDLINE;
use super::sem::{Sem, Sems};
use super::stats::{normal_cdf, round_to};

/// The two-sided 95% normal quantile: intervals are ±1.96 SEM.
pub const Z_95: f64 = 1.96;

/// The headline is [`Certainty::Clear`] when its quadrant has at least this probability.
pub const CLEAR_FROM: f64 = 0.80;

/// The headline names a quadrant only when it is more likely than not: above this probability.
/// When no quadrant is, the headline is [`Certainty::Centre`].
pub const LIKELY_ABOVE: f64 = 0.5;

/// One axis's interval: the measured position ± [`Z_95`] SEM, clamped to 0..100.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct AxisUncertainty {
    /// The SEM in points, two decimals.
    pub sem: f64,
    /// Lower end of the 95% interval, one decimal.
    pub low: f64,
    /// Upper end of the 95% interval, one decimal.
    pub high: f64,
}

/// Both axes' intervals.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Uncertainty {
    pub focus: AxisUncertainty,
    pub autonomy: AxisUncertainty,
}

/// The interval of one axis position.
pub fn axis_uncertainty(position: f64, sem: Sem) -> AxisUncertainty {
    let half = Z_95 * sem.value();
    AxisUncertainty {
        sem: round_to(sem.value(), 2),
        low: round_to((position - half).clamp(0.0, 100.0), 1),
        high: round_to((position + half).clamp(0.0, 100.0), 1),
    }
}

/// The intervals of a position.
pub fn uncertainty(focus: f64, autonomy: f64, sems: &Sems) -> Uncertainty {
    Uncertainty {
        focus: axis_uncertainty(focus, sems.focus),
        autonomy: axis_uncertainty(autonomy, sems.autonomy),
    }
}

/// The probability that the true position lies on the high side of the midline (50 and above).
pub fn p_high(position: f64, sem: Sem) -> f64 {
    normal_cdf((position - MIDLINE) / sem.value())
}

/// One probability per quadrant; serializes as `{"low-everything": p, "tech-busywork": p, …}`.
pub type QuadrantProbabilities = BTreeMap<Quadrant, f64>;

/// The probability of each quadrant; they sum to 1.
pub fn quadrant_probabilities(focus: f64, autonomy: f64, sems: &Sems) -> QuadrantProbabilities {
    let (pf, pa) = (p_high(focus, sems.focus), p_high(autonomy, sems.autonomy));
    Quadrant::ALL
        .into_iter()
        .map(|q| {
            let f = if q.high_focus() { pf } else { 1.0 - pf };
            let a = if q.high_autonomy() { pa } else { 1.0 - pa };
            (q, f * a)
        })
        .collect()
}

/// The quadrants from most to least probable; ties keep [`Quadrant::ALL`] order.
pub fn ranked(probabilities: &QuadrantProbabilities) -> Vec<Quadrant> {
    let mut list: Vec<(Quadrant, f64)> = probabilities.iter().map(|(q, p)| (*q, *p)).collect();
    list.sort_by(|a, b| b.1.total_cmp(&a.1));
    list.into_iter().map(|(q, _)| q).collect()
}

/// How firmly the headline may name a quadrant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Certainty {
    /// The top quadrant has probability ≥ [`CLEAR_FROM`], and the sheet is not provisional.
    Clear,
    /// The top quadrant is more likely than not, but not clear (or the sheet is provisional).
    Leaning,
    /// No quadrant is more likely than not: "Centre: no clear quadrant yet".
    Centre,
}

/// The certainty of a headline. A provisional sheet (one with a response-quality flag) is at most
/// [`Certainty::Leaning`]: its answers are in doubt, so its position cannot be clear.
pub fn certainty(probabilities: &QuadrantProbabilities, provisional: bool) -> Certainty {
    let top = probabilities.values().copied().fold(0.0, f64::max);
    if top <= LIKELY_ABOVE {
        Certainty::Centre
    } else if top >= CLEAR_FROM && !provisional {
        Certainty::Clear
    } else {
        Certainty::Leaning
    }
}

/// What the window's headline may say about a position.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Headline {
    /// The most probable quadrant, or `null` when the certainty is `centre`.
    pub quadrant: Option<Quadrant>,
    pub certainty: Certainty,
    pub probabilities: QuadrantProbabilities,
    /// All four quadrants, most probable first: the nearest ones to name at the centre.
    pub ranked: Vec<Quadrant>,
    pub uncertainty: Uncertainty,
}

/// The headline for a position measured with `sems`.
pub fn headline(focus: f64, autonomy: f64, sems: &Sems, provisional: bool) -> Headline {
    let probabilities = quadrant_probabilities(focus, autonomy, sems);
    let ranked = ranked(&probabilities);
    let certainty = certainty(&probabilities, provisional);
    Headline {
        quadrant: (certainty != Certainty::Centre)
            .then(|| ranked.first().copied())
            .flatten(),
        certainty,
        probabilities,
        ranked,
        uncertainty: uncertainty(focus, autonomy, sems),
    }
}

#[cfg(test)]
mod tests {
    use super::super::sem::SemSource;
    use super::*;

    fn sems(focus: f64, autonomy: f64) -> Sems {
        Sems {
            focus: Sem::new(focus, SemSource::Prior),
            autonomy: Sem::new(autonomy, SemSource::Prior),
        }
    }

    #[test]
    fn probabilities_sum_to_one_everywhere() {
        let s = sems(5.5, 5.5);
        for f in (0..=100).step_by(5) {
            for a in (0..=100).step_by(5) {
                let p = quadrant_probabilities(f64::from(f), f64::from(a), &s);
                assert_eq!(p.len(), 4);
                let total: f64 = p.values().sum();
                assert!((total - 1.0).abs() < 1e-12, "({f}, {a}) sums to {total}");
            }
        }
    }

    #[test]
    fn the_exact_centre_is_a_quarter_each_and_names_no_quadrant() {
        let h = headline(50.0, 50.0, &sems(5.5, 5.5), false);
        assert!(h.probabilities.values().all(|p| *p == 0.25));
        assert_eq!(h.certainty, Certainty::Centre);
        assert_eq!(h.quadrant, None);
        assert_eq!(h.ranked, Quadrant::ALL.to_vec());
    }

    #[test]
    fn certainty_levels_follow_the_documented_cut_offs() {
        let s = sems(5.0, 5.0);
        // (focus, autonomy, provisional, expected)
        for (f, a, provisional, expected) in [
            (95.0, 95.0, false, Certainty::Clear),
            (95.0, 95.0, true, Certainty::Leaning),
            // P(high) = Φ(1) = .84 on each axis: the top quadrant has .71.
            (55.0, 55.0, false, Certainty::Leaning),
            // Φ(2) = .977 on focus but a coin toss on autonomy: no quadrant above .5.
            (60.0, 50.0, false, Certainty::Centre),
            (60.0, 52.0, false, Certainty::Leaning),
            (5.0, 5.0, false, Certainty::Clear),
        ] {
            let p = quadrant_probabilities(f, a, &s);
            assert_eq!(certainty(&p, provisional), expected, "at ({f}, {a})");
        }
    }

    #[test]
    fn centre_still_ranks_the_nearest_quadrants() {
        // P(high focus) = Φ(1.2) = .885, P(high autonomy) = Φ(−0.1) = .460: the top quadrant has .478.
        let h = headline(56.0, 49.5, &sems(5.0, 5.0), false);
        assert_eq!(h.certainty, Certainty::Centre);
        assert_eq!(
            &h.ranked[..2],
            &[Quadrant::GlorifiedManager, Quadrant::ImpactGalore]
        );
    }

    #[test]
    fn intervals_are_clamped_and_rounded() {
        let u = axis_uncertainty(97.0, Sem::new(5.536, SemSource::Prior));
        assert_eq!(u.sem, 5.54);
        assert_eq!(u.low, 86.1);
        assert_eq!(u.high, 100.0);
        assert_eq!(
            serde_json::to_value(u).unwrap(),
            serde_json::json!({"sem": 5.54, "low": 86.1, "high": 100.0})
        );
    }

    #[test]
    fn headline_serializes_with_quadrant_ids() {
        let h = headline(50.0, 50.0, &sems(5.0, 5.0), false);
        let json = serde_json::to_value(&h).unwrap();
        assert_eq!(json["certainty"], "centre");
        assert_eq!(json["quadrant"], serde_json::Value::Null);
        assert_eq!(json["probabilities"]["impact-galore"], 0.25);
        assert_eq!(json["ranked"][0], "low-everything");
        assert_eq!(json["uncertainty"]["focus"]["low"], 40.2);
    }
}
