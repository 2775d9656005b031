//! Where things land on the timeline: the plot inside the chart's margins, the date axis (a little
//! beyond the first and last date) and its month ticks, and the pixel of a value on a date.

use chrono::{Datelike, Months, NaiveDate};

use crate::chart::paint::Rect;
use crate::chart::unit_for;

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
    pub(in crate::chart) fn within(
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

    pub(super) fn x(&self, date: NaiveDate) -> f64 {
        let days = (self.end - self.start).num_days().max(1) as f64;
        let t = (date - self.start).num_days() as f64 / days;
        self.plot.x0 + self.plot.width() * t
    }

    pub(super) fn y(&self, value: f64) -> f64 {
        self.plot.y1 - self.plot.height() * value.clamp(0.0, 100.0) / 100.0
    }

    /// Month ticks: every `step` months, chosen so their labels have room.
    pub(super) fn ticks(&self) -> (u32, Vec<NaiveDate>) {
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
