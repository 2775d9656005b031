//! A questionnaire in progress, kept so that closing the window midway loses nothing.
//!
//! A draft has the answer sheet's shape, but may be incomplete, plus the reviews of open
//! commitments given so far and where the leader was:
//! `{"questionnaire": "v2", "answers": {...}, "notes": {...}, "note": "...",
//!   "reviews": {"<action id>": {"status": "done" | null, "note": "..."}},
//!   "step": "review" | "statements", "position": 0}`.
//! Everything but `questionnaire` is optional. It is checked as strictly as a sheet, except that
//! answers may be missing and notes are kept exactly as typed.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::answers::{kind_of, AnswersError, MAX_NOTE_CHARS};
use super::commitment::{ReviewStatus, MAX_COMMITMENTS};
use super::questionnaire::{self, is_valid_id};

/// Most reviews a draft holds. Normally at most [`MAX_COMMITMENTS`] commitments are open, but an
/// imported history can leave more open at once.
pub const MAX_DRAFT_REVIEWS: usize = 10 * MAX_COMMITMENTS;

/// Where in the assessment the leader was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Step {
    /// Saying how the open commitments went.
    Review,
    /// Answering the statements.
    #[default]
    Statements,
}

/// A review being given: the status may not be chosen yet.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewDraft {
    #[serde(default)]
    pub status: Option<ReviewStatus>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A validated draft.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Draft {
    pub questionnaire: String,
    /// Answers given so far; `null` for a statement that did not come up (versions that offer it).
    #[serde(default)]
    pub answers: BTreeMap<String, Option<u8>>,
    #[serde(default)]
    pub notes: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(default)]
    pub reviews: BTreeMap<String, ReviewDraft>,
    #[serde(default)]
    pub step: Step,
    #[serde(default)]
    pub position: usize,
}

/// Why a draft was refused.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum DraftError {
    #[error("not a valid draft: {0}")]
    Json(String),
    #[error(transparent)]
    Answers(#[from] AnswersError),
    #[error("the draft is at statement {position}, but questionnaire {version} has {count}")]
    Position {
        position: usize,
        version: String,
        count: usize,
    },
    #[error("the draft reviews {0} commitments; a draft holds at most {MAX_DRAFT_REVIEWS}")]
    TooManyReviews(usize),
    #[error("the draft reviews `{0}`, which is not a growth action id (a-z, 0-9 and -)")]
    BadReviewId(String),
}

impl Draft {
    /// Validates a draft as the window sends it.
    pub fn from_value(value: Value) -> Result<Draft, DraftError> {
        if !value.is_object() {
            return Err(DraftError::Json(format!(
                "expected a JSON object, found {}",
                kind_of(&value)
            )));
        }
        let draft: Draft =
            serde_json::from_value(value).map_err(|e| DraftError::Json(e.to_string()))?;
        draft.validate()?;
        Ok(draft)
    }

    /// Reads back a draft stored by [`Draft::to_json`].
    pub fn from_json(text: &str) -> Result<Draft, DraftError> {
        let value: Value =
            serde_json::from_str(text).map_err(|e| DraftError::Json(e.to_string()))?;
        Draft::from_value(value)
    }

    pub fn to_json(&self) -> String {
        // A struct of strings, numbers and maps with string keys always serialises.
        serde_json::to_string(self).unwrap_or_else(|_| String::from("{}"))
    }

    /// How many statements have an answer.
    pub fn answered(&self) -> usize {
        self.answers.len()
    }

    fn validate(&self) -> Result<(), DraftError> {
        let q = questionnaire::by_version(&self.questionnaire).ok_or_else(|| {
            AnswersError::UnknownVersion {
                version: self.questionnaire.clone(),
                known: questionnaire::known_versions()
                    .into_iter()
                    .map(String::from)
                    .collect(),
            }
        })?;
        let unknown = |id: &str| AnswersError::UnknownItem {
            id: id.to_string(),
            version: q.version.clone(),
        };
        let allows_null = q.not_applicable.is_some();
        for (id, value) in &self.answers {
            q.item(id).ok_or_else(|| unknown(id))?;
            let valid = match value {
                Some(v) => (q.scale.min..=q.scale.max).contains(v),
                None => allows_null,
            };
            if !valid {
                return Err(AnswersError::BadValue {
                    id: id.clone(),
                    value: value.map_or_else(|| "null".into(), |v| v.to_string()),
                    min: q.scale.min,
                    max: q.scale.max,
                    allows_null,
                }
                .into());
            }
        }
        for (id, text) in &self.notes {
            if q.item(id).is_none() {
                return Err(AnswersError::NoteForUnknownItem {
                    id: id.clone(),
                    version: q.version.clone(),
                }
                .into());
            }
            check_draft_note(text, &format!("on item `{id}`"))?;
        }
        if let Some(text) = &self.note {
            check_draft_note(text, "on the assessment")?;
        }
        if self.reviews.len() > MAX_DRAFT_REVIEWS {
            return Err(DraftError::TooManyReviews(self.reviews.len()));
        }
        for (id, review) in &self.reviews {
            if !is_valid_id(id) {
                return Err(DraftError::BadReviewId(id.chars().take(64).collect()));
            }
            if let Some(text) = &review.note {
                check_draft_note(text, &format!("on the review of `{id}`"))?;
            }
        }
        if self.position >= q.items.len() {
            return Err(DraftError::Position {
                position: self.position + 1,
                version: q.version.clone(),
                count: q.items.len(),
            });
        }
        Ok(())
    }
}

/// A note being typed: kept as is, but held to the same limits as a saved note.
fn check_draft_note(text: &str, place: &str) -> Result<(), AnswersError> {
    let chars = text.chars().count();
    if chars > MAX_NOTE_CHARS {
        return Err(AnswersError::NoteTooLong {
            place: place.to_string(),
            chars,
        });
    }
    if text.contains('\0') {
        return Err(AnswersError::NoteHasNul {
            place: place.to_string(),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn first_id() -> String {
        questionnaire::v1().items[0].id.clone()
    }

    #[test]
    fn a_partial_draft_round_trips_exactly() {
        let id = first_id();
        let value = json!({
            "questionnaire": "v1",
            "answers": { id.clone(): 4 },
            "notes": { id.clone(): "typing… " },
            "note": "",
            "reviews": { "weekly-decision-log": { "status": "partly", "note": "half" }, "other-action": {} },
            "step": "review",
            "position": 3
        });
        let draft = Draft::from_value(value).unwrap();
        assert_eq!(draft.answered(), 1);
        assert_eq!(draft.notes[&id], "typing… ", "notes are kept as typed");
        assert_eq!(draft.step, Step::Review);
        assert_eq!(draft.reviews["other-action"].status, None);
        assert_eq!(Draft::from_json(&draft.to_json()).unwrap(), draft);
    }

    #[test]
    fn only_the_questionnaire_is_required() {
        let draft = Draft::from_value(json!({"questionnaire": "v1"})).unwrap();
        assert_eq!(draft.answered(), 0);
        assert_eq!((draft.step, draft.position), (Step::Statements, 0));
    }

    #[test]
    fn drafts_are_checked_like_sheets() {
        let id = first_id();
        let refused = [
            json!([]),
            json!({"questionnaire": "v9"}),
            json!({"questionnaire": "v1", "answers": {"nope": 3}}),
            json!({"questionnaire": "v1", "answers": { id.clone(): 6 }}),
            json!({"questionnaire": "v1", "answers": { id.clone(): "3" }}),
            json!({"questionnaire": "v1", "notes": {"nope": "x"}}),
            json!({"questionnaire": "v1", "note": "x".repeat(MAX_NOTE_CHARS + 1)}),
            json!({"questionnaire": "v1", "note": "a\u{0}b"}),
            json!({"questionnaire": "v1", "position": 26}),
            json!({"questionnaire": "v1", "step": "done"}),
            json!({"questionnaire": "v1", "reviews": {"Bad Id": {}}}),
            json!({"questionnaire": "v1", "reviews": (0..=MAX_DRAFT_REVIEWS).map(|i| (format!("a{i}"), json!({}))).collect::<serde_json::Map<_, _>>()}),
            json!({"questionnaire": "v1", "reviews": {"a": {"status": "finished"}}}),
            json!({"questionnaire": "v1", "extra": true}),
        ];
        for value in refused {
            assert!(
                Draft::from_value(value.clone()).is_err(),
                "should refuse {value}"
            );
        }
        let err = Draft::from_value(json!({"questionnaire": "v1", "position": 40})).unwrap_err();
        assert!(err.to_string().contains("statement 41"), "{err}");
    }
}
