//! The home screen: the person shown, their rhythm, latest result, commitments and draft.

use serde::Serialize;
use tauri::State;

use super::commitments::{commitment_views, CommitmentView};
use super::{AppState, CommandResult};
use chrono::NaiveDate;

use crate::ops::{self, home::DraftProgress, Due, HistoryRow};

/// What the home screen shows.
#[derive(Debug, Serialize)]
pub struct HomeView {
    /// The person shown, and their rhythm in days.
    profile: String,
    profile_id: i64,
    /// Still the first person with no name of their own ("Me"): Home asks for it.
    unnamed: bool,
    cadence_days: i64,
    /// Whether the next assessment is due today (`ops::due`, the caseload's rule too), and when.
    due: Due,
    next_due: Option<NaiveDate>,
    latest: Option<HistoryRow>,
    count: usize,
    open_commitments: Vec<CommitmentView>,
    draft: Option<DraftProgress>,
    /// Why nothing can be saved, when the history was opened read-only.
    read_only: Option<String>,
}

#[tauri::command(async)]
pub fn get_home(state: State<'_, AppState>) -> CommandResult<HomeView> {
    let home = state.with_profile(|s, profile| ops::home(s, profile))?;
    let last = home.latest.as_ref().map(|l| l.assessment.date);
    let (due, next_due) = ops::due(last, home.profile.cadence_days, ops::today());
    Ok(HomeView {
        unnamed: ops::profiles::is_unnamed(&home.profile),
        profile_id: home.profile.id,
        profile: home.profile.name,
        cadence_days: home.profile.cadence_days,
        due,
        next_due,
        latest: home.latest,
        count: home.count,
        open_commitments: commitment_views(home.open_commitments),
        draft: home.draft,
        read_only: home.read_only,
    })
}
