//! The timeline: focus and autonomy (0–100) over real time, so gaps in the cadence show as gaps.
//! The midline and borderline band sit quietly behind two lines with markers (circles for focus,
//! diamonds for autonomy); commitments are marked on the date axis where they were made (filled
//! triangle) and reviewed (hollow triangle), each date with a quiet vertical guide.

use chrono::{Datelike, Months, NaiveDate};
use plotters::prelude::*;
use plotters::style::text_anchor::HPos;

use super::map::date_label;
use super::paint::{DrawResult, Font, Painter, Rect, Valign, CAP, P};
use super::palette::{Palette, Rgb};
use super::{unit_for, ChartData, MarkKind};
use crate::domain::scoring::{BORDERLINE_BAND, MIDLINE};

/// Spans shorter than this many days get a month (31 days) either side.
const SHORT_SPAN_DAYS: i64 = 61;

/// Pixel geometry of the timeline, in output pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TimelineLayout {
    /// Base size that text, margins and markers scale with.
    pub unit: f64,
    /// The plot: 0..100 upwards, `start`..`end` left to right.
    plot: Rect,
    start: NaiveDate,
    end: NaiveDate,
}

impl TimelineLayout {
    /// The layout of a timeline `width` × `height` pixels at scale 1 showing the dates from
    /// `first` to `last` (see [`super::ChartData::date_range`]). The axis runs a little beyond
    /// both, and a month (31 days) either side when they are less than two months apart.
    pub fn new(width: u32, height: u32, first: NaiveDate, last: NaiveDate) -> TimelineLayout {
        let area = Rect::new(0.0, 0.0, f64::from(width), f64::from(height));
        TimelineLayout::within(area, unit_for(width, height), first, last)
    }

    /// The layout of a timeline drawn inside `area` with text and markers sized by `unit`.
    pub(super) fn within(
        area: Rect,
        unit: f64,
        first: NaiveDate,
        last: NaiveDate,
    ) -> TimelineLayout {
        let (first, last) = (first.min(last), first.max(last));
        let span = (last - first).num_days();
        // A month either side of a lone point (or a short run); otherwise a little air.
        let pad = if span < SHORT_SPAN_DAYS {
            31
        } else {
            (span / 25).max(10)
        };
        let pad = chrono::Duration::days(pad);
        let (start, end) = (first - pad, last + pad);
        let (left, right, top, bottom) = (unit * 2.3, unit * 2.4, unit * 2.1, unit * 3.3);
        let plot = Rect::new(
            area.x0 + left,
            area.y0 + top,
            (area.x1 - right).max(area.x0 + left + unit),
            (area.y1 - bottom).max(area.y0 + top + unit),
        );
        TimelineLayout {
            unit,
            plot,
            start,
            end,
        }
    }

    /// The same layout for output drawn `scale` times larger.
    pub fn with_scale(self, scale: f64) -> TimelineLayout {
        TimelineLayout {
            unit: self.unit * scale,
            plot: self.plot.scaled(scale),
            ..self
        }
    }

    /// The plot area, in output pixels.
    pub fn plot(&self) -> Rect {
        self.plot
    }

    /// The first and last day on the axis.
    pub fn axis_dates(&self) -> (NaiveDate, NaiveDate) {
        (self.start, self.end)
    }

    /// The pixel a value (0..100) on a date lands on.
    pub fn pixel(&self, date: NaiveDate, value: f64) -> (i32, i32) {
        let (x, y) = self.point(date, value);
        (x.floor() as i32, y.floor() as i32)
    }

    /// Where a value on a date lands, exactly.
    pub fn point(&self, date: NaiveDate, value: f64) -> (f64, f64) {
        (self.x(date), self.y(value))
    }

    /// Radius of a focus marker (and half-diagonal of an autonomy diamond, less a quarter) when
    /// the timeline shows `count` assessments.
    pub fn marker_radius(&self, count: usize) -> f64 {
        let density = 1.0 - 0.55 * ((count as f64 - 24.0) / 96.0).clamp(0.0, 1.0);
        (self.unit * 0.24 * density).max(1.5)
    }

    fn x(&self, date: NaiveDate) -> f64 {
        let days = (self.end - self.start).num_days().max(1) as f64;
        let t = (date - self.start).num_days() as f64 / days;
        self.plot.x0 + self.plot.width() * t
    }

    fn y(&self, value: f64) -> f64 {
        self.plot.y1 - self.plot.height() * value.clamp(0.0, 100.0) / 100.0
    }

    /// Month ticks: every `step` months, chosen so their labels have room.
    fn ticks(&self) -> (u32, Vec<NaiveDate>) {
        let months = (self.end - self.start).num_days() as f64 / 30.44;
        let per_month = self.plot.width() / months.max(0.1);
        let step = [1, 2, 3, 6, 12, 24, 60, 120]
            .into_iter()
            .find(|&s| per_month * f64::from(s) >= self.unit * 2.8)
            .unwrap_or(240);
        let mut ticks = Vec::new();
        let mut month = NaiveDate::from_ymd_opt(self.start.year(), self.start.month(), 1);
        while let Some(day) = month {
            if day > self.end {
                break;
            }
            let index = day.year() * 12 + day.month0() as i32;
            if day >= self.start && index.rem_euclid(step as i32) == 0 {
                ticks.push(day);
            }
            month = day.checked_add_months(Months::new(1));
        }
        (step, ticks)
    }
}

fn diamond((x, y): P, r: f64) -> [P; 4] {
    [(x, y - r), (x + r, y), (x, y + r), (x - r, y)]
}

fn triangle((x, y): P, size: f64) -> [P; 3] {
    [(x, y - size), (x + size * 0.62, y), (x - size * 0.62, y)]
}

pub(super) fn draw<DB: DrawingBackend>(
    painter: &Painter<'_, DB>,
    layout: &TimelineLayout,
    palette: &Palette,
    data: &ChartData,
) -> DrawResult<DB> {
    draw_grid(painter, layout, palette)?;
    if data.date_range().is_some() {
        draw_dates(painter, layout, palette)?;
    }
    draw_marks(painter, layout, palette, data)?;
    draw_legend(painter, layout, palette, data)?;
    if data.points.is_empty() {
        let u = layout.unit;
        let p = layout.plot;
        // Between the band and the 75 line, where nothing else is drawn.
        let at = ((p.x0 + p.x1) / 2.0, layout.y(65.0));
        let lines = [
            ("No assessments yet", Font::bold(u * 0.85), palette.ink),
            (
                "Focus and autonomy will show here over time.",
                Font::regular(u * 0.7),
                palette.muted,
            ),
        ];
        for (i, (text, font, colour)) in lines.into_iter().enumerate() {
            let text = painter.fit(text, font, p.width() - u);
            let y = at.1 + (i as f64 - 0.5) * u * 1.3;
            painter.text(
                &text,
                (at.0, y),
                font,
                colour,
                (HPos::Center, Valign::Middle),
            )?;
        }
        return Ok(());
    }
    draw_lines(painter, layout, palette, data)
}

fn draw_grid<DB: DrawingBackend>(
    painter: &Painter<'_, DB>,
    layout: &TimelineLayout,
    palette: &Palette,
) -> DrawResult<DB> {
    let u = layout.unit;
    let p = layout.plot;
    let (lo, hi) = (
        layout.y(MIDLINE + BORDERLINE_BAND),
        layout.y(MIDLINE - BORDERLINE_BAND),
    );
    painter.rect(
        Rect::new(p.x0, lo, p.x1, hi),
        palette.band,
        palette.band_alpha,
    )?;
    let thin = (u * 0.05).max(1.0);
    let ticks = Font::regular(u * 0.72);
    for value in [0.0, 25.0, 50.0, 75.0, 100.0] {
        let y = layout.y(value);
        if value == MIDLINE {
            painter.line(
                (p.x0, y),
                (p.x1, y),
                (u * 0.07).max(1.0),
                palette.frame,
                1.0,
            )?;
        } else {
            painter.line((p.x0, y), (p.x1, y), thin, palette.grid, 1.0)?;
        }
        painter.text(
            &format!("{value}"),
            (p.x0 - u * 0.45, y),
            ticks,
            palette.muted,
            (HPos::Right, Valign::Middle),
        )?;
    }
    Ok(())
}

/// Month (or year) ticks; the year under the first tick and each
/// January.
fn draw_dates<DB: DrawingBackend>(
    painter: &Painter<'_, DB>,
    layout: &TimelineLayout,
    palette: &Palette,
) -> DrawResult<DB> {
    let u = layout.unit;
    let p = layout.plot;
    let (step, ticks) = layout.ticks();
    let font = Font::regular(u * 0.72);
    let year_font = Font::bold(u * 0.62);
    let thin = (u * 0.05).max(1.0);
    for (i, day) in ticks.iter().enumerate() {
        let x = layout.x(*day);
        painter.line((x, p.y1), (x, p.y1 + u * 0.25), thin, palette.frame, 1.0)?;
        if step >= 12 {
            painter.text(
                &day.format("%Y").to_string(),
                (x, p.y1 + u * 0.5),
                font,
                palette.muted,
                (HPos::Center, Valign::Top),
            )?;
            continue;
        }
        painter.text(
            &day.format("%b").to_string(),
            (x, p.y1 + u * 0.5),
            font,
            palette.muted,
            (HPos::Center, Valign::Top),
        )?;
        if i == 0 || day.month() == 1 {
            painter.text(
                &day.format("%Y").to_string(),
                (x, p.y1 + u * 1.4),
                year_font,
                palette.muted,
                (HPos::Center, Valign::Top),
            )?;
        }
    }
    Ok(())
}

/// Legend above the plot: the two lines, and the two kinds of mark when there are marks.
fn draw_legend<DB: DrawingBackend>(
    painter: &Painter<'_, DB>,
    layout: &TimelineLayout,
    palette: &Palette,
    data: &ChartData,
) -> DrawResult<DB> {
    let u = layout.unit;
    let p = layout.plot;
    let font = Font::bold(u * 0.72);
    let y = p.y0 - u * 0.9;
    let mut x = p.x0;
    let swatch = u * 1.1;
    let r = u * 0.22;
    let width = (u * 0.11).max(1.0);
    let entries: [(&str, Rgb, bool); 2] = [
        ("Focus", palette.focus, true),
        ("Autonomy", palette.autonomy, false),
    ];
    for (name, colour, circle) in entries {
        painter.line((x, y), (x + swatch, y), width, colour, 1.0)?;
        let c = (x + swatch / 2.0, y);
        if circle {
            painter.disc(c, r, colour, 1.0)?;
        } else {
            painter.polygon(&diamond(c, r * 1.3), colour, 1.0)?;
        }
        x += swatch + u * 0.35;
        painter.text(
            name,
            (x, y),
            font,
            palette.ink,
            (HPos::Left, Valign::Middle),
        )?;
        x += painter.measure(name, font).0 + u * 0.9;
    }
    let kinds = [
        (MarkKind::Committed, "Commitment made"),
        (MarkKind::Reviewed, "Reviewed"),
    ];
    let small = Font::regular(u * 0.72);
    for (kind, name) in kinds {
        if !data.marks.iter().any(|m| m.kind == kind) {
            continue;
        }
        let base = (x + u * 0.3, y + u * 0.25);
        draw_mark(painter, palette, base, u * 0.5, kind, u)?;
        x += u * 0.95;
        painter.text(
            name,
            (x, y),
            small,
            palette.muted,
            (HPos::Left, Valign::Middle),
        )?;
        x += painter.measure(name, small).0 + u * 0.8;
    }
    Ok(())
}

fn draw_mark<DB: DrawingBackend>(
    painter: &Painter<'_, DB>,
    palette: &Palette,
    base: P,
    size: f64,
    kind: MarkKind,
    unit: f64,
) -> DrawResult<DB> {
    match kind {
        MarkKind::Committed => painter.polygon(&triangle(base, size), palette.mark, 1.0),
        MarkKind::Reviewed => {
            let width = (unit * 0.09).max(1.0);
            // Inset by half the stroke, so both triangles cover the same ground.
            let inset = triangle((base.0, base.1 - width / 2.0), size - width * 0.8);
            painter.outline(&inset, width, palette.mark, 1.0)
        }
    }
}

/// Commitments on the date axis, and the latest commitments' titles under it.
fn draw_marks<DB: DrawingBackend>(
    painter: &Painter<'_, DB>,
    layout: &TimelineLayout,
    palette: &Palette,
    data: &ChartData,
) -> DrawResult<DB> {
    let u = layout.unit;
    let p = layout.plot;
    let mut dates: Vec<NaiveDate> = data.marks.iter().map(|m| m.date).collect();
    dates.sort_unstable();
    dates.dedup();
    let size = u * 0.5;
    for date in &dates {
        let x = layout.x(*date);
        painter.line((x, p.y1), (x, p.y0), (u * 0.06).max(1.0), palette.mark, 0.2)?;
        let kinds: Vec<MarkKind> = [MarkKind::Reviewed, MarkKind::Committed]
            .into_iter()
            .filter(|k| data.marks.iter().any(|m| m.date == *date && m.kind == *k))
            .collect();
        for (i, kind) in kinds.iter().enumerate() {
            // Side by side when both happened that day: the review first, then the new ones.
            let offset = if kinds.len() == 2 {
                (i as f64 - 0.5) * size * 1.35
            } else {
                0.0
            };
            draw_mark(
                painter,
                palette,
                (x + offset, p.y1 - u * 0.08),
                size,
                *kind,
                u,
            )?;
        }
    }

    // The titles of the most recent commitments, so a reader knows what the leader is working on.
    let Some(latest) = data
        .marks
        .iter()
        .filter(|m| m.kind == MarkKind::Committed)
        .map(|m| m.date)
        .max()
    else {
        return Ok(());
    };
    let titles: Vec<&str> = data
        .marks
        .iter()
        .filter(|m| m.kind == MarkKind::Committed && m.date == latest)
        .map(|m| m.label.trim())
        .filter(|t| !t.is_empty())
        .collect();
    if titles.is_empty() {
        return Ok(());
    }
    let font = Font::regular(u * 0.7);
    let lead = format!("Committed {}: ", date_label(latest, false));
    let lead_font = Font::bold(u * 0.7);
    let y = p.y1 + u * 2.35;
    painter.text(
        &lead,
        (p.x0, y),
        lead_font,
        palette.mark,
        (HPos::Left, Valign::Top),
    )?;
    let x = p.x0 + painter.measure(&lead, lead_font).0;
    let room = p.x1 - x;
    let each = room / titles.len() as f64;
    let shortened: Vec<String> = titles
        .iter()
        .map(|t| painter.fit(t, font, (each - u * 0.6).max(u * 3.0)))
        .collect();
    let text = painter.fit(&shortened.join(" · "), font, room);
    painter.text(
        &text,
        (x, y),
        font,
        palette.muted,
        (HPos::Left, Valign::Top),
    )
}

fn draw_lines<DB: DrawingBackend>(
    painter: &Painter<'_, DB>,
    layout: &TimelineLayout,
    palette: &Palette,
    data: &ChartData,
) -> DrawResult<DB> {
    let u = layout.unit;
    let n = data.points.len();
    let r = layout.marker_radius(n);
    let width = (r * 0.45).max(1.0);
    let focus: Vec<P> = data
        .points
        .iter()
        .map(|p| layout.point(p.date, p.focus))
        .collect();
    let autonomy: Vec<P> = data
        .points
        .iter()
        .map(|p| layout.point(p.date, p.autonomy))
        .collect();
    painter.polyline(&autonomy, width, palette.autonomy, 1.0)?;
    painter.polyline(&focus, width, palette.focus, 1.0)?;
    let halo = (width * 0.8).max(1.0);
    for (i, (&f, &a)) in focus.iter().zip(&autonomy).enumerate() {
        // The latest markers a little larger.
        let r = if i + 1 == n { r * 1.3 } else { r };
        painter.ring(a, r * 1.3, halo, palette.background, 0.9)?;
        painter.polygon(&diamond(a, r * 1.3), palette.autonomy, 1.0)?;
        painter.ring(f, r + halo / 2.0, halo, palette.background, 0.9)?;
        painter.disc(f, r, palette.focus, 1.0)?;
    }

    // The latest values beside the last markers, pushed apart when they would touch.
    let (Some(&f), Some(&a), Some(last)) = (focus.last(), autonomy.last(), data.points.last())
    else {
        return Ok(());
    };
    let font = Font::bold(u * 0.78);
    let min_gap = font.em * CAP * 1.5;
    let (mut fy, mut ay) = (f.1, a.1);
    if (fy - ay).abs() < min_gap {
        let mid = (fy + ay) / 2.0;
        let sign = if last.focus >= last.autonomy {
            -1.0
        } else {
            1.0
        };
        fy = mid + sign * min_gap / 2.0;
        ay = mid - sign * min_gap / 2.0;
    }
    let x = f.0 + r * 1.7 + u * 0.3;
    let label = |v: f64| format!("{v:.0}");
    painter.text(
        &label(last.focus),
        (x, fy),
        font,
        palette.focus,
        (HPos::Left, Valign::Middle),
    )?;
    painter.text(
        &label(last.autonomy),
        (x, ay),
        font,
        palette.autonomy,
        (HPos::Left, Valign::Middle),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn one_date_gets_a_month_either_side() {
        let layout = TimelineLayout::new(1600, 900, day(2026, 3, 15), day(2026, 3, 15));
        assert_eq!(layout.axis_dates(), (day(2026, 2, 12), day(2026, 4, 15)));
        let (x, _) = layout.point(day(2026, 3, 15), 50.0);
        let p = layout.plot();
        assert!((x - (p.x0 + p.x1) / 2.0).abs() < p.width() * 0.02);
    }

    #[test]
    fn x_is_proportional_to_time() {
        let layout = TimelineLayout::new(1600, 900, day(2026, 1, 1), day(2026, 12, 31));
        let x = |d| layout.point(d, 0.0).0;
        let month = x(day(2026, 2, 1)) - x(day(2026, 1, 1));
        let quarter = x(day(2026, 7, 1)) - x(day(2026, 4, 1));
        assert!((quarter / month - 91.0 / 31.0).abs() < 1e-9);
    }

    #[test]
    fn ticks_thin_out_over_long_spans() {
        let year = TimelineLayout::new(1600, 900, day(2026, 1, 1), day(2026, 12, 31));
        assert_eq!(year.ticks().0, 1);
        let decade = TimelineLayout::new(1600, 900, day(2016, 1, 1), day(2026, 12, 31));
        let (step, ticks) = decade.ticks();
        assert!(step >= 6, "{step}");
        assert!(ticks.iter().all(|d| d.day() == 1));
    }
}
