//! `bearing history`: past assessments as a table, CSV or JSON.

use clap::{Args, ValueEnum};

use super::output::{print_json, print_text};
use super::{CliResult, Context};
use crate::domain::Assessment;
use crate::ops;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum HistoryFormat {
    Table,
    Csv,
    Json,
}

#[derive(Debug, Args)]
pub struct HistoryArgs {
    #[arg(long, value_enum, default_value_t = HistoryFormat::Table)]
    format: HistoryFormat,
}

impl HistoryArgs {
    pub(super) fn run(self, cx: &Context) -> CliResult {
        let (storage, person) = cx.open_for_profile()?;
        match self.format {
            HistoryFormat::Json => print_json(&ops::history_records(&storage, person.id)?),
            HistoryFormat::Csv => {
                print_text(&ops::history_csv(&ops::history(&storage, person.id)?))
            }
            HistoryFormat::Table => print_text(&history_table(&ops::history(&storage, person.id)?)),
        }
    }
}

fn history_table(history: &[Assessment]) -> String {
    if history.is_empty() {
        return "No assessments yet. Take one in the window, or save one with `bearing assess --answers FILE`.\n"
            .into();
    }
    let mut out = format!(
        "{:<10}  {:<36}  {:>5}  {:>8}\n",
        "Date", "Quadrant", "Focus", "Autonomy"
    );
    for a in history {
        let s = &a.summary;
        let mark = match (s.borderline, s.provisional) {
            (_, true) => "  provisional",
            (true, false) => "  borderline",
            (false, false) => "",
        };
        out.push_str(&format!(
            "{:<10}  {:<36}  {:>5.1}  {:>8.1}{mark}\n",
            s.date,
            s.quadrant.info().name,
            s.focus,
            s.autonomy
        ));
    }
    out
}
