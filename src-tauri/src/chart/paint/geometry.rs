//! Plain geometry in output pixels: points, rectangles, the dashes of a dashed line and the edges
//! of a convex polygon.

/// A point in output pixels, `(x, y)`, with fractional coordinates.
pub(in crate::chart) type Point = (f64, f64);

/// An axis-aligned rectangle in output pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

impl Rect {
    pub fn new(x0: f64, y0: f64, x1: f64, y1: f64) -> Rect {
        Rect { x0, y0, x1, y1 }
    }

    pub fn width(&self) -> f64 {
        self.x1 - self.x0
    }

    pub fn height(&self) -> f64 {
        self.y1 - self.y0
    }

    pub(in crate::chart) fn scaled(&self, scale: f64) -> Rect {
        Rect::new(
            self.x0 * scale,
            self.y0 * scale,
            self.x1 * scale,
            self.y1 * scale,
        )
    }

    pub(in crate::chart) fn inflate(&self, by: f64) -> Rect {
        Rect::new(self.x0 - by, self.y0 - by, self.x1 + by, self.y1 + by)
    }

    pub(in crate::chart) fn overlap(&self, other: &Rect) -> f64 {
        let w = self.x1.min(other.x1) - self.x0.max(other.x0);
        let h = self.y1.min(other.y1) - self.y0.max(other.y0);
        if w > 0.0 && h > 0.0 {
            w * h
        } else {
            0.0
        }
    }

    /// The part of this rectangle's area outside `bounds`.
    pub(in crate::chart) fn outside(&self, bounds: &Rect) -> f64 {
        self.width() * self.height() - self.overlap(bounds)
    }
}

/// The box around a line from `a` to `b`, `half` its width on each side, plus a pixel.
pub(super) fn line_box(a: Point, b: Point, half: f64) -> Rect {
    Rect::new(
        a.0.min(b.0) - half - 1.0,
        a.1.min(b.1) - half - 1.0,
        a.0.max(b.0) + half + 1.0,
        a.1.max(b.1) + half + 1.0,
    )
}

pub(super) fn distance_to_segment(p: Point, a: Point, b: Point) -> f64 {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let length2 = dx * dx + dy * dy;
    let t = if length2 > 0.0 {
        (((p.0 - a.0) * dx + (p.1 - a.1) * dy) / length2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    distance(p, (a.0 + t * dx, a.1 + t * dy))
}

/// The distance between two points. A plain square root rather than `hypot`, which is several
/// times slower: the two differ in the last bit at most, far below what coverage can show.
#[inline]
pub(super) fn distance(p: Point, q: Point) -> f64 {
    let (dx, dy) = (p.0 - q.0, p.1 - q.1);
    (dx * dx + dy * dy).sqrt()
}

/// `v.floor() as i32` (saturating, NaN as 0) without calling `floor`, which baseline x86-64 has no
/// instruction for: scans round both ends of every row they cover.
#[inline]
pub(super) fn floor_i32(v: f64) -> i32 {
    let t = v as i32;
    if f64::from(t) > v {
        t.saturating_sub(1)
    } else {
        t
    }
}

/// `v.ceil() as i32` (saturating, NaN as 0) without calling `ceil`; see [`floor_i32`].
#[inline]
pub(super) fn ceil_i32(v: f64) -> i32 {
    let t = v as i32;
    if f64::from(t) < v {
        t.saturating_add(1)
    } else {
        t
    }
}

/// The dashes of a dashed line from `a` to `b`.
pub(super) fn dashes(a: Point, b: Point, dash: f64, gap: f64) -> Vec<(Point, Point)> {
    let length = (b.0 - a.0).hypot(b.1 - a.1);
    if length <= dash || dash <= 0.0 {
        return vec![(a, b)];
    }
    let at = |t: f64| {
        (
            a.0 + (b.0 - a.0) * t / length,
            a.1 + (b.1 - a.1) * t / length,
        )
    };
    // Whole periods, with the slack split between both ends.
    let periods = ((length + gap) / (dash + gap)).floor().max(1.0);
    let start = (length - (periods * (dash + gap) - gap)) / 2.0;
    (0..periods as usize)
        .map(|i| {
            let from = start + i as f64 * (dash + gap);
            (at(from.max(0.0)), at((from + dash).min(length)))
        })
        .collect()
}

pub(super) fn bounds_of(points: &[Point]) -> Option<Rect> {
    let first = points.first()?;
    Some(
        points
            .iter()
            .fold(Rect::new(first.0, first.1, first.0, first.1), |r, p| {
                Rect::new(r.x0.min(p.0), r.y0.min(p.1), r.x1.max(p.0), r.y1.max(p.1))
            }),
    )
}

/// Each edge of a convex polygon as a point on it and its outward unit normal.
pub(super) fn outward_edges(points: &[Point]) -> Vec<(Point, Point)> {
    let n = points.len();
    let twice_area: f64 = (0..n)
        .map(|i| {
            let (a, b) = (points[i], points[(i + 1) % n]);
            a.0 * b.1 - b.0 * a.1
        })
        .sum();
    let sign = if twice_area >= 0.0 { 1.0 } else { -1.0 };
    (0..n)
        .filter_map(|i| {
            let (a, b) = (points[i], points[(i + 1) % n]);
            let (dx, dy) = (b.0 - a.0, b.1 - a.1);
            let length = dx.hypot(dy);
            (length > 0.0).then(|| (a, (sign * dy / length, -sign * dx / length)))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dashes_cover_the_line_symmetrically() {
        let d = dashes((0.0, 0.0), (100.0, 0.0), 10.0, 5.0);
        assert_eq!(d.len(), 7);
        let first_gap = d[0].0 .0;
        let last_gap = 100.0 - d[6].1 .0;
        assert!((first_gap - last_gap).abs() < 1e-9);
        assert_eq!(dashes((0.0, 0.0), (3.0, 4.0), 10.0, 5.0).len(), 1);
    }

    #[test]
    fn whole_roundings_agree_with_floor_and_ceil() {
        let values = [
            0.0,
            -0.0,
            0.5,
            -0.5,
            1.0,
            -1.0,
            2.999,
            -2.999,
            1e-300,
            -1e-300,
            1599.5,
            -40.25,
            3e9,
            -3e9,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NAN,
        ];
        for v in values {
            assert_eq!(floor_i32(v), v.floor() as i32, "floor of {v}");
            assert_eq!(ceil_i32(v), v.ceil() as i32, "ceil of {v}");
        }
    }

    #[test]
    fn polygon_edges_point_outward_either_winding() {
        let square = [(0.0, 0.0), (10.0, 0.0), (10.0, 10.0), (0.0, 10.0)];
        for points in [square.to_vec(), square.iter().rev().copied().collect()] {
            for (a, n) in outward_edges(&points) {
                // The centre is inside: on the inner side of every edge.
                assert!((5.0 - a.0) * n.0 + (5.0 - a.1) * n.1 < 0.0);
            }
        }
    }
}
