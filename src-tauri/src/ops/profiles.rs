//! The people Bearing tracks: names, rhythms, archiving, and which one a command is about.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::OpsError;
use crate::domain::export;
use crate::storage::{Profile, Storage};

/// Longest profile name, in characters.
pub const MAX_PROFILE_NAME: usize = export::MAX_PROFILE_NAME;

/// Shortest and longest rhythm between assessments, in days.
/// The name every database's first person starts with, until the leader gives theirs: the window's
/// word for the leader, never a name put on a sheet, a card or a report.
pub const UNNAMED: &str = "Me";

/// Whether `profile` is still the unnamed first person.
pub fn is_unnamed(profile: &Profile) -> bool {
    profile.name.eq_ignore_ascii_case(UNNAMED)
}

pub const CADENCE_DAYS: std::ops::RangeInclusive<i64> = 7..=366;

/// Checks a profile name: trimmed, 1 to 80 characters, no control characters.
pub fn check_profile_name(name: &str) -> Result<String, OpsError> {
    let name = name.trim();
    let chars = name.chars().count();
    if chars == 0 || chars > MAX_PROFILE_NAME {
        return Err(OpsError::ProfileNameLength {
            chars,
            max: MAX_PROFILE_NAME,
        });
    }
    if name.chars().any(char::is_control) {
        return Err(OpsError::ProfileNameControl);
    }
    Ok(name.to_string())
}

/// Checks a rhythm between assessments, in days.
pub fn check_cadence(days: i64) -> Result<(), OpsError> {
    if CADENCE_DAYS.contains(&days) {
        Ok(())
    } else {
        Err(OpsError::Cadence {
            days,
            min: *CADENCE_DAYS.start(),
            max: *CADENCE_DAYS.end(),
        })
    }
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
    found.ok_or_else(|| match name {
        Some(name) => OpsError::NoProfileNamed {
            name: name.trim().into(),
            known: profiles.into_iter().map(|p| p.name).collect(),
        },
        None => OpsError::AllArchived,
    })
}

/// Profile `id`, which must exist.
pub fn profile(storage: &Storage, id: i64) -> Result<Profile, OpsError> {
    storage.profile(id)?.ok_or(OpsError::NoProfileId(id))
}

/// Profile `id`, to be shown or added to: it must exist and not be archived. `what` says what
/// was about to happen, for the message.
pub fn active_profile(storage: &Storage, id: i64, what: &'static str) -> Result<Profile, OpsError> {
    let found = profile(storage, id)?;
    if found.archived_at.is_some() {
        return Err(OpsError::Archived {
            name: found.name,
            what,
        });
    }
    Ok(found)
}

/// Why an archived person cannot be opened.
pub const OPENING: &str = "unarchive the profile before opening it";

/// A person with how many assessments their history holds (by every rater).
#[derive(Debug, Clone, Serialize)]
pub struct PersonCount {
    #[serde(flatten)]
    pub profile: Profile,
    pub assessments: usize,
}

/// The people, archived ones only with `include_archived`, each with their number of
/// assessments: one query for the counts, whatever the history.
pub fn people(storage: &Storage, include_archived: bool) -> Result<Vec<PersonCount>, OpsError> {
    let counts = storage.assessment_counts()?;
    Ok(storage
        .profiles()?
        .into_iter()
        .filter(|p| include_archived || p.archived_at.is_none())
        .map(|profile| PersonCount {
            assessments: counts.get(&profile.id).copied().unwrap_or(0),
            profile,
        })
        .collect())
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
    profile(storage, id)?;
    storage.rename_profile(id, &name)?;
    profile(storage, id)
}

/// Archives a profile, or unarchives it; its history stays. The last active profile cannot be
/// archived.
pub fn archive_profile(
    storage: &mut Storage,
    id: i64,
    archived: bool,
    now: DateTime<Utc>,
) -> Result<Profile, OpsError> {
    let found = profile(storage, id)?;
    if archived && found.archived_at.is_none() {
        let active = storage
            .profiles()?
            .iter()
            .filter(|p| p.archived_at.is_none())
            .count();
        if active <= 1 {
            return Err(OpsError::OnlyActiveProfile { name: found.name });
        }
    }
    if archived != found.archived_at.is_some() {
        storage.set_archived(id, archived, now)?;
    }
    profile(storage, id)
}

/// Sets how often a profile means to take an assessment.
pub fn set_cadence(storage: &mut Storage, id: i64, days: i64) -> Result<Profile, OpsError> {
    check_cadence(days)?;
    profile(storage, id)?;
    storage.set_cadence(id, days)?;
    profile(storage, id)
}
