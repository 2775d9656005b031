//! The session report from the window: History → Export → "Session report (PDF)…" writes a PDF
//! about the person shown, without their private notes unless the tick box asks for them.

use std::process::Command;

use crate::driver;
use crate::{map_err, saved_file, seed_history, start_with, wait_for_history_charts};

/// The text of a PDF, by Poppler's pdftotext.
fn pdf_text(pdf: &std::path::Path) -> driver::Result<String> {
    let output = Command::new("pdftotext")
        .arg(pdf)
        .arg("-")
        .output()
        .map_err(map_err)?;
    if !output.status.success() {
        return Err(format!(
            "pdftotext: {}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

#[test]
fn the_history_screen_saves_a_session_report() -> driver::Result<()> {
    let temp = tempfile::tempdir().map_err(map_err)?;
    let db = temp.path().join("bearing.db");
    let exports = temp.path().join("exports");
    std::fs::create_dir(&exports).map_err(map_err)?;
    seed_history(&db, 3)?;
    let session = start_with(&temp, &db, &[("BEARING_TEST_SAVE_DIR", &exports)])?;
    session.click("#nav-history")?;
    session.wait_for_js(
        "the export card",
        "return !document.getElementById('view-history').hidden && !document.getElementById('history-export').hidden",
    )?;
    wait_for_history_charts(&session)?;
    session.click("#export-report")?;
    session.wait_for_js(
        "the report to be saved",
        "return document.getElementById('export-status').textContent.includes('.pdf')",
    )?;
    let pdf = saved_file(&exports, "pdf")?;
    let bytes = std::fs::read(&pdf).map_err(map_err)?;
    assert!(bytes.starts_with(b"%PDF-"), "{}", pdf.display());
    let text = pdf_text(&pdf)?;
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains("Session report:"), "{text}");
    assert!(flat.contains("3 own assessments"), "{text}");
    assert!(flat.contains("Private notes: not included"), "{text}");
    Ok(())
}
