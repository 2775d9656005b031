//! The operation layer: what Bearing can do, called alike by the window's commands and the CLI.
//! Validation happens here (or below, in the domain), before anything touches the database.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Local, NaiveDate, Utc};
use serde::Serialize;

use crate::chart::{
    self, ChartData, ChartError, ChartKind, ChartMark, ChartOptions, ChartPoint, Format, MarkKind,
    Perception as ChartPerception, Rendered,
};
use crate::domain::backup::{self, ExportDocument};
use crate::domain::commitment::{self, check_choice, parse_reviews};
use crate::domain::draft::DraftError;
use crate::domain::explain::FlagNote;
use crate::domain::gap::{self, Gap, Trend};
use crate::domain::scoring::reliable_change;
use crate::domain::sheet::{self, RaterSheet};
use crate::domain::{
    self, answer_flags, questionnaire, suggest, what_moved, why_here, AnswerSheet, AnswersError,
    Assessment, AssessmentSummary, Commitment, CommitmentError, Draft, Flag, Rater, Score,
    Suggestion, WhatMoved, WhyHere,
};
use crate::storage::safekeeping;
use crate::storage::{BackupFile, BackupKind, Restored, Verified};
use crate::storage::{
    ImportOutcome, NewAssessment, Notes, Profile, Storage, StorageError, Tombstone,
};

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
    #[error(transparent)]
    Commitment(#[from] CommitmentError),
    #[error(transparent)]
    Draft(#[from] DraftError),
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
        self.make_data_folder()?;
        let owned = matches!(self, DbLocation::Default(_));
        Ok(Storage::open_owned(self.path(), owned)?)
    }

    /// Creates Bearing's own data folder for the default file (a chosen file's folder must exist).
    fn make_data_folder(&self) -> Result<(), OpsError> {
        if let DbLocation::Default(path) = self {
            if let Some(folder) = path.parent() {
                fs::create_dir_all(folder).map_err(|e| OpsError::File {
                    path: folder.to_path_buf(),
                    detail: format!("cannot create the data folder ({e})"),
                })?;
            }
        }
        Ok(())
    }

    /// Whether this is Bearing's own default file (so a damaged one is always set aside).
    pub fn is_default(&self) -> bool {
        matches!(self, DbLocation::Default(_))
    }
}

/// Makes a verified backup now: into the backups folder beside the database, or to `out` (a new
/// file of the user's choice).
pub fn back_up(location: &DbLocation, out: Option<&Path>) -> Result<(PathBuf, Verified), OpsError> {
    if !location.path().exists() {
        return Err(OpsError::Input(format!(
            "{}: there is no database here yet, so there is nothing to back up",
            location.path().display()
        )));
    }
    let storage = location.open()?;
    match out {
        Some(out) => {
            let verified = storage.back_up_to(out)?;
            Ok((out.to_path_buf(), verified))
        }
        None => {
            let (file, verified) = storage.back_up(BackupKind::Manual, Utc::now())?;
            Ok((file.path, verified))
        }
    }
}

/// The backups beside the database, newest first (not checked; restoring one checks it).
pub fn backups(location: &DbLocation) -> Result<Vec<BackupFile>, OpsError> {
    Ok(safekeeping::list_backups(location.path())?)
}

/// Restores a backup: the file given, or the newest one that passes a full check.
pub fn restore(location: &DbLocation, backup: Option<&Path>) -> Result<Restored, OpsError> {
    let chosen = match backup {
        Some(path) => path.to_path_buf(),
        None => {
            safekeeping::newest_verified(location.path())
                .map(|(b, _)| b.path)
                .ok_or_else(|| {
                    OpsError::Input(format!(
                        "there is no verified backup of {} to restore (backups are kept in {}); name a backup file to restore",
                        location.path().display(),
                        safekeeping::backups_dir(location.path()).display()
                    ))
                })?
        }
    };
    location.make_data_folder()?;
    Ok(safekeeping::restore(location.path(), &chosen, Utc::now())?)
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

/// Scores and saves an assessment by the leader of the default profile, with the reviews of the
/// commitments still open from before its date (`reviews`, as JSON; see [`commitment`]). The window
/// and the CLI both save through here; both check the date with [`check_date`] before opening the
/// database. Nothing is written unless the sheet, the date and every review are valid.
pub fn assess(
    storage: &mut Storage,
    who: Who,
    sheet: &AnswerSheet,
    reviews: Option<serde_json::Value>,
    when: When,
    clear_draft: bool,
) -> Result<Assessment, OpsError> {
    let taken_on = check_date(when)?;
    // Commitments are the leader's own: only their own next assessment reviews them.
    let open = if who.rater == Rater::SelfRating {
        storage.open_commitments(who.profile, Some(taken_on))?
    } else {
        if reviews.as_ref().is_some_and(|r| !r.is_null()) {
            return Err(OpsError::Input(format!(
                "reviews of commitments come with the leader's own assessment, not with a {}'s; leave them out",
                who.rater.slug()
            )));
        }
        Vec::new()
    };
    let given = parse_reviews(reviews, &open)?;
    let reviews: Vec<(i64, commitment::ReviewInput)> = open
        .iter()
        .filter_map(|c| given.get(&c.action_id).map(|r| (c.id, r.clone())))
        .collect();
    let score = domain::score(sheet);
    let new = NewAssessment {
        profile_id: who.profile,
        rater: who.rater,
        taken_on,
        recorded_at: when.now,
        sheet,
        score: &score,
        reviews: &reviews,
        clear_draft,
    };
    Ok(storage.insert_assessment(&new)?)
}

/// Longest profile name, in characters.
pub const MAX_PROFILE_NAME: usize = backup::MAX_PROFILE_NAME;

/// Checks a profile name: trimmed, 1 to 80 characters, no control characters.
pub fn check_profile_name(name: &str) -> Result<String, OpsError> {
    let name = name.trim();
    let chars = name.chars().count();
    if chars == 0 || chars > MAX_PROFILE_NAME {
        return Err(OpsError::Input(format!(
            "a profile name must be 1 to {MAX_PROFILE_NAME} characters; this one has {chars}"
        )));
    }
    if name.chars().any(char::is_control) {
        return Err(OpsError::Input(
            "a profile name cannot contain line breaks, tabs or other control characters".into(),
        ));
    }
    Ok(name.to_string())
}

/// The profile called `name` (any case), or the default one when `None`: the first profile that
/// is not archived. An unknown name is an error that lists the known ones.
pub fn resolve_profile(storage: &Storage, name: Option<&str>) -> Result<Profile, OpsError> {
    let profiles = storage.profiles()?;
    // Names match as the database's unique index does (SQLite's NOCASE).
    let found = match name {
        Some(name) => storage.profile_by_name(name.trim())?,
        None => profiles.iter().find(|p| p.archived_at.is_none()).cloned(),
    };
    found.ok_or_else(|| {
        let known: Vec<String> = profiles.iter().map(|p| format!("`{}`", p.name)).collect();
        match name {
            Some(name) => OpsError::Input(format!(
                "there is no profile named `{}`; the profiles are {} (add one with `bearing profile add NAME`)",
                name.trim(),
                if known.is_empty() { "none yet".into() } else { known.join(", ") }
            )),
            None => OpsError::Input(
                "every profile is archived; restore one with `bearing profile restore NAME` or add one with `bearing profile add NAME`".into(),
            ),
        }
    })
}

/// Adds a profile.
pub fn add_profile(
    storage: &mut Storage,
    name: &str,
    now: DateTime<Utc>,
) -> Result<Profile, OpsError> {
    let name = check_profile_name(name)?;
    Ok(storage.add_profile(&name, now)?)
}

/// Renames a profile.
pub fn rename_profile(storage: &mut Storage, id: i64, name: &str) -> Result<Profile, OpsError> {
    let name = check_profile_name(name)?;
    known_profile(storage, id)?;
    storage.rename_profile(id, &name)?;
    known_profile(storage, id)
}

/// Archives a profile, or brings it back; its history stays. The last active profile cannot be
/// archived.
pub fn archive_profile(
    storage: &mut Storage,
    id: i64,
    archived: bool,
    now: DateTime<Utc>,
) -> Result<Profile, OpsError> {
    let profile = known_profile(storage, id)?;
    if archived && profile.archived_at.is_none() {
        let active = storage
            .profiles()?
            .iter()
            .filter(|p| p.archived_at.is_none())
            .count();
        if active <= 1 {
            return Err(OpsError::Input(format!(
                "`{}` is the only active profile; add another before archiving it",
                profile.name
            )));
        }
    }
    if archived != profile.archived_at.is_some() {
        storage.set_archived(id, archived, now)?;
    }
    known_profile(storage, id)
}

/// Shortest and longest rhythm between assessments, in days.
pub const CADENCE_DAYS: std::ops::RangeInclusive<i64> = 7..=366;

/// Checks a rhythm between assessments, in days.
pub fn check_cadence(days: i64) -> Result<(), OpsError> {
    if CADENCE_DAYS.contains(&days) {
        Ok(())
    } else {
        Err(OpsError::Input(format!(
            "a rhythm of {days} days is out of range; choose {} to {} days (30 is monthly)",
            CADENCE_DAYS.start(),
            CADENCE_DAYS.end()
        )))
    }
}

/// Sets how often a profile means to take an assessment.
pub fn set_cadence(storage: &mut Storage, id: i64, days: i64) -> Result<Profile, OpsError> {
    check_cadence(days)?;
    known_profile(storage, id)?;
    storage.set_cadence(id, days)?;
    known_profile(storage, id)
}

fn known_profile(storage: &Storage, id: i64) -> Result<Profile, OpsError> {
    storage
        .profile(id)?
        .ok_or_else(|| OpsError::Input(format!("there is no profile with id {id}")))
}

/// Whose assessment it is: the profile it is about, and who answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Who {
    pub profile: i64,
    pub rater: Rater,
}

impl Who {
    /// The leader of `profile`, about themselves.
    pub fn leader(profile: i64) -> Who {
        Who {
            profile,
            rater: Rater::SelfRating,
        }
    }
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

/// The default profile's open commitments: what the home screen lists and the next assessment
/// reviews first.
pub fn open_commitments(storage: &Storage, profile: i64) -> Result<Vec<Commitment>, OpsError> {
    Ok(storage.open_commitments(profile, None)?)
}

/// Commits to `actions` (1 to 3 growth action ids, in order) for the period after assessment `id`
/// (the latest when `None`), replacing what was chosen after it before. Only the latest assessment
/// takes commitments: they are for the month ahead, and the next assessment reviews them.
pub fn commit(
    storage: &mut Storage,
    profile: i64,
    id: Option<i64>,
    actions: &[String],
    now: DateTime<Utc>,
) -> Result<Vec<Commitment>, OpsError> {
    let chosen = check_choice(actions)?;
    let id = committable(storage, profile, id)?;
    let ids: Vec<&str> = chosen.iter().map(|a| a.id.as_str()).collect();
    Ok(storage.replace_commitments(id, &ids, now)?)
}

/// Drops the commitments made after assessment `id` (the latest when `None`); returns how many
/// there were.
pub fn clear_commitments(
    storage: &mut Storage,
    profile: i64,
    id: Option<i64>,
    now: DateTime<Utc>,
) -> Result<usize, OpsError> {
    let id = committable(storage, profile, id)?;
    let before = storage.commitments_made_after(id)?.len();
    storage.replace_commitments(id, &[], now)?;
    Ok(before)
}

/// Why commitments cannot be made on a database without assessments.
pub const NO_ASSESSMENT_YET: &str =
    "there is no assessment yet; commitments follow a result, so take an assessment first";

/// The assessment commitments can be made after: `id` if it is the latest, else an error.
fn committable(storage: &Storage, profile: i64, id: Option<i64>) -> Result<i64, OpsError> {
    let latest = storage
        .latest_assessment_id(profile)?
        .ok_or_else(|| OpsError::Input(NO_ASSESSMENT_YET.into()))?;
    match id {
        None => Ok(latest),
        Some(id) if id == latest => Ok(id),
        Some(id) => {
            if storage.assessment(id)?.is_none() {
                Err(OpsError::Input(format!(
                    "there is no assessment with id {id}"
                )))
            } else {
                Err(OpsError::Input(format!(
                    "assessment {id} is not the latest ({latest} is); commitments are made for the month after the latest assessment"
                )))
            }
        }
    }
}

/// The default profile's questionnaire draft, if one is kept and still valid. A draft this Bearing
/// cannot read (say, for a questionnaire it no longer has) is treated as none.
pub fn draft(storage: &Storage, who: Who) -> Result<Option<(Draft, String)>, OpsError> {
    Ok(storage.draft(who.profile, who.rater)?.and_then(|d| {
        Draft::from_json(&d.body)
            .ok()
            .map(|draft| (draft, d.updated_at))
    }))
}

/// Validates and keeps the questionnaire draft the window sends.
pub fn save_draft(
    storage: &mut Storage,
    who: Who,
    draft: serde_json::Value,
    now: DateTime<Utc>,
) -> Result<Draft, OpsError> {
    let draft = Draft::from_value(draft)?;
    storage.save_draft(who.profile, who.rater, &draft.to_json(), now)?;
    Ok(draft)
}

/// Forgets the questionnaire draft; returns whether there was one.
pub fn discard_draft(storage: &mut Storage, who: Who) -> Result<bool, OpsError> {
    Ok(storage.delete_draft(who.profile, who.rater)?)
}

/// The default profile's assessments with answers, oldest first.
pub fn history(storage: &Storage, profile: i64) -> Result<Vec<Assessment>, OpsError> {
    Ok(storage.assessments(profile)?)
}

/// The default profile's assessments without answers, oldest first.
pub fn history_summaries(
    storage: &Storage,
    profile: i64,
) -> Result<Vec<AssessmentSummary>, OpsError> {
    Ok(storage.assessment_summaries(profile)?)
}

/// How many assessments `who` has (by that rater about that profile), and the latest `limit` of
/// them without answers, newest first: what the home screen shows, read from the index alone.
pub fn latest_of(
    storage: &Storage,
    who: Who,
    limit: usize,
) -> Result<(usize, Vec<AssessmentSummary>), OpsError> {
    Ok((
        storage.assessment_count(who.profile, who.rater)?,
        storage.latest_summaries(who.profile, who.rater, limit)?,
    ))
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
    pub what_moved: Option<Moved>,
    pub suggestions: Vec<Suggestion>,
}

/// The report for `sheet` (scored as `score`), compared with `previous` when there is one.
/// `committed` holds the actions the leader committed to for the period just ended: they are
/// suggested again only when nothing else fits.
pub fn report(
    sheet: &AnswerSheet,
    score: &Score,
    previous: Option<(&AssessmentSummary, &AnswerSheet)>,
    committed: &[&str],
) -> Report {
    let thresholds = reliable_change(sheet.questionnaire());
    Report {
        flags: answer_flags(sheet).into_iter().map(Flag::note).collect(),
        why_here: why_here(sheet, WHY_HERE_COUNT),
        what_moved: previous.map(|(summary, p)| Moved {
            since: summary.date,
            previous_id: summary.id,
            moved: what_moved(p, sheet, &thresholds, MOVED_COUNT),
        }),
        suggestions: suggest(score, sheet, committed, SUGGESTION_COUNT),
    }
}

/// What moved since the previous assessment, and which one that was.
#[derive(Debug, Clone, Serialize)]
pub struct Moved {
    /// The previous assessment's date.
    pub since: NaiveDate,
    pub previous_id: i64,
    #[serde(flatten)]
    pub moved: WhatMoved,
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
    let report = report(sheet, &score, None, &[]);
    ScoreReport { score, report }
}

/// A saved assessment with its report and commitments: what `bearing assess` prints and the result
/// screen shows.
#[derive(Debug, Clone, Serialize)]
pub struct AssessmentReport {
    #[serde(flatten)]
    pub assessment: Assessment,
    #[serde(flatten)]
    pub report: Report,
    /// The commitments from the period before, with how each went, as told at this assessment.
    pub reviewed: Vec<Commitment>,
    /// The commitments made after this assessment, for the period ahead.
    pub commitments: Vec<Commitment>,
    /// Whether commitments can still be made or changed after this assessment (it is the latest).
    pub can_commit: bool,
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

/// Assessment `id` with its report, compared with the one before it by the same rater. Reads only
/// those two assessments and their commitments, however long the history.
pub fn assessment_report(storage: &Storage, id: i64) -> Result<AssessmentReport, OpsError> {
    let current = storage
        .assessment(id)?
        .ok_or_else(|| OpsError::Input(format!("there is no assessment with id {id}")))?;
    let sheet = stored_sheet(&current)?;
    let previous = match storage.previous_assessment_id(id)? {
        Some(p) => match storage.assessment(p)? {
            Some(a) => Some((stored_sheet(&a)?, a.summary)),
            None => None,
        },
        None => None,
    };
    let reviewed = storage.commitments_reviewed_in(id)?;
    let committed: Vec<&str> = reviewed.iter().map(|c| c.action_id.as_str()).collect();
    let score = domain::score(&sheet);
    let report = report(
        &sheet,
        &score,
        previous.as_ref().map(|(sheet, summary)| (summary, sheet)),
        &committed,
    );
    let commitments = storage.commitments_made_after(id)?;
    let can_commit = storage.latest_assessment_id(current.summary.profile_id)? == Some(id);
    Ok(AssessmentReport {
        assessment: current,
        report,
        reviewed,
        commitments,
        can_commit,
    })
}

/// Deletes assessment `id` (see `storage::deletion` for what goes with it) and returns what is
/// needed to undo it.
pub fn delete_assessment(storage: &mut Storage, id: i64) -> Result<Tombstone, OpsError> {
    storage
        .delete_assessment(id)?
        .ok_or_else(|| OpsError::Input(format!("there is no assessment with id {id}")))
}

/// Undoes [`delete_assessment`].
pub fn restore_assessment(storage: &mut Storage, tombstone: &Tombstone) -> Result<(), OpsError> {
    Ok(storage.restore_assessment(tombstone)?)
}

/// How a rater is named on charts.
pub fn rater_label(rater: Rater) -> &'static str {
    match rater {
        Rater::SelfRating => "Self",
        Rater::Coach => "Coach",
        Rater::Manager => "Manager",
        Rater::Peer => "Peer",
    }
}

/// One comparison of the leader's own view with another rater's from the same period.
#[derive(Debug, Clone, Serialize)]
pub struct PerceptionPair {
    pub rater: Rater,
    pub self_id: i64,
    pub self_date: NaiveDate,
    pub other_id: i64,
    pub other_date: NaiveDate,
    #[serde(flatten)]
    pub gap: Gap,
}

/// Every comparison for a profile, oldest first, and per rater whether the gap is closing.
#[derive(Debug, Clone, Serialize)]
pub struct Perceptions {
    pub pairs: Vec<PerceptionPair>,
    pub trends: Vec<RaterTrend>,
}

/// Whether the gap between the leader's view and one rater's is closing.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct RaterTrend {
    pub rater: Rater,
    pub trend: Trend,
}

/// How the leader's view of themselves compares with their coach's, manager's and peers': each
/// other rater's assessment against the leader's own nearest in date (within
/// [`gap::PERIOD_WINDOW_DAYS`]). Pairs are found from the summaries; answers are read only for
/// the assessments that take part in one.
pub fn perceptions(storage: &Storage, profile: i64) -> Result<Perceptions, OpsError> {
    let all = storage.assessment_summaries(profile)?;
    let pairs = perception_pairs(storage, &all, &period_pairs(&all))?;
    // A coach's gap is followed against the coach's, not against a peer's.
    let trends = Rater::ALL
        .into_iter()
        .filter(|r| *r != Rater::SelfRating && pairs.iter().any(|p| p.rater == *r))
        .map(|rater| RaterTrend {
            rater,
            trend: gap::gap_trend(
                &pairs
                    .iter()
                    .filter(|p| p.rater == rater)
                    .map(|p| (p.other_date, p.gap.focus.gap, p.gap.autonomy.gap))
                    .collect::<Vec<_>>(),
            ),
        })
        .collect();
    Ok(Perceptions { pairs, trends })
}

/// The latest comparison assessment `id` takes part in (as the leader's own view or another
/// rater's), if any; the same as the last such pair of [`perceptions`], at the cost of one.
pub fn perception_of(
    storage: &Storage,
    profile: i64,
    id: i64,
) -> Result<Option<PerceptionPair>, OpsError> {
    let all = storage.assessment_summaries(profile)?;
    let Some(pair) = period_pairs(&all)
        .into_iter()
        .rev()
        .find(|&(own, other)| own == id || other == id)
    else {
        return Ok(None);
    };
    Ok(perception_pairs(storage, &all, &[pair])?.pop())
}

/// Each other rater's assessment paired with the leader's own from the same period, as
/// `(self_id, other_id)`, oldest first.
fn period_pairs(all: &[AssessmentSummary]) -> Vec<(i64, i64)> {
    if all.iter().all(|a| a.rater == Rater::SelfRating) {
        return Vec::new();
    }
    let dated = |own: bool| -> Vec<(NaiveDate, i64)> {
        all.iter()
            .filter(|a| (a.rater == Rater::SelfRating) == own)
            .map(|a| (a.date, a.id))
            .collect()
    };
    gap::pair_by_period(&dated(true), &dated(false), gap::PERIOD_WINDOW_DAYS)
}

/// The gaps of `pairs` (ids among `all`), reading the answers of just those assessments.
fn perception_pairs(
    storage: &Storage,
    all: &[AssessmentSummary],
    pairs: &[(i64, i64)],
) -> Result<Vec<PerceptionPair>, OpsError> {
    if pairs.is_empty() {
        return Ok(Vec::new());
    }
    let mut ids: Vec<i64> = pairs.iter().flat_map(|&(a, b)| [a, b]).collect();
    ids.sort_unstable();
    ids.dedup();
    let mut answers = storage.answers_of(&ids)?;
    let by_id: std::collections::HashMap<i64, &AssessmentSummary> =
        all.iter().map(|a| (a.id, a)).collect();
    let mut sheets: std::collections::HashMap<i64, AnswerSheet> =
        std::collections::HashMap::with_capacity(ids.len());
    for id in ids {
        if let Some(summary) = by_id.get(&id) {
            let assessment = Assessment {
                summary: (*summary).clone(),
                answers: answers.remove(&id).unwrap_or_default(),
            };
            sheets.insert(id, stored_sheet(&assessment)?);
        }
    }
    let mut out = Vec::with_capacity(pairs.len());
    for &(self_id, other_id) in pairs {
        let (Some(own), Some(other), Some(own_sheet), Some(other_sheet)) = (
            by_id.get(&self_id),
            by_id.get(&other_id),
            sheets.get(&self_id),
            sheets.get(&other_id),
        ) else {
            continue;
        };
        out.push(PerceptionPair {
            rater: other.rater,
            self_id,
            self_date: own.date,
            other_id,
            other_date: other.date,
            gap: gap::perception_gap(own_sheet, other_sheet),
        });
    }
    Ok(out)
}

/// The private notes of assessment `id`.
pub fn notes(storage: &Storage, id: i64) -> Result<Notes, OpsError> {
    Ok(storage.assessment_notes(id)?)
}

/// One row per assessment, then one column per statement: the statements of every questionnaire
/// version in the history, in questionnaire order (empty where a version lacks the statement).
pub fn history_csv(history: &[Assessment]) -> String {
    let mut columns: Vec<&str> = Vec::new();
    let mut versions: Vec<&str> = history
        .iter()
        .map(|a| a.summary.questionnaire.as_str())
        .collect();
    versions.sort_unstable();
    versions.dedup();
    for version in versions {
        if let Some(q) = questionnaire::by_version(version) {
            for item in &q.items {
                if !columns.contains(&item.id.as_str()) {
                    columns.push(&item.id);
                }
            }
        }
    }
    let mut out = String::from("id,date,rater,questionnaire,quadrant,focus,autonomy,borderline");
    for c in &columns {
        out.push(',');
        out.push_str(&csv_field(c));
    }
    out.push('\n');
    for a in history {
        let s = &a.summary;
        let fields = [
            s.id.to_string(),
            s.date.to_string(),
            s.rater.slug().to_string(),
            s.questionnaire.clone(),
            s.quadrant.slug().to_string(),
            format!("{:.1}", s.focus),
            format!("{:.1}", s.autonomy),
            s.borderline.to_string(),
        ];
        let mut row: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        row.extend(
            columns
                .iter()
                .map(|c| a.answers.get(*c).map_or_else(String::new, u8::to_string)),
        );
        out.push_str(&row.join(","));
        out.push('\n');
    }
    out
}

/// Quotes a CSV field when it needs it (RFC 4180).
pub fn csv_field(field: &str) -> String {
    if field.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_string()
    }
}

/// What the charts show of assessments (oldest first). A point's move counts as within noise when
/// it is smaller than the reliable-change threshold of its questionnaire on both axes.
pub fn chart_data(summaries: &[AssessmentSummary]) -> ChartData {
    let points = summaries
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let within_noise = match (
                i.checked_sub(1).and_then(|p| summaries.get(p)),
                questionnaire::by_version(&a.questionnaire),
            ) {
                (Some(previous), Some(q)) => {
                    let threshold = reliable_change(q);
                    (a.focus - previous.focus).abs() < threshold.focus
                        && (a.autonomy - previous.autonomy).abs() < threshold.autonomy
                }
                _ => false,
            };
            ChartPoint {
                date: a.date,
                focus: a.focus,
                autonomy: a.autonomy,
                within_noise,
            }
        })
        .collect();
    let mut versions: Vec<&str> = Vec::new();
    for a in summaries {
        if !versions.contains(&a.questionnaire.as_str()) {
            versions.push(&a.questionnaire);
        }
    }
    ChartData {
        person: summaries
            .last()
            .map(|a| a.profile.clone())
            .unwrap_or_default(),
        points,
        marks: Vec::new(),
        questionnaire: versions.join(", "),
        perceptions: Vec::new(),
    }
}

/// Which assessments a chart shows: those dated within `from..=to`, and up to assessment `until`
/// (for the map beside a past result). All bounds are optional.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ChartRange {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub until: Option<i64>,
}

impl ChartRange {
    /// Refuses a range that ends before it starts.
    pub fn check(&self) -> Result<(), OpsError> {
        match (self.from, self.to) {
            (Some(from), Some(to)) if from > to => Err(OpsError::Input(format!(
                "--from {from} is after --to {to}; the period must start before it ends"
            ))),
            _ => Ok(()),
        }
    }

    fn contains(&self, date: NaiveDate) -> bool {
        self.from.is_none_or(|f| date >= f) && self.to.is_none_or(|t| date <= t)
    }
}

/// The default profile's chart of `kind`: its assessments in `range`, and the commitments made and
/// reviewed within the same period marked on the timeline. Three queries, whatever the history.
pub fn render_chart(
    storage: &Storage,
    profile: i64,
    kind: ChartKind,
    range: ChartRange,
    options: &ChartOptions,
    format: Format,
) -> Result<Rendered, OpsError> {
    options.validate()?;
    range.check()?;
    // The trail is the leader's own view of themselves, up to the assessment shown (for another
    // rater's, up to its date: their view is drawn beside the trail, not on it).
    let all = history_summaries(storage, profile)?;
    let mut summaries = all.clone();
    if let Some(id) = range.until {
        let end = summaries
            .iter()
            .position(|a| a.id == id)
            .ok_or_else(|| OpsError::Input(format!("there is no assessment with id {id}")))?;
        let until_date = summaries[end].date;
        let other = summaries[end].rater != Rater::SelfRating;
        summaries.truncate(end + 1);
        if other {
            summaries.retain(|a| a.date <= until_date);
        }
    }
    summaries.retain(|a| a.rater == Rater::SelfRating);
    summaries.retain(|a| range.contains(a.date));
    let last = summaries.last().map(|a| a.date);
    let in_period = |date: NaiveDate| range.contains(date) && last.is_some_and(|l| date <= l);
    let mut marks = Vec::new();
    for c in storage.commitment_dates(profile)? {
        if in_period(c.committed_on) {
            marks.push(ChartMark {
                date: c.committed_on,
                kind: MarkKind::Committed,
                label: c.title.clone(),
            });
        }
        if let Some(reviewed) = c.reviewed_on.filter(|d| in_period(*d)) {
            marks.push(ChartMark {
                date: reviewed,
                kind: MarkKind::Reviewed,
                label: c.title,
            });
        }
    }
    let mut data = chart_data(&summaries);
    data.marks = marks;
    // Other raters' views of the same periods, on the map beside the leader's own.
    // Each beside the leader's own assessment it is paired with, when that one is drawn. The
    // timeline does not draw them, so it does not pay for them.
    if kind == ChartKind::Timeline {
        return Ok(chart::render(kind, &data, options, format)?);
    }
    let drawn: std::collections::HashSet<i64> = summaries.iter().map(|a| a.id).collect();
    let dates: std::collections::HashMap<i64, NaiveDate> =
        all.iter().map(|a| (a.id, a.date)).collect();
    let shown: Vec<(i64, i64)> = period_pairs(&all)
        .into_iter()
        .filter(|(own, other)| {
            drawn.contains(own) && dates.get(other).is_some_and(|d| range.contains(*d))
        })
        .collect();
    data.perceptions = perception_pairs(storage, &all, &shown)?
        .into_iter()
        .map(|p| ChartPerception {
            date: p.other_date,
            rater: rater_label(p.rater).into(),
            self_focus: p.gap.focus.self_position,
            self_autonomy: p.gap.autonomy.self_position,
            other_focus: p.gap.focus.other_position,
            other_autonomy: p.gap.autonomy.other_position,
        })
        .collect();
    Ok(chart::render(kind, &data, options, format)?)
}

/// A full export of the database as a document (see `docs/export-format.md`).
pub fn export_document(
    storage: &Storage,
    only: Option<&str>,
    include_notes: bool,
    now: DateTime<Utc>,
) -> Result<ExportDocument, OpsError> {
    let mut profiles = storage.export_profiles(include_notes)?;
    if let Some(name) = only {
        // `name` is a profile's own name, as resolved by the caller.
        profiles.retain(|p| p.name == name);
    }
    Ok(ExportDocument {
        format: backup::FORMAT.into(),
        version: backup::VERSION,
        exported_at: now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        app_version: env!("CARGO_PKG_VERSION").into(),
        includes_notes: include_notes,
        profiles,
    })
}

/// Writes a full export to `path` (atomically). The path is checked before the database is read.
pub fn export_to_file(
    storage: &Storage,
    only: Option<&str>,
    path: &Path,
    include_notes: bool,
    now: DateTime<Utc>,
) -> Result<ExportDocument, OpsError> {
    check_json_path(path)?;
    check_output_path(path)?;
    check_not_database(path, storage.path())?;
    let doc = export_document(storage, only, include_notes, now)?;
    let mut text = serde_json::to_string_pretty(&doc)
        .map_err(|e| OpsError::Input(format!("cannot write the export as JSON: {e}")))?;
    text.push('\n');
    write_file_atomically(path, text.as_bytes())?;
    Ok(doc)
}

/// Refuses to write an export over the database or its journal files.
pub fn check_not_database(path: &Path, db: &Path) -> Result<(), OpsError> {
    let resolve = |p: &Path| -> Option<PathBuf> {
        let parent = p
            .parent()
            .filter(|x| !x.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        Some(fs::canonicalize(parent).ok()?.join(p.file_name()?))
    };
    if let (Some(out), Some(db)) = (resolve(path), resolve(db)) {
        for suffix in ["", "-wal", "-shm", "-journal"] {
            let mut name = db.clone().into_os_string();
            name.push(suffix);
            if out.as_os_str() == name {
                return Err(OpsError::File {
                    path: path.to_path_buf(),
                    detail: "is Bearing's own database; choose another file name".into(),
                });
            }
        }
    }
    Ok(())
}

/// Writes a blank answer sheet about `profile` for `rater` to answer remotely.
pub fn write_sheet(
    profile: &Profile,
    rater: Rater,
    path: &Path,
    now: DateTime<Utc>,
) -> Result<RaterSheet, OpsError> {
    if rater == Rater::SelfRating {
        return Err(OpsError::Input(
            "an answer sheet is for a coach, manager or peer; the leader answers in Bearing itself (--rater coach|manager|peer)".into(),
        ));
    }
    check_json_path(path)?;
    check_output_path(path)?;
    let sheet = RaterSheet::blank(
        &profile.name,
        rater,
        now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
    );
    write_json_file(path, &sheet)?;
    Ok(sheet)
}

fn write_json_file<T: Serialize>(path: &Path, value: &T) -> Result<(), OpsError> {
    let mut text = serde_json::to_string_pretty(value)
        .map_err(|e| OpsError::Input(format!("cannot write JSON: {e}")))?;
    text.push('\n');
    write_file_atomically(path, text.as_bytes())
}

/// Reads and checks an answer sheet file (blank or filled).
pub fn read_sheet_file(path: &Path) -> Result<RaterSheet, OpsError> {
    use std::io::Read;
    let file_error = |detail: String| OpsError::File {
        path: path.to_path_buf(),
        detail,
    };
    let file =
        fs::File::open(path).map_err(|e| file_error(format!("cannot read the sheet ({e})")))?;
    let mut text = String::new();
    file.take(sheet::MAX_SHEET_BYTES + 1)
        .read_to_string(&mut text)
        .map_err(|e| file_error(format!("cannot read the sheet as UTF-8 text ({e})")))?;
    if text.len() as u64 > sheet::MAX_SHEET_BYTES {
        return Err(file_error(
            "is larger than 1 MiB; that is not a Bearing answer sheet".into(),
        ));
    }
    RaterSheet::parse(&text).map_err(|e| file_error(e.to_string()))
}

/// Fills in a sheet with `answers` (for the sheet's questionnaire) for the day `date`, as the
/// rater's own Bearing does; needs no database. Writes the filled sheet to `out`.
pub fn fill_sheet(
    mut sheet: RaterSheet,
    answers: &AnswerSheet,
    when: When,
    out: &Path,
) -> Result<RaterSheet, OpsError> {
    let date = check_date(when)?;
    if answers.questionnaire().version != sheet.questionnaire {
        return Err(OpsError::Input(format!(
            "the answers are for questionnaire {}, the sheet asks questionnaire {}",
            answers.questionnaire().version,
            sheet.questionnaire
        )));
    }
    check_json_path(out)?;
    check_output_path(out)?;
    sheet.answers = answers.answer_map();
    sheet.date = Some(date);
    sheet.answered_at = Some(
        when.now
            .to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
    );
    sheet.filled().map_err(|e| OpsError::Input(e.to_string()))?;
    write_json_file(out, &sheet)?;
    Ok(sheet)
}

/// Adds a filled sheet to the profile it is about, as an assessment by its rater. Refused when
/// the person is not a profile here, the sheet is incomplete or changed, its date is in the
/// future, or it was imported already.
pub fn import_sheet(
    storage: &mut Storage,
    sheet: &RaterSheet,
    today: NaiveDate,
) -> Result<Assessment, OpsError> {
    let (answers, date, answered_at) =
        sheet.filled().map_err(|e| OpsError::Input(e.to_string()))?;
    check_profile_name(&sheet.profile)?;
    let profile = resolve_profile(storage, Some(&sheet.profile)).map_err(|_| {
        let known: Vec<String> = storage
            .profiles()
            .map(|ps| ps.into_iter().map(|p| format!("`{}`", p.name)).collect())
            .unwrap_or_default();
        OpsError::Input(format!(
            "the sheet is about `{}`, who is not a profile in this Bearing (the profiles are {}); import it where it was written, or add the profile first",
            sheet.profile,
            known.join(", ")
        ))
    })?;
    if profile.archived_at.is_some() {
        return Err(OpsError::Input(format!(
            "`{}` is archived; restore the profile before adding to their history",
            profile.name
        )));
    }
    let recorded = answered_at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    if let Some(id) = storage.find_assessment(profile.id, sheet.rater, date, &recorded)? {
        return Err(OpsError::Input(format!(
            "this sheet was imported already (assessment {id}); nothing was added"
        )));
    }
    let when = When {
        date: Some(date),
        today,
        now: answered_at,
    };
    assess(
        storage,
        Who {
            profile: profile.id,
            rater: sheet.rater,
        },
        &answers,
        None,
        when,
        false,
    )
}

/// Requires a `.json` file name for exports.
pub fn check_json_path(path: &Path) -> Result<(), OpsError> {
    match path.extension().and_then(|e| e.to_str()) {
        Some(ext) if ext.eq_ignore_ascii_case("json") => Ok(()),
        _ => Err(OpsError::File {
            path: path.to_path_buf(),
            detail: "an export is a JSON file; give a file name ending in .json".into(),
        }),
    }
}

/// Reads and validates an export file completely, without touching any database.
pub fn read_export_file(path: &Path) -> Result<ExportDocument, OpsError> {
    use std::io::Read;
    let file_error = |detail: String| OpsError::File {
        path: path.to_path_buf(),
        detail,
    };
    let file =
        fs::File::open(path).map_err(|e| file_error(format!("cannot read the file ({e})")))?;
    let mut text = String::new();
    file.take(backup::MAX_IMPORT_BYTES + 1)
        .read_to_string(&mut text)
        .map_err(|e| {
            file_error(format!(
                "cannot read the file as UTF-8 text ({e}); is it a Bearing export?"
            ))
        })?;
    if text.len() as u64 > backup::MAX_IMPORT_BYTES {
        return Err(file_error(format!(
            "is larger than {} MiB; that is not a Bearing export",
            backup::MAX_IMPORT_BYTES / (1024 * 1024)
        )));
    }
    ExportDocument::parse(&text).map_err(|e| file_error(e.to_string()))
}

/// Merges a validated export into the database; see [`Storage::import_document`].
pub fn import_document(
    storage: &mut Storage,
    doc: &ExportDocument,
) -> Result<ImportOutcome, OpsError> {
    Ok(storage.import_document(doc)?)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_only_when_needed() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
    }
}
