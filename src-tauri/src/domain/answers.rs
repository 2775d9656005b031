//! Answer sheets: parsing and validating a leader's answers against the questionnaire they name.
//!
//! The file format (also what the window sends):
//! `{"questionnaire": "v2", "answers": {"<item id>": 1..5 or null, ...}, "notes": {"<item id>":
//! "text"}, "note": "text"}`; `notes` and `note` are optional. `null` ("didn't come up", or "can't
//! judge" for another rater) is only for a version that offers that answer (v2 on; never v1).

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::Value;

use super::measurement::axis_name;
use super::questionnaire::{self, Questionnaire};
use super::scoring::Axis;

/// Longest note, per statement or per assessment, in characters.
pub const MAX_NOTE_CHARS: usize = 4000;

/// Why an answer sheet was refused. Messages name the field and value at fault.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum AnswersError {
    #[error("not a valid answer sheet: {0}")]
    Json(String),
    #[error("questionnaire version `{version}` is unknown; this Bearing knows {}", .known.join(", "))]
    UnknownVersion { version: String, known: Vec<String> },
    #[error("item `{id}` is not a statement of questionnaire {version}; use the ids the questionnaire lists")]
    UnknownItem { id: String, version: String },
    #[error("item `{id}` has value {value}, expected a whole number from {min} to {max}{}", if *.allows_null { ", or null when it did not come up" } else { "" })]
    BadValue {
        id: String,
        value: String,
        min: u8,
        max: u8,
        /// Whether the version takes `null` ("didn't come up").
        allows_null: bool,
    },
    #[error("{} of {total} statements have no answer: {}; every statement needs one{}", .ids.len(), list_ids(.ids), if *.allows_null { " (null when it did not come up)" } else { "" })]
    Missing {
        ids: Vec<String>,
        total: usize,
        allows_null: bool,
    },
    #[error("no statement on the {axis} axis was answered, so there is no {axis} position; answer at least one of them")]
    NothingOnAxis { axis: &'static str },
    #[error("the note on item `{id}` is not a statement of questionnaire {version}")]
    NoteForUnknownItem { id: String, version: String },
    #[error("the note {place} is {chars} characters long; the most is {MAX_NOTE_CHARS}")]
    NoteTooLong { place: String, chars: usize },
    #[error("the note {place} contains a NUL character; remove it")]
    NoteHasNul { place: String },
}

fn list_ids(ids: &[String]) -> String {
    const SHOWN: usize = 5;
    let mut shown: Vec<String> = ids.iter().take(SHOWN).map(|id| format!("`{id}`")).collect();
    if ids.len() > SHOWN {
        shown.push(format!("and {} more", ids.len() - SHOWN));
    }
    shown.join(", ")
}

/// The raw shape of an answer sheet, before it is checked against its questionnaire.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSheet {
    questionnaire: String,
    answers: BTreeMap<String, Value>,
    #[serde(default)]
    notes: BTreeMap<String, String>,
    #[serde(default)]
    note: Option<String>,
}

/// A complete, validated set of answers to one questionnaire version.
#[derive(Debug, Clone, PartialEq)]
pub struct AnswerSheet {
    questionnaire: &'static Questionnaire,
    /// One value per item, in the questionnaire's item order; `None` for "didn't come up".
    values: Vec<Option<u8>>,
    /// Notes per item id (only non-empty ones).
    notes: BTreeMap<String, String>,
    /// A note on the whole assessment.
    note: Option<String>,
}

impl AnswerSheet {
    /// Parses and validates an answer sheet given as JSON text.
    pub fn from_json(text: &str) -> Result<AnswerSheet, AnswersError> {
        let value: Value =
            serde_json::from_str(text).map_err(|e| AnswersError::Json(e.to_string()))?;
        AnswerSheet::from_value(value)
    }

    /// Validates an answer sheet already parsed as JSON (as the window sends it).
    pub fn from_value(value: Value) -> Result<AnswerSheet, AnswersError> {
        if !value.is_object() {
            return Err(AnswersError::Json(format!(
                "expected a JSON object with `questionnaire` and `answers`, found {}",
                kind_of(&value)
            )));
        }
        let raw: RawSheet =
            serde_json::from_value(value).map_err(|e| AnswersError::Json(e.to_string()))?;
        let questionnaire = questionnaire::by_version(&raw.questionnaire).ok_or_else(|| {
            AnswersError::UnknownVersion {
                version: raw.questionnaire.clone(),
                known: questionnaire::known_versions()
                    .into_iter()
                    .map(String::from)
                    .collect(),
            }
        })?;
        let scale = &questionnaire.scale;
        let allows_null = questionnaire.not_applicable.is_some();
        // Outer: whether the item is in the sheet; inner: its answer, `None` for "didn't come up".
        let mut values: Vec<Option<Option<u8>>> = vec![None; questionnaire.items.len()];
        for (id, value) in &raw.answers {
            let index = questionnaire
                .item_index(id)
                .ok_or_else(|| AnswersError::UnknownItem {
                    id: id.clone(),
                    version: questionnaire.version.clone(),
                })?;
            if value.is_null() && allows_null {
                values[index] = Some(None);
                continue;
            }
            let valid = value
                .as_u64()
                .and_then(|v| u8::try_from(v).ok())
                .filter(|v| (scale.min..=scale.max).contains(v));
            values[index] = Some(Some(valid.ok_or_else(|| AnswersError::BadValue {
                id: id.clone(),
                value: value.to_string(),
                min: scale.min,
                max: scale.max,
                allows_null,
            })?));
        }
        let missing: Vec<String> = questionnaire
            .items
            .iter()
            .zip(&values)
            .filter(|(_, v)| v.is_none())
            .map(|(item, _)| item.id.clone())
            .collect();
        if !missing.is_empty() {
            return Err(AnswersError::Missing {
                ids: missing,
                total: questionnaire.items.len(),
                allows_null,
            });
        }
        let values: Vec<Option<u8>> = values.into_iter().flatten().collect();
        for axis in Axis::ALL {
            let answered = questionnaire
                .items
                .iter()
                .zip(&values)
                .any(|(item, v)| v.is_some() && axis.loading(item) != 0.0);
            if !answered {
                return Err(AnswersError::NothingOnAxis {
                    axis: axis_name(axis),
                });
            }
        }
        let mut notes = BTreeMap::new();
        for (id, text) in raw.notes {
            if questionnaire.item(&id).is_none() {
                return Err(AnswersError::NoteForUnknownItem {
                    id,
                    version: questionnaire.version.clone(),
                });
            }
            if let Some(text) = check_note(&text, &format!("on item `{id}`"))? {
                notes.insert(id, text.to_owned());
            }
        }
        let note = match raw.note {
            Some(text) => check_note(&text, "on the assessment")?.map(str::to_owned),
            None => None,
        };
        Ok(AnswerSheet {
            questionnaire,
            values,
            notes,
            note,
        })
    }

    /// Builds a sheet from stored answers (e.g. read back from the database), where a statement
    /// without an answer did not come up: allowed only in a version that offers that answer.
    pub fn from_values(
        questionnaire: &'static Questionnaire,
        values: &BTreeMap<String, u8>,
    ) -> Result<AnswerSheet, AnswersError> {
        let mut answers: serde_json::Map<String, Value> = values
            .iter()
            .map(|(id, v)| (id.clone(), Value::from(*v)))
            .collect();
        if questionnaire.not_applicable.is_some() {
            for item in &questionnaire.items {
                answers.entry(item.id.clone()).or_insert(Value::Null);
            }
        }
        AnswerSheet::from_value(serde_json::json!({
            "questionnaire": questionnaire.version,
            "answers": Value::Object(answers),
        }))
    }

    pub fn questionnaire(&self) -> &'static Questionnaire {
        self.questionnaire
    }

    /// Each answered item with its answer, in questionnaire order (statements that did not come
    /// up are left out: they say nothing about either axis).
    pub fn answers(&self) -> impl Iterator<Item = (&'static super::Item, u8)> + '_ {
        self.questionnaire
            .items
            .iter()
            .zip(self.values.iter().copied())
            .filter_map(|(item, v)| v.map(|v| (item, v)))
    }

    /// The statements that did not come up ("didn't come up", or "can't judge"), in order.
    pub fn unanswered(&self) -> impl Iterator<Item = &'static super::Item> + '_ {
        self.questionnaire
            .items
            .iter()
            .zip(&self.values)
            .filter_map(|(item, v)| v.is_none().then_some(item))
    }

    /// The answer to statement `id`, if it has one on the scale.
    pub fn answer(&self, id: &str) -> Option<u8> {
        let index = self.questionnaire.item_index(id)?;
        self.values.get(index).copied().flatten()
    }

    /// The same answers with those to statements only the leader can see left out, as another
    /// rater's sheet holds them: `None` for a version without "didn't come up" (where every
    /// statement is observable anyway, so nothing would change).
    pub fn observable_part(&self) -> Option<AnswerSheet> {
        self.questionnaire.not_applicable.as_ref()?;
        let values = self
            .questionnaire
            .items
            .iter()
            .zip(&self.values)
            .map(|(item, v)| v.filter(|_| item.observable))
            .collect();
        Some(AnswerSheet {
            values,
            ..self.clone()
        })
    }

    /// Whether every statement got an answer on the scale.
    pub fn is_complete(&self) -> bool {
        self.values.iter().all(Option::is_some)
    }

    /// The axis weight of the answered statements (the divisor [`super::scoring::score`] uses).
    pub fn axis_weight(&self, axis: Axis) -> f64 {
        self.answers()
            .map(|(item, _)| axis.loading(item).abs())
            .sum()
    }

    /// Answers keyed by item id (answered statements only).
    pub fn answer_map(&self) -> BTreeMap<String, u8> {
        self.answers()
            .map(|(item, v)| (item.id.clone(), v))
            .collect()
    }

    pub fn notes(&self) -> &BTreeMap<String, String> {
        &self.notes
    }

    pub fn note(&self) -> Option<&str> {
        self.note.as_deref()
    }
}

/// Trims a note; an empty one is no note. Refuses over-long notes and NUL characters.
pub(crate) fn check_note<'a>(text: &'a str, place: &str) -> Result<Option<&'a str>, AnswersError> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Ok(None);
    }
    let chars = trimmed.chars().count();
    if chars > MAX_NOTE_CHARS {
        return Err(AnswersError::NoteTooLong {
            place: place.to_string(),
            chars,
        });
    }
    if trimmed.contains('\0') {
        return Err(AnswersError::NoteHasNul {
            place: place.to_string(),
        });
    }
    Ok(Some(trimmed))
}

pub(crate) fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn full_answers(value: u8) -> serde_json::Map<String, Value> {
        questionnaire::v1()
            .items
            .iter()
            .map(|i| (i.id.clone(), json!(value)))
            .collect()
    }

    fn sheet_with(answers: serde_json::Map<String, Value>) -> Value {
        json!({"questionnaire": "v1", "answers": answers})
    }

    #[test]
    fn complete_sheet_is_accepted_in_questionnaire_order() {
        let mut answers = full_answers(3);
        let first = questionnaire::v1().items[0].id.clone();
        answers.insert(first.clone(), json!(5));
        let sheet = AnswerSheet::from_value(sheet_with(answers)).unwrap();
        let (item, value) = sheet.answers().next().unwrap();
        assert_eq!((item.id.as_str(), value), (first.as_str(), 5));
        assert_eq!(sheet.answers().count(), questionnaire::v1().items.len());
    }

    #[test]
    fn bad_values_are_refused_with_the_item_and_value() {
        let id = questionnaire::v1().items[3].id.clone();
        for bad in [
            json!(0),
            json!(6),
            json!(3.5),
            json!("3"),
            json!(null),
            json!(-1),
            json!(300),
        ] {
            let mut answers = full_answers(3);
            answers.insert(id.clone(), bad.clone());
            let err = AnswerSheet::from_value(sheet_with(answers)).unwrap_err();
            assert_eq!(
                err.to_string(),
                format!("item `{id}` has value {bad}, expected a whole number from 1 to 5")
            );
        }
    }

    #[test]
    fn unknown_item_is_named() {
        let mut answers = full_answers(2);
        answers.insert("focus-99".into(), json!(3));
        let err = AnswerSheet::from_value(sheet_with(answers)).unwrap_err();
        assert!(err
            .to_string()
            .starts_with("item `focus-99` is not a statement of questionnaire v1"));
    }

    #[test]
    fn missing_answers_are_listed() {
        let mut answers = full_answers(2);
        let items = &questionnaire::v1().items;
        answers.remove(&items[0].id);
        answers.remove(&items[7].id);
        let err = AnswerSheet::from_value(sheet_with(answers)).unwrap_err();
        assert_eq!(
            err,
            AnswersError::Missing {
                ids: vec![items[0].id.clone(), items[7].id.clone()],
                total: items.len(),
                allows_null: false,
            }
        );
        assert!(err
            .to_string()
            .starts_with(&format!("2 of {} statements have no answer", items.len())));
    }

    #[test]
    fn unknown_version_lists_known_ones() {
        let err =
            AnswerSheet::from_value(json!({"questionnaire": "v9", "answers": {}})).unwrap_err();
        assert_eq!(
            err.to_string(),
            "questionnaire version `v9` is unknown; this Bearing knows v1, v2"
        );
    }

    #[test]
    fn malformed_documents_are_refused() {
        for (text, expected) in [
            ("{", "EOF while parsing"),
            ("[1,2]", "found an array"),
            (r#"{"answers": {}}"#, "missing field `questionnaire`"),
            (
                r#"{"questionnaire": "v1", "answers": {}, "extra": 1}"#,
                "unknown field `extra`",
            ),
            (r#"{"questionnaire": 1, "answers": {}}"#, "invalid type"),
        ] {
            let err = AnswerSheet::from_json(text).unwrap_err();
            assert!(matches!(err, AnswersError::Json(_)), "{text}: {err}");
            assert!(
                err.to_string().contains(expected),
                "{text}: `{err}` lacks `{expected}`"
            );
        }
    }

    #[test]
    fn notes_are_trimmed_checked_and_kept() {
        let id = questionnaire::v1().items[0].id.clone();
        let mut doc = sheet_with(full_answers(4));
        doc["notes"] = json!({ id.clone(): "  <b>kept as text</b>  ", questionnaire::v1().items[1].id.clone(): "   " });
        doc["note"] = json!("A hard month.");
        let sheet = AnswerSheet::from_value(doc.clone()).unwrap();
        assert_eq!(
            sheet.notes().get(&id).map(String::as_str),
            Some("<b>kept as text</b>")
        );
        assert_eq!(sheet.notes().len(), 1);
        assert_eq!(sheet.note(), Some("A hard month."));

        doc["note"] = json!("x".repeat(MAX_NOTE_CHARS + 1));
        let err = AnswerSheet::from_value(doc.clone()).unwrap_err();
        assert_eq!(
            err,
            AnswersError::NoteTooLong {
                place: "on the assessment".into(),
                chars: MAX_NOTE_CHARS + 1
            }
        );
        doc["note"] = json!("ok");
        doc["notes"] = json!({"nope": "text"});
        let err = AnswerSheet::from_value(doc).unwrap_err();
        assert!(
            matches!(err, AnswersError::NoteForUnknownItem { .. }),
            "{err}"
        );
    }
}
