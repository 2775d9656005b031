//! What the home screen and the start of an assessment need: a person's rhythm, their latest own
//! assessment, open commitments and the draft in progress, read without loading the history.

use chrono::{Days, NaiveDate};
use serde::Serialize;

use super::assess::{draft, Who};
use super::commitments::open_commitments;
use super::history::{history_row, latest_of, sems_by_version, HistoryRow};
use super::measure::prior;
use super::profiles::profile;
use super::OpsError;
use crate::domain::{questionnaire, Commitment, Draft, Rater};
use crate::storage::{Profile, Storage};

/// A draft's progress.
#[derive(Debug, Clone, Serialize)]
pub struct DraftProgress {
    pub answered: usize,
    pub total: usize,
    pub updated_at: String,
}

/// A person's home: who, their latest own assessment with its change, how many they have, what
/// they committed to, the draft in progress, and why nothing can be saved when that is so.
#[derive(Debug, Clone)]
pub struct Home {
    pub profile: Profile,
    pub latest: Option<HistoryRow>,
    pub count: usize,
    pub open_commitments: Vec<Commitment>,
    pub draft: Option<DraftProgress>,
    pub read_only: Option<String>,
}

/// How many of the latest own assessments home reads to find the previous usable one.
const LATEST_READ: usize = 12;

/// The home of `profile`. Home is about the leader's own rhythm: other raters' assessments do not
/// count here. It reads the latest few (for the change) and a count, never the whole history.
pub fn home(storage: &Storage, profile_id: i64) -> Result<Home, OpsError> {
    let person = profile(storage, profile_id)?;
    let (count, recent) = latest_of(storage, Who::leader(profile_id), LATEST_READ)?;
    let sems = sems_by_version(storage, profile_id, &recent)?;
    let mut recent = recent.into_iter();
    let latest = match recent.next() {
        Some(a) => {
            let previous = recent.find(|p| !p.provisional);
            let s = match sems.get(a.questionnaire.as_str()) {
                Some(s) => *s,
                None => prior(questionnaire::current())?,
            };
            Some(history_row(a, previous.as_ref(), &s))
        }
        None => None,
    };
    let draft = draft(storage, Who::leader(profile_id))?.map(|(d, updated_at)| DraftProgress {
        answered: d.answered(),
        total: questionnaire::by_version(&d.questionnaire).map_or(0, |q| q.items.len()),
        updated_at,
    });
    Ok(Home {
        profile: person,
        latest,
        count,
        open_commitments: open_commitments(storage, profile_id)?,
        draft,
        read_only: storage.read_only_reason(),
    })
}

/// What the questionnaire needs to start or resume for `who`.
#[derive(Debug, Clone)]
pub struct AssessmentStart {
    /// The draft to resume, when it is for the current questionnaire.
    pub draft: Option<Draft>,
    /// The commitments this assessment reviews (only the leader's own assessment reviews them).
    pub open_commitments: Vec<Commitment>,
    pub read_only: Option<String>,
}

pub fn assessment_start(storage: &Storage, who: Who) -> Result<AssessmentStart, OpsError> {
    let open = if who.rater == Rater::SelfRating {
        open_commitments(storage, who.profile)?
    } else {
        Vec::new()
    };
    // A draft for another questionnaire than the current one cannot be resumed.
    let current = &questionnaire::current().version;
    let draft = draft(storage, who)?
        .map(|(d, _)| d)
        .filter(|d| &d.questionnaire == current);
    Ok(AssessmentStart {
        draft,
        open_commitments: open,
        read_only: storage.read_only_reason(),
    })
}

/// Whether a person's next own assessment is due, by their rhythm (`cadence_days`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Due {
    /// Not yet: the rhythm's days since the last one have not passed.
    Ok,
    /// Today is the day.
    Due,
    /// The day has passed.
    Overdue,
    /// Never assessed: nothing to count from.
    Never,
}

/// Whether the next assessment is due `today`, and on which day, for a person last assessed on
/// `last` (their latest own assessment) who means to take one every `cadence_days`: the same rule
/// the home screen words ("due today", "n days overdue").
pub fn due(
    last: Option<NaiveDate>,
    cadence_days: i64,
    today: NaiveDate,
) -> (Due, Option<NaiveDate>) {
    let Some(last) = last else {
        return (Due::Never, None);
    };
    // A cadence is 7 to 366 days (checked when set); a date beyond the calendar is never due.
    let Some(next) = u64::try_from(cadence_days)
        .ok()
        .and_then(|days| last.checked_add_days(Days::new(days)))
    else {
        return (Due::Ok, None);
    };
    let state = match today.cmp(&next) {
        std::cmp::Ordering::Less => Due::Ok,
        std::cmp::Ordering::Equal => Due::Due,
        std::cmp::Ordering::Greater => Due::Overdue,
    };
    (state, Some(next))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn due_counts_the_rhythm_from_the_last_assessment() {
        let day = |d| NaiveDate::from_ymd_opt(2026, 3, d).unwrap();
        assert_eq!(due(None, 30, day(1)), (Due::Never, None));
        let next = Some(day(15));
        assert_eq!(due(Some(day(1)), 14, day(14)), (Due::Ok, next));
        assert_eq!(due(Some(day(1)), 14, day(15)), (Due::Due, next));
        assert_eq!(due(Some(day(1)), 14, day(16)), (Due::Overdue, next));
    }
}
