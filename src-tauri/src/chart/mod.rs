//! Charts as functions: from already-computed positions to SVG text or PNG bytes, drawn with
//! plotters. Text is laid out with an embedded font (DejaVu Sans), so rendering needs nothing from
//! the system; the window shows the very SVG that export writes.

mod map;

use std::sync::OnceLock;

use plotters::style::{register_font, FontStyle};

pub use map::{render_map, MapLayout, MapPoint};

/// Family name the embedded fonts are registered under (also written into SVG text).
const FONT_FAMILY: &str = "DejaVu Sans";

/// Smallest and largest chart side, in pixels.
pub const MIN_SIDE: u32 = 200;
pub const MAX_SIDE: u32 = 8000;

/// Why a chart could not be produced.
#[derive(Debug, thiserror::Error)]
pub enum ChartError {
    #[error("chart size {width}×{height} is out of range: --width and --height must each be {MIN_SIDE} to {MAX_SIDE} pixels")]
    Size { width: u32, height: u32 },
    #[error("drawing the chart failed: {0}")]
    Draw(String),
    #[error("encoding the PNG failed: {0}")]
    Encode(String),
}

/// Output format of a chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Svg,
    Png,
}

/// Colours for a light or a dark surrounding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Theme {
    #[default]
    Light,
    Dark,
}

/// How a chart is drawn.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ChartOptions {
    pub width: u32,
    pub height: u32,
    pub theme: Theme,
}

impl ChartOptions {
    pub fn validate(&self) -> Result<(), ChartError> {
        let ok = |side: u32| (MIN_SIDE..=MAX_SIDE).contains(&side);
        if ok(self.width) && ok(self.height) {
            Ok(())
        } else {
            Err(ChartError::Size {
                width: self.width,
                height: self.height,
            })
        }
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

/// Registers the embedded fonts with plotters, once per process.
fn ensure_fonts() -> Result<(), ChartError> {
    static REGISTERED: OnceLock<Result<(), String>> = OnceLock::new();
    REGISTERED
        .get_or_init(|| {
            let regular: &'static [u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
            let bold: &'static [u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");
            register_font(FONT_FAMILY, FontStyle::Normal, regular)
                .and_then(|()| register_font(FONT_FAMILY, FontStyle::Bold, bold))
                .map_err(|_| "the embedded font could not be loaded".to_string())
        })
        .clone()
        .map_err(ChartError::Draw)
}

/// Encodes a packed RGB buffer as PNG.
fn encode_png(rgb: &[u8], width: u32, height: u32) -> Result<Vec<u8>, ChartError> {
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, width, height);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Fast);
    let mut writer = encoder
        .write_header()
        .map_err(|e| ChartError::Encode(e.to_string()))?;
    writer
        .write_image_data(rgb)
        .map_err(|e| ChartError::Encode(e.to_string()))?;
    writer
        .finish()
        .map_err(|e| ChartError::Encode(e.to_string()))?;
    Ok(out)
}
