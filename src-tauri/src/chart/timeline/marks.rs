//! Commitments on the timeline's date axis: a filled triangle where one was made, a hollow one
//! where it was reviewed, a quiet vertical guide at each date, and the latest commitments' titles
//! under the axis.

use chrono::NaiveDate;
use plotters::prelude::*;
use plotters::style::text_anchor::HPos;

use super::TimelineLayout;
use crate::chart::map::date_label;
use crate::chart::paint::{DrawResult, Font, Painter, Point, Valign};
use crate::chart::palette::Palette;
use crate::chart::{ChartData, MarkKind};

fn triangle((x, y): Point, size: f64) -> [Point; 3] {
    [(x, y - size), (x + size * 0.62, y), (x - size * 0.62, y)]
}

pub(super) fn draw_mark<DB: DrawingBackend>(
    painter: &Painter<'_, DB>,
    palette: &Palette,
    base: Point,
    size: f64,
    kind: MarkKind,
    unit: f64,
) -> DrawResult<DB> {
    match kind {
        MarkKind::Committed => painter.polygon(&triangle(base, size), palette.mark, 1.0),
        MarkKind::Reviewed => {
            let width = (unit * 0.09).max(1.0);
            // Inset by half the stroke, so both triangles cover the same ground.
            let inset = triangle((base.0, base.1 - width / 2.0), size - width * 0.8);
            painter.outline(&inset, width, palette.mark, 1.0)
        }
    }
}

/// Where the questionnaire changed: a dashed line across the plot at the first assessment of the
/// new version, named at its top ("Questionnaire v2").
pub(super) fn draw_version_changes<DB: DrawingBackend>(
    painter: &Painter<'_, DB>,
    layout: &TimelineLayout,
    palette: &Palette,
    data: &ChartData,
) -> DrawResult<DB> {
    let u = layout.unit;
    let p = layout.plot();
    let font = Font::regular(u * 0.62);
    for change in &data.version_changes {
        let x = layout.x(change.date);
        painter.dashed(
            (x, p.y1),
            (x, p.y0),
            (u * 0.07).max(1.0),
            (u * 0.3, u * 0.22),
            palette.muted,
            0.8,
        )?;
        let label = format!("Questionnaire {}", change.version);
        // Right of the line, unless that would leave the plot.
        let width = painter.measure(&label, font).0;
        let (at, h) = if x + u * 0.25 + width <= p.x1 {
            (x + u * 0.25, HPos::Left)
        } else {
            (x - u * 0.25, HPos::Right)
        };
        painter.text(
            &label,
            (at, p.y0 + u * 0.2),
            font,
            palette.muted,
            (h, Valign::Top),
        )?;
    }
    Ok(())
}

/// Commitments on the date axis, and the latest commitments' titles under it.
pub(super) fn draw_marks<DB: DrawingBackend>(
    painter: &Painter<'_, DB>,
    layout: &TimelineLayout,
    palette: &Palette,
    data: &ChartData,
) -> DrawResult<DB> {
    let u = layout.unit;
    let p = layout.plot();
    let mut dates: Vec<NaiveDate> = data.marks.iter().map(|m| m.date).collect();
    dates.sort_unstable();
    dates.dedup();
    let size = u * 0.5;
    for date in &dates {
        let x = layout.x(*date);
        painter.line((x, p.y1), (x, p.y0), (u * 0.06).max(1.0), palette.mark, 0.2)?;
        let kinds: Vec<MarkKind> = [MarkKind::Reviewed, MarkKind::Committed]
            .into_iter()
            .filter(|k| data.marks.iter().any(|m| m.date == *date && m.kind == *k))
            .collect();
        for (i, kind) in kinds.iter().enumerate() {
            // Side by side when both happened that day: the review first, then the new ones.
            let offset = if kinds.len() == 2 {
                (i as f64 - 0.5) * size * 1.35
            } else {
                0.0
            };
            draw_mark(
                painter,
                palette,
                (x + offset, p.y1 - u * 0.08),
                size,
                *kind,
                u,
            )?;
        }
    }

    // The titles of the most recent commitments, so a reader knows what the leader is working on.
    let Some(latest) = data
        .marks
        .iter()
        .filter(|m| m.kind == MarkKind::Committed)
        .map(|m| m.date)
        .max()
    else {
        return Ok(());
    };
    let titles: Vec<&str> = data
        .marks
        .iter()
        .filter(|m| m.kind == MarkKind::Committed && m.date == latest)
        .map(|m| m.label.trim())
        .filter(|t| !t.is_empty())
        .collect();
    if titles.is_empty() {
        return Ok(());
    }
    let font = Font::regular(u * 0.7);
    let lead = format!("Committed {}: ", date_label(latest, false));
    let lead_font = Font::bold(u * 0.7);
    let y = p.y1 + u * 2.35;
    painter.text(
        &lead,
        (p.x0, y),
        lead_font,
        palette.mark,
        (HPos::Left, Valign::Top),
    )?;
    let x = p.x0 + painter.measure(&lead, lead_font).0;
    let room = p.x1 - x;
    let each = room / titles.len() as f64;
    let shortened: Vec<String> = titles
        .iter()
        .map(|t| painter.fit(t, font, (each - u * 0.6).max(u * 3.0)))
        .collect();
    let text = painter.fit(&shortened.join(" · "), font, room);
    painter.text(
        &text,
        (x, y),
        font,
        palette.muted,
        (HPos::Left, Valign::Top),
    )
}
