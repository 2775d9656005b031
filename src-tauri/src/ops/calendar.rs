//! "Add to my calendar…": one recurring all-day event at a person's rhythm, starting on their next
//! due day, that links back to their questionnaire (`bearing calendar`, Home and People).
//!
//! The file is RFC 5545 iCalendar, written by the `icalendar` crate; only the rule (`RRULE`) is
//! Bearing's own text, because the crate builds rules only through a time-zone database Bearing
//! does not need for an all-day event.

use std::path::Path;

use chrono::{Duration, NaiveDate, Utc};
use icalendar::{Alarm, Calendar, Component, Event, EventLike, Trigger};

use super::home::{due, Due};
use super::link;
use super::profiles::active_profile;
use super::{files, history::latest_of, OpsError, Who};
use crate::storage::Storage;

/// Why an archived person gets no calendar file.
pub const ADDING: &str = "unarchive the profile before adding their assessments to a calendar";

/// The hour of the due day at which the event's reminder goes off, in the reader's own time.
const REMINDER_HOUR: i64 = 9;

/// A person's calendar file, and what it says, for the window and the CLI to report.
#[derive(Debug, Clone)]
pub struct CalendarFile {
    /// The `.ics` text.
    pub ics: String,
    /// The first day of the series: the next due day (today when it is due, overdue or never
    /// taken).
    pub first: NaiveDate,
    /// The rhythm in words ("every month").
    pub rhythm: String,
    /// The link the event carries.
    pub link: String,
}

/// How a rhythm of `days` repeats in a calendar: the `RRULE` value and its words. Weeks and
/// months are what calendars show best, so a rhythm that is a whole number of weeks repeats
/// weekly and one of about a month, two, three, six or twelve repeats monthly (a "monthly"
/// rhythm of 30 days then falls on the same day of each month, as a reader expects); any other
/// repeats every so many days.
pub fn recurrence(days: i64) -> (String, String) {
    let months = match days {
        28..=31 => Some(1),
        59..=62 => Some(2),
        89..=92 => Some(3),
        182..=184 => Some(6),
        365 | 366 => Some(12),
        _ => None,
    };
    if let Some(months) = months {
        let words = match months {
            1 => "every month".to_string(),
            12 => "every year".to_string(),
            n => format!("every {n} months"),
        };
        let rule = if months == 12 {
            "FREQ=YEARLY".to_string()
        } else {
            format!("FREQ=MONTHLY;INTERVAL={months}")
        };
        return (rule, words);
    }
    if days % 7 == 0 {
        let weeks = days / 7;
        let words = if weeks == 1 {
            "every week".to_string()
        } else {
            format!("every {weeks} weeks")
        };
        return (format!("FREQ=WEEKLY;INTERVAL={weeks}"), words);
    }
    (
        format!("FREQ=DAILY;INTERVAL={days}"),
        format!("every {days} days"),
    )
}

/// The calendar file for `profile` (an active person) as of `today`.
pub fn calendar(
    storage: &Storage,
    profile: i64,
    today: NaiveDate,
) -> Result<CalendarFile, OpsError> {
    let person = active_profile(storage, profile, ADDING)?;
    let (_, latest) = latest_of(storage, Who::leader(profile), 1)?;
    let last = latest.first().map(|a| a.date);
    let (state, next) = due(last, person.cadence_days, today);
    let first = match (state, next) {
        (Due::Ok, Some(next)) => next,
        _ => today,
    };
    let (rule, rhythm) = recurrence(person.cadence_days);
    let link = link::assess_link(&person.uuid);
    let description = format!(
        "Time for {name}'s Bearing assessment ({rhythm}): about ten minutes on the questionnaire, \
         then a look at what moved and what to work on next.\n\nOpen it in Bearing: {link}",
        name = person.name
    );
    let event = Event::new()
        // One series per person and database: adding the file again updates it instead of
        // doubling it.
        .uid(&format!("assessment-{}@bearing", person.uuid))
        .summary(&format!("Bearing: {}'s assessment", person.name))
        .description(&description)
        .url(&link)
        // An all-day event: DTEND is the day after (RFC 5545 ends are exclusive).
        .starts(first)
        .ends(first.succ_opt().unwrap_or(first))
        .timestamp(Utc::now())
        .add_property("RRULE", &rule)
        .add_property("TRANSP", "TRANSPARENT")
        .alarm(Alarm::display(
            &format!("{}'s Bearing assessment is due today", person.name),
            Trigger::after_start(Duration::hours(REMINDER_HOUR)),
        ))
        .done();
    let mut calendar = Calendar::empty();
    calendar
        .append_property(("VERSION", "2.0"))
        .append_property(("PRODID", "-//Bearing//Bearing calendar//EN"))
        .append_property(("CALSCALE", "GREGORIAN"))
        .append_property(("METHOD", "PUBLISH"))
        .name(&format!("Bearing: {}", person.name))
        .push(event);
    Ok(CalendarFile {
        ics: calendar.done().to_string(),
        first,
        rhythm,
        link,
    })
}

/// Refuses an output file whose name does not end in `.ics`.
pub fn check_ics_path(path: &Path) -> Result<(), OpsError> {
    if files::has_extension(path, "ics") {
        Ok(())
    } else {
        Err(OpsError::CalendarFormat(path.to_path_buf()))
    }
}

/// Writes `profile`'s calendar file to `path` (checked before anything is read).
pub fn write_calendar(
    storage: &Storage,
    profile: i64,
    today: NaiveDate,
    path: &Path,
) -> Result<CalendarFile, OpsError> {
    check_ics_path(path)?;
    files::check_output_path(path)?;
    files::check_not_database(path, storage.path())?;
    let file = calendar(storage, profile, today)?;
    files::write_file_atomically(path, file.ics.as_bytes())?;
    Ok(file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rhythms_repeat_as_a_calendar_shows_them() {
        assert_eq!(recurrence(7).0, "FREQ=WEEKLY;INTERVAL=1");
        assert_eq!(recurrence(14).0, "FREQ=WEEKLY;INTERVAL=2");
        assert_eq!(recurrence(42).0, "FREQ=WEEKLY;INTERVAL=6");
        assert_eq!(recurrence(30).0, "FREQ=MONTHLY;INTERVAL=1");
        assert_eq!(recurrence(91).0, "FREQ=MONTHLY;INTERVAL=3");
        assert_eq!(recurrence(365).0, "FREQ=YEARLY");
        assert_eq!(
            recurrence(10),
            ("FREQ=DAILY;INTERVAL=10".into(), "every 10 days".into())
        );
        assert_eq!(recurrence(30).1, "every month");
        assert_eq!(recurrence(91).1, "every 3 months");
        assert_eq!(recurrence(7).1, "every week");
    }

    #[test]
    fn an_ics_name_is_required() {
        assert!(check_ics_path(Path::new("a/reminder.ICS")).is_ok());
        assert!(matches!(
            check_ics_path(Path::new("reminder.txt")),
            Err(OpsError::CalendarFormat(_))
        ));
        assert!(check_ics_path(Path::new("reminder")).is_err());
    }
}
