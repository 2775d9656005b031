//! `bearing profile …`: the people Bearing tracks.

use clap::{Args, Subcommand};

use super::output::{plural, print_json, print_text};
use super::{CliResult, Context};
use crate::ops;
use crate::storage::{Profile, Storage};

#[derive(Debug, Args)]
pub struct ProfileArgs {
    #[command(subcommand)]
    action: ProfileAction,
}

#[derive(Debug, Subcommand)]
enum ProfileAction {
    /// Add a person.
    Add {
        #[arg(value_name = "NAME")]
        name: String,
    },
    /// List the people (archived ones with --all).
    List {
        #[arg(long)]
        all: bool,
        #[arg(long)]
        json: bool,
    },
    /// Rename a person.
    Rename {
        #[arg(value_name = "NAME")]
        name: String,
        #[arg(value_name = "NEW_NAME")]
        new_name: String,
    },
    /// Archive a person: their history stays, they leave the lists.
    Archive {
        #[arg(value_name = "NAME")]
        name: String,
    },
    /// Bring an archived person back.
    #[command(alias = "restore")]
    Unarchive {
        #[arg(value_name = "NAME")]
        name: String,
    },
    /// Set how often a person means to take an assessment, in days (30 is monthly).
    Cadence {
        #[arg(value_name = "NAME")]
        name: String,
        #[arg(value_name = "DAYS")]
        days: i64,
    },
}

impl ProfileArgs {
    pub(super) fn run(self, cx: &Context) -> CliResult {
        let now = chrono::Utc::now();
        // Names and rhythms are checked before the database is opened (or created).
        match &self.action {
            ProfileAction::Add { name } => {
                ops::check_profile_name(name)?;
            }
            ProfileAction::Rename { new_name, .. } => {
                ops::check_profile_name(new_name)?;
            }
            ProfileAction::Cadence { days, .. } => ops::check_cadence(*days)?,
            _ => {}
        }
        let mut storage = cx.location()?.open()?;
        let find = |storage: &Storage, name: &str| ops::resolve_profile(storage, Some(name));
        let done = |p: Profile, what: &str| print_text(&format!("{what} `{}`.\n", p.name));
        match self.action {
            ProfileAction::Add { name } => {
                done(ops::add_profile(&mut storage, &name, now)?, "Added")
            }
            ProfileAction::List { all, json } => {
                let people = ops::people(&storage, all)?;
                if json {
                    let list: Vec<&Profile> = people.iter().map(|p| &p.profile).collect();
                    return print_json(&list);
                }
                let mut out = String::new();
                for p in people {
                    out.push_str(&format!(
                        "{:<30}  {:>3} assessment{:<1}  every {} days{}\n",
                        p.profile.name,
                        p.assessments,
                        plural(p.assessments),
                        p.profile.cadence_days,
                        if p.profile.archived_at.is_some() {
                            "  (archived)"
                        } else {
                            ""
                        }
                    ));
                }
                print_text(&out)
            }
            ProfileAction::Rename { name, new_name } => {
                let p = find(&storage, &name)?;
                done(
                    ops::rename_profile(&mut storage, p.id, &new_name)?,
                    "Renamed to",
                )
            }
            ProfileAction::Archive { name } => {
                let p = find(&storage, &name)?;
                done(
                    ops::archive_profile(&mut storage, p.id, true, now)?,
                    "Archived",
                )
            }
            ProfileAction::Unarchive { name } => {
                let p = find(&storage, &name)?;
                done(
                    ops::archive_profile(&mut storage, p.id, false, now)?,
                    "Unarchived",
                )
            }
            ProfileAction::Cadence { name, days } => {
                let p = find(&storage, &name)?;
                let p = ops::set_cadence(&mut storage, p.id, days)?;
                print_text(&format!(
                    "`{}` now aims for an assessment every {} days.\n",
                    p.name, p.cadence_days
                ))
            }
        }
    }
}
