//! Commitments: the one to three growth actions a leader takes on for the month after an
//! assessment, which their next assessment reviews.

use chrono::{DateTime, Utc};

use super::OpsError;
use crate::domain::commitment::check_choice;
use crate::domain::Commitment;
use crate::storage::Storage;

/// A person's open commitments: what the home screen lists and the next assessment reviews first.
pub fn open_commitments(storage: &Storage, profile: i64) -> Result<Vec<Commitment>, OpsError> {
    Ok(storage.open_commitments(profile, None)?)
}

/// Commits `profile` to `actions` (1 to 3 growth action ids, in order) for the period after
/// assessment `id` (the latest when `None`), replacing what was chosen after it before. Only the
/// latest assessment takes commitments: they are for the month ahead, and the next assessment
/// reviews them.
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

/// Sets the commitments after assessment `id`: `actions` in order, or none to drop them.
pub fn set_commitments(
    storage: &mut Storage,
    profile: i64,
    id: i64,
    actions: &[String],
    now: DateTime<Utc>,
) -> Result<(), OpsError> {
    if actions.is_empty() {
        clear_commitments(storage, profile, Some(id), now).map(|_| ())
    } else {
        commit(storage, profile, Some(id), actions, now).map(|_| ())
    }
}

/// The assessment commitments can be made after: `id` if it is the latest, else an error.
fn committable(storage: &Storage, profile: i64, id: Option<i64>) -> Result<i64, OpsError> {
    let latest = storage
        .latest_assessment_id(profile)?
        .ok_or(OpsError::NoAssessmentYet)?;
    match id {
        None => Ok(latest),
        Some(id) if id == latest => Ok(id),
        Some(id) if storage.assessment(id)?.is_none() => Err(OpsError::NoAssessment(id)),
        Some(id) => Err(OpsError::NotLatest { id, latest }),
    }
}
