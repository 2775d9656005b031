//! Other raters' views of the leader (perceptions) on the map: each a square in its own colour,
//! joined by a dotted line to the leader's own point of the same period; the latest is captioned
//! with the rater and the gap on each axis.

use plotters::prelude::*;

use super::labels::LabelSpec;
use super::layout::density;
use super::{MapLayout, LINK_OPACITY};
use crate::chart::paint::{DrawResult, Font, Painter, Point, Rect};
use crate::chart::palette::Palette;
use crate::chart::{ChartPoint, Perception};

/// Where a perception's two ends land: the leader's own point and the other rater's.
pub(super) fn ends(layout: &MapLayout, p: &Perception) -> (Point, Point) {
    (
        layout.point(p.self_focus, p.self_autonomy),
        layout.point(p.other_focus, p.other_autonomy),
    )
}

/// The perception the map captions: the latest by date (the last listed of equals).
fn latest_perception(perceptions: &[Perception]) -> Option<&Perception> {
    perceptions.iter().max_by_key(|p| p.date)
}

/// Joins each other rater's point to the leader's own by a thin dotted line.
pub(super) fn draw_links<DB: DrawingBackend>(
    painter: &Painter<'_, DB>,
    layout: &MapLayout,
    palette: &Palette,
    perceptions: &[Perception],
) -> DrawResult<DB> {
    let width = layout.link_width(perceptions.len());
    for p in perceptions {
        let (own, other) = ends(layout, p);
        // Short dashes with round ends read as dots, in SVG as in PNG.
        let dots = (width * 1.2, width * 1.8);
        painter.dashed(own, other, width, dots, palette.other, LINK_OPACITY)?;
    }
    Ok(())
}

/// Captions the latest perception's point with the rater and the gap on each axis, clear of
/// names, data and the date labels (`obstacles`).
pub(super) fn draw_caption<DB: DrawingBackend>(
    painter: &Painter<'_, DB>,
    layout: &MapLayout,
    palette: &Palette,
    perceptions: &[Perception],
    obstacles: Vec<(Rect, f64)>,
) -> DrawResult<DB> {
    let Some(latest) = latest_perception(perceptions) else {
        return Ok(());
    };
    let u = layout.unit;
    let (own, other) = ends(layout, latest);
    let caption = LabelSpec {
        text: latest.caption(),
        font: Font::regular(u * 0.7),
        colour: palette.other,
        at: other,
        gap: layout.other_half_side(perceptions.len()) + u * 0.45,
        rival: Some(own),
    };
    caption.draw(
        painter,
        palette,
        &obstacles,
        &layout.field().inflate(-u * 0.15),
        u,
    )?;
    Ok(())
}

/// Draws each other rater's point as a square on a thin halo, over everything else; where the
/// leader's own point of the period is not among the drawn points, a small ring marks it.
pub(super) fn draw_others<DB: DrawingBackend>(
    painter: &Painter<'_, DB>,
    layout: &MapLayout,
    palette: &Palette,
    points: &[ChartPoint],
    perceptions: &[Perception],
) -> DrawResult<DB> {
    let u = layout.unit;
    let n = perceptions.len();
    let half = layout.other_half_side(n);
    let halo = (u * 0.12 * density(n)).max(1.0);
    let width = layout.link_width(n);
    let at: Vec<Point> = points
        .iter()
        .map(|p| layout.point(p.focus, p.autonomy))
        .collect();
    for p in perceptions {
        let (own, _) = ends(layout, p);
        let drawn = at.iter().any(|q| (q.0 - own.0).hypot(q.1 - own.1) < 0.5);
        if !drawn {
            let r = layout.point_radius(points.len());
            painter.ring(own, r, width * 1.5, palette.point, 1.0)?;
        }
    }
    let square = |c: Point, h: f64| {
        [
            (c.0 - h, c.1 - h),
            (c.0 + h, c.1 - h),
            (c.0 + h, c.1 + h),
            (c.0 - h, c.1 + h),
        ]
    };
    // A group's spread: a faint box of ±1 SD on each axis, under every square.
    for p in perceptions {
        let Some((sf, sa)) = p.spread else { continue };
        let corner = |df: f64, da: f64| {
            layout.point(
                (p.other_focus + df).clamp(0.0, 100.0),
                (p.other_autonomy + da).clamp(0.0, 100.0),
            )
        };
        let bounds = [
            corner(-sf, -sa),
            corner(sf, -sa),
            corner(sf, sa),
            corner(-sf, sa),
        ];
        painter.polygon(&bounds, palette.other, 0.08)?;
        painter.outline(&bounds, width, palette.other, 0.45)?;
    }
    for p in perceptions {
        let (_, other) = ends(layout, p);
        painter.polygon(&square(other, half + halo), palette.background, 0.9)?;
        painter.polygon(&square(other, half), palette.other, 1.0)?;
    }
    Ok(())
}
