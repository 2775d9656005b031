//! The leader's own assessments on the map: the trail joining them in time order with an
//! arrowhead on each move (reliable moves solid, possible ones thinner and lighter, moves within
//! noise dashed and faded), and their dots, the latest emphasised and provisional ones hollow.

use plotters::prelude::*;

use super::layout::density;
use super::{MapLayout, MOVE_OPACITY, NOISE_OPACITY, POSSIBLE_OPACITY, POSSIBLE_WIDTH};
use crate::chart::paint::{DrawResult, Painter, Point};
use crate::chart::palette::{Palette, Rgb};
use crate::chart::ChartPoint;
use crate::domain::measurement::ChangeVerdict;

/// How a move is drawn.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(in crate::chart) struct MoveStyle {
    pub alpha: f64,
    /// Line width, relative to a reliable move's.
    pub width: f64,
    /// Arrowhead size, relative to a reliable move's.
    pub arrow: f64,
    pub dashed: bool,
}

/// A move with no verdict (as when none could be made) is drawn like a reliable one, as moves
/// were before there were verdicts.
pub(in crate::chart) fn move_style(verdict: Option<ChangeVerdict>) -> MoveStyle {
    match verdict {
        Some(ChangeVerdict::WithinNoise) => MoveStyle {
            alpha: NOISE_OPACITY,
            width: 1.0,
            arrow: 1.0,
            dashed: true,
        },
        Some(ChangeVerdict::Possible) => MoveStyle {
            alpha: POSSIBLE_OPACITY,
            width: POSSIBLE_WIDTH,
            // Not as much smaller as the line: a tiny arrowhead reads as a speck.
            arrow: 0.8,
            dashed: false,
        },
        Some(ChangeVerdict::Reliable) | None => MoveStyle {
            alpha: MOVE_OPACITY,
            width: 1.0,
            arrow: 1.0,
            dashed: false,
        },
    }
}

/// The arrowhead of a move from `a` to `b`, at its middle; none when the move is too short to
/// hold one clear of the dots at its ends.
pub(in crate::chart) fn arrowhead(
    a: Point,
    b: Point,
    length: f64,
    clearance: f64,
) -> Option<[Point; 3]> {
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
        let style = move_style(points[i + 1].verdict);
        let (width, alpha) = (width * style.width, style.alpha);
        if style.dashed {
            let dash = (width * 2.6, width * 2.2);
            painter.dashed(a, b, width, dash, palette.trail, alpha)?;
        } else {
            painter.line(a, b, width, palette.trail, alpha)?;
        }
        if let Some(head) = arrowhead(a, b, arrow * style.arrow, radius + width) {
            painter.polygon(&head, palette.trail, alpha)?;
        }
    }
    Ok(())
}

/// A point's dot: filled, or for a provisional assessment a ring on the background.
fn dot<DB: DrawingBackend>(
    painter: &Painter<'_, DB>,
    palette: &Palette,
    (at, radius): (Point, f64),
    colour: Rgb,
    provisional: bool,
) -> DrawResult<DB> {
    if !provisional {
        return painter.disc(at, radius, colour, 1.0);
    }
    let width = (radius * 0.42).max(1.0);
    painter.disc(at, radius, palette.background, 1.0)?;
    painter.ring(at, radius - width / 2.0, width, colour, 1.0)
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
    for (&p, point) in past.iter().zip(points) {
        painter.ring(p, radius + width * 0.5, width, palette.background, 0.9)?;
        dot(
            painter,
            palette,
            (p, radius),
            palette.point,
            point.provisional,
        )?;
    }
    let big = layout.latest_radius();
    let provisional = points.last().is_some_and(|p| p.provisional);
    painter.disc(*latest, big + u * 0.16, palette.background, 1.0)?;
    dot(
        painter,
        palette,
        (*latest, big),
        palette.latest,
        provisional,
    )
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

    #[test]
    fn verdicts_grade_the_moves_and_none_is_drawn_as_before() {
        let reliable = move_style(Some(ChangeVerdict::Reliable));
        let possible = move_style(Some(ChangeVerdict::Possible));
        let noise = move_style(Some(ChangeVerdict::WithinNoise));
        assert_eq!(move_style(None), reliable);
        assert!(!reliable.dashed && !possible.dashed && noise.dashed);
        assert!(noise.alpha < possible.alpha && possible.alpha < reliable.alpha);
        assert!(possible.width < reliable.width && possible.arrow < reliable.arrow);
        assert_eq!(
            (reliable.alpha, reliable.width, reliable.arrow),
            (MOVE_OPACITY, 1.0, 1.0)
        );
        assert_eq!(
            (noise.alpha, noise.width, noise.arrow),
            (NOISE_OPACITY, 1.0, 1.0)
        );
    }
}
