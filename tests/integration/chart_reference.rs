//! PNG charts compared pixel by pixel with reference renders kept in `tests/fixtures/charts/`:
//! the map and the timeline of a long rich history (120 and 10,000 assessments), light, dark and
//! transparent, at 1× and 2×, mostly small to keep the files small, and the map of 10,000 at the
//! 1600 × 1000 the benchmarks draw (the card is the two side by side, drawn by the same code). A faster rasteriser may differ from the references by at most
//! one step in any channel of any pixel (alpha included), never more.
//!
//! The references were drawn by the rasteriser as it was before charts were made fast at scale.
//! A change meant to alter the look redraws them in the same commit: run this test with
//! `BEARING_REDRAW_REFERENCES=1` and look at every file it rewrites.

use std::fs;
use std::path::PathBuf;

use bearing_lib::chart::{self, ChartKind, ChartOptions, Format, Rendered, Theme};

use crate::chart::rich;

/// The most any channel of any pixel may differ from the reference.
const TOLERANCE: u8 = 1;

/// One reference render.
struct Case {
    kind: ChartKind,
    count: usize,
    /// Before scaling.
    size: (u32, u32),
    scale: u32,
    theme: Theme,
    transparent: bool,
}

impl Case {
    fn file_name(&self) -> String {
        let look = match (self.transparent, self.theme) {
            (true, _) => "transparent",
            (false, Theme::Light) => "light",
            (false, Theme::Dark) => "dark",
        };
        let (w, h) = self.size;
        format!(
            "{}-{look}-{}-{w}x{h}-{}x.png",
            self.kind.slug(),
            self.count,
            self.scale
        )
    }

    fn options(&self) -> ChartOptions {
        ChartOptions {
            width: self.size.0,
            height: self.size.1,
            theme: self.theme,
            scale: self.scale,
            transparent: self.transparent,
        }
    }
}

/// Every reference: the map in each look at 120 and 10,000 and at 2×, the timeline in each look
/// (smaller, as its noise compresses badly), and the map of 10,000 at full size.
fn cases() -> Vec<Case> {
    use ChartKind::{Map, Timeline};
    use Theme::{Dark, Light};
    let table = [
        (Map, 120, (480, 300), 1, Light, false),
        (Map, 120, (480, 300), 1, Dark, false),
        (Map, 120, (480, 300), 1, Light, true),
        (Map, 10_000, (480, 300), 1, Light, false),
        (Map, 10_000, (480, 300), 1, Dark, false),
        (Map, 10_000, (480, 300), 1, Light, true),
        (Map, 10_000, (300, 200), 2, Dark, false),
        (Map, 10_000, (1600, 1000), 1, Light, false),
        (Timeline, 120, (320, 200), 1, Light, false),
        (Timeline, 10_000, (320, 200), 1, Dark, false),
        (Timeline, 10_000, (320, 200), 1, Light, true),
    ];
    table
        .into_iter()
        .map(|(kind, count, size, scale, theme, transparent)| Case {
            kind,
            count,
            size,
            scale,
            theme,
            transparent,
        })
        .collect()
}

fn reference_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/charts")
}

/// Width, height, channels and pixels of a PNG.
fn decode(bytes: &[u8]) -> (u32, u32, usize, Vec<u8>) {
    let mut reader = png::Decoder::new(bytes).read_info().unwrap();
    let mut pixels = vec![0; reader.output_buffer_size()];
    let frame = reader.next_frame(&mut pixels).unwrap();
    pixels.truncate(frame.buffer_size());
    let channels = frame.color_type.samples();
    (frame.width, frame.height, channels, pixels)
}

/// The same PNG compressed as hard as the encoder can, to keep the references small.
fn compact(bytes: &[u8]) -> Vec<u8> {
    let (w, h, channels, pixels) = decode(bytes);
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, w, h);
    encoder.set_color(match channels {
        4 => png::ColorType::Rgba,
        _ => png::ColorType::Rgb,
    });
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Best);
    encoder.set_adaptive_filter(png::AdaptiveFilterType::Adaptive);
    let mut writer = encoder.write_header().unwrap();
    writer.write_image_data(&pixels).unwrap();
    writer.finish().unwrap();
    out
}

/// How a render differs from its reference: `None` when within [`TOLERANCE`] everywhere.
fn difference(actual: &[u8], reference: &[u8]) -> Option<String> {
    let (w, h, channels, actual) = decode(actual);
    let (rw, rh, rchannels, reference) = decode(reference);
    if (w, h, channels) != (rw, rh, rchannels) {
        return Some(format!(
            "{w}×{h} with {channels} channels, the reference {rw}×{rh} with {rchannels}"
        ));
    }
    let mut worst: Option<(u8, usize)> = None;
    let mut off = 0_usize;
    for (i, (a, r)) in actual
        .chunks_exact(channels)
        .zip(reference.chunks_exact(channels))
        .enumerate()
    {
        let most = a.iter().zip(r).map(|(a, r)| a.abs_diff(*r)).max();
        let most = most.unwrap_or(0);
        if most > TOLERANCE {
            off += 1;
            if worst.is_none_or(|(d, _)| most > d) {
                worst = Some((most, i));
            }
        }
    }
    let (most, i) = worst?;
    let (x, y) = (i % w as usize, i / w as usize);
    let at = |p: &[u8]| format!("{:?}", &p[i * channels..(i + 1) * channels]);
    Some(format!(
        "{off} pixels differ by more than {TOLERANCE}; the most, by {most}, at ({x}, {y}): {} \
         where the reference has {}",
        at(&actual),
        at(&reference)
    ))
}

#[test]
fn pngs_match_the_reference_renders_within_one_step_per_channel() {
    let redraw = std::env::var_os("BEARING_REDRAW_REFERENCES").is_some();
    let dir = reference_dir();
    let mut failures = Vec::new();
    for count in [120, 10_000] {
        let data = rich(count);
        for case in cases().into_iter().filter(|c| c.count == count) {
            let bytes = match chart::render(case.kind, &data, &case.options(), Format::Png) {
                Ok(Rendered::Png(bytes)) => bytes,
                other => panic!("{}: expected a PNG, got {other:?}", case.file_name()),
            };
            let path = dir.join(case.file_name());
            if redraw {
                fs::create_dir_all(&dir).unwrap();
                fs::write(&path, compact(&bytes)).unwrap();
                continue;
            }
            let reference = fs::read(&path)
                .unwrap_or_else(|e| panic!("{}: {e} (see this module's notes)", path.display()));
            if let Some(why) = difference(&bytes, &reference) {
                failures.push(format!("{}: {why}", case.file_name()));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "these PNGs differ from their reference renders:\n{}",
        failures.join("\n")
    );
}
