//! End-to-end tests: the real Bearing window in WebKitWebView, driven through tauri-driver and
//! WebKitWebDriver under Xvfb. Run by `bash .ci/test`; screenshots go to `target/e2e/`.

mod driver;

use std::path::PathBuf;
use std::time::Duration;

use bearing_lib::domain::{self, questionnaire, AnswerSheet, Quadrant};
use bearing_lib::ops;
use bearing_lib::storage::Storage;
use serde_json::json;

use driver::Session;

/// Where screenshots are kept for people to look at (named in the README).
fn screenshot_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/e2e")
}

/// An answer for each statement that pulls toward high focus and low autonomy, with some middle
/// answers so the position is not at an extreme.
fn planned_answer(item: &questionnaire::Item, index: usize) -> u8 {
    let pull = item.focus - item.autonomy;
    match (pull > 0.0, index % 3) {
        (true, 0) => 4,
        (true, _) => 5,
        (false, 0) => 2,
        (false, _) => 1,
    }
}

#[test]
fn assessment_flow_from_questionnaire_to_history() -> driver::Result<()> {
    let temp = tempfile::tempdir().map_err(|e| e.to_string())?;
    let db = temp.path().join("bearing.db");
    let home = temp.path().join("home");
    std::fs::create_dir_all(&home).map_err(|e| e.to_string())?;
    let app = PathBuf::from(env!("CARGO_BIN_EXE_bearing"));
    let session = Session::start(
        &app,
        &[
            ("BEARING_DB", &db),
            ("HOME", &home),
            ("XDG_DATA_HOME", &home),
        ],
    )?;

    // The questionnaire is the first screen.
    session.wait_for_js(
        "the first statement",
        "return document.getElementById('q-statement').textContent",
    )?;
    let q = questionnaire::current();
    let shown = session.script(
        "return document.querySelectorAll('#q-dots .dot').length",
        json!([]),
    )?;
    assert_eq!(
        shown,
        json!(q.items.len()),
        "one progress dot per statement"
    );
    let submit_disabled = session.script(
        "return document.getElementById('q-submit').disabled",
        json!([]),
    )?;
    assert_eq!(
        submit_disabled,
        json!(true),
        "an empty questionnaire cannot be submitted"
    );

    // Answer every statement: odd ones by clicking, even ones by typing the digit.
    let mut answers = std::collections::BTreeMap::new();
    for (index, item) in q.items.iter().enumerate() {
        let on_screen = session.wait_for_js(
            &format!("statement {index}"),
            &format!("const c = document.getElementById('q-card'); return c.dataset.index === '{index}' && document.getElementById('q-statement').textContent"),
        )?;
        assert_eq!(
            on_screen,
            json!(item.text),
            "statement {index} shows its text"
        );
        let value = planned_answer(item, index);
        answers.insert(item.id.clone(), value);
        if index % 2 == 0 {
            session.press(&value.to_string())?;
        } else {
            session.click(&format!("#q-scale .option[data-value='{value}']"))?;
        }
    }
    session.wait_for_js(
        "the submit button to be enabled",
        "return !document.getElementById('q-submit').disabled",
    )?;
    let count = session.text("#q-count")?;
    assert_eq!(count, format!("{0} of {0} answered", q.items.len()));
    session.click("#q-submit")?;

    // The result screen shows what the Rust scoring gives for these answers.
    let expected =
        domain::score(&AnswerSheet::from_values(q, &answers).map_err(|e| e.to_string())?);
    assert_eq!(
        expected.quadrant,
        Quadrant::GlorifiedManager,
        "the planned answers aim at high focus, low autonomy"
    );
    let quadrant = session.wait_for_js(
        "the result",
        "const v = document.getElementById('view-result'); return !v.hidden && document.getElementById('result-quadrant').textContent",
    )?;
    assert_eq!(quadrant, json!(expected.quadrant.info().name));
    assert_eq!(
        session.text("#result-focus")?,
        format!("{:.1}", expected.focus)
    );
    assert_eq!(
        session.text("#result-autonomy")?,
        format!("{:.1}", expected.autonomy)
    );
    let map = session.wait_for_js(
        "the map image",
        "const i = document.getElementById('result-map'); return i.complete && i.naturalWidth > 0 && i.src",
    )?;
    assert!(
        map.as_str().unwrap_or_default().starts_with("blob:"),
        "the map is shown from a blob URL: {map}"
    );
    session.screenshot(&screenshot_dir().join("assessment-result.png"))?;

    // The report under the result: why here, nothing to compare with yet, suggestions from Rust.
    let report =
        ops::score_report(&AnswerSheet::from_values(q, &answers).map_err(|e| e.to_string())?);
    let shown = session.script(
        "return { why: document.querySelectorAll('#why-focus li').length, \
                  firstMonth: !document.getElementById('moved-none').hidden, \
                  actions: [...document.querySelectorAll('#suggestions li.suggestion')].map(li => li.dataset.action) }",
        json!([]),
    )?;
    assert_eq!(shown["why"], json!(report.report.why_here.focus.len()));
    assert_eq!(
        shown["firstMonth"],
        json!(true),
        "the first assessment has nothing to compare with"
    );
    let expected_actions: Vec<&str> = report
        .report
        .suggestions
        .iter()
        .map(|s| s.action.id.as_str())
        .collect();
    assert_eq!(
        shown["actions"],
        json!(expected_actions),
        "the window shows Rust's ranking, in order"
    );

    // History lists the new assessment, and the database holds it.
    session.click("#result-history")?;
    let rows = session.wait_for_js(
        "the history rows",
        "const v = document.getElementById('view-history'); return !v.hidden && document.querySelectorAll('#history-rows tr').length",
    )?;
    assert_eq!(rows, json!(1));
    let row = session.text("#history-rows tr")?;
    assert!(
        row.contains(&expected.quadrant.info().name),
        "history row `{row}` names the quadrant"
    );
    assert!(
        row.contains(&format!("{:.1}", expected.focus)),
        "history row `{row}` shows the focus"
    );
    session.wait_for_js(
        "the history map",
        "const i = document.getElementById('history-map'); return i.complete && i.naturalWidth > 0",
    )?;
    session.screenshot(&screenshot_dir().join("history.png"))?;
    drop(session);

    let storage = Storage::open(&db).map_err(|e| e.to_string())?;
    let saved = storage
        .assessments(bearing_lib::storage::DEFAULT_PROFILE_ID)
        .map_err(|e| e.to_string())?;
    assert_eq!(saved.len(), 1);
    assert_eq!(
        saved[0].answers, answers,
        "the raw answers are stored as given"
    );
    assert_eq!(
        (saved[0].summary.focus, saved[0].summary.autonomy),
        (expected.focus, expected.autonomy)
    );
    Ok(())
}

#[test]
fn keyboard_moves_between_statements_and_keeps_answers() -> driver::Result<()> {
    let temp = tempfile::tempdir().map_err(|e| e.to_string())?;
    let db = temp.path().join("bearing.db");
    let app = PathBuf::from(env!("CARGO_BIN_EXE_bearing"));
    let session = Session::start(
        &app,
        &[
            ("BEARING_DB", &db),
            ("HOME", temp.path()),
            ("XDG_DATA_HOME", temp.path()),
        ],
    )?;
    let index = |s: &Session| {
        s.script(
            "return document.getElementById('q-card').dataset.index",
            json!([]),
        )
    };
    session.wait_for_js(
        "the first statement",
        "return document.getElementById('q-statement').textContent",
    )?;

    session.press("4")?;
    session.wait_for("the move to statement 2", Duration::from_secs(5), |s| {
        Ok((index(s)? == json!("1")).then_some(()))
    })?;
    session.press("\u{E012}")?; // ArrowLeft
    session.wait_for("the move back", Duration::from_secs(5), |s| {
        Ok((index(s)? == json!("0")).then_some(()))
    })?;
    let checked = session.script(
        "return document.querySelector('#q-scale .option[aria-checked=\"true\"]').dataset.value",
        json!([]),
    )?;
    assert_eq!(checked, json!("4"), "the earlier answer is still selected");
    session.press("\u{E014}")?; // ArrowRight
    session.wait_for("the move forward", Duration::from_secs(5), |s| {
        Ok((index(s)? == json!("1")).then_some(()))
    })?;
    session.press("\u{E007}")?; // Enter on an unanswered statement stays put
    assert_eq!(index(&session)?, json!("1"));
    let total = questionnaire::current().items.len();
    assert_eq!(session.text("#q-count")?, format!("1 of {total} answered"));

    // After a click, focus stays on the answer button; Enter must not answer the next statement.
    session.click("#q-scale .option[data-value='2']")?;
    session.wait_for("the move to statement 3", Duration::from_secs(5), |s| {
        Ok((index(s)? == json!("2")).then_some(()))
    })?;
    session.press("\u{E007}")?;
    std::thread::sleep(Duration::from_millis(400));
    assert_eq!(index(&session)?, json!("2"));
    assert_eq!(session.text("#q-count")?, format!("2 of {total} answered"));
    Ok(())
}
