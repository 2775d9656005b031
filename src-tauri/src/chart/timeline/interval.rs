//! The interval around each line on the timeline: position ± 1.96·SEM (clamped to 0..100) as a
//! light band in the line's colour, under the line, wherever consecutive assessments know their
//! SEM; a lone assessment with a SEM gets a short band of its own.

use plotters::prelude::*;

use super::TimelineLayout;
use crate::chart::paint::{DrawResult, Painter, Point};
use crate::chart::palette::{Palette, Rgb};
use crate::chart::{ChartData, ChartPoint};

/// The band spans this many standard errors either side of the line: a 95% interval.
pub const INTERVAL_Z: f64 = 1.96;

/// Which axis a band belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Line {
    Focus,
    Autonomy,
}

impl Line {
    /// The point's value and SEM on this axis, when it has a SEM worth drawing.
    fn measured(self, p: &ChartPoint) -> Option<(f64, f64)> {
        let (focus, autonomy) = p.sem?;
        let (value, sem) = match self {
            Line::Focus => (p.focus, focus),
            Line::Autonomy => (p.autonomy, autonomy),
        };
        (sem.is_finite() && sem > 0.0).then_some((value, sem))
    }

    fn colour(self, palette: &Palette) -> Rgb {
        match self {
            Line::Focus => palette.focus,
            Line::Autonomy => palette.autonomy,
        }
    }
}

/// The bands of one line as (top, bottom) edges in pixels, one per run of consecutive points with
/// a SEM. `lone` is the half-width of a single point's band.
pub(super) fn bands(
    layout: &TimelineLayout,
    data: &ChartData,
    line: Line,
    lone: f64,
) -> Vec<(Vec<Point>, Vec<Point>)> {
    let mut bands = Vec::new();
    let mut run: Vec<(f64, f64, f64)> = Vec::new();
    let mut close = |run: &mut Vec<(f64, f64, f64)>| {
        let edge = |at: &dyn Fn(f64, f64) -> f64| -> Vec<Point> {
            run.iter()
                .map(|&(x, value, sem)| (x, layout.y(at(value, sem))))
                .collect()
        };
        let (mut top, mut bottom) = (
            edge(&|v, s| v + INTERVAL_Z * s),
            edge(&|v, s| v - INTERVAL_Z * s),
        );
        if let ([t], [b]) = (&top[..], &bottom[..]) {
            let (t, b) = (*t, *b);
            top = vec![(t.0 - lone, t.1), (t.0 + lone, t.1)];
            bottom = vec![(b.0 - lone, b.1), (b.0 + lone, b.1)];
        }
        if top.len() >= 2 {
            bands.push((top, bottom));
        }
        run.clear();
    };
    for p in &data.points {
        match line.measured(p) {
            Some((value, sem)) => run.push((layout.x(p.date), value, sem)),
            None => close(&mut run),
        }
    }
    close(&mut run);
    bands
}

/// Both lines' bands, autonomy's first as its line is drawn first.
pub(super) fn draw_bands<DB: DrawingBackend>(
    painter: &Painter<'_, DB>,
    layout: &TimelineLayout,
    palette: &Palette,
    data: &ChartData,
) -> DrawResult<DB> {
    let lone = layout.marker_radius(data.points.len()) * 2.4;
    for line in [Line::Autonomy, Line::Focus] {
        for (top, bottom) in bands(layout, data, line, lone) {
            painter.band(&top, &bottom, line.colour(palette), palette.interval_alpha)?;
        }
    }
    Ok(())
}

/// Whether any band will be drawn.
pub(super) fn any(data: &ChartData) -> bool {
    data.points.iter().any(|p| {
        [Line::Focus, Line::Autonomy]
            .iter()
            .any(|l| l.measured(p).is_some())
    })
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, d).unwrap()
    }

    fn point(d: u32, value: f64, sem: Option<(f64, f64)>) -> ChartPoint {
        ChartPoint {
            sem,
            ..ChartPoint::new(day(d), value, value)
        }
    }

    #[test]
    fn bands_follow_runs_of_points_with_a_sem_and_clamp_to_the_scale() {
        let data = ChartData {
            points: vec![
                point(1, 50.0, Some((5.0, 4.0))),
                point(5, 95.0, Some((5.0, 4.0))),
                point(9, 40.0, None),
                point(13, 30.0, Some((5.0, f64::NAN))),
            ],
            ..ChartData::default()
        };
        let layout = TimelineLayout::new(1600, 900, day(1), day(13));
        let focus = bands(&layout, &data, Line::Focus, 7.0);
        assert_eq!(focus.len(), 2, "{focus:?}");
        let (top, bottom) = &focus[0];
        assert_eq!(top[0], layout.point(day(1), 50.0 + 1.96 * 5.0));
        assert_eq!(bottom[0], layout.point(day(1), 50.0 - 1.96 * 5.0));
        // 95 + 9.8 is beyond the scale: the band stops at 100.
        assert_eq!(top[1], layout.point(day(5), 100.0));
        // The lone point's band is short, centred on its date.
        let (top, _) = &focus[1];
        let x = layout.point(day(13), 0.0).0;
        assert_eq!((top[0].0, top[1].0), (x - 7.0, x + 7.0));
        // Autonomy has no SEM at the last point: one band only.
        assert_eq!(bands(&layout, &data, Line::Autonomy, 7.0).len(), 1);
        assert!(any(&data));
        assert!(!any(&ChartData::default()));
    }
}
