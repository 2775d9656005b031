//! How other raters' views compare with the leader's own.

use tauri::State;

use super::{AppState, CommandResult};
use crate::ops::{self, Perceptions};

/// The profile's perception gaps: every comparison and whether the gap is closing.
#[tauri::command(async)]
pub fn get_perceptions(state: State<'_, AppState>) -> CommandResult<Perceptions> {
    state.with_profile(|s, profile| ops::perceptions(s, profile))
}
