//! The session report as `bearing report` writes it, read back with the tools a reader's
//! computer has: qpdf checks the file, Poppler extracts its text, lists its fonts and metadata, and
//! renders page one.

use std::path::Path;
use std::process::Command;

use serde_json::{json, Value};

use crate::support::{snapshot, Answers, Pixels, Sandbox};
use bearing_lib::domain::Quadrant;

/// Runs a Poppler or qpdf tool; its standard output.
fn tool(program: &str, args: &[&str]) -> String {
    let output = Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| {
            panic!("{program} (poppler-utils, qpdf; .ci/lib.sh installs them): {e}")
        });
    assert!(
        output.status.success(),
        "{program} {args:?}: {}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

fn text_of(pdf: &Path) -> String {
    tool("pdftotext", &["-layout", pdf.to_str().unwrap(), "-"])
}

/// Ada: an assessment with a note, a commitment, a second assessment reviewing it (with a private
/// review note) towards Impact Galore, a new commitment, and a coach's view.
fn ada() -> Sandbox {
    let s = Sandbox::new();
    s.ok(&["profile", "add", "Ada"]);
    let first = Answers::varied(1)
        .with("note", "SECRET-ASSESSMENT-NOTE")
        .write(&s.path("first.json"));
    s.ok(&[
        "--profile",
        "Ada",
        "assess",
        "--answers",
        &first,
        "--date",
        "2025-04-02",
    ]);
    let actions = s.json(&["actions", "--json"]);
    let ids: Vec<String> = actions
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap().to_string())
        .collect();
    s.ok(&["--profile", "Ada", "commit", &ids[0]]);
    let reviews = s.write_json(
        "reviews.json",
        &json!({ &ids[0]: {"status": "partly", "note": "SECRET-REVIEW-NOTE"} }),
    );
    let second = Answers::toward(Quadrant::ImpactGalore).write(&s.path("second.json"));
    s.ok(&[
        "--profile",
        "Ada",
        "assess",
        "--answers",
        &second,
        "--date",
        "2025-05-02",
        "--reviews",
        &reviews,
    ]);
    s.ok(&["--profile", "Ada", "commit", &ids[1]]);
    let blank = s.path("blank.json");
    let filled = s.path("filled.json");
    s.ok(&[
        "--profile",
        "Ada",
        "sheet",
        "--rater",
        "coach",
        "--out",
        blank.to_str().unwrap(),
    ]);
    let coach = Answers::varied(3).for_others().write(&s.path("coach.json"));
    s.ok(&[
        "rate",
        blank.to_str().unwrap(),
        "--answers",
        &coach,
        "--date",
        "2025-05-03",
        "--name",
        "Sam Lee",
        "--out",
        filled.to_str().unwrap(),
    ]);
    s.ok(&["import-sheet", filled.to_str().unwrap()]);
    s
}

/// The latest own assessment's focus and autonomy as the history prints them (one decimal).
fn latest_numbers(s: &Sandbox) -> (String, String) {
    let history = s.json(&["--profile", "Ada", "history", "--format", "json"]);
    let own = history
        .as_array()
        .unwrap()
        .iter()
        .rev()
        .find(|r| r["rater"] == "self")
        .unwrap();
    let number = |v: &Value| format!("{:.1}", v.as_f64().unwrap());
    (number(&own["focus"]), number(&own["autonomy"]))
}

/// The titles of the two actions [`ada`] commits to (the first two growth actions).
fn commitment_titles(s: &Sandbox) -> Vec<String> {
    let actions = s.json(&["actions", "--json"]);
    actions.as_array().unwrap()[..2]
        .iter()
        .map(|a| a["title"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn the_report_is_a_checked_pdf_with_the_person_quadrant_numbers_and_commitments() {
    let s = ada();
    let pdf = s.path("report.pdf");
    s.ok(&["--profile", "Ada", "report", "--out", pdf.to_str().unwrap()]);

    tool("qpdf", &["--check", pdf.to_str().unwrap()]);
    let text = text_of(&pdf);
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains("Session report: Ada"), "{text}");
    assert!(flat.contains("Impact Galore"), "{text}");
    let (focus, autonomy) = latest_numbers(&s);
    assert!(
        flat.contains(&format!("focus {focus}")),
        "focus {focus}: {text}"
    );
    assert!(
        flat.contains(&format!("autonomy {autonomy}")),
        "autonomy {autonomy}: {text}"
    );
    let titles = commitment_titles(&s);
    assert_eq!(titles.len(), 2, "{titles:?}");
    for title in &titles {
        let words = title.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(flat.contains(&words), "commitment `{title}`: {text}");
    }
    assert!(flat.contains("Partly"), "the review: {text}");
    assert!(flat.contains("Coach · Sam Lee"), "the coach's gap: {text}");
    assert!(flat.contains("Private notes: not included"), "{text}");
    assert!(
        !text.contains("SECRET"),
        "a note without --include-notes: {text}"
    );

    let info = tool("pdfinfo", &[pdf.to_str().unwrap()]);
    assert!(
        info.contains("Title:") && info.contains("Bearing session report: Ada"),
        "{info}"
    );
    assert!(info.contains("CreationDate:"), "{info}");
    assert!(
        info.lines()
            .any(|l| l.starts_with("Pages:") && l.ends_with(" 2")),
        "{info}"
    );

    let fonts = tool("pdffonts", &[pdf.to_str().unwrap()]);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(!rows.is_empty(), "{fonts}");
    for row in rows {
        // name, type (may be two words), encoding, then emb sub uni: the first is `emb`.
        let cells: Vec<&str> = row.split_whitespace().collect();
        let emb = cells[cells.len() - 5];
        assert_eq!(emb, "yes", "not embedded: {row}");
    }
}

#[test]
fn notes_are_in_the_report_only_when_asked_for_and_page_one_says_so() {
    let s = ada();
    let pdf = s.path("notes.pdf");
    s.ok(&[
        "--profile",
        "Ada",
        "report",
        "--include-notes",
        "--paper",
        "letter",
        "--out",
        pdf.to_str().unwrap(),
    ]);
    let first = tool(
        "pdftotext",
        &["-f", "1", "-l", "1", pdf.to_str().unwrap(), "-"],
    );
    let first = first.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(first.contains("Private notes: included"), "{first}");
    let text = text_of(&pdf);
    assert!(text.contains("SECRET-ASSESSMENT-NOTE"), "{text}");
    assert!(text.contains("SECRET-REVIEW-NOTE"), "{text}");
    let info = tool("pdfinfo", &[pdf.to_str().unwrap()]);
    assert!(info.contains("612 x 792 pts"), "US Letter: {info}");
}

#[test]
fn page_one_shows_the_progress_card_below_the_title_across_the_page() {
    let s = ada();
    let pdf = s.path("card.pdf");
    s.ok(&["--profile", "Ada", "report", "--out", pdf.to_str().unwrap()]);
    let prefix = s.path("page");
    // 72 dpi: one pixel per point; A4 is 595 × 842.
    tool(
        "pdftoppm",
        &[
            "-png",
            "-r",
            "72",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            pdf.to_str().unwrap(),
            prefix.to_str().unwrap(),
        ],
    );
    let page = Pixels::decode(&std::fs::read(s.path("page.png")).unwrap());
    // The card's quadrant fills and data colours are the only colour on the page: text and
    // rules are black and grey.
    let (mut left, mut top, mut right, mut bottom) = (u32::MAX, u32::MAX, 0, 0);
    for y in 0..page.height {
        for x in 0..page.width {
            let [r, g, b] = page.at(x, y);
            let spread = r.max(g).max(b) - r.min(g).min(b);
            if spread > 24 {
                (left, top, right, bottom) = (left.min(x), top.min(y), right.max(x), bottom.max(y));
            }
        }
    }
    assert!(
        top > 60 && top < 160,
        "the card starts below the title: top {top}"
    );
    assert!(
        bottom < 450,
        "the card ends in the upper half: bottom {bottom}"
    );
    assert!(
        (48..120).contains(&left),
        "the map is at the left margin: left {left}"
    );
    assert!(
        right > 400 && right <= 547,
        "the timeline reaches the right: right {right}"
    );
}

#[test]
fn a_ten_year_history_still_fits_two_pages() {
    let s = Sandbox::new();
    s.ok(&["profile", "add", "Ada"]);
    let mut date = chrono::NaiveDate::from_ymd_opt(2015, 6, 1).unwrap();
    for n in 0..120 {
        let answers = Answers::varied(n % 7).write(&s.path(format!("a{n}.json")));
        s.ok(&[
            "--profile",
            "Ada",
            "assess",
            "--answers",
            &answers,
            "--date",
            &date.to_string(),
        ]);
        date = date.checked_add_months(chrono::Months::new(1)).unwrap();
    }
    let pdf = s.path("long.pdf");
    s.ok(&[
        "--profile",
        "Ada",
        "report",
        "--include-notes",
        "--out",
        pdf.to_str().unwrap(),
    ]);
    tool("qpdf", &["--check", pdf.to_str().unwrap()]);
    let info = tool("pdfinfo", &[pdf.to_str().unwrap()]);
    assert!(
        info.lines()
            .any(|l| l.starts_with("Pages:") && l.ends_with(" 2")),
        "{info}"
    );
    let text = text_of(&pdf);
    assert!(text.contains("120 own assessments"), "{text}");
}

#[test]
fn a_refused_report_writes_nothing_and_says_why() {
    let s = ada();
    s.ok(&["profile", "add", "Bo"]);
    let cases: [(Vec<&str>, &[&str]); 4] = [
        (
            vec!["--profile", "Ada", "report", "--out", "r.txt"],
            &["r.txt", ".pdf", "--out"],
        ),
        (
            vec![
                "--profile",
                "Ada",
                "report",
                "--out",
                "r.pdf",
                "--from",
                "2025-06-01",
                "--to",
                "2025-01-01",
            ],
            &["--from 2025-06-01 is after --to 2025-01-01"],
        ),
        (
            vec![
                "--profile",
                "Ada",
                "report",
                "--out",
                "r.pdf",
                "--to",
                "2024-01-01",
            ],
            &[
                "`Ada` has no assessment of their own in this period",
                "--from/--to",
            ],
        ),
        (
            vec!["--profile", "Bo", "report", "--out", "r.pdf"],
            &["`Bo` has no assessment", "bearing assess"],
        ),
    ];
    for (args, needles) in cases {
        let before = snapshot(s.root());
        let output = s.run(&args);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!output.status.success(), "{args:?} was accepted");
        for needle in needles {
            assert!(
                stderr.contains(needle),
                "{args:?}: `{needle}` not in {stderr}"
            );
        }
        assert_eq!(snapshot(s.root()), before, "{args:?}: files changed");
    }
}
