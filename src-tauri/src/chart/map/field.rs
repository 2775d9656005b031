//! The map's background: the quadrants in their colours, the borderline band, the midlines and
//! frame, and the axes' ticks and titles.

use plotters::prelude::*;
use plotters::style::text_anchor::HPos;

use super::MapLayout;
use crate::chart::paint::{DrawResult, Font, Painter, Rect, Valign};
use crate::chart::palette::Palette;
use crate::domain::scoring::{BORDERLINE_BAND, MIDLINE};
use crate::domain::Quadrant;

/// The focus axis's title, under the field at its right end.
pub(super) const FOCUS_TITLE: &str = "Focus →";

/// The font of the axes' titles.
pub(super) fn axis_title_font(unit: f64) -> Font {
    Font::bold(unit * 0.78)
}

/// Draws the quadrants, the borderline band and the midlines.
pub(in crate::chart) fn draw_field<DB: DrawingBackend>(
    painter: &Painter<'_, DB>,
    layout: &MapLayout,
    palette: &Palette,
) -> DrawResult<DB> {
    let u = layout.unit;
    let span = |from: f64, to: f64, low: f64, high: f64| {
        Rect::new(layout.x(from), layout.y(high), layout.x(to), layout.y(low))
    };
    for (i, quadrant) in Quadrant::ALL.into_iter().enumerate() {
        let (f0, f1) = if quadrant.high_focus() {
            (MIDLINE, 100.0)
        } else {
            (0.0, MIDLINE)
        };
        let (a0, a1) = if quadrant.high_autonomy() {
            (MIDLINE, 100.0)
        } else {
            (0.0, MIDLINE)
        };
        painter.rect(span(f0, f1, a0, a1), palette.fills[i], 1.0)?;
    }
    // The borderline band: there, but quiet.
    let (lo, hi) = (MIDLINE - BORDERLINE_BAND, MIDLINE + BORDERLINE_BAND);
    painter.rect(span(lo, hi, 0.0, 100.0), palette.band, palette.band_alpha)?;
    painter.rect(span(0.0, 100.0, lo, hi), palette.band, palette.band_alpha)?;

    let width = (u * 0.07).max(1.0);
    let f = layout.field();
    let (mx, my) = layout.point(MIDLINE, MIDLINE);
    painter.line((mx, f.y0), (mx, f.y1), width, palette.frame, 1.0)?;
    painter.line((f.x0, my), (f.x1, my), width, palette.frame, 1.0)?;
    painter.outline(
        &[(f.x0, f.y0), (f.x1, f.y0), (f.x1, f.y1), (f.x0, f.y1)],
        width,
        palette.frame,
        1.0,
    )?;

    Ok(())
}

/// A map with nothing to draw: `text` in the middle of the field, on a backing.
pub(in crate::chart) fn draw_empty_message<DB: DrawingBackend>(
    painter: &Painter<'_, DB>,
    layout: &MapLayout,
    palette: &Palette,
    text: &str,
) -> DrawResult<DB> {
    let u = layout.unit;
    let f = layout.field();
    let font = Font::regular(u * 0.9);
    let at = ((f.x0 + f.x1) / 2.0, (f.y0 + f.y1) / 2.0);
    let backing = painter
        .text_box(text, at, font, HPos::Center, Valign::Middle)
        .inflate(u * 0.45);
    painter.rect(backing, palette.background, 0.9)?;
    painter.text(
        text,
        at,
        font,
        palette.muted,
        (HPos::Center, Valign::Middle),
    )
}

pub(in crate::chart) fn draw_axes<DB: DrawingBackend>(
    painter: &Painter<'_, DB>,
    layout: &MapLayout,
    palette: &Palette,
) -> DrawResult<DB> {
    let u = layout.unit;
    let f = layout.field();
    let ticks = Font::regular(u * 0.72);
    for value in [0.0, 50.0, 100.0] {
        let label = format!("{value}");
        painter.text(
            &label,
            (layout.x(value), f.y1 + u * 0.45),
            ticks,
            palette.muted,
            (HPos::Center, Valign::Top),
        )?;
        painter.text(
            &label,
            (f.x0 - u * 0.45, layout.y(value)),
            ticks,
            palette.muted,
            (HPos::Right, Valign::Middle),
        )?;
    }
    let title = axis_title_font(u);
    painter.text(
        FOCUS_TITLE,
        (f.x1, f.y1 + u * 1.55),
        title,
        palette.muted,
        (HPos::Right, Valign::Top),
    )?;
    painter.text(
        "↑ Autonomy",
        (f.x0, f.y0 - u * 0.65),
        title,
        palette.muted,
        (HPos::Left, Valign::Baseline),
    )
}
