//! What an operation can fail with. Messages are for the user and name the fix in plain words; they
//! never name an interface's controls (a command-line flag, a button): each edge adds its own advice,
//! keyed on [`OpsError::code`] or on the variant.

use std::path::PathBuf;

use chrono::NaiveDate;

use super::profiles::UNNAMED;
use crate::chart::ChartError;
use crate::domain::draft::DraftError;
use crate::domain::export::ImportError;
use crate::domain::measurement::MeasurementError;
use crate::domain::sheet::SheetError;
use crate::domain::{AnswersError, CommitmentError, Rater};
use crate::storage::StorageError;

/// Any error an operation can report.
#[derive(Debug, thiserror::Error)]
pub enum OpsError {
    #[error(transparent)]
    Answers(#[from] AnswersError),
    /// An answers file the user named, with the fault inside it.
    #[error("{name}: {source}")]
    AnswersIn { name: String, source: AnswersError },
    #[error(transparent)]
    Storage(#[from] StorageError),
    #[error(transparent)]
    Chart(#[from] ChartError),
    #[error(transparent)]
    Commitment(#[from] CommitmentError),
    #[error(transparent)]
    Draft(#[from] DraftError),
    #[error(transparent)]
    Sheet(#[from] SheetError),
    #[error(transparent)]
    Import(#[from] ImportError),
    #[error(transparent)]
    Measurement(#[from] MeasurementError),
    /// A file that could not be read or written, or is the wrong kind of file.
    #[error("{}: {detail}", .path.display())]
    File { path: PathBuf, detail: String },
    #[error("{}: is larger than {mib} MiB; that is not {expected}", .path.display())]
    TooLarge {
        path: PathBuf,
        mib: u64,
        expected: String,
    },
    #[error("{}: {source}", .path.display())]
    SheetFile { path: PathBuf, source: SheetError },
    #[error("{}: {source}", .path.display())]
    ImportFile { path: PathBuf, source: ImportError },

    #[error("there is no profile named `{name}`; the profiles are {}", known_list(.known))]
    NoProfileNamed { name: String, known: Vec<String> },
    #[error("there is no profile with id {0}")]
    NoProfileId(i64),
    #[error("every profile is archived")]
    AllArchived,
    #[error("`{name}` is archived; {what}")]
    Archived { name: String, what: &'static str },
    #[error("`{name}` is the only active profile; add another before archiving it")]
    OnlyActiveProfile { name: String },
    #[error("a profile name must be 1 to {max} characters; this one has {chars}")]
    ProfileNameLength { chars: usize, max: usize },
    #[error("a profile name cannot contain line breaks, tabs or other control characters")]
    ProfileNameControl,
    #[error("a rhythm of {days} days is out of range; choose {min} to {max} days (30 is monthly)")]
    Cadence { days: i64, min: i64, max: i64 },

    #[error("there is no assessment with id {0}")]
    NoAssessment(i64),
    #[error(
        "there is no assessment yet; commitments follow a result, so take an assessment first"
    )]
    NoAssessmentYet,
    #[error("assessment {id} is not the latest ({latest} is); commitments are made for the month after the latest assessment")]
    NotLatest { id: i64, latest: i64 },
    #[error("reviews of commitments come with the leader's own assessment, not with a {}'s; leave them out", .rater.slug())]
    ReviewsFromRater { rater: Rater },
    #[error("assessment {id} uses questionnaire `{version}`, which this Bearing does not know; update Bearing")]
    UnknownQuestionnaire { id: i64, version: String },
    #[error("questionnaire `{version}` is unknown; this Bearing knows {}", crate::domain::questionnaire::known_versions().join(", "))]
    UnknownVersion { version: String },
    #[error("there is nothing to undo: the history changed since the deletion")]
    NothingToUndo,

    #[error("date `{0}` is not a valid date; use YYYY-MM-DD, e.g. 2026-03-31")]
    BadDate(String),
    #[error("date {date} is in the future; an assessment describes a month already lived (today is {today})")]
    FutureDate { date: NaiveDate, today: NaiveDate },
    #[error("date {0} is before 2000; check the year")]
    AncientDate(NaiveDate),
    #[error(
        "the period starts on {from}, after it ends on {to}; the period must start before it ends"
    )]
    PeriodReversed { from: NaiveDate, to: NaiveDate },

    #[error(
        "an answer sheet is for a coach, manager or peer; the leader answers in Bearing itself"
    )]
    SheetForLeader,
    #[error("the answers are for questionnaire {answers}, the sheet asks questionnaire {sheet}")]
    SheetQuestionnaire { answers: String, sheet: String },
    #[error("the sheet is about `{person}`, who is not a profile in this Bearing (the profiles are {}); import it where it was written, or add the profile first", known_list(.known))]
    SheetAboutStranger { person: String, known: Vec<String> },
    #[error("this sheet was imported already (assessment {0}); nothing was added")]
    SheetImportedAlready(i64),
    #[error("{0}")]
    RaterName(#[from] crate::domain::sheet::RaterNameError),
    #[error("this person has no name yet (`{UNNAMED}` is only how Bearing addresses you); give them their name first, so that it is the name the rater reads")]
    Unnamed,
    #[error("{} answer with an answer sheet, not in this window, so that their answers stay anonymous; write one from People", .0.words().group)]
    GroupInWindow(Rater),
    #[error("statement `{id}` describes what only the leader can see, so {rater} leaves it unanswered (null); only the leader's own answers give it a value")]
    UnobservableAnswered { id: String, rater: &'static str },
    #[error("assessment {id} holds {rater} answers, which are shown only pooled with at least {} others' of the same kind; see the group view instead", crate::domain::raters::MIN_GROUP - 1)]
    Withheld { id: i64, rater: &'static str },

    #[error("`{person}` in the file is nobody known here yet, and `{same_name}` here has the same name, but nothing says they are the same person; choose who it is (the people here are {}) or make them a new person; nothing was imported", known_list(.known))]
    ImportNeedsChoice {
        person: String,
        same_name: String,
        known: Vec<String>,
    },
    #[error("`{person}` in the file is already `{here}` here (the same person, or linked before), so their history goes there and no other person can be chosen; nothing was imported")]
    ImportAlreadyKnown { person: String, here: String },
    #[error("that is this Bearing's own key; give the key of the Bearing on the other computer")]
    OwnKey,
    #[error("`{name}` is not linked to an exchange folder")]
    NotLinked { name: String },
    #[error("`{given}` is not another Bearing's key; a key starts with `age1` and is copied whole from the other Bearing")]
    BadRecipient { given: String },
    #[error("{}: was encrypted for another Bearing, not for this one's key, so it cannot be read here; ask the sender to share it again with this Bearing's key; nothing was imported", .path.display())]
    NotForThisBearing { path: PathBuf },
    #[error("{}: is damaged or was changed after it was encrypted (it does not decrypt); ask the sender for it again; nothing was imported", .path.display())]
    Tampered { path: PathBuf },
    #[error("the file holds {unknown} people who are not known here; one person to import into fits one of them only; export them one at a time; nothing was imported")]
    ImportChoiceForMany { unknown: usize },

    #[error("{}: there is no database here yet, so there is nothing to back up", .0.display())]
    NothingToBackUp(PathBuf),
    #[error("there is no verified backup of {} to restore (backups are kept in {})", .db.display(), .folder.display())]
    NoVerifiedBackup { db: PathBuf, folder: PathBuf },
    #[error("there is no backup named `{0}`; choose one from the list")]
    NoBackupNamed(String),

    #[error("{}: unknown chart format; the file name must end in .svg or .png", .0.display())]
    ChartFormat(PathBuf),
    #[error("`{name}` has no assessment of their own in this period, so there is nothing to report; choose a period with one, or take an assessment first")]
    NothingToReport { name: String },
    #[error(transparent)]
    Pdf(#[from] crate::pdf::PdfError),
    #[error("{}: a session report is a PDF file; the file name must end in .pdf", .0.display())]
    ReportFormat(PathBuf),
    #[error("{}: a calendar file is an iCalendar file; the file name must end in .ics", .0.display())]
    CalendarFormat(PathBuf),
    #[error("Bearing can't open this link: {0}")]
    BadLink(String),
    #[error("this link is for someone who isn't in this Bearing (another database, or deleted); choose the person on People instead")]
    LinkToNobody,
    #[error("cannot find the user data folder (is HOME set?)")]
    NoDataFolder,
    #[error("the database path is empty; give a file path")]
    EmptyDbPath,
    #[error("no answer sheet is open; open the one you received first")]
    NoSheetOpen,
    #[error("no history file is chosen to import; choose one first")]
    NoImportOpen,
    #[error("an earlier operation failed midway; restart Bearing")]
    Interrupted,
    #[error("cannot write the result as JSON: {0}")]
    Json(#[from] serde_json::Error),
}

fn known_list(known: &[String]) -> String {
    if known.is_empty() {
        "none yet".into()
    } else {
        known
            .iter()
            .map(|n| format!("`{n}`"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl OpsError {
    /// A short, stable name for the kind of failure, for the window to react to (see
    /// `ui/api.js`): `damaged`, `read-only`, `disk-full`, `busy`, `not-found`, `archived`,
    /// `invalid-input`, `file`, `sheet`, `import`, `conflict`, `too-new`, `not-a-database` or
    /// `internal`.
    pub fn code(&self) -> &'static str {
        match self {
            OpsError::Storage(e) => e.code(),
            OpsError::Chart(ChartError::Draw(_) | ChartError::Encode(_)) => "internal",
            OpsError::Json(_)
            | OpsError::Interrupted
            | OpsError::Measurement(_)
            | OpsError::Pdf(_) => "internal",
            OpsError::File { .. } | OpsError::TooLarge { .. } => "file",
            OpsError::Sheet(_)
            | OpsError::SheetFile { .. }
            | OpsError::SheetForLeader
            | OpsError::SheetQuestionnaire { .. }
            | OpsError::SheetAboutStranger { .. }
            | OpsError::SheetImportedAlready(_)
            | OpsError::RaterName(_) => "sheet",
            OpsError::Withheld { .. } => "withheld",
            OpsError::Import(_)
            | OpsError::ImportFile { .. }
            | OpsError::ImportChoiceForMany { .. }
            | OpsError::NotForThisBearing { .. }
            | OpsError::Tampered { .. } => "import",
            OpsError::ImportNeedsChoice { .. } | OpsError::ImportAlreadyKnown { .. } => "conflict",
            OpsError::NoProfileNamed { .. }
            | OpsError::NoProfileId(_)
            | OpsError::NoAssessment(_)
            | OpsError::NoAssessmentYet
            | OpsError::NothingToBackUp(_)
            | OpsError::NoVerifiedBackup { .. }
            | OpsError::NoBackupNamed(_)
            | OpsError::NothingToUndo
            | OpsError::NoSheetOpen
            | OpsError::NoImportOpen
            | OpsError::NotLinked { .. }
            | OpsError::NothingToReport { .. }
            | OpsError::LinkToNobody => "not-found",
            OpsError::Archived { .. } | OpsError::AllArchived => "archived",
            OpsError::UnknownQuestionnaire { .. } | OpsError::UnknownVersion { .. } => "too-new",
            _ => "invalid-input",
        }
    }
}
