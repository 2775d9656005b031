//! How the leader's view of themselves compares with other raters' views of the same period: the
//! one-to-one gaps with a coach or manager, and per rater whether the gap is closing; and the
//! peers' and direct reports' pooled views, only when at least three of a kind answered.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use serde::Serialize;

use super::groups::{group_rows, GroupRow, GROUP_KINDS};
use super::history::who_label;
use super::measure::{base_sems, sems_for};
use super::report::stored_sheet;
use super::OpsError;
use crate::domain::gap::{self, Gap, Trend};
use crate::domain::measurement::{gap as gap_verdicts, MeasuredPosition, Sems, Verdicts};
use crate::domain::raters::{self, GroupGap};
use crate::domain::{
    questionnaire, AnswerSheet, Assessment, AssessmentSummary, Questionnaire, Rater, RaterIdentity,
};
use crate::storage::Storage;

/// How a rater is named on charts.
pub fn rater_label(rater: Rater) -> &'static str {
    rater.words().chart
}

/// One comparison of the leader's own view with a coach's or manager's from the same period.
#[derive(Debug, Clone, Serialize)]
pub struct PerceptionPair {
    pub rater: Rater,
    /// The name the coach or manager gave, when they gave one.
    pub rater_name: Option<String>,
    /// "Coach", "Coach · Sam Lee".
    pub who: String,
    pub self_id: i64,
    pub self_date: NaiveDate,
    pub other_id: i64,
    pub other_date: NaiveDate,
    #[serde(flatten)]
    pub gap: Gap,
    /// Per axis, whether the gap is more than the two views' noise:
    /// 1.96·√(SEM_self² + SEM_other²).
    pub verdicts: Verdicts,
}

/// Every one-to-one comparison for a profile, oldest first, per rater whether the gap is closing,
/// and the latest group of each kind.
#[derive(Debug, Clone, Serialize)]
pub struct Perceptions {
    pub pairs: Vec<PerceptionPair>,
    pub trends: Vec<RaterTrend>,
    /// Per group kind that answered at all, its latest period: pooled and compared when shown,
    /// only counted when withheld.
    pub groups: Vec<GroupPerception>,
}

/// Whether the gap between the leader's view and one rater's is closing.
#[derive(Debug, Clone, Serialize)]
pub struct RaterTrend {
    pub rater: Rater,
    pub rater_name: Option<String>,
    pub who: String,
    /// The rater's latest assessment compared (`other_id` of their last pair).
    pub latest_id: i64,
    pub trend: Trend,
}

/// A group of peers or direct reports beside the leader's own view of the same period.
#[derive(Debug, Clone, Serialize)]
pub struct GroupPerception {
    #[serde(flatten)]
    pub group: GroupRow,
    /// The leader's own assessment compared with, when one is in reach of the period.
    pub self_id: Option<i64>,
    pub self_date: Option<NaiveDate>,
    /// The gap to the group's pooled view; `null` while withheld or with no own assessment.
    pub gap: Option<GroupGap>,
    /// Per axis, whether the gap is more than noise: the group's error is its SEM or spread over
    /// √n (see [`crate::domain::raters::group_sems`]).
    pub verdicts: Option<Verdicts>,
}

/// How the leader's view of themselves compares with their coach's, manager's and peers': each
/// other rater's assessment against the leader's own nearest in date (within
/// [`gap::PERIOD_WINDOW_DAYS`]). Pairs are found from the summaries; answers are read only for
/// the assessments that take part in one.
pub fn perceptions(storage: &Storage, profile: i64) -> Result<Perceptions, OpsError> {
    let all = storage.assessment_summaries(profile)?;
    let pairs = perception_pairs(storage, &all, &period_pairs(&all))?;
    let (own, other) = view_sems(storage, profile, questionnaire::current())?;
    // A coach's gap is followed against the same coach's, never against another rater's.
    let by_id: HashMap<i64, &AssessmentSummary> = all.iter().map(|a| (a.id, a)).collect();
    let mut by_rater: BTreeMap<RaterIdentity, Vec<&PerceptionPair>> = BTreeMap::new();
    for p in &pairs {
        if let Some(a) = by_id.get(&p.other_id) {
            by_rater.entry(a.identity()).or_default().push(p);
        }
    }
    let trends = by_rater
        .into_values()
        .filter_map(|series| {
            let latest = *series.last()?;
            let gaps: Vec<(NaiveDate, f64, f64)> = series
                .iter()
                .map(|p| (p.other_date, p.gap.focus.gap, p.gap.autonomy.gap))
                .collect();
            Some(RaterTrend {
                rater: latest.rater,
                rater_name: latest.rater_name.clone(),
                who: latest.who.clone(),
                latest_id: latest.other_id,
                trend: gap::gap_trend(&gaps, &own, &other),
            })
        })
        .collect();
    let groups = group_perceptions(storage, profile, &all)?;
    Ok(Perceptions {
        pairs,
        trends,
        groups,
    })
}

/// The latest group of each kind beside the leader's own assessment nearest its period.
pub(super) fn group_perceptions(
    storage: &Storage,
    profile: i64,
    all: &[AssessmentSummary],
) -> Result<Vec<GroupPerception>, OpsError> {
    let rows = group_rows(storage, all)?;
    let own: Vec<(NaiveDate, i64)> = all
        .iter()
        .filter(|a| a.rater == Rater::SelfRating && !a.provisional)
        .map(|a| (a.date, a.id))
        .collect();
    let mut out = Vec::new();
    for kind in GROUP_KINDS {
        let Some(latest) = rows.iter().rev().find(|r| r.rater == kind) else {
            continue;
        };
        let paired = gap::pair_by_period(&own, &[(latest.to, 0)], gap::PERIOD_WINDOW_DAYS)
            .first()
            .map(|&(self_id, _)| self_id);
        let mut perception = GroupPerception {
            group: latest.clone(),
            self_id: paired,
            self_date: None,
            gap: None,
            verdicts: None,
        };
        if let (Some(view), Some(self_id)) = (&latest.view, paired) {
            let Some(mine) = storage.assessment(self_id)? else {
                continue;
            };
            let q = stored_sheet(&mine)?.questionnaire();
            let (own_sems, base) = view_sems(storage, profile, q)?;
            let group_sems = raters::group_sems(&base, &view.pooled, latest.raters);
            perception.self_date = Some(mine.summary.date);
            perception.verdicts = Some(gap_verdicts(
                &MeasuredPosition {
                    focus: mine.summary.focus,
                    autonomy: mine.summary.autonomy,
                    sems: own_sems,
                },
                &MeasuredPosition {
                    focus: view.pooled.focus,
                    autonomy: view.pooled.autonomy,
                    sems: group_sems,
                },
            ));
            perception.gap = Some(raters::group_gap(
                (mine.summary.focus, mine.summary.autonomy),
                &mine.answers,
                q,
                &view.pooled,
            ));
        }
        out.push(perception);
    }
    Ok(out)
}

/// The latest comparison assessment `id` takes part in (as the leader's own view or another
/// rater's), if any; the same as the last such pair of [`perceptions`], at the cost of one.
pub fn perception_of(
    storage: &Storage,
    profile: i64,
    id: i64,
) -> Result<Option<PerceptionPair>, OpsError> {
    let all = storage.assessment_summaries(profile)?;
    let Some(pair) = period_pairs(&all)
        .into_iter()
        .rev()
        .find(|&(own, other)| own == id || other == id)
    else {
        return Ok(None);
    };
    Ok(perception_pairs(storage, &all, &[pair])?.pop())
}

/// Each coach's or manager's assessment paired with the leader's own from the same period, as
/// `(self_id, other_id)`, oldest first. Provisional assessments (flagged, not confirmed) take
/// part in no comparison; peers and direct reports are compared only as groups.
pub(super) fn period_pairs(all: &[AssessmentSummary]) -> Vec<(i64, i64)> {
    if all.iter().all(|a| a.rater == Rater::SelfRating) {
        return Vec::new();
    }
    let dated = |own: bool| -> Vec<(NaiveDate, i64)> {
        all.iter()
            .filter(|a| (a.rater == Rater::SelfRating) == own && !a.provisional)
            .filter(|a| !a.rater.is_group())
            .map(|a| (a.date, a.id))
            .collect()
    };
    gap::pair_by_period(&dated(true), &dated(false), gap::PERIOD_WINDOW_DAYS)
}

/// The gaps of `pairs` (ids among `all`), reading the answers of just those assessments.
pub(super) fn perception_pairs(
    storage: &Storage,
    all: &[AssessmentSummary],
    pairs: &[(i64, i64)],
) -> Result<Vec<PerceptionPair>, OpsError> {
    if pairs.is_empty() {
        return Ok(Vec::new());
    }
    let mut ids: Vec<i64> = pairs.iter().flat_map(|&(a, b)| [a, b]).collect();
    ids.sort_unstable();
    ids.dedup();
    let mut answers = storage.answers_of(&ids)?;
    let by_id: HashMap<i64, &AssessmentSummary> = all.iter().map(|a| (a.id, a)).collect();
    let mut sheets: HashMap<i64, AnswerSheet> = HashMap::with_capacity(ids.len());
    for id in ids {
        if let Some(summary) = by_id.get(&id) {
            let assessment = Assessment {
                summary: (*summary).clone(),
                answers: answers.remove(&id).unwrap_or_default(),
            };
            sheets.insert(id, stored_sheet(&assessment)?);
        }
    }
    let mut sems: HashMap<String, (Sems, Sems)> = HashMap::new();
    let mut out = Vec::with_capacity(pairs.len());
    for &(self_id, other_id) in pairs {
        let (Some(own), Some(other), Some(own_sheet), Some(other_sheet)) = (
            by_id.get(&self_id),
            by_id.get(&other_id),
            sheets.get(&self_id),
            sheets.get(&other_id),
        ) else {
            continue;
        };
        let (own_sems, other_sems) = match sems.get(own.questionnaire.as_str()) {
            Some(s) => *s,
            None => {
                let s = view_sems(storage, own.profile_id, own_sheet.questionnaire())?;
                sems.insert(own.questionnaire.to_string(), s);
                s
            }
        };
        let verdicts = gap_verdicts(
            &MeasuredPosition {
                focus: own.focus,
                autonomy: own.autonomy,
                sems: own_sems,
            },
            &MeasuredPosition {
                focus: other.focus,
                autonomy: other.autonomy,
                sems: other_sems,
            },
        );
        out.push(PerceptionPair {
            rater: other.rater,
            rater_name: other.rater_name.clone(),
            who: who_label(other),
            self_id,
            self_date: own.date,
            other_id,
            other_date: other.date,
            gap: gap::perception_gap(own_sheet, other_sheet),
            verdicts,
        });
    }
    Ok(out)
}

/// The SEMs of the leader's own view (their own series when they have one) and of another
/// rater's view (the caseload's or the prior: one rater's answers have no series of their own).
fn view_sems(
    storage: &Storage,
    profile: i64,
    q: &'static Questionnaire,
) -> Result<(Sems, Sems), OpsError> {
    Ok((sems_for(storage, profile, q)?, base_sems(storage, q)?))
}
