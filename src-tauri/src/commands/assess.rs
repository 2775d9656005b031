//! Taking an assessment in the window: the questionnaire, its draft, and saving the answers.

use serde::Serialize;
use tauri::State;

use super::commitments::{commitment_views, CommitmentView};
use super::report::{load_result, ResultView};
use super::{AppState, CommandResult};
use crate::domain::questionnaire::NotApplicable;
use crate::domain::{questionnaire, AnswerSheet, Draft, Rater, Scale};
use crate::ops::{self, Answered, OpsError, When, Who};

/// A statement as the questionnaire screen shows it (loadings stay in Rust).
#[derive(Debug, Serialize)]
pub struct StatementView {
    id: &'static str,
    text: &'static str,
    /// The statement about "them", for a coach, manager or peer answering.
    text_other: &'static str,
    /// Whether someone other than the leader can see it (others answer only these).
    observable: bool,
}

#[derive(Debug, Serialize)]
pub struct QuestionnaireView {
    version: &'static str,
    scale: &'static Scale,
    /// "Didn't come up this month", when the version offers it (v2 on).
    not_applicable: Option<&'static NotApplicable>,
    items: Vec<StatementView>,
}

/// The questionnaire new assessments use, or the one named `version` (a stored assessment's).
#[tauri::command]
pub fn get_questionnaire(version: Option<String>) -> CommandResult<QuestionnaireView> {
    let q = match version {
        None => questionnaire::current(),
        Some(v) => questionnaire::by_version(&v).ok_or_else(|| OpsError::UnknownVersion {
            version: v.chars().take(40).collect(),
        })?,
    };
    Ok(QuestionnaireView {
        version: &q.version,
        scale: &q.scale,
        not_applicable: q.not_applicable.as_ref(),
        items: q
            .items
            .iter()
            .map(|i| StatementView {
                id: &i.id,
                text: &i.text,
                text_other: &i.text_other,
                observable: i.observable,
            })
            .collect(),
    })
}

/// Validates, scores and saves the answers the window collected, dated today, with the reviews of
/// the open commitments and the seconds spent on each statement (`durations`, when timed); the
/// draft is forgotten in the same transaction.
#[tauri::command(async)]
pub fn save_assessment(
    state: State<'_, AppState>,
    sheet: serde_json::Value,
    reviews: Option<serde_json::Value>,
    rater: Option<Rater>,
    durations: Option<Vec<f64>>,
) -> CommandResult<ResultView> {
    let sheet = AnswerSheet::from_value(sheet).map_err(OpsError::from)?;
    let rater = rater.unwrap_or_default();
    // WebDriver answers far faster than a person reads: builds with the `test-hooks` feature (the
    // end-to-end tests only) keep the timing only when BEARING_TEST_TIMED is set.
    #[cfg(feature = "test-hooks")]
    let durations = durations.filter(|_| std::env::var_os("BEARING_TEST_TIMED").is_some());
    let when = When::now(None);
    ops::check_assessment(rater, reviews.as_ref().is_some_and(|r| !r.is_null()), when)?;
    if rater.is_group() {
        return Err(OpsError::GroupInWindow(rater).into());
    }
    state.changing_storage(|s| {
        let who = Who {
            profile: state.profile_id(s)?,
            rater,
        };
        let answered = Answered {
            sheet: &sheet,
            durations: durations.as_deref(),
            by: None,
        };
        let saved = ops::assess(s, who, answered, reviews, when, true)?;
        load_result(s, saved.summary.id)
    })
}

/// What the questionnaire screen needs to start or resume: the draft and the commitments to review.
#[derive(Debug, Serialize)]
pub struct AssessmentStart {
    draft: Option<Draft>,
    open_commitments: Vec<CommitmentView>,
    /// Why no assessment can be saved, when the history was opened read-only.
    read_only: Option<String>,
}

#[tauri::command(async)]
pub fn get_assessment_start(
    state: State<'_, AppState>,
    rater: Option<Rater>,
) -> CommandResult<AssessmentStart> {
    let rater = rater.unwrap_or_default();
    let start =
        state.with_profile(|s, profile| ops::assessment_start(s, Who { profile, rater }))?;
    Ok(AssessmentStart {
        draft: start.draft,
        open_commitments: commitment_views(start.open_commitments),
        read_only: start.read_only,
    })
}

/// Keeps the questionnaire in progress, so closing the window loses nothing.
#[tauri::command(async)]
pub fn save_draft(
    state: State<'_, AppState>,
    draft: serde_json::Value,
    rater: Option<Rater>,
) -> CommandResult<()> {
    // Checked before the database is opened (or created).
    Draft::from_value(draft.clone()).map_err(OpsError::from)?;
    let now = chrono::Utc::now();
    let rater = rater.unwrap_or_default();
    state.with_profile(|s, profile| {
        ops::save_draft(s, Who { profile, rater }, draft, now).map(|_| ())
    })
}

/// Forgets the questionnaire in progress.
#[tauri::command(async)]
pub fn discard_draft(state: State<'_, AppState>, rater: Option<Rater>) -> CommandResult<bool> {
    let rater = rater.unwrap_or_default();
    state.with_profile(|s, profile| ops::discard_draft(s, Who { profile, rater }))
}

/// The leader confirms that flagged answers are right: the assessment stops being provisional.
/// Returns the result as it now reads.
#[tauri::command(async)]
pub fn confirm_assessment(state: State<'_, AppState>, id: i64) -> CommandResult<ResultView> {
    state.changing_storage(|s| {
        ops::confirm_assessment(s, id)?;
        load_result(s, id)
    })
}
