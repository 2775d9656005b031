//! A saved assessment's result: its quadrant, report, commitments, notes and latest comparison.

use std::collections::BTreeMap;

use serde::Serialize;
use tauri::State;

use super::commitments::{commitment_views, CommitmentView};
use super::{AppState, CommandResult};
use crate::domain::{AssessmentSummary, Quadrant, QuadrantInfo};
use crate::ops::{self, AssessmentReport, OpsError, PerceptionPair, Report, ViewOf};
use crate::storage::{Notes, Storage};

/// A saved assessment with the words that describe its quadrant, its report, its commitments and
/// the leader's private notes.
#[derive(Debug, Serialize)]
pub struct ResultView {
    assessment: AssessmentSummary,
    quadrant: &'static QuadrantInfo,
    neighbours: Vec<&'static str>,
    report: Report,
    reviewed: Vec<CommitmentView>,
    commitments: Vec<CommitmentView>,
    can_commit: bool,
    /// Whose view of the leader this is: the heading says it.
    view: ViewOf,
    /// The latest comparison this assessment takes part in (with the leader's own view, or with
    /// another rater's), if any.
    perception: Option<PerceptionPair>,
    /// Statement id to answer.
    answers: BTreeMap<String, u8>,
    notes: Notes,
}

fn result_view(
    full: AssessmentReport,
    notes: Notes,
    perception: Option<PerceptionPair>,
) -> ResultView {
    let answers = full.assessment.answers;
    let assessment = full.assessment.summary;
    ResultView {
        quadrant: assessment.quadrant.info(),
        neighbours: assessment
            .neighbours
            .iter()
            .map(|q: &Quadrant| q.info().name.as_str())
            .collect(),
        assessment,
        report: full.report,
        reviewed: commitment_views(full.reviewed),
        commitments: commitment_views(full.commitments),
        can_commit: full.can_commit,
        view: full.view,
        perception,
        answers,
        notes,
    }
}

pub(super) fn load_result(s: &Storage, id: i64) -> Result<ResultView, OpsError> {
    let report = ops::assessment_report(s, id)?;
    let perception = ops::perception_of(s, report.assessment.summary.profile_id, id)?;
    Ok(result_view(report, ops::notes(s, id)?, perception))
}

#[tauri::command(async)]
pub fn get_result(state: State<'_, AppState>, id: i64) -> CommandResult<ResultView> {
    state.with_storage(|s| load_result(s, id))
}
