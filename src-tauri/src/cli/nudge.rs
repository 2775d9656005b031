//! `bearing nudge`: what the login entry runs when the nudge is on. It checks quietly whether
//! anyone's assessment is due and, if so, shows one desktop notification; otherwise it exits
//! without a word or a window.

use std::io::{self, Write};

use clap::Args;

use super::{CliError, CliResult, Context};
use crate::ops;

#[derive(Debug, Args)]
pub struct NudgeArgs {
    /// Print who is due (one line each) instead of showing the notification.
    #[arg(long)]
    print: bool,
}

impl NudgeArgs {
    pub(super) fn run(self, cx: &Context) -> CliResult {
        let location = cx.location()?;
        // A Bearing never opened on this computer has nobody to remind; its file is not created.
        if !location.exists() {
            return Ok(());
        }
        let storage = location.open()?;
        let due = ops::due_people(&storage, ops::today())?;
        drop(storage);
        if self.print {
            let mut out = io::stdout().lock();
            for person in &due {
                writeln!(out, "{}\t{} days overdue", person.name, person.days_overdue)
                    .map_err(CliError::Output)?;
            }
            return Ok(());
        }
        match ops::nudge(&due) {
            Some(nudge) => {
                crate::reminders::show_nudge(nudge, &location).map_err(CliError::Notification)
            }
            None => Ok(()),
        }
    }
}
