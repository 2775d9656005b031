//! "Add to my calendar…" on Home and People: a person's reminder as an `.ics` file.

use serde::Serialize;
use tauri::{AppHandle, Runtime, State};

use super::dialogs::{choose_save_path, offered_name, SaveOffer, Saved};
use super::{AppState, CommandResult};
use crate::ops;

/// Where the calendar file went, and what it holds, for the page to say.
#[derive(Debug, Serialize)]
pub struct CalendarSaved {
    #[serde(flatten)]
    saved: Saved,
    /// The first day of the series (YYYY-MM-DD).
    first: Option<String>,
    /// The rhythm in words ("every month").
    rhythm: Option<String>,
}

/// Makes the calendar file of `profile` (the person shown when `None`) and saves it where the
/// user chooses. The file is made first, so an archived person is refused before any dialog.
#[tauri::command(async)]
pub fn export_calendar<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    profile: Option<i64>,
) -> CommandResult<CalendarSaved> {
    let today = ops::today();
    let file = state.with_profile(|s, shown| ops::calendar(s, profile.unwrap_or(shown), today))?;
    let Some(path) = choose_save_path(
        &app,
        SaveOffer {
            title: "Save the reminder for your calendar",
            file_name: &offered_name("reminder", "ics"),
            label: "Calendar file (iCalendar)",
            extension: "ics",
        },
    ) else {
        return Ok(CalendarSaved {
            saved: Saved::at(None),
            first: None,
            rhythm: None,
        });
    };
    ops::check_ics_path(&path)?;
    ops::check_not_database(&path, state.location.path())?;
    ops::write_file_atomically(&path, file.ics.as_bytes())?;
    Ok(CalendarSaved {
        saved: Saved::at(Some(&path)),
        first: Some(file.first.to_string()),
        rhythm: Some(file.rhythm),
    })
}
