//! Growth actions: concrete things a leader can do this month, and which ones to suggest for a score.
//!
//! The actions live in `content/growth-actions-v1.json`, embedded at build time and checked by
//! [`validate`]. Each action names the quadrant(s) it suits, the axis it aims to move, the alignment
//! tool it draws on, and the questionnaire statements it addresses.
//!
//! # How [`suggest`] ranks
//!
//! 1. Candidates are the actions for the score's quadrant (weight 1). When the score is borderline,
//!    actions for its neighbouring quadrants join them at [`NEIGHBOUR_WEIGHT`].
//! 2. Each candidate earns [`AXIS_POINTS`] if it aims at the weaker axis (the one with the lower
//!    position; none when they are equal), half that if it aims at `both`, nothing otherwise.
//! 3. It earns up to [`ROOM_POINTS`] for room to grow on its statements: per statement, the distance
//!    of the answer from the desired end of the scale, 0 at the desired end and 1 at the other. The
//!    desired end is "exactly like me" when the statement's loading on the action's axis is positive
//!    (for `both`, the sum of its two loadings), "not at all like me" when it is negative. The
//!    average over the action's statements is used; statements unknown to the sheet's questionnaire
//!    are skipped.
//! 4. The total is (axis points + room points) × quadrant weight; higher first, ties broken by the
//!    order of the content file, so the ranking is deterministic.
//! 5. Actions the leader already committed to are left out, unless fewer than `limit` others remain;
//!    then they follow the others, in their own ranked order.

use std::collections::{BTreeMap, HashSet};
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use super::answers::AnswerSheet;
use super::quadrant::Quadrant;
use super::questionnaire::{self, Item, Questionnaire};
use super::scoring::Score;

/// Fewest actions each quadrant must offer.
pub const MIN_PER_QUADRANT: usize = 5;

/// Allowed number of steps per action.
pub const STEPS: std::ops::RangeInclusive<usize> = 3..=5;

/// Allowed number of statements per action.
pub const STATEMENTS: std::ops::RangeInclusive<usize> = 1..=4;

/// Weight of an action that suits only a quadrant the position is close to.
pub const NEIGHBOUR_WEIGHT: f64 = 0.5;

/// Points for aiming at the weaker axis (half for `both`).
pub const AXIS_POINTS: f64 = 1.0;

/// Points for the most room to grow on an action's statements.
pub const ROOM_POINTS: f64 = 2.0;

/// At most this many statements are named in one suggestion's reasons.
const MAX_STATEMENT_REASONS: usize = 2;

/// Longest statement excerpt shown in a reason, in characters (before the ellipsis).
const EXCERPT_CHARS: usize = 70;

const ACTIONS_JSON: &str = include_str!("../../content/growth-actions-v1.json");

/// The axis an action aims to move.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Axis {
    Focus,
    Autonomy,
    Both,
}

impl Axis {
    pub fn tag(self) -> &'static str {
        match self {
            Axis::Focus => "focus",
            Axis::Autonomy => "autonomy",
            Axis::Both => "both",
        }
    }

    /// How agreeing with a statement moves this axis: its loading, or for `both` the sum of its
    /// loadings. Zero means the statement says nothing about this axis.
    fn pull(self, item: &Item) -> f64 {
        match self {
            Axis::Focus => item.focus,
            Axis::Autonomy => item.autonomy,
            Axis::Both => item.focus + item.autonomy,
        }
    }
}

/// The alignment tool an action draws on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Tool {
    /// Attend the meetings where the business is run; learn peers' roadmaps; master the product.
    StrategyImmersion,
    /// Log one proactive decision or initiative every week.
    ProactiveLog,
    /// Pushback as a continuum: other dates, phased delivery, workarounds, the real need.
    PushbackContinuum,
    /// Tell direct reports how your time with them splits between boss, peer and helper.
    RoleAllocation,
    /// Leaf, branch, trunk and root decisions.
    DecisionTree,
    /// Written notes to your boss, asking for feedback, sharing the logic of decisions.
    AlignmentHabits,
    /// A weekly hour with the team on where you are going and how you would know.
    DiscoveryQuestions,
    /// From alignment to buy-in: needs, possibilities as safe experiments, plan and act.
    BuyInPath,
    /// Alignment conversations that delete work.
    RemoveScope,
    /// Innovation as a habit, technology capital, reaching for the next phase.
    NextPhase,
}

impl Tool {
    pub const ALL: [Tool; 10] = [
        Tool::StrategyImmersion,
        Tool::ProactiveLog,
        Tool::PushbackContinuum,
        Tool::RoleAllocation,
        Tool::DecisionTree,
        Tool::AlignmentHabits,
        Tool::DiscoveryQuestions,
        Tool::BuyInPath,
        Tool::RemoveScope,
        Tool::NextPhase,
    ];

    /// The tag used in the content file.
    pub fn tag(self) -> &'static str {
        match self {
            Tool::StrategyImmersion => "strategy-immersion",
            Tool::ProactiveLog => "proactive-log",
            Tool::PushbackContinuum => "pushback-continuum",
            Tool::RoleAllocation => "role-allocation",
            Tool::DecisionTree => "decision-tree",
            Tool::AlignmentHabits => "alignment-habits",
            Tool::DiscoveryQuestions => "discovery-questions",
            Tool::BuyInPath => "buy-in-path",
            Tool::RemoveScope => "remove-scope",
            Tool::NextPhase => "next-phase",
        }
    }
}

/// One growth action, as written in the content file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GrowthAction {
    /// Stable identifier (a-z, 0-9 and -); commitments refer to it.
    pub id: String,
    /// The quadrants whose growth direction this action serves.
    pub quadrants: Vec<Quadrant>,
    pub title: String,
    pub why: String,
    pub steps: Vec<String>,
    pub axis: Axis,
    pub tool: Tool,
    /// Ids of questionnaire statements this action addresses.
    pub statements: Vec<String>,
    /// Where the idea comes from, for the Sources view.
    pub source: String,
}

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
/// statements of `questionnaire`, each loading on the action's axis; enough actions per quadrant;
/// every tool used.
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

/// Every growth action, in file order.
pub fn actions() -> &'static [GrowthAction] {
    static ACTIONS: OnceLock<Vec<GrowthAction>> = OnceLock::new();
    ACTIONS.get_or_init(|| {
        // The embedded file is checked by the `embedded_actions_are_valid` test, so this cannot
        // fail in a build that passed its tests.
        #[allow(clippy::expect_used)]
        load_actions(ACTIONS_JSON).expect("embedded growth actions are valid")
    })
}

/// A growth action by its id.
pub fn action(id: &str) -> Option<&'static GrowthAction> {
    actions().iter().find(|a| a.id == id)
}

/// A suggested action and why it was suggested, in words for the leader.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Suggestion {
    pub action: &'static GrowthAction,
    /// Short phrases; the first always says which quadrant the action suits.
    pub reasons: Vec<String>,
}

/// Growth actions for a scored sheet, best first, at most `limit` of them. See the module docs for
/// the rule. `committed` holds the ids of actions the leader committed to last time.
pub fn suggest(
    score: &Score,
    sheet: &AnswerSheet,
    committed: &[&str],
    limit: usize,
) -> Vec<Suggestion> {
    let answers: BTreeMap<&str, (&Item, u8)> = sheet
        .answers()
        .map(|(item, value)| (item.id.as_str(), (item, value)))
        .collect();
    let weaker = weaker_axis(score);
    let mut ranked: Vec<(usize, f64, Vec<String>)> = actions()
        .iter()
        .enumerate()
        .filter_map(|(index, action)| {
            let (weight, fit_reason) = fit(action, score)?;
            let mut reasons = vec![fit_reason];
            let axis_points = match weaker {
                Some(w) if action.axis == w => {
                    reasons.push(format!("Aims at {}, your weaker axis", w.tag()));
                    AXIS_POINTS
                }
                Some(w) if action.axis == Axis::Both => {
                    reasons.push(format!(
                        "Aims at both axes, including {}, your weaker axis",
                        w.tag()
                    ));
                    AXIS_POINTS / 2.0
                }
                _ => 0.0,
            };
            let (room, statement_reasons) = room_to_grow(action, &answers, sheet.questionnaire());
            reasons.extend(statement_reasons);
            Some((index, (axis_points + ROOM_POINTS * room) * weight, reasons))
        })
        .collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let is_committed = |index: usize| committed.contains(&actions()[index].id.as_str());
    let (fresh, repeats): (Vec<_>, Vec<_>) = ranked.into_iter().partition(|r| !is_committed(r.0));
    fresh
        .into_iter()
        .chain(repeats)
        .take(limit)
        .map(|(index, _, reasons)| Suggestion {
            action: &actions()[index],
            reasons,
        })
        .collect()
}

/// The axis with the lower position, if they differ.
fn weaker_axis(score: &Score) -> Option<Axis> {
    if score.focus < score.autonomy {
        Some(Axis::Focus)
    } else if score.autonomy < score.focus {
        Some(Axis::Autonomy)
    } else {
        None
    }
}

/// Whether an action is a candidate for this score: its weight and the reason, or `None`.
fn fit(action: &GrowthAction, score: &Score) -> Option<(f64, String)> {
    if action.quadrants.contains(&score.quadrant) {
        return Some((
            1.0,
            format!("Suits {}, where you stand now", score.quadrant.info().name),
        ));
    }
    if !score.borderline {
        return None;
    }
    score
        .neighbours
        .iter()
        .find(|q| action.quadrants.contains(q))
        .map(|q| {
            (
                NEIGHBOUR_WEIGHT,
                format!("Suits {}, which you are close to", q.info().name),
            )
        })
}

/// Average room to grow (0..1) on an action's statements, and reasons naming the statements
/// answered on the wrong side of the scale's midpoint (most room first).
fn room_to_grow(
    action: &GrowthAction,
    answers: &BTreeMap<&str, (&Item, u8)>,
    questionnaire: &Questionnaire,
) -> (f64, Vec<String>) {
    let (mid, half) = (
        questionnaire.scale.midpoint(),
        questionnaire.scale.half_range(),
    );
    let mut rooms: Vec<(f64, bool, &Item)> = action
        .statements
        .iter()
        .filter_map(|id| answers.get(id.as_str()))
        .filter_map(|(item, value)| {
            let pull = action.axis.pull(item);
            if pull == 0.0 || half <= 0.0 {
                return None;
            }
            let centred = (f64::from(*value) - mid) / half;
            let desired = pull.signum();
            Some(((1.0 - desired * centred) / 2.0, pull > 0.0, *item))
        })
        .collect();
    if rooms.is_empty() {
        return (0.0, Vec::new());
    }
    let average = rooms.iter().map(|r| r.0).sum::<f64>() / rooms.len() as f64;
    // Stable sort: equal room keeps the action's statement order.
    rooms.sort_by(|a, b| b.0.total_cmp(&a.0));
    let reasons = rooms
        .iter()
        .filter(|(room, _, _)| *room > 0.5)
        .take(MAX_STATEMENT_REASONS)
        .map(|(_, positive, item)| {
            let side = if *positive { "unlike" } else { "like" };
            format!(
                "Addresses a statement you said is {side} you: “{}”",
                excerpt(&item.text)
            )
        })
        .collect();
    (average, reasons)
}

/// A statement shortened for a reason: without the "In the past month" opening or the final full
/// stop, capitalised, and cut at a word boundary with an ellipsis when long.
fn excerpt(text: &str) -> String {
    let text = text.trim();
    let text = text
        .strip_prefix("In the past month")
        .map(|rest| rest.trim_start_matches(',').trim_start())
        .unwrap_or(text)
        .trim_end_matches('.');
    let mut chars = text.chars();
    let mut short: String = match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    };
    if short.chars().count() > EXCERPT_CHARS {
        let cut: String = short.chars().take(EXCERPT_CHARS).collect();
        let cut = match cut.rfind(' ') {
            Some(space) => &cut[..space],
            None => cut.as_str(),
        };
        short = format!("{}…", cut.trim_end_matches([',', ';', ':']));
    }
    short
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::scoring::score;
    use crate::domain::test_support::{extreme, sheet_by as sheet};

    /// Moves each statement's answer `steps` points from neutral toward the high end of the axis it
    /// loads on most (negative steps: toward the low end), separately per axis.
    fn leaning(focus_steps: i8, autonomy_steps: i8) -> AnswerSheet {
        sheet(|i| {
            let (loading, steps) = if i.focus.abs() >= i.autonomy.abs() {
                (i.focus, focus_steps)
            } else {
                (i.autonomy, autonomy_steps)
            };
            let moved = 3 + steps * loading.signum() as i8;
            moved.clamp(1, 5) as u8
        })
    }

    fn ids(suggestions: &[Suggestion]) -> Vec<&str> {
        suggestions.iter().map(|s| s.action.id.as_str()).collect()
    }

    fn home_actions(quadrant: Quadrant) -> usize {
        actions()
            .iter()
            .filter(|a| a.quadrants.contains(&quadrant))
            .count()
    }

    #[test]
    fn embedded_actions_are_valid() {
        let loaded = load_actions(ACTIONS_JSON).unwrap();
        assert!(
            (22..=26).contains(&loaded.len()),
            "{} actions",
            loaded.len()
        );
        assert_eq!(actions(), loaded.as_slice());
        for quadrant in Quadrant::ALL {
            assert!(home_actions(quadrant) >= MIN_PER_QUADRANT, "{quadrant:?}");
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
        for a in actions() {
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
                    a[0].axis = Axis::Focus;
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
            let mut edited = actions().to_vec();
            edit(&mut edited);
            let err = validate(&edited, questionnaire::current())
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

    #[test]
    fn extreme_patterns_get_actions_for_their_quadrant() {
        for (f, a, quadrant) in [
            (1.0, 1.0, Quadrant::ImpactGalore),
            (1.0, -1.0, Quadrant::GlorifiedManager),
            (-1.0, 1.0, Quadrant::TechBusywork),
            (-1.0, -1.0, Quadrant::LowEverything),
        ] {
            let s = extreme(f, a);
            let scored = score(&s);
            assert_eq!(scored.quadrant, quadrant);
            let suggestions = suggest(&scored, &s, &[], 100);
            assert_eq!(suggestions.len(), home_actions(quadrant), "{quadrant:?}");
            for suggestion in &suggestions {
                assert!(
                    suggestion.action.quadrants.contains(&quadrant),
                    "{quadrant:?} got `{}`",
                    suggestion.action.id
                );
            }
        }
    }

    #[test]
    fn the_weaker_axis_is_favoured() {
        for (weak_focus, weak_autonomy, quadrant) in [
            (leaning(-2, -1), leaning(-1, -2), Quadrant::LowEverything),
            (leaning(1, 2), leaning(2, 1), Quadrant::ImpactGalore),
        ] {
            let (sf, sa) = (score(&weak_focus), score(&weak_autonomy));
            assert_eq!((sf.quadrant, sa.quadrant), (quadrant, quadrant));
            assert!(
                sf.focus < sf.autonomy && sa.autonomy < sa.focus,
                "{sf:?} {sa:?}"
            );
            let top_f = &suggest(&sf, &weak_focus, &[], 1)[0];
            let top_a = &suggest(&sa, &weak_autonomy, &[], 1)[0];
            assert_eq!(top_f.action.axis, Axis::Focus, "{quadrant:?}");
            assert_eq!(top_a.action.axis, Axis::Autonomy, "{quadrant:?}");
            assert!(top_f
                .reasons
                .contains(&"Aims at focus, your weaker axis".to_string()));
        }
    }

    #[test]
    fn committed_actions_are_left_out_while_enough_others_remain() {
        let s = extreme(-1.0, -1.0);
        let scored = score(&s);
        let all = suggest(&scored, &s, &[], 100);
        let committed = [all[0].action.id.as_str(), all[2].action.id.as_str()];
        let three = suggest(&scored, &s, &committed, 3);
        assert_eq!(
            ids(&three),
            vec![
                all[1].action.id.as_str(),
                all[3].action.id.as_str(),
                all[4].action.id.as_str()
            ]
        );
    }

    #[test]
    fn committed_actions_come_last_when_too_few_others_remain() {
        let s = extreme(-1.0, -1.0);
        let scored = score(&s);
        let all = suggest(&scored, &s, &[], 100);
        let committed = [all[2].action.id.as_str(), all[0].action.id.as_str()];
        let every = suggest(&scored, &s, &committed, all.len());
        let n = all.len();
        assert_eq!(every.len(), n);
        assert_eq!(
            ids(&every[n - 2..]),
            vec![all[0].action.id.as_str(), all[2].action.id.as_str()],
            "committed ones follow the rest, in ranked order"
        );
        assert_eq!(every[0].action.id, all[1].action.id);
    }

    #[test]
    fn suggestions_are_deterministic() {
        for seed in 0..50_u32 {
            let s = sheet(|i| {
                let idx = questionnaire::current().item_index(&i.id).unwrap_or(0) as u32;
                (((idx * 7 + seed * 13) ^ (seed >> 2)) % 5 + 1) as u8
            });
            let scored = score(&s);
            assert_eq!(suggest(&scored, &s, &[], 10), suggest(&scored, &s, &[], 10));
        }
    }

    #[test]
    fn limit_is_respected() {
        let s = extreme(1.0, -1.0);
        let scored = score(&s);
        let available = home_actions(Quadrant::GlorifiedManager);
        for (limit, expected) in [
            (0, 0),
            (1, 1),
            (3, 3),
            (available, available),
            (50, available),
        ] {
            assert_eq!(
                suggest(&scored, &s, &[], limit).len(),
                expected,
                "limit {limit}"
            );
        }
        let committed = [actions()[0].id.as_str()];
        assert_eq!(suggest(&scored, &s, &committed, 50).len(), available);
    }

    #[test]
    fn every_suggestion_has_a_reason_and_names_its_quadrant_first() {
        let sheets = [
            extreme(1.0, 1.0),
            extreme(-1.0, 1.0),
            extreme(1.0, -1.0),
            extreme(-1.0, -1.0),
            sheet(|_| 3),
            leaning(1, -1),
        ];
        for s in &sheets {
            let scored = score(s);
            for suggestion in suggest(&scored, s, &[], 100) {
                let first = suggestion.reasons.first().map(String::as_str).unwrap_or("");
                assert!(
                    first.starts_with("Suits "),
                    "{}: {first}",
                    suggestion.action.id
                );
                assert!(suggestion.reasons.iter().all(|r| !r.trim().is_empty()));
            }
        }
    }

    #[test]
    fn low_answers_on_an_actions_statements_are_named() {
        let s = extreme(1.0, -1.0);
        let scored = score(&s);
        let options = suggest(&scored, &s, &["ask-for-the-real-need"], 100);
        let ask = options
            .iter()
            .find(|o| o.action.id == "ask-for-the-real-need")
            .unwrap();
        assert!(
            ask.reasons.contains(
                &"Addresses a statement you said is unlike you: “I asked what need lay behind a \
                  request before agreeing to it”"
                    .to_string()
            ),
            "{:?}",
            ask.reasons
        );
        assert!(ask.reasons.len() <= 2 + MAX_STATEMENT_REASONS);
    }

    #[test]
    fn borderline_positions_add_neighbouring_actions_at_lower_weight() {
        let s = sheet(|_| 3);
        let scored = score(&s);
        assert!(scored.borderline && scored.quadrant == Quadrant::ImpactGalore);
        let all = suggest(&scored, &s, &[], 100);
        assert_eq!(
            all.len(),
            actions().len(),
            "every quadrant is a neighbour here"
        );
        let home = home_actions(Quadrant::ImpactGalore);
        for (rank, suggestion) in all.iter().enumerate() {
            let is_home = suggestion
                .action
                .quadrants
                .contains(&Quadrant::ImpactGalore);
            assert_eq!(
                is_home,
                rank < home,
                "`{}` at rank {rank}",
                suggestion.action.id
            );
            if !is_home {
                assert!(suggestion.reasons[0].ends_with("which you are close to"));
            }
        }
        let clear = extreme(1.0, 1.0);
        assert_eq!(suggest(&score(&clear), &clear, &[], 100).len(), home);
    }

    #[test]
    fn excerpts_drop_the_opening_and_stay_short() {
        for (text, expected) in [
            (
                "In the past month I used our product the way a customer does.",
                "I used our product the way a customer does",
            ),
            (
                "In the past month, faced with a request, I offered another option.",
                "Faced with a request, I offered another option",
            ),
            (
                "In the past month my team's roadmap was decided by others and handed to me to deliver.",
                "My team's roadmap was decided by others and handed to me to deliver",
            ),
            (
                "In the past month I steered spare capacity into technical clean-up because it felt right, with the business case left vague.",
                "I steered spare capacity into technical clean-up because it felt…",
            ),
        ] {
            assert_eq!(excerpt(text), expected);
            assert!(excerpt(text).chars().count() <= EXCERPT_CHARS + 1);
        }
    }
}
