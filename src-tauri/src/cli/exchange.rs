//! `bearing export` and `bearing import`: the whole history as portable JSON.

use std::path::PathBuf;

use clap::Args;

use super::output::{plural, print_text};
use super::{CliResult, Context};
use crate::ops::{self, ImportTarget, Where};

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
    /// The export (JSON) or share file (.age).
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// Put the file's person into this person here, and remember it for the next file from them.
    #[arg(long = "as", value_name = "NAME", conflicts_with = "as_new")]
    as_name: Option<String>,
    /// Make the file's person a new person here.
    #[arg(long)]
    as_new: bool,
}

impl ImportArgs {
    pub(super) fn run(self, cx: &Context) -> CliResult {
        // A plain export is checked before the database is opened; a share file needs its key.
        let file = ops::read_history_file(&self.file)?;
        let mut storage = cx.location()?.open()?;
        let doc = ops::open_history_file(&storage, file)?;
        let target = match (&self.as_name, self.as_new) {
            (Some(name), _) => Some(ImportTarget::Into {
                profile_id: ops::resolve_profile(&storage, Some(name))?.id,
            }),
            (None, true) => Some(ImportTarget::New),
            (None, false) => None,
        };
        let (preview, outcome) = ops::import_document(&mut storage, &doc, target)?;
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
        text.push_str(".\n");
        for person in &preview.people {
            text.push_str(&format!(
                "  `{}` from the file: {}\n",
                person.name,
                where_words(&person.destination)
            ));
        }
        print_text(&text)
    }
}

/// Where a person of the file went, in words.
fn where_words(destination: &Where) -> String {
    match destination {
        Where::Same(p) => format!("`{}`, the same person", p.name),
        Where::Linked(p) => format!("`{}`, linked before", p.name),
        Where::Chosen(p) => format!("`{}`, remembered for the next file", p.name),
        Where::New { name, .. } => format!("`{name}`, a new person"),
        // An import is refused while someone needs a choice.
        Where::Ask { same_name } => format!("not imported: is it `{}`?", same_name.name),
    }
}
