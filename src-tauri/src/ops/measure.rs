//! Which standard error of measurement a claim about a person uses, and how reliable the
//! questionnaire has proved in this database (the "How reliable is this?" view and
//! `bearing reliability`).
//!
//! Order of preference for a person's SEM: their own month-to-month noise once they have
//! [`MIN_OWN_SERIES`] usable own assessments (pulled toward the base), else this database's
//! caseload calibration once it holds [`MIN_CASELOAD_SHEETS`] independent sheets, else the
//! documented prior. Provisional assessments never count.

use serde::Serialize;

use super::OpsError;
use crate::domain::measurement::calibration::{MIN_CASELOAD_SHEETS, MIN_OWN_SERIES};
use crate::domain::measurement::{
    calibrate, own_series_sem, prior_sems, Calibration, ItemTotal, Sem, SemSource, Sems,
};
use crate::domain::{questionnaire, AnswerSheet, AssessmentSummary, Questionnaire, Rater};
use crate::storage::Storage;

/// The prior SEMs of questionnaire `q`, from its loadings alone.
pub fn prior(q: &Questionnaire) -> Result<Sems, OpsError> {
    Ok(prior_sems(q)?)
}

/// The caseload calibration of questionnaire `q`, when this database holds enough independent
/// sheets (one per person, their latest usable own assessment).
pub fn caseload(
    storage: &Storage,
    q: &'static Questionnaire,
) -> Result<Option<Calibration>, OpsError> {
    let ids = storage.latest_own_per_person(&q.version)?;
    if ids.len() < MIN_CASELOAD_SHEETS {
        return Ok(None);
    }
    let answers = storage.answers_of(&ids)?;
    let sheets: Vec<AnswerSheet> = answers
        .values()
        .filter_map(|values| AnswerSheet::from_values(q, values).ok())
        .collect();
    // Fewer than enough usable sheets is not an error here: the prior stays in use.
    Ok(calibrate(&sheets).ok())
}

/// The SEMs of questionnaire `q` for a sheet with no series of its own (another rater's, or a
/// leader's first ones): the caseload's once calibrated, else the prior.
pub fn base_sems(storage: &Storage, q: &'static Questionnaire) -> Result<Sems, OpsError> {
    match caseload(storage, q)? {
        Some(calibration) => Ok(calibration.sems()),
        None => prior(q),
    }
}

/// The SEMs for claims about `profile`'s own positions on questionnaire `q`: own series,
/// caseload or prior (see the module docs).
pub fn sems_for(
    storage: &Storage,
    profile: i64,
    q: &'static Questionnaire,
) -> Result<Sems, OpsError> {
    let base = base_sems(storage, q)?;
    let latest = storage.latest_summaries(profile, Rater::SelfRating, OWN_SERIES_READ)?;
    Ok(own_sems_from(&latest, q, base))
}

/// How many of a leader's latest own assessments are read to find their own series: provisional
/// ones and other versions are skipped, so a margin beyond [`OWN_SERIES_WINDOW`].
pub const OWN_SERIES_READ: usize = OWN_SERIES_WINDOW * 2;

/// The SEMs for claims about a leader's own positions on questionnaire `q`, given their latest
/// [`OWN_SERIES_READ`] own assessments (newest first, as `Storage::latest_summaries` gives them)
/// and the `base` SEMs (see [`base_sems`]): what [`sems_for`] gives, without reading anything.
/// For a caseload, where the base is computed once for everybody.
pub fn own_sems_from(latest: &[AssessmentSummary], q: &Questionnaire, base: Sems) -> Sems {
    let series = own_window(latest, q);
    own_sems(&series, &base).unwrap_or(base)
}

/// The usable own assessments of `q` among `latest` (newest first), at most
/// [`OWN_SERIES_WINDOW`], oldest first.
fn own_window<'a>(
    latest: &'a [AssessmentSummary],
    q: &Questionnaire,
) -> Vec<&'a AssessmentSummary> {
    let mut recent: Vec<&AssessmentSummary> = latest
        .iter()
        .filter(|a| !a.provisional && a.questionnaire == q.version)
        .take(OWN_SERIES_WINDOW)
        .collect();
    recent.reverse();
    recent
}

/// How many of a leader's latest usable own assessments their month-to-month noise is estimated
/// from: two years of monthly ones. Older months say less about how they answer now, and reading
/// only these keeps the estimate quick however long the history.
pub const OWN_SERIES_WINDOW: usize = 24;

/// The latest usable own assessments of questionnaire `q` (at most [`OWN_SERIES_WINDOW`]),
/// oldest first, read from the newest end of the history.
fn recent_own(
    storage: &Storage,
    profile: i64,
    q: &Questionnaire,
) -> Result<Vec<AssessmentSummary>, OpsError> {
    let latest = storage.latest_summaries(profile, Rater::SelfRating, OWN_SERIES_READ)?;
    Ok(own_window(&latest, q).into_iter().cloned().collect())
}

fn own_sems(series: &[&AssessmentSummary], base: &Sems) -> Option<Sems> {
    let focus: Vec<f64> = series.iter().map(|a| a.focus).collect();
    let autonomy: Vec<f64> = series.iter().map(|a| a.autonomy).collect();
    Some(Sems {
        focus: own_series_sem(&focus, base.focus).ok()?,
        autonomy: own_series_sem(&autonomy, base.autonomy).ok()?,
    })
}

/// How reliable the questionnaire is here, per version and axis, and the person's own series.
#[derive(Debug, Clone, Serialize)]
pub struct Reliability {
    pub axes: Vec<AxisReliability>,
    pub own_series: OwnSeries,
}

/// One axis of one questionnaire version.
#[derive(Debug, Clone, Serialize)]
pub struct AxisReliability {
    pub questionnaire: String,
    pub axis: &'static str,
    /// The SEM in use for a person without an own series, and where it comes from.
    pub sem: f64,
    pub source: SemSource,
    /// Independent sheets (people with a usable own assessment of this version).
    pub sheets: usize,
    /// How many calibration needs.
    pub needed: usize,
    /// Cronbach's α with its interval, once calibrated.
    pub alpha: Option<f64>,
    pub alpha_low: Option<f64>,
    pub alpha_high: Option<f64>,
    /// Each statement's corrected item–total correlation, once calibrated.
    pub items: Vec<ItemReliability>,
}

/// A statement's corrected item–total correlation, with its words.
#[derive(Debug, Clone, Serialize)]
pub struct ItemReliability {
    pub id: String,
    pub text: String,
    pub correlation: Option<f64>,
    pub suspect: bool,
}

/// What the person's own series says.
#[derive(Debug, Clone, Serialize)]
pub struct OwnSeries {
    pub person: String,
    pub questionnaire: String,
    /// Usable own assessments of the current questionnaire, the latest [`OWN_SERIES_WINDOW`] at
    /// most.
    pub assessments: usize,
    pub needed: usize,
    /// Their own SEMs once there are enough.
    pub focus: Option<Sem>,
    pub autonomy: Option<Sem>,
}

/// The reliability report for this database, with `profile`'s own series.
pub fn reliability(storage: &Storage, profile: i64) -> Result<Reliability, OpsError> {
    let mut axes = Vec::new();
    for q in questionnaire::all() {
        let sheets = storage.latest_own_per_person(&q.version)?.len();
        // An earlier version nobody here answered has nothing to report.
        if sheets == 0 && q.version != questionnaire::current().version {
            continue;
        }
        let calibration = caseload(storage, q)?;
        let prior = prior(q)?;
        for (axis, sem, calibrated) in [
            ("focus", prior.focus, calibration.as_ref().map(|c| &c.focus)),
            (
                "autonomy",
                prior.autonomy,
                calibration.as_ref().map(|c| &c.autonomy),
            ),
        ] {
            let items = calibrated.map_or_else(Vec::new, |c| item_words(q, &c.items));
            let in_use = calibrated.map_or(sem, |c| c.sem);
            axes.push(AxisReliability {
                questionnaire: q.version.clone(),
                axis,
                sem: in_use.value(),
                source: in_use.source(),
                sheets,
                needed: MIN_CASELOAD_SHEETS,
                alpha: calibrated.map(|c| c.alpha),
                alpha_low: calibrated.map(|c| c.alpha_low),
                alpha_high: calibrated.map(|c| c.alpha_high),
                items,
            });
        }
    }
    let person = super::profiles::profile(storage, profile)?;
    let current = questionnaire::current();
    let recent = recent_own(storage, profile, current)?;
    let series: Vec<&AssessmentSummary> = recent.iter().collect();
    let base = base_sems(storage, current)?;
    let own = own_sems(&series, &base);
    Ok(Reliability {
        axes,
        own_series: OwnSeries {
            person: person.name,
            questionnaire: current.version.clone(),
            assessments: series.len(),
            needed: MIN_OWN_SERIES,
            focus: own.map(|s| s.focus),
            autonomy: own.map(|s| s.autonomy),
        },
    })
}

fn item_words(q: &Questionnaire, items: &[ItemTotal]) -> Vec<ItemReliability> {
    items
        .iter()
        .map(|i| ItemReliability {
            text: q
                .items
                .iter()
                .find(|item| item.id == i.id)
                .map(|item| item.text.clone())
                .unwrap_or_default(),
            id: i.id.clone(),
            correlation: i.correlation,
            suspect: i.suspect,
        })
        .collect()
}
