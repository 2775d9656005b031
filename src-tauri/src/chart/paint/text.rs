//! Text: the embedded fonts (DejaVu Sans and its bold), measuring, wrapping and shortening text
//! with them, and drawing it by its baseline: as SVG `text`, or glyph by glyph (kerned, at
//! sub-pixel positions) for PNG.

use std::sync::OnceLock;

use ab_glyph::{Font as _, FontRef, PxScale, ScaleFont};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{register_font, FontStyle};

use super::{px, DrawResult, Painter, Point, Rect};
use crate::chart::palette::Rgb;
use crate::chart::{ChartError, FONT_FAMILY};

/// DejaVu Sans metrics, in em: ascent − descent (ab_glyph's pixel scale), cap height, x-height
/// and descent.
const HEIGHT_PER_EM: f64 = 2384.0 / 2048.0;
pub(in crate::chart) const CAP: f64 = 1493.0 / 2048.0;
const DESCENT: f64 = 483.0 / 2048.0;
/// The SVG backend writes `font-size` as its size divided by this.
const SVG_SIZE_PER_EM: f64 = 1.24;

/// The embedded faces' files: DejaVu Sans and its bold (also the PDF report's fonts). They are
/// stored deflated (by build.rs), which halves what they add to the binary, and inflated once, on
/// first use (a few milliseconds).
pub(crate) fn regular_ttf() -> &'static [u8] {
    static INFLATED: OnceLock<Vec<u8>> = OnceLock::new();
    inflated(&INFLATED, REGULAR_DEFLATED)
}

pub(crate) fn bold_ttf() -> &'static [u8] {
    static INFLATED: OnceLock<Vec<u8>> = OnceLock::new();
    inflated(&INFLATED, BOLD_DEFLATED)
}

static REGULAR_DEFLATED: &[u8] =
    include_bytes!(concat!(env!("OUT_DIR"), "/DejaVuSans.ttf.deflate"));
static BOLD_DEFLATED: &[u8] =
    include_bytes!(concat!(env!("OUT_DIR"), "/DejaVuSans-Bold.ttf.deflate"));

/// A file deflated at build time, inflated once. Empty if it would not inflate, which the font
/// parsers then report as the file that could not be read.
fn inflated(cell: &'static OnceLock<Vec<u8>>, deflated: &[u8]) -> &'static [u8] {
    cell.get_or_init(|| miniz_oxide::inflate::decompress_to_vec(deflated).unwrap_or_default())
}

/// The embedded font files, named as in `assets/fonts/`.
const REGULAR_FILE: &str = "DejaVuSans.ttf";
const BOLD_FILE: &str = "DejaVuSans-Bold.ttf";

/// The embedded faces (DejaVu Sans and its bold), parsed once.
pub(in crate::chart) struct Faces {
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
pub(in crate::chart) fn faces() -> Result<&'static Faces, ChartError> {
    static FACES: OnceLock<Result<Faces, &'static str>> = OnceLock::new();
    FACES
        .get_or_init(load_faces)
        .as_ref()
        .map_err(|&file| ChartError::Font { file })
}

/// Registers the embedded faces with plotters and parses them; the error names the font file that
/// could not be read.
fn load_faces() -> Result<Faces, &'static str> {
    let (regular, bold) = (regular_ttf(), bold_ttf());
    register_font(FONT_FAMILY, FontStyle::Normal, regular).map_err(|_| REGULAR_FILE)?;
    register_font(FONT_FAMILY, FontStyle::Bold, bold).map_err(|_| BOLD_FILE)?;
    Ok(Faces {
        regular: FontRef::try_from_slice(regular).map_err(|_| REGULAR_FILE)?,
        bold: FontRef::try_from_slice(bold).map_err(|_| BOLD_FILE)?,
    })
}

/// A text size (em, in output pixels) and weight.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(in crate::chart) struct Font {
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
pub(in crate::chart) enum Valign {
    /// The top of capital letters.
    Top,
    /// The middle of capital letters.
    Middle,
    Baseline,
}

impl<DB: DrawingBackend> Painter<'_, DB> {
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
    pub fn text_box(&self, text: &str, at: Point, font: Font, h: HPos, v: Valign) -> Rect {
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
        at: Point,
        font: Font,
        colour: Rgb,
        (h, v): (HPos, Valign),
    ) -> DrawResult<DB> {
        let base = baseline(at.1, font, v);
        if self.smooth() {
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
        let Some(pixels) = self.pixels else {
            return Ok(());
        };
        let mut pixels = pixels.borrow_mut();
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
                pixels.cover(at.0, at.1, colour, f64::from(c));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_fonts_inflate_to_the_files_in_assets() {
        assert_eq!(
            regular_ttf(),
            include_bytes!("../../../assets/fonts/DejaVuSans.ttf")
        );
        assert_eq!(
            bold_ttf(),
            include_bytes!("../../../assets/fonts/DejaVuSans-Bold.ttf")
        );
    }
}
