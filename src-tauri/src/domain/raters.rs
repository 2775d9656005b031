//! Peers and direct reports as groups: which of their sheets make one period's group, and what a
//! group may show. A group is shown only when at least [`MIN_GROUP`] different people of one kind
//! answered in the period, so that no single person's answers can be picked out; below that only
//! the count is known and how many more are needed.
//!
//! Pure functions of positions, answers and dates, like the rest of the core.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use serde::Serialize;

use super::assessment::{AssessmentSummary, Rater};
use super::gap::{AxisGap, GapLevel, PERIOD_WINDOW_DAYS};
use super::measurement::{Sem, Sems};
use super::questionnaire::Questionnaire;
use super::scoring::round1;

/// The fewest people of one kind whose answers are shown, pooled, as a group.
pub const MIN_GROUP: usize = 3;

/// One period's sheets by raters of one group kind: the latest sheet of each person who answered
/// between `from` and `to`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupPeriod {
    pub rater: Rater,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// The assessments pooled: one per person, their latest in the period.
    #[serde(skip)]
    pub members: Vec<i64>,
    /// How many people answered.
    pub raters: usize,
}

impl GroupPeriod {
    /// Whether the group may be shown: [`MIN_GROUP`] people or more.
    pub fn shown(&self) -> bool {
        self.raters >= MIN_GROUP
    }

    /// How many more people must answer before the group is shown (0 once it is).
    pub fn needed(&self) -> usize {
        MIN_GROUP.saturating_sub(self.raters)
    }
}

/// Splits the usable assessments of one group kind into periods, oldest first. A period starts at
/// the earliest sheet not yet placed and takes every sheet up to [`PERIOD_WINDOW_DAYS`] later (a
/// round of sheets sent out together and answered over a few weeks); within it each person counts
/// once, with their latest sheet. Assessments of other kinds, and provisional ones, are left out.
pub fn group_periods(all: &[AssessmentSummary], rater: Rater) -> Vec<GroupPeriod> {
    let mut sheets: Vec<&AssessmentSummary> = all
        .iter()
        .filter(|a| a.rater == rater && !a.provisional)
        .collect();
    sheets.sort_by(|a, b| (a.date, &a.recorded_at, a.id).cmp(&(b.date, &b.recorded_at, b.id)));
    let mut periods = Vec::new();
    let mut rest = &sheets[..];
    while let Some(first) = rest.first() {
        let end = rest
            .iter()
            .position(|a| (a.date - first.date).num_days() > PERIOD_WINDOW_DAYS)
            .unwrap_or(rest.len());
        let (period, later) = rest.split_at(end);
        let mut latest: BTreeMap<String, &AssessmentSummary> = BTreeMap::new();
        for a in period {
            latest.insert(a.identity().key, a);
        }
        let mut members: Vec<i64> = latest.values().map(|a| a.id).collect();
        members.sort_unstable();
        periods.push(GroupPeriod {
            rater,
            from: first.date,
            to: period.last().map_or(first.date, |a| a.date),
            raters: members.len(),
            members,
        });
        rest = later;
    }
    periods
}

/// A shown group's pooled view: the mean position, the spread between its people and the mean
/// answer per statement.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupView {
    pub focus: f64,
    pub autonomy: f64,
    /// The standard deviation between the people's positions, per axis (one decimal).
    pub focus_spread: f64,
    pub autonomy_spread: f64,
    /// Mean answer per statement id (one decimal), over the people who answered it; only
    /// statements at least [`MIN_GROUP`] of them answered (the rest could not judge), so no
    /// statement's mean is one or two people's answers.
    pub statements: BTreeMap<String, f64>,
}

/// One person of a group: their focus, autonomy and answers.
pub type Member<'a> = (f64, f64, &'a BTreeMap<String, u8>);

/// Pools the positions and answers of a shown group's people. `None` below [`MIN_GROUP`]: a
/// group that small shows nothing from its sheets.
pub fn pool(members: &[Member<'_>]) -> Option<GroupView> {
    if members.len() < MIN_GROUP {
        return None;
    }
    let n = members.len() as f64;
    let mean = |f: &dyn Fn(&Member<'_>) -> f64| members.iter().map(f).sum::<f64>() / n;
    let (focus, autonomy) = (mean(&|m| m.0), mean(&|m| m.1));
    let spread = |centre: f64, f: &dyn Fn(&Member<'_>) -> f64| {
        (members.iter().map(|m| (f(m) - centre).powi(2)).sum::<f64>() / (n - 1.0)).sqrt()
    };
    let mut sums: BTreeMap<String, (f64, usize)> = BTreeMap::new();
    for (_, _, answers) in members {
        for (id, value) in answers.iter() {
            let entry = sums.entry(id.clone()).or_insert((0.0, 0));
            entry.0 += f64::from(*value);
            entry.1 += 1;
        }
    }
    Some(GroupView {
        focus: round1(focus),
        autonomy: round1(autonomy),
        focus_spread: round1(spread(focus, &|m| m.0)),
        autonomy_spread: round1(spread(autonomy, &|m| m.1)),
        statements: sums
            .into_iter()
            .filter(|(_, (_, count))| *count >= MIN_GROUP)
            .map(|(id, (sum, count))| (id, round1(sum / count as f64)))
            .collect(),
    })
}

/// The standard error of a group's mean position: each person's view carries the instrument's
/// error and the group's people also disagree, so the larger of the two spreads (`base` SEM or the
/// observed spread) is divided by √n.
pub fn group_sems(base: &Sems, view: &GroupView, raters: usize) -> Sems {
    let n = (raters.max(1) as f64).sqrt();
    let axis = |sem: Sem, spread: f64| Sem::new(sem.value().max(spread) / n, sem.source());
    Sems {
        focus: axis(base.focus, view.focus_spread),
        autonomy: axis(base.autonomy, view.autonomy_spread),
    }
}

/// One statement the leader and a group answered differently: the leader's answer against the
/// group's mean.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupStatementGap {
    pub id: String,
    /// The statement as the leader reads it.
    pub text: String,
    pub self_answer: u8,
    pub group_mean: f64,
    /// `group_mean − self_answer`, one decimal.
    pub difference: f64,
    pub level: GapLevel,
}

/// The gap between the leader's view of themselves and a group's pooled view.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupGap {
    pub focus: AxisGap,
    pub autonomy: AxisGap,
    /// Statements a whole step or more apart (leader's answer against the group's mean), widest
    /// first, then in questionnaire order.
    pub statements: Vec<GroupStatementGap>,
}

/// Compares the leader's own position and answers (`own`, on questionnaire `q`) with a group.
pub fn group_gap(
    own: (f64, f64),
    own_answers: &BTreeMap<String, u8>,
    q: &Questionnaire,
    group: &GroupView,
) -> GroupGap {
    let order: HashMap<&str, usize> = q
        .items
        .iter()
        .enumerate()
        .map(|(n, i)| (i.id.as_str(), n))
        .collect();
    let mut statements: Vec<GroupStatementGap> = q
        .items
        .iter()
        .filter_map(|item| {
            let self_answer = *own_answers.get(&item.id)?;
            let group_mean = *group.statements.get(&item.id)?;
            let difference = round1(group_mean - f64::from(self_answer));
            let steps = difference.abs();
            (steps >= 1.0).then(|| GroupStatementGap {
                id: item.id.clone(),
                text: item.text.clone(),
                self_answer,
                group_mean,
                difference,
                level: GapLevel::of(steps.floor() as u8),
            })
        })
        .collect();
    statements.sort_by(|a, b| {
        b.difference
            .abs()
            .total_cmp(&a.difference.abs())
            .then(order.get(a.id.as_str()).cmp(&order.get(b.id.as_str())))
    });
    GroupGap {
        focus: AxisGap::new(own.0, group.focus),
        autonomy: AxisGap::new(own.1, group.autonomy),
        statements,
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::domain::measurement::SemSource;
    use crate::domain::questionnaire::current;
    use crate::domain::Quadrant;

    fn day(d: i64) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + chrono::Duration::days(d)
    }

    fn sheet(id: i64, rater: Rater, who: &str, d: i64) -> AssessmentSummary {
        AssessmentSummary {
            id,
            date: day(d),
            recorded_at: format!("2026-01-01T00:00:{id:02}Z").into(),
            profile_id: 1,
            profile: "Ada".into(),
            rater,
            rater_id: Some(who.into()),
            rater_name: None,
            questionnaire: "v1".into(),
            focus: 50.0,
            autonomy: 50.0,
            quadrant: Quadrant::ImpactGalore,
            borderline: false,
            neighbours: crate::domain::scoring::Neighbours::new(),
            flags: Vec::new(),
            provisional: false,
        }
    }

    #[test]
    fn a_period_counts_each_person_once_with_their_latest_sheet() {
        let all = [
            sheet(1, Rater::Peer, "a", 0),
            sheet(2, Rater::Peer, "b", 3),
            sheet(3, Rater::Peer, "a", 10),
            sheet(4, Rater::Coach, "c", 5),
        ];
        let periods = group_periods(&all, Rater::Peer);
        assert_eq!(periods.len(), 1);
        assert_eq!(periods[0].members, vec![2, 3]);
        assert_eq!((periods[0].raters, periods[0].needed()), (2, 1));
        assert!(!periods[0].shown());
    }

    #[test]
    fn sheets_more_than_the_window_apart_start_a_new_period() {
        let all = [
            sheet(1, Rater::DirectReport, "a", 0),
            sheet(2, Rater::DirectReport, "b", PERIOD_WINDOW_DAYS),
            sheet(3, Rater::DirectReport, "c", PERIOD_WINDOW_DAYS + 1),
        ];
        let periods = group_periods(&all, Rater::DirectReport);
        let spans: Vec<(NaiveDate, NaiveDate, usize)> =
            periods.iter().map(|p| (p.from, p.to, p.raters)).collect();
        assert_eq!(
            spans,
            vec![
                (day(0), day(PERIOD_WINDOW_DAYS), 2),
                (day(PERIOD_WINDOW_DAYS + 1), day(PERIOD_WINDOW_DAYS + 1), 1)
            ]
        );
    }

    #[test]
    fn provisional_sheets_and_other_kinds_take_no_part() {
        let mut flagged = sheet(1, Rater::Peer, "a", 0);
        flagged.provisional = true;
        let all = [flagged, sheet(2, Rater::DirectReport, "b", 0)];
        assert!(group_periods(&all, Rater::Peer).is_empty());
    }

    #[test]
    fn fewer_than_three_people_pool_to_nothing() {
        let answers = BTreeMap::from([("x".to_string(), 4_u8)]);
        assert_eq!(
            pool(&[(50.0, 50.0, &answers), (60.0, 40.0, &answers)]),
            None
        );
    }

    #[test]
    fn a_group_pools_mean_spread_and_statement_means() {
        let (a, b, c) = (
            BTreeMap::from([("x".to_string(), 1_u8), ("y".to_string(), 5)]),
            BTreeMap::from([("x".to_string(), 2_u8), ("y".to_string(), 5)]),
            BTreeMap::from([("x".to_string(), 4_u8)]),
        );
        let view = pool(&[(40.0, 60.0, &a), (50.0, 60.0, &b), (60.0, 60.0, &c)]).unwrap();
        assert_eq!((view.focus, view.autonomy), (50.0, 60.0));
        assert_eq!((view.focus_spread, view.autonomy_spread), (10.0, 0.0));
        assert_eq!(view.statements["x"], round1(7.0 / 3.0));
        assert_eq!(
            view.statements.get("y"),
            None,
            "two answered it (one could not judge): their mean would be two people's answers"
        );
        // A fourth person answers it too: three answers, and their mean is shown.
        let d = BTreeMap::from([("x".to_string(), 3_u8), ("y".to_string(), 2)]);
        let view = pool(&[
            (40.0, 60.0, &a),
            (50.0, 60.0, &b),
            (60.0, 60.0, &c),
            (50.0, 60.0, &d),
        ])
        .unwrap();
        assert_eq!(
            view.statements["y"], 4.0,
            "the mean of those who answered it"
        );
    }

    #[test]
    fn group_error_shrinks_with_the_square_root_of_its_size() {
        let base = Sems {
            focus: Sem::new(6.0, SemSource::Prior),
            autonomy: Sem::new(6.0, SemSource::Prior),
        };
        let view = GroupView {
            focus: 50.0,
            autonomy: 50.0,
            focus_spread: 12.0,
            autonomy_spread: 2.0,
            statements: BTreeMap::new(),
        };
        let sems = group_sems(&base, &view, 4);
        assert_eq!(sems.focus.value(), 6.0, "the spread (12) wins over the SEM");
        assert_eq!(
            sems.autonomy.value(),
            3.0,
            "the SEM (6) wins over the spread"
        );
    }

    #[test]
    fn group_gap_compares_the_leaders_answers_with_the_group_means() {
        let q = current();
        let (first, second) = (&q.items[0], &q.items[1]);
        let own = BTreeMap::from([(first.id.clone(), 2_u8), (second.id.clone(), 3)]);
        let view = GroupView {
            focus: 60.0,
            autonomy: 40.0,
            focus_spread: 0.0,
            autonomy_spread: 0.0,
            statements: BTreeMap::from([(first.id.clone(), 4.3), (second.id.clone(), 3.6)]),
        };
        let gap = group_gap((50.0, 50.0), &own, q, &view);
        assert_eq!((gap.focus.gap, gap.autonomy.gap), (10.0, -10.0));
        assert_eq!(gap.statements.len(), 1, "0.6 of a step is not a gap");
        assert_eq!(gap.statements[0].difference, 2.3);
        assert_eq!(gap.statements[0].level, GapLevel::WorthAConversation);
    }

    proptest! {
        /// Whatever the sheets: each period counts a person once, no period is longer than the
        /// window, every usable sheet's person is counted in its period, and a period of fewer
        /// than three people pools to nothing.
        #[test]
        fn periods_count_people_once_and_small_groups_show_nothing(
            sheets in proptest::collection::vec((0_i64..200, 0_usize..6), 0..40),
        ) {
            let all: Vec<AssessmentSummary> = sheets
                .iter()
                .enumerate()
                .map(|(n, (d, who))| sheet(n as i64 + 1, Rater::Peer, &format!("p{who}"), *d))
                .collect();
            let periods = group_periods(&all, Rater::Peer);
            let mut placed = 0;
            for p in &periods {
                prop_assert!((p.to - p.from).num_days() <= PERIOD_WINDOW_DAYS);
                let people: std::collections::BTreeSet<String> = p
                    .members
                    .iter()
                    .map(|id| all[(*id - 1) as usize].identity().key)
                    .collect();
                prop_assert_eq!(people.len(), p.members.len());
                prop_assert_eq!(p.raters, p.members.len());
                placed += all
                    .iter()
                    .filter(|a| p.from <= a.date && a.date <= p.to)
                    .count();
                let answers = BTreeMap::new();
                let members: Vec<Member<'_>> =
                    p.members.iter().map(|_| (50.0, 50.0, &answers)).collect();
                prop_assert_eq!(pool(&members).is_some(), p.shown());
            }
            prop_assert_eq!(placed, all.len(), "every sheet lies in exactly one period");
        }
    }
}
