//! Reminders from the command line: `bearing calendar` writes an iCalendar file that a second
//! parser (the `ical` crate, not the writer) reads back with the rhythm as its rule; refusals
//! write nothing; `bearing nudge --print` says who is due and never creates a database; and a
//! link is followed only to a person who is here and not archived.

use std::fs;
use std::io::BufReader;
use std::path::Path;

use chrono::{Days, NaiveDate};
use ical::parser::ical::component::{IcalCalendar, IcalEvent};
use ical::property::Property;

use crate::support::{snapshot, Answers, Sandbox};
use bearing_lib::ops::{self, LinkOutcome};
use bearing_lib::storage::Storage;

/// Reads `path` with the second parser: exactly one calendar.
fn read_calendar(path: &Path) -> IcalCalendar {
    let file = fs::File::open(path).unwrap();
    let mut calendars: Vec<IcalCalendar> = ical::IcalParser::new(BufReader::new(file))
        .map(|c| c.unwrap_or_else(|e| panic!("{}: {e}", path.display())))
        .collect();
    assert_eq!(calendars.len(), 1);
    calendars.remove(0)
}

fn property<'a>(properties: &'a [Property], name: &str) -> &'a Property {
    properties
        .iter()
        .find(|p| p.name == name)
        .unwrap_or_else(|| panic!("no {name} in {properties:?}"))
}

fn value<'a>(properties: &'a [Property], name: &str) -> &'a str {
    property(properties, name)
        .value
        .as_deref()
        .unwrap_or_default()
}

fn the_event(calendar: &IcalCalendar) -> &IcalEvent {
    assert_eq!(calendar.events.len(), 1, "one event");
    &calendar.events[0]
}

/// Ada, with one assessment on `date`.
fn ada_assessed_on(date: &str) -> Sandbox {
    let s = Sandbox::new();
    s.ok(&["profile", "add", "Ada Lovelace"]);
    let answers = Answers::varied(1).write(&s.path("a.json"));
    s.ok(&[
        "--profile",
        "Ada Lovelace",
        "assess",
        "--answers",
        &answers,
        "--date",
        date,
    ]);
    s
}

/// `bearing calendar` for Ada into `file` in the sandbox, read back by the second parser.
fn adas_calendar(s: &Sandbox, file: &str) -> IcalCalendar {
    let out = s.path(file);
    s.ok(&[
        "--profile",
        "Ada Lovelace",
        "calendar",
        "--out",
        out.to_str().unwrap(),
    ]);
    read_calendar(&out)
}

fn uuid_of(s: &Sandbox, name: &str) -> String {
    let people = s.json(&["profile", "list", "--json"]);
    people
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == name)
        .and_then(|p| p["uuid"].as_str())
        .unwrap()
        .to_string()
}

#[test]
fn the_calendar_file_reads_back_with_a_second_parser() {
    let today = ops::today();
    let last = today.checked_sub_days(Days::new(10)).unwrap();
    let s = ada_assessed_on(&last.to_string());
    let calendar = adas_calendar(&s, "ada.ics");
    assert_eq!(value(&calendar.properties, "VERSION"), "2.0");
    assert!(!value(&calendar.properties, "PRODID").is_empty());
    let event = the_event(&calendar);
    let p = &event.properties;

    // One all-day event from the next due day (30 days after the last one), every month.
    let due = last.checked_add_days(Days::new(30)).unwrap();
    let start = property(p, "DTSTART");
    assert_eq!(
        start.value.as_deref(),
        Some(due.format("%Y%m%d").to_string().as_str())
    );
    assert!(format!("{:?}", start.params).contains("DATE"), "{start:?}");
    let end = NaiveDate::parse_from_str(value(p, "DTEND"), "%Y%m%d").unwrap();
    assert_eq!(
        end,
        due.succ_opt().unwrap(),
        "an all-day event ends the next day"
    );
    assert_eq!(value(p, "RRULE"), "FREQ=MONTHLY;INTERVAL=1");
    assert!(value(p, "SUMMARY").contains("Ada Lovelace"));

    // The link names Ada by her id and reads back as a link to her questionnaire.
    let link = value(p, "URL");
    assert_eq!(link, ops::assess_link(&uuid_of(&s, "Ada Lovelace")));
    assert!(ops::parse_link(link).is_ok());
    assert!(
        value(p, "DESCRIPTION").contains(link),
        "{}",
        value(p, "DESCRIPTION")
    );
    // One series per person: adding the file again updates it instead of doubling it.
    assert!(value(p, "UID").contains(&uuid_of(&s, "Ada Lovelace")));
    // And a reminder on the day.
    assert_eq!(event.alarms.len(), 1);
    assert_eq!(value(&event.alarms[0].properties, "ACTION"), "DISPLAY");
}

#[test]
fn the_rule_repeats_at_the_rhythm() {
    let s = ada_assessed_on("2026-01-05");
    // (rhythm in days, the rule expected)
    let cases: [(i64, &str); 6] = [
        (7, "FREQ=WEEKLY;INTERVAL=1"),
        (14, "FREQ=WEEKLY;INTERVAL=2"),
        (30, "FREQ=MONTHLY;INTERVAL=1"),
        (42, "FREQ=WEEKLY;INTERVAL=6"),
        (91, "FREQ=MONTHLY;INTERVAL=3"),
        (10, "FREQ=DAILY;INTERVAL=10"),
    ];
    for (days, expected) in cases {
        s.ok(&["profile", "cadence", "Ada Lovelace", &days.to_string()]);
        let calendar = adas_calendar(&s, &format!("every-{days}.ics"));
        let rule = value(&the_event(&calendar).properties, "RRULE").to_string();
        assert_eq!(rule, expected, "a rhythm of {days} days");
        // Whatever the unit, one step of the rule is the rhythm (a month within a few days).
        let parts: Vec<(&str, &str)> = rule
            .split(';')
            .map(|kv| kv.split_once('=').unwrap())
            .collect();
        let interval: f64 = parts
            .iter()
            .find(|(k, _)| *k == "INTERVAL")
            .map_or(1.0, |(_, v)| v.parse().unwrap());
        let unit = match parts[0].1 {
            "DAILY" => 1.0,
            "WEEKLY" => 7.0,
            "MONTHLY" => 30.44,
            other => panic!("unexpected FREQ {other}"),
        };
        let step = unit * interval;
        assert!(
            (step - days as f64).abs() <= 2.0,
            "{rule}: a step of {step} days for a rhythm of {days}"
        );
    }
}

#[test]
fn refused_calendar_files_write_nothing() {
    let s = ada_assessed_on("2026-01-05");
    let refuse = |args: &[&str], expected: &str| {
        let out = s.run(args);
        assert!(!out.status.success(), "{args:?} should be refused");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(expected), "{args:?}: {err}");
    };
    refuse(&["calendar", "--out", "ada.txt"], "must end in .ics");
    refuse(
        &["calendar", "--out", "no-such-folder/ada.ics"],
        "no-such-folder",
    );
    refuse(
        &["--profile", "Nobody", "calendar", "--out", "nobody.ics"],
        "Nobody",
    );
    s.ok(&["profile", "add", "Gone"]);
    s.ok(&["profile", "archive", "Gone"]);
    let after_setup = snapshot(s.root());
    refuse(
        &["--profile", "Gone", "calendar", "--out", "gone.ics"],
        "archived",
    );
    assert_eq!(
        snapshot(s.root()),
        after_setup,
        "nothing written for an archived person"
    );
    assert!(!s.path("ada.txt").exists());
}

#[test]
fn the_nudge_says_who_is_due_and_never_creates_a_database() {
    let s = Sandbox::new();
    let fresh = s.path("never-opened.db");
    let out = s.run_on(&fresh, &["nudge", "--print"]);
    assert!(out.status.success());
    assert!(out.stdout.is_empty());
    assert!(!fresh.exists(), "the nudge does not create a database");

    // Ada is 20 days past her monthly rhythm; Sam has just taken his.
    let today = ops::today();
    let s = ada_assessed_on(&today.checked_sub_days(Days::new(50)).unwrap().to_string());
    s.ok(&["profile", "add", "Sam"]);
    let answers = Answers::varied(2).write(&s.path("b.json"));
    s.ok(&["--profile", "Sam", "assess", "--answers", &answers]);
    let printed = s.ok(&["nudge", "--print"]);
    assert_eq!(printed, "Ada Lovelace\t20 days overdue\n");
}

#[test]
fn a_link_is_followed_only_to_someone_here_and_active() {
    let s = ada_assessed_on("2026-01-05");
    s.ok(&["profile", "add", "Gone"]);
    let gone = uuid_of(&s, "Gone");
    s.ok(&["profile", "archive", "Gone"]);
    let ada = uuid_of(&s, "Ada Lovelace");
    let storage = Storage::open(&s.db()).unwrap();

    match ops::follow_link(&storage, &ops::assess_link(&ada)) {
        LinkOutcome::Assess { name, .. } => assert_eq!(name, "Ada Lovelace"),
        other => panic!("{other:?}"),
    }
    let home = |text: &str| match ops::follow_link(&storage, text) {
        LinkOutcome::Home { message } => message,
        other => panic!("{text}: {other:?}"),
    };
    assert!(home(&ops::assess_link(&gone)).contains("archived"));
    assert!(
        home(&ops::assess_link("0f8fad5b-d9cb-469f-a165-70867728950e"))
            .contains("isn't in this Bearing")
    );
    assert!(home("bearing://assess?profile=1 OR 1=1").contains("not valid"));
}
