//! Saved assessments as the rest of the app sees them: plain data, no storage details.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use compact_str::CompactString;
use serde::{Deserialize, Serialize};

use super::measurement::QualityFlag;
use super::quadrant::Quadrant;
use super::scoring::Neighbours;

/// Who answered the questionnaire about the leader.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    Default,
    clap::ValueEnum,
)]
#[serde(rename_all = "kebab-case")]
pub enum Rater {
    /// The leader about themselves.
    #[default]
    #[serde(rename = "self")]
    #[value(name = "self")]
    SelfRating,
    Coach,
    Manager,
    Peer,
    /// Someone in the leader's team: the team's view of the leader.
    DirectReport,
}

impl Rater {
    pub const ALL: [Rater; 5] = [
        Rater::SelfRating,
        Rater::Coach,
        Rater::Manager,
        Rater::Peer,
        Rater::DirectReport,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            Rater::SelfRating => "self",
            Rater::Coach => "coach",
            Rater::Manager => "manager",
            Rater::Peer => "peer",
            Rater::DirectReport => "direct-report",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Rater> {
        Rater::ALL.into_iter().find(|r| r.slug() == slug)
    }

    /// How this rater is named in the window, on sheets and on charts: the one place that wording
    /// lives (the window receives it through the `get_labels` command).
    pub fn words(self) -> &'static RaterWords {
        match self {
            Rater::SelfRating => &SELF_WORDS,
            Rater::Coach => &COACH_WORDS,
            Rater::Manager => &MANAGER_WORDS,
            Rater::Peer => &PEER_WORDS,
            Rater::DirectReport => &REPORT_WORDS,
        }
    }

    /// Whether this kind of rater is seen only as a group of at least
    /// [`crate::domain::raters::MIN_GROUP`] people, never one by one (peers and direct reports).
    pub fn is_group(self) -> bool {
        matches!(self, Rater::Peer | Rater::DirectReport)
    }
}

/// The words for one kind of rater.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct RaterWords {
    /// As a heading or a legend: "Coach".
    pub name: &'static str,
    /// In a sentence about the leader: "their coach".
    pub noun: &'static str,
    /// Owning an assessment: "a coach's".
    pub possessive: &'static str,
    /// Over a questionnaire this rater answers: "Their coach answers about them".
    pub answers_about: &'static str,
    /// On a chart's legend.
    #[serde(skip)]
    pub chart: &'static str,
    /// A group of them, counted: "Peers" in "Peers (4)"; empty for one-to-one raters.
    pub group: &'static str,
}

const SELF_WORDS: RaterWords = RaterWords {
    name: "You",
    noun: "the leader",
    possessive: "your own",
    answers_about: "You answer about yourself",
    chart: "Self",
    group: "",
};
const COACH_WORDS: RaterWords = RaterWords {
    name: "Coach",
    noun: "their coach",
    possessive: "a coach's",
    answers_about: "Their coach answers about them",
    chart: "Coach",
    group: "",
};
const MANAGER_WORDS: RaterWords = RaterWords {
    name: "Manager",
    noun: "their manager",
    possessive: "a manager's",
    answers_about: "Their manager answers about them",
    chart: "Manager",
    group: "",
};
const PEER_WORDS: RaterWords = RaterWords {
    name: "Peer",
    noun: "a peer",
    possessive: "a peer's",
    answers_about: "A peer answers about them",
    chart: "Peers",
    group: "Peers",
};
const REPORT_WORDS: RaterWords = RaterWords {
    name: "Direct report",
    noun: "someone in their team",
    possessive: "a direct report's",
    answers_about: "Someone in their team answers about them",
    chart: "Reports",
    group: "Reports",
};

/// One saved assessment without its answers: what lists and charts need.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AssessmentSummary {
    pub id: i64,
    /// The day the assessment describes (YYYY-MM-DD).
    pub date: NaiveDate,
    /// When it was saved (RFC 3339, UTC). This and the two other short texts a history repeats on
    /// every row (the person's name, the questionnaire's version) are kept inline, so reading a
    /// long history allocates nothing per row for them.
    pub recorded_at: CompactString,
    pub profile_id: i64,
    pub profile: CompactString,
    pub rater: Rater,
    /// Who answered, for another rater: the id of the sheet they answered (or of this Bearing's
    /// window for an answer given here); `None` for the leader's own assessments.
    pub rater_id: Option<String>,
    /// The name a coach or manager gave when answering; never set for peers and direct reports.
    pub rater_name: Option<String>,
    pub questionnaire: CompactString,
    pub focus: f64,
    pub autonomy: f64,
    pub quadrant: Quadrant,
    pub borderline: bool,
    pub neighbours: Neighbours,
    /// The response-quality flags raised when it was saved. Not serialized here: a report says
    /// them with their messages.
    #[serde(skip)]
    pub flags: Vec<QualityFlag>,
    /// Flagged and not (yet) confirmed by the leader: left out of comparisons, trends and
    /// calibration. Not serialized here: reports and history rows say it.
    #[serde(skip)]
    pub provisional: bool,
}

impl AssessmentSummary {
    /// Whose series this assessment belongs to: changes over time are computed only between
    /// assessments with the same identity. The leader is one; a coach or manager is one per name
    /// (or one per kind when unnamed); each peer or direct report is their own sheet's id.
    pub fn identity(&self) -> RaterIdentity {
        let key = match self.rater {
            Rater::SelfRating => String::new(),
            Rater::Coach | Rater::Manager => self
                .rater_name
                .as_deref()
                .map(|n| n.trim().to_ascii_lowercase())
                .unwrap_or_default(),
            Rater::Peer | Rater::DirectReport => self.rater_id.clone().unwrap_or_default(),
        };
        RaterIdentity {
            rater: self.rater,
            key,
        }
    }
}

/// Who a series of assessments is by: a kind of rater and, within it, one person.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RaterIdentity {
    pub rater: Rater,
    pub key: String,
}

/// One saved assessment with its raw answers (notes stay private and are not included).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Assessment {
    #[serde(flatten)]
    pub summary: AssessmentSummary,
    pub answers: BTreeMap<String, u8>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rater_slugs_round_trip_through_serde() {
        for rater in Rater::ALL {
            assert_eq!(Rater::from_slug(rater.slug()), Some(rater));
            assert_eq!(
                serde_json::to_string(&rater).unwrap(),
                format!("\"{}\"", rater.slug())
            );
        }
        assert_eq!(Rater::default(), Rater::SelfRating);
        assert_eq!(Rater::from_slug("boss"), None);
    }
}
