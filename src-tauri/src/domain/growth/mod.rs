//! Growth actions: concrete things a leader can do this month, and which ones to suggest for a score.
//!
//! The actions live in `content/growth-actions-v1.json` (and, for questionnaire v2, not yet in use,
//! `content/growth-actions-v2.json`), embedded at build time and checked by
//! [`validate`] ([`content`]). Each action names the quadrant(s) it suits, the axis it aims to move
//! ([`Aim`]), the alignment tool it draws on, and the questionnaire statements it addresses.
//! [`suggest`] ranks them for a scored answer sheet ([`ranking`], whose docs give the rule).

mod content;
mod ranking;

use serde::{Deserialize, Serialize};

use super::quadrant::Quadrant;
use super::questionnaire::Item;

pub use content::{
    action, actions, actions_for, load_actions, validate, GrowthError, MIN_PER_QUADRANT,
    STATEMENTS, STEPS,
};
pub use ranking::{suggest, Suggestion, AXIS_POINTS, NEIGHBOUR_WEIGHT, ROOM_POINTS};

/// Which axis an action aims to move: focus, autonomy, or both at once. Unlike
/// [`scoring::Axis`](super::scoring::Axis), which is always exactly one of the two axes. Written in
/// the content file and in JSON output as `"focus"`, `"autonomy"` or `"both"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Aim {
    Focus,
    Autonomy,
    Both,
}

impl Aim {
    pub fn tag(self) -> &'static str {
        match self {
            Aim::Focus => "focus",
            Aim::Autonomy => "autonomy",
            Aim::Both => "both",
        }
    }

    /// How agreeing with a statement moves this axis: its loading, or for `both` the sum of its
    /// loadings. Zero means the statement says nothing about this axis.
    fn pull(self, item: &Item) -> f64 {
        match self {
            Aim::Focus => item.focus,
            Aim::Autonomy => item.autonomy,
            Aim::Both => item.focus + item.autonomy,
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
    /// Which axis (or both) the action aims to move; `axis` in the content file.
    pub axis: Aim,
    pub tool: Tool,
    /// Ids of questionnaire statements this action addresses.
    pub statements: Vec<String>,
    /// Where the idea comes from, for the Sources view.
    pub source: String,
    /// How the leader can tell the action is done, in one line. Required from questionnaire v2
    /// on; absent in v1's actions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub done_when: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aims_keep_their_names_in_json() {
        for aim in [Aim::Focus, Aim::Autonomy, Aim::Both] {
            let json = serde_json::to_string(&aim).unwrap();
            assert_eq!(json, format!("\"{}\"", aim.tag()));
            assert_eq!(serde_json::from_str::<Aim>(&json).unwrap(), aim);
        }
        assert_eq!(Aim::Both.tag(), "both");
    }
}
