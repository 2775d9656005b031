//! `bearing history`: past assessments as a table, CSV or JSON.

use clap::{Args, ValueEnum};

use super::output::{print_json, print_text};
use super::{CliResult, Context};
use crate::ops::{self, HistoryEntry};

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
            HistoryFormat::Csv => print_text(&ops::history_csv_of(&storage, person.id)?),
            HistoryFormat::Table => {
                print_text(&history_table(&ops::history_entries(&storage, person.id)?))
            }
        }
    }
}

fn history_table(entries: &[HistoryEntry]) -> String {
    if entries.is_empty() {
        return "No assessments yet. Take one in the window, or save one with `bearing assess --answers FILE`.\n"
            .into();
    }
    let mut out = format!(
        "{:<10}  {:<24}  {:<36}  {:>5}  {:>8}  {}\n",
        "Date", "Who", "Quadrant", "Focus", "Autonomy", "Change"
    );
    for entry in entries {
        match entry {
            HistoryEntry::Assessment(row) => {
                let s = &row.assessment;
                let mark = match (s.borderline, s.provisional) {
                    (_, true) => "  provisional",
                    (true, false) => "  borderline",
                    (false, false) => "",
                };
                let change = row.change.map_or_else(
                    || "first".to_string(),
                    |c| format!("{:+.1} / {:+.1}", c.focus, c.autonomy),
                );
                out.push_str(&format!(
                    "{:<10}  {:<24}  {:<36}  {:>5.1}  {:>8.1}  {change}{mark}\n",
                    s.date,
                    clip(&row.who, 24),
                    s.quadrant.info().name,
                    s.focus,
                    s.autonomy
                ));
            }
            HistoryEntry::Group(group) => match &group.view {
                Some(view) => out.push_str(&format!(
                    "{:<10}  {:<24}  {:<36}  {:>5.1}  {:>8.1}  spread ±{:.1} / ±{:.1}\n",
                    group.to,
                    group.who,
                    view.quadrant_name,
                    view.pooled.focus,
                    view.pooled.autonomy,
                    view.pooled.focus_spread,
                    view.pooled.autonomy_spread
                )),
                None => out.push_str(&format!(
                    "{:<10}  {:<24}  {}\n",
                    group.to,
                    group.who,
                    group.withheld_words()
                )),
            },
        }
    }
    out
}

/// `text` cut to `width` characters, with an ellipsis when cut.
fn clip(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_string();
    }
    let mut cut: String = text.chars().take(width - 1).collect();
    cut.push('…');
    cut
}
