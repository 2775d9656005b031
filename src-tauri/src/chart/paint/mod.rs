//! Drawing primitives over a plotters `DrawingArea`, in output pixels with fractional
//! coordinates. For SVG they become plain elements (`polyline`, `circle`, `polygon`, `text`); for
//! PNG, shapes are rasterised here with anti-aliased edges (plotters fills wide lines and polygons
//! without), so a 1× PNG looks as clean as the SVG. Text is placed by its baseline, the same way
//! in both formats.

use std::sync::OnceLock;

use ab_glyph::{Font as _, FontRef, PxScale, ScaleFont};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{register_font, FontStyle};

use super::palette::Rgb;
use super::FONT_FAMILY;

/// What drawing on a `DB` returns.
pub(super) type Drawn<T, DB> = Result<T, DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;
pub(super) type DrawResult<DB> = Drawn<(), DB>;

/// A point in output pixels.
pub(super) type P = (f64, f64);

/// DejaVu Sans metrics, in em: ascent − descent (ab_glyph's pixel scale), cap height, x-height
/// and descent.
const HEIGHT_PER_EM: f64 = 2384.0 / 2048.0;
pub(super) const CAP: f64 = 1493.0 / 2048.0;
const DESCENT: f64 = 483.0 / 2048.0;
/// The SVG backend writes `font-size` as its size divided by this.
const SVG_SIZE_PER_EM: f64 = 1.24;

/// The embedded faces (DejaVu Sans and its bold), parsed once.
pub(super) struct Faces {
    regular: FontRef<'static>,
    bold: FontRef<'static>,
}

impl Faces {
    fn of(&self, font: Font) -> &FontRef<'static> {
        if font.bold {
            &self.bold
        } else {
            &self.regular
        }
    }
}

/// The embedded faces, also registered with plotters under [`FONT_FAMILY`] (the name SVG text
/// asks for).
pub(super) fn faces() -> Result<&'static Faces, String> {
    static FACES: OnceLock<Result<Faces, String>> = OnceLock::new();
    FACES
        .get_or_init(|| {
            let regular: &'static [u8] = include_bytes!("../../../assets/fonts/DejaVuSans.ttf");
            let bold: &'static [u8] = include_bytes!("../../../assets/fonts/DejaVuSans-Bold.ttf");
            let unreadable = "the embedded font could not be loaded".to_string();
            register_font(FONT_FAMILY, FontStyle::Normal, regular)
                .and_then(|()| register_font(FONT_FAMILY, FontStyle::Bold, bold))
                .map_err(|_| unreadable.clone())?;
            Ok(Faces {
                regular: FontRef::try_from_slice(regular).map_err(|_| unreadable.clone())?,
                bold: FontRef::try_from_slice(bold).map_err(|_| unreadable)?,
            })
        })
        .as_ref()
        .map_err(Clone::clone)
}

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

    pub(super) fn scaled(&self, scale: f64) -> Rect {
        Rect::new(
            self.x0 * scale,
            self.y0 * scale,
            self.x1 * scale,
            self.y1 * scale,
        )
    }

    pub(super) fn inflate(&self, by: f64) -> Rect {
        Rect::new(self.x0 - by, self.y0 - by, self.x1 + by, self.y1 + by)
    }

    pub(super) fn overlap(&self, other: &Rect) -> f64 {
        let w = self.x1.min(other.x1) - self.x0.max(other.x0);
        let h = self.y1.min(other.y1) - self.y0.max(other.y0);
        if w > 0.0 && h > 0.0 {
            w * h
        } else {
            0.0
        }
    }

    /// The part of this rectangle's area outside `bounds`.
    pub(super) fn outside(&self, bounds: &Rect) -> f64 {
        self.width() * self.height() - self.overlap(bounds)
    }
}

/// A text size (em, in output pixels) and weight.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Font {
    pub em: f64,
    pub bold: bool,
}

impl Font {
    pub fn regular(em: f64) -> Font {
        Font { em, bold: false }
    }

    pub fn bold(em: f64) -> Font {
        Font { em, bold: true }
    }

    fn desc(&self, size: f64) -> FontDesc<'static> {
        let style = if self.bold {
            FontStyle::Bold
        } else {
            FontStyle::Normal
        };
        FontDesc::new(FontFamily::Name(FONT_FAMILY), size, style)
    }
}

/// Where a text's anchor point is, vertically.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Valign {
    /// The top of capital letters.
    Top,
    /// The middle of capital letters.
    Middle,
    Baseline,
}

/// Draws on one drawing area; `smooth` for raster output.
pub(super) struct Painter<'a, DB: DrawingBackend> {
    area: &'a DrawingArea<DB, Shift>,
    smooth: bool,
    faces: &'static Faces,
}

fn px((x, y): P) -> (i32, i32) {
    (x.round() as i32, y.round() as i32)
}

impl<'a, DB: DrawingBackend> Painter<'a, DB> {
    pub fn new(area: &'a DrawingArea<DB, Shift>, smooth: bool, faces: &'static Faces) -> Self {
        Painter {
            area,
            smooth,
            faces,
        }
    }

    /// A filled axis-aligned rectangle (edges on whole pixels).
    pub fn rect(&self, r: Rect, colour: Rgb, alpha: f64) -> DrawResult<DB> {
        let (x0, y0) = px((r.x0, r.y0));
        // The bitmap backend fills the end pixel too; SVG takes the corner as it is.
        let end = if self.smooth { 1.0 } else { 0.0 };
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
    pub fn line(&self, a: P, b: P, width: f64, colour: Rgb, alpha: f64) -> DrawResult<DB> {
        if !self.smooth {
            let style = colour.alpha(alpha).stroke_width(stroke(width));
            return self.area.draw(&PathElement::new(vec![px(a), px(b)], style));
        }
        let half = width / 2.0;
        let bounds = line_box(a, b, half);
        // Only pixels near the line can be covered: on each row, scan the stretch around where
        // the line crosses it instead of the whole bounding box (a long diagonal's box is mostly
        // empty). Anything farther than `half + 0.5` has no coverage, so the result is the same.
        let reach = half + 1.0;
        let (dx, dy) = (b.0 - a.0, b.1 - a.1);
        let length = dx.hypot(dy);
        let row = |y: f64| {
            if dy.abs() * (bounds.x1 - bounds.x0) <= reach * length {
                return (bounds.x0, bounds.x1);
            }
            let centre = a.0 + dx * (y - a.1) / dy;
            let spread = reach * length / dy.abs();
            (centre - spread, centre + spread)
        };
        self.coverage_rows(bounds, colour, alpha, row, |p| {
            half + 0.5 - distance_to_segment(p, a, b)
        })
    }

    /// Joined straight lines.
    pub fn polyline(&self, points: &[P], width: f64, colour: Rgb, alpha: f64) -> DrawResult<DB> {
        if !self.smooth {
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
        a: P,
        b: P,
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
    pub fn disc(&self, c: P, r: f64, colour: Rgb, alpha: f64) -> DrawResult<DB> {
        if !self.smooth {
            return self.area.draw(&Circle::new(
                px(c),
                r.round().max(1.0) as i32,
                colour.alpha(alpha).filled(),
            ));
        }
        let bounds = Rect::new(c.0 - r - 1.0, c.1 - r - 1.0, c.0 + r + 1.0, c.1 + r + 1.0);
        self.coverage(bounds, colour, alpha, |p| {
            r + 0.5 - (p.0 - c.0).hypot(p.1 - c.1)
        })
    }

    /// A circle's outline, `width` wide, centred on radius `r`.
    pub fn ring(&self, c: P, r: f64, width: f64, colour: Rgb, alpha: f64) -> DrawResult<DB> {
        if !self.smooth {
            return self.area.draw(&Circle::new(
                px(c),
                r.round().max(1.0) as i32,
                colour.alpha(alpha).stroke_width(stroke(width)),
            ));
        }
        let outer = r + width / 2.0 + 1.0;
        let bounds = Rect::new(c.0 - outer, c.1 - outer, c.0 + outer, c.1 + outer);
        self.coverage(bounds, colour, alpha, |p| {
            width / 2.0 + 0.5 - ((p.0 - c.0).hypot(p.1 - c.1) - r).abs()
        })
    }

    /// A filled convex polygon.
    pub fn polygon(&self, points: &[P], colour: Rgb, alpha: f64) -> DrawResult<DB> {
        if !self.smooth {
            let points = points.iter().copied().map(px).collect::<Vec<_>>();
            return self
                .area
                .draw(&Polygon::new(points, colour.alpha(alpha).filled()));
        }
        let Some(bounds) = bounds_of(points) else {
            return Ok(());
        };
        let edges = outward_edges(points);
        self.coverage(bounds.inflate(1.0), colour, alpha, |p| {
            0.5 - edges
                .iter()
                .map(|(a, n)| (p.0 - a.0) * n.0 + (p.1 - a.1) * n.1)
                .fold(f64::MIN, f64::max)
        })
    }

    /// A closed outline through `points`.
    pub fn outline(&self, points: &[P], width: f64, colour: Rgb, alpha: f64) -> DrawResult<DB> {
        let mut closed = points.to_vec();
        if let Some(&first) = points.first() {
            closed.push(first);
        }
        self.polyline(&closed, width, colour, alpha)
    }

    /// Blends `colour` into every pixel of `bounds` by the coverage `cover` gives its centre
    /// (clamped to 0..1).
    fn coverage(
        &self,
        bounds: Rect,
        colour: Rgb,
        alpha: f64,
        cover: impl Fn(P) -> f64,
    ) -> DrawResult<DB> {
        self.coverage_rows(bounds, colour, alpha, |_| (bounds.x0, bounds.x1), cover)
    }

    /// [`Painter::coverage`], scanning on each row only the pixels whose centres `row` (given the
    /// row's centre) says may be covered.
    fn coverage_rows(
        &self,
        bounds: Rect,
        colour: Rgb,
        alpha: f64,
        row: impl Fn(f64) -> (f64, f64),
        cover: impl Fn(P) -> f64,
    ) -> DrawResult<DB> {
        let (w, h) = self.area.dim_in_pixel();
        let (w, h) = (f64::from(w), f64::from(h));
        let x0 = bounds.x0.floor().max(0.0) as i32;
        let y0 = bounds.y0.floor().max(0.0) as i32;
        let x1 = bounds.x1.ceil().min(w - 1.0) as i32;
        let y1 = bounds.y1.ceil().min(h - 1.0) as i32;
        let solid = colour.colour();
        for y in y0..=y1 {
            let (from, to) = row(f64::from(y) + 0.5);
            // Pixel x has its centre at x + 0.5; one pixel of slack on each side for rounding.
            let from = x0.max((from - 0.5).floor() as i32 - 1);
            let to = x1.min((to - 0.5).ceil() as i32 + 1);
            for x in from..=to {
                let c = cover((f64::from(x) + 0.5, f64::from(y) + 0.5)).min(1.0) * alpha;
                if c >= 1.0 {
                    self.area.draw_pixel((x, y), &solid)?;
                } else if c > 0.004 {
                    self.area.draw_pixel((x, y), &colour.alpha(c))?;
                }
            }
        }
        Ok(())
    }

    /// Width and height (cap top to baseline) of `text`, in output pixels, as laid out with the
    /// embedded font (a browser showing the SVG with DejaVu Sans lays it out the same).
    pub fn measure(&self, text: &str, font: Font) -> (f64, f64) {
        let face = self.faces.of(font).as_scaled(scale_of(font));
        let mut width = 0.0_f32;
        let mut previous = None;
        for c in text.chars() {
            let id = face.glyph_id(c);
            if let Some(p) = previous {
                width += face.kern(p, id);
            }
            width += face.h_advance(id);
            previous = Some(id);
        }
        (f64::from(width), font.em * CAP)
    }

    /// The box `text` covers when drawn at `at` (cap top to baseline, plus descenders when
    /// `with_descent`).
    pub fn text_box(&self, text: &str, at: P, font: Font, h: HPos, v: Valign) -> Rect {
        let (w, cap) = self.measure(text, font);
        let x0 = match h {
            HPos::Left => at.0,
            HPos::Center => at.0 - w / 2.0,
            HPos::Right => at.0 - w,
        };
        let base = baseline(at.1, font, v);
        Rect::new(x0, base - cap, x0 + w, base + font.em * DESCENT * 0.6)
    }

    /// Draws `text` with its anchor at `at`.
    pub fn text(
        &self,
        text: &str,
        at: P,
        font: Font,
        colour: Rgb,
        (h, v): (HPos, Valign),
    ) -> DrawResult<DB> {
        let base = baseline(at.1, font, v);
        if self.smooth {
            return self.glyphs(text, at.0, base, font, colour, h);
        }
        // The SVG backend puts the baseline of top-anchored text 0.76 em below the anchor.
        let colour = colour.colour();
        let style = TextStyle::from(font.desc(font.em * SVG_SIZE_PER_EM))
            .color(&colour)
            .pos(Pos::new(h, VPos::Top));
        self.area
            .draw_text(text, &style, px((at.0, base - 0.76 * font.em)))
    }

    /// Rasterises `text` glyph by glyph at sub-pixel positions, kerned.
    fn glyphs(
        &self,
        text: &str,
        x: f64,
        base: f64,
        font: Font,
        colour: Rgb,
        h: HPos,
    ) -> DrawResult<DB> {
        let scale = scale_of(font);
        let face = self.faces.of(font);
        let scaled = face.as_scaled(scale);
        let width = self.measure(text, font).0;
        let mut pen = match h {
            HPos::Left => x,
            HPos::Center => x - width / 2.0,
            HPos::Right => x - width,
        } as f32;
        let solid = colour.colour();
        let mut previous = None;
        let mut coverage = Vec::new();
        for c in text.chars() {
            let id = scaled.glyph_id(c);
            if let Some(p) = previous {
                pen += scaled.kern(p, id);
            }
            previous = Some(id);
            let glyph = id.with_scale_and_position(scale, ab_glyph::point(pen, base as f32));
            pen += scaled.h_advance(id);
            let Some(outline) = face.outline_glyph(glyph) else {
                continue;
            };
            let bounds = outline.px_bounds();
            coverage.clear();
            outline.draw(|gx, gy, c| coverage.push((gx, gy, c)));
            for &(gx, gy, c) in &coverage {
                let at = (
                    bounds.min.x as i32 + gx as i32,
                    bounds.min.y as i32 + gy as i32,
                );
                if c >= 0.999 {
                    self.area.draw_pixel(at, &solid)?;
                } else if c > 0.004 {
                    self.area.draw_pixel(at, &colour.alpha(f64::from(c)))?;
                }
            }
        }
        Ok(())
    }

    /// `text`, shortened with an ellipsis to at most `max_width` pixels.
    pub fn fit(&self, text: &str, font: Font, max_width: f64) -> String {
        if self.measure(text, font).0 <= max_width {
            return text.to_string();
        }
        let chars: Vec<char> = text.chars().collect();
        let mut keep = chars.len();
        while keep > 0 {
            keep -= 1;
            let shortened = format!("{}…", chars[..keep].iter().collect::<String>().trim_end());
            if self.measure(&shortened, font).0 <= max_width {
                return shortened;
            }
        }
        String::new()
    }

    /// Greedy word wrap to `max_width` pixels.
    pub fn wrap(&self, text: &str, font: Font, max_width: f64) -> Vec<String> {
        let mut lines: Vec<String> = Vec::new();
        for word in text.split_whitespace() {
            match lines.last_mut() {
                Some(line) if self.measure(&format!("{line} {word}"), font).0 <= max_width => {
                    line.push(' ');
                    line.push_str(word);
                }
                _ => lines.push(word.to_string()),
            }
        }
        lines
    }
}

/// ab_glyph's pixel scale for an em size: it measures ascent to descent.
fn scale_of(font: Font) -> PxScale {
    PxScale::from((font.em * HEIGHT_PER_EM) as f32)
}

/// The baseline of text anchored at `y` this way.
fn baseline(y: f64, font: Font, v: Valign) -> f64 {
    match v {
        Valign::Top => y + font.em * CAP,
        Valign::Middle => y + font.em * CAP / 2.0,
        Valign::Baseline => y,
    }
}

/// A stroke width as the SVG backend takes it: whole pixels, at least one.
fn stroke(width: f64) -> u32 {
    width.round().max(1.0) as u32
}

/// The box around a line from `a` to `b`, `half` its width on each side, plus a pixel.
fn line_box(a: P, b: P, half: f64) -> Rect {
    Rect::new(
        a.0.min(b.0) - half - 1.0,
        a.1.min(b.1) - half - 1.0,
        a.0.max(b.0) + half + 1.0,
        a.1.max(b.1) + half + 1.0,
    )
}

fn distance_to_segment(p: P, a: P, b: P) -> f64 {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let length2 = dx * dx + dy * dy;
    let t = if length2 > 0.0 {
        (((p.0 - a.0) * dx + (p.1 - a.1) * dy) / length2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    (p.0 - a.0 - t * dx).hypot(p.1 - a.1 - t * dy)
}

/// The dashes of a dashed line from `a` to `b`.
pub(super) fn dashes(a: P, b: P, dash: f64, gap: f64) -> Vec<(P, P)> {
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

fn bounds_of(points: &[P]) -> Option<Rect> {
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
fn outward_edges(points: &[P]) -> Vec<(P, P)> {
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

/// Picks, from `candidates` in order of preference (each with a cost of its own, such as being
/// further away), the first box that overlaps nothing, or the one that costs least: overlaps are
/// weighted by area, and leaving `bounds` counts heavily. Returns it and whether it overlaps
/// anything.
pub(super) fn place(
    candidates: &[(Rect, f64)],
    obstacles: &[(Rect, f64)],
    bounds: &Rect,
) -> (Rect, bool) {
    let overlaps = |r: &Rect| {
        r.outside(bounds) * 20.0
            + obstacles
                .iter()
                .map(|(o, weight)| r.overlap(o) * weight)
                .sum::<f64>()
    };
    let mut best: Option<(f64, f64, Rect)> = None;
    for (i, (r, own)) in candidates.iter().enumerate() {
        let overlap = overlaps(r);
        // A little for being further down the list, so equal costs keep the preferred place.
        let cost = overlap + own + i as f64 * 0.01;
        if best.is_none_or(|(b, _, _)| cost < b) {
            best = Some((cost, overlap, *r));
        }
        if overlap < 0.5 && *own == 0.0 {
            break;
        }
    }
    best.map_or((*bounds, false), |(_, overlap, r)| (r, overlap >= 0.5))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Draws into a 160×120 white bitmap and returns its pixels.
    fn pixels(draw: impl Fn(&Painter<'_, BitMapBackend<'_>>)) -> Vec<u8> {
        let mut buffer = vec![0u8; 160 * 120 * 3];
        {
            let area = BitMapBackend::with_buffer(&mut buffer, (160, 120)).into_drawing_area();
            area.fill(&WHITE).unwrap();
            let painter = Painter::new(&area, true, faces().unwrap());
            draw(&painter);
            area.present().unwrap();
        }
        buffer
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
            let (a, b, width): (P, P, f64) = (a, b, width);
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
    fn dashes_cover_the_line_symmetrically() {
        let d = dashes((0.0, 0.0), (100.0, 0.0), 10.0, 5.0);
        assert_eq!(d.len(), 7);
        let first_gap = d[0].0 .0;
        let last_gap = 100.0 - d[6].1 .0;
        assert!((first_gap - last_gap).abs() < 1e-9);
        assert_eq!(dashes((0.0, 0.0), (3.0, 4.0), 10.0, 5.0).len(), 1);
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

    #[test]
    fn place_prefers_the_first_free_box() {
        let bounds = Rect::new(0.0, 0.0, 100.0, 100.0);
        let taken = Rect::new(0.0, 0.0, 50.0, 50.0);
        let a = Rect::new(10.0, 10.0, 20.0, 20.0);
        let b = Rect::new(60.0, 10.0, 70.0, 20.0);
        let c = Rect::new(60.0, 60.0, 70.0, 70.0);
        let free = |r: &[Rect]| r.iter().map(|r| (*r, 0.0)).collect::<Vec<_>>();
        assert_eq!(
            place(&free(&[a, b, c]), &[(taken, 1.0)], &bounds),
            (b, false)
        );
        let outside = Rect::new(95.0, 10.0, 105.0, 20.0);
        assert_eq!(place(&free(&[outside, a]), &[], &bounds), (a, false));
        assert_eq!(place(&free(&[a]), &[(taken, 1.0)], &bounds), (a, true));
        // A far place is taken only when the near one overlaps more than it costs.
        let far = (c, 50.0);
        assert_eq!(place(&[(a, 0.0), far], &[(taken, 0.1)], &bounds), (a, true));
        assert_eq!(
            place(&[(a, 0.0), far], &[(taken, 1.0)], &bounds),
            (c, false)
        );
    }
}
