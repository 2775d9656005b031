//! The caseload screen: every active person at a glance, and their map.

use serde::{Deserialize, Serialize};
use tauri::State;

use super::{AppState, CommandResult};
use crate::chart::{ChartOptions, Format, Rendered, Theme};
use crate::ops::{self, Caseload, OpsError};

/// The caseload, names replaced by initials when `initials` (presentation-safe).
#[tauri::command(async)]
pub fn get_caseload(state: State<'_, AppState>, initials: bool) -> CommandResult<Caseload> {
    state.with_storage(|s| caseload(s, initials))
}

fn caseload(storage: &crate::storage::Storage, initials: bool) -> Result<Caseload, OpsError> {
    let caseload = ops::caseload(storage, ops::today())?;
    Ok(if initials {
        caseload.with_initials()
    } else {
        caseload
    })
}

/// How the window asks for the caseload map.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseloadChartRequest {
    initials: bool,
    theme: Theme,
}

/// The caseload map as SVG text, with its text alternative (which carries the data).
#[derive(Debug, Serialize)]
pub struct CaseloadChartView {
    svg: String,
    alt: String,
}

/// The size the window asks for, the same as a person's map: the `<img>` scales the SVG, so only
/// the aspect and text size matter.
const WINDOW_SIZE: (u32, u32) = (640, 560);

#[tauri::command(async)]
pub fn get_caseload_chart(
    state: State<'_, AppState>,
    options: CaseloadChartRequest,
) -> CommandResult<CaseloadChartView> {
    let chart_options = ChartOptions {
        width: WINDOW_SIZE.0,
        height: WINDOW_SIZE.1,
        theme: options.theme,
        scale: 1,
        transparent: false,
    };
    let (rendered, alt) = state.with_storage(|s| {
        ops::caseload_chart(&caseload(s, options.initials)?, &chart_options, Format::Svg)
    })?;
    match rendered {
        Rendered::Svg(svg) => Ok(CaseloadChartView { svg, alt }),
        // An SVG was asked for; the chart answers in the format it is given.
        Rendered::Png(_) => Err(OpsError::Interrupted.into()),
    }
}
