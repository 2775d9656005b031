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
pub mod pdf;
pub mod reminders;
pub mod storage;

use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use clap::Parser;
use tauri::{Manager, Runtime};

use crate::commands::app::mark_phase;
use crate::commands::AppState;
use crate::ops::DbLocation;

/// Adds Bearing's state and commands to a builder. Generic over the runtime so tests can pass
/// `tauri::test::mock_builder()` and call the commands through the real IPC layer.
pub fn with_commands<R: Runtime>(builder: tauri::Builder<R>, state: AppState) -> tauri::Builder<R> {
    builder
        .manage(state)
        // Used from Rust only (the save dialog); the page is granted none of its commands.
        .plugin(tauri_plugin_dialog::init())
        .invoke_handler(tauri::generate_handler![
            commands::assess::get_questionnaire,
            commands::assess::save_assessment,
            commands::assess::confirm_assessment,
            commands::measure::get_reliability,
            commands::report::get_result,
            commands::commitments::set_commitments,
            commands::home::get_home,
            commands::assess::get_assessment_start,
            commands::assess::save_draft,
            commands::assess::discard_draft,
            commands::history::delete_assessment,
            commands::history::undo_delete,
            commands::exchange::export_history_json,
            commands::exchange::choose_history_to_import,
            commands::exchange::preview_history_import,
            commands::exchange::import_history,
            commands::exchange::get_exchange_key,
            commands::exchange::share_history,
            commands::exchange::sync_exchange,
            commands::exchange::get_exchange_status,
            commands::exchange::link_exchange_folder,
            commands::exchange::unlink_exchange_folder,
            commands::history::export_history_csv,
            commands::session_report::export_session_report,
            commands::calendar::export_calendar,
            commands::link::take_opened_link,
            commands::nudge::get_nudge,
            commands::nudge::set_nudge,
            commands::history::get_history,
            commands::charts::get_chart_svg,
            commands::charts::export_chart,
            commands::caseload::get_caseload,
            commands::caseload::get_caseload_chart,
            commands::app::get_app_info,
            commands::app::get_labels,
            commands::profiles::get_profiles,
            commands::perceptions::get_perceptions,
            commands::sheets::open_sheet_to_rate,
            commands::sheets::export_sheet,
            commands::sheets::save_rated_sheet,
            commands::sheets::import_filled_sheet,
            commands::profiles::switch_profile,
            commands::profiles::add_profile,
            commands::profiles::rename_profile,
            commands::profiles::archive_profile,
            commands::profiles::set_cadence,
            commands::backups::get_recovery,
            commands::backups::dismiss_recovery,
            commands::backups::get_backups,
            commands::backups::back_up_now,
            commands::backups::restore_backup,
            commands::app::first_screen_ready,
        ])
}

/// The app's context: `tauri.conf.json`, the embedded `ui/`, and the access control list built
/// from `capabilities/` and the command permissions `build.rs` declares. Generic over the runtime
/// so the IPC tests run against the same ACL as the window.
pub fn context<R: Runtime>() -> tauri::Context<R> {
    tauri::generate_context!()
}

/// How long the window may stay hidden while its page loads (it is shown as soon as it has loaded).
const SHOW_ANYWAY_AFTER: std::time::Duration = std::time::Duration::from_secs(3);

/// Shows the window the first time it is asked to, and never again: showing it again would show
/// every widget inside it once more and could take the keyboard's focus from whatever the user
/// was typing. (`is_visible` cannot stand in for `shown`: it says only whether the window itself
/// is, not the web view inside it.)
fn show_once<R: Runtime>(window: &tauri::Window<R>, shown: &AtomicBool) {
    if !shown.swap(true, Ordering::SeqCst) {
        let _ = window.show();
    }
}

/// Opens the window on the database at `location`, unless a window on that database is open
/// already: then that one is brought to the front, given `link` if there is one, and this process
/// exits. `link` is a `bearing:` link the desktop started Bearing with.
pub fn run_window(location: DbLocation, link: Option<String>) -> Result<(), tauri::Error> {
    mark_phase("builder");
    let shown = Arc::new(AtomicBool::new(false));
    let shown_at_load = Arc::clone(&shown);
    // First among the plugins, so a second instance leaves before anything else is set up.
    let builder = tauri::Builder::default()
        .plugin(instance::plugin(location.path()))
        .plugin(tauri_plugin_deep_link::init())
        .plugin(reminders::autostart(&location))
        .on_page_load(move |webview, page| {
            let event = page.event();
            mark_phase(match event {
                tauri::webview::PageLoadEvent::Started => "page-started",
                tauri::webview::PageLoadEvent::Finished => "page-finished",
            });
            // The window is made hidden and shown once its page has loaded (see `setup`).
            if event == tauri::webview::PageLoadEvent::Finished {
                show_once(&webview.window(), &shown_at_load);
            }
        })
        .setup(move |app| {
            mark_phase("setup");
            reminders::receive_links(app.handle(), link);
            // The window is made here, not from the configuration at start, because `bearing
            // nudge` runs the same app without one.
            let config = app
                .config()
                .app
                .windows
                .iter()
                .find(|w| w.label == "main")
                .cloned()
                .ok_or("the configuration has no main window")?;
            // It starts hidden (`"visible": false`) and is shown when its page has loaded: shown
            // earlier, WebKit can stop the window's thread for up to half a second, waiting on a
            // web process that is still starting, and the window would flash empty meanwhile.
            // Should the page never finish loading, the window is shown anyway after a while.
            let window =
                tauri::WebviewWindowBuilder::from_config(app.handle(), &config)?.build()?;
            mark_phase("window");
            // The database opens meanwhile, beside WebKit starting its processes.
            let handle = app.handle().clone();
            std::thread::spawn(move || handle.state::<AppState>().open_early());
            std::thread::spawn(move || {
                std::thread::sleep(SHOW_ANYWAY_AFTER);
                show_once(&window.as_ref().window(), &shown);
            });
            Ok(())
        });
    with_commands(builder, AppState::new(location)).run(context())
}

/// The entry point: a CLI command when one is given, otherwise the window. A lone `bearing:`
/// argument is a link the desktop hands over (from a calendar reminder): it opens the window.
pub fn main_entry() -> ExitCode {
    mark_phase("main");
    let args: Vec<String> = std::env::args_os()
        .skip(1)
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    if let Some(link) = ops::link_argument(&args) {
        // The database still comes from BEARING_DB when set; nothing else in the link is used.
        let cli = cli::Cli::parse_from(["bearing"]);
        return cli::open_window(cli.db, Some(link.to_string()));
    }
    let cli = cli::Cli::parse();
    match cli.command {
        Some(command) => cli::run(cli.db, cli.profile, command),
        None => cli::open_window(cli.db, None),
    }
}
