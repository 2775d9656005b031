//! The trajectory map: the quadrant field with its four names and the borderline band, and the
//! assessments as points joined in time order with arrowheads. Moves within noise are dashed and
//! faded, the latest point is emphasised, and the first and last are labelled with their month,
//! placed clear of the quadrant names and of each other. Other raters' views of the leader
//! (perceptions) are squares in their own colour, each joined to the leader's own point of the
//! same period by a dotted line; the latest is captioned with the rater and the gap.

use chrono::Datelike;
use plotters::prelude::*;
use plotters::style::text_anchor::HPos;

use super::paint::{place, DrawResult, Drawn, Font, Painter, Rect, Valign, CAP, P};
use super::palette::Palette;
use super::{unit_for, ChartPoint, Perception};
use crate::domain::scoring::{BORDERLINE_BAND, MIDLINE};
use crate::domain::Quadrant;

/// Opacity of the trail for a real move and for a move within noise.
pub const MOVE_OPACITY: f64 = 0.9;
pub const NOISE_OPACITY: f64 = 0.45;
/// Opacity of the dotted line joining another rater's point to the leader's own.
pub const LINK_OPACITY: f64 = 0.8;

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
    pub(super) fn within(area: Rect, unit: f64) -> MapLayout {
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

    fn x(&self, focus: f64) -> f64 {
        self.field.x0 + self.field.width() * focus.clamp(0.0, 100.0) / 100.0
    }

    fn y(&self, autonomy: f64) -> f64 {
        self.field.y1 - self.field.height() * autonomy.clamp(0.0, 100.0) / 100.0
    }
}

/// 1 for up to two dozen points, falling to ½ at 120 and more.
fn density(count: usize) -> f64 {
    1.0 - 0.5 * ((count as f64 - 24.0) / 96.0).clamp(0.0, 1.0)
}

/// The label of a point's date: its month, or its day when the labelled points share a month.
pub(super) fn date_label(date: chrono::NaiveDate, with_day: bool) -> String {
    if with_day {
        date.format("%-d %b %Y").to_string()
    } else {
        date.format("%b %Y").to_string()
    }
}

pub(super) fn draw<DB: DrawingBackend>(
    painter: &Painter<'_, DB>,
    layout: &MapLayout,
    palette: &Palette,
    points: &[ChartPoint],
    perceptions: &[Perception],
) -> DrawResult<DB> {
    draw_field(painter, layout, palette)?;
    let names = draw_names(painter, layout, palette, points, perceptions)?;
    draw_axes(painter, layout, palette)?;
    if points.is_empty() && perceptions.is_empty() {
        let u = layout.unit;
        let f = layout.field;
        let font = Font::regular(u * 0.9);
        let at = ((f.x0 + f.x1) / 2.0, (f.y0 + f.y1) / 2.0);
        let text = "No assessments yet";
        let backing = painter
            .text_box(text, at, font, HPos::Center, Valign::Middle)
            .inflate(u * 0.45);
        painter.rect(backing, palette.background, 0.9)?;
        return painter.text(
            text,
            at,
            font,
            palette.muted,
            (HPos::Center, Valign::Middle),
        );
    }
    draw_trail(painter, layout, palette, points)?;
    draw_links(painter, layout, palette, perceptions)?;
    // Labels go under the markers: where a backing grazes a point, the point still shows.
    let taken = draw_labels(painter, layout, palette, points, perceptions, &names)?;
    draw_caption(painter, layout, palette, perceptions, taken)?;
    draw_markers(painter, layout, palette, points)?;
    draw_others(painter, layout, palette, points, perceptions)
}

/// Draws the quadrants, the borderline band and the midlines.
fn draw_field<DB: DrawingBackend>(
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
    let f = layout.field;
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

/// What the map draws for the data, as boxes that names and labels should keep clear of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Feature {
    Latest,
    Point,
    Trail,
    /// Another rater's square.
    Other,
    /// The dotted line from another rater's point to the leader's own.
    Link,
}

/// Where a perception's two ends land: the leader's own point and the other rater's.
fn ends(layout: &MapLayout, p: &Perception) -> (P, P) {
    (
        layout.point(p.self_focus, p.self_autonomy),
        layout.point(p.other_focus, p.other_autonomy),
    )
}

/// Small boxes along a line from `a` to `b`, about half a unit apart, each `r` from its centre.
fn sampled(a: P, b: P, unit: f64, r: f64) -> Vec<Rect> {
    let steps = ((b.0 - a.0).hypot(b.1 - a.1) / (unit * 0.5))
        .ceil()
        .max(1.0) as usize;
    (0..=steps)
        .map(|s| {
            let t = s as f64 / steps as f64;
            let p = (a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t);
            Rect::new(p.0 - r, p.1 - r, p.0 + r, p.1 + r)
        })
        .collect()
}

fn features(
    layout: &MapLayout,
    points: &[ChartPoint],
    perceptions: &[Perception],
) -> Vec<(Rect, Feature)> {
    let u = layout.unit;
    let at: Vec<P> = points
        .iter()
        .map(|p| layout.point(p.focus, p.autonomy))
        .collect();
    let radius = layout.point_radius(points.len());
    let mut boxes = Vec::new();
    for (i, p) in at.iter().enumerate() {
        let (r, feature) = if i + 1 == at.len() {
            (layout.latest_radius() + u * 0.16, Feature::Latest)
        } else {
            (radius, Feature::Point)
        };
        boxes.push((Rect::new(p.0 - r, p.1 - r, p.0 + r, p.1 + r), feature));
    }
    // The trail, sampled into small boxes.
    for pair in at.windows(2) {
        boxes.extend(
            sampled(pair[0], pair[1], u, u * 0.1)
                .into_iter()
                .map(|r| (r, Feature::Trail)),
        );
    }
    let half = layout.other_half_side(perceptions.len()) + u * 0.1;
    for p in perceptions {
        let (own, other) = ends(layout, p);
        boxes.extend(
            sampled(own, other, u, u * 0.08)
                .into_iter()
                .map(|r| (r, Feature::Link)),
        );
        boxes.push((
            Rect::new(
                other.0 - half,
                other.1 - half,
                other.0 + half,
                other.1 + half,
            ),
            Feature::Other,
        ));
    }
    boxes
}

/// Draws the quadrant names, each in its quadrant's outer corner unless the data is there: then
/// along the outer edge, nearer a midline. Returns the boxes the names cover.
fn draw_names<DB: DrawingBackend>(
    painter: &Painter<'_, DB>,
    layout: &MapLayout,
    palette: &Palette,
    points: &[ChartPoint],
    perceptions: &[Perception],
) -> Drawn<Vec<Rect>, DB> {
    let u = layout.unit;
    let f = layout.field;
    let font = Font::bold(u * 0.92);
    let pad = u * 0.7;
    let line_height = font.em * 1.22;
    let max_width = f.width() / 2.0 - 2.0 * pad;
    let obstacles: Vec<(Rect, f64)> = features(layout, points, perceptions)
        .into_iter()
        .map(|(r, feature)| match feature {
            Feature::Trail | Feature::Link => (r, 1.0),
            _ => (r.inflate(u * 0.2), 3.0),
        })
        .collect();
    let mut boxes = Vec::new();
    for (i, quadrant) in Quadrant::ALL.into_iter().enumerate() {
        let lines = painter.wrap(&quadrant.info().name, font, max_width);
        let width = lines
            .iter()
            .map(|l| painter.measure(l, font).0)
            .fold(0.0, f64::max);
        let height = line_height * (lines.len() as f64 - 1.0) + font.em * CAP;
        let (high_focus, high_autonomy) = (quadrant.high_focus(), quadrant.high_autonomy());
        // Left edges: at the outer side, or beside the vertical midline's band.
        let outer_x = if high_focus {
            f.x1 - pad - width
        } else {
            f.x0 + pad
        };
        let inner_x = if high_focus {
            layout.x(MIDLINE + BORDERLINE_BAND) + pad
        } else {
            layout.x(MIDLINE - BORDERLINE_BAND) - pad - width
        };
        // Top edges: at the outer side, or beside the horizontal midline's band.
        let outer_y = if high_autonomy {
            f.y0 + pad
        } else {
            f.y1 - pad - height
        };
        let inner_y = if high_autonomy {
            layout.y(MIDLINE + BORDERLINE_BAND) - pad - height
        } else {
            layout.y(MIDLINE - BORDERLINE_BAND) + pad
        };
        let block = |x: f64, y: f64| (Rect::new(x, y, x + width, y + height), 0.0);
        let candidates = [
            block(outer_x, outer_y),
            block(inner_x, outer_y),
            block(outer_x, inner_y),
        ];
        let (chosen, _) = place(&candidates, &obstacles, &f);
        // Lines keep the alignment of the side they are nearer to.
        let right_aligned =
            (chosen.x0 + chosen.x1) / 2.0 > layout.x(if high_focus { 75.0 } else { 25.0 });
        let (h, x) = if right_aligned {
            (HPos::Right, chosen.x1)
        } else {
            (HPos::Left, chosen.x0)
        };
        for (n, line) in lines.iter().enumerate() {
            let at = (x, chosen.y0 + line_height * n as f64);
            boxes.push(painter.text_box(line, at, font, h, Valign::Top));
            painter.text(line, at, font, palette.names[i], (h, Valign::Top))?;
        }
    }
    Ok(boxes)
}

fn draw_axes<DB: DrawingBackend>(
    painter: &Painter<'_, DB>,
    layout: &MapLayout,
    palette: &Palette,
) -> DrawResult<DB> {
    let u = layout.unit;
    let f = layout.field;
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
    let title = Font::bold(u * 0.78);
    painter.text(
        "Focus →",
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

/// The arrowhead of a move from `a` to `b`, at its middle; none when the move is too short to
/// hold one clear of the dots at its ends.
fn arrowhead(a: P, b: P, length: f64, clearance: f64) -> Option<[P; 3]> {
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

fn draw_trail<DB: DrawingBackend>(
    painter: &Painter<'_, DB>,
    layout: &MapLayout,
    palette: &Palette,
    points: &[ChartPoint],
) -> DrawResult<DB> {
    let u = layout.unit;
    let n = points.len();
    let at: Vec<P> = points
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

fn draw_markers<DB: DrawingBackend>(
    painter: &Painter<'_, DB>,
    layout: &MapLayout,
    palette: &Palette,
    points: &[ChartPoint],
) -> DrawResult<DB> {
    let u = layout.unit;
    let n = points.len();
    let at: Vec<P> = points
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

/// Labels the latest point (and the first, when there are two or more) with its date. Returns
/// what a further label must keep clear of: names, data and the labels just placed.
fn draw_labels<DB: DrawingBackend>(
    painter: &Painter<'_, DB>,
    layout: &MapLayout,
    palette: &Palette,
    points: &[ChartPoint],
    perceptions: &[Perception],
    names: &[Rect],
) -> Drawn<Vec<(Rect, f64)>, DB> {
    let u = layout.unit;
    let mut obstacles: Vec<(Rect, f64)> = names.iter().map(|r| (r.inflate(u * 0.1), 4.0)).collect();
    obstacles.extend(
        features(layout, points, perceptions)
            .into_iter()
            .map(|(r, feature)| {
                let weight = match feature {
                    Feature::Latest => 10.0,
                    Feature::Point | Feature::Other => 6.0,
                    Feature::Trail | Feature::Link => 0.3,
                };
                // Labels keep a little air around points.
                let air = if matches!(feature, Feature::Trail | Feature::Link) {
                    0.0
                } else {
                    u * 0.15
                };
                (r.inflate(air), weight)
            }),
    );
    let (Some(first), Some(last)) = (points.first(), points.last()) else {
        return Ok(obstacles);
    };
    let with_day = points.len() > 1
        && (first.date.year(), first.date.month()) == (last.date.year(), last.date.month());
    let radius = layout.point_radius(points.len());
    let big = layout.latest_radius();

    let at: Vec<P> = points
        .iter()
        .map(|p| layout.point(p.focus, p.autonomy))
        .collect();
    let bounds = layout.field.inflate(-u * 0.15);

    let end = LabelSpec {
        text: date_label(last.date, with_day),
        font: Font::bold(u * 0.8),
        colour: palette.ink,
        at: *at.last().unwrap_or(&(0.0, 0.0)),
        gap: big + u * 0.6,
        rival: (at.len() > 1).then(|| at[0]),
    };
    let placed = end.draw(painter, palette, &obstacles, &bounds, u)?;
    keep_clear(&mut obstacles, placed, u);
    if points.len() > 1 {
        let start = LabelSpec {
            text: date_label(first.date, with_day),
            font: Font::regular(u * 0.72),
            colour: palette.muted,
            at: at[0],
            gap: radius + u * 0.35,
            rival: at.last().copied(),
        };
        let placed = start.draw(painter, palette, &obstacles, &bounds, u)?;
        keep_clear(&mut obstacles, placed, u);
    }
    Ok(obstacles)
}

/// Adds a placed label and its leader line, if any, to what later labels keep clear of.
fn keep_clear(obstacles: &mut Vec<(Rect, f64)>, (placed, leader): (Rect, Option<(P, P)>), u: f64) {
    obstacles.push((placed.inflate(u * 0.2), 10.0));
    if let Some((a, b)) = leader {
        for t in [0.25, 0.5, 0.75] {
            let p = (a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t);
            obstacles.push((Rect::new(p.0, p.1, p.0, p.1).inflate(u * 0.2), 10.0));
        }
    }
}

/// The perception the map captions: the latest by date (the last listed of equals).
fn latest_perception(perceptions: &[Perception]) -> Option<&Perception> {
    perceptions.iter().max_by_key(|p| p.date)
}

/// Joins each other rater's point to the leader's own by a thin dotted line.
fn draw_links<DB: DrawingBackend>(
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
fn draw_caption<DB: DrawingBackend>(
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
        &layout.field.inflate(-u * 0.15),
        u,
    )?;
    Ok(())
}

/// Draws each other rater's point as a square on a thin halo, over everything else; where the
/// leader's own point of the period is not among the drawn points, a small ring marks it.
fn draw_others<DB: DrawingBackend>(
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
    let at: Vec<P> = points
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
    let square = |c: P, h: f64| {
        [
            (c.0 - h, c.1 - h),
            (c.0 + h, c.1 - h),
            (c.0 + h, c.1 + h),
            (c.0 - h, c.1 + h),
        ]
    };
    for p in perceptions {
        let (_, other) = ends(layout, p);
        painter.polygon(&square(other, half + halo), palette.background, 0.9)?;
        painter.polygon(&square(other, half), palette.other, 1.0)?;
    }
    Ok(())
}

/// A date label beside a point.
struct LabelSpec {
    text: String,
    font: Font,
    colour: super::palette::Rgb,
    at: P,
    gap: f64,
    /// The other labelled point: a place nearer to it than to this label's own point would
    /// read as that point's label.
    rival: Option<P>,
}

impl LabelSpec {
    /// Draws the label at the first candidate place that is clear (or the least crowded one), on
    /// a quiet backing when crowded; returns the box it took and its leader line, if any.
    fn draw<DB: DrawingBackend>(
        &self,
        painter: &Painter<'_, DB>,
        palette: &Palette,
        obstacles: &[(Rect, f64)],
        bounds: &Rect,
        unit: f64,
    ) -> Drawn<(Rect, Option<(P, P)>), DB> {
        let (w, cap) = painter.measure(&self.text, self.font);
        let ambiguous = |r: &Rect| {
            let centre = ((r.x0 + r.x1) / 2.0, (r.y0 + r.y1) / 2.0);
            let from = |p: P| (centre.0 - p.0).hypot(centre.1 - p.1);
            self.rival.is_some_and(|rival| from(rival) < from(self.at))
        };
        let pad = unit * 0.18;
        let (x, y) = self.at;
        let mut candidates = Vec::new();
        // The far ring costs as much as overlapping a small patch: near and slightly crowded
        // beats far and clear.
        for (gap, cost) in [(self.gap, 0.0), (self.gap * 2.0 + unit * 0.5, unit * unit)] {
            let d = gap * std::f64::consts::FRAC_1_SQRT_2;
            let (left, right) = (x - gap - w, x + gap);
            let (middle, above, below) = (y - cap / 2.0, y - gap - cap, y + gap);
            let ring = [
                Rect::new(right, middle, right + w, middle + cap),
                Rect::new(left, middle, left + w, middle + cap),
                Rect::new(x - w / 2.0, above, x + w / 2.0, above + cap),
                Rect::new(x - w / 2.0, below, x + w / 2.0, below + cap),
                Rect::new(x + d, y - d - cap, x + d + w, y - d),
                Rect::new(x - d - w, y - d - cap, x - d, y - d),
                Rect::new(x + d, y + d, x + d + w, y + d + cap),
                Rect::new(x - d - w, y + d, x - d, y + d + cap),
            ];
            candidates.extend(ring.map(|r| {
                let r = r.inflate(pad);
                let mut cost = cost;
                if ambiguous(&r) {
                    cost += unit * unit * 4.0;
                }
                if cost > 0.0 {
                    // Far away, it will need a leader: better one that crosses nothing.
                    let end = (x.clamp(r.x0, r.x1), y.clamp(r.y0, r.y1));
                    for t in [0.4, 0.6, 0.8] {
                        let p = (x + (end.0 - x) * t, y + (end.1 - y) * t);
                        let probe = Rect::new(p.0, p.1, p.0, p.1).inflate(unit * 0.15);
                        cost += obstacles
                            .iter()
                            .map(|(o, weight)| probe.overlap(o) * weight)
                            .sum::<f64>();
                    }
                }
                (r, cost)
            }));
        }
        let (chosen, crowded) = place(&candidates, obstacles, bounds);
        let (cx, cy) = (x.clamp(chosen.x0, chosen.x1), y.clamp(chosen.y0, chosen.y1));
        let mut leader = None;
        if (cx - x).hypot(cy - y) > self.gap * 1.5 {
            // Pushed away from its point by a crowd: a thin leader says whose label it is.
            let width = (unit * 0.05).max(1.0);
            painter.line((x, y), (cx, cy), width, palette.muted, 0.7)?;
            leader = Some(((x, y), (cx, cy)));
        }
        if crowded {
            // A quiet backing keeps the label legible over names, the trail or other points.
            painter.rect(chosen, palette.background, 0.8)?;
        }
        painter.text(
            &self.text,
            (chosen.x0 + pad, chosen.y0 + pad),
            self.font,
            self.colour,
            (HPos::Left, Valign::Top),
        )?;
        Ok((chosen, leader))
    }
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

    #[test]
    fn arrowheads_only_on_moves_long_enough() {
        assert!(arrowhead((0.0, 0.0), (100.0, 0.0), 10.0, 5.0).is_some());
        assert!(arrowhead((0.0, 0.0), (20.0, 0.0), 10.0, 5.0).is_none());
        let head = arrowhead((0.0, 0.0), (100.0, 0.0), 10.0, 5.0).unwrap();
        assert_eq!(head[0], (55.0, 0.0), "the tip points along the move");
    }
}
