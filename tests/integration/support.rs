//! Helpers shared by the test modules: answer patterns and snapshots of files on disk.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use bearing_lib::domain::{questionnaire, AnswerSheet, Quadrant};

/// The wanted direction on each axis (+1 high, -1 low) for a quadrant.
pub fn direction(quadrant: Quadrant) -> (f64, f64) {
    let sign = |high: bool| if high { 1.0 } else { -1.0 };
    (sign(quadrant.high_focus()), sign(quadrant.high_autonomy()))
}

/// The answer that pulls a statement with these loadings toward the wanted direction: full
/// agreement where the loadings point that way, full disagreement where they point away.
pub fn extreme_answer(focus: f64, autonomy: f64, (want_focus, want_autonomy): (f64, f64)) -> u8 {
    let pull = focus * want_focus + autonomy * want_autonomy;
    if pull > 0.0 {
        5
    } else if pull < 0.0 {
        1
    } else {
        3
    }
}

/// A valid sheet for the current questionnaire with an answer chosen per statement.
pub fn sheet_with(answer: impl Fn(usize, &questionnaire::Item) -> u8) -> AnswerSheet {
    let q = questionnaire::current();
    let values: BTreeMap<String, u8> = q
        .items
        .iter()
        .enumerate()
        .map(|(n, item)| (item.id.clone(), answer(n, item)))
        .collect();
    AnswerSheet::from_values(q, &values).unwrap()
}

/// A sheet that lands clearly in `quadrant`.
pub fn extreme_sheet(quadrant: Quadrant) -> AnswerSheet {
    sheet_with(|_, item| extreme_answer(item.focus, item.autonomy, direction(quadrant)))
}

/// Everything in a folder, by name, with each file's bytes (folders as `None`), so a test can
/// show that nothing was written, created or left behind.
pub fn snapshot(folder: &Path) -> BTreeMap<String, Option<Vec<u8>>> {
    fs::read_dir(folder)
        .unwrap()
        .map(|entry| {
            let entry = entry.unwrap();
            let path = entry.path();
            let bytes = if path.is_dir() {
                None
            } else {
                Some(fs::read(&path).unwrap())
            };
            (entry.file_name().to_string_lossy().into_owned(), bytes)
        })
        .collect()
}

/// All text drawn in an SVG, in document order, one space between text elements (so a name
/// wrapped over several lines reads as one phrase).
pub fn svg_text(doc: &roxmltree::Document<'_>) -> String {
    doc.descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| {
            n.descendants()
                .filter_map(|t| t.text())
                .collect::<String>()
                .trim()
                .to_string()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A decoded PNG: width, height and packed 8-bit RGB or RGBA pixels.
pub struct Pixels {
    pub width: u32,
    pub height: u32,
    /// 3 (RGB) or 4 (RGBA).
    pub channels: usize,
    data: Vec<u8>,
}

impl Pixels {
    pub fn decode(bytes: &[u8]) -> Pixels {
        let decoder = png::Decoder::new(bytes);
        let mut reader = decoder.read_info().unwrap();
        let mut buffer = vec![0; reader.output_buffer_size()];
        let frame = reader.next_frame(&mut buffer).unwrap();
        let channels = match frame.color_type {
            png::ColorType::Rgb => 3,
            png::ColorType::Rgba => 4,
            other => panic!("expected RGB or RGBA, got {other:?}"),
        };
        assert_eq!(frame.bit_depth, png::BitDepth::Eight);
        buffer.truncate(frame.buffer_size());
        Pixels {
            width: frame.width,
            height: frame.height,
            channels,
            data: buffer,
        }
    }

    fn index(&self, x: u32, y: u32) -> usize {
        (y as usize * self.width as usize + x as usize) * self.channels
    }

    /// The colour at a pixel, without its alpha.
    pub fn at(&self, x: u32, y: u32) -> [u8; 3] {
        let i = self.index(x, y);
        [self.data[i], self.data[i + 1], self.data[i + 2]]
    }

    /// The alpha at a pixel (255 in an RGB image).
    pub fn alpha(&self, x: u32, y: u32) -> u8 {
        match self.channels {
            4 => self.data[self.index(x, y) + 3],
            _ => 255,
        }
    }

    /// How many pixels have exactly this colour (whatever their alpha).
    pub fn count(&self, colour: [u8; 3]) -> usize {
        self.data
            .chunks_exact(self.channels)
            .filter(|p| p[..3] == colour)
            .count()
    }
}

/// Width and height of a PNG, after decoding all of it.
pub fn png_size(bytes: &[u8]) -> (u32, u32) {
    let pixels = Pixels::decode(bytes);
    (pixels.width, pixels.height)
}

/// Adds figures to the reliability report: one file per test in `BEARING_REPORT_DIR` (default
/// `target/reliability`), `key value` per line; `.ci/report` sums them.
pub fn report(name: &str, figures: &[(&str, u64)]) {
    let dir = std::env::var_os("BEARING_REPORT_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/reliability"));
    fs::create_dir_all(&dir).unwrap();
    let text: String = figures.iter().map(|(k, v)| format!("{k} {v}\n")).collect();
    fs::write(dir.join(format!("{name}.txt")), text).unwrap();
}

/// `bearing --db DB ARGS` run from `home`, with a private home and data folder, no display and no
/// standard input: the binary as a script would run it, unable to touch the user's real data.
pub fn bearing(home: &Path, db: &Path, args: &[&str]) -> std::process::Command {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_bearing"));
    cmd.arg("--db")
        .arg(db)
        .args(args)
        .current_dir(home)
        .env("HOME", home.join("home"))
        .env("XDG_DATA_HOME", home.join("home/data"))
        .env_remove("BEARING_DB")
        .env_remove("BEARING_PROFILE")
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .stdin(std::process::Stdio::null());
    cmd
}
