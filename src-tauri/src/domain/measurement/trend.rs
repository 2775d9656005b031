//! Trends over months: the slope of a least-squares line through a leader's last few positions,
//! judged against the noise of that slope.
//!
//! Why a slope rather than "mean of the last three against the three before": the slope uses
//! every assessment in the window, copes with skipped or doubled months (time is measured in
//! days, not in positions), and its standard error has a closed form. With positions xᵢ at times
//! tᵢ (months) and independent errors SEMᵢ, the ordinary least-squares slope has
//! `Var(b) = Σ (tᵢ − t̄)² SEMᵢ² / (Σ (tᵢ − t̄)²)²`, which is `SEM² / Σ (tᵢ − t̄)²` when all
//! SEMs are equal. The slope is judged like any difference (`change.rs`): reliable from 1.96 se,
//! possible from 1.0 se.

use chrono::NaiveDate;
use serde::Serialize;

use super::super::scoring::Axis;
use super::change::{judge_rounded, AxisVerdict, MeasuredPosition};
use super::stats::round_to;
use super::MeasurementError;

/// A trend is fitted over at most this many of the most recent assessments (half a year of
/// monthly ones): recent enough to describe the current direction.
pub const TREND_WINDOW: usize = 6;

/// Fewest assessments a trend is fitted to; with two, a slope is just a change.
pub const TREND_MIN_ASSESSMENTS: usize = 3;

/// Days in an average month, to turn dates into months.
pub const DAYS_PER_MONTH: f64 = 365.2425 / 12.0;

/// A position measured on a date.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct DatedPosition {
    pub date: NaiveDate,
    pub position: MeasuredPosition,
}

/// The direction of the recent assessments.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Trend {
    /// How many assessments the line was fitted to.
    pub assessments: usize,
    /// The months between the first and the last of them, one decimal.
    pub months: f64,
    /// Per axis, `delta` is the slope in points per month (two decimals).
    pub focus: AxisVerdict,
    pub autonomy: AxisVerdict,
}

/// Fits the trend of the last [`TREND_WINDOW`] assessments of `series` (in any order; sorted by
/// date here).
pub fn trend(series: &[DatedPosition]) -> Result<Trend, MeasurementError> {
    let mut points = series.to_vec();
    points.sort_by_key(|p| p.date);
    let recent = &points[points.len().saturating_sub(TREND_WINDOW)..];
    if recent.len() < TREND_MIN_ASSESSMENTS {
        return Err(MeasurementError::TooFewAssessments {
            found: recent.len(),
            needed: TREND_MIN_ASSESSMENTS,
        });
    }
    let first = recent[0].date;
    let months: Vec<f64> = recent
        .iter()
        .map(|p| (p.date - first).num_days() as f64 / DAYS_PER_MONTH)
        .collect();
    let t_mean = months.iter().sum::<f64>() / months.len() as f64;
    let sxx: f64 = months.iter().map(|t| (t - t_mean).powi(2)).sum();
    if sxx <= 0.0 {
        return Err(MeasurementError::NoTimeSpan);
    }
    let slope = |axis: Axis| {
        let values: Vec<(f64, f64, super::sem::Sem)> = recent
            .iter()
            .zip(&months)
            .map(|(p, t)| {
                let (x, sem) = p.position.on(axis);
                (*t, x, sem)
            })
            .collect();
        let x_mean = values.iter().map(|v| v.1).sum::<f64>() / values.len() as f64;
        let b = values
            .iter()
            .map(|(t, x, _)| (t - t_mean) * (x - x_mean))
            .sum::<f64>()
            / sxx;
        let variance = values
            .iter()
            .map(|(t, _, sem)| (t - t_mean).powi(2) * sem.value().powi(2))
            .sum::<f64>()
            / (sxx * sxx);
        let source = values
            .iter()
            .map(|v| v.2.source())
            .min()
            .unwrap_or(super::sem::SemSource::Prior);
        judge_rounded(b, variance.sqrt(), source, 2)
    };
    Ok(Trend {
        assessments: recent.len(),
        months: round_to(months.last().copied().unwrap_or(0.0), 1),
        focus: slope(Axis::Focus),
        autonomy: slope(Axis::Autonomy),
    })
}

#[cfg(test)]
mod tests {
    use super::super::change::ChangeVerdict;
    use super::super::sem::{Sem, SemSource, Sems};
    use super::*;

    fn point(days: i64, focus: f64, autonomy: f64) -> DatedPosition {
        let start = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap_or_default();
        let sem = Sem::new(5.0, SemSource::Prior);
        DatedPosition {
            date: start + chrono::Duration::days(days),
            position: MeasuredPosition {
                focus,
                autonomy,
                sems: Sems {
                    focus: sem,
                    autonomy: sem,
                },
            },
        }
    }

    fn monthly(focus: &[f64]) -> Vec<DatedPosition> {
        focus
            .iter()
            .enumerate()
            .map(|(i, f)| point((i as f64 * DAYS_PER_MONTH).round() as i64, *f, 50.0))
            .collect()
    }

    #[test]
    fn a_steady_climb_over_six_months_is_reliable() {
        // t = 0..5 months: Σ(t − t̄)² = 17.5, se = 5 / √17.5 = 1.20 points per month.
        let t = trend(&monthly(&[40.0, 44.0, 48.0, 52.0, 56.0, 60.0])).unwrap();
        assert_eq!(t.assessments, 6);
        assert_eq!(t.months, 5.0);
        assert!((t.focus.delta - 4.0).abs() <= 0.01, "{:?}", t.focus);
        assert!((t.focus.se - 1.2).abs() <= 0.02, "{:?}", t.focus);
        assert_eq!(t.focus.verdict, ChangeVerdict::Reliable);
        assert_eq!(t.autonomy.delta, 0.0);
        assert_eq!(t.autonomy.verdict, ChangeVerdict::WithinNoise);
    }

    #[test]
    fn only_the_last_window_counts_and_order_does_not_matter() {
        let mut series = monthly(&[90.0, 90.0, 50.0, 51.0, 49.0, 50.0, 52.0, 50.0]);
        series.reverse();
        let t = trend(&series).unwrap();
        assert_eq!(t.assessments, TREND_WINDOW);
        assert_eq!(t.focus.verdict, ChangeVerdict::WithinNoise);
    }

    #[test]
    fn a_noisy_wobble_is_not_a_trend() {
        let t = trend(&monthly(&[50.0, 58.0, 47.0, 55.0, 49.0, 56.0])).unwrap();
        assert_ne!(t.focus.verdict, ChangeVerdict::Reliable);
    }

    #[test]
    fn too_few_or_simultaneous_assessments_are_refused() {
        assert_eq!(
            trend(&monthly(&[50.0, 60.0])),
            Err(MeasurementError::TooFewAssessments {
                found: 2,
                needed: TREND_MIN_ASSESSMENTS
            })
        );
        let same_day = vec![point(3, 50.0, 50.0); 4];
        assert_eq!(trend(&same_day), Err(MeasurementError::NoTimeSpan));
    }
}
