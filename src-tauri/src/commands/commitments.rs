//! Commitments: choosing the growth actions for the month ahead.

use serde::Serialize;
use tauri::State;

use super::report::{load_result, ResultView};
use super::{AppState, CommandResult};
use crate::domain::commitment::check_choice;
use crate::domain::{Commitment, GrowthAction};
use crate::ops::{self, OpsError};

/// A commitment with the growth action it names (absent if this Bearing no longer knows it).
#[derive(Debug, Serialize)]
pub struct CommitmentView {
    #[serde(flatten)]
    commitment: Commitment,
    action: Option<&'static GrowthAction>,
}

pub(super) fn commitment_views(list: Vec<Commitment>) -> Vec<CommitmentView> {
    list.into_iter()
        .map(|commitment| CommitmentView {
            action: commitment.action(),
            commitment,
        })
        .collect()
}

/// Sets the commitments after assessment `id` (it must be the latest): one to three growth action
/// ids in order, or none to drop them. Returns the result as it now reads.
#[tauri::command(async)]
pub fn set_commitments(
    state: State<'_, AppState>,
    id: i64,
    actions: Vec<String>,
) -> CommandResult<ResultView> {
    let now = chrono::Utc::now();
    if !actions.is_empty() {
        check_choice(&actions).map_err(OpsError::from)?;
    }
    state.changing_storage(|s| {
        ops::set_commitments(s, state.profile_id(s)?, id, &actions, now)?;
        load_result(s, id)
    })
}
