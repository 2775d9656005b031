//! The session report: a person's month on two pages of PDF, for a coaching session or a review
//! file. Page one: who and when, the progress card, the headline with its certainty and quadrant
//! probabilities, the position with its uncertainty, what moved with its verdicts, and the
//! commitments with their reviews. Page two: why here, how others see it (one-to-one gaps, and
//! peers and direct reports only as pooled groups), and the suggested actions with their steps.
//! Private notes only when asked for, and page one says whether they are in it.

use std::path::Path;

use chrono::NaiveDate;

use super::{files, OpsError};
use crate::chart::{ChartKind, ChartOptions, Format};
use crate::domain::measurement::{AxisVerdict, Certainty, ChangeVerdict};
use crate::domain::{AssessmentSummary, Commitment, Quadrant, Rater};
use crate::ops::{self, AssessmentReport, ChartRange};
use crate::pdf::{self, Block, Page, Paper};
use crate::storage::Storage;

/// What a session report covers and how it is printed.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReportOptions {
    /// Assessments dated within `from..=to` (either open).
    pub range: ChartRange,
    /// Private notes (on assessments and on reviews) are printed only when this is set.
    pub include_notes: bool,
    pub paper: Paper,
}

/// Refuses an output file whose name does not end in `.pdf`.
pub fn check_pdf_path(path: &Path) -> Result<(), OpsError> {
    if files::has_extension(path, "pdf") {
        Ok(())
    } else {
        Err(OpsError::ReportFormat(path.to_path_buf()))
    }
}

/// Writes `profile`'s session report to `path` (checked before anything is read).
pub fn write_session_report(
    storage: &Storage,
    profile: i64,
    options: ReportOptions,
    path: &Path,
) -> Result<(), OpsError> {
    check_pdf_path(path)?;
    files::check_output_path(path)?;
    files::check_not_database(path, storage.path())?;
    let bytes = session_report(storage, profile, options)?;
    files::write_file_atomically(path, &bytes)
}

/// `profile`'s session report as PDF bytes.
pub fn session_report(
    storage: &Storage,
    profile: i64,
    options: ReportOptions,
) -> Result<Vec<u8>, OpsError> {
    let document = session_document(storage, profile, options)?;
    Ok(pdf::render(&document, options.paper)?)
}

/// The report's pages, in words: what [`session_report`] lays out.
pub fn session_document(
    storage: &Storage,
    profile: i64,
    options: ReportOptions,
) -> Result<pdf::Document, OpsError> {
    let range = ChartRange {
        until: None,
        ..options.range
    };
    range.check()?;
    let person = ops::profile(storage, profile)?;
    let own: Vec<AssessmentSummary> = ops::history_summaries(storage, profile)?
        .into_iter()
        .filter(|a| a.rater == Rater::SelfRating)
        .filter(|a| range.contains(a.date))
        .collect();
    let latest = own.last().ok_or(OpsError::NothingToReport {
        name: person.name.clone(),
    })?;
    let report = ops::assessment_report(storage, latest.id)?;
    // The card at its default size, light: the one a slide gets.
    let card_options = ChartOptions::for_kind(ChartKind::Card);
    let card_size = (card_options.width, card_options.height);
    let card = ops::render_chart(
        storage,
        profile,
        ChartKind::Card,
        range,
        &card_options,
        Format::Svg,
    )?;
    // An SVG was asked for, and SVG is text; a PNG here would be a bug in render_chart.
    let card = String::from_utf8_lossy(&card.into_bytes()).into_owned();
    let first = own.first().map_or(latest.date, |a| a.date);
    let today = ops::today();
    let mut one = vec![
        Block::Title(format!("Session report: {}", person.name)),
        Block::Note(format!(
            "{} · {} own assessment{} · made on {today} by Bearing {}",
            period_words(first, latest.date),
            own.len(),
            if own.len() == 1 { "" } else { "s" },
            env!("CARGO_PKG_VERSION"),
        )),
        Block::Lead {
            lead: "Private notes:".into(),
            text: if options.include_notes {
                "included (this report is for the person it is about).".into()
            } else {
                "not included.".into()
            },
        },
        Block::Figure {
            svg: card,
            width: card_size.0 as f32,
            height: card_size.1 as f32,
        },
    ];
    one.extend(standing(&report));
    one.extend(moved(&report));
    one.extend(commitments(storage, &own, &report, options.include_notes)?);
    let mut two = vec![Block::Title(format!("{}: why, and what next", person.name))];
    two.extend(why_here(&report));
    two.extend(others(storage, profile, range)?);
    two.extend(suggestions(&report));
    if options.include_notes {
        two.extend(notes(storage, &own)?);
    }
    let overflow = "More than fits here: Bearing shows the rest.".to_string();
    Ok(pdf::Document {
        title: format!(
            "Bearing session report: {}, {first} to {}",
            person.name, latest.date
        ),
        date: today,
        pages: vec![
            Page {
                blocks: one,
                overflow: overflow.clone(),
            },
            Page {
                blocks: two,
                overflow,
            },
        ],
    })
}

fn period_words(from: NaiveDate, to: NaiveDate) -> String {
    if from == to {
        format!("Assessed on {to}")
    } else {
        format!("From {from} to {to}")
    }
}

fn quadrant_name(q: Quadrant) -> &'static str {
    q.info().name.as_str()
}

fn percent(p: f64) -> String {
    format!("{:.0}%", p * 100.0)
}

/// The headline, its certainty, the quadrant probabilities and the position with its interval.
fn standing(report: &AssessmentReport) -> Vec<Block> {
    let r = &report.report;
    let summary = &report.assessment.summary;
    let ranked = &r.measured.headline.ranked;
    let headline = match (r.measured.certainty, r.measured.headline.quadrant) {
        (Certainty::Clear, Some(q)) => format!("{}, clearly", quadrant_name(q)),
        (Certainty::Leaning, Some(q)) => format!("leaning towards {}", quadrant_name(q)),
        _ => {
            let near: Vec<&str> = ranked.iter().take(2).map(|q| quadrant_name(*q)).collect();
            format!(
                "Centre: no quadrant more likely than not (nearest {})",
                near.join(" and ")
            )
        }
    };
    let probabilities: Vec<String> = ranked
        .iter()
        .map(|q| {
            let p = r
                .measured
                .quadrant_probabilities
                .get(q)
                .copied()
                .unwrap_or(0.0);
            format!("{} {}", quadrant_name(*q), percent(p))
        })
        .collect();
    let u = &r.measured.uncertainty;
    let mut blocks = vec![
        Block::Heading(format!("Where things stand on {}", summary.date)),
        Block::Lead {
            lead: "Headline:".into(),
            text: headline,
        },
        Block::Lead {
            lead: "How likely each quadrant is:".into(),
            text: probabilities.join(" · "),
        },
        Block::Lead {
            lead: "Position:".into(),
            text: format!(
                "focus {:.1} (95% between {:.1} and {:.1}), autonomy {:.1} (95% between {:.1} and {:.1}), on a 0–100 scale",
                summary.focus, u.focus.low, u.focus.high, summary.autonomy, u.autonomy.low, u.autonomy.high
            ),
        },
    ];
    if r.provisional {
        blocks.push(Block::Note(
            "These answers were flagged and not confirmed: the result is provisional.".into(),
        ));
    }
    blocks
}

fn verdict_words(verdict: ChangeVerdict) -> &'static str {
    match verdict {
        ChangeVerdict::Reliable => "beyond noise",
        ChangeVerdict::Possible => "possibly real",
        ChangeVerdict::WithinNoise => "within noise",
    }
}

fn axis_move(axis: &str, from: f64, to: f64, verdict: &AxisVerdict) -> String {
    format!(
        "{axis} {from:.1} → {to:.1} ({:+.1}, {})",
        verdict.delta,
        verdict_words(verdict.verdict)
    )
}

/// What moved since the previous own assessment, with its verdicts, and the trend.
fn moved(report: &AssessmentReport) -> Vec<Block> {
    let Some(m) = &report.report.what_moved else {
        return vec![
            Block::Heading("What moved".into()),
            Block::Text("This is the first assessment: nothing to compare with yet.".into()),
        ];
    };
    let w = &m.moved;
    let mut blocks = vec![
        Block::Heading(format!("What moved since {}", m.since)),
        Block::Text(format!(
            "{}; {}.",
            axis_move("Focus", w.focus.from, w.focus.to, &w.focus.verdict),
            axis_move(
                "autonomy",
                w.autonomy.from,
                w.autonomy.to,
                &w.autonomy.verdict
            )
        )),
    ];
    for change in w.statements.iter().take(3) {
        blocks.push(Block::Item {
            text: format!("{} ({} → {})", change.text, change.from, change.to),
            depth: 0,
        });
    }
    if let Some(t) = &report.report.trend {
        blocks.push(Block::Note(format!(
            "Trend over the last {} assessments ({:.1} months): focus {:+.2} a month ({}), autonomy {:+.2} a month ({}).",
            t.assessments,
            t.months,
            t.focus.delta,
            verdict_words(t.focus.verdict),
            t.autonomy.delta,
            verdict_words(t.autonomy.verdict)
        )));
    }
    blocks
}

fn done_when(c: &Commitment) -> Option<String> {
    c.action()
        .and_then(|a| a.done_when.clone())
        .map(|d| format!("Done when: {d}"))
}

/// How many reviewed commitments page one lists: the most recent ones in the period.
const REVIEWED_SHOWN: usize = 4;

/// The most recent reviews in the period (newest first), and the commitments open after the
/// latest assessment.
fn commitments(
    storage: &Storage,
    own: &[AssessmentSummary],
    report: &AssessmentReport,
    include_notes: bool,
) -> Result<Vec<Block>, OpsError> {
    let mut reviewed: Vec<Commitment> = Vec::new();
    for a in own.iter().rev() {
        if reviewed.len() >= REVIEWED_SHOWN {
            break;
        }
        reviewed.extend(storage.commitments_reviewed_in(a.id)?);
    }
    reviewed.truncate(REVIEWED_SHOWN);
    let mut blocks = vec![Block::Heading("Commitments".into())];
    if reviewed.is_empty() && report.commitments.is_empty() {
        blocks.push(Block::Text("None made or reviewed in this period.".into()));
        return Ok(blocks);
    }
    for c in &reviewed {
        let how = c
            .review
            .as_ref()
            .map_or("not reviewed", |r| r.status.label());
        blocks.push(Block::Item {
            text: format!("{} (committed {}): {how}", c.title, c.committed_on),
            depth: 0,
        });
        if let Some(d) = done_when(c) {
            blocks.push(Block::Item { text: d, depth: 1 });
        }
        if include_notes {
            if let Some(note) = c.review.as_ref().and_then(|r| r.note.as_deref()) {
                blocks.push(Block::Item {
                    text: format!("Note: {note}"),
                    depth: 1,
                });
            }
        }
    }
    for c in &report.commitments {
        blocks.push(Block::Item {
            text: format!(
                "{} (committed {}): open, for the period ahead",
                c.title, c.committed_on
            ),
            depth: 0,
        });
        if let Some(d) = done_when(c) {
            blocks.push(Block::Item { text: d, depth: 1 });
        }
    }
    Ok(blocks)
}

/// The statements that placed the position most, per axis.
fn why_here(report: &AssessmentReport) -> Vec<Block> {
    let why = &report.report.why_here;
    let mut blocks = vec![Block::Heading("Why here".into())];
    for (axis, list) in [("Focus", &why.focus), ("Autonomy", &why.autonomy)] {
        blocks.push(Block::Lead {
            lead: format!("{axis}:"),
            text: "the statements that placed it most".into(),
        });
        for c in list {
            blocks.push(Block::Item {
                text: format!(
                    "{} (answered {} of 5; {:+.1})",
                    c.text, c.answer, c.contribution
                ),
                depth: 0,
            });
        }
    }
    blocks
}

/// How others see the person in the period: each coach's or manager's latest gap, and each group
/// pooled (or withheld until enough answered). Never one peer's or direct report's answers.
fn others(storage: &Storage, profile: i64, range: ChartRange) -> Result<Vec<Block>, OpsError> {
    let mut seen = ops::perceptions(storage, profile)?;
    seen.pairs.retain(|p| range.contains(p.other_date));
    seen.groups.retain(|g| range.contains(g.group.to));
    // Each rater's latest gap within the period.
    let mut latest: Vec<&ops::PerceptionPair> = Vec::new();
    for pair in &seen.pairs {
        latest.retain(|p| p.who != pair.who);
        latest.push(pair);
    }
    let mut blocks = vec![Block::Heading("How others see it".into())];
    if seen.pairs.is_empty() && seen.groups.is_empty() {
        blocks.push(Block::Text(
            "No one else has answered about this person yet.".into(),
        ));
        return Ok(blocks);
    }
    for pair in latest {
        blocks.push(Block::Item {
            text: format!(
                "{} ({}) against the person's own view ({}): focus {:+.1} ({}), autonomy {:+.1} ({}).",
                pair.who,
                pair.other_date,
                pair.self_date,
                pair.gap.focus.gap,
                verdict_words(pair.verdicts.focus.verdict),
                pair.gap.autonomy.gap,
                verdict_words(pair.verdicts.autonomy.verdict),
            ),
            depth: 0,
        });
    }
    for g in &seen.groups {
        let text = match (&g.group.view, &g.gap, &g.verdicts) {
            (Some(view), Some(gap), Some(v)) => format!(
                "{} ({} answered, {} to {}), pooled: {}; against the person's own view focus {:+.1} ({}), autonomy {:+.1} ({}).",
                g.group.who,
                g.group.raters,
                g.group.from,
                g.group.to,
                view.quadrant_name,
                gap.focus.gap,
                verdict_words(v.focus.verdict),
                gap.autonomy.gap,
                verdict_words(v.autonomy.verdict),
            ),
            (Some(view), _, _) => format!(
                "{} ({} answered, {} to {}), pooled: {}.",
                g.group.who, g.group.raters, g.group.from, g.group.to, view.quadrant_name
            ),
            (None, _, _) => format!("{}: {}.", g.group.who, g.group.withheld_words()),
        };
        blocks.push(Block::Item { text, depth: 0 });
    }
    blocks.push(Block::Note(
        "Peers and direct reports are shown only as a group, once at least three answered.".into(),
    ));
    Ok(blocks)
}

/// The suggested growth actions with their steps.
fn suggestions(report: &AssessmentReport) -> Vec<Block> {
    let mut blocks = vec![Block::Heading("Suggested actions".into())];
    if report.report.suggestions.is_empty() {
        blocks.push(Block::Text("No suggestions for this assessment.".into()));
    }
    for s in report.report.suggestions.iter().take(3) {
        blocks.push(Block::Lead {
            lead: format!("{}.", s.action.title),
            text: s.action.why.clone(),
        });
        for step in &s.action.steps {
            blocks.push(Block::Item {
                text: step.clone(),
                depth: 0,
            });
        }
    }
    blocks
}

/// The private notes on the period's own assessments, newest first.
fn notes(storage: &Storage, own: &[AssessmentSummary]) -> Result<Vec<Block>, OpsError> {
    let mut blocks = vec![Block::Heading("Private notes".into())];
    let mut any = false;
    for a in own.iter().rev() {
        let n = ops::notes(storage, a.id)?;
        if let Some(note) = n.note.filter(|t| !t.trim().is_empty()) {
            blocks.push(Block::Lead {
                lead: format!("{}:", a.date),
                text: note,
            });
            any = true;
        }
        for text in n.items.values().filter(|t| !t.trim().is_empty()) {
            blocks.push(Block::Item {
                text: format!("{}: {text}", a.date),
                depth: 0,
            });
            any = true;
        }
    }
    if !any {
        blocks.push(Block::Text("No notes in this period.".into()));
    }
    Ok(blocks)
}
