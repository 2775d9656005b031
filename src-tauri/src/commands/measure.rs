//! How reliable the questionnaire has proved here: the "How reliable is this?" view.

use tauri::State;

use super::{AppState, CommandResult};
use crate::ops::{self, Reliability};

/// The SEM in use per questionnaire and axis with its source, the caseload calibration once there
/// are enough independent sheets, and the shown person's own series.
#[tauri::command(async)]
pub fn get_reliability(state: State<'_, AppState>) -> CommandResult<Reliability> {
    state.with_profile(|s, profile| ops::reliability(s, profile))
}
