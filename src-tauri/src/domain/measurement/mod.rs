//! Measurement a coach can trust: how uncertain a position is, when a change or a gap is real,
//! how trustworthy an answer sheet looks, and how to calibrate all of that from data.
//!
//! Every figure Bearing shows is a measurement with error. This module turns the scoring formula
//! (`scoring.rs`) and stated priors into a standard error of measurement (SEM) per axis, and uses
//! it everywhere a claim is made: the position's interval and quadrant probabilities
//! ([`position`]), change, gap and ranking verdicts ([`change`]), trends over months ([`trend`]),
//! response-quality flags ([`quality`]) and calibration from a caseload or a leader's own series
//! ([`calibration`]). `docs/scoring.md`, section "Uncertainty and change", states the rules and a
//! worked example that a unit test keeps true.
//!
//! Pure: values in, values or [`MeasurementError`] out.

pub mod calibration;
pub mod change;
pub mod position;
pub mod quality;
pub mod sem;
pub mod stats;
pub mod trend;

#[cfg(test)]
mod sim;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_v2;

use serde::Serialize;

use super::answers::AnswerSheet;
use super::scoring::{score, Axis};

pub use calibration::{
    calibrate, own_series_sem, own_series_sems, AxisCalibration, Calibration, ItemTotal,
};
pub use change::{
    change, gap, gap_trend, judge, weaker_axis, AxisVerdict, ChangeVerdict, MeasuredPosition,
    Verdicts, WeakerAxis,
};
pub use position::{headline, Certainty, Headline, QuadrantProbabilities, Uncertainty};
pub use quality::{join_flags, parse_flags, response_quality, FlagNote, Quality, QualityFlag};
pub use sem::{prior_sems, prior_sems_for_items, sems_for_sheet, Sem, SemSource, Sems};
pub use trend::{trend, DatedPosition, Trend};

/// Why a measurement could not be made. Messages say what is missing.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum MeasurementError {
    #[error("no answered statement loads on the {axis} axis, so it has no standard error")]
    NoLoadings { axis: &'static str },
    #[error("calibration needs at least {needed} usable sheets of one questionnaire, one per person; found {found}")]
    TooFewSheets { found: usize, needed: usize },
    #[error("calibration mixes questionnaire versions: expected {expected}, found {found}")]
    MixedQuestionnaires { expected: String, found: String },
    #[error("this needs at least {needed} assessments; found {found}")]
    TooFewAssessments { found: usize, needed: usize },
    #[error("the assessments span no time, so no trend per month can be fitted")]
    NoTimeSpan,
}

/// The name of an axis as messages use it.
pub(crate) fn axis_name(axis: Axis) -> &'static str {
    match axis {
        Axis::Focus => "focus",
        Axis::Autonomy => "autonomy",
    }
}

/// Everything measurement says about one sheet: the headline with its uncertainty, and the
/// response-quality flags (a flagged sheet is provisional and never `clear`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reading {
    #[serde(flatten)]
    pub headline: Headline,
    #[serde(flatten)]
    pub quality: Quality,
}

/// Scores `sheet`, checks how it was answered (`durations`: seconds spent on each statement, if
/// the window recorded them) and reads the position with the given SEMs (usually
/// [`prior_sems`] of the sheet's questionnaire, or a calibration's).
pub fn read_sheet(sheet: &AnswerSheet, sems: &Sems, durations: Option<&[f64]>) -> Reading {
    let s = score(sheet);
    let quality = response_quality(sheet, durations);
    let headline = headline(
        s.focus,
        s.autonomy,
        &sems_for_sheet(sems, sheet),
        quality.provisional,
    );
    Reading { headline, quality }
}
