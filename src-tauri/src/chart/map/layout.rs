//! Where things land on the map: the square quadrant field inside the chart's margins, the pixel
//! of a position, and how big dots, squares and lines are for how many there are.

use crate::chart::paint::Rect;
use crate::chart::unit_for;

/// Pixel geometry of the map: where positions land and how big things are, in output pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MapLayout {
    /// Base size that text, margins and markers scale with.
    pub unit: f64,
    /// The quadrant field (0..100 on both axes).
    field: Rect,
}

impl MapLayout {
    /// The layout of a map `width` × `height` pixels at scale 1.
    pub fn new(width: u32, height: u32) -> MapLayout {
        let area = Rect::new(0.0, 0.0, f64::from(width), f64::from(height));
        MapLayout::within(area, unit_for(width, height))
    }

    /// The layout of a map drawn inside `area` with text and markers sized by `unit`.
    pub(in crate::chart) fn within(area: Rect, unit: f64) -> MapLayout {
        let (left, right, top, bottom) = (unit * 2.6, unit * 0.9, unit * 2.1, unit * 2.9);
        let side = (area.width() - left - right)
            .min(area.height() - top - bottom)
            .max(unit);
        let x0 = area.x0 + left + (area.width() - left - right - side).max(0.0) / 2.0;
        let y0 = area.y0 + top + (area.height() - top - bottom - side).max(0.0) / 2.0;
        MapLayout {
            unit,
            field: Rect::new(x0, y0, x0 + side, y0 + side),
        }
    }

    /// The same layout for output drawn `scale` times larger.
    pub fn with_scale(self, scale: f64) -> MapLayout {
        MapLayout {
            unit: self.unit * scale,
            field: self.field.scaled(scale),
        }
    }

    /// The quadrant field, in output pixels.
    pub fn field(&self) -> Rect {
        self.field
    }

    /// The pixel a position (focus, autonomy in 0..100) lands on.
    pub fn pixel(&self, focus: f64, autonomy: f64) -> (i32, i32) {
        let (x, y) = self.point(focus, autonomy);
        (x.floor() as i32, y.floor() as i32)
    }

    /// Where a position lands, exactly.
    pub fn point(&self, focus: f64, autonomy: f64) -> (f64, f64) {
        (self.x(focus), self.y(autonomy))
    }

    /// Radius of the latest point's dot.
    pub fn latest_radius(&self) -> f64 {
        (self.unit * 0.55).max(4.0)
    }

    /// Radius of an earlier point's dot when the map shows `count` points: smaller when there
    /// are many.
    pub fn point_radius(&self, count: usize) -> f64 {
        (self.unit * 0.3 * density(count)).max(1.5)
    }

    /// Half the side of another rater's square when the map shows `count` perceptions.
    pub fn other_half_side(&self, count: usize) -> f64 {
        (self.unit * 0.36 * density(count)).max(2.5)
    }

    /// Width of the dotted line joining another rater's point to the leader's own.
    pub fn link_width(&self, count: usize) -> f64 {
        (self.unit * 0.075 * density(count)).max(1.0)
    }

    /// Width of the trail when the map shows `count` points.
    pub fn trail_width(&self, count: usize) -> f64 {
        (self.unit * 0.11 * density(count)).max(1.0)
    }

    pub(super) fn x(&self, focus: f64) -> f64 {
        self.field.x0 + self.field.width() * focus.clamp(0.0, 100.0) / 100.0
    }

    pub(super) fn y(&self, autonomy: f64) -> f64 {
        self.field.y1 - self.field.height() * autonomy.clamp(0.0, 100.0) / 100.0
    }
}

/// 1 for up to two dozen points, falling to ½ at 120 and more.
pub(super) fn density(count: usize) -> f64 {
    1.0 - 0.5 * ((count as f64 - 24.0) / 96.0).clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layout_field_is_square_and_scales() {
        let layout = MapLayout::new(1200, 1000);
        let f = layout.field();
        assert!((f.width() - f.height()).abs() < 1e-9);
        let twice = layout.with_scale(2.0);
        assert_eq!(twice.field().width(), 2.0 * f.width());
        let (x, y) = layout.pixel(50.0, 50.0);
        let (x2, y2) = twice.pixel(50.0, 50.0);
        assert!((x2 - 2 * x).abs() <= 1 && (y2 - 2 * y).abs() <= 1);
    }
}
