//! Text placed clear of the data: the quadrant names, the date labels of the first and latest
//! points, and (through [`LabelSpec`]) the perception caption. Each picks, from candidate places
//! in order of preference, the first that overlaps nothing, or the least crowded.

use chrono::Datelike;
use plotters::prelude::*;
use plotters::style::text_anchor::HPos;

use super::perceptions::ends;
use super::uncertainty;
use super::{date_label, MapLayout};
use crate::chart::paint::{Drawn, Font, Painter, Point, Rect, Valign, CAP};
use crate::chart::palette::{Palette, Rgb};
use crate::chart::ChartData;
use crate::domain::scoring::{BORDERLINE_BAND, MIDLINE};
use crate::domain::Quadrant;

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
    /// The ±1 SEM cross on the latest point.
    Cross,
}

/// Small boxes along a line from `a` to `b`, about half a unit apart, each `r` from its centre.
pub(in crate::chart) fn sampled(a: Point, b: Point, unit: f64, r: f64) -> Vec<Rect> {
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

fn features(layout: &MapLayout, data: &ChartData) -> Vec<(Rect, Feature)> {
    let (points, perceptions) = (&data.points, &data.perceptions);
    let u = layout.unit;
    let at: Vec<Point> = points
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
    for ((a, b), _) in uncertainty::arms(layout, data) {
        boxes.extend(
            sampled(a, b, u, u * 0.1)
                .into_iter()
                .map(|r| (r, Feature::Cross)),
        );
    }
    boxes
}

/// Draws the quadrant names, each in its quadrant's outer corner unless the data is there: then
/// along the outer edge, nearer a midline. Returns the boxes the names cover.
pub(super) fn draw_names<DB: DrawingBackend>(
    painter: &Painter<'_, DB>,
    layout: &MapLayout,
    palette: &Palette,
    data: &ChartData,
) -> Drawn<Vec<Rect>, DB> {
    let u = layout.unit;
    let obstacles: Vec<(Rect, f64)> = features(layout, data)
        .into_iter()
        .map(|(r, feature)| match feature {
            Feature::Trail | Feature::Link | Feature::Cross => (r, 1.0),
            _ => (r.inflate(u * 0.2), 3.0),
        })
        .collect();
    draw_names_clear_of(painter, layout, palette, &obstacles)
}

/// Draws the quadrant names clear of `obstacles` (boxes with the weight of overlapping each), as
/// [`draw_names`] does for a person's data. Returns the boxes the names cover.
pub(in crate::chart) fn draw_names_clear_of<DB: DrawingBackend>(
    painter: &Painter<'_, DB>,
    layout: &MapLayout,
    palette: &Palette,
    obstacles: &[(Rect, f64)],
) -> Drawn<Vec<Rect>, DB> {
    let u = layout.unit;
    let f = layout.field();
    let font = Font::bold(u * 0.92);
    let pad = u * 0.7;
    let line_height = font.em * 1.22;
    let max_width = f.width() / 2.0 - 2.0 * pad;
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
        let (chosen, _) = place(&candidates, obstacles, &f);
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

/// Labels the latest point (and the first, when there are two or more) with its date. Returns
/// what a further label must keep clear of: names, data and the labels just placed.
pub(super) fn draw_labels<DB: DrawingBackend>(
    painter: &Painter<'_, DB>,
    layout: &MapLayout,
    palette: &Palette,
    data: &ChartData,
    names: &[Rect],
) -> Drawn<Vec<(Rect, f64)>, DB> {
    let points = &data.points;
    let u = layout.unit;
    let mut obstacles: Vec<(Rect, f64)> = names.iter().map(|r| (r.inflate(u * 0.1), 4.0)).collect();
    obstacles.extend(features(layout, data).into_iter().map(|(r, feature)| {
        let weight = match feature {
            Feature::Latest => 10.0,
            Feature::Point | Feature::Other => 6.0,
            Feature::Trail | Feature::Link => 0.3,
            // Part of the latest point: a label on the cross would hide what it shows.
            Feature::Cross => 10.0,
        };
        // Labels keep a little air around points and the cross.
        let air = if matches!(feature, Feature::Trail | Feature::Link) {
            0.0
        } else {
            u * 0.15
        };
        (r.inflate(air), weight)
    }));
    let (Some(first), Some(last)) = (points.first(), points.last()) else {
        return Ok(obstacles);
    };
    let with_day = points.len() > 1
        && (first.date.year(), first.date.month()) == (last.date.year(), last.date.month());
    let radius = layout.point_radius(points.len());
    let big = layout.latest_radius();

    let at: Vec<Point> = points
        .iter()
        .map(|p| layout.point(p.focus, p.autonomy))
        .collect();
    let bounds = layout.field().inflate(-u * 0.15);

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
pub(in crate::chart) fn keep_clear(
    obstacles: &mut Vec<(Rect, f64)>,
    (placed, leader): (Rect, Option<(Point, Point)>),
    u: f64,
) {
    obstacles.push((placed.inflate(u * 0.2), 10.0));
    if let Some((a, b)) = leader {
        for t in [0.25, 0.5, 0.75] {
            let p = (a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t);
            obstacles.push((Rect::new(p.0, p.1, p.0, p.1).inflate(u * 0.2), 10.0));
        }
    }
}

/// A date label beside a point.
pub(in crate::chart) struct LabelSpec {
    pub(in crate::chart) text: String,
    pub(in crate::chart) font: Font,
    pub(in crate::chart) colour: Rgb,
    pub(in crate::chart) at: Point,
    pub(in crate::chart) gap: f64,
    /// The other labelled point: a place nearer to it than to this label's own point would
    /// read as that point's label.
    pub(in crate::chart) rival: Option<Point>,
}

impl LabelSpec {
    /// Draws the label at the first candidate place that is clear (or the least crowded one), on
    /// a quiet backing when crowded; returns the box it took and its leader line, if any.
    pub(in crate::chart) fn draw<DB: DrawingBackend>(
        &self,
        painter: &Painter<'_, DB>,
        palette: &Palette,
        obstacles: &[(Rect, f64)],
        bounds: &Rect,
        unit: f64,
    ) -> Drawn<(Rect, Option<(Point, Point)>), DB> {
        let (w, cap) = painter.measure(&self.text, self.font);
        let ambiguous = |r: &Rect| {
            let centre = ((r.x0 + r.x1) / 2.0, (r.y0 + r.y1) / 2.0);
            let from = |p: Point| (centre.0 - p.0).hypot(centre.1 - p.1);
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

/// Picks, from `candidates` in order of preference (each with a cost of its own, such as being
/// further away), the first box that overlaps nothing, or the one that costs least: overlaps are
/// weighted by area, and leaving `bounds` counts heavily. Returns it and whether it overlaps
/// anything.
fn place(candidates: &[(Rect, f64)], obstacles: &[(Rect, f64)], bounds: &Rect) -> (Rect, bool) {
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
