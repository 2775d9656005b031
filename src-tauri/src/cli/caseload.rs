//! `bearing caseload`: every active person at a glance, as a table or JSON, and the caseload map
//! as an SVG or PNG file.

use std::path::PathBuf;

use clap::Args;

use super::output::{print_json, print_text};
use super::{CliResult, Context};
use crate::chart::{ChartKind, ChartOptions, Theme};
use crate::domain::measurement::ChangeVerdict;
use crate::ops::{self, Caseload, CaseloadRow, Due, OneToOneGap};

#[derive(Debug, Args)]
pub struct CaseloadArgs {
    /// As JSON.
    #[arg(long)]
    json: bool,
    /// Initials instead of names, in the table, the JSON and the map: safe to show to others.
    #[arg(long)]
    initials: bool,
    /// Also draw the caseload map to this file; its extension (.svg or .png) picks the format.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// Dark colours for the map, for dark slides.
    #[arg(long, requires = "out")]
    dark: bool,
}

impl CaseloadArgs {
    pub(super) fn run(self, cx: &Context) -> CliResult {
        // The map's file is checked before the database is opened.
        let chart = match &self.out {
            Some(out) => {
                let format = ops::format_for_path(out)?;
                ops::check_output_path(out)?;
                ops::check_not_database(out, cx.location()?.path())?;
                Some((out, format))
            }
            None => None,
        };
        let storage = cx.location()?.open()?;
        let mut caseload = ops::caseload(&storage, ops::today())?;
        if self.initials {
            caseload = caseload.with_initials();
        }
        if let Some((out, format)) = chart {
            // The map of one person's trail has the proportions a caseload needs too.
            let options = ChartOptions {
                theme: if self.dark { Theme::Dark } else { Theme::Light },
                ..ChartOptions::for_kind(ChartKind::Map)
            };
            let (rendered, _alt) = ops::caseload_chart(&caseload, &options, format)?;
            ops::write_file_atomically(out, &rendered.into_bytes())?;
        }
        if self.json {
            return print_json(&caseload);
        }
        print_text(&caseload_table(&caseload))
    }
}

fn caseload_table(caseload: &Caseload) -> String {
    if caseload.people.is_empty() {
        return "Nobody yet. Add a person with `bearing profile add NAME`.\n".into();
    }
    let rows: Vec<[String; 6]> = caseload.people.iter().map(row_cells).collect();
    let header = [
        "Name",
        "Quadrant",
        "Last assessed",
        "Due",
        "Open commitments",
        "Latest coach/manager gap",
    ]
    .map(String::from);
    let mut widths = header.clone().map(|h| h.chars().count());
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    for row in std::iter::once(&header).chain(&rows) {
        let mut line = String::new();
        for (i, (cell, w)) in row.iter().zip(widths).enumerate() {
            if i > 0 {
                line.push_str("  ");
            }
            let pad = w - cell.chars().count();
            if i == 4 {
                line.push_str(&" ".repeat(pad));
                line.push_str(cell);
            } else {
                line.push_str(cell);
                line.push_str(&" ".repeat(pad));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

fn row_cells(row: &CaseloadRow) -> [String; 6] {
    let quadrant = match (&row.latest, &row.change) {
        (None, _) => "-".to_string(),
        (Some(l), None) => l.quadrant_name.to_string(),
        (Some(l), Some(c)) if c.within_noise => format!("{} (no reliable move)", l.quadrant_name),
        (Some(l), Some(_)) => format!("{} (moved reliably)", l.quadrant_name),
    };
    let due = match (row.due, row.next_due) {
        (Due::Never, _) => "never assessed".to_string(),
        (Due::Due, _) => "due today".to_string(),
        (Due::Overdue, Some(next)) => format!("overdue since {next}"),
        (Due::Ok, Some(next)) => format!("next {next}"),
        (Due::Overdue | Due::Ok, None) => "-".to_string(),
    };
    [
        row.name.clone(),
        quadrant,
        row.last_assessed
            .map_or_else(|| "-".into(), |d| d.to_string()),
        due,
        row.open_commitments.to_string(),
        row.latest_gap.as_ref().map_or_else(|| "-".into(), gap_text),
    ]
}

/// "Coach 2026-03-01: focus +8.2 (reliable), autonomy -5.0 (within noise)".
fn gap_text(gap: &OneToOneGap) -> String {
    let verdict = |v: ChangeVerdict| match v {
        ChangeVerdict::Reliable => "reliable",
        ChangeVerdict::Possible => "possible",
        ChangeVerdict::WithinNoise => "within noise",
    };
    format!(
        "{} {}: focus {:+.1} ({}), autonomy {:+.1} ({})",
        gap.rater.words().name,
        gap.date,
        gap.focus,
        verdict(gap.focus_verdict),
        gap.autonomy,
        verdict(gap.autonomy_verdict)
    )
}
