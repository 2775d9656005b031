//! The window's commands: parse the arguments, call the operation layer, map errors to messages.
//! No logic of their own.

use std::sync::Mutex;

use serde::{Deserialize, Serialize, Serializer};
use tauri::State;

use crate::chart::{ChartOptions, Format, Rendered, Theme};
use crate::domain::{questionnaire, AnswerSheet, AssessmentSummary, Quadrant, QuadrantInfo, Scale};
use crate::ops::{self, AssessmentReport, DbLocation, OpsError, Report, When};
use crate::storage::Storage;

/// What the window's commands share: where the database is, and the connection once opened.
/// Opening waits for the first command that needs it, so start-up does no database work.
#[derive(Debug)]
pub struct AppState {
    location: DbLocation,
    storage: Mutex<Option<Storage>>,
}

impl AppState {
    pub fn new(location: DbLocation) -> AppState {
        AppState {
            location,
            storage: Mutex::new(None),
        }
    }

    fn with_storage<T>(
        &self,
        f: impl FnOnce(&mut Storage) -> Result<T, OpsError>,
    ) -> Result<T, CommandError> {
        let mut guard = self.storage.lock().map_err(|_| {
            CommandError("an earlier operation failed midway; restart Bearing".into())
        })?;
        if guard.is_none() {
            *guard = Some(self.location.open()?);
        }
        match guard.as_mut() {
            Some(storage) => Ok(f(storage)?),
            None => Err(CommandError("the database is not open".into())),
        }
    }
}

/// A command's error, sent to the window as its message.
#[derive(Debug)]
pub struct CommandError(String);

impl From<OpsError> for CommandError {
    fn from(e: OpsError) -> Self {
        CommandError(e.to_string())
    }
}

impl Serialize for CommandError {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

type CommandResult<T> = Result<T, CommandError>;

/// A statement as the questionnaire screen shows it (loadings stay in Rust).
#[derive(Debug, Serialize)]
pub struct StatementView {
    id: &'static str,
    text: &'static str,
}

#[derive(Debug, Serialize)]
pub struct QuestionnaireView {
    version: &'static str,
    scale: &'static Scale,
    items: Vec<StatementView>,
}

#[tauri::command]
pub fn get_questionnaire() -> QuestionnaireView {
    let q = questionnaire::current();
    QuestionnaireView {
        version: &q.version,
        scale: &q.scale,
        items: q
            .items
            .iter()
            .map(|i| StatementView {
                id: &i.id,
                text: &i.text,
            })
            .collect(),
    }
}

/// A saved assessment with the words that describe its quadrant and its report.
#[derive(Debug, Serialize)]
pub struct ResultView {
    assessment: AssessmentSummary,
    quadrant: &'static QuadrantInfo,
    neighbours: Vec<&'static str>,
    report: Report,
}

fn result_view(full: AssessmentReport) -> ResultView {
    let assessment = full.assessment.summary;
    ResultView {
        quadrant: assessment.quadrant.info(),
        neighbours: assessment
            .neighbours
            .iter()
            .map(|q: &Quadrant| q.info().name.as_str())
            .collect(),
        assessment,
        report: full.report,
    }
}

/// Validates, scores and saves the answers the window collected; dated today.
#[tauri::command(async)]
pub fn save_assessment(
    state: State<'_, AppState>,
    sheet: serde_json::Value,
) -> CommandResult<ResultView> {
    let sheet = AnswerSheet::from_value(sheet).map_err(OpsError::from)?;
    let when = When::now(None);
    ops::check_date(when)?;
    let saved = state.with_storage(|s| {
        let saved = ops::assess(s, &sheet, when)?;
        ops::assessment_report(s, saved.summary.id)
    })?;
    Ok(result_view(saved))
}

#[tauri::command(async)]
pub fn get_result(state: State<'_, AppState>, id: i64) -> CommandResult<ResultView> {
    Ok(result_view(
        state.with_storage(|s| ops::assessment_report(s, id))?,
    ))
}

/// A row of the history list.
#[derive(Debug, Serialize)]
pub struct HistoryRow {
    #[serde(flatten)]
    assessment: AssessmentSummary,
    quadrant_name: &'static str,
}

/// The history, newest first (the order the screen lists it in).
#[tauri::command(async)]
pub fn get_history(state: State<'_, AppState>) -> CommandResult<Vec<HistoryRow>> {
    let summaries = state.with_storage(|s| ops::history_summaries(s))?;
    Ok(summaries
        .into_iter()
        .rev()
        .map(|assessment| HistoryRow {
            quadrant_name: &assessment.quadrant.info().name,
            assessment,
        })
        .collect())
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ThemeArg {
    Light,
    Dark,
}

/// Size the window asks for: the `<img>` scales it, so only the aspect and text size matter.
const WINDOW_MAP: (u32, u32) = (640, 560);

/// The quadrant map as SVG text, with the history up to assessment `until` (all when absent).
#[tauri::command(async)]
pub fn get_map_svg(
    state: State<'_, AppState>,
    until: Option<i64>,
    theme: ThemeArg,
) -> CommandResult<String> {
    let options = ChartOptions {
        width: WINDOW_MAP.0,
        height: WINDOW_MAP.1,
        theme: match theme {
            ThemeArg::Light => Theme::Light,
            ThemeArg::Dark => Theme::Dark,
        },
    };
    match state.with_storage(|s| ops::history_map(s, until, &options, Format::Svg))? {
        Rendered::Svg(svg) => Ok(svg),
        Rendered::Png(_) => Err(CommandError("expected an SVG chart".into())),
    }
}

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
