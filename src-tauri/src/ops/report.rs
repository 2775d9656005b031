//! What Bearing says about a scored sheet: answer-quality flags, why the position is where it is,
//! what moved since the previous assessment, and the growth actions it suggests.

use chrono::NaiveDate;
use serde::Serialize;

use super::OpsError;
use crate::domain::explain::FlagNote;
use crate::domain::scoring::reliable_change;
use crate::domain::{
    self, answer_flags, questionnaire, suggest, what_moved, why_here, AnswerSheet, Assessment,
    AssessmentSummary, Commitment, Flag, Score, Suggestion, WhatMoved, WhyHere,
};
use crate::storage::Storage;

/// How many statements "why here" lists per axis, answer changes "what moved" lists, and growth
/// actions are suggested.
pub const WHY_HERE_COUNT: usize = 3;
pub const MOVED_COUNT: usize = 5;
pub const SUGGESTION_COUNT: usize = 5;

/// What Bearing says about a scored sheet beyond the position: answer-quality flags, the
/// statements that placed it, what moved since the previous assessment, and growth actions.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub flags: Vec<FlagNote>,
    pub why_here: WhyHere,
    /// Against the previous assessment of the same person; `null` for the first one (and for
    /// `bearing score`, which reads no history).
    pub what_moved: Option<Moved>,
    pub suggestions: Vec<Suggestion>,
}

/// The report for `sheet` (scored as `score`), compared with `previous` when there is one.
/// `committed` holds the actions the leader committed to for the period just ended: they are
/// suggested again only when nothing else fits.
pub fn report(
    sheet: &AnswerSheet,
    score: &Score,
    previous: Option<(&AssessmentSummary, &AnswerSheet)>,
    committed: &[&str],
) -> Report {
    let thresholds = reliable_change(sheet.questionnaire());
    Report {
        flags: answer_flags(sheet).into_iter().map(Flag::note).collect(),
        why_here: why_here(sheet, WHY_HERE_COUNT),
        what_moved: previous.map(|(summary, p)| Moved {
            since: summary.date,
            previous_id: summary.id,
            moved: what_moved(p, sheet, &thresholds, MOVED_COUNT),
        }),
        suggestions: suggest(score, sheet, committed, SUGGESTION_COUNT),
    }
}

/// What moved since the previous assessment, and which one that was.
#[derive(Debug, Clone, Serialize)]
pub struct Moved {
    /// The previous assessment's date.
    pub since: NaiveDate,
    pub previous_id: i64,
    #[serde(flatten)]
    pub moved: WhatMoved,
}

/// A score with its report: what `bearing score` prints.
#[derive(Debug, Clone, Serialize)]
pub struct ScoreReport {
    #[serde(flatten)]
    pub score: Score,
    #[serde(flatten)]
    pub report: Report,
}

/// Scores a sheet and explains it, without saving or reading anything.
pub fn score_report(sheet: &AnswerSheet) -> ScoreReport {
    let score = domain::score(sheet);
    let report = report(sheet, &score, None, &[]);
    ScoreReport { score, report }
}

/// A saved assessment with its report and commitments: what `bearing assess` prints and the result
/// screen shows.
#[derive(Debug, Clone, Serialize)]
pub struct AssessmentReport {
    #[serde(flatten)]
    pub assessment: Assessment,
    #[serde(flatten)]
    pub report: Report,
    /// The commitments from the period before, with how each went, as told at this assessment.
    pub reviewed: Vec<Commitment>,
    /// The commitments made after this assessment, for the period ahead.
    pub commitments: Vec<Commitment>,
    /// Whether commitments can still be made or changed after this assessment (it is the latest).
    pub can_commit: bool,
}

/// The answer sheet a stored assessment was scored from.
pub(super) fn stored_sheet(a: &Assessment) -> Result<AnswerSheet, OpsError> {
    let q = questionnaire::by_version(&a.summary.questionnaire).ok_or_else(|| {
        OpsError::UnknownQuestionnaire {
            id: a.summary.id,
            version: a.summary.questionnaire.clone(),
        }
    })?;
    Ok(AnswerSheet::from_values(q, &a.answers)?)
}

/// Assessment `id` with its report, compared with the one before it by the same rater. Reads only
/// those two assessments and their commitments, however long the history.
pub fn assessment_report(storage: &Storage, id: i64) -> Result<AssessmentReport, OpsError> {
    let current = storage.assessment(id)?.ok_or(OpsError::NoAssessment(id))?;
    let sheet = stored_sheet(&current)?;
    let previous = match storage.previous_assessment_id(id)? {
        Some(p) => match storage.assessment(p)? {
            Some(a) => Some((stored_sheet(&a)?, a.summary)),
            None => None,
        },
        None => None,
    };
    let reviewed = storage.commitments_reviewed_in(id)?;
    let committed: Vec<&str> = reviewed.iter().map(|c| c.action_id.as_str()).collect();
    let score = domain::score(&sheet);
    let report = report(
        &sheet,
        &score,
        previous.as_ref().map(|(sheet, summary)| (summary, sheet)),
        &committed,
    );
    let commitments = storage.commitments_made_after(id)?;
    let can_commit = storage.latest_assessment_id(current.summary.profile_id)? == Some(id);
    Ok(AssessmentReport {
        assessment: current,
        report,
        reviewed,
        commitments,
        can_commit,
    })
}
