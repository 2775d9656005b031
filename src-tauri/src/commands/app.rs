//! About Bearing itself: its version, the words the page shows for raters, and the start-up signal.

use std::collections::BTreeMap;

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

/// The page calls this once, after its first screen is drawn with its data. Normally it does
/// nothing; with [`SIGNAL_READY_ENV`] set it prints `ready`, which is how `.ci/perf` measures
/// start-up from outside the real release binary (the environment is read once, here).
#[tauri::command]
pub fn first_screen_ready() {
    if std::env::var_os(SIGNAL_READY_ENV).is_some() {
        println!("ready");
    }
}
