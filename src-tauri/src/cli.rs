//! The command line: the same operations as the window, for the terminal and for scripts.
//!
//! Exit status: 0 on success, 2 for usage errors (from clap), 1 for every other error, reported as
//! one line on stderr starting with `error:`.

use std::io::{self, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use serde::Serialize;

use crate::chart::{ChartKind, ChartOptions, Theme};
use crate::domain::{questionnaire, AnswerSheet, Assessment, Commitment, CommitmentError, Rater};
use crate::ops::{self, DbLocation, OpsError, When};
use crate::storage::Profile;

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
        /// How each open commitment went (JSON), or - for standard input:
        /// {"<action id>": {"status": "done" | "partly" | "not-started", "note": "..."}}.
        /// Needed when commitments are open; see `bearing commitments`.
        #[arg(long, value_name = "FILE")]
        reviews: Option<String>,
        /// Who answered: the leader (self), or their coach, manager or a peer about them.
        #[arg(long, value_enum, default_value_t = RaterArg::SelfRating)]
        rater: RaterArg,
    },
    /// Write an answer sheet about a person for their coach, manager or a peer to fill in with
    /// their own Bearing (`bearing rate`) and send back (`bearing import-sheet`).
    Sheet {
        /// Who will answer.
        #[arg(long, value_enum)]
        rater: RaterArg,
        /// The sheet to write (.json).
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Fill in an answer sheet someone sent you; needs no profile or database of your own.
    Rate {
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
    },
    /// Add a filled answer sheet to the person it is about.
    ImportSheet {
        /// The filled sheet.
        #[arg(value_name = "SHEET")]
        sheet: PathBuf,
    },
    /// Manage the people Bearing tracks.
    Profile {
        #[command(subcommand)]
        action: ProfileAction,
    },
    /// Commit to one to three growth actions for the month after your latest assessment.
    Commit {
        /// Growth action ids, in order of priority (see `bearing actions`).
        #[arg(value_name = "ACTION")]
        actions: Vec<String>,
        /// The assessment to commit after (default: the latest; only the latest is accepted).
        #[arg(long, value_name = "ID")]
        assessment: Option<i64>,
        /// Drop the commitments made after the latest assessment instead.
        #[arg(long, conflicts_with = "actions")]
        clear: bool,
    },
    /// Print the open commitments: what the next assessment asks about first.
    Commitments {
        /// As JSON.
        #[arg(long)]
        json: bool,
    },
    /// Make a verified copy of the database (checked with SQLite's integrity check before it is
    /// kept), in the backups folder beside it or to a file of your choice.
    Backup {
        /// Write the copy here instead (a new file).
        #[arg(long, value_name = "FILE", conflicts_with = "list")]
        out: Option<PathBuf>,
        /// List the backups instead, newest first.
        #[arg(long)]
        list: bool,
        /// With --list: as JSON.
        #[arg(long, requires = "list")]
        json: bool,
    },
    /// Put a backup back in place of the current history. The backup is checked first, and the
    /// current history is itself backed up, so a restore can be undone.
    Restore {
        /// The backup file (default: the newest backup that passes the check).
        #[arg(value_name = "BACKUP")]
        backup: Option<PathBuf>,
    },
    /// Write the whole history as portable JSON (see docs/export-format.md).
    Export {
        /// Output file, ending in .json.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// Include the private notes (on statements, assessments and reviews).
        #[arg(long)]
        include_notes: bool,
    },
    /// Bring in a file made by `bearing export` (on this or another computer), merging it into this
    /// database. The whole file is checked before anything is written; what is already here is
    /// skipped.
    Import {
        /// The export file (JSON).
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
    /// Print every growth action Bearing knows, with its id.
    Actions {
        /// As JSON, with the why, the steps and the source.
        #[arg(long)]
        json: bool,
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
        /// What to draw: the progress card (map and timeline, 16:9), the trajectory map, or the
        /// timeline of both axes.
        #[arg(long, value_enum, default_value_t = KindArg::Card)]
        kind: KindArg,
        /// Width in pixels (default: 1920 for the card, 1200 for the map, 1600 for the timeline).
        #[arg(long, value_name = "PX")]
        width: Option<u32>,
        /// Height in pixels (default: 1080 for the card, 1000 for the map, 900 for the timeline).
        #[arg(long, value_name = "PX")]
        height: Option<u32>,
        /// Pixel scale, 1 to 4: 2 draws everything twice as sharp, for slides.
        #[arg(long, value_name = "N", default_value_t = 1)]
        scale: u32,
        /// A transparent background instead of white.
        #[arg(long)]
        transparent: bool,
        /// Dark colours, for dark slides.
        #[arg(long)]
        dark: bool,
        /// Only assessments from this day on.
        #[arg(long, value_name = "YYYY-MM-DD")]
        from: Option<String>,
        /// Only assessments up to this day.
        #[arg(long, value_name = "YYYY-MM-DD")]
        to: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum ProfileAction {
    /// Add a person.
    Add {
        #[arg(value_name = "NAME")]
        name: String,
    },
    /// List the people (archived ones with --all).
    List {
        #[arg(long)]
        all: bool,
        #[arg(long)]
        json: bool,
    },
    /// Rename a person.
    Rename {
        #[arg(value_name = "NAME")]
        name: String,
        #[arg(value_name = "NEW_NAME")]
        new_name: String,
    },
    /// Archive a person: their history stays, they leave the lists.
    Archive {
        #[arg(value_name = "NAME")]
        name: String,
    },
    /// Bring an archived person back.
    Restore {
        #[arg(value_name = "NAME")]
        name: String,
    },
    /// Set how often a person means to take an assessment, in days (30 is monthly).
    Cadence {
        #[arg(value_name = "NAME")]
        name: String,
        #[arg(value_name = "DAYS")]
        days: i64,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RaterArg {
    #[value(name = "self")]
    SelfRating,
    Coach,
    Manager,
    Peer,
}

impl From<RaterArg> for Rater {
    fn from(rater: RaterArg) -> Rater {
        match rater {
            RaterArg::SelfRating => Rater::SelfRating,
            RaterArg::Coach => Rater::Coach,
            RaterArg::Manager => Rater::Manager,
            RaterArg::Peer => Rater::Peer,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum KindArg {
    Card,
    Map,
    Timeline,
}

impl From<KindArg> for ChartKind {
    fn from(kind: KindArg) -> ChartKind {
        match kind {
            KindArg::Card => ChartKind::Card,
            KindArg::Map => ChartKind::Map,
            KindArg::Timeline => ChartKind::Timeline,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum HistoryFormat {
    Table,
    Csv,
    Json,
}

/// Runs a CLI command and reports its outcome as an exit status.
pub fn run(db: Option<PathBuf>, profile: Option<String>, command: Command) -> ExitCode {
    match execute(db, profile.as_deref(), command) {
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

/// Opens the database and finds the profile the command is about. A named profile on a database
/// that does not exist yet is refused without creating the file.
fn open_for(
    db: Option<PathBuf>,
    profile: Option<&str>,
) -> Result<(DbLocation, crate::storage::Storage, Profile), OpsError> {
    let location = location(db)?;
    if let (Some(name), false) = (profile, location.path().exists()) {
        return Err(OpsError::Input(format!(
            "there is no profile named `{}`: {} has no data yet",
            name.trim(),
            location.path().display()
        )));
    }
    let storage = location.open()?;
    let found = ops::resolve_profile(&storage, profile)?;
    Ok((location, storage, found))
}

fn execute(db: Option<PathBuf>, profile: Option<&str>, command: Command) -> Result<(), OpsError> {
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
        Command::Assess {
            answers,
            date,
            reviews,
            rater,
        } => {
            let date = date.as_deref().map(ops::parse_date).transpose()?;
            let when = When::now(date);
            ops::check_date(when)?;
            if answers == "-" && reviews.as_deref() == Some("-") {
                return Err(OpsError::Input(
                    "--answers and --reviews cannot both be read from standard input; give one as a file"
                        .into(),
                ));
            }
            if rater != RaterArg::SelfRating && reviews.is_some() {
                return Err(OpsError::Input(
                    "reviews of commitments come with the leader's own assessment (--rater self); leave --reviews out".into(),
                ));
            }
            let sheet = read_sheet(&answers)?;
            let reviews = reviews.as_deref().map(read_reviews).transpose()?;
            let (_, mut storage, person) = open_for(db, profile)?;
            let who = ops::Who {
                profile: person.id,
                rater: rater.into(),
            };
            // Once saved, the assessment stays saved even if printing it fails. The window's draft
            // is left alone: it may hold answers the leader is still giving there.
            let saved = ops::assess(&mut storage, who, &sheet, reviews, when, false)
                .map_err(with_review_hint)?;
            print_json(&ops::assessment_report(&storage, saved.summary.id)?)
        }
        Command::Backup { out, list, json } => {
            let location = location(db)?;
            if list {
                let all = ops::backups(&location)?;
                if json {
                    return print_json(&all);
                }
                if all.is_empty() {
                    return print_text(&format!(
                        "No backups yet; the first one is made before the first change of a day.\nFolder: {}\n",
                        crate::storage::safekeeping::backups_dir(location.path()).display()
                    ));
                }
                let mut text = String::new();
                for b in &all {
                    text.push_str(&format!(
                        "{}  {:<14}  {:>9}  {}\n",
                        b.taken_at.format("%Y-%m-%d %H:%M UTC"),
                        b.kind.slug(),
                        format!("{} KB", b.bytes.div_ceil(1024)),
                        b.path.display()
                    ));
                }
                return print_text(&text);
            }
            let (path, verified) = ops::back_up(&location, out.as_deref())?;
            print_text(&format!(
                "Backed up {} assessment{} to {} (integrity check: ok).\n",
                verified.assessments,
                plural(verified.assessments as usize),
                path.display()
            ))
        }
        Command::Restore { backup } => {
            let location = location(db)?;
            let restored = ops::restore(&location, backup.as_deref())?;
            let mut text = format!(
                "Restored {} assessment{} from {}.\n",
                restored.assessments,
                plural(restored.assessments as usize),
                restored.from.display()
            );
            if let Some(kept) = &restored.kept {
                text.push_str(&format!(
                    "The history from before the restore is kept as {}; `bearing restore {}` brings it back.\n",
                    kept.path.display(),
                    kept.path.display()
                ));
            }
            print_text(&text)
        }
        Command::Commit {
            actions,
            assessment,
            clear,
        } => {
            if !clear {
                if actions.is_empty() {
                    return Err(OpsError::Input(
                        "name one to three growth actions to commit to (see `bearing actions`), or pass --clear to drop them".into(),
                    ));
                }
                crate::domain::commitment::check_choice(&actions)?;
            }
            // Without a database there is no assessment to commit after; do not create one.
            if !location(db.clone())?.path().exists() {
                return Err(OpsError::Input(ops::NO_ASSESSMENT_YET.into()));
            }
            let (_, mut storage, person) = open_for(db, profile)?;
            if clear {
                let dropped = ops::clear_commitments(
                    &mut storage,
                    person.id,
                    assessment,
                    chrono::Utc::now(),
                )?;
                return print_text(&match dropped {
                    0 => "There were no commitments to drop.\n".to_string(),
                    n => format!("Dropped {n} commitment{}.\n", plural(n)),
                });
            }
            let made = ops::commit(
                &mut storage,
                person.id,
                assessment,
                &actions,
                chrono::Utc::now(),
            )?;
            print_text(&commitments_text(
                &made,
                "Committed for the month ahead; your next assessment asks how each went:",
            ))
        }
        Command::Commitments { json } => {
            let (_, storage, person) = open_for(db, profile)?;
            let open = ops::open_commitments(&storage, person.id)?;
            if json {
                print_json(&open)
            } else if open.is_empty() {
                print_text("No open commitments. After an assessment, commit to one to three actions with `bearing commit ACTION...`.\n")
            } else {
                print_text(&commitments_text(
                    &open,
                    "Open commitments; your next assessment asks how each went:",
                ))
            }
        }
        Command::Export { out, include_notes } => {
            ops::check_json_path(&out)?;
            ops::check_output_path(&out)?;
            let (_, storage, person) = open_for(db, profile)?;
            // All profiles, unless one was named.
            let only = profile.map(|_| person.name.as_str());
            let doc = ops::export_to_file(&storage, only, &out, include_notes, chrono::Utc::now())?;
            print_text(&format!(
                "Exported {} assessment{} of {} profile{} to {}{}.\n",
                doc.assessment_count(),
                plural(doc.assessment_count()),
                doc.profiles.len(),
                plural(doc.profiles.len()),
                out.display(),
                if include_notes {
                    ", with notes"
                } else {
                    ", without notes"
                }
            ))
        }
        Command::Import { file } => {
            let doc = ops::read_export_file(&file)?;
            let mut storage = location(db)?.open()?;
            let outcome = ops::import_document(&mut storage, &doc)?;
            print_text(&format!(
                "Imported {} assessment{}{}{}.\n",
                outcome.assessments_added,
                plural(outcome.assessments_added),
                if outcome.assessments_skipped > 0 {
                    format!("; {} already here, skipped", outcome.assessments_skipped)
                } else {
                    String::new()
                },
                if outcome.profiles_added > 0 {
                    format!(
                        "; {} new profile{}",
                        outcome.profiles_added,
                        plural(outcome.profiles_added)
                    )
                } else {
                    String::new()
                }
            ))
        }
        Command::Profile { action } => profile_command(db, action),
        Command::Sheet { rater, out } => {
            let rater = Rater::from(rater);
            if rater == Rater::SelfRating {
                // Checked by ops too; here it also keeps the database unopened.
                return Err(OpsError::Input(
                    "an answer sheet is for a coach, manager or peer (--rater coach|manager|peer)"
                        .into(),
                ));
            }
            ops::check_json_path(&out)?;
            ops::check_output_path(&out)?;
            ops::check_not_database(&out, location(db.clone())?.path())?;
            let (_, _, person) = open_for(db, profile)?;
            ops::write_sheet(&person, rater, &out, chrono::Utc::now())?;
            print_text(&format!(
                "Wrote a sheet about `{}` for their {} to {}.\n",
                person.name,
                rater.slug(),
                out.display()
            ))
        }
        Command::Rate {
            sheet,
            answers,
            date,
            out,
        } => {
            let date = date.as_deref().map(ops::parse_date).transpose()?;
            let blank = ops::read_sheet_file(&sheet)?;
            let answers = read_sheet(&answers)?;
            let filled = ops::fill_sheet(blank, &answers, When::now(date), &out)?;
            print_text(&format!(
                "Filled in the sheet about `{}`; send {} back to them.\n",
                filled.profile,
                out.display()
            ))
        }
        Command::ImportSheet { sheet } => {
            let filled = ops::read_sheet_file(&sheet)?;
            filled
                .filled()
                .map_err(|e| OpsError::Input(format!("{}: {e}", sheet.display())))?;
            let location = location(db)?;
            if !location.path().exists() {
                return Err(OpsError::Input(format!(
                    "the sheet is about `{}`, but {} has no data yet; import it where it was written",
                    filled.profile,
                    location.path().display()
                )));
            }
            let mut storage = location.open()?;
            let saved = ops::import_sheet(&mut storage, &filled, ops::today())?;
            print_json(&ops::assessment_report(&storage, saved.summary.id)?)
        }
        Command::Actions { json } => {
            let actions = crate::domain::growth::actions();
            if json {
                print_json(actions)
            } else {
                let mut out = String::new();
                for a in actions {
                    let quadrants: Vec<&str> =
                        a.quadrants.iter().map(|q| q.info().name.as_str()).collect();
                    out.push_str(&format!(
                        "{}\n    {}\n    for: {}; moves: {}\n",
                        a.id,
                        a.title,
                        quadrants.join(", "),
                        a.axis.tag()
                    ));
                }
                print_text(&out)
            }
        }
        Command::History { format } => {
            let (_, storage, person) = open_for(db, profile)?;
            let history = ops::history(&storage, person.id)?;
            match format {
                HistoryFormat::Json => print_json(&history),
                HistoryFormat::Csv => print_text(&ops::history_csv(&history)),
                HistoryFormat::Table => print_text(&history_table(&history)),
            }
        }
        Command::Chart {
            out,
            kind,
            width,
            height,
            scale,
            transparent,
            dark,
            from,
            to,
        } => {
            let format = ops::format_for_path(&out)?;
            ops::check_output_path(&out)?;
            let kind = ChartKind::from(kind);
            let (default_width, default_height) = kind.default_size();
            let options = ChartOptions {
                width: width.unwrap_or(default_width),
                height: height.unwrap_or(default_height),
                theme: if dark { Theme::Dark } else { Theme::Light },
                scale,
                transparent,
            };
            options.validate()?;
            let range = ops::ChartRange {
                from: from.as_deref().map(ops::parse_date).transpose()?,
                to: to.as_deref().map(ops::parse_date).transpose()?,
                until: None,
            };
            range.check()?;
            ops::check_not_database(&out, location(db.clone())?.path())?;
            let (_, storage, person) = open_for(db, profile)?;
            let chart = ops::render_chart(&storage, person.id, kind, range, &options, format)?;
            ops::write_file_atomically(&out, &chart.into_bytes())
        }
    }
}

/// Reads and validates an answer sheet from a file, or standard input for `-`.
fn read_sheet(source: &str) -> Result<AnswerSheet, OpsError> {
    let (name, text) = read_source(source, "the answers")?;
    AnswerSheet::from_json(&text).map_err(|e| OpsError::from(e).in_file(&name))
}

/// Reads a text file the user named, or standard input for `-`; returns its name for messages.
fn read_source(source: &str, what: &str) -> Result<(String, String), OpsError> {
    /// Larger inputs are surely not answer or review files.
    const MAX_BYTES: u64 = 4 * 1024 * 1024;
    let mut text = String::new();
    if source == "-" {
        io::stdin()
            .take(MAX_BYTES + 1)
            .read_to_string(&mut text)
            .map_err(|e| OpsError::Input(format!("standard input: cannot read {what} ({e})")))?;
    } else {
        let file = std::fs::File::open(source).map_err(|e| OpsError::File {
            path: PathBuf::from(source),
            detail: format!("cannot read {what} ({e})"),
        })?;
        file.take(MAX_BYTES + 1)
            .read_to_string(&mut text)
            .map_err(|e| OpsError::File {
                path: PathBuf::from(source),
                detail: format!("cannot read {what} ({e}); it must be UTF-8 JSON text"),
            })?;
    }
    let name = if source == "-" {
        "standard input".to_string()
    } else {
        source.to_string()
    };
    if text.len() as u64 > MAX_BYTES {
        return Err(OpsError::Input(format!(
            "{name}: is larger than 4 MiB, far too large for {what}; check the file name"
        )));
    }
    Ok((name, text))
}

fn profile_command(db: Option<PathBuf>, action: ProfileAction) -> Result<(), OpsError> {
    let now = chrono::Utc::now();
    // Names and rhythms are checked before the database is opened (or created).
    match &action {
        ProfileAction::Add { name } => {
            ops::check_profile_name(name)?;
        }
        ProfileAction::Rename { new_name, .. } => {
            ops::check_profile_name(new_name)?;
        }
        ProfileAction::Cadence { days, .. } => ops::check_cadence(*days)?,
        _ => {}
    }
    let mut storage = location(db)?.open()?;
    let find =
        |storage: &crate::storage::Storage, name: &str| ops::resolve_profile(storage, Some(name));
    let done = |p: Profile, what: &str| print_text(&format!("{what} `{}`.\n", p.name));
    match action {
        ProfileAction::Add { name } => done(ops::add_profile(&mut storage, &name, now)?, "Added"),
        ProfileAction::List { all, json } => {
            let list: Vec<Profile> = storage
                .profiles()?
                .into_iter()
                .filter(|p| all || p.archived_at.is_none())
                .collect();
            if json {
                return print_json(&list);
            }
            let mut out = String::new();
            for p in list {
                let count = storage.assessment_summaries(p.id)?.len();
                out.push_str(&format!(
                    "{:<30}  {:>3} assessment{:<1}  every {} days{}\n",
                    p.name,
                    count,
                    plural(count),
                    p.cadence_days,
                    if p.archived_at.is_some() {
                        "  (archived)"
                    } else {
                        ""
                    }
                ));
            }
            print_text(&out)
        }
        ProfileAction::Rename { name, new_name } => {
            let p = find(&storage, &name)?;
            done(
                ops::rename_profile(&mut storage, p.id, &new_name)?,
                "Renamed to",
            )
        }
        ProfileAction::Archive { name } => {
            let p = find(&storage, &name)?;
            done(
                ops::archive_profile(&mut storage, p.id, true, now)?,
                "Archived",
            )
        }
        ProfileAction::Restore { name } => {
            let p = find(&storage, &name)?;
            done(
                ops::archive_profile(&mut storage, p.id, false, now)?,
                "Restored",
            )
        }
        ProfileAction::Cadence { name, days } => {
            let p = find(&storage, &name)?;
            let p = ops::set_cadence(&mut storage, p.id, days)?;
            print_text(&format!(
                "`{}` now aims for an assessment every {} days.\n",
                p.name, p.cadence_days
            ))
        }
    }
}

/// Adds how to give reviews on the command line to the "waiting for a review" error.
fn with_review_hint(e: OpsError) -> OpsError {
    match e {
        OpsError::Commitment(CommitmentError::Unreviewed { ref missing }) => {
            let first = missing.first().map_or("action-id", String::as_str);
            OpsError::Input(format!(
                "{e}; pass --reviews FILE holding {{\"{first}\": {{\"status\": \"done\", \"note\": \"optional\"}}, ...}}"
            ))
        }
        other => other,
    }
}

/// Reads the reviews of open commitments (JSON) from a file, or standard input for `-`.
fn read_reviews(source: &str) -> Result<serde_json::Value, OpsError> {
    let (name, text) = read_source(source, "the reviews")?;
    serde_json::from_str(&text).map_err(|e| {
        OpsError::Input(format!(
            "{name}: the reviews are not valid JSON ({e}); expected {{\"<action id>\": {{\"status\": \"done\"}}}}"
        ))
    })
}

fn commitments_text(list: &[Commitment], heading: &str) -> String {
    let mut out = format!("{heading}\n");
    for c in list {
        out.push_str(&format!(
            "  {}  {}  (since {})\n",
            c.action_id, c.title, c.committed_on
        ));
    }
    out
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

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
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
