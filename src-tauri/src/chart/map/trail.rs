//! The leader's own assessments on the map: the trail joining them in time order with an
//! arrowhead on each move (dashed and faded within noise), and their dots, the latest emphasised.

use plotters::prelude::*;

use super::layout::density;
use super::{MapLayout, MOVE_OPACITY, NOISE_OPACITY};
use crate::chart::paint::{DrawResult, Painter, Point};
use crate::chart::palette::Palette;
use crate::chart::ChartPoint;

/// The arrowhead of a move from `a` to `b`, at its middle; none when the move is too short to
/// hold one clear of the dots at its ends.
fn arrowhead(a: Point, b: Point, length: f64, clearance: f64) -> Option<[Point; 3]> {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let distance = dx.hypot(dy);
    if distance < 2.0 * clearance + 1.6 * length {
        return None;
    }
    let (ux, uy) = (dx / distance, dy / distance);
    let tip = (
        (a.0 + b.0) / 2.0 + ux * length / 2.0,
        (a.1 + b.1) / 2.0 + uy * length / 2.0,
    );
    let base = (tip.0 - ux * length, tip.1 - uy * length);
    let half = length * 0.5;
    Some([
        tip,
        (base.0 - uy * half, base.1 + ux * half),
        (base.0 + uy * half, base.1 - ux * half),
    ])
}

pub(super) fn draw_trail<DB: DrawingBackend>(
    painter: &Painter<'_, DB>,
    layout: &MapLayout,
    palette: &Palette,
    points: &[ChartPoint],
) -> DrawResult<DB> {
    let u = layout.unit;
    let n = points.len();
    let at: Vec<Point> = points
        .iter()
        .map(|p| layout.point(p.focus, p.autonomy))
        .collect();
    let width = layout.trail_width(n);
    let radius = layout.point_radius(n);
    let arrow = (width * 4.2).max(u * 0.42 * density(n));
    for (i, pair) in at.windows(2).enumerate() {
        let (a, b) = (pair[0], pair[1]);
        let noise = points[i + 1].within_noise;
        let alpha = if noise { NOISE_OPACITY } else { MOVE_OPACITY };
        if noise {
            let dash = (width * 2.6, width * 2.2);
            painter.dashed(a, b, width, dash, palette.trail, alpha)?;
        } else {
            painter.line(a, b, width, palette.trail, alpha)?;
        }
        if let Some(head) = arrowhead(a, b, arrow, radius + width) {
            painter.polygon(&head, palette.trail, alpha)?;
        }
    }
    Ok(())
}

pub(super) fn draw_markers<DB: DrawingBackend>(
    painter: &Painter<'_, DB>,
    layout: &MapLayout,
    palette: &Palette,
    points: &[ChartPoint],
) -> DrawResult<DB> {
    let u = layout.unit;
    let n = points.len();
    let at: Vec<Point> = points
        .iter()
        .map(|p| layout.point(p.focus, p.autonomy))
        .collect();
    let width = layout.trail_width(n);
    let radius = layout.point_radius(n);
    // Earlier points, each with a thin ring of background so it stands off the trail.
    let Some((latest, past)) = at.split_last() else {
        return Ok(());
    };
    for &p in past {
        painter.ring(p, radius + width * 0.5, width, palette.background, 0.9)?;
        painter.disc(p, radius, palette.point, 1.0)?;
    }
    let big = layout.latest_radius();
    painter.disc(*latest, big + u * 0.16, palette.background, 1.0)?;
    painter.disc(*latest, big, palette.latest, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arrowheads_only_on_moves_long_enough() {
        assert!(arrowhead((0.0, 0.0), (100.0, 0.0), 10.0, 5.0).is_some());
        assert!(arrowhead((0.0, 0.0), (20.0, 0.0), 10.0, 5.0).is_none());
        let head = arrowhead((0.0, 0.0), (100.0, 0.0), 10.0, 5.0).unwrap();
        assert_eq!(head[0], (55.0, 0.0), "the tip points along the move");
    }
}
