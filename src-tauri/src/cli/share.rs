//! `bearing share` (one person's history, encrypted for one other Bearing) and `bearing exchange`
//! (this Bearing's own key, and the exchange folders: link, sync, status, unlink).

use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::output::{plural, print_json, print_text};
use super::{CliResult, Context};
use crate::ops;

#[derive(Debug, Args)]
pub struct ShareArgs {
    /// The other Bearing's key (`age1…`; `bearing exchange key` prints it there).
    #[arg(long, value_name = "KEY")]
    recipient: String,
    /// Output file, ending in .age.
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
    /// Include the private notes (on statements, assessments and reviews).
    #[arg(long)]
    include_notes: bool,
}

impl ShareArgs {
    pub(super) fn run(self, cx: &Context) -> CliResult {
        // The key first: a mistyped key costs nothing.
        ops::share::parse_recipient(&self.recipient)?;
        let (storage, person) = cx.open_for_profile()?;
        let shared = ops::write_share_file(
            &storage,
            &person,
            &self.recipient,
            self.include_notes,
            &self.out,
            chrono::Utc::now(),
        )?;
        let mut text = format!(
            "Shared {} assessment{} of {} in {}, encrypted for that Bearing only{}.\n",
            shared.assessments,
            plural(shared.assessments),
            shared.person,
            self.out.display(),
            if shared.includes_notes {
                ", with notes"
            } else {
                ", without notes"
            }
        );
        if shared.withheld > 0 {
            text.push_str(&format!(
                "{} assessment{} by peers or direct reports stay{} here: they are seen only pooled.\n",
                shared.withheld,
                plural(shared.withheld),
                if shared.withheld == 1 { "s" } else { "" }
            ));
        }
        print_text(&text)
    }
}

#[derive(Debug, Args)]
pub struct ExchangeArgs {
    #[command(subcommand)]
    command: ExchangeCommand,
}

#[derive(Debug, Subcommand)]
enum ExchangeCommand {
    /// Print this Bearing's key (`age1…`): give it to the Bearing that shares with you.
    Key,
    /// Link a person here to a folder a sync engine shares with the other computer, and to the
    /// other Bearing's key: the person in that folder is this person from then on.
    Link {
        /// The person here.
        #[arg(value_name = "NAME")]
        name: String,
        /// The shared folder (it must exist; never the database's own folder).
        #[arg(long, value_name = "DIR")]
        folder: PathBuf,
        /// The other Bearing's key (`bearing exchange key` prints it there).
        #[arg(long, value_name = "KEY")]
        recipient: String,
    },
    /// One pass over every linked folder: read what came from the other side, write what
    /// changed here.
    Sync,
    /// Every link, and what its folder holds now.
    Status {
        #[arg(long)]
        json: bool,
    },
    /// Stop exchanging a person's history through their folder (its files stay).
    Unlink {
        #[arg(value_name = "NAME")]
        name: String,
    },
}

impl ExchangeArgs {
    pub(super) fn run(self, cx: &Context) -> CliResult {
        let now = chrono::Utc::now();
        match self.command {
            ExchangeCommand::Key => {
                let mut storage = cx.location()?.open()?;
                let key = ops::exchange_key(&mut storage, now)?;
                print_text(&format!("{key}\n"))
            }
            ExchangeCommand::Link {
                name,
                folder,
                recipient,
            } => {
                ops::share::parse_recipient(&recipient)?;
                let mut storage = cx.location()?.open()?;
                let person = ops::resolve_profile(&storage, Some(&name))?;
                let link =
                    ops::folder::link_folder(&mut storage, person.id, &folder, &recipient, now)?;
                print_text(&format!(
                    "Linked {} to {} for the Bearing with key {}. `bearing exchange sync` reads and writes it.\n",
                    person.name, link.folder, link.recipient
                ))
            }
            ExchangeCommand::Sync => {
                let mut storage = cx.location()?.open()?;
                let passes = ops::folder::sync_folders(&mut storage, now)?;
                if passes.is_empty() {
                    return print_text("No one is linked to an exchange folder.\n");
                }
                let mut text = String::new();
                for pass in passes {
                    text.push_str(&format!(
                        "{} ({}): {} file{} in ({} assessment{} added, {} deleted); {}.\n",
                        pass.person,
                        pass.folder,
                        pass.received.len(),
                        plural(pass.received.len()),
                        pass.added,
                        plural(pass.added),
                        pass.deleted,
                        match &pass.sent {
                            Some(name) => format!("wrote {name}"),
                            None => "nothing new to write".into(),
                        }
                    ));
                    for problem in pass.problems {
                        text.push_str(&format!("  not used now: {problem}\n"));
                    }
                }
                print_text(&text)
            }
            ExchangeCommand::Status { json } => {
                let storage = cx.location()?.open()?;
                let links = ops::folder::exchange_status(&storage)?;
                if json {
                    return print_json(&links);
                }
                if links.is_empty() {
                    return print_text("No one is linked to an exchange folder.\n");
                }
                let mut text = String::new();
                for l in links {
                    text.push_str(&format!(
                        "{}: {}{} ({} change file{} there, {} seen), key {}, linked {}\n",
                        l.person,
                        l.folder,
                        if l.reachable { "" } else { " (not found now)" },
                        l.files,
                        plural(l.files),
                        l.seen,
                        l.recipient,
                        l.linked_at
                    ));
                }
                print_text(&text)
            }
            ExchangeCommand::Unlink { name } => {
                let mut storage = cx.location()?.open()?;
                let person = ops::resolve_profile(&storage, Some(&name))?;
                ops::folder::unlink_folder(&mut storage, person.id)?;
                print_text(&format!(
                    "{} is no longer linked to an exchange folder; its files stay where they are.\n",
                    person.name
                ))
            }
        }
    }
}
