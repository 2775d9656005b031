//! About Bearing itself: its version, the words the page shows for raters, and the start-up signal.

use std::collections::BTreeMap;
use std::sync::OnceLock;
use std::time::{SystemTime, UNIX_EPOCH};

use serde::Serialize;
use tauri::State;

use super::AppState;
use crate::domain::{questionnaire, Quadrant, Rater, RaterWords};

#[derive(Debug, Serialize)]
pub struct AppInfo {
    version: &'static str,
    questionnaire: &'static str,
    database: String,
}

#[tauri::command]
pub fn get_app_info(state: State<'_, AppState>) -> AppInfo {
    AppInfo {
        version: env!("CARGO_PKG_VERSION"),
        questionnaire: &questionnaire::current().version,
        database: state.location.path().display().to_string(),
    }
}

/// The words the page uses for each kind of rater and each quadrant, by slug (`self`, `coach`,
/// …; `impact-galore`, …).
#[derive(Debug, Serialize)]
pub struct Labels {
    raters: BTreeMap<&'static str, &'static RaterWords>,
    quadrants: BTreeMap<&'static str, &'static str>,
    /// What another rater answers instead of the scale when they could not see a behaviour.
    cant_judge: &'static str,
}

#[tauri::command]
pub fn get_labels() -> Labels {
    Labels {
        raters: Rater::ALL
            .into_iter()
            .map(|r| (r.slug(), r.words()))
            .collect(),
        quadrants: Quadrant::ALL
            .into_iter()
            .map(|q| (q.slug(), q.info().name.as_str()))
            .collect(),
        cant_judge: crate::domain::sheet::CANT_JUDGE,
    }
}

/// Set by `.ci/perf` to time start-up: the first screen is then reported on standard output.
pub const SIGNAL_READY_ENV: &str = "BEARING_SIGNAL_READY";

/// Whether `.ci/perf` is timing this start (the environment is read once).
fn signalling() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| std::env::var_os(SIGNAL_READY_ENV).is_some())
}

/// Milliseconds since the Unix epoch: the clock the page's `performance.timeOrigin` counts from,
/// so the process's phases and the page's line up.
fn epoch_ms() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64() * 1000.0)
}

/// Marks a phase of start-up (`phase <name> <epoch ms>` on standard output) when `.ci/perf` is
/// timing it; otherwise does nothing.
pub fn mark_phase(name: &str) {
    if signalling() {
        println!("phase {name} {:.1}", epoch_ms());
    }
}

/// The page calls this once, after its first screen is drawn with its data, with the moments of
/// its own start-up (`marks`: a name and milliseconds since the epoch each). Normally it does
/// nothing; with [`SIGNAL_READY_ENV`] set it prints the marks as phases and then `ready`, which
/// is how `.ci/perf` measures start-up from outside the real release binary. Only a few short,
/// plain names with finite times are printed: the rest is dropped.
#[tauri::command]
pub fn first_screen_ready(marks: Option<BTreeMap<String, f64>>) {
    if !signalling() {
        return;
    }
    let plain = |name: &str| {
        (1..=24).contains(&name.len()) && name.bytes().all(|b| b.is_ascii_lowercase() || b == b'-')
    };
    for (name, at) in marks.unwrap_or_default().iter().take(16) {
        if plain(name) && at.is_finite() {
            println!("phase {name} {at:.1}");
        }
    }
    println!("ready");
}
