//! Loading and checking the growth action content: parsing the embedded file, validating every
//! action against the questionnaire it names, and finding actions by id.

use std::collections::HashSet;
use std::sync::OnceLock;

use serde::Deserialize;

use super::{GrowthAction, Tool};
use crate::domain::quadrant::Quadrant;
use crate::domain::questionnaire::{self, Questionnaire};

/// Fewest actions each quadrant must offer.
pub const MIN_PER_QUADRANT: usize = 5;

/// Allowed number of steps per action.
pub const STEPS: std::ops::RangeInclusive<usize> = 3..=5;

/// Allowed number of statements per action.
pub const STATEMENTS: std::ops::RangeInclusive<usize> = 1..=4;

const ACTIONS_JSON: &str = include_str!("../../../content/growth-actions-v1.json");

/// The actions written for questionnaire v2, which is not yet in use (see
/// [`questionnaire::v2`]).
const ACTIONS_V2_JSON: &str = include_str!("../../../content/growth-actions-v2.json");

/// Questionnaire versions whose actions were written before `done_when` existed; every later
/// version's actions must say how the leader can tell an action is done.
const WITHOUT_DONE_WHEN: [&str; 1] = ["v1"];

/// The content file: the questionnaire version whose statement ids the actions use, and the actions.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ActionsFile {
    questionnaire: String,
    actions: Vec<GrowthAction>,
}

/// Why growth action content was refused. Messages name the action and field at fault.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum GrowthError {
    #[error("growth actions file: {0}")]
    Json(String),
    #[error("growth actions file: questionnaire version `{0}` is unknown")]
    UnknownQuestionnaire(String),
    #[error("growth action id `{id}` must be 1 to 64 characters of a-z, 0-9 and -")]
    BadId { id: String },
    #[error("growth action `{id}` appears twice")]
    DuplicateId { id: String },
    #[error("growth action `{id}`: `{field}` is empty")]
    Empty { id: String, field: &'static str },
    #[error("growth action `{id}`: `{field}` lists `{value}` twice")]
    Repeated {
        id: String,
        field: &'static str,
        value: String,
    },
    #[error(
        "growth action `{id}`: `steps` has {count} entries, expected {} to {}",
        STEPS.start(),
        STEPS.end()
    )]
    StepCount { id: String, count: usize },
    #[error("growth action `{id}`: `done_when` is missing; actions for questionnaire {version} say how the leader can tell the action is done")]
    NoDoneWhen { id: String, version: String },
    #[error("growth action `{id}`: `steps` entry {number} is empty")]
    EmptyStep { id: String, number: usize },
    #[error(
        "growth action `{id}`: `statements` has {count} entries, expected {} to {}",
        STATEMENTS.start(),
        STATEMENTS.end()
    )]
    StatementCount { id: String, count: usize },
    #[error("growth action `{id}`: `statements` names `{statement}`, which is not a statement of questionnaire {version}")]
    UnknownStatement {
        id: String,
        statement: String,
        version: String,
    },
    #[error("growth action `{id}`: statement `{statement}` does not load on the action's `axis` ({axis})")]
    OffAxis {
        id: String,
        statement: String,
        axis: &'static str,
    },
    #[error(
        "quadrant `{quadrant}` has {count} growth actions, expected at least {MIN_PER_QUADRANT}"
    )]
    TooFewForQuadrant {
        quadrant: &'static str,
        count: usize,
    },
    #[error("no growth action uses the tool `{tool}`; every tool needs at least one")]
    ToolUnused { tool: &'static str },
}

/// Parses a growth actions file and checks it against the questionnaire it names.
pub fn load_actions(json: &str) -> Result<Vec<GrowthAction>, GrowthError> {
    let file: ActionsFile =
        serde_json::from_str(json).map_err(|e| GrowthError::Json(e.to_string()))?;
    let q = questionnaire::by_version(&file.questionnaire)
        .ok_or_else(|| GrowthError::UnknownQuestionnaire(file.questionnaire.clone()))?;
    validate(&file.actions, q)?;
    Ok(file.actions)
}

/// Checks what suggestions rely on: unique, well-formed ids; non-empty texts; 3 to 5 steps; 1 to 4
/// statements of `questionnaire`, each loading on the action's axis; a non-empty `done_when` if
/// given, and always for questionnaires after v1; enough actions per quadrant; every tool used.
pub fn validate(
    actions: &[GrowthAction],
    questionnaire: &Questionnaire,
) -> Result<(), GrowthError> {
    let mut ids = HashSet::new();
    for action in actions {
        validate_action(action, questionnaire)?;
        if !ids.insert(action.id.as_str()) {
            return Err(GrowthError::DuplicateId {
                id: action.id.clone(),
            });
        }
    }
    for quadrant in Quadrant::ALL {
        let count = actions
            .iter()
            .filter(|a| a.quadrants.contains(&quadrant))
            .count();
        if count < MIN_PER_QUADRANT {
            return Err(GrowthError::TooFewForQuadrant {
                quadrant: quadrant.slug(),
                count,
            });
        }
    }
    if let Some(tool) = Tool::ALL
        .into_iter()
        .find(|t| !actions.iter().any(|a| a.tool == *t))
    {
        return Err(GrowthError::ToolUnused { tool: tool.tag() });
    }
    Ok(())
}

fn validate_action(
    action: &GrowthAction,
    questionnaire: &Questionnaire,
) -> Result<(), GrowthError> {
    let id = &action.id;
    if !questionnaire::is_valid_id(id) {
        return Err(GrowthError::BadId { id: id.clone() });
    }
    let empty = |field| GrowthError::Empty {
        id: id.clone(),
        field,
    };
    for (field, text) in [
        ("title", &action.title),
        ("why", &action.why),
        ("source", &action.source),
    ] {
        if text.trim().is_empty() {
            return Err(empty(field));
        }
    }
    match &action.done_when {
        Some(done) if done.trim().is_empty() => return Err(empty("done_when")),
        None if !WITHOUT_DONE_WHEN.contains(&questionnaire.version.as_str()) => {
            return Err(GrowthError::NoDoneWhen {
                id: id.clone(),
                version: questionnaire.version.clone(),
            })
        }
        _ => {}
    }
    if action.quadrants.is_empty() {
        return Err(empty("quadrants"));
    }
    if let Some(q) = first_repeat(&action.quadrants) {
        return Err(GrowthError::Repeated {
            id: id.clone(),
            field: "quadrants",
            value: q.slug().to_string(),
        });
    }
    if !STEPS.contains(&action.steps.len()) {
        return Err(GrowthError::StepCount {
            id: id.clone(),
            count: action.steps.len(),
        });
    }
    if let Some(index) = action.steps.iter().position(|s| s.trim().is_empty()) {
        return Err(GrowthError::EmptyStep {
            id: id.clone(),
            number: index + 1,
        });
    }
    if !STATEMENTS.contains(&action.statements.len()) {
        return Err(GrowthError::StatementCount {
            id: id.clone(),
            count: action.statements.len(),
        });
    }
    if let Some(s) = first_repeat(&action.statements) {
        return Err(GrowthError::Repeated {
            id: id.clone(),
            field: "statements",
            value: s.clone(),
        });
    }
    for statement in &action.statements {
        let item = questionnaire
            .item(statement)
            .ok_or_else(|| GrowthError::UnknownStatement {
                id: id.clone(),
                statement: statement.clone(),
                version: questionnaire.version.clone(),
            })?;
        if action.axis.pull(item) == 0.0 {
            return Err(GrowthError::OffAxis {
                id: id.clone(),
                statement: statement.clone(),
                axis: action.axis.tag(),
            });
        }
    }
    Ok(())
}

fn first_repeat<T: PartialEq>(list: &[T]) -> Option<&T> {
    list.iter()
        .enumerate()
        .find(|(i, x)| list[..*i].contains(x))
        .map(|(_, x)| x)
}

/// Every growth action of the catalogue in use (written for the current questionnaire, v2), in
/// file order. It keeps every earlier action id, so a commitment made to one still finds it.
pub fn actions() -> &'static [GrowthAction] {
    static V2: OnceLock<Vec<GrowthAction>> = OnceLock::new();
    V2.get_or_init(|| {
        // Checked by the `v2_actions_are_valid` test, so this cannot fail in a build that passed
        // its tests.
        #[allow(clippy::expect_used)]
        load_actions(ACTIONS_V2_JSON).expect("embedded growth actions v2 are valid")
    })
}

/// The growth actions written for questionnaire v1 (their statements are v1's).
fn actions_v1() -> &'static [GrowthAction] {
    static V1: OnceLock<Vec<GrowthAction>> = OnceLock::new();
    V1.get_or_init(|| {
        // Checked by the `embedded_actions_are_valid` test.
        #[allow(clippy::expect_used)]
        load_actions(ACTIONS_JSON).expect("embedded growth actions are valid")
    })
}

/// The growth actions written for a questionnaire version, if there are any: a sheet is ranked
/// against the actions whose statements are its own questionnaire's.
pub fn actions_for(version: &str) -> Option<&'static [GrowthAction]> {
    match version {
        "v1" => Some(actions_v1()),
        "v2" => Some(actions()),
        _ => None,
    }
}

/// A growth action by its id, in the catalogue in use (which holds every earlier id too).
pub fn action(id: &str) -> Option<&'static GrowthAction> {
    actions().iter().find(|a| a.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::growth::Aim;

    #[test]
    fn embedded_actions_are_valid() {
        let loaded = load_actions(ACTIONS_JSON).unwrap();
        assert!(
            (22..=26).contains(&loaded.len()),
            "{} actions",
            loaded.len()
        );
        assert_eq!(actions_v1(), loaded.as_slice());
        for quadrant in Quadrant::ALL {
            let home = actions_v1()
                .iter()
                .filter(|a| a.quadrants.contains(&quadrant))
                .count();
            assert!(home >= MIN_PER_QUADRANT, "{quadrant:?}");
        }
    }

    #[test]
    fn actions_are_found_by_id() {
        let first = &actions()[0];
        assert_eq!(action(&first.id), Some(first));
        assert_eq!(action("no-such-action"), None);
    }

    #[test]
    fn texts_speak_to_the_leader_and_are_tidy() {
        for a in actions().iter().chain(v2_actions()) {
            let why = a.why.to_lowercase();
            assert!(
                why.split(|c: char| !c.is_alphanumeric())
                    .any(|w| matches!(w, "you" | "your" | "yours" | "yourself")),
                "{}: `why` is not addressed to the reader",
                a.id
            );
            let sentences = a.why.matches(['.', '?', '!']).count();
            assert!(
                (1..=2).contains(&sentences),
                "{}: `why` has {sentences} sentences",
                a.id
            );
            assert!(
                a.title.chars().count() <= 60 && !a.title.ends_with('.'),
                "{}: title `{}` should be short, without a full stop",
                a.id,
                a.title
            );
            for step in &a.steps {
                assert!(
                    step.ends_with(['.', '?']),
                    "{}: step `{step}` is not a sentence",
                    a.id
                );
            }
        }
    }

    fn v2_actions() -> &'static [GrowthAction] {
        actions_for("v2").unwrap()
    }

    #[test]
    fn v2_actions_are_valid_and_kept_apart_from_v1() {
        let loaded = load_actions(ACTIONS_V2_JSON).unwrap();
        assert_eq!(v2_actions(), loaded.as_slice());
        assert!(loaded.len() >= 24, "{} actions", loaded.len());
        assert_eq!(actions_for("v1"), Some(actions_v1()));
        assert_eq!(
            actions_for("v2"),
            Some(actions()),
            "v2's actions are the ones in use"
        );
        assert_eq!(actions_for("v9"), None);
        for a in actions_v1() {
            assert!(
                action(&a.id).is_some(),
                "v1 action `{}` is missing from the catalogue in use, so a commitment to it would be lost",
                a.id
            );
        }
        let v2 = questionnaire::v2();
        for a in v2_actions() {
            assert!(
                a.done_when.as_ref().is_some_and(|d| d.ends_with('.')),
                "{}",
                a.id
            );
            for s in &a.statements {
                assert!(v2.item(s).is_some(), "{}: {s}", a.id);
            }
        }
        assert!(actions_v1().iter().all(|a| a.done_when.is_none()));
    }

    /// What v2's actions add to v1's, as the review of v1 asked.
    #[test]
    fn v2_actions_cover_what_v1_missed() {
        let find = |id: &str| v2_actions().iter().find(|a| a.id == id).unwrap();
        let busywork = |id: &str| find(id).quadrants.contains(&Quadrant::TechBusywork);
        for id in [
            "two-notes-a-week",
            "share-your-reasoning",
            "pair-on-a-how-decision",
            "join-strategy-and-goal-setting",
        ] {
            assert!(busywork(id), "{id} should serve Tech Busywork");
        }
        let tradeoffs = find("agree-how-tradeoffs-are-raised");
        assert!(tradeoffs.quadrants.contains(&Quadrant::GlorifiedManager));
        assert!(find("choose-your-next-phase").why.contains("intermission"));
        let commit = find("decide-and-commit");
        assert!(commit
            .steps
            .iter()
            .any(|s| s.contains("disagree and commit")));
        assert!(commit.steps.iter().any(|s| s.contains("success")));
        assert!(find("cut-unlinked-work")
            .steps
            .iter()
            .any(|s| s.contains("what depends on it")));
        assert_ne!(find("explain-your-time-split").axis, Aim::Autonomy);
    }

    #[test]
    fn v2_actions_need_a_done_when() {
        let mut edited = v2_actions().to_vec();
        edited[0].done_when = None;
        let err = validate(&edited, questionnaire::v2())
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with(&format!(
                "growth action `{}`: `done_when` is missing",
                edited[0].id
            )),
            "{err}"
        );
        edited[0].done_when = Some(" ".into());
        let err = validate(&edited, questionnaire::v2())
            .unwrap_err()
            .to_string();
        assert!(err.ends_with("`done_when` is empty"), "{err}");
    }

    type Edit = Box<dyn FnOnce(&mut Vec<GrowthAction>)>;

    #[test]
    fn validation_names_the_action_and_field() {
        let id = actions()[0].id.clone();
        let cases: Vec<(Edit, String)> = vec![
            (
                Box::new(|a| a[0].id = "Bad Id".into()),
                "growth action id `Bad Id` must be 1 to 64 characters".into(),
            ),
            (
                Box::new(|a| a[1].id = a[0].id.clone()),
                format!("growth action `{id}` appears twice"),
            ),
            (
                Box::new(|a| a[0].title = " ".into()),
                format!("growth action `{id}`: `title` is empty"),
            ),
            (
                Box::new(|a| a[0].why = String::new()),
                format!("growth action `{id}`: `why` is empty"),
            ),
            (
                Box::new(|a| a[0].source = "\n".into()),
                format!("growth action `{id}`: `source` is empty"),
            ),
            (
                Box::new(|a| a[0].quadrants.clear()),
                format!("growth action `{id}`: `quadrants` is empty"),
            ),
            (
                Box::new(|a| a[0].quadrants = vec![Quadrant::TechBusywork; 2]),
                format!("growth action `{id}`: `quadrants` lists `tech-busywork` twice"),
            ),
            (
                Box::new(|a| a[0].steps.truncate(2)),
                format!("growth action `{id}`: `steps` has 2 entries, expected 3 to 5"),
            ),
            (
                Box::new(|a| a[0].steps = vec!["Do it.".into(); 6]),
                format!("growth action `{id}`: `steps` has 6 entries, expected 3 to 5"),
            ),
            (
                Box::new(|a| a[0].steps[1] = "  ".into()),
                format!("growth action `{id}`: `steps` entry 2 is empty"),
            ),
            (
                Box::new(|a| a[0].statements.clear()),
                format!("growth action `{id}`: `statements` has 0 entries, expected 1 to 4"),
            ),
            (
                Box::new(|a| a[0].statements = vec!["focus-priorities-check".into(); 5]),
                format!("growth action `{id}`: `statements` has 5 entries, expected 1 to 4"),
            ),
            (
                Box::new(|a| a[0].statements = vec!["focus-explained-why".into(); 2]),
                format!("growth action `{id}`: `statements` lists `focus-explained-why` twice"),
            ),
            (
                Box::new(|a| a[0].statements[0] = "focus-99".into()),
                format!(
                    "growth action `{id}`: `statements` names `focus-99`, which is not a \
                     statement of questionnaire v1"
                ),
            ),
            (
                Box::new(|a| {
                    a[0].axis = Aim::Focus;
                    a[0].statements = vec!["autonomy-did-as-asked".into()];
                }),
                format!(
                    "growth action `{id}`: statement `autonomy-did-as-asked` does not load on \
                     the action's `axis` (focus)"
                ),
            ),
            (
                Box::new(|a| a.retain(|x| !x.quadrants.contains(&Quadrant::ImpactGalore))),
                "quadrant `impact-galore` has 0 growth actions, expected at least 5".into(),
            ),
            (
                Box::new(|a| a.retain(|x| x.tool != Tool::RoleAllocation)),
                "no growth action uses the tool `role-allocation`".into(),
            ),
        ];
        for (edit, expected) in cases {
            let mut edited = actions_v1().to_vec();
            edit(&mut edited);
            let err = validate(&edited, questionnaire::v1())
                .unwrap_err()
                .to_string();
            assert!(
                err.starts_with(&expected),
                "`{err}` should start with `{expected}`"
            );
        }
    }

    #[test]
    fn malformed_files_are_refused() {
        for (json, expected) in [
            ("42", "growth actions file: invalid type"),
            (
                r#"{"questionnaire": "v1", "actions": [], "extra": 1}"#,
                "unknown field `extra`",
            ),
            (
                r#"{"questionnaire": "v9", "actions": []}"#,
                "questionnaire version `v9` is unknown",
            ),
        ] {
            let err = load_actions(json).unwrap_err().to_string();
            assert!(err.contains(expected), "{json}: `{err}` lacks `{expected}`");
        }
        let mut file: serde_json::Value = serde_json::from_str(ACTIONS_JSON).unwrap();
        file["actions"][0]["tool"] = "coaching".into();
        let err = load_actions(&file.to_string()).unwrap_err().to_string();
        assert!(err.contains("unknown variant `coaching`"), "{err}");
    }
}
