//! `bearing share` (one person's history, encrypted for one other Bearing) and `bearing exchange
//! key` (this Bearing's own key, which the other side shares to).

use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::output::{plural, print_text};
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
}

impl ExchangeArgs {
    pub(super) fn run(self, cx: &Context) -> CliResult {
        match self.command {
            ExchangeCommand::Key => {
                let mut storage = cx.location()?.open()?;
                let key = ops::exchange_key(&mut storage, chrono::Utc::now())?;
                print_text(&format!("{key}\n"))
            }
        }
    }
}
