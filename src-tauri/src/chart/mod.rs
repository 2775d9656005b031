//! Charts as functions: from already-computed positions and dates to SVG text or PNG bytes, drawn
//! with plotters. Three kinds: the trajectory map, the timeline and the progress card (both side
//! by side under a header). One drawing code serves both formats; text is laid out with an
//! embedded font (DejaVu Sans), so rendering needs nothing from the system, and the window shows
//! the very SVG that export writes.

mod card;
mod caseload;
mod map;
mod paint;
mod palette;
mod raster;
mod timeline;

use std::cell::RefCell;

use chrono::NaiveDate;
use plotters::coord::Shift;
use plotters::prelude::*;

pub use card::CardLayout;
pub use caseload::{caseload_alt, CaseloadChart, CaseloadMove, CaseloadPerson};
pub use map::{
    MapLayout, LINK_OPACITY, MOVE_OPACITY, NOISE_OPACITY, POSSIBLE_OPACITY, POSSIBLE_WIDTH,
    SEM_OPACITY,
};
pub use paint::Rect;
pub(crate) use paint::{bold_ttf, regular_ttf};
pub use palette::{Palette, Rgb};
pub use timeline::{TimelineLayout, INTERVAL_Z};

use crate::domain::measurement::ChangeVerdict;
use crate::domain::scoring::round1;
use paint::{Canvas, Painter, Pixels};
use raster::{encode_png, unmatte};

/// Family name the embedded fonts are registered under (also written into SVG text).
const FONT_FAMILY: &str = "DejaVu Sans";

/// Smallest and largest chart side (`--width`, `--height`), in pixels before scaling.
pub const MIN_SIDE: u32 = 200;
pub const MAX_SIDE: u32 = 8000;
/// Largest pixel scale (`--scale`).
pub const MAX_SCALE: u32 = 4;
/// Largest side of the output, in pixels after scaling.
pub const MAX_OUTPUT_SIDE: u32 = 16_000;

/// Why a chart could not be produced.
#[derive(Debug, thiserror::Error)]
pub enum ChartError {
    #[error("a {option} of {value} is out of range: it must be {min} to {max}{unit}")]
    OutOfRange {
        option: &'static str,
        value: u32,
        min: u32,
        max: u32,
        unit: &'static str,
    },
    #[error(
        "a {option} of {value} at scale {scale} makes {pixels} pixels: {option} × scale must be at \
         most {MAX_OUTPUT_SIDE}; lower the scale or the {option}"
    )]
    TooLarge {
        option: &'static str,
        value: u32,
        scale: u32,
        pixels: u64,
    },
    #[error("drawing the chart failed: {0}")]
    Draw(String),
    #[error("encoding the PNG failed: {0}")]
    Encode(String),
    #[error(
        "the chart font {file} built into Bearing could not be read; this copy of Bearing is \
         damaged: reinstall it"
    )]
    Font { file: &'static str },
}

/// Which chart to draw.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum ChartKind {
    /// The quadrant field with the assessments joined in time order.
    Map,
    /// Focus and autonomy over real time, with commitments on the date axis.
    Timeline,
    /// Map and timeline side by side under a header: for a 16:9 slide.
    Card,
}

impl ChartKind {
    pub const ALL: [ChartKind; 3] = [ChartKind::Map, ChartKind::Timeline, ChartKind::Card];

    pub fn slug(self) -> &'static str {
        match self {
            ChartKind::Map => "map",
            ChartKind::Timeline => "timeline",
            ChartKind::Card => "card",
        }
    }

    pub fn from_slug(slug: &str) -> Option<ChartKind> {
        ChartKind::ALL.into_iter().find(|k| k.slug() == slug)
    }

    /// The size (before scaling) a chart of this kind is drawn at unless asked otherwise.
    pub fn default_size(self) -> (u32, u32) {
        match self {
            ChartKind::Map => (1200, 1000),
            ChartKind::Timeline => (1600, 900),
            ChartKind::Card => (1920, 1080),
        }
    }
}

/// Output format of a chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Svg,
    Png,
}

/// Colours for a light or a dark surrounding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Theme {
    #[default]
    Light,
    Dark,
}

/// How a chart is drawn.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ChartOptions {
    /// Size in pixels before scaling; the layout (text size included) follows it.
    pub width: u32,
    pub height: u32,
    pub theme: Theme,
    /// Pixel scale, 1 to [`MAX_SCALE`]: the output is `width × scale` by `height × scale` pixels
    /// with everything (text, strokes, markers) drawn `scale` times larger. 2 for slides.
    pub scale: u32,
    /// Leave out the background: a PNG gets an alpha channel, an SVG no background rectangle.
    pub transparent: bool,
}

impl ChartOptions {
    /// The default options for a kind of chart: its default size, light, 1×, opaque.
    pub fn for_kind(kind: ChartKind) -> ChartOptions {
        let (width, height) = kind.default_size();
        ChartOptions {
            width,
            height,
            theme: Theme::Light,
            scale: 1,
            transparent: false,
        }
    }

    /// Checks sizes and scale; the messages name the command-line option at fault.
    pub fn validate(&self) -> Result<(), ChartError> {
        let in_range = |option, value, min, max, unit| {
            if (min..=max).contains(&value) {
                Ok(())
            } else {
                Err(ChartError::OutOfRange {
                    option,
                    value,
                    min,
                    max,
                    unit,
                })
            }
        };
        in_range("width", self.width, MIN_SIDE, MAX_SIDE, " pixels")?;
        in_range("height", self.height, MIN_SIDE, MAX_SIDE, " pixels")?;
        in_range("scale", self.scale, 1, MAX_SCALE, "")?;
        for (option, value) in [("width", self.width), ("height", self.height)] {
            let pixels = u64::from(value) * u64::from(self.scale);
            if pixels > u64::from(MAX_OUTPUT_SIDE) {
                return Err(ChartError::TooLarge {
                    option,
                    value,
                    scale: self.scale,
                    pixels,
                });
            }
        }
        Ok(())
    }

    /// The size of the output in pixels: `width × scale` by `height × scale`.
    pub fn output_size(&self) -> (u32, u32) {
        (self.width * self.scale, self.height * self.scale)
    }
}

/// One assessment as the charts show it.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartPoint {
    pub date: NaiveDate,
    /// 0..100.
    pub focus: f64,
    /// 0..100.
    pub autonomy: f64,
    /// How far the move from the previous point is more than noise (the stronger of the two
    /// axes' verdicts): reliable moves are drawn solid, possible ones solid but lighter, moves
    /// within noise dashed and faded. None for the first point (drawn like a reliable move where
    /// it ever has a previous one).
    pub verdict: Option<ChangeVerdict>,
    /// The answer sheet was flagged for its response quality: the point is drawn hollow.
    pub provisional: bool,
    /// The standard error of measurement of this assessment, (focus, autonomy) in points: the
    /// timeline draws the interval ±1.96·SEM around each line. None, no interval.
    pub sem: Option<(f64, f64)>,
}

impl ChartPoint {
    /// A point with nothing known beyond its position: no verdict, not provisional, no SEM.
    pub fn new(date: NaiveDate, focus: f64, autonomy: f64) -> ChartPoint {
        ChartPoint {
            date,
            focus,
            autonomy,
            verdict: None,
            provisional: false,
            sem: None,
        }
    }
}

/// The first assessment answered on a new questionnaire version.
#[derive(Debug, Clone, PartialEq)]
pub struct VersionChange {
    pub date: NaiveDate,
    /// The new version's id ("v2").
    pub version: String,
}

/// What happened to a commitment on a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MarkKind {
    Committed,
    Reviewed,
}

/// A commitment made or reviewed on a date, marked on the timeline's date axis.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartMark {
    pub date: NaiveDate,
    pub kind: MarkKind,
    /// The action's title; long titles are shortened where drawn.
    pub label: String,
}

/// How another rater (a coach, manager or peer) saw the leader in a period, beside how the leader
/// saw themselves then: drawn on the map as a square joined to the leader's own point.
#[derive(Debug, Clone, PartialEq)]
pub struct Perception {
    /// The other rater's assessment date.
    pub date: NaiveDate,
    /// Who saw it this way, as shown on the map ("Coach").
    pub rater: String,
    /// The leader's own position in the same period (0..100); normally one of the points.
    pub self_focus: f64,
    pub self_autonomy: f64,
    /// The other rater's position (0..100).
    pub other_focus: f64,
    pub other_autonomy: f64,
    /// For a group of peers or direct reports: how far apart its people are (standard deviation
    /// per axis, points), drawn as a box around the group's square. `None` for one rater.
    pub spread: Option<(f64, f64)>,
}

impl Perception {
    /// The gap on each axis, other − self, rounded to one decimal.
    pub fn gaps(&self) -> (f64, f64) {
        (
            round1(self.other_focus - self.self_focus),
            round1(self.other_autonomy - self.self_autonomy),
        )
    }

    /// The map's caption for the latest perception: "Coach: focus +8.2 · autonomy −5.0".
    pub fn caption(&self) -> String {
        let signed = |x: f64| {
            let s = format!("{:.1}", x.abs());
            if s == "0.0" {
                s
            } else if x < 0.0 {
                format!("\u{2212}{s}")
            } else {
                format!("+{s}")
            }
        };
        let (focus, autonomy) = self.gaps();
        let rater = self.rater.trim();
        let rater = if rater.is_empty() { "Other" } else { rater };
        format!(
            "{rater}: focus {} · autonomy {}",
            signed(focus),
            signed(autonomy)
        )
    }
}

/// Everything a chart shows, already computed.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ChartData {
    /// Whose progress this is (the card's header).
    pub person: String,
    /// Oldest first.
    pub points: Vec<ChartPoint>,
    pub marks: Vec<ChartMark>,
    /// The questionnaire version(s) behind the points, as the card's header names them.
    pub questionnaire: String,
    /// Where the questionnaire changed: the first point answered on a new version, oldest first.
    /// The timeline draws a dashed line there, labelled with the version.
    pub version_changes: Vec<VersionChange>,
    /// Other raters' views, oldest first; the map draws each and captions the latest. Empty, the
    /// map is exactly the leader's own.
    pub perceptions: Vec<Perception>,
    /// The standard error of measurement of the latest point, (focus, autonomy) in points: the
    /// map draws a ±1 SEM cross on it. None, no cross.
    pub uncertainty: Option<(f64, f64)>,
}

impl ChartData {
    /// The earliest and latest date drawn on the timeline (points and marks), if any.
    pub fn date_range(&self) -> Option<(NaiveDate, NaiveDate)> {
        let dates = self
            .points
            .iter()
            .map(|p| p.date)
            .chain(self.marks.iter().map(|m| m.date));
        dates.fold(None, |range, d| match range {
            None => Some((d, d)),
            Some((lo, hi)) => Some((lo.min(d), hi.max(d))),
        })
    }
}

/// A rendered chart.
#[derive(Debug, Clone, PartialEq)]
pub enum Rendered {
    Svg(String),
    Png(Vec<u8>),
}

impl Rendered {
    pub fn into_bytes(self) -> Vec<u8> {
        match self {
            Rendered::Svg(text) => text.into_bytes(),
            Rendered::Png(bytes) => bytes,
        }
    }
}

/// Renders a chart of `data` as SVG or PNG.
pub fn render(
    kind: ChartKind,
    data: &ChartData,
    options: &ChartOptions,
    format: Format,
) -> Result<Rendered, ChartError> {
    render_drawing(Drawing::Person(kind, data), options, format)
}

/// Renders the caseload map of `data` as SVG or PNG, at the size and in the theme of `options`.
pub fn render_caseload(
    data: &CaseloadChart,
    options: &ChartOptions,
    format: Format,
) -> Result<Rendered, ChartError> {
    render_drawing(Drawing::Caseload(data), options, format)
}

/// What one chart draws.
#[derive(Debug, Clone, Copy)]
enum Drawing<'a> {
    /// One person's chart of a kind.
    Person(ChartKind, &'a ChartData),
    /// Everybody's latest positions.
    Caseload(&'a CaseloadChart),
}

fn render_drawing(
    drawing: Drawing<'_>,
    options: &ChartOptions,
    format: Format,
) -> Result<Rendered, ChartError> {
    options.validate()?;
    let size = options.output_size();
    match format {
        Format::Svg => {
            let mut svg = String::new();
            {
                let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
                draw(&root, None, drawing, options)?;
            }
            Ok(Rendered::Svg(svg))
        }
        Format::Png if !options.transparent => {
            let rgb = draw_pixels(drawing, options, 0)?;
            encode_png(&rgb, size, png::ColorType::Rgb)
        }
        Format::Png => {
            // Pixels have no alpha channel; drawing the same chart over black and over white
            // recovers each pixel's coverage and colour exactly (difference matting).
            let over_black = draw_pixels(drawing, options, 0)?;
            let over_white = draw_pixels(drawing, options, 255)?;
            let rgba = unmatte(&over_black, &over_white);
            encode_png(&rgba, size, png::ColorType::Rgba)
        }
    }
}

/// Draws one chart as RGB pixels, over a background of `fill` (0 black, 255 white) where the
/// chart leaves it out.
fn draw_pixels(
    drawing: Drawing<'_>,
    options: &ChartOptions,
    fill: u8,
) -> Result<Vec<u8>, ChartError> {
    let pixels = RefCell::new(Pixels::new(options.output_size(), fill));
    {
        let root = Canvas(&pixels).into_drawing_area();
        draw(&root, Some(&pixels), drawing, options)?;
    }
    Ok(pixels.into_inner().into_rgb())
}

/// Draws one chart on `root`, and for raster output straight on its `pixels`.
fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    pixels: Option<&RefCell<Pixels>>,
    drawing: Drawing<'_>,
    options: &ChartOptions,
) -> Result<(), ChartError> {
    let palette = Palette::of(options.theme);
    let painter = Painter::new(root, pixels, paint::faces()?);
    let scale = f64::from(options.scale);
    let drawn = (|| {
        if !options.transparent {
            root.fill(&palette.background.colour())?;
        }
        let (width, height) = (options.width, options.height);
        let (kind, data) = match drawing {
            Drawing::Person(kind, data) => (kind, data),
            Drawing::Caseload(data) => {
                let layout = MapLayout::new(width, height).with_scale(scale);
                return caseload::draw(&painter, &layout, &palette, data)
                    .and_then(|()| root.present());
            }
        };
        match kind {
            ChartKind::Map => {
                let layout = MapLayout::new(width, height).with_scale(scale);
                map::draw(&painter, &layout, &palette, data)
            }
            ChartKind::Timeline => {
                let (first, last) = data.date_range().unwrap_or_default();
                let layout = TimelineLayout::new(width, height, first, last).with_scale(scale);
                timeline::draw(&painter, &layout, &palette, data)
            }
            ChartKind::Card => {
                let layout = CardLayout::new(width, height).with_scale(scale);
                card::draw(&painter, &layout, &palette, data)
            }
        }?;
        root.present()
    })();
    drawn.map_err(|e| ChartError::Draw(e.to_string()))
}

/// Base size of text, margins and markers for a chart `width` × `height` pixels (before scaling):
/// text grows with the chart, so it reads the same when the picture is scaled to fit a screen.
fn unit_for(width: u32, height: u32) -> f64 {
    (f64::from(width.min(height)) / 36.0).max(6.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options(width: u32, height: u32, scale: u32) -> ChartOptions {
        ChartOptions {
            width,
            height,
            scale,
            ..ChartOptions::for_kind(ChartKind::Card)
        }
    }

    #[test]
    fn kind_slugs_round_trip() {
        for kind in ChartKind::ALL {
            assert_eq!(ChartKind::from_slug(kind.slug()), Some(kind));
        }
        assert_eq!(ChartKind::from_slug("pie"), None);
    }

    #[test]
    fn validation_names_the_option_and_its_range() {
        let cases = [
            (options(199, 600, 1), "width of 199", "200 to 8000 pixels"),
            (
                options(800, 8001, 1),
                "height of 8001",
                "200 to 8000 pixels",
            ),
            (options(800, 600, 0), "scale of 0", "1 to 4"),
            (options(800, 600, 5), "scale of 5", "1 to 4"),
            (options(6000, 600, 3), "width of 6000 at scale 3", "16000"),
            (options(800, 5000, 4), "height of 5000 at scale 4", "16000"),
        ];
        for (options, option, range) in cases {
            let message = options.validate().unwrap_err().to_string();
            assert!(message.contains(option), "{message}");
            assert!(message.contains(range), "{message}");
        }
        assert!(options(8000, 8000, 2).validate().is_ok());
        assert!(options(200, 200, 4).validate().is_ok());
    }

    #[test]
    fn perception_caption_names_the_rater_and_signed_gaps() {
        let mut p = Perception {
            date: NaiveDate::from_ymd_opt(2026, 3, 10).unwrap(),
            rater: "Coach".into(),
            self_focus: 60.0,
            self_autonomy: 55.0,
            other_focus: 68.2,
            other_autonomy: 50.0,
            spread: None,
        };
        assert_eq!(p.gaps(), (8.2, -5.0));
        assert_eq!(p.caption(), "Coach: focus +8.2 · autonomy \u{2212}5.0");
        (p.other_focus, p.rater) = (60.0, " ".into());
        assert_eq!(p.caption(), "Other: focus 0.0 · autonomy \u{2212}5.0");
    }

    #[test]
    fn date_range_spans_points_and_marks() {
        let day = |d| NaiveDate::from_ymd_opt(2026, 3, d).unwrap();
        let mut data = ChartData::default();
        assert_eq!(data.date_range(), None);
        data.points.push(ChartPoint::new(day(10), 50.0, 50.0));
        data.marks.push(ChartMark {
            date: day(20),
            kind: MarkKind::Reviewed,
            label: String::new(),
        });
        assert_eq!(data.date_range(), Some((day(10), day(20))));
    }
}
