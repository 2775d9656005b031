//! PDF documents: pages of headings, wrapped text and vector figures (SVG), laid out on A4 or US
//! Letter in the embedded fonts. Each page is laid out here as an SVG document; svg2pdf turns it
//! into PDF, and pdf-writer joins the pages and writes the metadata
//! (docs/decisions/0011-pdf-with-svg2pdf.md). Text stays text (selectable, searchable), in subsets
//! of the embedded fonts; a figure's text too. Black and dark grey on white, so a page reads the
//! same printed in black and white.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::Arc;

use ab_glyph::{Font as _, FontRef, PxScale, ScaleFont};
use chrono::{Datelike as _, NaiveDate};
use pdf_writer::{Content, Finish as _, Name, Pdf, Rect, Ref, TextStr};
use svg2pdf::usvg;

use crate::chart::{bold_ttf, regular_ttf};

/// A paper size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Paper {
    /// 210 × 297 mm.
    #[default]
    A4,
    /// 8.5 × 11 in.
    Letter,
}

impl Paper {
    /// Width and height in points (1/72 in).
    pub fn size(self) -> (f32, f32) {
        match self {
            Paper::A4 => (595.28, 841.89),
            Paper::Letter => (612.0, 792.0),
        }
    }
}

/// What a document holds: its title and date (also written into its metadata) and its pages.
#[derive(Debug, Clone)]
pub struct Document {
    pub title: String,
    pub date: NaiveDate,
    pub pages: Vec<Page>,
}

/// One page: blocks from the top. What does not fit is left out, and the page ends with
/// [`Document`]'s overflow line instead (`Block::Note` text of `overflow`).
#[derive(Debug, Clone, Default)]
pub struct Page {
    pub blocks: Vec<Block>,
    /// The line that replaces what did not fit, if anything did not.
    pub overflow: String,
}

/// A piece of a page.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// The document's title: large and bold.
    Title(String),
    /// A section heading: bold, with a rule above.
    Heading(String),
    /// A paragraph, wrapped to the text width.
    Text(String),
    /// A bold lead-in followed by text on the same line, the rest wrapped below it.
    Lead { lead: String, text: String },
    /// An item of a list: a dash, and the text wrapped beside it; `depth` 1 indents it once more.
    Item { text: String, depth: u8 },
    /// Small print: a remark under a section.
    Note(String),
    /// An SVG drawing of `width` × `height` (its own units), drawn at the full text width.
    Figure {
        svg: String,
        width: f32,
        height: f32,
    },
}

/// Why a document could not be made.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("the report's fonts could not be read")]
    Font,
    #[error("a page of the report could not be drawn: {0}")]
    Page(String),
    #[error("the PDF could not be written: {0}")]
    Write(String),
}

/// Margins and type sizes, in points.
const MARGIN: f32 = 48.0;
const TITLE_SIZE: f32 = 17.0;
const HEADING_SIZE: f32 = 11.5;
const TEXT_SIZE: f32 = 9.5;
const NOTE_SIZE: f32 = 8.0;
const LEADING: f32 = 1.32;
const INDENT: f32 = 12.0;
/// The widest lead-in (of the text width) that text still hangs beside.
const LEAD_SHARE: f32 = 0.35;
/// Near-black, and a dark grey for notes and rules: both read in black and white.
const INK: (u8, u8, u8) = (0x1c, 0x21, 0x2b);
const MUTED: (u8, u8, u8) = (0x4a, 0x50, 0x5c);

/// The two faces, for measuring the glyphs the PDF shows.
struct Faces {
    regular: FontRef<'static>,
    bold: FontRef<'static>,
}

impl Faces {
    fn load() -> Result<Faces, PdfError> {
        Ok(Faces {
            regular: FontRef::try_from_slice(regular_ttf()).map_err(|_| PdfError::Font)?,
            bold: FontRef::try_from_slice(bold_ttf()).map_err(|_| PdfError::Font)?,
        })
    }

    /// The width of `text` at `size` points, kerned as the PDF lays it out.
    fn width(&self, text: &str, size: f32, bold: bool) -> f32 {
        let face = if bold { &self.bold } else { &self.regular };
        // ab_glyph's pixel scale is the font's height (ascent − descent), not its em.
        let em = face.units_per_em().unwrap_or(2048.0);
        let height = face.ascent_unscaled() - face.descent_unscaled();
        let scaled = face.as_scaled(PxScale::from(size * height / em));
        let mut width = 0.0;
        let mut previous = None;
        for c in text.chars() {
            let id = scaled.glyph_id(c);
            if let Some(p) = previous {
                width += scaled.kern(p, id);
            }
            width += scaled.h_advance(id);
            previous = Some(id);
        }
        width
    }

    /// `text` in lines no wider than `width`, broken at white space (a word wider than the line
    /// is broken where it must). Control characters are dropped: they have no glyph, and XML
    /// cannot hold most of them.
    fn wrap(&self, text: &str, size: f32, bold: bool, width: f32) -> Vec<String> {
        let text: String = text
            .chars()
            .map(|c| if c.is_whitespace() { ' ' } else { c })
            .filter(|c| !c.is_control())
            .collect();
        let mut lines = Vec::new();
        let mut line = String::new();
        for word in text.split_whitespace() {
            let candidate = if line.is_empty() {
                word.to_string()
            } else {
                format!("{line} {word}")
            };
            if self.width(&candidate, size, bold) <= width || line.is_empty() {
                line = candidate;
            } else {
                lines.push(std::mem::take(&mut line));
                line = word.to_string();
            }
            while self.width(&line, size, bold) > width && line.chars().count() > 1 {
                let mut head = line.clone();
                while self.width(&head, size, bold) > width && head.chars().count() > 1 {
                    head.pop();
                }
                let rest = line[head.len()..].to_string();
                lines.push(head);
                line = rest;
            }
        }
        if !line.is_empty() {
            lines.push(line);
        }
        lines
    }
}

/// A line of text placed on a page.
struct Line {
    x: f32,
    /// Baseline.
    y: f32,
    text: String,
    size: f32,
    bold: bool,
    muted: bool,
}

/// What a block becomes on the page, in points from the top left.
enum Mark<'a> {
    Line(Line),
    Rule {
        y: f32,
    },
    Figure {
        svg: &'a str,
        size: (f32, f32),
        y: f32,
        height: f32,
    },
}

/// Lays out and writes `document` as PDF bytes.
pub fn render(document: &Document, paper: Paper) -> Result<Vec<u8>, PdfError> {
    let faces = Faces::load()?;
    let options = svg_options();
    let (page_width, page_height) = paper.size();
    let mut next = Ref::new(1);
    let catalog = next.bump();
    let tree_id = next.bump();
    let info = next.bump();
    let mut pdf = Pdf::new();
    let mut page_ids = Vec::new();
    let mut chunks = Vec::new();
    for page in &document.pages {
        let marks = layout(page, &faces, (page_width, page_height));
        let svg = page_svg(&marks, (page_width, page_height));
        let tree =
            usvg::Tree::from_str(&svg, &options).map_err(|e| PdfError::Page(e.to_string()))?;
        let (chunk, drawing) = svg2pdf::to_chunk(&tree, svg2pdf::ConversionOptions::default())
            .map_err(|e| PdfError::Page(e.to_string()))?;
        let mut renumbered = HashMap::new();
        let chunk = chunk.renumber(|old| *renumbered.entry(old).or_insert_with(|| next.bump()));
        let drawing = *renumbered
            .get(&drawing)
            .ok_or_else(|| PdfError::Page("the page's drawing went missing".into()))?;
        let page_id = next.bump();
        let content_id = next.bump();
        let name = Name(b"P");
        let mut pdf_page = pdf.page(page_id);
        pdf_page
            .media_box(Rect::new(0.0, 0.0, page_width, page_height))
            .parent(tree_id)
            .contents(content_id);
        pdf_page.resources().x_objects().pair(name, drawing);
        pdf_page.finish();
        // The drawing is one point square: scaled to the page, it fills it.
        let mut content = Content::new();
        content
            .transform([page_width, 0.0, 0.0, page_height, 0.0, 0.0])
            .x_object(name);
        pdf.stream(content_id, &content.finish());
        page_ids.push(page_id);
        chunks.push(chunk);
    }
    pdf.catalog(catalog).pages(tree_id);
    let count = i32::try_from(page_ids.len()).map_err(|_| PdfError::Page("too many".into()))?;
    pdf.pages(tree_id).kids(page_ids).count(count);
    write_info(&mut pdf, info, document);
    for chunk in &chunks {
        pdf.extend(chunk);
    }
    Ok(pdf.finish())
}

/// Page SVGs and charts name their font "DejaVu Sans": the embedded faces are the only ones they
/// can use, whatever the system has.
fn svg_options() -> usvg::Options<'static> {
    let mut options = usvg::Options {
        font_family: "DejaVu Sans".into(),
        ..usvg::Options::default()
    };
    let fonts = Arc::make_mut(&mut options.fontdb);
    fonts.load_font_data(regular_ttf().to_vec());
    fonts.load_font_data(bold_ttf().to_vec());
    options
}

/// The document's title, date and maker.
fn write_info(pdf: &mut Pdf, id: Ref, document: &Document) {
    let date = document.date;
    // A date Bearing accepts has a year from 2000 on; 0 stands for one that would not fit.
    let year = u16::try_from(date.year()).unwrap_or(0);
    // Month and day are at most 12 and 31.
    let (month, day) = (date.month() as u8, date.day() as u8);
    pdf.document_info(id)
        .title(TextStr(&document.title))
        .creator(TextStr("Bearing"))
        .producer(TextStr(concat!(
            "Bearing ",
            env!("CARGO_PKG_VERSION"),
            " (svg2pdf)"
        )))
        .creation_date(pdf_writer::Date::new(year).month(month).day(day));
}

/// Places a page's blocks from the top; stops before the first that does not fit, and puts the
/// page's overflow line in its place.
fn layout<'a>(
    page: &'a Page,
    faces: &Faces,
    (page_width, page_height): (f32, f32),
) -> Vec<Mark<'a>> {
    let width = page_width - 2.0 * MARGIN;
    let bottom = page_height - MARGIN;
    let note_line = NOTE_SIZE * LEADING;
    let mut y = MARGIN;
    let mut marks = Vec::new();
    for (i, block) in page.blocks.iter().enumerate() {
        let mut placed = Vec::new();
        let mut next = y;
        let mut text =
            |lines: Vec<String>, x: f32, size: f32, bold: bool, muted: bool, at: &mut f32| {
                for text in lines {
                    *at += size * LEADING;
                    placed.push(Mark::Line(Line {
                        x,
                        y: *at - size * 0.3,
                        text,
                        size,
                        bold,
                        muted,
                    }));
                }
            };
        match block {
            Block::Title(t) => {
                let lines = faces.wrap(t, TITLE_SIZE, true, width);
                text(lines, MARGIN, TITLE_SIZE, true, false, &mut next);
                next += 4.0;
            }
            Block::Heading(t) => {
                next += 8.0;
                let rule = next;
                next += 2.0;
                let lines = faces.wrap(t, HEADING_SIZE, true, width);
                text(lines, MARGIN, HEADING_SIZE, true, false, &mut next);
                next += 2.0;
                placed.insert(0, Mark::Rule { y: rule });
            }
            Block::Text(t) => {
                let lines = faces.wrap(t, TEXT_SIZE, false, width);
                text(lines, MARGIN, TEXT_SIZE, false, false, &mut next);
            }
            Block::Lead { lead, text: rest } => {
                let lead_width = faces.width(lead, TEXT_SIZE, true) + 4.0;
                let leads = faces.wrap(lead, TEXT_SIZE, true, width);
                if lead_width <= width * LEAD_SHARE {
                    // A short lead-in: the text hangs beside it.
                    let lines = faces.wrap(rest, TEXT_SIZE, false, width - lead_width);
                    let mut first = next;
                    text(leads, MARGIN, TEXT_SIZE, true, false, &mut first);
                    text(
                        lines,
                        MARGIN + lead_width,
                        TEXT_SIZE,
                        false,
                        false,
                        &mut next,
                    );
                    next = next.max(first);
                } else {
                    // A long one reads as a heading of its own, the text below it.
                    text(leads, MARGIN, TEXT_SIZE, true, false, &mut next);
                    let lines = faces.wrap(rest, TEXT_SIZE, false, width);
                    text(lines, MARGIN, TEXT_SIZE, false, false, &mut next);
                }
            }
            Block::Item { text: t, depth } => {
                let x = MARGIN + INDENT * f32::from(*depth);
                let mut dash = next;
                text(vec!["–".into()], x, TEXT_SIZE, false, false, &mut dash);
                let lines = faces.wrap(t, TEXT_SIZE, false, width - (x - MARGIN) - INDENT);
                text(lines, x + INDENT, TEXT_SIZE, false, false, &mut next);
            }
            Block::Note(t) => {
                let lines = faces.wrap(t, NOTE_SIZE, false, width);
                text(lines, MARGIN, NOTE_SIZE, false, true, &mut next);
            }
            Block::Figure {
                svg,
                width: w,
                height: h,
            } => {
                let height = width * h / w;
                placed.push(Mark::Figure {
                    svg,
                    size: (*w, *h),
                    y: next + 4.0,
                    height,
                });
                next += height + 8.0;
            }
        }
        let last = i + 1 == page.blocks.len();
        // Room is kept for the overflow line unless this is the last block.
        let limit = if last { bottom } else { bottom - note_line };
        if next > limit {
            let overflow = faces.wrap(&page.overflow, NOTE_SIZE, false, width);
            if let Some(text) = overflow.into_iter().next() {
                marks.push(Mark::Line(Line {
                    x: MARGIN,
                    y: y + note_line - NOTE_SIZE * 0.3,
                    text,
                    size: NOTE_SIZE,
                    bold: false,
                    muted: true,
                }));
            }
            return marks;
        }
        marks.extend(placed);
        y = next;
    }
    marks
}

/// Text for an XML attribute or element.
fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

fn hex((r, g, b): (u8, u8, u8)) -> String {
    format!("#{r:02x}{g:02x}{b:02x}")
}

/// A figure's own SVG, its root element replaced by one that places it at (`x`, `y`), `width`
/// wide, keeping its own coordinates.
fn placed_figure(
    svg: &str,
    (own_w, own_h): (f32, f32),
    (x, y): (f32, f32),
    (w, h): (f32, f32),
) -> String {
    let root = svg
        .find("<svg")
        .and_then(|start| svg[start..].find('>').map(|end| (start, start + end + 1)));
    let Some((_, end)) = root else {
        return String::new();
    };
    format!(
        "<svg x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {own_w} {own_h}\" xmlns=\"http://www.w3.org/2000/svg\">{}",
        &svg[end..]
    )
}

/// One page as an SVG document in points: its text lines, rules and figures.
fn page_svg(marks: &[Mark<'_>], (page_width, page_height): (f32, f32)) -> String {
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{page_width}\" height=\"{page_height}\" viewBox=\"0 0 {page_width} {page_height}\" font-family=\"DejaVu Sans\">"
    );
    let width = page_width - 2.0 * MARGIN;
    for mark in marks {
        // Writing to a String cannot fail.
        let _ = match mark {
            Mark::Line(line) => write!(
                svg,
                "<text x=\"{}\" y=\"{}\" font-size=\"{}\" font-weight=\"{}\" fill=\"{}\">{}</text>",
                line.x,
                line.y,
                line.size,
                if line.bold { "bold" } else { "normal" },
                hex(if line.muted { MUTED } else { INK }),
                xml(&line.text)
            ),
            Mark::Rule { y } => write!(
                svg,
                "<line x1=\"{MARGIN}\" y1=\"{y}\" x2=\"{}\" y2=\"{y}\" stroke=\"{}\" stroke-width=\"0.6\"/>",
                page_width - MARGIN,
                hex(MUTED)
            ),
            Mark::Figure { svg: figure, size, y, height } => {
                svg.push_str(&placed_figure(figure, *size, (MARGIN, *y), (width, *height)));
                Ok(())
            }
        };
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    fn faces() -> Faces {
        Faces::load().expect("the embedded fonts load")
    }

    #[test]
    fn wrapped_lines_fit_the_width_and_keep_every_word() {
        let faces = faces();
        let text = "Alignment decays as soon as the meeting ends, so it is a habit and not an \
                    event; teams want clarity more than autonomy.";
        let lines = faces.wrap(text, TEXT_SIZE, false, 150.0);
        assert!(lines.len() > 2, "{lines:?}");
        for line in &lines {
            assert!(faces.width(line, TEXT_SIZE, false) <= 150.0, "{line}");
        }
        assert_eq!(lines.join(" "), text);
    }

    #[test]
    fn a_word_wider_than_the_line_is_broken() {
        let faces = faces();
        let lines = faces.wrap(&"x".repeat(200), TEXT_SIZE, false, 100.0);
        assert!(lines.len() > 1);
        assert_eq!(lines.concat(), "x".repeat(200));
    }

    #[test]
    fn blocks_that_do_not_fit_give_way_to_the_overflow_line() {
        let faces = faces();
        let page = Page {
            blocks: (0..200).map(|i| Block::Text(format!("line {i}"))).collect(),
            overflow: "More in Bearing.".into(),
        };
        let marks = layout(&page, &faces, Paper::A4.size());
        let texts: Vec<&str> = marks
            .iter()
            .filter_map(|m| match m {
                Mark::Line(l) => Some(l.text.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(texts.last(), Some(&"More in Bearing."));
        assert!(texts.len() < 200);
        let bottom = Paper::A4.size().1 - MARGIN;
        for mark in &marks {
            if let Mark::Line(l) = mark {
                assert!(l.y <= bottom, "{} at {}", l.text, l.y);
            }
        }
    }

    #[test]
    fn user_text_is_escaped_and_control_characters_dropped() {
        let faces = faces();
        let page = Page {
            blocks: vec![Block::Text("<script>&\"'\u{1}</script> a\tb".into())],
            overflow: String::new(),
        };
        let svg = page_svg(&layout(&page, &faces, Paper::A4.size()), Paper::A4.size());
        assert!(
            svg.contains("&lt;script&gt;&amp;&quot;&apos;&lt;/script&gt; a b"),
            "{svg}"
        );
        assert!(!svg.contains('\u{1}'));
        usvg::Tree::from_str(&svg, &svg_options()).expect("the page is well-formed SVG");
    }

    #[test]
    fn a_document_renders_to_a_pdf_of_its_pages() {
        let document = Document {
            title: "A title".into(),
            date: NaiveDate::from_ymd_opt(2026, 3, 31).expect("a date"),
            pages: vec![
                Page {
                    blocks: vec![Block::Title("One".into())],
                    overflow: String::new(),
                },
                Page {
                    blocks: vec![Block::Text("Two".into())],
                    overflow: String::new(),
                },
            ],
        };
        let pdf = render(&document, Paper::A4).expect("rendered");
        assert!(pdf.starts_with(b"%PDF-"));
        let text = String::from_utf8_lossy(&pdf);
        assert_eq!(
            text.matches("/Type /Page\n").count()
                + text.matches("/Type /Page/").count()
                + text.matches("/Type /Page ").count(),
            2,
            "two pages"
        );
        assert!(text.contains("(A title)"), "the title in the metadata");
        assert!(text.contains("D:20260331"), "the date in the metadata");
    }

    #[test]
    fn letter_and_a4_differ_in_size() {
        assert_ne!(Paper::A4.size(), Paper::Letter.size());
    }
}
