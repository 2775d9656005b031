//! Taking an assessment: scoring and saving a sheet with the reviews of open commitments, and the
//! questionnaire draft kept while the leader answers.

use chrono::{DateTime, Utc};

use super::when::{check_date, When};
use super::OpsError;
use crate::domain::commitment::{parse_reviews, ReviewInput};
use crate::domain::measurement::stats::median;
use crate::domain::measurement::{response_quality, QualityFlag};
use crate::domain::{self, AnswerSheet, Assessment, Draft, Rater};
use crate::storage::{NewAssessment, Storage};

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

/// Checks what an assessment brings besides its answers before anything is opened: its date,
/// and that only the leader's own assessment reviews commitments.
pub fn check_assessment(who_rater: Rater, has_reviews: bool, when: When) -> Result<(), OpsError> {
    check_date(when)?;
    if who_rater != Rater::SelfRating && has_reviews {
        return Err(OpsError::ReviewsFromRater { rater: who_rater });
    }
    Ok(())
}

/// What an assessment brings besides who and when.
#[derive(Debug, Clone, Copy)]
pub struct Answered<'a> {
    pub sheet: &'a AnswerSheet,
    /// Seconds spent on each statement, when the window timed them.
    pub durations: Option<&'a [f64]>,
    /// Who answered, when another rater's sheet says so; `None` for the leader, and for someone
    /// answering in this window (who then gets an id of their own).
    pub by: Option<AnsweredBy<'a>>,
}

/// Another rater as their sheet names them.
#[derive(Debug, Clone, Copy)]
pub struct AnsweredBy<'a> {
    /// The sheet's id.
    pub id: &'a str,
    /// The name a coach or manager gave (checked).
    pub name: Option<&'a str>,
}

impl<'a> Answered<'a> {
    /// Answers that were not timed (the command line).
    pub fn untimed(sheet: &'a AnswerSheet) -> Answered<'a> {
        Answered {
            sheet,
            durations: None,
            by: None,
        }
    }
}

/// Scores and saves an assessment of `who`, with the reviews of the commitments still open from
/// before its date (`reviews`, as JSON; see [`crate::domain::commitment`]) and the
/// response-quality flags its answers raise. The window and the CLI both save through here.
/// Nothing is written unless the sheet, the date and every review are valid; `clear_draft`
/// forgets the window's draft in the same transaction.
pub fn assess(
    storage: &mut Storage,
    who: Who,
    answered: Answered<'_>,
    reviews: Option<serde_json::Value>,
    when: When,
    clear_draft: bool,
) -> Result<Assessment, OpsError> {
    let sheet = answered.sheet;
    let taken_on = check_date(when)?;
    // Another rater sees behaviour, not the leader's inner life.
    if who.rater != Rater::SelfRating {
        if let Some((item, _)) = sheet.answers().find(|(item, _)| !item.observable) {
            return Err(OpsError::UnobservableAnswered {
                id: item.id.clone(),
                rater: who.rater.words().noun,
            });
        }
    }
    let has_reviews = reviews.as_ref().is_some_and(|r| !r.is_null());
    check_assessment(who.rater, has_reviews, when)?;
    // Commitments are the leader's own: only their own next assessment reviews them.
    let open = if who.rater == Rater::SelfRating {
        storage.open_commitments(who.profile, Some(taken_on))?
    } else {
        Vec::new()
    };
    let given = parse_reviews(reviews, &open)?;
    let reviews: Vec<(i64, ReviewInput)> = open
        .iter()
        .filter_map(|c| given.get(&c.action_id).map(|r| (c.id, r.clone())))
        .collect();
    let score = domain::score(sheet);
    let durations = answered
        .durations
        .filter(|d| !d.is_empty() && d.iter().all(|s| s.is_finite() && *s >= 0.0));
    let quality = response_quality(sheet, durations);
    let flags: Vec<QualityFlag> = quality.flags.iter().map(|n| n.flag).collect();
    // Someone answering here without a sheet is a rater of their own: each gets a new id.
    let fresh_id;
    let (rater_id, rater_name) = match (who.rater, answered.by) {
        (Rater::SelfRating, _) => (None, None),
        (_, Some(by)) => (Some(by.id), by.name),
        (_, None) => {
            fresh_id = uuid::Uuid::new_v4().to_string();
            (Some(fresh_id.as_str()), None)
        }
    };
    let new = NewAssessment {
        profile_id: who.profile,
        rater: who.rater,
        rater_id,
        rater_name,
        taken_on,
        recorded_at: when.now,
        sheet,
        score: &score,
        reviews: &reviews,
        clear_draft,
        flags: &flags,
        median_seconds: durations.map(median),
    };
    Ok(storage.insert_assessment(&new)?)
}

/// The questionnaire draft of `who`, if one is kept and still valid, with when it was last saved.
/// A draft this Bearing cannot read (say, for a questionnaire it no longer has) is treated as none.
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
