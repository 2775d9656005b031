//! Charts in the window, and saving one as a file.

use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Runtime, State};

use super::dialogs::{choose_save_path, offered_name, SaveOffer, Saved};
use super::{AppState, CommandResult};
use crate::chart::{ChartKind, ChartOptions, Format, Rendered, Theme};
use crate::ops::{self, ChartRange, OpsError};

/// Sizes the window asks for: the `<img>` scales the SVG, so only the aspect and text size matter.
fn window_size(kind: ChartKind) -> (u32, u32) {
    match kind {
        ChartKind::Map | ChartKind::Timeline => (640, 560),
        ChartKind::Card => (1280, 720),
    }
}

/// SVG text, sent to the window as a JSON string.
#[derive(Debug, Serialize)]
#[serde(transparent)]
pub struct SvgText(String);

/// A chart as SVG text for the window, with the history up to assessment `until` (all when absent).
#[tauri::command(async)]
pub fn get_chart_svg(
    state: State<'_, AppState>,
    kind: ChartKind,
    until: Option<i64>,
    theme: Theme,
) -> CommandResult<SvgText> {
    let (width, height) = window_size(kind);
    let options = ChartOptions {
        width,
        height,
        theme,
        scale: 1,
        transparent: false,
    };
    let range = ChartRange {
        until,
        ..ChartRange::default()
    };
    let rendered = state.with_profile(|s, profile| {
        ops::render_chart(s, profile, kind, range, &options, Format::Svg)
    })?;
    match rendered {
        Rendered::Svg(svg) => Ok(SvgText(svg)),
        // An SVG was asked for; render_chart answers in the format it is given.
        Rendered::Png(_) => Err(OpsError::Interrupted.into()),
    }
}

/// How the window asks for a chart file.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChartExport {
    kind: ChartKind,
    format: Format,
    scale: u32,
    transparent: bool,
    theme: Theme,
}

/// Saves a chart where the user chooses (the native save dialog), at the kind's default size.
#[tauri::command(async)]
pub fn export_chart<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    options: ChartExport,
) -> CommandResult<Saved> {
    let (width, height) = options.kind.default_size();
    let chart_options = ChartOptions {
        width,
        height,
        theme: options.theme,
        scale: options.scale,
        transparent: options.transparent,
    };
    // Checked before the dialog opens, so a bad request never asks the user anything.
    chart_options.validate().map_err(OpsError::from)?;
    let (extension, label) = match options.format {
        Format::Png => ("png", "PNG image"),
        Format::Svg => ("svg", "SVG image"),
    };
    let Some(path) = choose_save_path(
        &app,
        SaveOffer {
            title: "Save your progress chart",
            file_name: &offered_name(options.kind.slug(), extension),
            label,
            extension,
        },
    ) else {
        return Ok(Saved::at(None));
    };
    ops::check_not_database(&path, state.location.path())?;
    let chart = state.with_profile(|s, profile| {
        ops::render_chart(
            s,
            profile,
            options.kind,
            ChartRange::default(),
            &chart_options,
            options.format,
        )
    })?;
    ops::write_file_atomically(&path, &chart.into_bytes())?;
    Ok(Saved::at(Some(&path)))
}
