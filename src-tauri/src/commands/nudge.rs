//! The nudge's switch (About): whether `bearing nudge` runs at login on this computer.

use serde::Serialize;
use tauri::{AppHandle, Manager, Runtime, State};
use tauri_plugin_autostart::AutoLaunchManager;

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

/// The autostart plugin's manager; missing only where the window was built without the plugin
/// (the mock runtime of the IPC tests), which is said rather than a panic.
fn manager<R: Runtime>(app: &AppHandle<R>) -> CommandResult<State<'_, AutoLaunchManager>> {
    app.try_state::<AutoLaunchManager>()
        .ok_or_else(|| CommandError::file("the nudge is not available in this window".to_string()))
}

#[tauri::command(async)]
pub fn get_nudge<R: Runtime>(app: AppHandle<R>) -> CommandResult<NudgeState> {
    let on = manager(&app)?.is_enabled().map_err(autostart_error)?;
    Ok(NudgeState { on })
}

/// Turns the nudge on (an autostart entry that runs `bearing nudge` at login) or off (the entry
/// is removed). Returns the state read back.
#[tauri::command(async)]
pub fn set_nudge<R: Runtime>(app: AppHandle<R>, on: bool) -> CommandResult<NudgeState> {
    let manager = manager(&app)?;
    if on {
        manager.enable().map_err(autostart_error)?;
    } else {
        manager.disable().map_err(autostart_error)?;
    }
    let on = manager.is_enabled().map_err(autostart_error)?;
    Ok(NudgeState { on })
}
