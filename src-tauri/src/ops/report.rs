//! What Bearing says about a scored sheet: how sure the position is (its interval, the quadrant
//! probabilities and the headline's certainty), how the sheet was answered, why the position is
//! where it is, what moved since the previous assessment and whether that is more than noise, the
//! trend over recent months, and the growth actions it suggests.

use chrono::NaiveDate;
use serde::Serialize;

use super::measure::{base_sems, sems_for};
use super::OpsError;
use crate::domain::measurement::{
    self, response_quality, sems_for_sheet, trend, weaker_axis, Certainty, DatedPosition, FlagNote,
    MeasuredPosition, QuadrantProbabilities, QualityFlag, Sems, Trend, Uncertainty, WeakerAxis,
};
use crate::domain::{
    self, questionnaire, shared_move, split_move, suggest, what_moved, why_here, AnswerSheet,
    Assessment, AssessmentSummary, Commitment, Quadrant, Rater, Score, Share, Suggestion,
    WhatMoved, WhyHere,
};
use crate::storage::Storage;

/// How many statements "why here" lists per axis, answer changes "what moved" lists, and growth
/// actions are suggested.
pub const WHY_HERE_COUNT: usize = 3;
pub const MOVED_COUNT: usize = 5;
pub const SUGGESTION_COUNT: usize = 5;

/// How sure a position is.
#[derive(Debug, Clone, Serialize)]
pub struct Measured {
    /// Per axis: the SEM and the interval (±1.96 SEM).
    pub uncertainty: Uncertainty,
    /// One probability per quadrant id, summing to 1.
    pub quadrant_probabilities: QuadrantProbabilities,
    pub certainty: Certainty,
    pub headline: Headline,
}

/// What the headline names.
#[derive(Debug, Clone, Serialize)]
pub struct Headline {
    /// The likeliest quadrant; `null` at the centre (no quadrant more likely than not).
    pub quadrant: Option<Quadrant>,
    /// All four, most probable first: at the centre, the first two are the nearest.
    pub ranked: Vec<Quadrant>,
}

/// What Bearing says about a scored sheet beyond the position.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    #[serde(flatten)]
    pub measured: Measured,
    /// The response-quality flags the sheet raised.
    pub flags: Vec<FlagNote>,
    /// How many statements were answered on the scale (the rest did not come up, or another
    /// rater could not judge or see them).
    pub coverage: Coverage,
    /// Flagged and not confirmed: not counted as change, in trends or in calibration.
    pub provisional: bool,
    /// Flagged, and the leader confirmed the answers are right.
    pub confirmed: bool,
    pub why_here: WhyHere,
    /// Against the previous usable assessment by the same rater; `null` for the first one (and
    /// for `bearing score`, which reads no history).
    pub what_moved: Option<Moved>,
    /// The slope over the recent own assessments, once there are three usable ones.
    pub trend: Option<Trend>,
    /// Whether one axis is weaker beyond noise (then suggestions prefer it).
    pub weaker_axis: WeakerAxis,
    pub suggestions: Vec<Suggestion>,
}

/// How much of the questionnaire a sheet answered on the scale.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Coverage {
    pub answered: usize,
    pub total: usize,
}

/// The statements two sheets' questionnaires share: the same id with the same text.
fn shared_statements(a: &AnswerSheet, b: &AnswerSheet) -> usize {
    let other = b.questionnaire();
    a.questionnaire()
        .items
        .iter()
        .filter(|i| other.item(&i.id).is_some_and(|o| o.text == i.text))
        .count()
}

/// What moved since the previous assessment, and which one that was.
#[derive(Debug, Clone, Serialize)]
pub struct Moved {
    /// The previous assessment's date.
    pub since: NaiveDate,
    pub previous_id: i64,
    /// The two were answered on different questionnaire versions: only shared statements are
    /// compared answer by answer.
    pub across_versions: bool,
    /// Across versions, how many statements (same id, same text) both versions share and so
    /// could be compared answer by answer; `null` within one version.
    pub shared_statements: Option<usize>,
    /// Across versions, the move on those shared statements alone (the leader's own move, not the
    /// instrument's); `null` within one version.
    pub shared_move: Option<Share>,
    #[serde(flatten)]
    pub moved: WhatMoved,
    /// The part of the move that came from the statements the commitments reviewed at this
    /// assessment aimed at; `null` when there were none (or across versions).
    pub practised: Option<Practised>,
    /// The part that came from every other statement; `null` across versions.
    pub others: Option<Share>,
}

/// The practised statements and their share of the move.
#[derive(Debug, Clone, Serialize)]
pub struct Practised {
    pub statements: Vec<String>,
    #[serde(flatten)]
    pub share: Share,
}

/// Everything a report is made from.
#[derive(Debug, Clone, Copy)]
pub struct ReportInput<'a> {
    pub sheet: &'a AnswerSheet,
    pub score: &'a Score,
    pub flags: &'a [QualityFlag],
    /// Whether the leader confirmed flagged answers.
    pub confirmed: bool,
    pub sems: &'a Sems,
    /// The previous usable assessment by the same rater, with its sheet.
    pub previous: Option<(&'a AssessmentSummary, &'a AnswerSheet)>,
    /// The actions reviewed at this assessment (committed to for the period just ended).
    pub committed: &'a [&'a str],
    /// The usable own assessments for the trend, this one included when usable.
    pub series: &'a [DatedPosition],
    /// Whether the sheet is the leader's own (suggestions and practised shares are theirs only).
    pub own: bool,
}

/// The report for one sheet.
pub fn report(input: ReportInput<'_>) -> Report {
    let ReportInput {
        sheet,
        score,
        flags,
        confirmed,
        sems,
        previous,
        committed,
        series,
        own,
    } = input;
    let provisional = !flags.is_empty() && !confirmed;
    // Statements that did not come up widen this sheet's error (docs/scoring.md, section 11).
    let sheet_sems = sems_for_sheet(sems, sheet);
    let headline = measurement::headline(score.focus, score.autonomy, &sheet_sems, provisional);
    let measured = MeasuredPosition::new(score, sheet_sems);
    let weaker = weaker_axis(&measured);
    let practised_ids: Vec<&str> = committed
        .iter()
        .filter_map(|id| domain::growth::actions().iter().find(|a| a.id == *id))
        .flat_map(|a| a.statements.iter().map(String::as_str))
        .collect();
    let what_moved = previous.map(|(summary, before)| {
        let split = split_move(before, sheet, &practised_ids);
        let across_versions = before.questionnaire().version != sheet.questionnaire().version;
        let before_sems = sems_for_sheet(sems, before);
        Moved {
            since: summary.date,
            previous_id: summary.id,
            across_versions,
            shared_statements: across_versions.then(|| shared_statements(before, sheet)),
            shared_move: across_versions
                .then(|| shared_move(before, sheet))
                .flatten(),
            moved: what_moved(before, sheet, (&before_sems, &sheet_sems), MOVED_COUNT),
            practised: split
                .filter(|_| own && !practised_ids.is_empty())
                .map(|(share, _)| Practised {
                    statements: practised_ids.iter().map(|s| s.to_string()).collect(),
                    share,
                }),
            others: split.map(|(_, others)| others),
        }
    });
    Report {
        measured: Measured {
            uncertainty: headline.uncertainty,
            quadrant_probabilities: headline.probabilities,
            certainty: headline.certainty,
            headline: Headline {
                quadrant: headline.quadrant,
                ranked: headline.ranked,
            },
        },
        flags: flags.iter().map(|f| f.note()).collect(),
        coverage: Coverage {
            answered: sheet.answers().count(),
            total: sheet.questionnaire().items.len(),
        },
        provisional,
        confirmed: confirmed && !flags.is_empty(),
        why_here: why_here(sheet, WHY_HERE_COUNT),
        what_moved,
        trend: trend(series).ok(),
        weaker_axis: weaker,
        suggestions: suggest(score, sheet, committed, SUGGESTION_COUNT, weaker.weaker),
    }
}

/// A score with its report: what `bearing score` prints.
#[derive(Debug, Clone, Serialize)]
pub struct ScoreReport {
    #[serde(flatten)]
    pub score: Score,
    #[serde(flatten)]
    pub report: Report,
}

/// Scores a sheet and explains it with the prior SEMs, without saving or reading anything.
pub fn score_report(sheet: &AnswerSheet) -> Result<ScoreReport, OpsError> {
    let score = domain::score(sheet);
    let sems = super::measure::prior(sheet.questionnaire())?;
    let quality = response_quality(sheet, None);
    let flags: Vec<QualityFlag> = quality.flags.iter().map(|n| n.flag).collect();
    let report = report(ReportInput {
        sheet,
        score: &score,
        flags: &flags,
        confirmed: false,
        sems: &sems,
        previous: None,
        committed: &[],
        series: &[],
        own: true,
    });
    Ok(ScoreReport { score, report })
}

/// A saved assessment with its report and commitments: what `bearing assess` prints and the result
/// screen shows.
#[derive(Debug, Clone, Serialize)]
pub struct AssessmentReport {
    #[serde(flatten)]
    pub assessment: Assessment,
    #[serde(flatten)]
    pub report: Report,
    /// The commitments from the period before, with how each went, as told at this assessment.
    pub reviewed: Vec<Commitment>,
    /// The commitments made after this assessment, for the period ahead.
    pub commitments: Vec<Commitment>,
    /// Whether commitments can still be made or changed after this assessment (it is the latest).
    pub can_commit: bool,
    /// Whose view of the leader this is.
    pub view: ViewOf,
}

/// Whose view of the leader an assessment is: the leader's own, or a coach's or manager's.
#[derive(Debug, Clone, Serialize)]
pub struct ViewOf {
    pub rater: Rater,
    pub rater_name: Option<String>,
    /// "You", "Coach", "Coach · Sam Lee".
    pub who: String,
    /// The leader's own view of themselves.
    pub own: bool,
}

/// The answer sheet a stored assessment was scored from.
pub(super) fn stored_sheet(a: &Assessment) -> Result<AnswerSheet, OpsError> {
    let q = questionnaire::by_version(&a.summary.questionnaire).ok_or_else(|| {
        OpsError::UnknownQuestionnaire {
            id: a.summary.id,
            version: a.summary.questionnaire.to_string(),
        }
    })?;
    Ok(AnswerSheet::from_values(q, &a.answers)?)
}

/// Assessment `id` with its report, compared with the usable one before it by the same rater.
/// Reads those two assessments, their commitments and the person's summaries, however long the
/// history.
pub fn assessment_report(storage: &Storage, id: i64) -> Result<AssessmentReport, OpsError> {
    let current = storage.assessment(id)?.ok_or(OpsError::NoAssessment(id))?;
    if current.summary.rater.is_group() {
        return Err(OpsError::Withheld {
            id,
            rater: current.summary.rater.words().possessive,
        });
    }
    let sheet = stored_sheet(&current)?;
    let summary = &current.summary;
    let previous = match storage.previous_assessment_id(id)? {
        Some(p) => match storage.assessment(p)? {
            Some(a) => Some((stored_sheet(&a)?, a.summary)),
            None => None,
        },
        None => None,
    };
    let reviewed = storage.commitments_reviewed_in(id)?;
    let committed: Vec<&str> = reviewed.iter().map(|c| c.action_id.as_str()).collect();
    let own = summary.rater == Rater::SelfRating;
    // A leader's own noise says nothing about another rater's: theirs is the base estimate.
    let sems = if own {
        sems_for(storage, summary.profile_id, sheet.questionnaire())?
    } else {
        base_sems(storage, sheet.questionnaire())?
    };
    let series: Vec<DatedPosition> = if own {
        storage
            .assessment_summaries(summary.profile_id)?
            .iter()
            .filter(|a| {
                a.rater == Rater::SelfRating
                    && !a.provisional
                    && (a.date, a.id) <= (summary.date, summary.id)
            })
            .map(|a| DatedPosition {
                date: a.date,
                position: MeasuredPosition {
                    focus: a.focus,
                    autonomy: a.autonomy,
                    sems,
                },
            })
            .collect()
    } else {
        Vec::new()
    };
    let score = domain::score(&sheet);
    let confirmed = !summary.flags.is_empty() && !summary.provisional;
    let mut report = report(ReportInput {
        sheet: &sheet,
        score: &score,
        flags: &summary.flags,
        confirmed,
        sems: &sems,
        previous: previous.as_ref().map(|(sheet, summary)| (summary, sheet)),
        committed: &committed,
        series: &series,
        own,
    });
    if !own {
        in_their_words(&mut report, summary.rater);
    }
    let view = ViewOf {
        rater: summary.rater,
        rater_name: summary.rater_name.clone(),
        who: super::history::who_label(summary),
        own,
    };
    let commitments = storage.commitments_made_after(id)?;
    let can_commit = storage.latest_assessment_id(summary.profile_id)? == Some(id);
    Ok(AssessmentReport {
        assessment: current,
        report,
        reviewed,
        commitments,
        can_commit,
        view,
    })
}

/// Another rater's report speaks of the leader in the third person, as their sheet did ("In the
/// past month they…"), and suggests nothing: suggestions come from the leader's own answers only.
fn in_their_words(report: &mut Report, rater: Rater) {
    let text = |id: &str, fallback: &str| -> String {
        questionnaire::all()
            .iter()
            .find_map(|q| q.item(id))
            .map_or_else(
                || fallback.to_string(),
                |item| item.text_for(rater).to_string(),
            )
    };
    for c in report
        .why_here
        .focus
        .iter_mut()
        .chain(report.why_here.autonomy.iter_mut())
    {
        c.text = text(&c.id, &c.text);
    }
    if let Some(moved) = report.what_moved.as_mut() {
        for change in &mut moved.moved.statements {
            change.text = text(&change.id, &change.text);
        }
    }
    report.suggestions.clear();
}

/// The leader confirms that a flagged assessment's answers are right: it stops being
/// provisional.
pub fn confirm_assessment(storage: &mut Storage, id: i64) -> Result<(), OpsError> {
    if !storage.confirm_assessment(id, chrono::Utc::now())? {
        return Err(OpsError::NoAssessment(id));
    }
    Ok(())
}
