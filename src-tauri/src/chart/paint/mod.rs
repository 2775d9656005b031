//! Drawing primitives over a plotters `DrawingArea`, in output pixels with fractional
//! coordinates. For SVG they become plain elements (`polyline`, `circle`, `polygon`, `text`); for
//! PNG, shapes are rasterised here with anti-aliased edges (plotters fills wide lines and polygons
//! without), so a 1× PNG looks as clean as the SVG. Text is placed by its baseline, the same way
//! in both formats.
//!
//! [`geometry`] holds the plain geometry (points, rectangles, dashes), [`shapes`] the shapes a
//! [`Painter`] draws, [`text`] the embedded font, text layout and glyph rasterising, and
//! [`pixels`] the PNG's pixels they are blended into.

mod geometry;
mod pixels;
mod shapes;
mod text;

use std::cell::RefCell;

use plotters::coord::Shift;
use plotters::prelude::*;

pub(super) use geometry::Point;
pub use geometry::Rect;
use pixels::Masks;
pub(super) use pixels::{Canvas, Pixels};
use text::Faces;
pub(crate) use text::{bold_ttf, regular_ttf};
pub(super) use text::{faces, Font, Valign, CAP};

/// What drawing on a `DB` returns.
pub(super) type Drawn<T, DB> = Result<T, DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;
pub(super) type DrawResult<DB> = Drawn<(), DB>;

/// Draws on one drawing area, or for raster output straight on its pixels.
pub(super) struct Painter<'a, DB: DrawingBackend> {
    area: &'a DrawingArea<DB, Shift>,
    /// For PNG, the pixels under `area`: shapes and text are blended into them here, each pixel
    /// by how much of it they cover (anti-aliased). None for SVG.
    pixels: Option<&'a RefCell<Pixels>>,
    /// Coverage of the shapes drawn more than once, replayed (PNG only).
    masks: RefCell<Masks>,
    faces: &'static Faces,
}

impl<'a, DB: DrawingBackend> Painter<'a, DB> {
    pub fn new(
        area: &'a DrawingArea<DB, Shift>,
        pixels: Option<&'a RefCell<Pixels>>,
        faces: &'static Faces,
    ) -> Self {
        Painter {
            area,
            pixels,
            masks: RefCell::default(),
            faces,
        }
    }

    /// Whether this draws raster output (anti-aliased, by coverage).
    fn smooth(&self) -> bool {
        self.pixels.is_some()
    }
}

/// The whole pixel a point falls on, as plotters' backends take it.
fn px((x, y): Point) -> (i32, i32) {
    (x.round() as i32, y.round() as i32)
}
