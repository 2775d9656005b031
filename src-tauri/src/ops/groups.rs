//! Peers and direct reports as the window, the command line, charts and CSV see them: one row per
//! period and kind, pooled when at least [`MIN_GROUP`] people answered, withheld (a count and how
//! many more are needed) below that. Nothing here hands out one person's answers.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use super::OpsError;
use crate::domain::raters::{group_periods, pool, GroupPeriod, GroupView, MIN_GROUP};
use crate::domain::scoring::classify;
use crate::domain::{AssessmentSummary, Quadrant, Rater};
use crate::storage::Storage;

/// The kinds of rater seen only as groups.
pub const GROUP_KINDS: [Rater; 2] = [Rater::Peer, Rater::DirectReport];

/// One period's group of one kind.
#[derive(Debug, Clone, Serialize)]
pub struct GroupRow {
    pub rater: Rater,
    /// "Peers (4)", "Reports (3)".
    pub who: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// How many people answered.
    pub raters: usize,
    /// How many more must answer before the group is shown (0 once it is).
    pub needed: usize,
    /// The pooled view; `null` while withheld.
    pub view: Option<PooledView>,
}

/// A shown group's position, quadrant and spread, and its mean answer per statement.
#[derive(Debug, Clone, Serialize)]
pub struct PooledView {
    #[serde(flatten)]
    pub pooled: GroupView,
    pub quadrant: Quadrant,
    pub quadrant_name: &'static str,
}

impl GroupRow {
    /// What a withheld group says in the window: "2 peers answered; 1 more needed".
    pub fn withheld_words(&self) -> String {
        let noun = if self.rater == Rater::Peer {
            ("peer", "peers")
        } else {
            ("direct report", "direct reports")
        };
        let people = if self.raters == 1 { noun.0 } else { noun.1 };
        format!(
            "{} {people} answered; {} more needed before their answers are shown (at least {MIN_GROUP}, so no one's can be picked out)",
            self.raters, self.needed
        )
    }
}

/// "Peers (4)" for a group of four peers.
pub fn group_label(rater: Rater, raters: usize) -> String {
    format!("{} ({raters})", rater.words().group)
}

/// Every group period of `profile`'s peers and direct reports, oldest first (by the period's last
/// day). Reads the answers of shown groups only.
pub fn group_rows(storage: &Storage, all: &[AssessmentSummary]) -> Result<Vec<GroupRow>, OpsError> {
    let periods: Vec<GroupPeriod> = GROUP_KINDS
        .iter()
        .flat_map(|kind| group_periods(all, *kind))
        .collect();
    let shown_ids: Vec<i64> = periods
        .iter()
        .filter(|p| p.shown())
        .flat_map(|p| p.members.iter().copied())
        .collect();
    let answers = storage.answers_of(&shown_ids)?;
    let by_id: BTreeMap<i64, &AssessmentSummary> = all.iter().map(|a| (a.id, a)).collect();
    let empty = BTreeMap::new();
    let mut rows: Vec<GroupRow> = periods
        .into_iter()
        .map(|p| {
            let view = p
                .shown()
                .then(|| {
                    let members: Vec<(f64, f64, &BTreeMap<String, u8>)> = p
                        .members
                        .iter()
                        .filter_map(|id| by_id.get(id))
                        .map(|a| (a.focus, a.autonomy, answers.get(&a.id).unwrap_or(&empty)))
                        .collect();
                    pool(&members)
                })
                .flatten()
                .map(|pooled| {
                    let (quadrant, _, _) = classify(pooled.focus, pooled.autonomy);
                    PooledView {
                        quadrant,
                        quadrant_name: &quadrant.info().name,
                        pooled,
                    }
                });
            GroupRow {
                rater: p.rater,
                who: group_label(p.rater, p.raters),
                from: p.from,
                to: p.to,
                raters: p.raters,
                needed: p.needed(),
                view,
            }
        })
        .collect();
    rows.sort_by_key(|r| (r.to, r.rater));
    Ok(rows)
}
