//! The standard error of measurement (SEM) of each axis: derived from the questionnaire's
//! loadings and a stated prior on answer noise, or estimated from data (see `calibration.rs`).
//!
//! The position of an axis is `50 + 50 · Σ wᵢ·cᵢ / Σ|wᵢ|` with `cᵢ = (answerᵢ − mid) / half`
//! (`scoring.rs`). If each answer carries independent noise of SD σ scale points, each `cᵢ`
//! carries σ / half, and the position carries
//!
//! `SEM = 50 · (σ / half) · √(Σ wᵢ²) / Σ|wᵢ|`
//!
//! over the statements that were answered. For questionnaire v1 (σ = 0.9, half = 2) that is
//! 5.54 points on focus and 5.47 on autonomy.

use serde::Serialize;

use super::super::answers::AnswerSheet;
use super::super::questionnaire::{Item, Questionnaire, Scale};
use super::super::scoring::{Axis, MIDLINE};
use super::{axis_name, MeasurementError};

/// Prior: the SD, in scale points, by which an honest answer to one statement wobbles between
/// two answerings of the same month (about one step on a five-point scale for most statements).
pub const PRIOR_ANSWER_SD: f64 = 0.9;

/// Prior: the SD, in points, of observed axis positions between leaders (most leaders within
/// ±24 points of the midline). Only used to state the reliability the priors imply:
/// `r = 1 − SEM² / SD²`, about .79 for v1, inside the .75–.85 typical of such composites.
pub const PRIOR_BETWEEN_LEADERS_SD: f64 = 12.0;

/// No SEM, whatever its source, is taken to be smaller than this many points: a handful of
/// five-point statements cannot place anyone more precisely, however consistent the data look.
pub const SEM_FLOOR: f64 = 3.0;

/// Where an SEM comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SemSource {
    /// Derived from the questionnaire and [`PRIOR_ANSWER_SD`]; no data.
    Prior,
    /// Estimated from a caseload: Cronbach's α over many leaders' sheets.
    Caseload,
    /// Estimated from this leader's own month-to-month changes.
    OwnSeries,
}

impl SemSource {
    /// The source to report for a figure built from two SEMs: [`SemSource::Prior`] if either is a
    /// prior (the figure is no better founded than its weakest part), else the earlier in
    /// declaration order.
    pub fn weakest(self, other: SemSource) -> SemSource {
        self.min(other)
    }
}

/// A standard error of measurement in points on the 0..100 axis, never below [`SEM_FLOOR`].
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Sem {
    value: f64,
    source: SemSource,
}

impl Sem {
    /// An SEM of `value` points, raised to [`SEM_FLOOR`] if smaller (or not a number).
    pub fn new(value: f64, source: SemSource) -> Sem {
        let value = if value.is_nan() {
            SEM_FLOOR
        } else {
            value.max(SEM_FLOOR)
        };
        Sem { value, source }
    }

    /// In points, at least [`SEM_FLOOR`].
    pub fn value(self) -> f64 {
        self.value
    }

    pub fn source(self) -> SemSource {
        self.source
    }

    /// The standard error of the difference of two independent measurements:
    /// `√(SEM₁² + SEM₂²)`, with the weaker of the two sources.
    pub fn of_difference(self, other: Sem) -> (f64, SemSource) {
        (
            self.value.hypot(other.value),
            self.source.weakest(other.source),
        )
    }
}

/// One SEM per axis.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Sems {
    pub focus: Sem,
    pub autonomy: Sem,
}

impl Sems {
    pub fn for_axis(&self, axis: Axis) -> Sem {
        match axis {
            Axis::Focus => self.focus,
            Axis::Autonomy => self.autonomy,
        }
    }
}

/// The prior SEM of `axis` in points, before the floor, when exactly `items` were answered on
/// `scale` (see the module comment for the formula).
pub fn prior_sem_points<'a>(
    scale: &Scale,
    axis: Axis,
    items: impl IntoIterator<Item = &'a Item>,
) -> Result<f64, MeasurementError> {
    let (mut squares, mut weight) = (0.0_f64, 0.0_f64);
    for item in items {
        let w = axis.loading(item);
        squares += w * w;
        weight += w.abs();
    }
    if weight <= 0.0 || scale.half_range() <= 0.0 {
        return Err(MeasurementError::NoLoadings {
            axis: axis_name(axis),
        });
    }
    let centred_sd = PRIOR_ANSWER_SD / scale.half_range();
    Ok(MIDLINE * centred_sd * squares.sqrt() / weight)
}

/// The prior SEMs of both axes when only `items` of questionnaire `q` were answered (a statement
/// left out as "didn't come up" is not scored, so it adds no noise and no weight).
pub fn prior_sems_for_items(q: &Questionnaire, items: &[&Item]) -> Result<Sems, MeasurementError> {
    let sem = |axis| {
        prior_sem_points(&q.scale, axis, items.iter().copied())
            .map(|points| Sem::new(points, SemSource::Prior))
    };
    Ok(Sems {
        focus: sem(Axis::Focus)?,
        autonomy: sem(Axis::Autonomy)?,
    })
}

/// The prior SEMs of both axes for a complete sheet of questionnaire `q`.
pub fn prior_sems(q: &Questionnaire) -> Result<Sems, MeasurementError> {
    let all: Vec<&Item> = q.items.iter().collect();
    prior_sems_for_items(q, &all)
}

/// The reliability implied by an SEM and the spread of observed positions: `1 − SEM² / SD²`,
/// within 0..1.
/// `base` for one sheet: unchanged for a complete sheet; for one with statements that did not
/// come up, each axis's SEM grows by the ratio of the prior SEM of the answered statements to that
/// of all of them (fewer answers, wider error; docs/scoring.md, section 11).
pub fn sems_for_sheet(base: &Sems, sheet: &AnswerSheet) -> Sems {
    if sheet.is_complete() {
        return *base;
    }
    let q = sheet.questionnaire();
    let answered: Vec<&Item> = sheet.answers().map(|(item, _)| item).collect();
    let scaled = |axis: Axis| {
        let sem = base.for_axis(axis);
        let ratio = match (
            prior_sem_points(&q.scale, axis, answered.iter().copied()),
            prior_sem_points(&q.scale, axis, &q.items),
        ) {
            (Ok(fewer), Ok(all)) if all > 0.0 => fewer / all,
            // A validated sheet has an answer on each axis; were it not so, no claim is safe.
            _ => f64::INFINITY,
        };
        Sem::new(sem.value() * ratio, sem.source())
    };
    Sems {
        focus: scaled(Axis::Focus),
        autonomy: scaled(Axis::Autonomy),
    }
}

pub fn implied_reliability(sem: f64, between_leaders_sd: f64) -> f64 {
    if between_leaders_sd <= 0.0 {
        return 0.0;
    }
    (1.0 - (sem / between_leaders_sd).powi(2)).clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::questionnaire;

    #[test]
    fn v1_prior_sems_follow_from_the_loadings() {
        // Focus: Σ|w| = 11.7, Σw² = 8.29; autonomy: Σ|w| = 12.4, Σw² = 9.10 (questionnaire-v1.json).
        let sems = prior_sems(questionnaire::v1()).unwrap();
        let by_hand_focus = 50.0 * 0.45 * 8.29_f64.sqrt() / 11.7;
        let by_hand_autonomy = 50.0 * 0.45 * 9.10_f64.sqrt() / 12.4;
        assert!((sems.focus.value() - by_hand_focus).abs() < 1e-9);
        assert!((sems.autonomy.value() - by_hand_autonomy).abs() < 1e-9);
        assert_eq!(stats_round(sems.focus.value()), 5.54);
        assert_eq!(stats_round(sems.autonomy.value()), 5.47);
        assert_eq!(sems.focus.source(), SemSource::Prior);
    }

    fn stats_round(x: f64) -> f64 {
        super::super::stats::round_to(x, 2)
    }

    #[test]
    fn implied_reliability_of_v1_is_in_the_typical_range() {
        let sems = prior_sems(questionnaire::v1()).unwrap();
        for sem in [sems.focus, sems.autonomy] {
            let r = implied_reliability(sem.value(), PRIOR_BETWEEN_LEADERS_SD);
            assert!((0.78..0.80).contains(&r), "r = {r}");
        }
    }

    #[test]
    fn fewer_answered_statements_mean_a_larger_sem() {
        let q = questionnaire::v1();
        let all = prior_sems(q).unwrap();
        let half: Vec<&Item> = q.items.iter().step_by(2).collect();
        let fewer = prior_sems_for_items(q, &half).unwrap();
        assert!(fewer.focus.value() > all.focus.value());
        assert!(fewer.autonomy.value() > all.autonomy.value());
    }

    #[test]
    fn an_axis_with_no_answered_statement_has_no_sem() {
        let q = questionnaire::v1();
        let focus_only: Vec<&Item> = q.items.iter().filter(|i| i.autonomy == 0.0).collect();
        assert_eq!(
            prior_sems_for_items(q, &focus_only),
            Err(MeasurementError::NoLoadings { axis: "autonomy" })
        );
    }

    #[test]
    fn the_floor_holds_and_sources_serialize_as_documented() {
        assert_eq!(Sem::new(1.2, SemSource::Caseload).value(), SEM_FLOOR);
        assert_eq!(Sem::new(f64::NAN, SemSource::Caseload).value(), SEM_FLOOR);
        assert_eq!(
            serde_json::to_value(Sem::new(5.0, SemSource::OwnSeries)).unwrap(),
            serde_json::json!({"value": 5.0, "source": "own-series"})
        );
        for (source, id) in [
            (SemSource::Prior, "prior"),
            (SemSource::Caseload, "caseload"),
            (SemSource::OwnSeries, "own-series"),
        ] {
            assert_eq!(serde_json::to_value(source).unwrap(), id);
        }
        assert_eq!(
            SemSource::OwnSeries.weakest(SemSource::Prior),
            SemSource::Prior
        );
    }
}
