//! The progress card: a header (who, where they stand now, the period, how many assessments and
//! the questionnaire) over the map and the timeline side by side, sized for a 16:9 slide. The
//! timeline's 0 and 100 lines are level with the map's, so the two read as one picture.

use plotters::prelude::*;
use plotters::style::text_anchor::HPos;

use super::map::{self, date_label, MapLayout};
use super::paint::{DrawResult, Font, Painter, Rect, Valign};
use super::palette::Palette;
use super::palette::Rgb;
use super::timeline::{self, TimelineLayout};
use super::ChartData;
use super::ChartPoint;
use crate::domain::measurement::position::{certainty, quadrant_probabilities, ranked};
use crate::domain::measurement::{Certainty, Sem, SemSource, Sems};
use crate::domain::scoring::classify;
use crate::domain::Quadrant;

/// The header's words for where the leader stands now: the small line above, the name, and its
/// colour. With the latest point's SEMs known, the name says only what the answers support (the
/// quadrant when clear, "Leaning …" when only likeliest, the centre when no quadrant is more
/// likely than not); without them, the quadrant of the position.
fn headline(
    data: &ChartData,
    latest: &ChartPoint,
    palette: &Palette,
) -> (&'static str, String, Rgb) {
    let colour = |q: Quadrant| {
        let index = Quadrant::ALL.iter().position(|x| *x == q).unwrap_or(0);
        palette.names[index]
    };
    if let Some((focus_sem, autonomy_sem)) = data.uncertainty {
        let sems = Sems {
            focus: Sem::new(focus_sem, SemSource::Prior),
            autonomy: Sem::new(autonomy_sem, SemSource::Prior),
        };
        let probabilities = quadrant_probabilities(latest.focus, latest.autonomy, &sems);
        let order = ranked(&probabilities);
        let top = order.first().copied().unwrap_or(Quadrant::ImpactGalore);
        return match certainty(&probabilities, latest.provisional) {
            Certainty::Clear => ("Now", top.info().name.clone(), colour(top)),
            Certainty::Leaning => ("Now, leaning towards", top.info().name.clone(), colour(top)),
            Certainty::Centre => (
                "Now, no clear quadrant yet",
                "Centre".to_string(),
                palette.ink,
            ),
        };
    }
    let (quadrant, borderline, _) = classify(latest.focus, latest.autonomy);
    let now = if borderline {
        "Now, close to a midline"
    } else {
        "Now"
    };
    (now, quadrant.info().name.clone(), colour(quadrant))
}

/// Pixel geometry of the card, in output pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CardLayout {
    /// Base size that text, margins and markers scale with.
    pub unit: f64,
    header: Rect,
    map: MapLayout,
    timeline_area: Rect,
}

impl CardLayout {
    /// The layout of a card `width` × `height` pixels at scale 1.
    pub fn new(width: u32, height: u32) -> CardLayout {
        let (w, h) = (f64::from(width), f64::from(height));
        let unit = (w.min(h * 16.0 / 9.0) / 71.0).max(6.0);
        let margin = unit * 1.4;
        let header = Rect::new(margin, margin, w - margin, margin + unit * 3.3);
        let body = Rect::new(margin, header.y1 + unit * 0.9, w - margin, h - margin * 0.6);
        let gap = unit * 1.4;
        // The map wants a square field: as wide as the body is high (less its own margins), but
        // never more than half the width.
        let map_width = (body.height() - unit * 1.6).min((body.width() - gap) * 0.5);
        let map = MapLayout::within(
            Rect::new(body.x0, body.y0, body.x0 + map_width, body.y1),
            unit,
        );
        let field = map.field();
        // Level with the map's field: the timeline's margins above and below the plot match.
        let timeline_area = Rect::new(
            body.x0 + map_width + gap,
            field.y0 - unit * 2.1,
            body.x1,
            field.y1 + unit * 3.3,
        );
        CardLayout {
            unit,
            header,
            map,
            timeline_area,
        }
    }

    /// The same layout for output drawn `scale` times larger.
    pub fn with_scale(self, scale: f64) -> CardLayout {
        CardLayout {
            unit: self.unit * scale,
            header: self.header.scaled(scale),
            map: self.map.with_scale(scale),
            timeline_area: self.timeline_area.scaled(scale),
        }
    }

    /// The header band.
    pub fn header(&self) -> Rect {
        self.header
    }

    /// The map's layout within the card.
    pub fn map(&self) -> MapLayout {
        self.map
    }

    /// The timeline's layout within the card, for dates from `first` to `last`.
    pub fn timeline(&self, first: chrono::NaiveDate, last: chrono::NaiveDate) -> TimelineLayout {
        TimelineLayout::within(self.timeline_area, self.unit, first, last)
    }
}

pub(super) fn draw<DB: DrawingBackend>(
    painter: &Painter<'_, DB>,
    layout: &CardLayout,
    palette: &Palette,
    data: &ChartData,
) -> DrawResult<DB> {
    draw_header(painter, layout, palette, data)?;
    map::draw(painter, &layout.map(), palette, data)?;
    let (first, last) = data.date_range().unwrap_or_default();
    timeline::draw(painter, &layout.timeline(first, last), palette, data)
}

/// "Mar 2026 – Feb 2027 · 12 assessments · questionnaire v1"
fn summary(data: &ChartData) -> String {
    let mut parts = Vec::new();
    match (data.points.first(), data.points.last()) {
        (Some(first), Some(last)) => {
            let (from, to) = (date_label(first.date, false), date_label(last.date, false));
            parts.push(if from == to {
                from
            } else {
                format!("{from} – {to}")
            });
            let n = data.points.len();
            parts.push(format!("{n} assessment{}", if n == 1 { "" } else { "s" }));
        }
        _ => parts.push("No assessments yet".to_string()),
    }
    let version = data.questionnaire.trim();
    if !version.is_empty() {
        parts.push(format!("questionnaire {version}"));
    }
    parts.join(" · ")
}

fn draw_header<DB: DrawingBackend>(
    painter: &Painter<'_, DB>,
    layout: &CardLayout,
    palette: &Palette,
    data: &ChartData,
) -> DrawResult<DB> {
    let u = layout.unit;
    let h = layout.header;

    // Where the leader stands now, on the right; the name gets the rest of the width.
    let mut right_edge = h.x1;
    if let Some(latest) = data.points.last() {
        let (now, name, colour) = headline(data, latest, palette);
        let name_font = Font::bold(u * 1.15);
        let name = painter.fit(&name, name_font, h.width() * 0.45);
        painter.text(
            &name,
            (h.x1, h.y0 + u * 1.1),
            name_font,
            colour,
            (HPos::Right, Valign::Top),
        )?;
        painter.text(
            now,
            (h.x1, h.y0 + u * 0.1),
            Font::regular(u * 0.7),
            palette.muted,
            (HPos::Right, Valign::Top),
        )?;
        right_edge = h.x1 - painter.measure(&name, name_font).0 - u * 1.5;
    }

    let person = data.person.trim();
    let person = if person.is_empty() {
        "Progress"
    } else {
        person
    };
    let name_font = Font::bold(u * 1.55);
    let room = right_edge - h.x0;
    painter.text(
        &painter.fit(person, name_font, room),
        (h.x0, h.y0),
        name_font,
        palette.ink,
        (HPos::Left, Valign::Top),
    )?;
    let line_font = Font::regular(u * 0.78);
    painter.text(
        &painter.fit(&summary(data), line_font, room),
        (h.x0, h.y0 + u * 2.2),
        line_font,
        palette.muted,
        (HPos::Left, Valign::Top),
    )?;
    painter.line(
        (h.x0, h.y1),
        (h.x1, h.y1),
        (u * 0.06).max(1.0),
        palette.grid,
        1.0,
    )
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::super::ChartPoint;
    use super::*;

    #[test]
    fn summary_names_period_count_and_version() {
        let point = |m| ChartPoint::new(NaiveDate::from_ymd_opt(2026, m, 1).unwrap(), 60.0, 40.0);
        let mut data = ChartData {
            questionnaire: "v1".into(),
            ..ChartData::default()
        };
        assert_eq!(summary(&data), "No assessments yet · questionnaire v1");
        data.points.push(point(3));
        assert_eq!(summary(&data), "Mar 2026 · 1 assessment · questionnaire v1");
        data.points.push(point(11));
        assert_eq!(
            summary(&data),
            "Mar 2026 – Nov 2026 · 2 assessments · questionnaire v1"
        );
    }

    #[test]
    fn map_and_timeline_sit_side_by_side_level() {
        let card = CardLayout::new(1920, 1080);
        let field = card.map().field();
        let day = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
        let plot = card.timeline(day, day).plot();
        assert!(field.x1 < plot.x0);
        assert!((field.y0 - plot.y0).abs() < 1e-9 && (field.y1 - plot.y1).abs() < 1e-9);
        assert!(card.header().y1 < field.y0);
    }
}
