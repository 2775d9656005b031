//! Answer sheets: how a coach, manager or peer answers about a leader from their own computer. A
//! blank sheet is written here, filled in there (no database needed), and imported back here.

use std::path::Path;

use chrono::{DateTime, NaiveDate, Utc};

use super::assess::{assess, Answered, Who};
use super::files::{check_json_output, read_text_file, write_json_file};
use super::profiles::{check_profile_name, resolve_profile};
use super::when::{check_date, When};
use super::OpsError;
use crate::domain::sheet::{self, RaterSheet};
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
    check_json_output(path, db)?;
    let sheet = RaterSheet::blank(
        &profile.name,
        rater,
        now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
    );
    write_json_file(path, &sheet)?;
    Ok(sheet)
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
/// never the text the file brought.
pub fn sheet_to_answer(received: &RaterSheet) -> RaterSheet {
    RaterSheet::blank(
        &received.profile,
        received.rater,
        received.requested_at.clone(),
    )
}

/// Fills in a sheet with `answers` (statement id to 1–5, for the sheet's questionnaire), as the
/// rater's own Bearing does; needs no database. Writes the filled sheet to `out`.
pub fn fill_sheet_with(
    sheet: RaterSheet,
    answers: serde_json::Value,
    when: When,
    out: &Path,
) -> Result<RaterSheet, OpsError> {
    let answers = AnswerSheet::from_value(serde_json::json!({
        "questionnaire": sheet.questionnaire,
        "answers": answers,
    }))?;
    fill_sheet(sheet, &answers, when, out)
}

/// Fills in a sheet with `answers` for the day `when` says, as the rater's own Bearing does;
/// needs no database. Writes the filled sheet to `out`.
pub fn fill_sheet(
    mut sheet: RaterSheet,
    answers: &AnswerSheet,
    when: When,
    out: &Path,
) -> Result<RaterSheet, OpsError> {
    let date = check_date(when)?;
    if answers.questionnaire().version != sheet.questionnaire {
        return Err(OpsError::SheetQuestionnaire {
            answers: answers.questionnaire().version.clone(),
            sheet: sheet.questionnaire,
        });
    }
    check_json_output(out, None)?;
    sheet.answers = answers.answer_map();
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
        Answered::untimed(&answers),
        None,
        when,
        false,
    )
}
