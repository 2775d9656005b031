//! The People screen: who the window shows, adding, renaming, archiving and rhythms.

use serde::Serialize;
use tauri::State;

use super::{AppState, CommandResult};
use crate::ops::{self, profiles::OPENING, OpsError};
use crate::storage::{Profile, Storage};

/// The people the window can show, and which one it shows.
#[derive(Debug, Serialize)]
pub struct ProfilesView {
    current: i64,
    profiles: Vec<Profile>,
}

fn profiles_view(state: &AppState, s: &Storage) -> Result<ProfilesView, OpsError> {
    Ok(ProfilesView {
        current: state.profile_id(s)?,
        profiles: s.profiles()?,
    })
}

#[tauri::command(async)]
pub fn get_profiles(state: State<'_, AppState>) -> CommandResult<ProfilesView> {
    state.with_storage(|s| profiles_view(&state, s))
}

/// Shows profile `id` from now on.
#[tauri::command(async)]
pub fn switch_profile(state: State<'_, AppState>, id: i64) -> CommandResult<ProfilesView> {
    state.changing_storage(|s| {
        ops::active_profile(s, id, OPENING)?;
        state.set_profile(id)?;
        profiles_view(&state, s)
    })
}

/// Adds a person and shows them.
#[tauri::command(async)]
pub fn add_profile(state: State<'_, AppState>, name: String) -> CommandResult<ProfilesView> {
    ops::check_profile_name(&name)?;
    state.changing_storage(|s| {
        let added = ops::add_profile(s, &name, chrono::Utc::now())?;
        state.set_profile(added.id)?;
        profiles_view(&state, s)
    })
}

#[tauri::command(async)]
pub fn rename_profile(
    state: State<'_, AppState>,
    id: i64,
    name: String,
) -> CommandResult<ProfilesView> {
    ops::check_profile_name(&name)?;
    state.changing_storage(|s| {
        ops::rename_profile(s, id, &name)?;
        profiles_view(&state, s)
    })
}

/// Archives (or unarchives) a person; archiving the one shown switches to the default one.
#[tauri::command(async)]
pub fn archive_profile(
    state: State<'_, AppState>,
    id: i64,
    archived: bool,
) -> CommandResult<ProfilesView> {
    state.changing_storage(|s| {
        ops::archive_profile(s, id, archived, chrono::Utc::now())?;
        if archived && state.profile_id(s)? == id {
            let fallback = ops::resolve_profile(s, None)?;
            state.set_profile(fallback.id)?;
        }
        profiles_view(&state, s)
    })
}

#[tauri::command(async)]
pub fn set_cadence(state: State<'_, AppState>, id: i64, days: i64) -> CommandResult<ProfilesView> {
    ops::check_cadence(days)?;
    state.changing_storage(|s| {
        ops::set_cadence(s, id, days)?;
        profiles_view(&state, s)
    })
}
