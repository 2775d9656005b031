//! Answer sheets: how a coach, manager or peer answers about a leader from their own computer. A
//! blank sheet is written here, filled in there (no database needed), and imported back here.

use std::path::Path;

use chrono::{DateTime, NaiveDate, Utc};

use serde::Serialize;

use super::assess::{assess, Answered, AnsweredBy, Who};
use super::files::{check_json_output, read_text_file, write_json_file};
use super::groups::{group_rows, GroupRow};
use super::profiles::{check_profile_name, is_unnamed, resolve_profile};
use super::report::{assessment_report, AssessmentReport};
use super::when::{check_date, When};
use super::OpsError;
use crate::domain::sheet::{self, check_rater_name, RaterSheet, SheetError};
use crate::domain::{AnswerSheet, Assessment, Rater};
use crate::storage::{Profile, Storage};

/// Why an archived person's history takes no sheet.
const ADDING: &str = "unarchive the profile before adding to their history";

/// Writes a blank answer sheet about `profile` for `rater` to answer remotely. `db` is the
/// database, never to be written over.
pub fn write_sheet(
    profile: &Profile,
    rater: Rater,
    path: &Path,
    db: Option<&Path>,
    now: DateTime<Utc>,
) -> Result<RaterSheet, OpsError> {
    check_sheet_rater(rater)?;
    if is_unnamed(profile) {
        return Err(OpsError::Unnamed);
    }
    check_json_output(path, db)?;
    // One sheet, one rater: the id tells this rater's answers apart from everyone else's.
    let sheet = RaterSheet::blank(
        &profile.name,
        rater,
        new_rater_id(),
        now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
    );
    write_json_file(path, &sheet)?;
    Ok(sheet)
}

/// A random id for a new rater (UUID v4).
fn new_rater_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// Refuses a sheet for the leader themselves: they answer in Bearing itself.
pub fn check_sheet_rater(rater: Rater) -> Result<(), OpsError> {
    if rater == Rater::SelfRating {
        return Err(OpsError::SheetForLeader);
    }
    Ok(())
}

/// Reads and checks an answer sheet file (blank or filled).
pub fn read_sheet_file(path: &Path) -> Result<RaterSheet, OpsError> {
    let text = read_text_file(
        path,
        sheet::MAX_SHEET_BYTES,
        "the sheet",
        "a Bearing answer sheet",
    )?;
    RaterSheet::parse(&text).map_err(|source| OpsError::SheetFile {
        path: path.to_path_buf(),
        source,
    })
}

/// Reads a filled sheet and checks that it is complete, before any database is opened.
pub fn read_filled_sheet(path: &Path) -> Result<RaterSheet, OpsError> {
    let filled = read_sheet_file(path)?;
    filled.filled().map_err(|source| OpsError::SheetFile {
        path: path.to_path_buf(),
        source,
    })?;
    Ok(filled)
}

/// The sheet as the rater reads it: its statements in this Bearing's own words for its rater,
/// never the text the file brought. A version 1 sheet (no id) gets one here.
pub fn sheet_to_answer(received: &RaterSheet) -> RaterSheet {
    // A parsed sheet names a questionnaire this Bearing knows.
    let q = received
        .questionnaire()
        .unwrap_or_else(|_| crate::domain::questionnaire::current());
    RaterSheet::blank_in(
        q,
        &received.profile,
        received.rater,
        received.rater_id.clone().unwrap_or_else(new_rater_id),
        received.requested_at.clone(),
    )
}

/// Fills in a sheet with `answers` (statement id to 1–5, or `null` for "can't judge" from v2 on,
/// for the statements on the sheet), as the rater's own Bearing does; needs no database. Writes
/// the filled sheet to `out`.
pub fn fill_sheet_with(
    sheet: RaterSheet,
    answers: serde_json::Value,
    by: FilledBy<'_>,
    out: &Path,
) -> Result<RaterSheet, OpsError> {
    let serde_json::Value::Object(answers) = answers else {
        return Err(OpsError::Sheet(SheetError::Answers(
            "the answers must be a JSON object of statement id to answer".into(),
        )));
    };
    let answers = sheet.answer_sheet(&answers)?;
    fill_sheet(sheet, &answers, by, out)
}

/// Fills in a sheet from an answers document (`{"questionnaire": …, "answers": {…}}`, as
/// an assessment takes): the questionnaire must be the sheet's, and the answers are
/// checked as [`fill_sheet_with`] checks them (only the statements on the sheet).
pub fn fill_sheet_from_document(
    sheet: RaterSheet,
    document: serde_json::Value,
    by: FilledBy<'_>,
    out: &Path,
) -> Result<RaterSheet, OpsError> {
    let version = document.get("questionnaire").and_then(|v| v.as_str());
    let answers = document.get("answers").cloned();
    match (version, answers) {
        (Some(version), Some(answers)) if version == sheet.questionnaire => {
            fill_sheet_with(sheet, answers, by, out)
        }
        (Some(version), Some(_)) => Err(OpsError::SheetQuestionnaire {
            answers: version.chars().take(40).collect(),
            sheet: sheet.questionnaire,
        }),
        _ => Err(OpsError::Sheet(SheetError::Answers(
            "the answers need `questionnaire` and `answers`, as an assessment's answers file has"
                .into(),
        ))),
    }
}

/// Checks the name someone filling in a sheet for `rater` gives, if any.
pub fn check_filler_name(rater: Rater, name: Option<&str>) -> Result<(), OpsError> {
    if let Some(name) = name {
        check_rater_name(rater, name)?;
    }
    Ok(())
}

/// Who fills in a sheet, and for when.
#[derive(Debug, Clone, Copy)]
pub struct FilledBy<'a> {
    pub when: When,
    /// The name a coach or manager gives (checked; refused for peers and direct reports).
    pub name: Option<&'a str>,
}

/// Fills in a sheet with `answers` for the day `by.when` says, as the rater's own Bearing does;
/// needs no database. Writes the filled sheet (in this Bearing's sheet version) to `out`.
pub fn fill_sheet(
    mut sheet: RaterSheet,
    answers: &AnswerSheet,
    by: FilledBy<'_>,
    out: &Path,
) -> Result<RaterSheet, OpsError> {
    let when = by.when;
    let date = check_date(when)?;
    let name = by
        .name
        .map(|n| check_rater_name(sheet.rater, n))
        .transpose()?;
    if answers.questionnaire().version != sheet.questionnaire {
        return Err(OpsError::SheetQuestionnaire {
            answers: answers.questionnaire().version.clone(),
            sheet: sheet.questionnaire,
        });
    }
    check_json_output(out, None)?;
    sheet.version = sheet::VERSION;
    sheet.rater_id = Some(sheet.rater_id.take().unwrap_or_else(new_rater_id));
    sheet.rater_name = name;
    if let Some(item) = answers
        .answers()
        .find(|(item, _)| !sheet.statements.iter().any(|s| s.id == item.id))
    {
        return Err(SheetError::NotOnSheet(item.0.id.clone()).into());
    }
    sheet.answers = sheet
        .statements
        .iter()
        .map(|s| (s.id.clone(), answers.answer(&s.id)))
        .collect();
    sheet.date = Some(date);
    sheet.answered_at = Some(
        when.now
            .to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
    );
    sheet.filled()?;
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
    let (answers, date, answered_at) = sheet.filled()?;
    check_profile_name(&sheet.profile)?;
    let profile = match resolve_profile(storage, Some(&sheet.profile)) {
        Ok(profile) => profile,
        Err(OpsError::NoProfileNamed { known, .. }) => {
            return Err(OpsError::SheetAboutStranger {
                person: sheet.profile.clone(),
                known,
            })
        }
        Err(e) => return Err(e),
    };
    if profile.archived_at.is_some() {
        return Err(OpsError::Archived {
            name: profile.name,
            what: ADDING,
        });
    }
    let recorded = answered_at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    if let Some(id) = storage.find_assessment(profile.id, sheet.rater, date, &recorded)? {
        return Err(OpsError::SheetImportedAlready(id));
    }
    // A version 1 sheet names no rater: it is someone of its own.
    let rater_id = sheet.rater_id.clone().unwrap_or_else(new_rater_id);
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
        Answered {
            sheet: &answers,
            durations: None,
            by: Some(AnsweredBy {
                id: &rater_id,
                name: sheet.rater_name.as_deref(),
            }),
        },
        None,
        when,
        false,
    )
}

/// What importing a sheet reports: a coach's or manager's answers as their view of the leader; a
/// peer's or direct report's only as the group it joined (nothing of the sheet itself).
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum ImportedSheet {
    OneToOne(Box<AssessmentReport>),
    Group(JoinedGroup),
}

/// A peer's or direct report's sheet, once imported: which group it joined, and how that group
/// stands.
#[derive(Debug, Clone, Serialize)]
pub struct JoinedGroup {
    pub id: i64,
    pub rater: Rater,
    pub date: NaiveDate,
    /// Always `null`: one person's answers are never compared with anyone's.
    pub what_moved: Option<()>,
    /// The period's group, as the window shows it.
    pub group: GroupRow,
    pub message: String,
}

/// What Bearing says about an assessment just saved by another rater (a sheet imported, or answers
/// given on the command line), or by the leader: [`ImportedSheet`].
pub fn imported_sheet(storage: &Storage, saved: &Assessment) -> Result<ImportedSheet, OpsError> {
    let summary = &saved.summary;
    if !summary.rater.is_group() {
        return Ok(ImportedSheet::OneToOne(Box::new(assessment_report(
            storage, summary.id,
        )?)));
    }
    let all = storage.assessment_summaries(summary.profile_id)?;
    let rows = group_rows(storage, &all)?;
    let group = rows
        .into_iter()
        .rev()
        .find(|g| g.rater == summary.rater && g.from <= summary.date && summary.date <= g.to)
        .ok_or(OpsError::NoAssessment(summary.id))?;
    let message = match &group.view {
        Some(_) => format!(
            "Added to {}'s {}: their pooled view is shown from now on.",
            summary.profile, group.who
        ),
        None => format!("Added for {}. {}.", summary.profile, group.withheld_words()),
    };
    Ok(ImportedSheet::Group(JoinedGroup {
        id: summary.id,
        rater: summary.rater,
        date: summary.date,
        what_moved: None,
        group,
        message,
    }))
}
