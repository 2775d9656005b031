//! Commitments: the one to three growth actions a leader picks after a result, and how each went,
//! told at the next assessment.
//!
//! A commitment belongs to the assessment it was made after and is open until a later assessment
//! reviews it. Reviews arrive as JSON (from the window, or `bearing assess --reviews FILE`):
//! `{"<action id>": {"status": "done" | "partly" | "not-started", "note": "text"}, ...}`, one entry
//! per open commitment; `note` is optional.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::answers::{check_note, AnswersError};
use super::growth::{self, GrowthAction};

/// Most actions a leader commits to for one period.
pub const MAX_COMMITMENTS: usize = 3;

/// How a commitment went, as the leader tells it at the next assessment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReviewStatus {
    Done,
    Partly,
    NotStarted,
}

impl ReviewStatus {
    pub const ALL: [ReviewStatus; 3] = [
        ReviewStatus::Done,
        ReviewStatus::Partly,
        ReviewStatus::NotStarted,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            ReviewStatus::Done => "done",
            ReviewStatus::Partly => "partly",
            ReviewStatus::NotStarted => "not-started",
        }
    }

    pub fn from_slug(slug: &str) -> Option<ReviewStatus> {
        ReviewStatus::ALL.into_iter().find(|s| s.slug() == slug)
    }

    /// Words for the leader.
    pub fn label(self) -> &'static str {
        match self {
            ReviewStatus::Done => "Done",
            ReviewStatus::Partly => "Partly",
            ReviewStatus::NotStarted => "Not started",
        }
    }
}

/// How a commitment went.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Review {
    pub status: ReviewStatus,
    /// Private to the leader.
    pub note: Option<String>,
    /// The assessment at which it was reviewed.
    pub reviewed_in: i64,
}

/// A growth action the leader committed to after an assessment.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Commitment {
    pub id: i64,
    /// The assessment after which it was made.
    pub assessment_id: i64,
    /// That assessment's date: the start of the period the commitment is for.
    pub committed_on: NaiveDate,
    pub action_id: String,
    /// The action's title, or its id when this Bearing no longer knows the action.
    pub title: String,
    /// `None` while open.
    pub review: Option<Review>,
}

impl Commitment {
    /// The growth action, when this Bearing knows it.
    pub fn action(&self) -> Option<&'static GrowthAction> {
        growth::action(&self.action_id)
    }
}

/// A review as the leader gave it, before it is matched to a stored commitment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewInput {
    pub status: ReviewStatus,
    pub note: Option<String>,
}

/// Why a choice of actions or a set of reviews was refused. Messages name the fault and the fix.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum CommitmentError {
    #[error("choose from 1 to {MAX_COMMITMENTS} growth actions, not {0}; fewer is better")]
    Count(usize),
    #[error("`{0}` is not a growth action; choose one of the suggested actions")]
    UnknownAction(String),
    #[error("growth action `{0}` is chosen twice; choose each action once")]
    Duplicate(String),
    #[error("not valid reviews: {0}; expected {{\"<action id>\": {{\"status\": \"done\" | \"partly\" | \"not-started\", \"note\": \"...\"}}}}")]
    Json(String),
    #[error("review of `{action}`: status `{status}` is unknown; use done, partly or not-started")]
    BadStatus { action: String, status: String },
    #[error("there is no open commitment to `{action}` due for review by this assessment; {}", open_list(.open))]
    NotOpen { action: String, open: Vec<String> },
    #[error("{} waiting for a review: {}; say how each went (done, partly or not-started) before saving the next assessment", count(.missing.len()), ids(.missing))]
    Unreviewed { missing: Vec<String> },
    #[error(transparent)]
    Note(#[from] AnswersError),
}

fn count(n: usize) -> String {
    if n == 1 {
        "1 commitment is".into()
    } else {
        format!("{n} commitments are")
    }
}

fn ids(list: &[String]) -> String {
    list.iter()
        .map(|a| format!("`{a}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn open_list(open: &[String]) -> String {
    if open.is_empty() {
        "none is due by its date, so leave the reviews out".into()
    } else {
        format!("the ones due are {}", ids(open))
    }
}

/// Checks a choice of actions to commit to: 1 to [`MAX_COMMITMENTS`] known actions, each once.
/// Returns them in the order given.
pub fn check_choice(action_ids: &[String]) -> Result<Vec<&'static GrowthAction>, CommitmentError> {
    if action_ids.is_empty() || action_ids.len() > MAX_COMMITMENTS {
        return Err(CommitmentError::Count(action_ids.len()));
    }
    let mut seen = BTreeSet::new();
    action_ids
        .iter()
        .map(|id| {
            let action =
                growth::action(id).ok_or_else(|| CommitmentError::UnknownAction(clip(id)))?;
            if !seen.insert(id.as_str()) {
                return Err(CommitmentError::Duplicate(id.clone()));
            }
            Ok(action)
        })
        .collect()
}

/// An id as it can be shown in a message: never longer than 64 characters.
fn clip(id: &str) -> String {
    const MAX: usize = 64;
    if id.chars().count() > MAX {
        format!("{}…", id.chars().take(MAX).collect::<String>())
    } else {
        id.to_string()
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawReview {
    status: String,
    #[serde(default)]
    note: Option<String>,
}

/// Parses reviews and matches them to the open commitments (by action id): every open commitment
/// needs exactly one review, and nothing else may be reviewed. `null` or an absent value counts as
/// no reviews. Returns the reviews keyed by action id.
pub fn parse_reviews(
    value: Option<Value>,
    open: &[Commitment],
) -> Result<BTreeMap<String, ReviewInput>, CommitmentError> {
    let raw: BTreeMap<String, RawReview> = match value {
        None | Some(Value::Null) => BTreeMap::new(),
        Some(value @ Value::Object(_)) => {
            serde_json::from_value(value).map_err(|e| CommitmentError::Json(e.to_string()))?
        }
        Some(other) => {
            return Err(CommitmentError::Json(format!(
                "expected a JSON object, found {}",
                match other {
                    Value::Array(_) => "an array",
                    Value::String(_) => "a string",
                    Value::Number(_) => "a number",
                    _ => "a boolean",
                }
            )))
        }
    };
    let open_ids: Vec<String> = open
        .iter()
        .map(|c| c.action_id.clone())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let mut reviews = BTreeMap::new();
    for (action, review) in raw {
        if !open_ids.contains(&action) {
            return Err(CommitmentError::NotOpen {
                action: clip(&action),
                open: open_ids,
            });
        }
        let status =
            ReviewStatus::from_slug(&review.status).ok_or_else(|| CommitmentError::BadStatus {
                action: action.clone(),
                status: clip(&review.status),
            })?;
        let note = match review.note {
            Some(text) => check_note(text, &format!("on the review of `{action}`"))?,
            None => None,
        };
        reviews.insert(action, ReviewInput { status, note });
    }
    let missing: Vec<String> = open_ids
        .into_iter()
        .filter(|id| !reviews.contains_key(id))
        .collect();
    if !missing.is_empty() {
        return Err(CommitmentError::Unreviewed { missing });
    }
    Ok(reviews)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn open(action: &str) -> Commitment {
        Commitment {
            id: 1,
            assessment_id: 1,
            committed_on: NaiveDate::from_ymd_opt(2026, 10, 1).unwrap(),
            action_id: action.into(),
            title: action.into(),
            review: None,
        }
    }

    fn two_actions() -> (String, String) {
        let all = growth::actions();
        (all[0].id.clone(), all[1].id.clone())
    }

    #[test]
    fn statuses_round_trip_through_slugs_and_serde() {
        for s in ReviewStatus::ALL {
            assert_eq!(ReviewStatus::from_slug(s.slug()), Some(s));
            assert_eq!(
                serde_json::to_string(&s).unwrap(),
                format!("\"{}\"", s.slug())
            );
        }
        assert_eq!(ReviewStatus::from_slug("finished"), None);
    }

    #[test]
    fn a_choice_takes_one_to_three_known_actions_once_each() {
        let (a, b) = two_actions();
        let chosen = check_choice(&[a.clone(), b.clone()]).unwrap();
        assert_eq!(
            chosen.iter().map(|x| x.id.as_str()).collect::<Vec<_>>(),
            [a.as_str(), b.as_str()]
        );
        assert_eq!(check_choice(&[]), Err(CommitmentError::Count(0)));
        let four: Vec<String> = growth::actions()
            .iter()
            .take(4)
            .map(|x| x.id.clone())
            .collect();
        assert_eq!(check_choice(&four), Err(CommitmentError::Count(4)));
        assert_eq!(
            check_choice(&[a.clone(), a.clone()]),
            Err(CommitmentError::Duplicate(a.clone()))
        );
        assert_eq!(
            check_choice(&["no-such-action".into()]),
            Err(CommitmentError::UnknownAction("no-such-action".into()))
        );
        let long = "x".repeat(500);
        match check_choice(&[long]) {
            Err(CommitmentError::UnknownAction(shown)) => assert!(shown.chars().count() <= 65),
            other => panic!("expected UnknownAction, got {other:?}"),
        }
    }

    #[test]
    fn reviews_must_cover_every_open_commitment() {
        let (a, b) = two_actions();
        let open = [open(&a), open(&b)];
        let reviews = parse_reviews(
            Some(json!({ a.clone(): {"status": "done", "note": "  shipped it  "}, b.clone(): {"status": "not-started"} })),
            &open,
        )
        .unwrap();
        assert_eq!(
            reviews[&a],
            ReviewInput {
                status: ReviewStatus::Done,
                note: Some("shipped it".into())
            }
        );
        assert_eq!(reviews[&b].status, ReviewStatus::NotStarted);
        assert_eq!(reviews[&b].note, None);

        let missing = parse_reviews(Some(json!({ a.clone(): {"status": "partly"} })), &open);
        assert_eq!(
            missing,
            Err(CommitmentError::Unreviewed {
                missing: vec![b.clone()]
            })
        );
        let none = parse_reviews(None, &open).unwrap_err();
        assert!(
            none.to_string().contains("2 commitments are waiting"),
            "{none}"
        );
    }

    #[test]
    fn reviews_refuse_unknown_commitments_statuses_and_shapes() {
        let (a, b) = two_actions();
        let open_a = [open(&a)];
        assert_eq!(
            parse_reviews(Some(json!({ b.clone(): {"status": "done"} })), &open_a),
            Err(CommitmentError::NotOpen {
                action: b.clone(),
                open: vec![a.clone()]
            })
        );
        assert_eq!(
            parse_reviews(Some(json!({ a.clone(): {"status": "finished"} })), &open_a),
            Err(CommitmentError::BadStatus {
                action: a.clone(),
                status: "finished".into()
            })
        );
        assert!(matches!(
            parse_reviews(Some(json!([1, 2])), &open_a),
            Err(CommitmentError::Json(_))
        ));
        assert!(matches!(
            parse_reviews(
                Some(json!({ a.clone(): {"status": "done", "extra": 1} })),
                &open_a
            ),
            Err(CommitmentError::Json(_))
        ));
        let long_note = "n".repeat(crate::domain::answers::MAX_NOTE_CHARS + 1);
        assert!(matches!(
            parse_reviews(
                Some(json!({ a.clone(): {"status": "done", "note": long_note} })),
                &open_a
            ),
            Err(CommitmentError::Note(AnswersError::NoteTooLong { .. }))
        ));
        // Nothing open: no reviews is fine, any review is refused.
        assert_eq!(parse_reviews(Some(json!({})), &[]), Ok(BTreeMap::new()));
        let err = parse_reviews(Some(json!({ a.clone(): {"status": "done"} })), &[]).unwrap_err();
        assert!(err.to_string().contains("leave the reviews out"), "{err}");
    }
}
