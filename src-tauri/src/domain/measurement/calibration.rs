//! Calibration from data: replacing the prior SEM by one estimated from a coach's caseload
//! (Cronbach's α with Feldt's interval, corrected item–total correlations) or from a leader's own
//! month-to-month series (a robust spread of changes, pulled toward the prior).

use serde::Serialize;

use super::super::answers::AnswerSheet;
use super::super::questionnaire::Questionnaire;
use super::super::scoring::{centred, Axis, Score, MIDLINE};
use super::quality::response_quality;
use super::sem::{Sem, SemSource, Sems};
use super::stats::{correlation, f_quantile, median, round_to, sample_variance};
use super::MeasurementError;

/// Fewest usable sheets (one per person, not provisional) a caseload calibration needs.
pub const MIN_CASELOAD_SHEETS: usize = 30;

/// A statement whose corrected item–total correlation is below this (or negative: keyed the
/// wrong way for how people answer it) is suspect.
pub const SUSPECT_ITEM_TOTAL: f64 = 0.20;

/// Confidence level of the interval around α.
pub const ALPHA_CONFIDENCE: f64 = 0.95;

/// Fewest assessments a leader's own series needs before it informs their SEM.
pub const MIN_OWN_SERIES: usize = 5;

/// Turns a median absolute deviation of normal data into an SD (1 / Φ⁻¹(3/4)).
pub const MAD_TO_SD: f64 = 1.4826;

/// The prior counts as this many month-to-month changes when pooled with a leader's own: the
/// own estimate gets weight n / (n + 6) for n changes (4 of 10 with five assessments, two thirds
/// after a year).
pub const PRIOR_WEIGHT_CHANGES: f64 = 6.0;

/// One statement's corrected item–total correlation on one axis.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemTotal {
    pub id: String,
    /// The statement's loading on this axis.
    pub loading: f64,
    /// Correlation of `loading × centred answer` with the weighted composite of the axis's other
    /// statements, three decimals; positive when people answer it as keyed. `null` when everyone
    /// gave it the same answer.
    pub correlation: Option<f64>,
    /// Below [`SUSPECT_ITEM_TOTAL`], negative, or undefined.
    pub suspect: bool,
}

/// What a caseload says about one axis.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AxisCalibration {
    /// Statements loading on this axis (the composite's components).
    pub statements: usize,
    /// Cronbach's α of the weighted composite, three decimals.
    pub alpha: f64,
    /// Feldt's [`ALPHA_CONFIDENCE`] interval around α, three decimals.
    pub alpha_low: f64,
    pub alpha_high: f64,
    /// SD of the axis positions between leaders, in points, two decimals.
    pub sd: f64,
    /// `sd × √(1 − α)` (α below 0 counts as 0), never below the floor.
    pub sem: Sem,
    /// Per statement, in questionnaire order.
    pub items: Vec<ItemTotal>,
}

/// A caseload calibration of one questionnaire version.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Calibration {
    pub questionnaire: String,
    /// Sheets used.
    pub sheets: usize,
    /// Provisional sheets left out.
    pub left_out: usize,
    pub focus: AxisCalibration,
    pub autonomy: AxisCalibration,
}

impl Calibration {
    pub fn sems(&self) -> Sems {
        Sems {
            focus: self.focus.sem,
            autonomy: self.autonomy.sem,
        }
    }
}

/// Calibrates from `sheets`: one per person, all of one questionnaire version. Provisional
/// sheets (any response-quality flag from the answers) and sheets with a statement that did not
/// come up are left out (complete cases only: α needs every statement from every row); at least
/// [`MIN_CASELOAD_SHEETS`] must remain.
pub fn calibrate(sheets: &[AnswerSheet]) -> Result<Calibration, MeasurementError> {
    let Some(first) = sheets.first() else {
        return Err(MeasurementError::TooFewSheets {
            found: 0,
            needed: MIN_CASELOAD_SHEETS,
        });
    };
    let q = first.questionnaire();
    if let Some(other) = sheets
        .iter()
        .find(|s| s.questionnaire().version != q.version)
    {
        return Err(MeasurementError::MixedQuestionnaires {
            expected: q.version.clone(),
            found: other.questionnaire().version.clone(),
        });
    }
    let rows: Vec<Vec<f64>> = sheets
        .iter()
        .filter(|s| s.is_complete() && !response_quality(s, None).provisional)
        .map(|s| s.answers().map(|(_, v)| centred(&q.scale, v)).collect())
        .collect();
    if rows.len() < MIN_CASELOAD_SHEETS {
        return Err(MeasurementError::TooFewSheets {
            found: rows.len(),
            needed: MIN_CASELOAD_SHEETS,
        });
    }
    Ok(Calibration {
        questionnaire: q.version.clone(),
        sheets: rows.len(),
        left_out: sheets.len() - rows.len(),
        focus: calibrate_axis(q, Axis::Focus, &rows),
        autonomy: calibrate_axis(q, Axis::Autonomy, &rows),
    })
}

/// One axis from rows of centred answers (one row per person, questionnaire order).
fn calibrate_axis(q: &Questionnaire, axis: Axis, rows: &[Vec<f64>]) -> AxisCalibration {
    let loaded: Vec<(usize, f64)> = q
        .items
        .iter()
        .enumerate()
        .map(|(i, item)| (i, axis.loading(item)))
        .filter(|(_, w)| *w != 0.0)
        .collect();
    // Components: column j holds loading × centred answer of the j-th loaded statement.
    let columns: Vec<Vec<f64>> = loaded
        .iter()
        .map(|(i, w)| rows.iter().map(|row| w * row[*i]).collect())
        .collect();
    let totals: Vec<f64> = (0..rows.len())
        .map(|r| columns.iter().map(|c| c[r]).sum())
        .collect();
    let alpha = cronbach_alpha(&columns);
    let (low, high) = feldt_interval(alpha, rows.len(), columns.len(), ALPHA_CONFIDENCE);
    let weight = axis.weight(q);
    let sd = if weight > 0.0 {
        MIDLINE * sample_variance(&totals).sqrt() / weight
    } else {
        0.0
    };
    let items = loaded
        .iter()
        .zip(&columns)
        .map(|((i, w), column)| {
            let rest: Vec<f64> = totals.iter().zip(column).map(|(t, y)| t - y).collect();
            let r = correlation(column, &rest).map(|r| round_to(r, 3));
            ItemTotal {
                id: q.items[*i].id.clone(),
                loading: *w,
                correlation: r,
                suspect: r.is_none_or(|r| r < SUSPECT_ITEM_TOTAL),
            }
        })
        .collect();
    AxisCalibration {
        statements: columns.len(),
        alpha: round_to(alpha, 3),
        alpha_low: round_to(low, 3),
        alpha_high: round_to(high, 3),
        sd: round_to(sd, 2),
        sem: Sem::new(sd * (1.0 - alpha.max(0.0)).sqrt(), SemSource::Caseload),
        items,
    }
}

/// Cronbach's α of a composite from its components (one column per component, one entry per
/// person): `k / (k − 1) · (1 − Σ var(componentᵢ) / var(total))`. 0 when the total does not vary
/// or there are fewer than two components.
pub fn cronbach_alpha(columns: &[Vec<f64>]) -> f64 {
    let k = columns.len();
    let n = columns.first().map_or(0, Vec::len);
    if k < 2 || n < 2 {
        return 0.0;
    }
    let totals: Vec<f64> = (0..n).map(|r| columns.iter().map(|c| c[r]).sum()).collect();
    let total_variance = sample_variance(&totals);
    if total_variance <= 0.0 {
        return 0.0;
    }
    let parts: f64 = columns.iter().map(|c| sample_variance(c)).sum();
    k as f64 / (k as f64 - 1.0) * (1.0 - parts / total_variance)
}

/// Feldt's (1965) confidence interval for α from `n` people and `k` components:
/// `1 − (1 − α)·F_{1−γ/2}` to `1 − (1 − α)·F_{γ/2}`, with F on n − 1 and (n − 1)(k − 1) degrees
/// of freedom and γ = 1 − `confidence`.
pub fn feldt_interval(alpha: f64, n: usize, k: usize, confidence: f64) -> (f64, f64) {
    if n < 2 || k < 2 {
        return (f64::NEG_INFINITY, 1.0);
    }
    let d1 = n as f64 - 1.0;
    let d2 = d1 * (k as f64 - 1.0);
    let tail = (1.0 - confidence) / 2.0;
    let low = 1.0 - (1.0 - alpha) * f_quantile(1.0 - tail, d1, d2);
    let high = 1.0 - (1.0 - alpha) * f_quantile(tail, d1, d2);
    (low, high)
}

/// A leader's own SEM on one axis from their positions in date order (at least
/// [`MIN_OWN_SERIES`], none provisional): `1.4826 × median |xᵢ₊₁ − xᵢ| / √2` estimates the noise
/// of one assessment if the leader stood still (a real move is one large change, which the median
/// shrugs off). With n changes it is pooled with `prior` as variances,
/// `SEM² = w·own² + (1 − w)·prior²` with `w = n / (n + 6)`, and never goes below the floor.
pub fn own_series_sem(positions: &[f64], prior: Sem) -> Result<Sem, MeasurementError> {
    if positions.len() < MIN_OWN_SERIES {
        return Err(MeasurementError::TooFewAssessments {
            found: positions.len(),
            needed: MIN_OWN_SERIES,
        });
    }
    let changes: Vec<f64> = positions.windows(2).map(|p| (p[1] - p[0]).abs()).collect();
    let own = MAD_TO_SD * median(&changes) / std::f64::consts::SQRT_2;
    let n = changes.len() as f64;
    let w = n / (n + PRIOR_WEIGHT_CHANGES);
    let pooled = (w * own * own + (1.0 - w) * prior.value().powi(2)).sqrt();
    Ok(Sem::new(pooled, SemSource::OwnSeries))
}

/// Both axes' own-series SEMs from a leader's scores in date order.
pub fn own_series_sems(series: &[Score], prior: &Sems) -> Result<Sems, MeasurementError> {
    let focus: Vec<f64> = series.iter().map(|s| s.focus).collect();
    let autonomy: Vec<f64> = series.iter().map(|s| s.autonomy).collect();
    Ok(Sems {
        focus: own_series_sem(&focus, prior.focus)?,
        autonomy: own_series_sem(&autonomy, prior.autonomy)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alpha_of_parallel_and_of_unrelated_components() {
        // Three identical components: α = 1. Independent ones: α near 0.
        let same = vec![vec![1.0, 2.0, 3.0, 4.0]; 3];
        assert!((cronbach_alpha(&same) - 1.0).abs() < 1e-12);
        let unrelated = vec![vec![1.0, -1.0, 1.0, -1.0], vec![1.0, 1.0, -1.0, -1.0]];
        assert!(cronbach_alpha(&unrelated).abs() < 1e-12);
        assert_eq!(cronbach_alpha(&[vec![1.0; 5], vec![2.0; 5]]), 0.0);
    }

    #[test]
    fn feldt_interval_brackets_alpha_and_narrows_with_more_people() {
        let (lo30, hi30) = feldt_interval(0.8, 30, 20, 0.95);
        let (lo300, hi300) = feldt_interval(0.8, 300, 20, 0.95);
        assert!(lo30 < lo300 && lo300 < 0.8 && 0.8 < hi300 && hi300 < hi30);
        // By hand: F_.975(29, 551) = 1.6034 (mpmath), so the lower end is 1 − 0.2 × 1.6034.
        assert!((lo30 - (1.0 - 0.2 * 1.603_418_431_74)).abs() < 1e-6);
    }

    #[test]
    fn own_series_is_robust_and_pulled_toward_the_prior() {
        let prior = Sem::new(5.5, SemSource::Prior);
        // Changes of 2 points each month: own SEM = 1.4826 × 2 / √2 = 2.10; 9 changes → w = .6.
        let steady = [50.0, 52.0, 50.0, 52.0, 50.0, 52.0, 50.0, 52.0, 50.0, 52.0];
        let sem = own_series_sem(&steady, prior).unwrap();
        let expected = (0.6 * (MAD_TO_SD * 2.0 / 2_f64.sqrt()).powi(2) + 0.4 * 5.5_f64.powi(2))
            .sqrt()
            .max(3.0);
        assert!((sem.value() - expected).abs() < 1e-12);
        assert_eq!(sem.source(), SemSource::OwnSeries);
        // One real jump of 30 points barely moves the median change.
        let jump = [50.0, 52.0, 50.0, 80.0, 82.0, 80.0, 82.0, 80.0, 82.0, 80.0];
        assert!((own_series_sem(&jump, prior).unwrap().value() - sem.value()).abs() < 1e-12);
        // Very steady answers still leave the SEM at the floor or above.
        let flat = [50.0; 8];
        assert!(
            own_series_sem(&flat, Sem::new(3.0, SemSource::Prior))
                .unwrap()
                .value()
                >= 3.0
        );
        assert_eq!(
            own_series_sem(&steady[..4], prior),
            Err(MeasurementError::TooFewAssessments {
                found: 4,
                needed: MIN_OWN_SERIES
            })
        );
    }
}
