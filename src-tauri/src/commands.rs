//! The window's commands: parse the arguments, call the operation layer, map errors to messages.
//! No logic of their own.

use std::sync::Mutex;

use serde::{Deserialize, Serialize, Serializer};
use std::path::{Path, PathBuf};

use tauri::{AppHandle, Runtime, State};

use crate::chart::{ChartKind, ChartOptions, Format, Rendered, Theme};
use crate::domain::{
    questionnaire, AnswerSheet, AssessmentSummary, Commitment, Draft, GrowthAction, Quadrant,
    QuadrantInfo, Rater, Scale,
};
use crate::ops::{self, AssessmentReport, DbLocation, OpsError, Report, When};
use crate::storage::{
    safekeeping, BackupFile, BackupKind, Notes, Profile, Storage, StorageError, Tombstone,
};

/// What the window's commands share: where the database is, and the connection once opened.
/// Opening waits for the first command that needs it, so start-up does no database work.
#[derive(Debug)]
pub struct AppState {
    location: DbLocation,
    storage: Mutex<Option<Storage>>,
    /// The last deleted assessment, while it can still be brought back: any other change to the
    /// database drops it, so an undo never works against a history that moved on.
    undo: Mutex<Option<Tombstone>>,
    /// The profile the window shows; the default one until the user switches.
    profile: Mutex<Option<i64>>,
    /// An answer sheet someone sent, opened to fill in.
    sheet: Mutex<Option<crate::domain::sheet::RaterSheet>>,
    /// Set when the database turned out damaged at opening: what the recovery screen shows.
    recovery: Mutex<Option<RecoveryView>>,
}

impl AppState {
    pub fn new(location: DbLocation) -> AppState {
        AppState {
            location,
            storage: Mutex::new(None),
            undo: Mutex::new(None),
            profile: Mutex::new(None),
            sheet: Mutex::new(None),
            recovery: Mutex::new(None),
        }
    }

    /// The profile the window shows (the first active one until the user switches). Always
    /// called with the database lock held, so the profile lock is the innermost one.
    fn profile_id(&self, storage: &Storage) -> Result<i64, OpsError> {
        let mut current = self.profile.lock().map_err(|_| {
            OpsError::Input("an earlier operation failed midway; restart Bearing".into())
        })?;
        if let Some(id) = *current {
            if storage.profile(id)?.is_some() {
                return Ok(id);
            }
        }
        let found = ops::resolve_profile(storage, None)?;
        *current = Some(found.id);
        Ok(found.id)
    }

    fn set_profile(&self, id: i64) -> Result<(), OpsError> {
        let mut current = self.profile.lock().map_err(|_| {
            OpsError::Input("an earlier operation failed midway; restart Bearing".into())
        })?;
        *current = Some(id);
        Ok(())
    }

    /// For commands that change the database: once `f` has succeeded, the pending undo is dropped
    /// (a refused change keeps it). The undo and the database are locked together, always in that
    /// order, so an undo never lands between another write and its bookkeeping.
    fn changing_storage<T>(
        &self,
        f: impl FnOnce(&mut Storage) -> Result<T, OpsError>,
    ) -> Result<T, CommandError> {
        self.with_storage_and_undo(|storage, undo| {
            let value = f(storage)?;
            *undo = None;
            Ok(value)
        })
    }

    fn with_storage_and_undo<T>(
        &self,
        f: impl FnOnce(&mut Storage, &mut Option<Tombstone>) -> Result<T, OpsError>,
    ) -> Result<T, CommandError> {
        let mut undo = self.undo.lock().map_err(|_| {
            CommandError("an earlier operation failed midway; restart Bearing".into())
        })?;
        self.with_storage(|storage| f(storage, &mut undo))
    }

    fn with_storage<T>(
        &self,
        f: impl FnOnce(&mut Storage) -> Result<T, OpsError>,
    ) -> Result<T, CommandError> {
        let mut guard = self.storage.lock().map_err(|_| {
            CommandError("an earlier operation failed midway; restart Bearing".into())
        })?;
        if guard.is_none() {
            match self.location.open() {
                Ok(storage) => *guard = Some(storage),
                Err(OpsError::Storage(e @ StorageError::Damaged { .. })) => {
                    if let Ok(mut recovery) = self.recovery.lock() {
                        *recovery = Some(RecoveryView::from_error(&e));
                    }
                    return Err(CommandError(e.to_string()));
                }
                Err(e) => return Err(e.into()),
            }
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
    /// The statement about "them", for a coach, manager or peer answering.
    text_other: &'static str,
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
                text_other: &i.text_other,
            })
            .collect(),
    }
}

/// A commitment with the growth action it names (absent if this Bearing no longer knows it).
#[derive(Debug, Serialize)]
pub struct CommitmentView {
    #[serde(flatten)]
    commitment: Commitment,
    action: Option<&'static GrowthAction>,
}

fn commitment_views(list: Vec<Commitment>) -> Vec<CommitmentView> {
    list.into_iter()
        .map(|commitment| CommitmentView {
            action: commitment.action(),
            commitment,
        })
        .collect()
}

/// A saved assessment with the words that describe its quadrant, its report, its commitments and
/// the leader's private notes.
#[derive(Debug, Serialize)]
pub struct ResultView {
    assessment: AssessmentSummary,
    quadrant: &'static QuadrantInfo,
    neighbours: Vec<&'static str>,
    report: Report,
    reviewed: Vec<CommitmentView>,
    commitments: Vec<CommitmentView>,
    can_commit: bool,
    /// The latest comparison this assessment takes part in (with the leader's own view, or with
    /// another rater's), if any.
    perception: Option<ops::PerceptionPair>,
    /// Statement id to answer.
    answers: std::collections::BTreeMap<String, u8>,
    notes: Notes,
}

fn result_view(
    full: AssessmentReport,
    notes: Notes,
    perception: Option<ops::PerceptionPair>,
) -> ResultView {
    let answers = full.assessment.answers;
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
        reviewed: commitment_views(full.reviewed),
        commitments: commitment_views(full.commitments),
        can_commit: full.can_commit,
        perception,
        answers,
        notes,
    }
}

fn load_result(s: &Storage, id: i64) -> Result<ResultView, OpsError> {
    let report = ops::assessment_report(s, id)?;
    let perception = ops::perception_of(s, report.assessment.summary.profile_id, id)?;
    Ok(result_view(report, ops::notes(s, id)?, perception))
}

/// Validates, scores and saves the answers the window collected, dated today, with the reviews of
/// the open commitments; the draft is forgotten in the same transaction.
#[tauri::command(async)]
pub fn save_assessment(
    state: State<'_, AppState>,
    sheet: serde_json::Value,
    reviews: Option<serde_json::Value>,
    rater: Option<Rater>,
) -> CommandResult<ResultView> {
    let sheet = AnswerSheet::from_value(sheet).map_err(OpsError::from)?;
    let when = When::now(None);
    ops::check_date(when)?;
    state.changing_storage(|s| {
        let who = ops::Who {
            profile: state.profile_id(s)?,
            rater: rater.unwrap_or_default(),
        };
        let saved = ops::assess(s, who, &sheet, reviews, when, true)?;
        load_result(s, saved.summary.id)
    })
}

#[tauri::command(async)]
pub fn get_result(state: State<'_, AppState>, id: i64) -> CommandResult<ResultView> {
    state.with_storage(|s| load_result(s, id))
}

/// Sets the commitments after assessment `id` (it must be the latest): one to three growth action
/// ids in order, or none to drop them. Returns the result as it now reads.
#[tauri::command(async)]
pub fn set_commitments(
    state: State<'_, AppState>,
    id: i64,
    actions: Vec<String>,
) -> CommandResult<ResultView> {
    let now = chrono::Utc::now();
    if !actions.is_empty() {
        crate::domain::commitment::check_choice(&actions).map_err(OpsError::from)?;
    }
    state.changing_storage(|s| {
        if actions.is_empty() {
            ops::clear_commitments(s, state.profile_id(s)?, Some(id), now)?;
        } else {
            ops::commit(s, state.profile_id(s)?, Some(id), &actions, now)?;
        }
        load_result(s, id)
    })
}

/// The profile's perception gaps: every comparison and whether the gap is closing.
#[tauri::command(async)]
pub fn get_perceptions(state: State<'_, AppState>) -> CommandResult<ops::Perceptions> {
    state.with_storage(|s| ops::perceptions(s, state.profile_id(s)?))
}

/// Asks the user where to save a file, through the native save dialog. This is the only way the
/// window names a file: the path never comes from the page. Returns `None` when cancelled. The
/// chosen name gets `extension` when it lacks it.
///
/// Builds with the `test-hooks` feature (the end-to-end tests only) save under the offered name in
/// the folder `BEARING_TEST_SAVE_DIR` instead, because WebDriver cannot drive a native dialog.
fn choose_save_path<R: Runtime>(
    app: &AppHandle<R>,
    title: &str,
    file_name: &str,
    filter: (&str, &str),
) -> Option<PathBuf> {
    #[cfg(feature = "test-hooks")]
    if let Some(folder) = std::env::var_os("BEARING_TEST_SAVE_DIR") {
        return Some(PathBuf::from(folder).join(file_name));
    }
    use tauri_plugin_dialog::DialogExt;
    app.dialog()
        .file()
        .set_title(title)
        .set_file_name(file_name)
        .add_filter(filter.0, &[filter.1])
        .blocking_save_file()
        .and_then(|p| p.into_path().ok())
        .map(|p| with_extension(p, filter.1))
}

/// Asks the user which file to open, through the native open dialog (JSON files). Builds with the
/// `test-hooks` feature take the path from `BEARING_TEST_OPEN_FILE` instead.
fn choose_open_path<R: Runtime>(app: &AppHandle<R>, title: &str) -> Option<PathBuf> {
    #[cfg(feature = "test-hooks")]
    if let Some(path) = std::env::var_os("BEARING_TEST_OPEN_FILE") {
        return Some(PathBuf::from(path));
    }
    use tauri_plugin_dialog::DialogExt;
    app.dialog()
        .file()
        .set_title(title)
        .add_filter("Bearing answer sheet (JSON)", &["json"])
        .blocking_pick_file()
        .and_then(|p| p.into_path().ok())
}

/// An answer sheet someone sent, as the window shows it to fill in (no path: Rust keeps it).
#[derive(Debug, Serialize)]
pub struct SheetView {
    profile: String,
    rater: Rater,
    questionnaire: String,
    scale: Vec<String>,
    statements: Vec<crate::domain::sheet::SheetStatement>,
}

/// Opens an answer sheet someone sent (the open dialog), to fill in about them. Needs no profile
/// of one's own; the sheet is kept in Rust until it is saved. `None` when cancelled.
#[tauri::command(async)]
pub fn open_sheet_to_rate<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> CommandResult<Option<SheetView>> {
    let Some(path) = choose_open_path(&app, "Open the answer sheet you received") else {
        return Ok(None);
    };
    let sheet = ops::read_sheet_file(&path)?;
    // What the rater reads comes from this Bearing's own questionnaire, not from the file.
    let blank = crate::domain::sheet::RaterSheet::blank(
        &sheet.profile,
        sheet.rater,
        sheet.requested_at.clone(),
    );
    let view = SheetView {
        profile: sheet.profile.clone(),
        rater: sheet.rater,
        questionnaire: blank.questionnaire,
        scale: blank.scale,
        statements: blank.statements,
    };
    *state.sheet.lock().map_err(|_| {
        CommandError("an earlier operation failed midway; restart Bearing".into())
    })? = Some(sheet);
    Ok(Some(view))
}

/// Fills in the open sheet with `answers` (statement id to 1–5) for today and saves it where the
/// user chooses (the save dialog), to send back.
#[tauri::command(async)]
pub fn save_rated_sheet<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    answers: serde_json::Value,
) -> CommandResult<Saved> {
    let sheet = state
        .sheet
        .lock()
        .map_err(|_| CommandError("an earlier operation failed midway; restart Bearing".into()))?
        .clone()
        .ok_or_else(|| {
            CommandError("no answer sheet is open; open the one you received first".into())
        })?;
    let answers = AnswerSheet::from_value(serde_json::json!({
        "questionnaire": sheet.questionnaire,
        "answers": answers,
    }))
    .map_err(OpsError::from)?;
    let name = format!("bearing-sheet-{}-answered.json", file_safe(&sheet.profile));
    let Some(path) = choose_save_path(
        &app,
        "Save your answers to send back",
        &name,
        ("Bearing answer sheet (JSON)", "json"),
    ) else {
        return Ok(Saved::at(None));
    };
    ops::check_not_database(&path, state.location.path())?;
    ops::fill_sheet(sheet, &answers, When::now(None), &path)?;
    // Answered and saved: nothing of it stays here.
    if let Ok(mut open) = state.sheet.lock() {
        *open = None;
    }
    Ok(Saved::at(Some(&path)))
}

/// Writes an answer sheet about the person shown, for their coach, manager or a peer to fill in
/// (the save dialog).
#[tauri::command(async)]
pub fn export_sheet<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    rater: Rater,
) -> CommandResult<Saved> {
    if rater == Rater::SelfRating {
        return Err(CommandError(
            "an answer sheet is for a coach, manager or peer".into(),
        ));
    }
    let person = state.with_storage(|s| {
        let id = state.profile_id(s)?;
        s.profile(id)?
            .ok_or_else(|| OpsError::Input(format!("there is no profile with id {id}")))
    })?;
    let name = format!(
        "bearing-sheet-{}-{}.json",
        file_safe(&person.name),
        rater.slug()
    );
    let Some(path) = choose_save_path(
        &app,
        "Save the answer sheet to send",
        &name,
        ("Bearing answer sheet (JSON)", "json"),
    ) else {
        return Ok(Saved::at(None));
    };
    ops::check_not_database(&path, state.location.path())?;
    ops::write_sheet(&person, rater, &path, chrono::Utc::now())?;
    Ok(Saved::at(Some(&path)))
}

/// What importing a filled sheet added.
#[derive(Debug, Serialize)]
pub struct SheetImported {
    id: i64,
    profile: String,
    rater: Rater,
}

/// Adds a filled sheet that came back (the open dialog) to the person it is about.
#[tauri::command(async)]
pub fn import_filled_sheet<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> CommandResult<Option<SheetImported>> {
    let Some(path) = choose_open_path(&app, "Open the answered sheet") else {
        return Ok(None);
    };
    let sheet = ops::read_sheet_file(&path)?;
    let saved = state.changing_storage(|s| ops::import_sheet(s, &sheet, ops::today()))?;
    Ok(Some(SheetImported {
        id: saved.summary.id,
        profile: saved.summary.profile,
        rater: saved.summary.rater,
    }))
}

/// A person's name as part of an offered file name: letters and digits, the rest as `-`.
fn file_safe(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect()
}

fn with_extension(path: PathBuf, extension: &str) -> PathBuf {
    let matches = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case(extension));
    if matches {
        path
    } else {
        let mut name = path.into_os_string();
        name.push(".");
        name.push(extension);
        PathBuf::from(name)
    }
}

/// Where a file was saved, or nothing when the user cancelled.
#[derive(Debug, Serialize)]
pub struct Saved {
    path: Option<String>,
}

impl Saved {
    fn at(path: Option<&Path>) -> Saved {
        Saved {
            path: path.map(|p| p.display().to_string()),
        }
    }
}

/// The file name an export is offered under: `bearing-<what>-<today>.<ext>`.
fn offered_name(what: &str, extension: &str) -> String {
    format!("bearing-{what}-{}.{extension}", ops::today())
}

/// Saves a full backup (JSON) where the user chooses.
#[tauri::command(async)]
pub fn export_backup<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    include_notes: bool,
) -> CommandResult<Saved> {
    let Some(path) = choose_save_path(
        &app,
        "Back up your Bearing history",
        &offered_name("backup", "json"),
        ("Bearing backup (JSON)", "json"),
    ) else {
        return Ok(Saved::at(None));
    };
    state
        .with_storage(|s| ops::export_to_file(s, None, &path, include_notes, chrono::Utc::now()))?;
    Ok(Saved::at(Some(&path)))
}

/// Saves the history as CSV where the user chooses.
#[tauri::command(async)]
pub fn export_history_csv<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> CommandResult<Saved> {
    let Some(path) = choose_save_path(
        &app,
        "Export your history as CSV",
        &offered_name("history", "csv"),
        ("CSV (spreadsheets)", "csv"),
    ) else {
        return Ok(Saved::at(None));
    };
    ops::check_not_database(&path, state.location.path())?;
    let csv =
        state.with_storage(|s| Ok(ops::history_csv(&ops::history(s, state.profile_id(s)?)?)))?;
    ops::write_file_atomically(&path, csv.as_bytes())?;
    Ok(Saved::at(Some(&path)))
}

/// What the window says after a deletion.
#[derive(Debug, Serialize)]
pub struct Deleted {
    id: i64,
    date: String,
}

/// Deletes assessment `id`; it can be brought back with `undo_delete` until anything else changes.
#[tauri::command(async)]
pub fn delete_assessment(state: State<'_, AppState>, id: i64) -> CommandResult<Deleted> {
    state.with_storage_and_undo(|storage, undo| {
        let tombstone = ops::delete_assessment(storage, id)?;
        let deleted = Deleted {
            id: tombstone.id,
            date: tombstone.taken_on.clone(),
        };
        *undo = Some(tombstone);
        Ok(deleted)
    })
}

/// Brings back the assessment deleted last, if nothing changed since.
#[tauri::command(async)]
pub fn undo_delete(state: State<'_, AppState>) -> CommandResult<i64> {
    state.with_storage_and_undo(|storage, undo| {
        let tombstone = undo.take().ok_or_else(|| {
            OpsError::Input(
                "there is nothing to undo: the history changed since the deletion".into(),
            )
        })?;
        ops::restore_assessment(storage, &tombstone)?;
        Ok(tombstone.id)
    })
}

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
        let profile = s
            .profile(id)?
            .ok_or_else(|| OpsError::Input(format!("there is no profile with id {id}")))?;
        if profile.archived_at.is_some() {
            return Err(OpsError::Input(format!(
                "`{}` is archived; restore the profile before opening it",
                profile.name
            )));
        }
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

/// Archives (or restores) a person; archiving the one shown switches to the default one.
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

/// A draft's progress, for the home screen.
#[derive(Debug, Serialize)]
pub struct DraftInfo {
    answered: usize,
    total: usize,
    updated_at: String,
}

/// What the home screen shows.
#[derive(Debug, Serialize)]
pub struct HomeView {
    /// The person shown, and their rhythm in days.
    profile: String,
    cadence_days: i64,
    latest: Option<HistoryRow>,
    count: usize,
    open_commitments: Vec<CommitmentView>,
    draft: Option<DraftInfo>,
    /// Why nothing can be saved, when the history was opened read-only.
    read_only: Option<String>,
}

#[tauri::command(async)]
pub fn get_home(state: State<'_, AppState>) -> CommandResult<HomeView> {
    state.with_storage(|s| {
        let profile = state.profile_id(s)?;
        // Home is about the leader's own rhythm: other raters' assessments do not count here. It
        // reads the latest two (for the change) and a count, never the whole history.
        let (count, recent) = ops::latest_of(s, ops::Who::leader(profile), 2)?;
        let mut recent = recent.into_iter();
        let latest = recent
            .next()
            .map(|a| history_row(a, recent.next().as_ref()));
        let draft = ops::draft(s, ops::Who::leader(profile))?.map(|(d, updated_at)| DraftInfo {
            answered: d.answered(),
            total: questionnaire::by_version(&d.questionnaire).map_or(0, |q| q.items.len()),
            updated_at,
        });
        let person = s
            .profile(profile)?
            .ok_or_else(|| OpsError::Input(format!("there is no profile with id {profile}")))?;
        Ok(HomeView {
            profile: person.name,
            cadence_days: person.cadence_days,
            latest,
            count,
            open_commitments: commitment_views(ops::open_commitments(s, profile)?),
            draft,
            read_only: s.read_only_reason(),
        })
    })
}

/// What the questionnaire screen needs to start or resume: the draft and the commitments to review.
#[derive(Debug, Serialize)]
pub struct AssessmentStart {
    draft: Option<Draft>,
    open_commitments: Vec<CommitmentView>,
    /// Why no assessment can be saved, when the history was opened read-only.
    read_only: Option<String>,
}

#[tauri::command(async)]
pub fn get_assessment_start(
    state: State<'_, AppState>,
    rater: Option<Rater>,
) -> CommandResult<AssessmentStart> {
    let rater = rater.unwrap_or_default();
    state.with_storage(|s| {
        let profile = state.profile_id(s)?;
        // Only the leader's own assessment reviews their commitments.
        let open = if rater == Rater::SelfRating {
            commitment_views(ops::open_commitments(s, profile)?)
        } else {
            Vec::new()
        };
        // A draft for another questionnaire than the current one cannot be resumed.
        let current = &questionnaire::current().version;
        let draft = ops::draft(s, ops::Who { profile, rater })?
            .map(|(d, _)| d)
            .filter(|d| &d.questionnaire == current);
        Ok(AssessmentStart {
            draft,
            open_commitments: open,
            read_only: s.read_only_reason(),
        })
    })
}

/// Keeps the questionnaire in progress, so closing the window loses nothing.
#[tauri::command(async)]
pub fn save_draft(
    state: State<'_, AppState>,
    draft: serde_json::Value,
    rater: Option<Rater>,
) -> CommandResult<()> {
    // Checked before the database is opened (or created).
    Draft::from_value(draft.clone()).map_err(OpsError::from)?;
    let now = chrono::Utc::now();
    state.with_storage(|s| {
        let who = ops::Who {
            profile: state.profile_id(s)?,
            rater: rater.unwrap_or_default(),
        };
        ops::save_draft(s, who, draft, now).map(|_| ())
    })
}

/// Forgets the questionnaire in progress.
#[tauri::command(async)]
pub fn discard_draft(state: State<'_, AppState>, rater: Option<Rater>) -> CommandResult<bool> {
    state.with_storage(|s| {
        let who = ops::Who {
            profile: state.profile_id(s)?,
            rater: rater.unwrap_or_default(),
        };
        ops::discard_draft(s, who)
    })
}

/// A row of the history list.
#[derive(Debug, Serialize)]
pub struct HistoryRow {
    #[serde(flatten)]
    assessment: AssessmentSummary,
    quadrant_name: &'static str,
    /// Since the previous assessment by the same rater; `None` for the first.
    change: Option<Change>,
}

/// A change of position, in points.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Change {
    focus: f64,
    autonomy: f64,
}

fn history_row(assessment: AssessmentSummary, previous: Option<&AssessmentSummary>) -> HistoryRow {
    let round = |x: f64| (x * 10.0).round() / 10.0;
    HistoryRow {
        quadrant_name: &assessment.quadrant.info().name,
        change: previous.map(|p| Change {
            focus: round(assessment.focus - p.focus),
            autonomy: round(assessment.autonomy - p.autonomy),
        }),
        assessment,
    }
}

/// The history with each row's change since the previous one by the same rater, oldest first.
fn history_rows(summaries: Vec<AssessmentSummary>) -> Vec<HistoryRow> {
    let mut last: std::collections::HashMap<Rater, AssessmentSummary> =
        std::collections::HashMap::new();
    summaries
        .into_iter()
        .map(|a| {
            let row = history_row(a.clone(), last.get(&a.rater));
            last.insert(a.rater, a);
            row
        })
        .collect()
}

/// The history, newest first (the order the screen lists it in).
#[tauri::command(async)]
pub fn get_history(state: State<'_, AppState>) -> CommandResult<Vec<HistoryRow>> {
    let summaries = state.with_storage(|s| ops::history_summaries(s, state.profile_id(s)?))?;
    Ok(history_rows(summaries).into_iter().rev().collect())
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ThemeArg {
    Light,
    Dark,
}

/// Sizes the window asks for: the `<img>` scales the SVG, so only the aspect and text size matter.
fn window_size(kind: ChartKind) -> (u32, u32) {
    match kind {
        ChartKind::Map => (640, 560),
        ChartKind::Timeline => (640, 560),
        ChartKind::Card => (1280, 720),
    }
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum KindArg {
    Map,
    Timeline,
    Card,
}

impl From<KindArg> for ChartKind {
    fn from(kind: KindArg) -> ChartKind {
        match kind {
            KindArg::Map => ChartKind::Map,
            KindArg::Timeline => ChartKind::Timeline,
            KindArg::Card => ChartKind::Card,
        }
    }
}

impl From<ThemeArg> for Theme {
    fn from(theme: ThemeArg) -> Theme {
        match theme {
            ThemeArg::Light => Theme::Light,
            ThemeArg::Dark => Theme::Dark,
        }
    }
}

/// A chart as SVG text for the window, with the history up to assessment `until` (all when absent).
#[tauri::command(async)]
pub fn get_chart_svg(
    state: State<'_, AppState>,
    kind: KindArg,
    until: Option<i64>,
    theme: ThemeArg,
) -> CommandResult<String> {
    let kind = ChartKind::from(kind);
    let (width, height) = window_size(kind);
    let options = ChartOptions {
        width,
        height,
        theme: theme.into(),
        scale: 1,
        transparent: false,
    };
    let range = ops::ChartRange {
        until,
        ..ops::ChartRange::default()
    };
    match state.with_storage(|s| {
        ops::render_chart(s, state.profile_id(s)?, kind, range, &options, Format::Svg)
    })? {
        Rendered::Svg(svg) => Ok(svg),
        Rendered::Png(_) => Err(CommandError("expected an SVG chart".into())),
    }
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FormatArg {
    Png,
    Svg,
}

/// How the window asks for a chart file.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChartExport {
    kind: KindArg,
    format: FormatArg,
    scale: u32,
    transparent: bool,
    theme: ThemeArg,
}

/// Saves a chart where the user chooses (the native save dialog), at the kind's default size.
#[tauri::command(async)]
pub fn export_chart<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    options: ChartExport,
) -> CommandResult<Saved> {
    let kind = ChartKind::from(options.kind);
    let (width, height) = kind.default_size();
    let chart_options = ChartOptions {
        width,
        height,
        theme: options.theme.into(),
        scale: options.scale,
        transparent: options.transparent,
    };
    // Checked before the dialog opens, so a bad request never asks the user anything.
    chart_options.validate().map_err(OpsError::from)?;
    let (format, extension, label) = match options.format {
        FormatArg::Png => (Format::Png, "png", "PNG image"),
        FormatArg::Svg => (Format::Svg, "svg", "SVG image"),
    };
    let Some(path) = choose_save_path(
        &app,
        "Save your progress chart",
        &offered_name(kind.slug(), extension),
        (label, extension),
    ) else {
        return Ok(Saved::at(None));
    };
    ops::check_not_database(&path, state.location.path())?;
    let chart = state.with_storage(|s| {
        let profile = state.profile_id(s)?;
        ops::render_chart(
            s,
            profile,
            kind,
            ops::ChartRange::default(),
            &chart_options,
            format,
        )
    })?;
    ops::write_file_atomically(&path, &chart.into_bytes())?;
    Ok(Saved::at(Some(&path)))
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

/// What the recovery screen shows after the database turned out damaged.
#[derive(Debug, Clone, Serialize)]
pub struct RecoveryView {
    /// What SQLite found wrong.
    detail: String,
    /// Where the damaged file now is, unchanged.
    set_aside: Option<String>,
    /// The newest backup that passed a full check.
    backup: Option<BackupView>,
}

impl RecoveryView {
    fn from_error(e: &StorageError) -> RecoveryView {
        match e {
            StorageError::Damaged {
                detail,
                set_aside,
                backup,
                ..
            } => RecoveryView {
                detail: detail.clone(),
                set_aside: set_aside.as_ref().map(|p| p.display().to_string()),
                backup: backup
                    .as_deref()
                    .map(|(b, v)| BackupView::new(b, Some(v.assessments))),
            },
            other => RecoveryView {
                detail: other.to_string(),
                set_aside: None,
                backup: None,
            },
        }
    }
}

/// A backup as the window lists it.
#[derive(Debug, Clone, Serialize)]
pub struct BackupView {
    /// The file name: how the window names the backup to restore.
    name: String,
    taken_at: chrono::DateTime<chrono::Utc>,
    kind: BackupKind,
    bytes: u64,
    /// Known when the backup was checked (the newest one, or one just made).
    assessments: Option<i64>,
}

impl BackupView {
    fn new(b: &BackupFile, assessments: Option<i64>) -> BackupView {
        BackupView {
            name: b.name.clone(),
            taken_at: b.taken_at,
            kind: b.kind,
            bytes: b.bytes,
            assessments,
        }
    }
}

#[derive(Debug, Serialize)]
pub struct BackupsView {
    folder: String,
    /// The database can be read but not changed (a read-only file or folder).
    read_only: bool,
    /// Why today's automatic backup could not be made, if it failed in this session.
    problem: Option<String>,
    backups: Vec<BackupView>,
}

/// The recovery screen's content, when the database turned out damaged at opening.
#[tauri::command]
pub fn get_recovery(state: State<'_, AppState>) -> CommandResult<Option<RecoveryView>> {
    let recovery = state
        .recovery
        .lock()
        .map_err(|_| CommandError("an earlier operation failed midway; restart Bearing".into()))?;
    Ok(recovery.clone())
}

/// Leaves the recovery screen for an empty history (the damaged file stays where it was put).
#[tauri::command]
pub fn dismiss_recovery(state: State<'_, AppState>) -> CommandResult<()> {
    let mut recovery = state
        .recovery
        .lock()
        .map_err(|_| CommandError("an earlier operation failed midway; restart Bearing".into()))?;
    *recovery = None;
    Ok(())
}

/// The backups beside the database, newest first.
#[tauri::command(async)]
pub fn get_backups(state: State<'_, AppState>) -> CommandResult<BackupsView> {
    let (read_only, problem) =
        state.with_storage(|s| Ok((s.is_read_only(), s.backup_problem().map(str::to_owned))))?;
    let backups = ops::backups(&state.location)?;
    Ok(BackupsView {
        folder: safekeeping::backups_dir(state.location.path())
            .display()
            .to_string(),
        read_only,
        problem,
        backups: backups.iter().map(|b| BackupView::new(b, None)).collect(),
    })
}

/// Makes a verified backup now.
#[tauri::command(async)]
pub fn back_up_now(state: State<'_, AppState>) -> CommandResult<BackupView> {
    state.with_storage(|s| {
        let (file, verified) = s.back_up(BackupKind::Manual, chrono::Utc::now())?;
        s.backup_made();
        Ok(BackupView::new(&file, Some(verified.assessments)))
    })
}

/// What a restore did, for the window.
#[derive(Debug, Serialize)]
pub struct RestoredView {
    assessments: i64,
    /// The backup holding what was there before, to undo the restore.
    kept: Option<String>,
}

/// Replaces the history with the backup named `name` (one of [`get_backups`]'s).
#[tauri::command(async)]
pub fn restore_backup(state: State<'_, AppState>, name: String) -> CommandResult<RestoredView> {
    // Only a backup from the list: a name, never a path.
    let chosen = ops::backups(&state.location)?
        .into_iter()
        .find(|b| b.name == name)
        .ok_or_else(|| {
            CommandError(format!(
                "there is no backup named `{}`; choose one from the list",
                name.chars().take(80).collect::<String>()
            ))
        })?;
    let mut undo = state
        .undo
        .lock()
        .map_err(|_| CommandError("an earlier operation failed midway; restart Bearing".into()))?;
    let mut storage = state
        .storage
        .lock()
        .map_err(|_| CommandError("an earlier operation failed midway; restart Bearing".into()))?;
    // The window's own connection closes first; the next command opens the restored file.
    *storage = None;
    let restored = ops::restore(&state.location, Some(&chosen.path))?;
    *undo = None;
    if let Ok(mut recovery) = state.recovery.lock() {
        *recovery = None;
    }
    if let Ok(mut profile) = state.profile.lock() {
        *profile = None;
    }
    Ok(RestoredView {
        assessments: restored.assessments,
        kept: restored.kept.map(|k| k.name),
    })
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
