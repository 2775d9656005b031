//! The operation layer: what Bearing can do, called alike by the window's commands and the CLI.
//! Validation happens here (or below, in the domain), before anything touches the database.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Local, NaiveDate, Utc};
use serde::Serialize;

use crate::chart::{self, ChartError, ChartOptions, Format, MapPoint, Rendered};
use crate::domain::explain::FlagNote;
use crate::domain::scoring::reliable_change;
use crate::domain::{
    self, answer_flags, questionnaire, suggest, what_moved, why_here, AnswerSheet, AnswersError,
    Assessment, AssessmentSummary, Flag, Rater, Score, Suggestion, WhatMoved, WhyHere,
};
use crate::storage::{NewAssessment, Storage, StorageError, DEFAULT_PROFILE_ID};

/// Reverse-domain identifier of the app; also the name of its data folder.
pub const IDENTIFIER: &str = "dev.bearing.desktop";

/// File name of the default database inside the app data folder.
pub const DEFAULT_DB_FILE: &str = "bearing.db";

/// Any error an operation can report. Messages are meant for the user.
#[derive(Debug, thiserror::Error)]
pub enum OpsError {
    #[error(transparent)]
    Answers(#[from] AnswersError),
    #[error(transparent)]
    Storage(#[from] StorageError),
    #[error(transparent)]
    Chart(#[from] ChartError),
    #[error("{0}")]
    Input(String),
    #[error("{}: {detail}", .path.display())]
    File { path: PathBuf, detail: String },
}

impl OpsError {
    /// Names the file an answer sheet came from in front of the message.
    pub fn in_file(self, name: &str) -> OpsError {
        match self {
            OpsError::Answers(e) => OpsError::Input(format!("{name}: {e}")),
            other => other,
        }
    }
}

/// Where the database is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DbLocation {
    /// The app data folder; created when missing.
    Default(PathBuf),
    /// A file the user named (`--db` or `BEARING_DB`); its folder must exist.
    Chosen(PathBuf),
}

impl DbLocation {
    /// The default location: `<data dir>/dev.bearing.desktop/bearing.db`, the same folder Tauri's
    /// `app_data_dir()` gives the window.
    pub fn default_location() -> Result<DbLocation, OpsError> {
        let data = dirs::data_dir().ok_or_else(|| {
            OpsError::Input(
                "cannot find the user data folder (is HOME set?); pass --db PATH".into(),
            )
        })?;
        Ok(DbLocation::Default(
            data.join(IDENTIFIER).join(DEFAULT_DB_FILE),
        ))
    }

    pub fn path(&self) -> &Path {
        match self {
            DbLocation::Default(p) | DbLocation::Chosen(p) => p,
        }
    }

    /// Opens (creating and migrating if needed) the database.
    pub fn open(&self) -> Result<Storage, OpsError> {
        if let DbLocation::Default(path) = self {
            if let Some(folder) = path.parent() {
                fs::create_dir_all(folder).map_err(|e| OpsError::File {
                    path: folder.to_path_buf(),
                    detail: format!("cannot create the data folder ({e})"),
                })?;
            }
        }
        Ok(Storage::open(self.path())?)
    }
}

/// Parses a `YYYY-MM-DD` date given by the user.
pub fn parse_date(text: &str) -> Result<NaiveDate, OpsError> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| {
        OpsError::Input(format!(
            "date `{text}` is not a valid date; use YYYY-MM-DD, e.g. 2026-03-31"
        ))
    })
}

/// Today in the user's time zone.
pub fn today() -> NaiveDate {
    Local::now().date_naive()
}

/// When an assessment is recorded.
#[derive(Debug, Clone, Copy)]
pub struct When {
    /// The day it describes; `None` for today.
    pub date: Option<NaiveDate>,
    pub today: NaiveDate,
    pub now: DateTime<Utc>,
}

impl When {
    pub fn now(date: Option<NaiveDate>) -> When {
        When {
            date,
            today: today(),
            now: Utc::now(),
        }
    }
}

/// Scores and saves an assessment by the leader of the default profile. The window and the CLI
/// both save through here; both check the date with [`check_date`] before opening the database.
pub fn assess(
    storage: &mut Storage,
    sheet: &AnswerSheet,
    when: When,
) -> Result<Assessment, OpsError> {
    let taken_on = check_date(when)?;
    save(storage, sheet, taken_on, when.now)
}

/// Checks an assessment date: not in the future, not before 2000.
pub fn check_date(when: When) -> Result<NaiveDate, OpsError> {
    let date = when.date.unwrap_or(when.today);
    if date > when.today {
        return Err(OpsError::Input(format!(
            "date {date} is in the future; an assessment describes a month already lived (today is {})",
            when.today
        )));
    }
    if date < NaiveDate::from_ymd_opt(2000, 1, 1).unwrap_or(NaiveDate::MIN) {
        return Err(OpsError::Input(format!(
            "date {date} is before 2000; check the year"
        )));
    }
    Ok(date)
}

/// Saves an already-validated sheet into an open database.
fn save(
    storage: &mut Storage,
    sheet: &AnswerSheet,
    taken_on: NaiveDate,
    now: DateTime<Utc>,
) -> Result<Assessment, OpsError> {
    let score = domain::score(sheet);
    let new = NewAssessment {
        profile_id: DEFAULT_PROFILE_ID,
        rater: Rater::SelfRating,
        taken_on,
        recorded_at: now,
        sheet,
        score: &score,
    };
    Ok(storage.insert_assessment(&new)?)
}

/// The default profile's assessments with answers, oldest first.
pub fn history(storage: &Storage) -> Result<Vec<Assessment>, OpsError> {
    Ok(storage.assessments(DEFAULT_PROFILE_ID)?)
}

/// The default profile's assessments without answers, oldest first.
pub fn history_summaries(storage: &Storage) -> Result<Vec<AssessmentSummary>, OpsError> {
    Ok(storage.assessment_summaries(DEFAULT_PROFILE_ID)?)
}

/// How many statements "why here" lists per axis, answer changes "what moved" lists, and growth
/// actions are suggested.
pub const WHY_HERE_COUNT: usize = 3;
pub const MOVED_COUNT: usize = 5;
pub const SUGGESTION_COUNT: usize = 5;

/// What Bearing says about a scored sheet beyond the position: answer-quality flags, the
/// statements that placed it, what moved since the previous assessment, and growth actions.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub flags: Vec<FlagNote>,
    pub why_here: WhyHere,
    /// Against the previous assessment of the same person; `null` for the first one (and for
    /// `bearing score`, which reads no history).
    pub what_moved: Option<WhatMoved>,
    pub suggestions: Vec<Suggestion>,
}

/// The report for `sheet` (scored as `score`), compared with `previous` when there is one.
pub fn report(sheet: &AnswerSheet, score: &Score, previous: Option<&AnswerSheet>) -> Report {
    let thresholds = reliable_change(sheet.questionnaire());
    Report {
        flags: answer_flags(sheet).into_iter().map(Flag::note).collect(),
        why_here: why_here(sheet, WHY_HERE_COUNT),
        what_moved: previous.map(|p| what_moved(p, sheet, &thresholds, MOVED_COUNT)),
        suggestions: suggest(score, sheet, &[], SUGGESTION_COUNT),
    }
}

/// A score with its report: what `bearing score` prints.
#[derive(Debug, Clone, Serialize)]
pub struct ScoreReport {
    #[serde(flatten)]
    pub score: Score,
    #[serde(flatten)]
    pub report: Report,
}

/// Scores a sheet and explains it, without saving or reading anything.
pub fn score_report(sheet: &AnswerSheet) -> ScoreReport {
    let score = domain::score(sheet);
    let report = report(sheet, &score, None);
    ScoreReport { score, report }
}

/// A saved assessment with its report: what `bearing assess` prints and the result screen shows.
#[derive(Debug, Clone, Serialize)]
pub struct AssessmentReport {
    #[serde(flatten)]
    pub assessment: Assessment,
    #[serde(flatten)]
    pub report: Report,
}

/// The answer sheet a stored assessment was scored from.
fn stored_sheet(a: &Assessment) -> Result<AnswerSheet, OpsError> {
    let q = questionnaire::by_version(&a.summary.questionnaire).ok_or_else(|| {
        OpsError::Input(format!(
            "assessment {} uses questionnaire `{}`, which this Bearing does not know; update Bearing",
            a.summary.id, a.summary.questionnaire
        ))
    })?;
    Ok(AnswerSheet::from_values(q, &a.answers)?)
}

/// Assessment `id` with its report, compared with the assessment before it in time order.
pub fn assessment_report(storage: &Storage, id: i64) -> Result<AssessmentReport, OpsError> {
    let history = history(storage)?;
    let index = history
        .iter()
        .position(|a| a.summary.id == id)
        .ok_or_else(|| OpsError::Input(format!("there is no assessment with id {id}")))?;
    let current = &history[index];
    let sheet = stored_sheet(current)?;
    let previous = match index.checked_sub(1) {
        Some(i) => Some(stored_sheet(&history[i])?),
        None => None,
    };
    let score = domain::score(&sheet);
    let report = report(&sheet, &score, previous.as_ref());
    Ok(AssessmentReport {
        assessment: current.clone(),
        report,
    })
}

/// Map points for assessments (oldest first), labelled with their month.
pub fn map_points(summaries: &[AssessmentSummary]) -> Vec<MapPoint> {
    summaries
        .iter()
        .map(|a| MapPoint {
            focus: a.focus,
            autonomy: a.autonomy,
            label: a.date.format("%b %Y").to_string(),
        })
        .collect()
}

/// The map of the default profile's history, up to and including assessment `until` if given.
pub fn history_map(
    storage: &Storage,
    until: Option<i64>,
    options: &ChartOptions,
    format: Format,
) -> Result<Rendered, OpsError> {
    options.validate()?;
    let mut summaries = history_summaries(storage)?;
    if let Some(id) = until {
        let end = summaries
            .iter()
            .position(|a| a.id == id)
            .ok_or_else(|| OpsError::Input(format!("there is no assessment with id {id}")))?;
        summaries.truncate(end + 1);
    }
    Ok(chart::render_map(&map_points(&summaries), options, format)?)
}

/// The chart format implied by a file name's extension.
pub fn format_for_path(path: &Path) -> Result<Format, OpsError> {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("svg") => Ok(Format::Svg),
        Some("png") => Ok(Format::Png),
        _ => Err(OpsError::Input(format!(
            "--out {}: unknown chart format; the file name must end in .svg or .png",
            path.display()
        ))),
    }
}

/// Checks that `path` can be an output file: not a folder, in a folder that exists. Returns the
/// folder. Called before any other work, so a bad path costs nothing.
pub fn check_output_path(path: &Path) -> Result<PathBuf, OpsError> {
    let file_error = |detail: &str| OpsError::File {
        path: path.to_path_buf(),
        detail: detail.into(),
    };
    if path.is_dir() {
        return Err(file_error("is a folder; give a file name"));
    }
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !folder.is_dir() {
        return Err(file_error(
            "the folder does not exist; create it or choose another path",
        ));
    }
    Ok(folder)
}

/// Writes `bytes` to `path` through a fresh temporary file in the same folder, synced and then
/// renamed over `path`, so a failed or interrupted write never leaves a half-written file.
pub fn write_file_atomically(path: &Path, bytes: &[u8]) -> Result<(), OpsError> {
    let folder = check_output_path(path)?;
    let file_error = |e: std::io::Error| OpsError::File {
        path: path.to_path_buf(),
        detail: format!("cannot write ({e})"),
    };
    let mut temp = tempfile::NamedTempFile::new_in(folder).map_err(file_error)?;
    temp.write_all(bytes)
        .and_then(|()| temp.as_file().sync_all())
        .map_err(file_error)?;
    temp.persist(path).map_err(|e| file_error(e.error))?;
    Ok(())
}
