//! `bearing calendar`: the reminder as a calendar file, one recurring event at the person's rhythm.

use std::path::PathBuf;

use clap::Args;

use super::{CliResult, Context};
use crate::ops;

#[derive(Debug, Args)]
pub struct CalendarArgs {
    /// Output file, ending in .ics.
    #[arg(long, value_name = "FILE.ics")]
    out: PathBuf,
}

impl CalendarArgs {
    pub(super) fn run(self, cx: &Context) -> CliResult {
        // Everything is checked before the database is opened.
        ops::check_ics_path(&self.out)?;
        ops::check_output_path(&self.out)?;
        ops::check_not_database(&self.out, cx.location()?.path())?;
        let (storage, person) = cx.open_for_profile()?;
        ops::write_calendar(&storage, person.id, ops::today(), &self.out)?;
        Ok(())
    }
}
