//! The nudge's switch (About): whether `bearing nudge` runs at login on this computer.

use serde::Serialize;
use tauri::{AppHandle, Runtime};
use tauri_plugin_autostart::ManagerExt;

use super::{CommandError, CommandResult};

/// Whether the nudge is on.
#[derive(Debug, Serialize)]
pub struct NudgeState {
    on: bool,
}

/// What the autostart plugin reports, as a command error the page can show.
fn autostart_error(e: tauri_plugin_autostart::Error) -> CommandError {
    CommandError::file(format!(
        "Bearing could not change what starts at login ({e}); check that ~/.config/autostart can be written"
    ))
}

#[tauri::command(async)]
pub fn get_nudge<R: Runtime>(app: AppHandle<R>) -> CommandResult<NudgeState> {
    let on = app.autolaunch().is_enabled().map_err(autostart_error)?;
    Ok(NudgeState { on })
}

/// Turns the nudge on (an autostart entry that runs `bearing nudge` at login) or off (the entry
/// is removed). Returns the state read back.
#[tauri::command(async)]
pub fn set_nudge<R: Runtime>(app: AppHandle<R>, on: bool) -> CommandResult<NudgeState> {
    let manager = app.autolaunch();
    if on {
        manager.enable().map_err(autostart_error)?;
    } else {
        manager.disable().map_err(autostart_error)?;
    }
    let on = manager.is_enabled().map_err(autostart_error)?;
    Ok(NudgeState { on })
}
