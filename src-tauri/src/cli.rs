//! The command line: the same operations as the window, for the terminal and for scripts.
//!
//! Exit status: 0 on success, 2 for usage errors (from clap), 1 for every other error, reported as
//! one line on stderr starting with `error:`.

use std::io::{self, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use serde::Serialize;

use crate::chart::{ChartOptions, Theme};
use crate::domain::{questionnaire, AnswerSheet, Assessment};
use crate::ops::{self, DbLocation, OpsError, When};

#[derive(Debug, Parser)]
#[command(
    name = "bearing",
    version,
    about = "Find where you stand on the focus / autonomy quadrant, and watch it move."
)]
pub struct Cli {
    /// Database file to use instead of the default one in the app data folder.
    #[arg(long, global = true, env = "BEARING_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,

    /// What to do; without a command, Bearing opens its window.
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print the current questionnaire.
    Questionnaire {
        /// As JSON: version, scale and statements with their loadings.
        #[arg(long)]
        json: bool,
    },
    /// Score an answers file without saving it; prints the result as JSON.
    Score {
        /// Answers file (JSON), or - for standard input.
        #[arg(long, value_name = "FILE")]
        answers: String,
    },
    /// Score and save an answers file; prints the saved assessment as JSON.
    Assess {
        /// Answers file (JSON), or - for standard input.
        #[arg(long, value_name = "FILE")]
        answers: String,
        /// The day the assessment describes (default: today; not in the future).
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<String>,
    },
    /// Print past assessments, oldest first.
    History {
        #[arg(long, value_enum, default_value_t = HistoryFormat::Table)]
        format: HistoryFormat,
    },
    /// Draw the quadrant map of your history to an SVG or PNG file.
    Chart {
        /// Output file; its extension (.svg or .png) picks the format.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// Width in pixels.
        #[arg(long, value_name = "PX", default_value_t = 1200)]
        width: u32,
        /// Height in pixels.
        #[arg(long, value_name = "PX", default_value_t = 1000)]
        height: u32,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum HistoryFormat {
    Table,
    Csv,
    Json,
}

/// Runs a CLI command and reports its outcome as an exit status.
pub fn run(db: Option<PathBuf>, command: Command) -> ExitCode {
    match execute(db, command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // One line, whatever the message contains.
            let message = e.to_string().replace('\n', " ");
            let _ = writeln!(io::stderr(), "error: {message}");
            ExitCode::from(1)
        }
    }
}

fn location(db: Option<PathBuf>) -> Result<DbLocation, OpsError> {
    match db {
        Some(path) if path.as_os_str().is_empty() => Err(OpsError::Input(
            "--db (or BEARING_DB) is empty; give a file path".into(),
        )),
        Some(path) => Ok(DbLocation::Chosen(path)),
        None => DbLocation::default_location(),
    }
}

fn execute(db: Option<PathBuf>, command: Command) -> Result<(), OpsError> {
    match command {
        Command::Questionnaire { json } => {
            let q = questionnaire::current();
            if json {
                print_json(q)
            } else {
                let mut out = format!("Bearing questionnaire {}\n", q.version);
                let labels: Vec<String> = q
                    .scale
                    .labels
                    .iter()
                    .enumerate()
                    .map(|(i, l)| format!("{} = {l}", i + 1))
                    .collect();
                out.push_str(&format!("Answer each statement: {}\n\n", labels.join(", ")));
                for (n, item) in q.items.iter().enumerate() {
                    out.push_str(&format!(
                        "{:>2}. {}\n    id: {}\n",
                        n + 1,
                        item.text,
                        item.id
                    ));
                }
                print_text(&out)
            }
        }
        Command::Score { answers } => {
            let sheet = read_sheet(&answers)?;
            print_json(&ops::score_report(&sheet))
        }
        Command::Assess { answers, date } => {
            let date = date.as_deref().map(ops::parse_date).transpose()?;
            let when = When::now(date);
            ops::check_date(when)?;
            let sheet = read_sheet(&answers)?;
            let mut storage = location(db)?.open()?;
            // Once saved, the assessment stays saved even if printing it fails.
            let saved = ops::assess(&mut storage, &sheet, when)?;
            print_json(&ops::assessment_report(&storage, saved.summary.id)?)
        }
        Command::History { format } => {
            let storage = location(db)?.open()?;
            let history = ops::history(&storage)?;
            match format {
                HistoryFormat::Json => print_json(&history),
                HistoryFormat::Csv => print_text(&history_csv(&history)),
                HistoryFormat::Table => print_text(&history_table(&history)),
            }
        }
        Command::Chart { out, width, height } => {
            let format = ops::format_for_path(&out)?;
            ops::check_output_path(&out)?;
            let options = ChartOptions {
                width,
                height,
                theme: Theme::Light,
            };
            options.validate()?;
            let storage = location(db)?.open()?;
            let chart = ops::history_map(&storage, None, &options, format)?;
            ops::write_file_atomically(&out, &chart.into_bytes())
        }
    }
}

/// Reads and validates an answer sheet from a file, or standard input for `-`.
fn read_sheet(source: &str) -> Result<AnswerSheet, OpsError> {
    let (name, text) = if source == "-" {
        let mut text = String::new();
        io::stdin().read_to_string(&mut text).map_err(|e| {
            OpsError::Input(format!("standard input: cannot read the answers ({e})"))
        })?;
        ("standard input".to_string(), text)
    } else {
        let text = std::fs::read_to_string(source).map_err(|e| OpsError::File {
            path: PathBuf::from(source),
            detail: format!("cannot read the answers file ({e})"),
        })?;
        (source.to_string(), text)
    };
    AnswerSheet::from_json(&text).map_err(|e| OpsError::from(e).in_file(&name))
}

fn print_json<T: Serialize + ?Sized>(value: &T) -> Result<(), OpsError> {
    let text = serde_json::to_string_pretty(value)
        .map_err(|e| OpsError::Input(format!("cannot format the result as JSON: {e}")))?;
    print_text(&format!("{text}\n"))
}

fn print_text(text: &str) -> Result<(), OpsError> {
    let mut out = io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(|e| OpsError::Input(format!("cannot write to standard output: {e}")))
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
        let mark = if s.borderline { "  borderline" } else { "" };
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

fn history_csv(history: &[Assessment]) -> String {
    let mut out = String::from("id,date,rater,questionnaire,quadrant,focus,autonomy,borderline\n");
    for a in history {
        let s = &a.summary;
        let fields = [
            s.id.to_string(),
            s.date.to_string(),
            s.rater.slug().to_string(),
            s.questionnaire.clone(),
            s.quadrant.slug().to_string(),
            format!("{:.1}", s.focus),
            format!("{:.1}", s.autonomy),
            s.borderline.to_string(),
        ];
        let row: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        out.push_str(&row.join(","));
        out.push('\n');
    }
    out
}

/// Quotes a CSV field when it needs it (RFC 4180).
fn csv_field(field: &str) -> String {
    if field.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_only_when_needed() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
    }

    #[test]
    fn cli_definition_is_consistent() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
