//! Integration tests: storage on real SQLite files, the `bearing` command line as a user runs it,
//! and the charts the renderer draws. Nothing here needs a display.

// In a test a failed unwrap is a failed test, and its panic message shows the value at fault.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod backup;
mod bad_input;
mod caseload;
mod chart;
mod chart_reference;
mod cli;
mod commands;
mod commitments;
mod exchange;
mod folder;
mod measurement;
mod parsers;
mod raters;
mod reliability;
mod reminders;
mod session_report;
mod storage;
mod support;
mod versions;
