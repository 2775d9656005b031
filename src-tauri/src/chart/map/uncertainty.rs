//! How precisely the latest point is known: a ±1 SEM cross through it (one standard error of
//! measurement each way on each axis, clipped to the field, behind the point), and a small legend
//! under the field saying so when it has room.

use plotters::prelude::*;
use plotters::style::text_anchor::HPos;

use super::field::{axis_title_font, FOCUS_TITLE};
use super::{MapLayout, SEM_OPACITY};
use crate::chart::paint::{DrawResult, Font, Painter, Point, Valign, CAP};
use crate::chart::palette::Palette;
use crate::chart::ChartData;

/// One arm of the cross: its ends, and for each whether it is a true end (capped) rather than
/// cut off by the field's edge.
pub(super) type Arm = ((Point, Point), (bool, bool));

/// The cross's arms on the latest point: across (focus ± SEM) and up (autonomy ± SEM). An axis
/// whose SEM is not a positive number has no arm.
pub(super) fn arms(layout: &MapLayout, data: &ChartData) -> Vec<Arm> {
    let (Some(latest), Some((sem_focus, sem_autonomy))) = (data.points.last(), data.uncertainty)
    else {
        return Vec::new();
    };
    let (x, y) = layout.point(latest.focus, latest.autonomy);
    let usable = |sem: f64| sem.is_finite() && sem > 0.0;
    let within = |v: f64| (0.0..=100.0).contains(&v);
    let mut arms = Vec::new();
    if usable(sem_focus) {
        let (lo, hi) = (latest.focus - sem_focus, latest.focus + sem_focus);
        arms.push((
            ((layout.x(lo), y), (layout.x(hi), y)),
            (within(lo), within(hi)),
        ));
    }
    if usable(sem_autonomy) {
        let (lo, hi) = (
            latest.autonomy - sem_autonomy,
            latest.autonomy + sem_autonomy,
        );
        arms.push((
            ((x, layout.y(lo)), (x, layout.y(hi))),
            (within(lo), within(hi)),
        ));
    }
    arms
}

/// Width of the cross's lines.
fn cross_width(layout: &MapLayout) -> f64 {
    (layout.unit * 0.07).max(1.0)
}

/// Draws a cross from its arms, each true end with a short cap across it.
fn draw_arms<DB: DrawingBackend>(
    painter: &Painter<'_, DB>,
    palette: &Palette,
    arms: &[Arm],
    width: f64,
    cap: f64,
) -> DrawResult<DB> {
    for &((a, b), (cap_a, cap_b)) in arms {
        painter.line(a, b, width, palette.trail, SEM_OPACITY)?;
        let length = (b.0 - a.0).hypot(b.1 - a.1);
        if length <= 0.0 {
            continue;
        }
        // Square to the arm.
        let (nx, ny) = (-(b.1 - a.1) / length * cap, (b.0 - a.0) / length * cap);
        for (end, capped) in [(a, cap_a), (b, cap_b)] {
            if capped {
                let from = (end.0 - nx, end.1 - ny);
                let to = (end.0 + nx, end.1 + ny);
                painter.line(from, to, width, palette.trail, SEM_OPACITY)?;
            }
        }
    }
    Ok(())
}

/// The ±1 SEM cross on the latest point, when its SEM is known.
pub(super) fn draw_cross<DB: DrawingBackend>(
    painter: &Painter<'_, DB>,
    layout: &MapLayout,
    palette: &Palette,
    data: &ChartData,
) -> DrawResult<DB> {
    let arms = arms(layout, data);
    let cap = layout.unit * 0.22;
    draw_arms(painter, palette, &arms, cross_width(layout), cap)
}

/// Under the field at the left, across from the focus axis's title: a small cross and what it
/// means, the longer wording where it fits, nothing where neither does.
pub(super) fn draw_legend<DB: DrawingBackend>(
    painter: &Painter<'_, DB>,
    layout: &MapLayout,
    palette: &Palette,
    data: &ChartData,
) -> DrawResult<DB> {
    if arms(layout, data).is_empty() {
        return Ok(());
    }
    let u = layout.unit;
    let f = layout.field();
    let font = Font::regular(u * 0.7);
    let top = f.y1 + u * 1.6;
    let middle = top + font.em * CAP / 2.0;
    let half = u * 0.36;
    let text_x = f.x0 + half * 2.0 + u * 0.35;
    let title = painter.measure(FOCUS_TITLE, axis_title_font(u)).0;
    let room = f.x1 - title - u * 1.2 - text_x;
    let Some(text) = ["±1 SEM (measurement error)", "±1 SEM"]
        .into_iter()
        .find(|t| painter.measure(t, font).0 <= room)
    else {
        return Ok(());
    };
    let c = (f.x0 + half, middle);
    let swatch: [Arm; 2] = [
        (((c.0 - half, c.1), (c.0 + half, c.1)), (true, true)),
        (((c.0, c.1 - half), (c.0, c.1 + half)), (true, true)),
    ];
    draw_arms(painter, palette, &swatch, cross_width(layout), u * 0.12)?;
    painter.text(
        text,
        (text_x, middle),
        font,
        palette.muted,
        (HPos::Left, Valign::Middle),
    )
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::chart::ChartPoint;

    fn data(focus: f64, autonomy: f64, uncertainty: Option<(f64, f64)>) -> ChartData {
        let day = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
        ChartData {
            points: vec![ChartPoint::new(day, focus, autonomy)],
            uncertainty,
            ..ChartData::default()
        }
    }

    #[test]
    fn arms_span_one_sem_each_way_and_stop_at_the_field() {
        let layout = MapLayout::new(1000, 1000);
        let arms = arms(&layout, &data(50.0, 97.0, Some((5.0, 4.0))));
        let [(across, across_caps), (up, up_caps)] = arms[..] else {
            panic!("two arms: {arms:?}");
        };
        assert_eq!(across, (layout.point(45.0, 97.0), layout.point(55.0, 97.0)));
        assert_eq!(across_caps, (true, true));
        // 97 + 4 is beyond the field: the arm stops at its edge, uncapped there.
        assert_eq!(up, (layout.point(50.0, 93.0), layout.point(50.0, 100.0)));
        assert_eq!(up_caps, (true, false));
    }

    #[test]
    fn no_cross_without_a_usable_sem() {
        let layout = MapLayout::new(800, 600);
        assert!(arms(&layout, &data(50.0, 50.0, None)).is_empty());
        assert!(arms(&layout, &ChartData::default()).is_empty());
        let one = arms(&layout, &data(50.0, 50.0, Some((f64::NAN, 5.0))));
        assert_eq!(one.len(), 1);
        assert!(arms(&layout, &data(50.0, 50.0, Some((0.0, -1.0)))).is_empty());
    }
}
