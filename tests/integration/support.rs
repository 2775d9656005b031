//! Helpers shared by the test modules: the sandbox every run of the `bearing` binary happens in,
//! answers files, answer patterns and snapshots of files on disk.

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::{json, Value};
use tempfile::TempDir;

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

/// Statement `n`'s answer in [`Answers::varied`]'s pattern.
pub fn varied_answer(n: usize, shift: usize) -> u8 {
    1 + ((n * 3 + shift) % 5) as u8
}

/// A sheet with varied answers that raises no response-quality flag (see [`Answers::varied`]).
pub fn varied_sheet(shift: usize) -> AnswerSheet {
    sheet_with(|n, _| varied_answer(n, shift))
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
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/reliability"));
    fs::create_dir_all(&dir).unwrap();
    let text: String = figures.iter().map(|(k, v)| format!("{k} {v}\n")).collect();
    fs::write(dir.join(format!("{name}.txt")), text).unwrap();
}

/// A private folder for one test: the database, the files the test writes, and the home and data
/// folders the `bearing` binary sees. Every run of the binary starts from a clean environment, so
/// nothing a test does can reach the user's real data, and nothing in the environment the tests
/// were started from (`BEARING_DB`, `BEARING_PROFILE`, a display) can change what a test sees.
pub struct Sandbox {
    dir: TempDir,
}

impl Sandbox {
    pub fn new() -> Sandbox {
        Sandbox {
            dir: TempDir::new().unwrap(),
        }
    }

    /// The folder itself: every command runs from here.
    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn path(&self, name: impl AsRef<Path>) -> PathBuf {
        self.root().join(name)
    }

    /// The database [`Sandbox::command`] passes with `--db`.
    pub fn db(&self) -> PathBuf {
        self.path("x.db")
    }

    /// `bearing ARGS`, with no `--db`, run from the sandbox with no standard input, its home and
    /// data folder inside the sandbox, no display, and no `BEARING_*` variable at all (a test
    /// that wants one sets it on the command).
    pub fn bare(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_bearing"));
        for (name, _) in std::env::vars_os() {
            if is_bearing_variable(&name) {
                cmd.env_remove(name);
            }
        }
        cmd.args(args)
            .current_dir(self.root())
            .env("HOME", self.path("home"))
            .env("XDG_DATA_HOME", self.path("home/data"))
            .env_remove("DISPLAY")
            .env_remove("WAYLAND_DISPLAY")
            .stdin(Stdio::null());
        cmd
    }

    /// `bearing --db <sandbox>/x.db ARGS`.
    pub fn command(&self, args: &[&str]) -> Command {
        self.command_on(&self.db(), args)
    }

    /// `bearing --db DB ARGS`, for a database somewhere other than [`Sandbox::db`].
    pub fn command_on(&self, db: &Path, args: &[&str]) -> Command {
        let mut cmd = self.bare(&[]);
        cmd.arg("--db").arg(db).args(args);
        cmd
    }

    pub fn run(&self, args: &[&str]) -> Output {
        self.command(args).output().unwrap()
    }

    pub fn run_on(&self, db: &Path, args: &[&str]) -> Output {
        self.command_on(db, args).output().unwrap()
    }

    /// Runs a command with `input` on its standard input.
    pub fn run_with_stdin(&self, args: &[&str], input: &str) -> Output {
        let mut child = self
            .command(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
        child.wait_with_output().unwrap()
    }

    /// Runs a command that must succeed and returns its standard output.
    pub fn ok(&self, args: &[&str]) -> String {
        stdout_of(self.run(args), args)
    }

    /// Runs a command that must succeed and parses its output as JSON.
    pub fn json(&self, args: &[&str]) -> Value {
        serde_json::from_str(&self.ok(args)).unwrap()
    }

    /// Writes a file into the sandbox and returns its path, ready to pass as an argument.
    pub fn write(&self, name: &str, text: &str) -> String {
        fs::write(self.path(name), text).unwrap();
        self.path(name).to_string_lossy().into_owned()
    }

    pub fn write_json(&self, name: &str, value: &Value) -> String {
        self.write(name, &serde_json::to_string_pretty(value).unwrap())
    }

    /// The current questionnaire, as `questionnaire --json` prints it.
    pub fn questionnaire(&self) -> Value {
        self.json(&["questionnaire", "--json"])
    }
}

/// Whether an environment variable is one of Bearing's own (`BEARING_DB`, `BEARING_PROFILE`, the
/// test hooks, and any added later).
fn is_bearing_variable(name: &OsStr) -> bool {
    name.as_encoded_bytes().starts_with(b"BEARING_")
}

/// The standard output of a command that must have succeeded.
pub fn stdout_of(output: Output, args: &[&str]) -> String {
    assert!(
        output.status.success(),
        "bearing {args:?} failed with {}: {}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// An answers document for the current questionnaire, as `bearing assess --answers` and the
/// window's `save_assessment` read it: `{"questionnaire": version, "answers": {id: value}}`, plus
/// whatever else a test adds. Values are JSON, so a test can write wrong ones too.
#[derive(Clone)]
pub struct Answers {
    doc: Value,
}

impl Answers {
    /// One answer per statement, chosen from its position and the statement.
    pub fn each<V: Into<Value>>(answer: impl Fn(usize, &questionnaire::Item) -> V) -> Answers {
        let q = questionnaire::current();
        let answers: serde_json::Map<String, Value> = q
            .items
            .iter()
            .enumerate()
            .map(|(n, item)| (item.id.clone(), answer(n, item).into()))
            .collect();
        Answers {
            doc: json!({"questionnaire": q.version, "answers": answers}),
        }
    }

    /// The same answer to every statement.
    pub fn all(value: impl Into<Value>) -> Answers {
        let value = value.into();
        Answers::each(|_, _| value.clone())
    }

    /// Varied answers (1 to 5 in a pattern that `shift` rotates), as a person who read each
    /// statement gives them: no response-quality flag, so the assessment is not provisional.
    pub fn varied(shift: usize) -> Answers {
        Answers::each(|n, _| varied_answer(n, shift))
    }

    /// The answers that land clearly in `quadrant`.
    pub fn toward(quadrant: Quadrant) -> Answers {
        Answers::each(|_, item| extreme_answer(item.focus, item.autonomy, direction(quadrant)))
    }

    /// As a coach, manager or peer answers: `null` for every statement only the leader can see
    /// (their sheet does not list those).
    pub fn for_others(mut self) -> Answers {
        let q = questionnaire::current();
        for (id, value) in self.doc["answers"].as_object_mut().unwrap() {
            if q.item(id).is_some_and(|item| !item.observable) {
                *value = Value::Null;
            }
        }
        self
    }

    /// Replaces (or adds) the answer to statement `id`.
    pub fn set(mut self, id: &str, value: impl Into<Value>) -> Answers {
        self.doc["answers"][id] = value.into();
        self
    }

    /// Leaves statement `id` unanswered.
    pub fn without(mut self, id: &str) -> Answers {
        self.doc["answers"].as_object_mut().unwrap().remove(id);
        self
    }

    /// Sets a top-level field: `note`, `notes`, or `questionnaire` to claim another version.
    pub fn with(mut self, field: &str, value: impl Into<Value>) -> Answers {
        self.doc[field] = value.into();
        self
    }

    pub fn json(&self) -> Value {
        self.doc.clone()
    }

    /// Writes the document to `path` and returns the path, ready to pass as an argument.
    pub fn write(&self, path: &Path) -> String {
        fs::write(path, serde_json::to_string_pretty(&self.doc).unwrap()).unwrap();
        path.to_string_lossy().into_owned()
    }
}
