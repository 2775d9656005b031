//! Answer sheets for raters who answer remotely: the leader's Bearing writes a sheet about one
//! person for one rater; the rater fills it in with their own Bearing (no profile needed there);
//! the filled sheet comes back and is imported into the right profile.
//!
//! ```json
//! {"format": "bearing-answer-sheet", "version": 2, "profile": "Ada", "rater": "coach",
//!  "rater_id": "5f0c…", "rater_name": null,
//!  "questionnaire": "v1", "requested_at": "2026-11-23T10:00:00Z",
//!  "scale": ["Not at all like them", ...],
//!  "statements": [{"id": "...", "text": "In the past month they ..."}],
//!  "answers": {}, "date": null, "answered_at": null}
//! ```
//! A filled sheet has an answer (1–5) for every statement, the `date` the answers describe and
//! `answered_at`, when it was filled in. From questionnaire v2 on, a sheet lists only the
//! statements another person can observe, carries `"not_applicable": "Can't judge"`, and an
//! answer may be `null` for "can't judge"; the statements it leaves out count as unanswered.
//!
//! Version 2 adds who answers: `rater_id`, a random id made with the blank sheet (one sheet, one
//! rater), and `rater_name`, the name a coach or manager gives when filling it in. Peers and direct
//! reports give none: they are only ever seen pooled (see [`super::raters`]). Version 1 sheets
//! still read; their rater gets an id when imported.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate};
use serde::{Deserialize, Serialize};

use super::questionnaire::{self, Questionnaire};
use super::{AnswerSheet, Rater};

pub const FORMAT: &str = "bearing-answer-sheet";
pub const VERSION: u32 = 2;

/// The oldest sheet version this Bearing still reads.
pub const OLDEST_VERSION: u32 = 1;

/// Longest name a coach or manager may give.
pub const MAX_RATER_NAME: usize = 80;

/// The answer beside the scale on a sheet for another rater, from questionnaire v2 on.
pub const CANT_JUDGE: &str = "Can't judge";

/// Largest sheet file accepted.
pub const MAX_SHEET_BYTES: u64 = 1024 * 1024;

/// A statement as the rater reads it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SheetStatement {
    pub id: String,
    pub text: String,
}

/// A sheet, blank or filled.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RaterSheet {
    pub format: String,
    pub version: u32,
    /// The person the answers are about, as named in the Bearing that wrote the sheet.
    pub profile: String,
    pub rater: Rater,
    /// Made with the blank sheet (version 2 on); absent from version 1 sheets.
    #[serde(default)]
    pub rater_id: Option<String>,
    /// The name a coach or manager gave when filling it in; never set for peers and direct reports.
    #[serde(default)]
    pub rater_name: Option<String>,
    pub questionnaire: String,
    pub requested_at: String,
    /// The answer labels, lowest first, phrased about "them".
    pub scale: Vec<String>,
    pub statements: Vec<SheetStatement>,
    /// The answer beside the scale for a behaviour the rater could not see ("Can't judge"), when
    /// the questionnaire offers one (v2 on).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_applicable: Option<String>,
    /// Statement id to 1–5, or `null` for "can't judge" (only with `not_applicable`).
    #[serde(default)]
    pub answers: BTreeMap<String, Option<u8>>,
    /// The day the answers describe, once filled in.
    #[serde(default)]
    pub date: Option<NaiveDate>,
    /// When it was filled in (RFC 3339), once filled in.
    #[serde(default)]
    pub answered_at: Option<String>,
}

/// Why a sheet was refused. Messages name the fault and the fix.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum SheetError {
    #[error("not a Bearing answer sheet: {0}")]
    Json(String),
    #[error("not a Bearing answer sheet: `format` is `{0}`, expected `{FORMAT}`")]
    Format(String),
    #[error("answer sheet version {0} is not supported; this Bearing reads versions {OLDEST_VERSION} to {VERSION}")]
    Version(u32),
    #[error("the sheet's `rater_id` must be 1 to 64 letters, digits or dashes")]
    RaterId,
    #[error("{0}")]
    RaterName(#[from] RaterNameError),
    #[error(
        "the sheet uses questionnaire `{0}`, which this Bearing does not know; update Bearing"
    )]
    UnknownQuestionnaire(String),
    #[error("the sheet's statements do not match questionnaire {0}; it was changed after it was written")]
    Statements(String),
    #[error("the sheet is for the leader's own view (rater `self`); sheets are for a coach, manager, peer or direct report")]
    SelfRater,
    #[error("the sheet is not filled in: {0}")]
    Unfilled(String),
    #[error("{0}")]
    Answers(String),
    #[error("statement `{0}` is not on this sheet (another person cannot see that behaviour); leave it out")]
    NotOnSheet(String),
}

/// Why the name a rater gave was refused.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum RaterNameError {
    #[error("the name is empty; give the name the leader knows you by, or none")]
    Empty,
    #[error("the name is longer than {MAX_RATER_NAME} characters")]
    TooLong,
    #[error("the name has a control character (a line break, a tab…); use plain text")]
    Control,
    #[error("answers from {0} are anonymous: they are shown only pooled with others', so the sheet takes no name")]
    Anonymous(&'static str),
}

/// The name a rater gives, trimmed; refused for peers and direct reports (anonymous) and when
/// empty, too long or with control characters.
pub fn check_rater_name(rater: Rater, name: &str) -> Result<String, RaterNameError> {
    if rater.is_group() {
        return Err(RaterNameError::Anonymous(rater.words().noun));
    }
    let name = name.trim();
    if name.is_empty() {
        return Err(RaterNameError::Empty);
    }
    if name.chars().count() > MAX_RATER_NAME {
        return Err(RaterNameError::TooLong);
    }
    if name.chars().any(char::is_control) {
        return Err(RaterNameError::Control);
    }
    Ok(name.to_string())
}

/// Whether `id` can be a rater id: 1 to 64 ASCII letters, digits or dashes (a UUID is one).
pub fn valid_rater_id(id: &str) -> bool {
    (1..=64).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

impl RaterSheet {
    /// A blank sheet about `profile` for `rater`, on the current questionnaire; `rater_id` is the
    /// new sheet's id (random: see `ops::sheets`).
    pub fn blank(
        profile: &str,
        rater: Rater,
        rater_id: String,
        requested_at: String,
    ) -> RaterSheet {
        RaterSheet::blank_in(
            questionnaire::current(),
            profile,
            rater,
            rater_id,
            requested_at,
        )
    }

    /// A blank sheet on questionnaire `q` (a sheet received from a Bearing on an earlier version
    /// is answered in that version).
    pub fn blank_in(
        q: &'static Questionnaire,
        profile: &str,
        rater: Rater,
        rater_id: String,
        requested_at: String,
    ) -> RaterSheet {
        RaterSheet {
            format: FORMAT.into(),
            version: VERSION,
            profile: profile.into(),
            rater,
            rater_id: Some(rater_id),
            rater_name: None,
            questionnaire: q.version.clone(),
            requested_at,
            scale: q
                .scale
                .labels
                .iter()
                .map(|l| match l.strip_suffix(" me") {
                    Some(stem) => format!("{stem} them"),
                    None => l.clone(),
                })
                .collect(),
            statements: q
                .items
                .iter()
                .filter(|i| i.observable)
                .map(|i| SheetStatement {
                    id: i.id.clone(),
                    text: i.text_for(rater).to_string(),
                })
                .collect(),
            not_applicable: q.not_applicable.as_ref().map(|_| CANT_JUDGE.to_string()),
            answers: BTreeMap::new(),
            date: None,
            answered_at: None,
        }
    }

    /// Parses a sheet and checks its frame: format, version, questionnaire, statements, rater.
    /// Answers are checked by [`RaterSheet::filled`].
    pub fn parse(text: &str) -> Result<RaterSheet, SheetError> {
        let value: serde_json::Value =
            serde_json::from_str(text).map_err(|e| SheetError::Json(e.to_string()))?;
        let object = value
            .as_object()
            .ok_or_else(|| SheetError::Json("expected a JSON object".into()))?;
        match object.get("format").and_then(|f| f.as_str()) {
            Some(FORMAT) => {}
            Some(other) => return Err(SheetError::Format(other.chars().take(64).collect())),
            None => return Err(SheetError::Json("it has no `format` field".into())),
        }
        match object.get("version").and_then(serde_json::Value::as_u64) {
            Some(v) if (u64::from(OLDEST_VERSION)..=u64::from(VERSION)).contains(&v) => {}
            Some(v) => return Err(SheetError::Version(u32::try_from(v).unwrap_or(u32::MAX))),
            None => return Err(SheetError::Json("it has no whole-number `version`".into())),
        }
        let mut sheet: RaterSheet =
            serde_json::from_value(value).map_err(|e| SheetError::Json(e.to_string()))?;
        let q = sheet.questionnaire()?;
        let ids: Vec<&str> = sheet.statements.iter().map(|s| s.id.as_str()).collect();
        let expected: Vec<&str> = q
            .items
            .iter()
            .filter(|i| i.observable)
            .map(|i| i.id.as_str())
            .collect();
        if ids != expected {
            return Err(SheetError::Statements(q.version.clone()));
        }
        sheet.not_applicable = q.not_applicable.as_ref().map(|_| CANT_JUDGE.to_string());
        if sheet.rater == Rater::SelfRating {
            return Err(SheetError::SelfRater);
        }
        match (&sheet.rater_id, sheet.version) {
            (Some(id), _) if !valid_rater_id(id) => return Err(SheetError::RaterId),
            (None, v) if v >= 2 => return Err(SheetError::RaterId),
            _ => {}
        }
        if let Some(name) = &sheet.rater_name {
            sheet.rater_name = Some(check_rater_name(sheet.rater, name)?);
        }
        DateTime::parse_from_rfc3339(&sheet.requested_at)
            .map_err(|_| SheetError::Json("`requested_at` is not an RFC 3339 time".into()))?;
        Ok(sheet)
    }

    pub fn questionnaire(&self) -> Result<&'static Questionnaire, SheetError> {
        questionnaire::by_version(&self.questionnaire).ok_or_else(|| {
            SheetError::UnknownQuestionnaire(self.questionnaire.chars().take(40).collect())
        })
    }

    /// `answers` (statement id to 1–5, or `null` for "can't judge") as an answer sheet of the
    /// sheet's questionnaire: every statement on the sheet needs an answer, none off it may have
    /// one (absent or `null`), and the statements the sheet leaves out (not observable) count as
    /// unanswered.
    pub fn answer_sheet(
        &self,
        answers: &serde_json::Map<String, serde_json::Value>,
    ) -> Result<AnswerSheet, SheetError> {
        let q = self.questionnaire()?;
        let mut all = answers.clone();
        for item in &q.items {
            let listed = self.statements.iter().any(|s| s.id == item.id);
            if !listed && answers.get(&item.id).is_some_and(|v| !v.is_null()) {
                return Err(SheetError::NotOnSheet(item.id.clone()));
            }
            if !listed {
                all.insert(item.id.clone(), serde_json::Value::Null);
            }
        }
        AnswerSheet::from_value(serde_json::json!({
            "questionnaire": q.version,
            "answers": all,
        }))
        .map_err(|e| SheetError::Answers(e.to_string()))
    }

    /// The answers as a validated, complete sheet, with the day they describe and when they were
    /// given; refused while anything is missing.
    pub fn filled(&self) -> Result<(AnswerSheet, NaiveDate, DateTime<chrono::Utc>), SheetError> {
        let answers = self
            .answers
            .iter()
            .map(|(id, v)| (id.clone(), serde_json::json!(v)))
            .collect();
        let sheet = self.answer_sheet(&answers)?;
        let date = self.date.ok_or_else(|| {
            SheetError::Unfilled("it has no `date` (the day the answers describe)".into())
        })?;
        let answered_at = self
            .answered_at
            .as_deref()
            .ok_or_else(|| SheetError::Unfilled("it has no `answered_at`".into()))
            .and_then(|t| {
                DateTime::parse_from_rfc3339(t)
                    .map(|t| t.with_timezone(&chrono::Utc))
                    .map_err(|_| SheetError::Json("`answered_at` is not an RFC 3339 time".into()))
            })?;
        Ok((sheet, date, answered_at))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blank() -> RaterSheet {
        RaterSheet::blank(
            "Ada",
            Rater::Coach,
            "5f0c2d9e-0000-4000-8000-000000000001".into(),
            "2026-11-23T10:00:00Z".into(),
        )
    }

    #[test]
    fn a_blank_sheet_round_trips_and_is_not_filled() {
        let sheet = blank();
        let text = serde_json::to_string(&sheet).unwrap();
        let parsed = RaterSheet::parse(&text).unwrap();
        assert_eq!(parsed, sheet);
        assert!(parsed.scale[0].ends_with("them"), "{:?}", parsed.scale);
        assert!(matches!(parsed.filled(), Err(SheetError::Answers(_))));
    }

    #[test]
    fn a_filled_sheet_gives_a_complete_answer_sheet() {
        let mut sheet = blank();
        for s in &sheet.statements {
            sheet.answers.insert(s.id.clone(), Some(4));
        }
        assert!(matches!(sheet.filled(), Err(SheetError::Unfilled(_))));
        sheet.date = NaiveDate::from_ymd_opt(2026, 11, 20);
        sheet.answered_at = Some("2026-11-22T08:00:00Z".into());
        let (answers, date, _) = sheet.filled().unwrap();
        assert_eq!(answers.answers().count(), sheet.statements.len());
        assert_eq!(date.to_string(), "2026-11-20");
    }

    #[test]
    fn a_v2_sheet_lists_only_what_others_can_see_and_takes_cant_judge() {
        let mut sheet = blank();
        let q = questionnaire::current();
        assert_eq!(q.version, "v2");
        let hidden: Vec<&str> = q
            .items
            .iter()
            .filter(|i| !i.observable)
            .map(|i| i.id.as_str())
            .collect();
        assert!(!hidden.is_empty());
        assert_eq!(sheet.statements.len(), q.items.len() - hidden.len());
        assert!(sheet
            .statements
            .iter()
            .all(|s| !hidden.contains(&s.id.as_str())));
        assert_eq!(sheet.not_applicable.as_deref(), Some(CANT_JUDGE));
        for (n, s) in sheet.statements.iter().enumerate() {
            // Every third one "can't judge".
            let answer = (n % 3 != 0).then_some(2 + (n % 3) as u8);
            sheet.answers.insert(s.id.clone(), answer);
        }
        sheet.date = NaiveDate::from_ymd_opt(2026, 11, 20);
        sheet.answered_at = Some("2026-11-22T08:00:00Z".into());
        let (answers, _, _) = sheet.filled().unwrap();
        let judged = sheet.answers.values().filter(|v| v.is_some()).count();
        assert_eq!(answers.answers().count(), judged);
        assert!(hidden.iter().all(|id| answers.answer(id).is_none()));
        // An answer to a statement the sheet leaves out is refused, naming it.
        let mut extra = sheet.clone();
        extra.answers.insert(hidden[0].to_string(), Some(3));
        assert_eq!(
            extra.filled().map(|_| ()),
            Err(SheetError::NotOnSheet(hidden[0].to_string()))
        );
        // A statement on the sheet with no entry at all is not filled in.
        let mut short = sheet.clone();
        let first = short.statements[0].id.clone();
        short.answers.remove(&first);
        assert!(matches!(short.filled(), Err(SheetError::Answers(m)) if m.contains(&first)));
    }

    #[test]
    fn foreign_changed_and_self_sheets_are_refused() {
        let good = serde_json::to_value(blank()).unwrap();
        let with = |key: &str, value: serde_json::Value| {
            let mut v = good.clone();
            v[key] = value;
            RaterSheet::parse(&v.to_string())
        };
        assert!(matches!(
            with("format", "x".into()),
            Err(SheetError::Format(_))
        ));
        assert_eq!(with("version", 3.into()), Err(SheetError::Version(3)));
        assert_eq!(with("rater_id", "a b".into()), Err(SheetError::RaterId));
        assert_eq!(
            with("rater_id", serde_json::Value::Null),
            Err(SheetError::RaterId)
        );
        assert!(matches!(
            with("questionnaire", "v9".into()),
            Err(SheetError::UnknownQuestionnaire(_))
        ));
        assert_eq!(with("rater", "self".into()), Err(SheetError::SelfRater));
        assert!(matches!(
            with("rater", "boss".into()),
            Err(SheetError::Json(_))
        ));
        let mut fewer = good.clone();
        fewer["statements"].as_array_mut().unwrap().pop();
        assert!(matches!(
            RaterSheet::parse(&fewer.to_string()),
            Err(SheetError::Statements(_))
        ));
        assert!(matches!(RaterSheet::parse("[]"), Err(SheetError::Json(_))));
    }

    #[test]
    fn a_version_1_sheet_still_reads_without_a_rater_id() {
        let mut old = serde_json::to_value(blank()).unwrap();
        old["version"] = 1.into();
        old.as_object_mut().unwrap().remove("rater_id");
        old.as_object_mut().unwrap().remove("rater_name");
        let sheet = RaterSheet::parse(&old.to_string()).unwrap();
        assert_eq!((sheet.version, sheet.rater_id), (1, None));
    }

    #[test]
    fn a_coach_may_give_a_name_and_a_peer_may_not() {
        let mut named = serde_json::to_value(blank()).unwrap();
        named["rater_name"] = "  Sam Coach ".into();
        let sheet = RaterSheet::parse(&named.to_string()).unwrap();
        assert_eq!(sheet.rater_name.as_deref(), Some("Sam Coach"));
        named["rater"] = "peer".into();
        assert!(matches!(
            RaterSheet::parse(&named.to_string()),
            Err(SheetError::RaterName(RaterNameError::Anonymous(_)))
        ));
        for (name, error) in [
            ("  ", RaterNameError::Empty),
            ("a\nb", RaterNameError::Control),
        ] {
            assert_eq!(check_rater_name(Rater::Manager, name), Err(error));
        }
        assert_eq!(
            check_rater_name(Rater::Coach, &"x".repeat(MAX_RATER_NAME + 1)),
            Err(RaterNameError::TooLong)
        );
    }
}
