//! The quadrant map: the four quadrants, the borderline band, and assessments as points joined in
//! time order, the latest emphasised.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::{
    encode_png, ensure_fonts, ChartError, ChartOptions, Format, Rendered, Theme, FONT_FAMILY,
};
use crate::domain::scoring::{BORDERLINE_BAND, MIDLINE};
use crate::domain::Quadrant;

/// One assessment's position, with the label shown beside it when it is the latest.
#[derive(Debug, Clone, PartialEq)]
pub struct MapPoint {
    pub focus: f64,
    pub autonomy: f64,
    pub label: String,
}

/// Renders the map of `points` (oldest first) as SVG or PNG.
pub fn render_map(
    points: &[MapPoint],
    options: &ChartOptions,
    format: Format,
) -> Result<Rendered, ChartError> {
    options.validate()?;
    ensure_fonts()?;
    let size = (options.width, options.height);
    match format {
        Format::Svg => {
            let mut svg = String::new();
            {
                let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
                draw_map(&root, points, options.theme)
                    .map_err(|e| ChartError::Draw(e.to_string()))?;
                root.present()
                    .map_err(|e| ChartError::Draw(e.to_string()))?;
            }
            Ok(Rendered::Svg(svg))
        }
        Format::Png => {
            let mut rgb = vec![0_u8; options.width as usize * options.height as usize * 3];
            {
                let root = BitMapBackend::with_buffer(&mut rgb, size).into_drawing_area();
                draw_map(&root, points, options.theme)
                    .map_err(|e| ChartError::Draw(e.to_string()))?;
                root.present()
                    .map_err(|e| ChartError::Draw(e.to_string()))?;
            }
            Ok(Rendered::Png(encode_png(
                &rgb,
                options.width,
                options.height,
            )?))
        }
    }
}

/// Colours of one theme. The quadrant hues follow the Okabe–Ito colour-blind-safe palette.
struct Palette {
    background: RGBColor,
    ink: RGBColor,
    muted: RGBColor,
    frame: RGBColor,
    fills: [RGBColor; 4],
    names: [RGBColor; 4],
    band: RGBAColor,
    trail: RGBColor,
    point: RGBColor,
    latest: RGBColor,
}

impl Palette {
    fn of(theme: Theme) -> Palette {
        match theme {
            Theme::Light => Palette {
                background: RGBColor(255, 255, 255),
                ink: RGBColor(28, 33, 43),
                muted: RGBColor(96, 104, 118),
                frame: RGBColor(176, 182, 192),
                // Low Everything (grey), Tech Busywork (orange), Glorified Managers (sky blue),
                // Impact Galore (bluish green): in `Quadrant::ALL` order.
                fills: [
                    RGBColor(240, 241, 244),
                    RGBColor(253, 240, 222),
                    RGBColor(226, 240, 250),
                    RGBColor(222, 243, 235),
                ],
                names: [
                    RGBColor(84, 90, 102),
                    RGBColor(150, 95, 0),
                    RGBColor(0, 98, 150),
                    RGBColor(0, 110, 80),
                ],
                band: RGBColor(28, 33, 43).mix(0.05),
                trail: RGBColor(96, 104, 118),
                point: RGBColor(60, 66, 78),
                latest: RGBColor(213, 94, 0),
            },
            Theme::Dark => Palette {
                background: RGBColor(23, 26, 33),
                ink: RGBColor(232, 235, 240),
                muted: RGBColor(160, 168, 180),
                frame: RGBColor(84, 92, 106),
                fills: [
                    RGBColor(40, 44, 52),
                    RGBColor(58, 46, 30),
                    RGBColor(28, 48, 64),
                    RGBColor(26, 54, 46),
                ],
                names: [
                    RGBColor(190, 196, 206),
                    RGBColor(240, 180, 90),
                    RGBColor(120, 190, 235),
                    RGBColor(100, 210, 170),
                ],
                band: RGBColor(255, 255, 255).mix(0.05),
                trail: RGBColor(160, 168, 180),
                point: RGBColor(205, 210, 220),
                latest: RGBColor(240, 130, 50),
            },
        }
    }
}

/// Pixel geometry of the map: where positions land and how big things are.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MapLayout {
    /// Base size (px) that text, margins and markers scale with.
    pub unit: f64,
    left: f64,
    right: f64,
    top: f64,
    bottom: f64,
}

impl MapLayout {
    /// The layout of a map `width` × `height` pixels.
    pub fn new(width: u32, height: u32) -> MapLayout {
        let unit = (f64::from(width.min(height)) / 32.0).clamp(9.0, 80.0);
        MapLayout {
            unit,
            left: unit * 3.2,
            right: f64::from(width) - unit * 1.5,
            top: unit * 3.0,
            bottom: f64::from(height) - unit * 3.2,
        }
    }

    /// Pixel of a position (focus, autonomy in 0..100).
    pub fn pixel(&self, focus: f64, autonomy: f64) -> (i32, i32) {
        (self.x(focus), self.y(autonomy))
    }

    /// Radius of the latest point's dot.
    pub fn latest_radius(&self) -> i32 {
        ((self.unit * 0.75).round() as i32).max(4)
    }

    fn x(&self, focus: f64) -> i32 {
        (self.left + (self.right - self.left) * focus.clamp(0.0, 100.0) / 100.0).round() as i32
    }

    fn y(&self, autonomy: f64) -> i32 {
        (self.bottom - (self.bottom - self.top) * autonomy.clamp(0.0, 100.0) / 100.0).round() as i32
    }
}

type DrawResult<DB> = Result<(), DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

fn font(size: f64, style: FontStyle) -> FontDesc<'static> {
    FontDesc::new(FontFamily::Name(FONT_FAMILY), size, style)
}

fn draw_map<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    points: &[MapPoint],
    theme: Theme,
) -> DrawResult<DB> {
    let palette = Palette::of(theme);
    let (w, h) = root.dim_in_pixel();
    let frame = MapLayout::new(w, h);
    let unit = frame.unit;
    root.fill(&palette.background)?;

    draw_field(root, &frame, &palette, unit)?;
    draw_axes(root, &frame, &palette, unit)?;
    if points.is_empty() {
        let style = TextStyle::from(font(unit * 1.1, FontStyle::Normal))
            .color(&palette.muted)
            .pos(Pos::new(HPos::Center, VPos::Center));
        let centre = ((frame.x(50.0)), frame.y(50.0) + (unit * 2.0) as i32);
        root.draw_text("No assessments yet", &style, centre)?;
    } else {
        draw_points(root, &frame, &palette, unit, points)?;
    }
    Ok(())
}

fn draw_field<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    frame: &MapLayout,
    palette: &Palette,
    unit: f64,
) -> DrawResult<DB> {
    for (i, quadrant) in Quadrant::ALL.into_iter().enumerate() {
        let (x0, x1) = if quadrant.high_focus() {
            (MIDLINE, 100.0)
        } else {
            (0.0, MIDLINE)
        };
        let (y0, y1) = if quadrant.high_autonomy() {
            (MIDLINE, 100.0)
        } else {
            (0.0, MIDLINE)
        };
        root.draw(&Rectangle::new(
            [(frame.x(x0), frame.y(y1)), (frame.x(x1), frame.y(y0))],
            palette.fills[i].filled(),
        ))?;
    }
    // The borderline band: quiet, but there.
    let (lo, hi) = (MIDLINE - BORDERLINE_BAND, MIDLINE + BORDERLINE_BAND);
    root.draw(&Rectangle::new(
        [(frame.x(lo), frame.y(100.0)), (frame.x(hi), frame.y(0.0))],
        palette.band.filled(),
    ))?;
    root.draw(&Rectangle::new(
        [(frame.x(0.0), frame.y(hi)), (frame.x(100.0), frame.y(lo))],
        palette.band.filled(),
    ))?;
    let midline = palette
        .frame
        .stroke_width(((unit / 8.0).round() as u32).max(1));
    root.draw(&PathElement::new(
        vec![
            (frame.x(MIDLINE), frame.y(0.0)),
            (frame.x(MIDLINE), frame.y(100.0)),
        ],
        midline,
    ))?;
    root.draw(&PathElement::new(
        vec![
            (frame.x(0.0), frame.y(MIDLINE)),
            (frame.x(100.0), frame.y(MIDLINE)),
        ],
        midline,
    ))?;
    root.draw(&Rectangle::new(
        [
            (frame.x(0.0), frame.y(100.0)),
            (frame.x(100.0), frame.y(0.0)),
        ],
        midline,
    ))?;

    // Quadrant names, tucked into each outer corner, wrapped to fit.
    let size = unit * 1.05;
    let style = TextStyle::from(font(size, FontStyle::Bold));
    let pad = unit * 0.8;
    let max_width = (frame.right - frame.left) / 2.0 - 2.0 * pad;
    for (i, quadrant) in Quadrant::ALL.into_iter().enumerate() {
        let lines = wrap(root, &quadrant.info().name, &style, max_width);
        let (hpos, x) = if quadrant.high_focus() {
            (HPos::Right, frame.right - pad)
        } else {
            (HPos::Left, frame.left + pad)
        };
        let line_height = size * 1.25;
        let first_y = if quadrant.high_autonomy() {
            frame.top + pad
        } else {
            frame.bottom - pad - line_height * lines.len() as f64
        };
        let style = style
            .color(&palette.names[i])
            .pos(Pos::new(hpos, VPos::Top));
        for (n, line) in lines.iter().enumerate() {
            root.draw_text(
                line,
                &style,
                (
                    x.round() as i32,
                    (first_y + line_height * n as f64).round() as i32,
                ),
            )?;
        }
    }
    Ok(())
}

fn draw_axes<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    frame: &MapLayout,
    palette: &Palette,
    unit: f64,
) -> DrawResult<DB> {
    let ticks = TextStyle::from(font(unit * 0.85, FontStyle::Normal)).color(&palette.muted);
    for value in [0.0, 50.0, 100.0] {
        let label = format!("{value}");
        root.draw_text(
            &label,
            &ticks.pos(Pos::new(HPos::Center, VPos::Top)),
            (frame.x(value), (frame.bottom + unit * 0.5) as i32),
        )?;
        root.draw_text(
            &label,
            &ticks.pos(Pos::new(HPos::Right, VPos::Center)),
            ((frame.left - unit * 0.5) as i32, frame.y(value)),
        )?;
    }
    let title = TextStyle::from(font(unit * 1.05, FontStyle::Bold)).color(&palette.ink);
    root.draw_text(
        "Focus →",
        &title.pos(Pos::new(HPos::Right, VPos::Top)),
        (frame.right as i32, (frame.bottom + unit * 1.8) as i32),
    )?;
    root.draw_text(
        "↑ Autonomy",
        &title.pos(Pos::new(HPos::Left, VPos::Bottom)),
        (frame.left as i32, (frame.top - unit * 0.7) as i32),
    )?;
    Ok(())
}

fn draw_points<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    frame: &MapLayout,
    palette: &Palette,
    unit: f64,
    points: &[MapPoint],
) -> DrawResult<DB> {
    let pixels: Vec<(i32, i32)> = points
        .iter()
        .map(|p| (frame.x(p.focus), frame.y(p.autonomy)))
        .collect();
    if pixels.len() > 1 {
        let width = ((unit / 6.0).round() as u32).max(1);
        root.draw(&PathElement::new(
            pixels.clone(),
            palette.trail.mix(0.8).stroke_width(width),
        ))?;
    }
    let (latest, past) = pixels.split_last().unwrap_or((&(0, 0), &[]));
    let small = ((unit * 0.38).round() as i32).max(2);
    for &p in past {
        root.draw(&Circle::new(p, small, palette.point.mix(0.75).filled()))?;
    }
    let big = frame.latest_radius();
    let ring = ((unit / 5.0).round() as u32).max(1);
    root.draw(&Circle::new(
        *latest,
        big + ring as i32,
        palette.background.filled(),
    ))?;
    root.draw(&Circle::new(*latest, big, palette.latest.filled()))?;

    if let Some(last) = points.last() {
        let style = TextStyle::from(font(unit * 0.95, FontStyle::Bold)).color(&palette.ink);
        let (text_w, text_h) = root
            .estimate_text_size(&last.label, &style)
            .map(|(w, h)| (i32::try_from(w).unwrap_or(0), i32::try_from(h).unwrap_or(0)))
            .unwrap_or((0, 0));
        let gap = big + (unit * 0.5) as i32;
        // Beside the dot, on the side with room; above it near the bottom edge, where the
        // quadrant names sit.
        let (cx, cy) = if last.autonomy < 25.0 {
            (latest.0, latest.1 - gap - text_h / 2)
        } else if last.focus < 75.0 {
            (latest.0 + gap + text_w / 2, latest.1)
        } else {
            (latest.0 - gap - text_w / 2, latest.1)
        };
        // A quiet backing keeps the label legible over names, lines and other points.
        let pad = (unit * 0.3) as i32;
        root.draw(&Rectangle::new(
            [
                (cx - text_w / 2 - pad, cy - text_h / 2 - pad),
                (cx + text_w / 2 + pad, cy + text_h / 2 + pad),
            ],
            palette.background.mix(0.85).filled(),
        ))?;
        root.draw_text(
            &last.label,
            &style.pos(Pos::new(HPos::Center, VPos::Center)),
            (cx, cy),
        )?;
    }
    Ok(())
}

/// Greedy word wrap to `max_width` pixels, measured with the embedded font.
fn wrap<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    text: &str,
    style: &TextStyle<'_>,
    max_width: f64,
) -> Vec<String> {
    let fits = |s: &str| {
        root.estimate_text_size(s, style)
            .map(|(w, _)| f64::from(w) <= max_width)
            .unwrap_or(true)
    };
    let mut lines: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        match lines.last_mut() {
            Some(line) if fits(&format!("{line} {word}")) => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    lines
}
