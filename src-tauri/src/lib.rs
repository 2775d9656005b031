//! Bearing: where a tech leader stands on the focus / autonomy quadrant, and how that moves.
//!
//! Layers, from the inside out: `domain` (pure), `storage` (SQLite) and `chart` (plotters), `ops`
//! (the operations), then two thin edges over `ops`: `commands` (the window) and `cli`.

pub mod chart;
pub mod cli;
pub mod commands;
pub mod domain;
pub mod instance;
pub mod ops;
pub mod storage;

use std::process::ExitCode;

use clap::Parser;
use tauri::Runtime;

use crate::commands::AppState;
use crate::ops::{DbLocation, OpsError};

/// Adds Bearing's state and commands to a builder. Generic over the runtime so tests can pass
/// `tauri::test::mock_builder()` and call the commands through the real IPC layer.
pub fn with_commands<R: Runtime>(builder: tauri::Builder<R>, state: AppState) -> tauri::Builder<R> {
    builder
        .manage(state)
        // Used from Rust only (the save dialog); the page is granted none of its commands.
        .plugin(tauri_plugin_dialog::init())
        .invoke_handler(tauri::generate_handler![
            commands::get_questionnaire,
            commands::save_assessment,
            commands::get_result,
            commands::set_commitments,
            commands::get_home,
            commands::get_assessment_start,
            commands::save_draft,
            commands::discard_draft,
            commands::delete_assessment,
            commands::undo_delete,
            commands::export_backup,
            commands::export_history_csv,
            commands::get_history,
            commands::get_chart_svg,
            commands::export_chart,
            commands::get_app_info,
            commands::get_profiles,
            commands::get_perceptions,
            commands::open_sheet_to_rate,
            commands::export_sheet,
            commands::save_rated_sheet,
            commands::import_filled_sheet,
            commands::switch_profile,
            commands::add_profile,
            commands::rename_profile,
            commands::archive_profile,
            commands::set_cadence,
            commands::get_recovery,
            commands::dismiss_recovery,
            commands::get_backups,
            commands::back_up_now,
            commands::restore_backup,
            commands::first_screen_ready,
        ])
}

/// The app's context: `tauri.conf.json`, the embedded `ui/`, and the access control list built
/// from `capabilities/` and the command permissions `build.rs` declares. Generic over the runtime
/// so the IPC tests run against the same ACL as the window.
pub fn context<R: Runtime>() -> tauri::Context<R> {
    tauri::generate_context!()
}

/// Opens the window on the database at `location`, unless a window on that database is open
/// already: then that one is brought to the front and this process exits.
pub fn run_window(location: DbLocation) -> Result<(), tauri::Error> {
    // First among the plugins, so a second instance leaves before anything else is set up.
    let builder = tauri::Builder::default().plugin(instance::plugin(location.path()));
    with_commands(builder, AppState::new(location)).run(context())
}

/// GTK aborts without a display; say so in one line instead.
fn check_display() -> Result<(), OpsError> {
    let has = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty());
    if cfg!(target_os = "linux") && !has("DISPLAY") && !has("WAYLAND_DISPLAY") {
        return Err(OpsError::Input(
            "no display to open the window on (DISPLAY and WAYLAND_DISPLAY are unset); run Bearing in a desktop session, or use a command such as `bearing history`".into(),
        ));
    }
    Ok(())
}

/// The entry point: a CLI command when one is given, otherwise the window.
pub fn main_entry() -> ExitCode {
    let cli = cli::Cli::parse();
    match cli.command {
        Some(command) => cli::run(cli.db, cli.profile, command),
        None => {
            let location = match cli.db {
                Some(path) if !path.as_os_str().is_empty() => Ok(DbLocation::Chosen(path)),
                _ => DbLocation::default_location(),
            };
            let result = check_display()
                .and(location)
                .map_err(|e| e.to_string())
                .and_then(|l| run_window(l).map_err(|e| e.to_string()));
            match result {
                Ok(()) => ExitCode::SUCCESS,
                Err(message) => {
                    eprintln!("error: {message}");
                    ExitCode::from(1)
                }
            }
        }
    }
}
