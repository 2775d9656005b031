//! Charts of a person's history: which assessments and commitments a chart shows, and drawing it.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use chrono::NaiveDate;

use super::history::{history_summaries, sems_by_version};
use super::perceptions::{group_perceptions, perception_pairs, period_pairs};
use super::profiles::UNNAMED;
use super::OpsError;
use crate::chart::{
    self, ChartData, ChartKind, ChartMark, ChartOptions, ChartPoint, Format, MarkKind,
    Perception as ChartPerception, Rendered, VersionChange,
};
use crate::domain::measurement::{change, ChangeVerdict, MeasuredPosition, Sems};
use crate::domain::{AssessmentSummary, Rater};
use crate::storage::Storage;

/// What the charts show of assessments (oldest first), each measured with the SEMs of its
/// questionnaire version in `sems` (none drawn where a version is missing). A point's move is
/// judged against the latest earlier point that is not provisional, and takes the stronger of
/// its two axes' verdicts; a move to a provisional point is never more than noise.
pub fn chart_data(summaries: &[AssessmentSummary], sems: &HashMap<String, Sems>) -> ChartData {
    let at = |a: &AssessmentSummary, s: Sems| MeasuredPosition {
        focus: a.focus,
        autonomy: a.autonomy,
        sems: s,
    };
    let mut usable: Option<&AssessmentSummary> = None;
    let mut points = Vec::with_capacity(summaries.len());
    for (i, a) in summaries.iter().enumerate() {
        let own = sems.get(a.questionnaire.as_str()).copied();
        let verdict = if i == 0 {
            None
        } else if a.provisional {
            Some(ChangeVerdict::WithinNoise)
        } else {
            match (usable, own) {
                (Some(previous), Some(s)) => {
                    let before = sems
                        .get(previous.questionnaire.as_str())
                        .copied()
                        .unwrap_or(s);
                    let v = change(&at(previous, before), &at(a, s));
                    Some(v.focus.verdict.max(v.autonomy.verdict))
                }
                // Nothing usable before it: no claim of change.
                _ => Some(ChangeVerdict::WithinNoise),
            }
        };
        if !a.provisional {
            usable = Some(a);
        }
        points.push(ChartPoint {
            verdict,
            provisional: a.provisional,
            sem: own.map(|s| (s.focus.value(), s.autonomy.value())),
            ..ChartPoint::new(a.date, a.focus, a.autonomy)
        });
    }
    let mut versions: Vec<&str> = Vec::new();
    let mut version_changes = Vec::new();
    for (i, a) in summaries.iter().enumerate() {
        if !versions.contains(&a.questionnaire.as_str()) {
            versions.push(&a.questionnaire);
        }
        if i > 0 && summaries[i - 1].questionnaire != a.questionnaire {
            version_changes.push(VersionChange {
                date: a.date,
                version: a.questionnaire.to_string(),
            });
        }
    }
    ChartData {
        // The unnamed first person's card says "Progress", never "Me".
        person: summaries
            .last()
            .map(|a| a.profile.to_string())
            .filter(|name| !name.eq_ignore_ascii_case(UNNAMED))
            .unwrap_or_default(),
        marks: Vec::new(),
        questionnaire: versions.join(", "),
        version_changes,
        perceptions: Vec::new(),
        uncertainty: points.last().and_then(|p| p.sem),
        points,
    }
}

/// Which assessments a chart shows: those dated within `from..=to`, and up to assessment `until`
/// (for the map beside a past result). All bounds are optional.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ChartRange {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub until: Option<i64>,
}

impl ChartRange {
    /// Refuses a range that ends before it starts.
    pub fn check(&self) -> Result<(), OpsError> {
        match (self.from, self.to) {
            (Some(from), Some(to)) if from > to => Err(OpsError::PeriodReversed { from, to }),
            _ => Ok(()),
        }
    }

    /// Whether `date` is within the range's dates.
    pub fn contains(&self, date: NaiveDate) -> bool {
        self.from.is_none_or(|f| date >= f) && self.to.is_none_or(|t| date <= t)
    }
}

/// A person's chart of `kind`: its assessments in `range`, and the commitments made and
/// reviewed within the same period marked on the timeline. Three queries, whatever the history.
pub fn render_chart(
    storage: &Storage,
    profile: i64,
    kind: ChartKind,
    range: ChartRange,
    options: &ChartOptions,
    format: Format,
) -> Result<Rendered, OpsError> {
    options.validate()?;
    range.check()?;
    // The trail is the leader's own view of themselves, up to the assessment shown (for another
    // rater's, up to its date: their view is drawn beside the trail, not on it).
    let all = history_summaries(storage, profile)?;
    let mut summaries = all.clone();
    if let Some(id) = range.until {
        let end = summaries
            .iter()
            .position(|a| a.id == id)
            .ok_or(OpsError::NoAssessment(id))?;
        let until_date = summaries[end].date;
        if summaries[end].rater.is_group() {
            return Err(OpsError::Withheld {
                id,
                rater: summaries[end].rater.words().possessive,
            });
        }
        let other = summaries[end].rater != Rater::SelfRating;
        summaries.truncate(end + 1);
        if other {
            summaries.retain(|a| a.date <= until_date);
        }
    }
    summaries.retain(|a| a.rater == Rater::SelfRating);
    summaries.retain(|a| range.contains(a.date));
    let last = summaries.last().map(|a| a.date);
    let in_period = |date: NaiveDate| range.contains(date) && last.is_some_and(|l| date <= l);
    let mut marks = Vec::new();
    for c in storage.commitment_dates(profile)? {
        if in_period(c.committed_on) {
            marks.push(ChartMark {
                date: c.committed_on,
                kind: MarkKind::Committed,
                label: c.title.clone(),
            });
        }
        if let Some(reviewed) = c.reviewed_on.filter(|d| in_period(*d)) {
            marks.push(ChartMark {
                date: reviewed,
                kind: MarkKind::Reviewed,
                label: c.title,
            });
        }
    }
    let sems = sems_by_version(storage, profile, &summaries)?;
    let mut data = chart_data(&summaries, &sems);
    data.marks = marks;
    // Other raters' views of the same periods, on the map beside the leader's own.
    // Each beside the leader's own assessment it is paired with, when that one is drawn. The
    // timeline does not draw them, so it does not pay for them.
    if kind == ChartKind::Timeline {
        return Ok(chart::render(kind, &data, options, format)?);
    }
    let drawn: HashSet<i64> = summaries.iter().map(|a| a.id).collect();
    let dates: HashMap<i64, NaiveDate> = all.iter().map(|a| (a.id, a.date)).collect();
    let shown: Vec<(i64, i64)> = period_pairs(&all)
        .into_iter()
        .filter(|(own, other)| {
            drawn.contains(own) && dates.get(other).is_some_and(|d| range.contains(*d))
        })
        .collect();
    data.perceptions = perception_pairs(storage, &all, &shown)?
        .into_iter()
        .map(|p| ChartPerception {
            date: p.other_date,
            rater: p.who,
            self_focus: p.gap.focus.self_position,
            self_autonomy: p.gap.autonomy.self_position,
            other_focus: p.gap.focus.other_position,
            other_autonomy: p.gap.autonomy.other_position,
            spread: None,
        })
        .collect();
    // Groups are drawn pooled, as one square labelled with how many answered; never one by one.
    for g in group_perceptions(storage, profile, &all)? {
        if let (Some(gap), Some(self_id)) = (&g.gap, g.self_id) {
            if drawn.contains(&self_id) && range.contains(g.group.to) {
                data.perceptions.push(ChartPerception {
                    date: g.group.to,
                    rater: g.group.who.clone(),
                    self_focus: gap.focus.self_position,
                    self_autonomy: gap.autonomy.self_position,
                    other_focus: gap.focus.other_position,
                    other_autonomy: gap.autonomy.other_position,
                    spread: g
                        .group
                        .view
                        .as_ref()
                        .map(|v| (v.pooled.focus_spread, v.pooled.autonomy_spread)),
                });
            }
        }
    }
    data.perceptions.sort_by_key(|p| p.date);
    Ok(chart::render(kind, &data, options, format)?)
}

/// The chart format implied by a file name's extension.
pub fn format_for_path(path: &Path) -> Result<Format, OpsError> {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("svg") => Ok(Format::Svg),
        Some("png") => Ok(Format::Png),
        _ => Err(OpsError::ChartFormat(path.to_path_buf())),
    }
}
