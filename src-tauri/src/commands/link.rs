//! `bearing:` links from calendar reminders, as the page receives them (see `reminders`).

use tauri::State;

use super::{lock, AppState, CommandResult};
use crate::ops::{self, LinkOutcome};

/// The link the window was opened with or handed since, read and followed: the person whose
/// questionnaire to open, or the message Home shows. `None` when no link is waiting. Taking it
/// clears it, so a link is followed once.
#[tauri::command(async)]
pub fn take_opened_link(state: State<'_, AppState>) -> CommandResult<Option<LinkOutcome>> {
    let Some(raw) = lock(&state.opened_link)?.take() else {
        return Ok(None);
    };
    let outcome = state.with_storage(|s| Ok(ops::follow_link(s, &raw)))?;
    if let LinkOutcome::Assess { profile, .. } = outcome {
        state.set_profile(profile)?;
    }
    Ok(Some(outcome))
}
