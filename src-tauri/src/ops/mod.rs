//! The operation layer: what Bearing can do, called alike by the window's commands and the CLI,
//! one file per capability. Validation and rules live here (or below, in the domain), once, and
//! run before anything touches the database.

pub mod assess;
pub mod backups;
pub mod calendar;
pub mod caseload;
pub mod charts;
pub mod commitments;
mod error;
pub mod exchange;
pub mod files;
pub mod folder;
pub mod groups;
pub mod history;
pub mod home;
pub mod link;
mod location;
pub mod measure;
pub mod nudge;
pub mod perceptions;
pub mod profiles;
pub mod report;
pub mod session_report;
pub mod share;
pub mod sheets;
pub mod when;

pub use assess::{assess, check_assessment, discard_draft, draft, save_draft, Answered, Who};
pub use backups::{back_up, back_up_open, backup_named, backups, backups_folder, restore};
pub use calendar::{calendar, check_ics_path, recurrence, write_calendar, CalendarFile};
pub use caseload::{
    caseload, caseload_chart, caseload_chart_data, initials, unique_initials, Caseload,
    CaseloadRow, OneToOneGap,
};
pub use charts::{chart_data, format_for_path, render_chart, ChartRange};
pub use commitments::{clear_commitments, commit, open_commitments, set_commitments};
pub use error::OpsError;
pub use exchange::{
    export_document, export_to_file, import_document, preview_import, read_export_file,
    ImportPreview, ImportTarget, PersonHere, PersonPreview, Where,
};
pub use files::{
    check_json_output, check_json_path, check_not_database, check_output_path,
    write_file_atomically,
};
pub use history::{
    delete_assessment, history, history_csv, history_csv_of, history_entries, history_records,
    history_rows, history_summaries, latest_of, notes, undelete_assessment, who_label,
    HistoryEntry, HistoryRow,
};
pub use home::{assessment_start, due, home, AssessmentStart, Due, Home};
pub use link::{assess_link, follow_link, link_argument, parse_link, Link, LinkOutcome};
pub use location::{DbLocation, DEFAULT_DB_FILE, IDENTIFIER};
pub use measure::{reliability, Reliability};
pub use nudge::{due_people, nudge, DuePerson, Nudge};
pub use perceptions::{perception_of, perceptions, rater_label, PerceptionPair, Perceptions};
pub use profiles::{
    active_profile, add_profile, archive_profile, check_cadence, check_profile_name, people,
    profile, rename_profile, resolve_profile, set_cadence, CADENCE_DAYS, MAX_PROFILE_NAME,
};
pub use report::{
    assessment_report, confirm_assessment, report, score_report, AssessmentReport, Moved, Report,
    ScoreReport, ViewOf, MOVED_COUNT, SUGGESTION_COUNT, WHY_HERE_COUNT,
};
pub use session_report::{
    check_pdf_path, session_document, session_report, write_session_report, ReportOptions,
};
pub use share::{
    exchange_key, open_history_file, read_history_file, write_share_file, HistoryFile, Shared,
};
pub use sheets::{
    check_filler_name, fill_sheet, fill_sheet_from_document, fill_sheet_with, import_sheet,
    imported_sheet, read_filled_sheet, read_sheet_file, sheet_to_answer, write_sheet, FilledBy,
    ImportedSheet,
};
pub use when::{check_date, parse_date, today, When};
