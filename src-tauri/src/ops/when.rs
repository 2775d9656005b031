//! Dates: reading the ones the user gives, today, and which days an assessment may describe.

use chrono::{DateTime, Local, NaiveDate, Utc};

use super::OpsError;

/// Parses a `YYYY-MM-DD` date given by the user.
pub fn parse_date(text: &str) -> Result<NaiveDate, OpsError> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| OpsError::BadDate(text.into()))
}

/// Today in the user's time zone.
pub fn today() -> NaiveDate {
    Local::now().date_naive()
}

/// When an assessment is recorded.
#[derive(Debug, Clone, Copy)]
pub struct When {
    /// The day it describes; `None` for today.
    pub date: Option<NaiveDate>,
    pub today: NaiveDate,
    pub now: DateTime<Utc>,
}

impl When {
    pub fn now(date: Option<NaiveDate>) -> When {
        When {
            date,
            today: today(),
            now: Utc::now(),
        }
    }
}

/// Checks an assessment date: not in the future, not before 2000.
pub fn check_date(when: When) -> Result<NaiveDate, OpsError> {
    let date = when.date.unwrap_or(when.today);
    if date > when.today {
        return Err(OpsError::FutureDate {
            date,
            today: when.today,
        });
    }
    if date < NaiveDate::from_ymd_opt(2000, 1, 1).unwrap_or(NaiveDate::MIN) {
        return Err(OpsError::AncientDate(date));
    }
    Ok(date)
}
