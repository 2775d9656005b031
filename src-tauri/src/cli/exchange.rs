//! `bearing export` and `bearing import`: the whole history as portable JSON.

use std::path::PathBuf;

use clap::Args;

use super::output::{plural, print_text};
use super::{CliResult, Context};
use crate::ops;

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Output file, ending in .json.
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
    /// Include the private notes (on statements, assessments and reviews).
    #[arg(long)]
    include_notes: bool,
}

impl ExportArgs {
    pub(super) fn run(self, cx: &Context) -> CliResult {
        ops::check_json_output(&self.out, None)?;
        let (storage, person) = cx.open_for_profile()?;
        // All profiles, unless one was named.
        let only = cx.profile_name().map(|_| person.name.as_str());
        let doc = ops::export_to_file(
            &storage,
            only,
            &self.out,
            self.include_notes,
            chrono::Utc::now(),
        )?;
        print_text(&format!(
            "Exported {} assessment{} of {} profile{} to {}{}.\n",
            doc.assessment_count(),
            plural(doc.assessment_count()),
            doc.profiles.len(),
            plural(doc.profiles.len()),
            self.out.display(),
            if self.include_notes {
                ", with notes"
            } else {
                ", without notes"
            }
        ))
    }
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The export file (JSON).
    #[arg(value_name = "FILE")]
    file: PathBuf,
}

impl ImportArgs {
    pub(super) fn run(self, cx: &Context) -> CliResult {
        let doc = ops::read_export_file(&self.file)?;
        let mut storage = cx.location()?.open()?;
        let outcome = ops::import_document(&mut storage, &doc)?;
        let mut text = format!(
            "Imported {} assessment{}",
            outcome.assessments_added,
            plural(outcome.assessments_added)
        );
        if outcome.assessments_skipped > 0 {
            text.push_str(&format!(
                "; {} already here, skipped",
                outcome.assessments_skipped
            ));
        }
        if outcome.profiles_added > 0 {
            text.push_str(&format!(
                "; {} new profile{}",
                outcome.profiles_added,
                plural(outcome.profiles_added)
            ));
        }
        print_text(&format!("{text}.\n"))
    }
}
