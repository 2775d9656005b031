//! The command line: the same operations as the window, for the terminal and for scripts. One
//! `Args` struct per subcommand, each with its own `run()`, in the file named like the capability
//! in `ops/`; this file parses, dispatches and reports.
//!
//! Exit status: 0 on success, 2 for usage errors (from clap), 1 for every other error, reported as
//! one line on stderr starting with `error:`, with terminal advice (which flag to pass) added here.

mod assess;
mod backups;
mod calendar;
mod caseload;
mod charts;
mod commitments;
mod error;
mod exchange;
mod history;
mod input;
mod measure;
mod nudge;
mod output;
mod perceptions;
mod profiles;
mod questionnaire;
mod session_report;
mod share;
mod sheets;

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::ops::{self, DbLocation, OpsError};
use crate::storage::{Profile, Storage};

pub use error::CliError;

type CliResult = Result<(), CliError>;

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

    /// The person the command is about (default: the first profile that is not archived).
    #[arg(long, global = true, env = "BEARING_PROFILE", value_name = "NAME")]
    pub profile: Option<String>,

    /// What to do; without a command, Bearing opens its window.
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print the current questionnaire.
    Questionnaire(questionnaire::QuestionnaireArgs),
    /// Score an answers file without saving it; prints the result as JSON.
    Score(assess::ScoreArgs),
    /// Score and save an answers file; prints the saved assessment as JSON.
    Assess(assess::AssessArgs),
    /// Write an answer sheet about a person for their coach, manager or a peer to fill in with
    /// their own Bearing (`bearing rate`) and send back (`bearing import-sheet`).
    Sheet(sheets::SheetArgs),
    /// Fill in an answer sheet someone sent you; needs no profile or database of your own.
    Rate(sheets::RateArgs),
    /// Add a filled answer sheet to the person it is about.
    ImportSheet(sheets::ImportSheetArgs),
    /// Manage the people Bearing tracks.
    Profile(profiles::ProfileArgs),
    /// Commit to one to three growth actions for the month after your latest assessment.
    Commit(commitments::CommitArgs),
    /// Print the open commitments: what the next assessment asks about first.
    Commitments(commitments::CommitmentsArgs),
    /// Make a verified copy of the database (checked with SQLite's integrity check before it is
    /// kept), in the backups folder beside it or to a file of your choice.
    Backup(backups::BackupArgs),
    /// Put a backup back in place of the current history. The backup is checked first, and the
    /// current history is itself backed up, so a restore can be undone.
    Restore(backups::RestoreArgs),
    /// Write the whole history as portable JSON (see docs/export-format.md).
    Export(exchange::ExportArgs),
    /// Bring in a file made by `bearing export` (on this or another computer), merging it into this
    /// database. The whole file is checked before anything is written; what is already here is
    /// skipped. A person is found by their id or an earlier --as, never by name: one whose name
    /// someone here has needs --as NAME or --as-new.
    Import(exchange::ImportArgs),
    /// Write one person's history for one other Bearing, encrypted to its key so that only it can
    /// read the file: the leader's own, coaches' and managers' assessments (never a single peer's
    /// or direct report's), private notes only with --include-notes. `bearing import` reads it.
    Share(share::ShareArgs),
    /// This Bearing's key for encrypted files from other Bearings, and exchange folders.
    Exchange(share::ExchangeArgs),
    /// Print every growth action Bearing knows, with its id.
    Actions(questionnaire::ActionsArgs),
    /// Print past assessments, oldest first.
    History(history::HistoryArgs),
    /// Draw the quadrant map of your history to an SVG or PNG file.
    Chart(charts::ChartArgs),
    /// Everybody not archived at a glance: quadrant, last assessment, whether the next is due,
    /// open commitments and the latest gap with a coach's or manager's view; optionally the
    /// caseload map as a file.
    Caseload(caseload::CaseloadArgs),
    /// How reliable the questionnaire has proved in this database: the standard error in use per
    /// axis and where it comes from, and, with enough independent sheets, alpha and each
    /// statement's item-total correlation.
    Reliability(measure::ReliabilityArgs),
    /// Confirm that flagged answers are right, so the assessment stops being provisional.
    Confirm(measure::ConfirmArgs),
    /// How others see the person: the gaps with their coach's and manager's views, and the
    /// pooled views of their peers and direct reports (shown once at least three answered).
    Perceptions(perceptions::PerceptionsArgs),
    /// The session report: two pages of PDF with the progress card, where the person stands and
    /// how sure that is, what moved, the commitments, how others see it and what to work on.
    /// Private notes only with --include-notes.
    Report(session_report::ReportArgs),
    /// The reminder as a calendar file (.ics): one all-day event repeating at the person's rhythm
    /// from their next due day, with a link that opens their questionnaire in Bearing.
    Calendar(calendar::CalendarArgs),
    /// Check quietly whether anyone's assessment is due and, if so, show one desktop
    /// notification (what the nudge runs at login; turn it on in the window's About).
    Nudge(nudge::NudgeArgs),
}

/// What every subcommand may need: the database and the person named on the command line.
#[derive(Debug)]
pub(crate) struct Context {
    db: Option<PathBuf>,
    profile: Option<String>,
}

impl Context {
    /// Where the database is (a named file, or the default one).
    fn location(&self) -> Result<DbLocation, OpsError> {
        DbLocation::chosen_or_default(self.db.clone())
    }

    /// The person named with `--profile`, if one was.
    fn profile_name(&self) -> Option<&str> {
        self.profile.as_deref()
    }

    /// Opens the database and finds the profile the command is about. A named profile on a
    /// database that does not exist yet is refused without creating the file.
    fn open_for_profile(&self) -> Result<(Storage, Profile), CliError> {
        let location = self.location()?;
        if let (Some(name), false) = (self.profile_name(), location.exists()) {
            return Err(CliError::NoDataForProfile {
                name: name.trim().into(),
                db: location.path().to_path_buf(),
            });
        }
        let storage = location.open()?;
        let found = ops::resolve_profile(&storage, self.profile_name())?;
        Ok((storage, found))
    }
}

/// Runs a CLI command and reports its outcome as an exit status.
pub fn run(db: Option<PathBuf>, profile: Option<String>, command: Command) -> ExitCode {
    let context = Context { db, profile };
    report(execute(&context, command))
}

fn execute(cx: &Context, command: Command) -> CliResult {
    match command {
        Command::Questionnaire(args) => args.run(),
        Command::Score(args) => args.run(),
        Command::Assess(args) => args.run(cx),
        Command::Sheet(args) => args.run(cx),
        Command::Rate(args) => args.run(),
        Command::ImportSheet(args) => args.run(cx),
        Command::Profile(args) => args.run(cx),
        Command::Commit(args) => args.run(cx),
        Command::Commitments(args) => args.run(cx),
        Command::Backup(args) => args.run(cx),
        Command::Restore(args) => args.run(cx),
        Command::Export(args) => args.run(cx),
        Command::Import(args) => args.run(cx),
        Command::Share(args) => args.run(cx),
        Command::Exchange(args) => args.run(cx),
        Command::Actions(args) => args.run(),
        Command::History(args) => args.run(cx),
        Command::Chart(args) => args.run(cx),
        Command::Caseload(args) => args.run(cx),
        Command::Reliability(args) => args.run(cx),
        Command::Confirm(args) => args.run(cx),
        Command::Perceptions(args) => args.run(cx),
        Command::Report(args) => args.run(cx),
        Command::Calendar(args) => args.run(cx),
        Command::Nudge(args) => args.run(cx),
    }
}

/// Opens the window on the database named (or the default one). Refused in one line when there
/// is no display, where GTK would abort.
pub fn open_window(db: Option<PathBuf>, link: Option<String>) -> ExitCode {
    let has = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty());
    if cfg!(target_os = "linux") && !has("DISPLAY") && !has("WAYLAND_DISPLAY") {
        return report(Err(CliError::NoDisplay));
    }
    let result = DbLocation::chosen_or_default(db)
        .map_err(CliError::from)
        .and_then(|location| crate::run_window(location, link).map_err(CliError::Window));
    report(result)
}

/// The exit status for `result`, with the error reported on one line.
fn report(result: CliResult) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // One line, whatever the message contains.
            let message = e.with_advice().replace('\n', " ");
            let _ = writeln!(io::stderr(), "error: {message}");
            ExitCode::from(1)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cli_definition_is_consistent() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
