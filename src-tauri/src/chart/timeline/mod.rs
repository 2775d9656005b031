//! The timeline: focus and autonomy (0–100) over real time, so gaps in the cadence show as gaps.
//! The midline and borderline band sit quietly behind two lines with markers (circles for focus,
//! diamonds for autonomy; hollow for a provisional assessment), each line in a light band of its
//! 95% interval where the SEM is known; commitments are marked on the date axis where they were
//! made (filled triangle) and reviewed (hollow triangle), each date with a quiet vertical guide.

mod interval;
mod layout;
mod marks;

use chrono::Datelike;
use plotters::prelude::*;
use plotters::style::text_anchor::HPos;

use super::paint::{DrawResult, Font, Painter, Point, Rect, Valign, CAP};
use super::palette::{Palette, Rgb};
use super::{ChartData, MarkKind};
use crate::domain::scoring::{BORDERLINE_BAND, MIDLINE};
use marks::{draw_mark, draw_marks, draw_version_changes};

pub use interval::INTERVAL_Z;
pub use layout::TimelineLayout;

fn diamond((x, y): Point, r: f64) -> [Point; 4] {
    [(x, y - r), (x + r, y), (x, y + r), (x - r, y)]
}

pub(super) fn draw<DB: DrawingBackend>(
    painter: &Painter<'_, DB>,
    layout: &TimelineLayout,
    palette: &Palette,
    data: &ChartData,
) -> DrawResult<DB> {
    draw_grid(painter, layout, palette)?;
    if data.date_range().is_some() {
        draw_dates(painter, layout, palette)?;
    }
    draw_marks(painter, layout, palette, data)?;
    draw_version_changes(painter, layout, palette, data)?;
    draw_legend(painter, layout, palette, data)?;
    if data.points.is_empty() {
        let u = layout.unit;
        let p = layout.plot();
        // Between the band and the 75 line, where nothing else is drawn.
        let at = ((p.x0 + p.x1) / 2.0, layout.y(65.0));
        let lines = [
            ("No assessments yet", Font::bold(u * 0.85), palette.ink),
            (
                "Focus and autonomy will show here over time.",
                Font::regular(u * 0.7),
                palette.muted,
            ),
        ];
        for (i, (text, font, colour)) in lines.into_iter().enumerate() {
            let text = painter.fit(text, font, p.width() - u);
            let y = at.1 + (i as f64 - 0.5) * u * 1.3;
            painter.text(
                &text,
                (at.0, y),
                font,
                colour,
                (HPos::Center, Valign::Middle),
            )?;
        }
        return Ok(());
    }
    draw_lines(painter, layout, palette, data)
}

fn draw_grid<DB: DrawingBackend>(
    painter: &Painter<'_, DB>,
    layout: &TimelineLayout,
    palette: &Palette,
) -> DrawResult<DB> {
    let u = layout.unit;
    let p = layout.plot();
    let (lo, hi) = (
        layout.y(MIDLINE + BORDERLINE_BAND),
        layout.y(MIDLINE - BORDERLINE_BAND),
    );
    painter.rect(
        Rect::new(p.x0, lo, p.x1, hi),
        palette.band,
        palette.band_alpha,
    )?;
    let thin = (u * 0.05).max(1.0);
    let ticks = Font::regular(u * 0.72);
    for value in [0.0, 25.0, 50.0, 75.0, 100.0] {
        let y = layout.y(value);
        if value == MIDLINE {
            painter.line(
                (p.x0, y),
                (p.x1, y),
                (u * 0.07).max(1.0),
                palette.frame,
                1.0,
            )?;
        } else {
            painter.line((p.x0, y), (p.x1, y), thin, palette.grid, 1.0)?;
        }
        painter.text(
            &format!("{value}"),
            (p.x0 - u * 0.45, y),
            ticks,
            palette.muted,
            (HPos::Right, Valign::Middle),
        )?;
    }
    Ok(())
}

/// Month (or year) ticks; the year under the first tick and each
/// January.
fn draw_dates<DB: DrawingBackend>(
    painter: &Painter<'_, DB>,
    layout: &TimelineLayout,
    palette: &Palette,
) -> DrawResult<DB> {
    let u = layout.unit;
    let p = layout.plot();
    let (step, ticks) = layout.ticks();
    let font = Font::regular(u * 0.72);
    let year_font = Font::bold(u * 0.62);
    let thin = (u * 0.05).max(1.0);
    for (i, day) in ticks.iter().enumerate() {
        let x = layout.x(*day);
        painter.line((x, p.y1), (x, p.y1 + u * 0.25), thin, palette.frame, 1.0)?;
        if step >= 12 {
            painter.text(
                &day.format("%Y").to_string(),
                (x, p.y1 + u * 0.5),
                font,
                palette.muted,
                (HPos::Center, Valign::Top),
            )?;
            continue;
        }
        painter.text(
            &day.format("%b").to_string(),
            (x, p.y1 + u * 0.5),
            font,
            palette.muted,
            (HPos::Center, Valign::Top),
        )?;
        if i == 0 || day.month() == 1 {
            painter.text(
                &day.format("%Y").to_string(),
                (x, p.y1 + u * 1.4),
                year_font,
                palette.muted,
                (HPos::Center, Valign::Top),
            )?;
        }
    }
    Ok(())
}

/// Legend above the plot: the two lines, and the two kinds of mark when there are marks.
fn draw_legend<DB: DrawingBackend>(
    painter: &Painter<'_, DB>,
    layout: &TimelineLayout,
    palette: &Palette,
    data: &ChartData,
) -> DrawResult<DB> {
    let u = layout.unit;
    let p = layout.plot();
    let font = Font::bold(u * 0.72);
    let y = p.y0 - u * 0.9;
    let mut x = p.x0;
    let swatch = u * 1.1;
    let r = u * 0.22;
    let width = (u * 0.11).max(1.0);
    let entries: [(&str, Rgb, bool); 2] = [
        ("Focus", palette.focus, true),
        ("Autonomy", palette.autonomy, false),
    ];
    let banded = interval::any(data);
    for (name, colour, circle) in entries {
        if banded {
            // The line's swatch in its band, as the plot shows it.
            let band = Rect::new(x, y - u * 0.32, x + swatch, y + u * 0.32);
            painter.rect(band, colour, palette.interval_alpha)?;
        }
        painter.line((x, y), (x + swatch, y), width, colour, 1.0)?;
        let c = (x + swatch / 2.0, y);
        if circle {
            painter.disc(c, r, colour, 1.0)?;
        } else {
            painter.polygon(&diamond(c, r * 1.3), colour, 1.0)?;
        }
        x += swatch + u * 0.35;
        painter.text(
            name,
            (x, y),
            font,
            palette.ink,
            (HPos::Left, Valign::Middle),
        )?;
        x += painter.measure(name, font).0 + u * 0.9;
    }
    let kinds = [
        (MarkKind::Committed, "Commitment made"),
        (MarkKind::Reviewed, "Reviewed"),
    ];
    let small = Font::regular(u * 0.72);
    for (kind, name) in kinds {
        if !data.marks.iter().any(|m| m.kind == kind) {
            continue;
        }
        let base = (x + u * 0.3, y + u * 0.25);
        draw_mark(painter, palette, base, u * 0.5, kind, u)?;
        x += u * 0.95;
        painter.text(
            name,
            (x, y),
            small,
            palette.muted,
            (HPos::Left, Valign::Middle),
        )?;
        x += painter.measure(name, small).0 + u * 0.8;
    }
    if banded {
        draw_interval_legend(painter, layout, palette, (x, y))?;
    }
    Ok(())
}

/// The band's legend entry at `at`, when it fits before the plot's right edge: a swatch of both
/// bands and the longer wording where it fits.
fn draw_interval_legend<DB: DrawingBackend>(
    painter: &Painter<'_, DB>,
    layout: &TimelineLayout,
    palette: &Palette,
    (x, y): Point,
) -> DrawResult<DB> {
    let u = layout.unit;
    let small = Font::regular(u * 0.72);
    let swatch = u * 1.1;
    let room = layout.plot().x1 - x - swatch - u * 0.35;
    let Some(text) = ["95% interval (±1.96 SEM)", "±1.96 SEM"]
        .into_iter()
        .find(|t| painter.measure(t, small).0 <= room)
    else {
        return Ok(());
    };
    let half = u * 0.32;
    for (colour, top, bottom) in [
        (palette.focus, y - half, y),
        (palette.autonomy, y, y + half),
    ] {
        let rect = Rect::new(x, top, x + swatch, bottom);
        painter.rect(rect, colour, palette.interval_alpha * 1.5)?;
    }
    painter.text(
        text,
        (x + swatch + u * 0.35, y),
        small,
        palette.muted,
        (HPos::Left, Valign::Middle),
    )
}

fn draw_lines<DB: DrawingBackend>(
    painter: &Painter<'_, DB>,
    layout: &TimelineLayout,
    palette: &Palette,
    data: &ChartData,
) -> DrawResult<DB> {
    let u = layout.unit;
    let n = data.points.len();
    let r = layout.marker_radius(n);
    let width = (r * 0.45).max(1.0);
    let focus: Vec<Point> = data
        .points
        .iter()
        .map(|p| layout.point(p.date, p.focus))
        .collect();
    let autonomy: Vec<Point> = data
        .points
        .iter()
        .map(|p| layout.point(p.date, p.autonomy))
        .collect();
    interval::draw_bands(painter, layout, palette, data)?;
    painter.polyline(&autonomy, width, palette.autonomy, 1.0)?;
    painter.polyline(&focus, width, palette.focus, 1.0)?;
    let halo = (width * 0.8).max(1.0);
    for (i, ((&f, &a), point)) in focus.iter().zip(&autonomy).zip(&data.points).enumerate() {
        // The latest markers a little larger.
        let r = if i + 1 == n { r * 1.3 } else { r };
        painter.ring(a, r * 1.3, halo, palette.background, 0.9)?;
        if point.provisional {
            // Hollow: an outline as wide as the line, on the background.
            painter.polygon(&diamond(a, r * 1.3), palette.background, 1.0)?;
            let inset = diamond(a, r * 1.3 - width * 0.7);
            painter.outline(&inset, width, palette.autonomy, 1.0)?;
        } else {
            painter.polygon(&diamond(a, r * 1.3), palette.autonomy, 1.0)?;
        }
        painter.ring(f, r + halo / 2.0, halo, palette.background, 0.9)?;
        if point.provisional {
            painter.disc(f, r, palette.background, 1.0)?;
            painter.ring(f, r - width / 2.0, width, palette.focus, 1.0)?;
        } else {
            painter.disc(f, r, palette.focus, 1.0)?;
        }
    }

    // The latest values beside the last markers, pushed apart when they would touch.
    let (Some(&f), Some(&a), Some(last)) = (focus.last(), autonomy.last(), data.points.last())
    else {
        return Ok(());
    };
    let font = Font::bold(u * 0.78);
    let min_gap = font.em * CAP * 1.5;
    let (mut fy, mut ay) = (f.1, a.1);
    if (fy - ay).abs() < min_gap {
        let mid = (fy + ay) / 2.0;
        let sign = if last.focus >= last.autonomy {
            -1.0
        } else {
            1.0
        };
        fy = mid + sign * min_gap / 2.0;
        ay = mid - sign * min_gap / 2.0;
    }
    let x = f.0 + r * 1.7 + u * 0.3;
    let label = |v: f64| format!("{v:.0}");
    painter.text(
        &label(last.focus),
        (x, fy),
        font,
        palette.focus,
        (HPos::Left, Valign::Middle),
    )?;
    painter.text(
        &label(last.autonomy),
        (x, ay),
        font,
        palette.autonomy,
        (HPos::Left, Valign::Middle),
    )
}
