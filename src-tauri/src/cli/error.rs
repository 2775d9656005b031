//! The command line's errors: the operation layer's, with advice for the terminal added, and the
//! few that only the command line has (standard input, standard output, the display).

use std::io;
use std::path::PathBuf;

use crate::chart::ChartError;
use crate::domain::{AnswersError, CommitmentError};
use crate::ops::OpsError;
use crate::storage::StorageError;

#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error(transparent)]
    Ops(#[from] OpsError),
    #[error("--answers and --reviews cannot both be read from standard input; give one as a file")]
    BothFromStdin,
    #[error("name one to three growth actions to commit to (see `bearing actions`), or pass --clear to drop them")]
    NoActions,
    #[error("there is no profile named `{name}`: {} has no data yet", .db.display())]
    NoDataForProfile { name: String, db: PathBuf },
    #[error("the sheet is about `{person}`, but {} has no data yet; import it where it was written", .db.display())]
    NoDataForSheet { person: String, db: PathBuf },
    #[error("{name}: is larger than 4 MiB, far too large for {what}; check the file name")]
    InputTooLarge { name: String, what: &'static str },
    #[error("standard input: cannot read {what} ({source})")]
    Stdin {
        what: &'static str,
        source: io::Error,
    },
    #[error("{name}: the reviews are not valid JSON ({source}); expected {{\"<action id>\": {{\"status\": \"done\"}}}}")]
    ReviewsJson {
        name: String,
        source: serde_json::Error,
    },
    #[error("cannot write to standard output: {0}")]
    Output(io::Error),
    #[error("no display to open the window on (DISPLAY and WAYLAND_DISPLAY are unset); run Bearing in a desktop session, or use a command such as `bearing history`")]
    NoDisplay,
    #[error("the window could not be opened: {0}")]
    Window(tauri::Error),
    #[error(
        "the reminder could not be shown: {0}; is a desktop session with notifications running?"
    )]
    Notification(String),
}

impl From<serde_json::Error> for CliError {
    fn from(e: serde_json::Error) -> Self {
        CliError::Ops(OpsError::Json(e))
    }
}

impl CliError {
    /// The message with the terminal's advice: which flag or command fixes it.
    pub fn with_advice(&self) -> String {
        let message = self.to_string();
        let CliError::Ops(e) = self else {
            return message;
        };
        // Said in the terminal's own words: the flags are what the user typed.
        match e {
            OpsError::PeriodReversed { from, to } => {
                return format!(
                    "--from {from} is after --to {to}; the period must start before it ends"
                );
            }
            OpsError::Chart(ChartError::OutOfRange {
                option,
                value,
                min,
                max,
                unit,
            }) => {
                return format!(
                    "--{option} {value} is out of range: it must be {min} to {max}{unit}"
                );
            }
            OpsError::Chart(ChartError::TooLarge {
                option,
                value,
                scale,
                pixels,
            }) => {
                return format!(
                    "--{option} {value} at --scale {scale} makes {pixels} pixels: --{option} × --scale must be at most {}; lower --scale or --{option}",
                    crate::chart::MAX_OUTPUT_SIDE
                );
            }
            _ => {}
        }
        match advice(e) {
            Some(advice) => format!("{message}{advice}"),
            None => message,
        }
    }
}

/// What to add for the terminal, after the operation layer's own message.
fn advice(e: &OpsError) -> Option<String> {
    let text = match e {
        OpsError::NoProfileNamed { .. } => " (add one with `bearing profile add NAME`)".into(),
        OpsError::AllArchived => "; unarchive one with `bearing profile unarchive NAME` or add one with `bearing profile add NAME`".into(),
        OpsError::NoDataFolder => "; pass --db PATH".into(),
        OpsError::EmptyDbPath => " (--db or BEARING_DB is empty)".into(),
        OpsError::SheetForLeader => " (--rater coach|manager|peer)".into(),
        OpsError::ReviewsFromRater { .. } => " (--reviews goes with --rater self)".into(),
        OpsError::ChartFormat(_) | OpsError::ReportFormat(_) => " (--out)".into(),
        OpsError::NothingToReport { .. } => {
            " (widen --from/--to, or save one with `bearing assess`)".into()
        }
        OpsError::NoVerifiedBackup { .. } => "; name a backup file to restore".into(),
        OpsError::ImportNeedsChoice { same_name, .. } => {
            format!(" (import it again with --as \"{same_name}\" or another name, or with --as-new)")
        }
        OpsError::ImportAlreadyKnown { .. } => " (leave out --as and --as-new)".into(),
        OpsError::BadRecipient { .. } => {
            " (--recipient; `bearing exchange key` prints a Bearing's key)".into()
        }
        OpsError::NotForThisBearing { .. } => {
            "; `bearing exchange key` prints this Bearing's key to send them".into()
        }
        OpsError::ImportChoiceForMany { .. } => {
            " (`bearing --profile NAME export` writes one person's history)".into()
        }
        OpsError::Answers(AnswersError::UnknownItem { .. })
        | OpsError::AnswersIn {
            source: AnswersError::UnknownItem { .. },
            ..
        } => " (`bearing questionnaire --json` lists them)".into(),
        OpsError::Commitment(CommitmentError::UnknownAction(_)) => {
            " (`bearing actions` lists their ids)".into()
        }
        OpsError::Commitment(CommitmentError::Unreviewed { missing }) => {
            let first = missing.first().map_or("action-id", String::as_str);
            format!("; pass --reviews FILE holding {{\"{first}\": {{\"status\": \"done\", \"note\": \"optional\"}}, ...}}")
        }
        OpsError::Storage(
            StorageError::IsFolder { .. }
            | StorageError::NoFolder { .. }
            | StorageError::NotADatabase { .. }
            | StorageError::ForeignDatabase { .. },
        ) => " with --db".into(),
        OpsError::Storage(StorageError::ReadOnly { .. }) => " with --db".into(),
        OpsError::Storage(StorageError::Damaged {
            backup: Some(_), ..
        }) => " Restore it with `bearing restore`.".into(),
        _ => return None,
    };
    Some(text)
}
