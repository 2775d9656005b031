//! Charts of a person's history: which assessments and commitments a chart shows, and drawing it.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use chrono::NaiveDate;

use super::history::history_summaries;
use super::perceptions::{perception_pairs, period_pairs, rater_label};
use super::OpsError;
use crate::chart::{
    self, ChartData, ChartKind, ChartMark, ChartOptions, ChartPoint, Format, MarkKind,
    Perception as ChartPerception, Rendered,
};
use crate::domain::measurement::ChangeVerdict;
use crate::domain::scoring::reliable_change;
use crate::domain::{questionnaire, AssessmentSummary, Rater};
use crate::storage::Storage;

/// What the charts show of assessments (oldest first). A point's move counts as within noise when
/// it is smaller than the reliable-change threshold of its questionnaire on both axes.
pub fn chart_data(summaries: &[AssessmentSummary]) -> ChartData {
    let points = summaries
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let within_noise = match (
                i.checked_sub(1).and_then(|p| summaries.get(p)),
                questionnaire::by_version(&a.questionnaire),
            ) {
                (Some(previous), Some(q)) => {
                    let threshold = reliable_change(q);
                    (a.focus - previous.focus).abs() < threshold.focus
                        && (a.autonomy - previous.autonomy).abs() < threshold.autonomy
                }
                _ => false,
            };
            // Neutral until the measurement layer fills these: the old within-noise rule as the
            // verdict, no SEM, nothing provisional.
            let verdict = (i > 0).then_some(if within_noise {
                ChangeVerdict::WithinNoise
            } else {
                ChangeVerdict::Reliable
            });
            ChartPoint {
                verdict,
                ..ChartPoint::new(a.date, a.focus, a.autonomy)
            }
        })
        .collect();
    let mut versions: Vec<&str> = Vec::new();
    for a in summaries {
        if !versions.contains(&a.questionnaire.as_str()) {
            versions.push(&a.questionnaire);
        }
    }
    ChartData {
        person: summaries
            .last()
            .map(|a| a.profile.clone())
            .unwrap_or_default(),
        points,
        marks: Vec::new(),
        questionnaire: versions.join(", "),
        perceptions: Vec::new(),
        uncertainty: None,
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

    fn contains(&self, date: NaiveDate) -> bool {
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
    let mut data = chart_data(&summaries);
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
            rater: rater_label(p.rater).into(),
            self_focus: p.gap.focus.self_position,
            self_autonomy: p.gap.autonomy.self_position,
            other_focus: p.gap.focus.other_position,
            other_autonomy: p.gap.autonomy.other_position,
        })
        .collect();
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
