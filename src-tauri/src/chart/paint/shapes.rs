//! The shapes a [`Painter`] draws: rectangles, lines (plain, joined and dashed), discs, rings and
//! convex polygons. SVG gets plain elements; PNG gets them rasterised here with anti-aliased
//! edges, each pixel blended by how much of it the shape covers.

use plotters::prelude::*;

use super::geometry::{
    bounds_of, ceil_i32, dashes, distance, distance_to_segment, floor_i32, line_box, outward_edges,
};
use super::pixels::{blend_of, shape, Mask, Shape};
use super::{px, DrawResult, Painter, Point, Rect};
use crate::chart::palette::Rgb;

/// The kinds of shape, as their masks are told apart.
const LINE: u64 = 1;
const DISC: u64 = 2;
const RING: u64 = 3;
const TRIANGLE: u64 = 4;

impl<DB: DrawingBackend> Painter<'_, DB> {
    /// A filled axis-aligned rectangle (edges on whole pixels).
    pub fn rect(&self, r: Rect, colour: Rgb, alpha: f64) -> DrawResult<DB> {
        let (x0, y0) = px((r.x0, r.y0));
        // The bitmap backend fills the end pixel too; SVG takes the corner as it is.
        let end = if self.smooth() { 1.0 } else { 0.0 };
        let (x1, y1) = px((r.x1 - end, r.y1 - end));
        if x1 < x0 || y1 < y0 {
            return Ok(());
        }
        self.area.draw(&Rectangle::new(
            [(x0, y0), (x1, y1)],
            colour.alpha(alpha).filled(),
        ))
    }

    /// A straight line with round ends.
    pub fn line(&self, a: Point, b: Point, width: f64, colour: Rgb, alpha: f64) -> DrawResult<DB> {
        if !self.smooth() {
            let style = colour.alpha(alpha).stroke_width(stroke(width));
            return self.area.draw(&PathElement::new(vec![px(a), px(b)], style));
        }
        let half = width / 2.0;
        let bounds = line_box(a, b, half);
        // Only pixels near the line can be covered: on each row, scan the stretch around where
        // the line crosses it instead of the whole bounding box (a long diagonal's box is mostly
        // empty). Anything as far as `half + 0.5` has no coverage, so the result is the same.
        let reach = half + 0.5;
        let (dx, dy) = (b.0 - a.0, b.1 - a.1);
        let length = dx.hypot(dy);
        let row = |y: f64| {
            if dy.abs() * (bounds.x1 - bounds.x0) <= reach * length {
                return Span::new(bounds.x0, bounds.x1);
            }
            let centre = a.0 + dx * (y - a.1) / dy;
            let spread = reach * length / dy.abs();
            Span::new(centre - spread, centre + spread)
        };
        let shape = shape(LINE, &[a.0, a.1, b.0, b.1, width, alpha]);
        self.coverage_rows(shape, bounds, (colour, alpha), row, |p| {
            half + 0.5 - distance_to_segment(p, a, b)
        })
    }

    /// Joined straight lines.
    pub fn polyline(
        &self,
        points: &[Point],
        width: f64,
        colour: Rgb,
        alpha: f64,
    ) -> DrawResult<DB> {
        if !self.smooth() {
            let style = colour.alpha(alpha).stroke_width(stroke(width));
            let points = points.iter().copied().map(px).collect::<Vec<_>>();
            return self.area.draw(&PathElement::new(points, style));
        }
        for pair in points.windows(2) {
            self.line(pair[0], pair[1], width, colour, alpha)?;
        }
        Ok(())
    }

    /// A dashed straight line: dashes of `dash` pixels `gap` apart, centred on the line so both
    /// ends look alike.
    #[allow(clippy::too_many_arguments)]
    pub fn dashed(
        &self,
        a: Point,
        b: Point,
        width: f64,
        (dash, gap): (f64, f64),
        colour: Rgb,
        alpha: f64,
    ) -> DrawResult<DB> {
        for (from, to) in dashes(a, b, dash, gap) {
            self.line(from, to, width, colour, alpha)?;
        }
        Ok(())
    }

    /// A filled circle.
    pub fn disc(&self, c: Point, r: f64, colour: Rgb, alpha: f64) -> DrawResult<DB> {
        if !self.smooth() {
            return self.area.draw(&Circle::new(
                px(c),
                r.round().max(1.0) as i32,
                colour.alpha(alpha).filled(),
            ));
        }
        let bounds = Rect::new(c.0 - r - 1.0, c.1 - r - 1.0, c.0 + r + 1.0, c.1 + r + 1.0);
        let shape = shape(DISC, &[c.0, c.1, r, alpha]);
        self.coverage_rows(shape, bounds, (colour, alpha), chord(c, r + 0.5), |p| {
            r + 0.5 - distance(p, c)
        })
    }

    /// A circle's outline, `width` wide, centred on radius `r`.
    pub fn ring(&self, c: Point, r: f64, width: f64, colour: Rgb, alpha: f64) -> DrawResult<DB> {
        if !self.smooth() {
            return self.area.draw(&Circle::new(
                px(c),
                r.round().max(1.0) as i32,
                colour.alpha(alpha).stroke_width(stroke(width)),
            ));
        }
        let outer = r + width / 2.0 + 1.0;
        let bounds = Rect::new(c.0 - outer, c.1 - outer, c.0 + outer, c.1 + outer);
        let shape = shape(RING, &[c.0, c.1, r, width, alpha]);
        let ring = annulus(c, outer - 0.5, r - width / 2.0 - 0.5);
        self.coverage_rows(shape, bounds, (colour, alpha), ring, |p| {
            width / 2.0 + 0.5 - (distance(p, c) - r).abs()
        })
    }

    /// A filled convex polygon.
    pub fn polygon(&self, points: &[Point], colour: Rgb, alpha: f64) -> DrawResult<DB> {
        if !self.smooth() {
            let points = points.iter().copied().map(px).collect::<Vec<_>>();
            return self
                .area
                .draw(&Polygon::new(points, colour.alpha(alpha).filled()));
        }
        let Some(bounds) = bounds_of(points) else {
            return Ok(());
        };
        let edges = outward_edges(points);
        // Arrowheads repeat with their moves; larger polygons are few.
        let shape = match points {
            &[a, b, c] => shape(TRIANGLE, &[a.0, a.1, b.0, b.1, c.0, c.1, alpha]),
            _ => None,
        };
        let bounds = bounds.inflate(1.0);
        let row = |y| inside_edges(&edges, y, (bounds.x0, bounds.x1));
        self.coverage_rows(shape, bounds, (colour, alpha), row, |p| {
            0.5 - edges
                .iter()
                .map(|(a, n)| (p.0 - a.0) * n.0 + (p.1 - a.1) * n.1)
                .fold(f64::MIN, f64::max)
        })
    }

    /// A closed outline through `points`.
    pub fn outline(&self, points: &[Point], width: f64, colour: Rgb, alpha: f64) -> DrawResult<DB> {
        let mut closed = points.to_vec();
        if let Some(&first) = points.first() {
            closed.push(first);
        }
        self.polyline(&closed, width, colour, alpha)
    }

    /// Blends `colour` at `alpha` into the pixels of `bounds` by the coverage `cover` gives each
    /// centre (clamped to 0..1), scanning on each row only the pixels whose centres lie in the
    /// [`Span`] `row` gives (for the row's centre): it must hold every centre `cover` covers. A
    /// `shape` drawn before is replayed from its mask.
    fn coverage_rows(
        &self,
        shape: Option<Shape>,
        bounds: Rect,
        (colour, alpha): (Rgb, f64),
        row: impl Fn(f64) -> Span,
        cover: impl Fn(Point) -> f64,
    ) -> DrawResult<DB> {
        let Some(pixels) = self.pixels else {
            return Ok(());
        };
        let mut pixels = pixels.borrow_mut();
        let mut masks = self.masks.borrow_mut();
        let ink = colour.array();
        let size = pixels.size();
        match shape.and_then(|s| masks.slot(s)) {
            Some(Some(mask)) => mask.iter().for_each(|&(i, a)| pixels.put(i, ink, a)),
            Some(slot) => {
                let mut mask = Mask::new();
                scan(size, bounds, alpha, row, cover, |i, a| mask.push((i, a)));
                mask.iter().for_each(|&(i, a)| pixels.put(i, ink, a));
                *slot = Some(mask);
            }
            None => scan(size, bounds, alpha, row, cover, |i, a| {
                pixels.put(i, ink, a)
            }),
        }
        Ok(())
    }

    /// A filled band between two lines that share their x coordinates (`top[i].0 ==
    /// bottom[i].0`, left to right, `top` above `bottom`): an interval around a line over time.
    /// Unlike [`Painter::polygon`] it may be concave, and it is drawn in one piece, so a
    /// translucent band has no seams.
    pub fn band(&self, top: &[Point], bottom: &[Point], colour: Rgb, alpha: f64) -> DrawResult<DB> {
        if top.len() != bottom.len() || top.len() < 2 {
            return Ok(());
        }
        if !self.smooth() {
            let outline = top.iter().chain(bottom.iter().rev()).copied().map(px);
            return self.area.draw(&Polygon::new(
                outline.collect::<Vec<_>>(),
                colour.alpha(alpha).filled(),
            ));
        }
        let Some(pixels) = self.pixels else {
            return Ok(());
        };
        let mut pixels = pixels.borrow_mut();
        let (w, h) = pixels.size();
        let (w, h) = (f64::from(w), f64::from(h));
        let (first, last) = (top[0].0, top[top.len() - 1].0);
        let x0 = (first - 1.0).floor().max(0.0) as i32;
        let x1 = (last + 1.0).ceil().min(w - 1.0) as i32;
        for x in x0..=x1 {
            let cx = f64::from(x) + 0.5;
            let across = (cx - first + 0.5).min(last - cx + 0.5);
            if across <= 0.0 {
                continue;
            }
            let (upper, up_slope) = along(top, cx);
            let (lower, low_slope) = along(bottom, cx);
            let (up_norm, low_norm) = (up_slope.hypot(1.0), low_slope.hypot(1.0));
            // Rows the band can touch in this column, with a pixel of slack for the slope.
            let y0 = floor_i32(upper - up_slope.abs() - 2.0).max(0);
            let y1 = ceil_i32(lower + low_slope.abs() + 2.0).min(h as i32 - 1);
            for y in y0..=y1 {
                let cy = f64::from(y) + 0.5;
                // Distance inside each edge, measured square to it.
                let below_top = (cy - upper) / up_norm;
                let above_bottom = (lower - cy) / low_norm;
                let c = (below_top.min(above_bottom) + 0.5).min(across).min(1.0);
                pixels.cover(x, y, colour, c * alpha);
            }
        }
        Ok(())
    }
}

/// Where on one row a shape can cover pixels: the centres from `from` to `to`, except those
/// strictly inside `hole` (a ring's middle).
#[derive(Debug, Clone, Copy, PartialEq)]
struct Span {
    from: f64,
    to: f64,
    hole: Option<(f64, f64)>,
}

impl Span {
    fn new(from: f64, to: f64) -> Span {
        Span {
            from,
            to,
            hole: None,
        }
    }
}

/// Calls `put` with the index and blend of each pixel of `bounds` (clipped to an image of `size`)
/// that `cover` covers at its centre, times `alpha`, looking on each row only at the centres in
/// the [`Span`] `row` gives for the row's centre.
fn scan(
    (w, h): (u32, u32),
    bounds: Rect,
    alpha: f64,
    row: impl Fn(f64) -> Span,
    cover: impl Fn(Point) -> f64,
    mut put: impl FnMut(u32, u8),
) {
    let x0 = floor_i32(bounds.x0.max(0.0));
    let y0 = floor_i32(bounds.y0.max(0.0));
    let x1 = ceil_i32(bounds.x1.min(f64::from(w) - 1.0));
    let y1 = ceil_i32(bounds.y1.min(f64::from(h) - 1.0));
    for y in y0..=y1 {
        let span = row(f64::from(y) + 0.5);
        // Pixel x has its centre at x + 0.5. No slack is needed for rounding: a pixel is blended
        // only when covered by more than 0.004, so its centre is that far inside.
        let from = x0.max(ceil_i32(span.from - 0.5));
        let to = x1.min(floor_i32(span.to - 0.5));
        // The pixels from `gap` up to `resume` have their centres strictly inside the hole.
        let (gap, resume) = span.hole.map_or((to + 1, to + 1), |(left, right)| {
            let gap = floor_i32(left - 0.5) + 1;
            (gap, gap.max(ceil_i32(right - 0.5)))
        });
        for x in (from..gap.min(to + 1)).chain(resume.max(from)..=to) {
            let c = cover((f64::from(x) + 0.5, f64::from(y) + 0.5)).min(1.0) * alpha;
            if let Some(a) = blend_of(c) {
                // Inside the image: x and y are clamped to it above.
                put(y as u32 * w + x as u32, a);
            }
        }
    }
}

/// Where on a row a circle of radius `reach` around `c` lies: nothing that far from `c` is covered
/// by a disc or ring that reaches no farther, so scanning just this stretch draws the same pixels
/// as scanning its whole box.
fn chord(c: Point, reach: f64) -> impl Fn(f64) -> Span {
    move |y| {
        let (from, to) = chord_at(c, reach, y);
        Span::new(from, to)
    }
}

/// Where on a row a ring around `c` can cover: the chord of its outer circle, `reach` from `c`,
/// less the chord of its hole, `inner` from `c` (every centre strictly inside is more than half a
/// pixel from the stroke, so not covered at all).
fn annulus(c: Point, reach: f64, inner: f64) -> impl Fn(f64) -> Span {
    move |y| {
        let (from, to) = chord_at(c, reach, y);
        let hole = (inner > 0.0 && (y - c.1).abs() < inner).then(|| chord_at(c, inner, y));
        Span { from, to, hole }
    }
}

/// The ends of the chord at height `y` of the circle of radius `reach` around `c` (its centre
/// twice when the row misses the circle).
fn chord_at(c: Point, reach: f64, y: f64) -> (f64, f64) {
    let dy = y - c.1;
    let half = (reach * reach - dy * dy).max(0.0).sqrt();
    (c.0 - half, c.0 + half)
}

/// Where on the row at height `y`, between `x0` and `x1`, a convex polygon with these outward
/// `edges` can cover: the centres less than half a pixel outside every edge (a centre farther out
/// is not covered at all).
fn inside_edges(edges: &[(Point, Point)], y: f64, (x0, x1): (f64, f64)) -> Span {
    let (mut from, mut to) = (x0, x1);
    for &(a, n) in edges {
        // How far along the normal this row still allows: (x − a.0)·n.0 must stay below it.
        let allowed = 0.5 - (y - a.1) * n.1;
        if n.0 > 0.0 {
            to = to.min(a.0 + allowed / n.0);
        } else if n.0 < 0.0 {
            from = from.max(a.0 + allowed / n.0);
        } else if allowed <= 0.0 {
            // A level edge this row lies half a pixel or more beyond.
            return Span::new(x1, x0);
        }
    }
    Span::new(from, to)
}

/// The height of a line through `points` (two or more, left to right) at `x`, clamped to its
/// ends, and its slope there.
fn along(points: &[Point], x: f64) -> (f64, f64) {
    let i = points
        .partition_point(|p| p.0 <= x)
        .clamp(1, points.len().saturating_sub(1).max(1));
    let (Some(&a), Some(&b)) = (points.get(i - 1), points.get(i)) else {
        return (points.first().map_or(0.0, |p| p.1), 0.0);
    };
    let dx = b.0 - a.0;
    if dx <= f64::EPSILON {
        // Two points on one date: a vertical step, taken at its first end.
        return (a.1, 0.0);
    }
    let t = (x.clamp(a.0, b.0) - a.0) / dx;
    (a.1 + (b.1 - a.1) * t, (b.1 - a.1) / dx)
}

/// A stroke width as the SVG backend takes it: whole pixels, at least one.
fn stroke(width: f64) -> u32 {
    width.round().max(1.0) as u32
}

#[cfg(test)]
mod tests {
    use std::cell::RefCell;

    use super::super::{faces, Canvas, Pixels};
    use super::*;

    impl<DB: DrawingBackend> Painter<'_, DB> {
        /// Blends by `cover` over the whole of `bounds`, never from a mask.
        fn coverage(
            &self,
            bounds: Rect,
            colour: Rgb,
            alpha: f64,
            cover: impl Fn(Point) -> f64,
        ) -> DrawResult<DB> {
            let row = |_| Span::new(bounds.x0, bounds.x1);
            self.coverage_rows(None, bounds, (colour, alpha), row, cover)
        }
    }

    /// Draws into a 160×120 white image and returns its pixels.
    fn pixels(draw: impl Fn(&Painter<'_, Canvas<'_>>)) -> Vec<u8> {
        let buffer = RefCell::new(Pixels::new((160, 120), 255));
        {
            let area = Canvas(&buffer).into_drawing_area();
            let painter = Painter::new(&area, Some(&buffer), faces().unwrap());
            draw(&painter);
        }
        buffer.into_inner().into_rgb()
    }

    #[test]
    fn lines_draw_exactly_what_a_scan_of_their_whole_box_draws() {
        let ink = Rgb(20, 60, 140);
        let cases = [
            ((10.0, 10.0), (150.0, 110.0), 3.0),   // diagonal
            ((150.0, 5.0), (12.5, 100.25), 5.5),   // the other way, fractional ends
            ((5.0, 60.0), (155.0, 61.5), 2.0),     // nearly horizontal
            ((80.0, 2.0), (80.4, 118.0), 1.5),     // nearly vertical
            ((-40.0, -30.0), (200.0, 150.0), 4.0), // ends outside the canvas
            ((70.0, 70.0), (70.0, 70.0), 6.0),     // a dot
        ];
        for (a, b, width) in cases {
            let (a, b, width): (Point, Point, f64) = (a, b, width);
            let scanned = pixels(|p| {
                let half = width / 2.0;
                p.coverage(line_box(a, b, half), ink, 0.8, |q| {
                    half + 0.5 - distance_to_segment(q, a, b)
                })
                .unwrap();
            });
            let drawn = pixels(|p| p.line(a, b, width, ink, 0.8).unwrap());
            assert!(
                scanned.iter().any(|&v| v != 255),
                "{a:?}-{b:?}: nothing drawn"
            );
            assert!(scanned == drawn, "{a:?}-{b:?} width {width}: pixels differ");
        }
    }

    #[test]
    fn discs_and_rings_draw_exactly_what_a_scan_of_their_whole_box_draws() {
        let ink = Rgb(200, 90, 20);
        let cases = [
            ((80.0, 60.0), 20.0, 3.0),   // large
            ((10.3, 7.8), 2.2, 1.0),     // small, fractional centre
            ((155.5, 118.25), 9.0, 4.5), // past the corner of the canvas
            ((40.0, 40.0), 0.4, 1.0),    // a speck
            ((33.3, 50.7), 3.9, 1.08),   // a timeline's halo: a hole of a few pixels
            ((100.5, 60.5), 10.0, 1.0),  // hole's chords on pixel centres
        ];
        for (c, r, width) in cases {
            let (c, r, width): (Point, f64, f64) = (c, r, width);
            let scanned = pixels(|p| {
                let d = |q: Point| distance(q, c);
                let (outer, disc) = (r + width / 2.0 + 1.0, r + 1.0);
                let square = |half: f64| Rect::new(c.0 - half, c.1 - half, c.0 + half, c.1 + half);
                p.coverage(square(disc), ink, 0.9, |q| r + 0.5 - d(q))
                    .unwrap();
                p.coverage(square(outer), ink, 0.7, |q| {
                    width / 2.0 + 0.5 - (d(q) - r).abs()
                })
                .unwrap();
            });
            let drawn = pixels(|p| {
                p.disc(c, r, ink, 0.9).unwrap();
                p.ring(c, r, width, ink, 0.7).unwrap();
            });
            assert!(
                scanned.iter().any(|&v| v != 255),
                "{c:?} r {r}: nothing drawn"
            );
            assert!(scanned == drawn, "{c:?} r {r} width {width}: pixels differ");
        }
    }

    #[test]
    fn convex_polygons_draw_exactly_what_a_scan_of_their_whole_box_draws() {
        let ink = Rgb(30, 140, 90);
        let cases: [&[Point]; 6] = [
            &[(40.3, 35.0), (45.2, 40.1), (40.3, 45.2), (35.4, 40.1)], // a timeline's diamond
            &[(70.0, 50.0), (60.0, 58.0), (62.0, 44.0)],               // an arrowhead
            &[(10.0, 100.0), (150.0, 96.0), (150.0, 97.0)],            // a sliver
            &[(20.0, 20.0), (60.5, 20.0), (60.5, 30.5), (20.0, 30.5)], // level edges
            &[(150.0, 100.0), (175.0, 130.0), (140.0, 125.0)],         // past the corner
            &[(90.5, 10.5), (90.5, 10.5), (100.0, 30.0)],              // two corners at once
        ];
        for points in cases {
            let scanned = pixels(|p| {
                let edges = outward_edges(points);
                let bounds = bounds_of(points).unwrap().inflate(1.0);
                p.coverage(bounds, ink, 0.85, |q| {
                    0.5 - edges
                        .iter()
                        .map(|(a, n)| (q.0 - a.0) * n.0 + (q.1 - a.1) * n.1)
                        .fold(f64::MIN, f64::max)
                })
                .unwrap();
            });
            let drawn = pixels(|p| p.polygon(points, ink, 0.85).unwrap());
            assert!(
                scanned.iter().any(|&v| v != 255),
                "{points:?}: nothing drawn"
            );
            assert!(scanned == drawn, "{points:?}: pixels differ");
        }
    }

    #[test]
    fn shapes_drawn_again_are_replayed_to_the_same_pixels() {
        let inks = [Rgb(20, 60, 140), Rgb(230, 120, 10), Rgb(250, 250, 250)];
        let (a, b) = ((12.5, 20.25), (140.0, 95.5));
        let head = [(70.0, 50.0), (60.0, 58.0), (62.0, 44.0)];
        let draw = |p: &Painter<'_, Canvas<'_>>, replayable: bool| {
            for ink in inks.into_iter().cycle().take(7) {
                if replayable {
                    p.line(a, b, 2.5, ink, 0.6).unwrap();
                    p.disc((40.0, 70.0), 6.3, ink, 0.9).unwrap();
                    p.ring((44.0, 66.0), 7.1, 1.7, ink, 0.45).unwrap();
                    p.polygon(&head, ink, 0.8).unwrap();
                } else {
                    let half = 2.5 / 2.0;
                    p.coverage(line_box(a, b, half), ink, 0.6, |q| {
                        half + 0.5 - distance_to_segment(q, a, b)
                    })
                    .unwrap();
                    let d = distance;
                    let square = |c: Point, half: f64| {
                        Rect::new(c.0 - half, c.1 - half, c.0 + half, c.1 + half)
                    };
                    let disc = (40.0, 70.0);
                    p.coverage(square(disc, 7.3), ink, 0.9, |q| 6.8 - d(q, disc))
                        .unwrap();
                    let ring = (44.0, 66.0);
                    p.coverage(square(ring, 8.95), ink, 0.45, |q| {
                        1.7 / 2.0 + 0.5 - (d(q, ring) - 7.1).abs()
                    })
                    .unwrap();
                    let edges = outward_edges(&head);
                    let bounds = bounds_of(&head).unwrap().inflate(1.0);
                    p.coverage(bounds, ink, 0.8, |q| {
                        0.5 - edges
                            .iter()
                            .map(|(a, n)| (q.0 - a.0) * n.0 + (q.1 - a.1) * n.1)
                            .fold(f64::MIN, f64::max)
                    })
                    .unwrap();
                }
            }
        };
        let replayed = pixels(|p| draw(p, true));
        let measured = pixels(|p| draw(p, false));
        assert!(replayed.iter().any(|&v| v != 255), "nothing drawn");
        assert!(replayed == measured, "replayed shapes differ");
    }

    #[test]
    fn bands_fill_between_their_edges_even_where_concave() {
        let ink = Rgb(20, 60, 140);
        // A V: the top edge dips in the middle, so the band is concave.
        let top = [(10.0, 10.0), (80.0, 60.0), (150.0, 10.0)];
        let bottom = [(10.0, 40.0), (80.0, 100.0), (150.0, 40.0)];
        let drawn = pixels(|p| p.band(&top, &bottom, ink, 1.0).unwrap());
        let at = |x: usize, y: usize| &drawn[(y * 160 + x) * 3..(y * 160 + x) * 3 + 3];
        assert_eq!(at(80, 80), ink.array(), "inside, at the middle");
        assert_eq!(at(20, 25), ink.array(), "inside, near the left end");
        assert_eq!(at(80, 30), [255, 255, 255], "above the dip");
        assert_eq!(at(80, 110), [255, 255, 255], "below");
        assert_eq!(at(5, 25), [255, 255, 255], "left of the band");
        assert_eq!(at(155, 25), [255, 255, 255], "right of the band");
    }
}
