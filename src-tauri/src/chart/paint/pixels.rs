//! The pixels of a PNG chart: an RGB buffer that shapes and text are blended into directly, by
//! the same integer arithmetic plotters' bitmap backend uses (so a chart comes out the same pixel
//! for pixel), without a call through a drawing area for every pixel. [`Canvas`] is a plotters
//! backend over the same buffer, for what is drawn through a drawing area (the background and
//! rectangles).

use std::cell::RefCell;
use std::collections::hash_map::Entry;
use std::convert::Infallible;

use plotters::prelude::*;
use plotters_backend::{BackendColor, BackendCoord, BackendStyle, DrawingErrorKind};
use rustc_hash::FxHashMap;

use crate::chart::palette::Rgb;

/// Below this coverage a pixel is left as it is.
const INVISIBLE: f64 = 0.004;
/// From this opacity on a pixel takes the colour outright (as plotters' bitmap backend does).
const OPAQUE: f64 = 1.0 - 1.0 / 256.0;
/// The blend that takes the colour outright.
const OUTRIGHT: u8 = 255;

/// An RGB image, 3 bytes a pixel, row by row.
pub(in crate::chart) struct Pixels {
    width: u32,
    height: u32,
    data: Vec<u8>,
}

impl Pixels {
    /// A `width` × `height` image with every byte `fill` (0 black, 255 white).
    pub fn new((width, height): (u32, u32), fill: u8) -> Pixels {
        Pixels {
            width,
            height,
            data: vec![fill; width as usize * height as usize * 3],
        }
    }

    pub fn size(&self) -> (u32, u32) {
        (self.width, self.height)
    }

    pub fn into_rgb(self) -> Vec<u8> {
        self.data
    }

    /// The index of pixel (x, y), if it is inside the image.
    #[inline]
    pub fn index(&self, x: i32, y: i32) -> Option<u32> {
        let inside = x >= 0 && y >= 0 && (x as u32) < self.width && (y as u32) < self.height;
        // Both sides are at most 16,000 pixels, so an index fits in 32 bits.
        inside.then(|| y as u32 * self.width + x as u32)
    }

    /// Blends `colour` into pixel (x, y) by `c`, how much of it a shape covers (its opacity
    /// already applied).
    #[inline]
    pub fn cover(&mut self, x: i32, y: i32, colour: Rgb, c: f64) {
        if let (Some(i), Some(a)) = (self.index(x, y), blend_of(c)) {
            self.put(i, colour.array(), a);
        }
    }

    /// Blends `colour` into pixel `i` by `a` (see [`blend_of`]).
    #[inline]
    pub fn put(&mut self, i: u32, colour: [u8; 3], a: u8) {
        let i = i as usize * 3;
        let pixel = &mut self.data[i..i + 3];
        if a == OUTRIGHT {
            pixel.copy_from_slice(&colour);
        } else {
            for (old, new) in pixel.iter_mut().zip(colour) {
                *old = towards(*old, new, u32::from(a));
            }
        }
    }

    /// Fills the pixels from `(x0, y0)` up to but not including `(x1, y1)`.
    pub fn fill_rect(&mut self, (x0, y0): BackendCoord, (x1, y1): BackendCoord, colour: Rgb) {
        let Some((x0, y0, x1, y1)) = self.clip((x0, y0), (x1, y1)) else {
            return;
        };
        let rgb = colour.array();
        for y in y0..y1 {
            let start = (y * self.width as usize + x0) * 3;
            for pixel in self.data[start..start + (x1 - x0) * 3].chunks_exact_mut(3) {
                pixel.copy_from_slice(&rgb);
            }
        }
    }

    /// Blends `colour` by `alpha` into the pixels from `(x0, y0)` up to but not including
    /// `(x1, y1)`. Plotters blends all but the last one to eight pixels of a row eight at a time,
    /// rounding down, and those last ones one at a time, rounding towards their old value; so
    /// does this, to the same bytes.
    pub fn blend_rect(
        &mut self,
        (x0, y0): BackendCoord,
        (x1, y1): BackendCoord,
        colour: Rgb,
        alpha: f64,
    ) {
        let alpha = alpha.clamp(0.0, 1.0);
        if alpha == 0.0 {
            return;
        }
        let Some((x0, y0, x1, y1)) = self.clip((x0, y0), (x1, y1)) else {
            return;
        };
        let a = (256.0 * alpha).floor() as u32;
        let rgb = colour.array();
        let count = x1 - x0;
        let grouped = (count - 1) / 8 * 8;
        for y in y0..y1 {
            let start = (y * self.width as usize + x0) * 3;
            let row = &mut self.data[start..start + count * 3];
            for (n, pixel) in row.chunks_exact_mut(3).enumerate() {
                for (old, new) in pixel.iter_mut().zip(rgb) {
                    *old = if n < grouped {
                        ((u32::from(*old) * (256 - a) + u32::from(new) * a) >> 8) as u8
                    } else {
                        towards(*old, new, a)
                    };
                }
            }
        }
    }

    /// The corners given, in order and inside the image; None when nothing is left.
    fn clip(
        &self,
        (ax, ay): BackendCoord,
        (bx, by): BackendCoord,
    ) -> Option<(usize, usize, usize, usize)> {
        let (w, h) = (self.width as i32, self.height as i32);
        let (x0, y0) = (ax.min(bx).max(0), ay.min(by).max(0));
        let (x1, y1) = (ax.max(bx).min(w), ay.max(by).min(h));
        (x0 < x1 && y0 < y1).then_some((x0 as usize, y0 as usize, x1 as usize, y1 as usize))
    }
}

/// How a pixel covered by `c` (0..1, opacity applied) is blended, as plotters' bitmap backend
/// does it: not at all up to [`INVISIBLE`] (None), outright from [`OPAQUE`] on ([`OUTRIGHT`]),
/// otherwise by `a`/256 with `a` (1 to 254) rounded down.
#[inline]
pub(in crate::chart) fn blend_of(c: f64) -> Option<u8> {
    if c >= OPAQUE {
        Some(OUTRIGHT)
    } else if c > INVISIBLE {
        // `c` · 256 lies between 1 and 255 here, so truncating is rounding down (and needs no
        // call to `floor`, which baseline x86-64 has no instruction for).
        Some((c * 256.0) as u8)
    } else {
        // Also when `c` is not a number.
        None
    }
}

/// `old` moved `a`/256 of the way to `new`, rounded towards `old`.
#[inline]
fn towards(old: u8, new: u8, a: u32) -> u8 {
    if new > old {
        old + (u32::from(new - old) * a / 256) as u8
    } else {
        old - (u32::from(old - new) * a / 256) as u8
    }
}

/// A plotters backend drawing on [`Pixels`], for what is drawn through a drawing area.
pub(in crate::chart) struct Canvas<'a>(pub &'a RefCell<Pixels>);

impl DrawingBackend for Canvas<'_> {
    type ErrorType = Infallible;

    fn get_size(&self) -> (u32, u32) {
        self.0.borrow().size()
    }

    fn ensure_prepared(&mut self) -> Result<(), DrawingErrorKind<Infallible>> {
        Ok(())
    }

    fn present(&mut self) -> Result<(), DrawingErrorKind<Infallible>> {
        Ok(())
    }

    fn draw_pixel(
        &mut self,
        (x, y): BackendCoord,
        colour: BackendColor,
    ) -> Result<(), DrawingErrorKind<Infallible>> {
        // Up to INVISIBLE, plotters' blend moves no byte either.
        let (r, g, b) = colour.rgb;
        self.0.borrow_mut().cover(x, y, Rgb(r, g, b), colour.alpha);
        Ok(())
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<Infallible>> {
        if !fill {
            return plotters_backend::rasterizer::draw_rect(
                self,
                upper_left,
                bottom_right,
                style,
                fill,
            );
        }
        let BackendColor {
            alpha,
            rgb: (r, g, b),
        } = style.color();
        let mut pixels = self.0.borrow_mut();
        if alpha >= 1.0 {
            pixels.fill_rect(upper_left, bottom_right, Rgb(r, g, b));
        } else {
            pixels.blend_rect(upper_left, bottom_right, Rgb(r, g, b), alpha);
        }
        Ok(())
    }
}

/// A shape as its coverage depends on it: its kind, then its geometry and opacity bit for bit.
pub(in crate::chart) type Shape = [u64; 8];

/// The key of a shape of `kind` with these numbers (at most seven); None for more.
pub(in crate::chart) fn shape(kind: u64, numbers: &[f64]) -> Option<Shape> {
    let mut key = [0; 8];
    key[0] = kind;
    (numbers.len() < key.len()).then(|| {
        for (k, n) in key[1..].iter_mut().zip(numbers) {
            *k = n.to_bits();
        }
        key
    })
}

/// The pixels a shape covers and how each is blended: `(index, a)` as [`Pixels::put`] takes them.
pub(in crate::chart) type Mask = Vec<(u32, u8)>;

/// Masks of the shapes drawn more than once on one chart. A long history draws the same move and
/// the same point many times (a leader's answers repeat); the second time a shape comes, its
/// coverage is kept, and from then on it is replayed instead of worked out again: the same
/// pixels, blended by the same amounts, in the order they are drawn.
#[derive(Default)]
pub(in crate::chart) struct Masks {
    /// None: drawn once so far.
    /// Hashed by FxHash: a timeline of 10,000 looks up 40,000 shapes that never repeat, and no
    /// key comes from outside (no flooding to defend against).
    seen: FxHashMap<Shape, Option<Mask>>,
}

impl Masks {
    /// The slot of `shape`: None the first time it is drawn.
    pub fn slot(&mut self, shape: Shape) -> Option<&mut Option<Mask>> {
        match self.seen.entry(shape) {
            Entry::Occupied(e) => Some(e.into_mut()),
            Entry::Vacant(e) => {
                e.insert(None);
                None
            }
        }
    }
}
