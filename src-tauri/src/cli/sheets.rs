//! `bearing sheet`, `bearing rate` and `bearing import-sheet`: answer sheets for other raters.

use std::path::PathBuf;

use clap::Args;

use super::input::read_answers_document;
use super::output::{print_json, print_text};
use super::{CliError, CliResult, Context};
use crate::domain::Rater;
use crate::ops::{self, When};

#[derive(Debug, Args)]
pub struct SheetArgs {
    /// Who will answer.
    #[arg(long, value_enum)]
    rater: Rater,
    /// The sheet to write (.json).
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
}

impl SheetArgs {
    pub(super) fn run(self, cx: &Context) -> CliResult {
        // Checked before the database is opened (or created).
        ops::sheets::check_sheet_rater(self.rater)?;
        let db = cx.location()?;
        ops::check_json_output(&self.out, Some(db.path()))?;
        let (_, person) = cx.open_for_profile()?;
        ops::write_sheet(
            &person,
            self.rater,
            &self.out,
            Some(db.path()),
            chrono::Utc::now(),
        )?;
        print_text(&format!(
            "Wrote a sheet about `{}` for their {} to {}.\n",
            person.name,
            self.rater.slug(),
            self.out.display()
        ))
    }
}

#[derive(Debug, Args)]
pub struct RateArgs {
    /// The sheet you received.
    #[arg(value_name = "SHEET")]
    sheet: PathBuf,
    /// Your answers about them (JSON, like `bearing assess --answers`), or - for standard input.
    #[arg(long, value_name = "FILE")]
    answers: String,
    /// The day your answers describe (default: today; not in the future).
    #[arg(long, value_name = "YYYY-MM-DD")]
    date: Option<String>,
    /// Where to write the filled sheet (.json), to send back.
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
    /// Your name, as the leader knows you (a coach or manager; peers and direct reports answer
    /// anonymously and give none).
    #[arg(long, value_name = "NAME")]
    name: Option<String>,
}

impl RateArgs {
    pub(super) fn run(self) -> CliResult {
        let date = self.date.as_deref().map(ops::parse_date).transpose()?;
        let blank = ops::read_sheet_file(&self.sheet)?;
        let document = read_answers_document(&self.answers)?;
        let by = ops::FilledBy {
            when: When::now(date),
            name: self.name.as_deref(),
        };
        let filled = ops::fill_sheet_from_document(blank, document, by, &self.out)?;
        print_text(&format!(
            "Filled in the sheet about `{}`; send {} back to them.\n",
            filled.profile,
            self.out.display()
        ))
    }
}

#[derive(Debug, Args)]
pub struct ImportSheetArgs {
    /// The filled sheet.
    #[arg(value_name = "SHEET")]
    sheet: PathBuf,
}

impl ImportSheetArgs {
    pub(super) fn run(self, cx: &Context) -> CliResult {
        let filled = ops::read_filled_sheet(&self.sheet)?;
        let location = cx.location()?;
        if !location.exists() {
            return Err(CliError::NoDataForSheet {
                person: filled.profile,
                db: location.path().to_path_buf(),
            });
        }
        let mut storage = location.open()?;
        let saved = ops::import_sheet(&mut storage, &filled, ops::today())?;
        print_json(&ops::imported_sheet(&storage, &saved)?)
    }
}
