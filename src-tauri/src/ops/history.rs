//! A person's history: their assessments, the change of each since the one before by the same
//! rater, deleting and undeleting, private notes, and the CSV export.

use std::collections::HashMap;

use serde::Serialize;

use super::assess::Who;
use super::groups::{group_rows, GroupRow};
use super::measure::{base_sems, prior, sems_for};
use super::report::Headline;
use super::OpsError;
use crate::domain::measurement::position::{certainty, quadrant_probabilities, ranked};
use crate::domain::measurement::{
    change, Certainty, ChangeVerdict, MeasuredPosition, QuadrantProbabilities, Sems,
};
use crate::domain::{questionnaire, Assessment, AssessmentSummary, Rater, RaterIdentity};
use crate::storage::{Notes, Storage, Tombstone};

/// A person's assessments with answers, oldest first.
pub fn history(storage: &Storage, profile: i64) -> Result<Vec<Assessment>, OpsError> {
    Ok(storage.assessments(profile)?)
}

/// An assessment as `bearing history --format json` prints it: the record with its answers, and
/// whether it is provisional.
#[derive(Debug, Clone, Serialize)]
pub struct HistoryRecord {
    #[serde(flatten)]
    pub assessment: Assessment,
    pub provisional: bool,
}

/// A person's history as records, oldest first.
pub fn history_records(storage: &Storage, profile: i64) -> Result<Vec<HistoryRecord>, OpsError> {
    Ok(history(storage, profile)?
        .into_iter()
        .map(|assessment| HistoryRecord {
            provisional: assessment.summary.provisional,
            assessment,
        })
        .collect())
}

/// A person's assessments without answers, oldest first.
pub fn history_summaries(
    storage: &Storage,
    profile: i64,
) -> Result<Vec<AssessmentSummary>, OpsError> {
    Ok(storage.assessment_summaries(profile)?)
}

/// How many assessments `who` has (by that rater about that profile), and the latest `limit` of
/// them without answers, newest first: what the home screen shows, read from the index alone.
pub fn latest_of(
    storage: &Storage,
    who: Who,
    limit: usize,
) -> Result<(usize, Vec<AssessmentSummary>), OpsError> {
    Ok((
        storage.assessment_count(who.profile, who.rater)?,
        storage.latest_summaries(who.profile, who.rater, limit)?,
    ))
}

/// A row of the history: an assessment, how sure its headline is, and its change since the
/// previous usable one by the same rater.
#[derive(Debug, Clone, Serialize)]
pub struct HistoryRow {
    #[serde(flatten)]
    pub assessment: AssessmentSummary,
    /// Who answered: "You", "Coach", "Coach · Sam Lee", "Manager".
    pub who: String,
    pub quadrant_name: &'static str,
    /// Flagged and not confirmed: not counted as change.
    pub provisional: bool,
    pub certainty: Certainty,
    /// One probability per quadrant id, as on the result.
    pub quadrant_probabilities: QuadrantProbabilities,
    /// What the headline names (null quadrant at the centre), as on the result.
    pub headline: Headline,
    /// Since the previous usable assessment by the same rater; `None` for the first.
    pub change: Option<Change>,
}

/// A change of position, in points rounded to one decimal like positions, with its verdicts.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Change {
    pub focus: f64,
    pub autonomy: f64,
    pub focus_verdict: ChangeVerdict,
    pub autonomy_verdict: ChangeVerdict,
}

/// `assessment` as a history row, measured with `sems`, with its change since `previous` (by the
/// same rater, not provisional).
pub fn history_row(
    assessment: AssessmentSummary,
    previous: Option<&AssessmentSummary>,
    sems: &Sems,
) -> HistoryRow {
    let at = |a: &AssessmentSummary| MeasuredPosition {
        focus: a.focus,
        autonomy: a.autonomy,
        sems: *sems,
    };
    let probabilities = quadrant_probabilities(assessment.focus, assessment.autonomy, sems);
    let certainty = certainty(&probabilities, assessment.provisional);
    let order = ranked(&probabilities);
    HistoryRow {
        who: who_label(&assessment),
        quadrant_name: &assessment.quadrant.info().name,
        provisional: assessment.provisional,
        certainty,
        headline: Headline {
            quadrant: (certainty != Certainty::Centre)
                .then(|| order.first().copied())
                .flatten(),
            ranked: order,
        },
        quadrant_probabilities: probabilities,
        change: previous.map(|p| {
            let verdicts = change(&at(p), &at(&assessment));
            Change {
                focus: verdicts.focus.delta,
                autonomy: verdicts.autonomy.delta,
                focus_verdict: verdicts.focus.verdict,
                autonomy_verdict: verdicts.autonomy.verdict,
            }
        }),
        assessment,
    }
}

/// The SEMs of each questionnaire version in `summaries`, for `profile`'s own assessments.
pub(super) fn sems_by_version(
    storage: &Storage,
    profile: i64,
    summaries: &[AssessmentSummary],
) -> Result<HashMap<String, Sems>, OpsError> {
    by_version(summaries, |q| sems_for(storage, profile, q))
}

/// The SEMs of each questionnaire version in `summaries`, for other raters' assessments.
fn base_by_version(
    storage: &Storage,
    summaries: &[AssessmentSummary],
) -> Result<HashMap<String, Sems>, OpsError> {
    by_version(summaries, |q| base_sems(storage, q))
}

fn by_version(
    summaries: &[AssessmentSummary],
    sems_of: impl Fn(&'static crate::domain::Questionnaire) -> Result<Sems, OpsError>,
) -> Result<HashMap<String, Sems>, OpsError> {
    let mut out = HashMap::new();
    for a in summaries {
        if out.contains_key(a.questionnaire.as_str()) {
            continue;
        }
        if let Some(q) = questionnaire::by_version(&a.questionnaire) {
            out.insert(a.questionnaire.to_string(), sems_of(q)?);
        }
    }
    Ok(out)
}

/// Who answered an assessment shown one by one: "You", "Coach", "Coach · Sam Lee".
pub fn who_label(a: &AssessmentSummary) -> String {
    let kind = a.rater.words().name;
    match (&a.rater_name, a.rater.is_group()) {
        (Some(name), false) => format!("{kind} · {name}"),
        _ => kind.to_string(),
    }
}

/// A person's history as rows, oldest first: the leader's own assessments and their coach's and
/// manager's, each with its change since the previous usable one by the same rater (the same
/// person, never another of the same kind). Peers and direct reports are not here one by one:
/// see [`history_entries`] and [`super::groups`].
pub fn history_rows(storage: &Storage, profile: i64) -> Result<Vec<HistoryRow>, OpsError> {
    let summaries = history_summaries(storage, profile)?;
    rows_of(storage, profile, summaries)
}

fn rows_of(
    storage: &Storage,
    profile: i64,
    mut summaries: Vec<AssessmentSummary>,
) -> Result<Vec<HistoryRow>, OpsError> {
    summaries.retain(|a| !a.rater.is_group());
    let own = sems_by_version(storage, profile, &summaries)?;
    let others = base_by_version(storage, &summaries)?;
    let fallback = prior(questionnaire::current())?;
    let mut last: HashMap<RaterIdentity, AssessmentSummary> = HashMap::new();
    Ok(summaries
        .into_iter()
        .map(|a| {
            let sems = if a.rater == Rater::SelfRating {
                &own
            } else {
                &others
            };
            let s = sems.get(a.questionnaire.as_str()).unwrap_or(&fallback);
            let identity = a.identity();
            let row = history_row(a.clone(), last.get(&identity), s);
            if !a.provisional {
                last.insert(identity, a);
            }
            row
        })
        .collect())
}

/// One line of the history as the window and `bearing history` list it: an assessment shown one by
/// one, or a group of peers or direct reports.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum HistoryEntry {
    Assessment(HistoryRow),
    Group(GroupRow),
}

impl HistoryEntry {
    fn date(&self) -> chrono::NaiveDate {
        match self {
            HistoryEntry::Assessment(row) => row.assessment.date,
            HistoryEntry::Group(group) => group.to,
        }
    }
}

/// The history as listed, oldest first: [`history_rows`] and the groups, by date (a group by the
/// last day of its period, after the assessments of that day).
pub fn history_entries(storage: &Storage, profile: i64) -> Result<Vec<HistoryEntry>, OpsError> {
    let summaries = history_summaries(storage, profile)?;
    let groups = group_rows(storage, &summaries)?;
    let mut entries: Vec<HistoryEntry> = rows_of(storage, profile, summaries)?
        .into_iter()
        .map(HistoryEntry::Assessment)
        .chain(groups.into_iter().map(HistoryEntry::Group))
        .collect();
    // Stable: assessments keep their order, and come before a group ending the same day.
    entries.sort_by_key(|e| (e.date(), matches!(e, HistoryEntry::Group(_))));
    Ok(entries)
}

/// Deletes assessment `id` (see `storage::deletion` for what goes with it) and returns what is
/// needed to undelete it.
pub fn delete_assessment(storage: &mut Storage, id: i64) -> Result<Tombstone, OpsError> {
    storage
        .delete_assessment(id)?
        .ok_or(OpsError::NoAssessment(id))
}

/// Undoes [`delete_assessment`].
pub fn undelete_assessment(storage: &mut Storage, tombstone: &Tombstone) -> Result<(), OpsError> {
    Ok(storage.undelete_assessment(tombstone)?)
}

/// The private notes of assessment `id`.
pub fn notes(storage: &Storage, id: i64) -> Result<Notes, OpsError> {
    Ok(storage.assessment_notes(id)?)
}

/// The history as CSV: one row per assessment shown one by one (the leader's, a coach's, a
/// manager's) and one per shown group of peers or direct reports (their mean answers), by date;
/// then one column per statement: the statements of every questionnaire version in the history,
/// in questionnaire order (empty where a version lacks the statement). No single peer's or direct
/// report's answers are ever in it.
pub fn history_csv(history: &[Assessment], groups: &[GroupRow]) -> String {
    let history: Vec<&Assessment> = history
        .iter()
        .filter(|a| !a.summary.rater.is_group())
        .collect();
    let mut columns: Vec<&str> = Vec::new();
    let mut versions: Vec<&str> = history
        .iter()
        .map(|a| a.summary.questionnaire.as_str())
        .collect();
    if groups.iter().any(|g| g.view.is_some()) {
        versions.push(questionnaire::current().version.as_str());
    }
    versions.sort_unstable();
    versions.dedup();
    for version in versions {
        if let Some(q) = questionnaire::by_version(version) {
            for item in &q.items {
                if !columns.contains(&item.id.as_str()) {
                    columns.push(&item.id);
                }
            }
        }
    }
    let mut out =
        String::from("id,date,rater,who,questionnaire,quadrant,focus,autonomy,borderline");
    for c in &columns {
        out.push(',');
        out.push_str(&csv_field(c));
    }
    out.push('\n');
    let mut lines: Vec<(chrono::NaiveDate, bool, String)> = Vec::new();
    for a in history {
        let s = &a.summary;
        let fields = [
            s.id.to_string(),
            s.date.to_string(),
            s.rater.slug().to_string(),
            who_label(s),
            s.questionnaire.to_string(),
            s.quadrant.slug().to_string(),
            format!("{:.1}", s.focus),
            format!("{:.1}", s.autonomy),
            s.borderline.to_string(),
        ];
        let mut row: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        row.extend(
            columns
                .iter()
                .map(|c| a.answers.get(*c).map_or_else(String::new, u8::to_string)),
        );
        lines.push((s.date, false, row.join(",")));
    }
    for g in groups {
        let Some(view) = &g.view else { continue };
        let fields = [
            String::new(),
            g.to.to_string(),
            g.rater.slug().to_string(),
            g.who.clone(),
            String::new(),
            view.quadrant.slug().to_string(),
            format!("{:.1}", view.pooled.focus),
            format!("{:.1}", view.pooled.autonomy),
            String::new(),
        ];
        let mut row: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        row.extend(columns.iter().map(|c| {
            view.pooled
                .statements
                .get(*c)
                .map_or_else(String::new, |m| format!("{m:.1}"))
        }));
        lines.push((g.to, true, row.join(",")));
    }
    lines.sort_by_key(|(date, group, _)| (*date, *group));
    for (_, _, line) in lines {
        out.push_str(&line);
        out.push('\n');
    }
    out
}

/// `profile`'s history as [`history_csv`] writes it.
pub fn history_csv_of(storage: &Storage, profile: i64) -> Result<String, OpsError> {
    let summaries = history_summaries(storage, profile)?;
    Ok(history_csv(
        &history(storage, profile)?,
        &group_rows(storage, &summaries)?,
    ))
}

/// Quotes a CSV field when it needs it (RFC 4180).
pub fn csv_field(field: &str) -> String {
    if field.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_only_when_needed() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
    }
}
