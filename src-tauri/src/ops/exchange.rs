//! The JSON export of a whole history (see `docs/export-format.md`): writing it, and reading and
//! merging one made here or on another computer into the right person: found by id or by a
//! remembered link, never by name.

use std::path::Path;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::files::{check_json_output, read_text_file, write_json_file};
use super::profiles::{active_profile, MAX_PROFILE_NAME};
use super::OpsError;
use crate::domain::export::{self, ExportDocument};
use crate::storage::{Destination, ImportOutcome, ImportPlan, Storage};

/// A full export of the database as a document; only the profile named `only` when given.
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
        format: export::FORMAT.into(),
        version: export::VERSION,
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
    check_json_output(path, Some(storage.path()))?;
    let doc = export_document(storage, only, include_notes, now)?;
    write_json_file(path, &doc)?;
    Ok(doc)
}

/// Reads and validates an export file completely, without touching any database.
pub fn read_export_file(path: &Path) -> Result<ExportDocument, OpsError> {
    let text = read_text_file(
        path,
        export::MAX_IMPORT_BYTES,
        "the file",
        "a Bearing export",
    )?;
    ExportDocument::parse(&text).map_err(|source| OpsError::ImportFile {
        path: path.to_path_buf(),
        source,
    })
}

/// Who a person of a document is here, when nothing here says so: the user's choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case", deny_unknown_fields)]
pub enum ImportTarget {
    /// This person here; remembered, so the next file from the same person lands here too.
    Into { profile_id: i64 },
    /// A new person here.
    New,
}

/// A person here, by id and name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PersonHere {
    pub profile_id: i64,
    pub name: String,
}

/// Where a person of a document goes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Where {
    /// The same person: their id is this person's here.
    Same(PersonHere),
    /// A person here they were linked to before.
    Linked(PersonHere),
    /// A person here, as chosen now; the link is remembered.
    Chosen(PersonHere),
    /// A new person called `name` (`chosen`: asked for, rather than nobody here having the name).
    New { name: String, chosen: bool },
    /// Nothing says who they are, and `same_name` here has their name: the user must choose.
    Ask { same_name: PersonHere },
}

/// One person of a document and what importing them would do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PersonPreview {
    /// Their name in the file.
    pub name: String,
    pub destination: Where,
    pub assessments: usize,
    /// Assessments that would be added, and those already here.
    pub new: usize,
    pub already: usize,
    /// The period the file's assessments of them cover.
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

/// What importing a document would do, worked out before anything is written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportPreview {
    /// This Bearing is as a first start left it: the file's people replace its untouched first
    /// person, as a restore.
    pub restore: bool,
    pub includes_notes: bool,
    pub people: Vec<PersonPreview>,
    /// Someone's destination must be chosen before anything can be imported.
    pub needs_choice: bool,
}

/// Works out where each person of `doc` goes and what would be added, reading only. A person is
/// found by their id, or by a link remembered from an earlier choice; never by name. Otherwise
/// `target` decides (for the one person of the file who is not known here); without it, a person
/// whose name someone here has is left for the user to choose (`Where::Ask`), and anyone else
/// becomes a new person. Into a fresh Bearing (see [`ImportPreview::restore`]) the file's people
/// come as they are.
pub fn preview_import(
    storage: &Storage,
    doc: &ExportDocument,
    target: Option<ImportTarget>,
) -> Result<ImportPreview, OpsError> {
    Ok(plan_import(storage, doc, target)?.0)
}

fn plan_import(
    storage: &Storage,
    doc: &ExportDocument,
    target: Option<ImportTarget>,
) -> Result<(ImportPreview, ImportPlan), OpsError> {
    let here = storage.profiles()?;
    let name_of = |id: i64| -> Result<PersonHere, OpsError> {
        let found = here
            .iter()
            .find(|p| p.id == id)
            .ok_or(OpsError::NoProfileId(id))?;
        Ok(PersonHere {
            profile_id: id,
            name: found.name.clone(),
        })
    };
    // Who is known here already, by id or link.
    let mut known = Vec::with_capacity(doc.profiles.len());
    for person in &doc.profiles {
        known.push(match storage.profile_id_by_uuid(&person.id)? {
            Some(id) => Some(Where::Same(name_of(id)?)),
            None => match storage.linked_profile(&person.id)? {
                Some(id) => Some(Where::Linked(name_of(id)?)),
                None => None,
            },
        });
    }
    let unknown = known.iter().filter(|k| k.is_none()).count();
    let untouched = storage.untouched_profile()?;
    let restore = target.is_none() && unknown == doc.profiles.len() && untouched.is_some();

    let mut taken: Vec<String> = if restore {
        Vec::new()
    } else {
        here.iter().map(|p| p.name.clone()).collect()
    };
    let mut destinations = Vec::with_capacity(doc.profiles.len());
    for (person, known) in doc.profiles.iter().zip(known) {
        let destination = match (known, target) {
            (Some(known), None) => known,
            (Some(Where::Same(p) | Where::Linked(p)), Some(ImportTarget::Into { profile_id }))
                if p.profile_id == profile_id =>
            {
                Where::Linked(p)
            }
            (Some(Where::Same(p) | Where::Linked(p)), Some(_)) => {
                return Err(OpsError::ImportAlreadyKnown {
                    person: person.name.clone(),
                    here: p.name,
                })
            }
            (Some(other), Some(_)) => other,
            (None, Some(ImportTarget::Into { profile_id })) => {
                if unknown > 1 {
                    return Err(OpsError::ImportChoiceForMany { unknown });
                }
                let chosen = active_profile(storage, profile_id, IMPORTING)?;
                Where::Chosen(PersonHere {
                    profile_id,
                    name: chosen.name,
                })
            }
            (None, Some(ImportTarget::New)) => Where::New {
                name: free_name(&person.name, &taken),
                chosen: true,
            },
            (None, None) => match taken
                .iter()
                .position(|n| n.eq_ignore_ascii_case(&person.name))
            {
                Some(_) => {
                    let same = here
                        .iter()
                        .find(|p| p.name.eq_ignore_ascii_case(&person.name))
                        .ok_or_else(|| OpsError::NoProfileNamed {
                            name: person.name.clone(),
                            known: Vec::new(),
                        })?;
                    Where::Ask {
                        same_name: PersonHere {
                            profile_id: same.id,
                            name: same.name.clone(),
                        },
                    }
                }
                None => Where::New {
                    name: person.name.clone(),
                    chosen: false,
                },
            },
        };
        if let Where::New { name, .. } = &destination {
            taken.push(name.clone());
        }
        destinations.push(destination);
    }

    let mut people = Vec::with_capacity(doc.profiles.len());
    let mut plan = Vec::with_capacity(doc.profiles.len());
    for (person, destination) in doc.profiles.iter().zip(destinations) {
        let into = match &destination {
            Where::Same(p) | Where::Linked(p) | Where::Chosen(p) => Some(p.profile_id),
            Where::New { .. } | Where::Ask { .. } => None,
        };
        let mut already = 0;
        for a in &person.assessments {
            if storage.assessment_present(into, a)? {
                already += 1;
            }
        }
        plan.push(match &destination {
            Where::Same(p) | Where::Linked(p) => Destination::Existing {
                profile_id: p.profile_id,
                link: false,
            },
            Where::Chosen(p) => Destination::Existing {
                profile_id: p.profile_id,
                link: true,
            },
            Where::New { name, .. } => Destination::New { name: name.clone() },
            // Never written: an import with a person to ask about is refused.
            Where::Ask { same_name } => Destination::Existing {
                profile_id: same_name.profile_id,
                link: false,
            },
        });
        people.push(PersonPreview {
            name: person.name.clone(),
            assessments: person.assessments.len(),
            new: person.assessments.len() - already,
            already,
            from: person.assessments.first().map(|a| a.date),
            to: person.assessments.last().map(|a| a.date),
            destination,
        });
    }
    let needs_choice = people
        .iter()
        .any(|p| matches!(p.destination, Where::Ask { .. }));
    Ok((
        ImportPreview {
            restore,
            includes_notes: doc.includes_notes,
            people,
            needs_choice,
        },
        ImportPlan {
            replace: untouched.filter(|_| restore),
            people: plan,
            now: Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        },
    ))
}

/// Why an archived person cannot be imported into.
const IMPORTING: &str = "unarchive them before importing into them";

/// `name`, or when someone here has it, `name (2)`, `name (3)`, … (names compare as SQLite's
/// NOCASE does, which folds ASCII only).
fn free_name(name: &str, taken: &[String]) -> String {
    let free = |candidate: &str| !taken.iter().any(|t| t.eq_ignore_ascii_case(candidate));
    if free(name) {
        return name.to_string();
    }
    (2..)
        .map(|n| {
            let suffix = format!(" ({n})");
            let room = MAX_PROFILE_NAME.saturating_sub(suffix.chars().count());
            let base: String = name.chars().take(room).collect();
            format!("{}{suffix}", base.trim_end())
        })
        .find(|candidate| free(candidate))
        .unwrap_or_else(|| name.to_string())
}

/// Merges a validated export into the database, each person where [`preview_import`] says.
/// Refused, with nothing written, while someone's destination needs a choice.
pub fn import_document(
    storage: &mut Storage,
    doc: &ExportDocument,
    target: Option<ImportTarget>,
) -> Result<(ImportPreview, ImportOutcome), OpsError> {
    let (preview, plan) = plan_import(storage, doc, target)?;
    if let Some(asked) = preview.people.iter().find_map(|p| match &p.destination {
        Where::Ask { same_name } => Some((p.name.clone(), same_name.name.clone())),
        _ => None,
    }) {
        return Err(OpsError::ImportNeedsChoice {
            person: asked.0,
            same_name: asked.1,
            known: storage.profiles()?.into_iter().map(|p| p.name).collect(),
        });
    }
    let outcome = storage.import_document(doc, &plan)?;
    Ok((preview, outcome))
}
