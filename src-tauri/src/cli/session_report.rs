//! `bearing report`: the session report, two pages of PDF for a coaching session or a review file.

use std::path::PathBuf;

use clap::Args;

use super::{CliResult, Context};
use crate::ops::{self, ChartRange, ReportOptions};
use crate::pdf::Paper;

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Output file, ending in .pdf.
    #[arg(long, value_name = "FILE.pdf")]
    out: PathBuf,
    /// Only assessments from this day on.
    #[arg(long, value_name = "YYYY-MM-DD")]
    from: Option<String>,
    /// Only assessments up to this day (the report is about the latest own one by then).
    #[arg(long, value_name = "YYYY-MM-DD")]
    to: Option<String>,
    /// Print the private notes (on assessments and on reviews) too; left out unless asked for.
    #[arg(long)]
    include_notes: bool,
    /// Paper size.
    #[arg(long, value_enum, default_value_t = Paper::A4)]
    paper: Paper,
}

impl ReportArgs {
    pub(super) fn run(self, cx: &Context) -> CliResult {
        // Everything is checked before the database is opened.
        ops::check_pdf_path(&self.out)?;
        ops::check_output_path(&self.out)?;
        let range = ChartRange {
            from: self.from.as_deref().map(ops::parse_date).transpose()?,
            to: self.to.as_deref().map(ops::parse_date).transpose()?,
            until: None,
        };
        range.check()?;
        ops::check_not_database(&self.out, cx.location()?.path())?;
        let (storage, person) = cx.open_for_profile()?;
        let options = ReportOptions {
            range,
            include_notes: self.include_notes,
            paper: self.paper,
        };
        ops::write_session_report(&storage, person.id, options, &self.out)?;
        Ok(())
    }
}
