//! End-to-end tests: the real Bearing window in WebKitWebView, driven through tauri-driver and
//! WebKitWebDriver under Xvfb. Run by `bash .ci/test`; screenshots go to `target/e2e/`.

mod a11y;
mod coaching;
mod driver;
mod importing;
mod keyboard;
mod payloads;
mod recovery;
mod reminders;
mod report;
mod syncthing;
mod versions;

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

    // Home is the first screen; on a fresh database it invites the first assessment.
    session.wait_for_js(
        "the home screen",
        "return !document.getElementById('view-home').hidden && !document.getElementById('home-first').hidden && document.getElementById('home-start').textContent",
    )?;
    session.screenshot(&screenshot_dir().join("home-first-run.png"))?;
    session.click("#home-start")?;
    session.wait_for_js(
        "the first statement",
        "return !document.getElementById('view-questionnaire').hidden && document.getElementById('q-statement').textContent",
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
    session.screenshot(&screenshot_dir().join("assessment-result.png"))?;
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
        ops::score_report(&AnswerSheet::from_values(q, &answers).map_err(|e| e.to_string())?)
            .map_err(map_err)?;

    // How sure the headline is: Rust's certainty, the four quadrants by name with their
    // probabilities, most likely first, and each axis's interval beside its score.
    let measured = serde_json::to_value(&report.report).map_err(map_err)?;
    assert_eq!(measured["certainty"], json!("clear"), "{measured}");
    assert_eq!(
        session.script(
            "return document.getElementById('result-quadrant').dataset.certainty",
            json!([])
        )?,
        json!("clear")
    );
    let chances = session.script(
        "return [...document.querySelectorAll('#result-probabilities li')].map(li => [li.dataset.quadrant, li.querySelector('.prob-name').textContent, li.querySelector('.prob-value').textContent])",
        json!([]),
    )?;
    let chances = chances.as_array().cloned().unwrap_or_default();
    assert_eq!(chances.len(), 4, "four quadrants: {chances:?}");
    assert_eq!(
        chances[0][0],
        json!(expected.quadrant.slug()),
        "the likeliest first"
    );
    assert_eq!(chances[0][2], json!(">99%"), "{chances:?}");
    for quadrant in Quadrant::ALL {
        let row = chances
            .iter()
            .find(|c| c[0] == json!(quadrant.slug()))
            .ok_or(format!("{} is listed", quadrant.slug()))?;
        assert_eq!(
            row[1],
            json!(quadrant.info().name),
            "named as Rust names it"
        );
        let p = measured["quadrant_probabilities"][quadrant.slug()]
            .as_f64()
            .unwrap_or(f64::NAN);
        let shown = row[2].as_str().unwrap_or_default();
        let whole = (p * 100.0).round();
        let expected_text = if whole <= 0.0 && p > 0.0 {
            "<1%".to_string()
        } else if whole >= 100.0 && p < 1.0 {
            ">99%".to_string()
        } else {
            format!("{whole}%")
        };
        assert_eq!(shown, expected_text, "{} at {p}", quadrant.slug());
    }
    let interval = &measured["uncertainty"]["focus"];
    assert_eq!(
        session.text("#result-focus-range")?,
        format!(
            "({:.1}–{:.1})",
            interval["low"].as_f64().unwrap_or_default(),
            interval["high"].as_f64().unwrap_or_default()
        )
    );
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
fn a_sheet_of_middle_answers_is_centre_and_provisional_until_confirmed() -> driver::Result<()> {
    let temp = tempfile::tempdir().map_err(map_err)?;
    let (session, db) = start_on(&temp)?;
    wait_for_home(&session)?;
    session.click("#home-start")?;
    let answers = answer_by_keys(&session, 0, |_, _| 3)?;
    session.click("#q-submit")?;

    // All 3s sits at (50, 50): no quadrant is more likely than not, so none is named.
    let headline = session.wait_for_js(
        "the result",
        "const v = document.getElementById('view-result'); return !v.hidden && document.getElementById('result-quadrant').textContent",
    )?;
    assert_eq!(headline, json!("Centre: no clear quadrant yet"));
    let q = questionnaire::current();
    let report = ops::score_report(&AnswerSheet::from_values(q, &answers).map_err(map_err)?)
        .map_err(map_err)?;
    let measured = serde_json::to_value(&report.report).map_err(map_err)?;
    assert_eq!(measured["certainty"], json!("centre"));
    let ranked = measured["headline"]["ranked"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let name = |slug: &serde_json::Value| {
        Quadrant::ALL
            .into_iter()
            .find(|q| json!(q.slug()) == *slug)
            .map(|q| q.info().name.clone())
            .unwrap_or_default()
    };
    assert_eq!(
        session.text("#result-nearest")?,
        format!("Nearest: {} and {}.", name(&ranked[0]), name(&ranked[1])),
        "the centre names the two nearest quadrants instead of one"
    );
    let chances = session.script(
        "return [...document.querySelectorAll('#result-probabilities li .prob-value')].map(v => v.textContent)",
        json!([]),
    )?;
    assert_eq!(chances, json!(["25%", "25%", "25%", "25%"]));

    // The sheet is flagged: provisional, each flag's message shown, a button to confirm it.
    let flags: Vec<serde_json::Value> = measured["flags"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|f| json!([f["flag"], f["message"]]))
        .collect();
    assert!(!flags.is_empty(), "all 3s raises flags: {measured}");
    let shown = session.script(
        "return { notice: !document.getElementById('result-flags').hidden, heading: document.getElementById('result-flags-heading').textContent, flags: [...document.querySelectorAll('#result-flag-list li')].map(li => [li.dataset.flag, li.textContent]), confirm: !document.getElementById('result-confirm').hidden }",
        json!([]),
    )?;
    assert_eq!(shown["notice"], json!(true));
    assert!(
        shown["heading"]
            .as_str()
            .unwrap_or_default()
            .starts_with("Provisional"),
        "{shown}"
    );
    assert_eq!(shown["flags"], json!(flags));
    assert_eq!(shown["confirm"], json!(true));
    a11y::assert_accessible(&session, "result, provisional")?;
    session.screenshot(&screenshot_dir().join("result-centre-provisional.png"))?;

    // "These answers are right": Rust stops treating the sheet as provisional.
    session.click("#result-confirm")?;
    let confirmed = session.wait_for_js(
        "the confirmed result",
        "return document.getElementById('result-confirm').hidden && document.getElementById('result-flags-heading').textContent",
    )?;
    assert_eq!(confirmed, json!("You confirmed these answers"));
    assert_eq!(
        session.text("#result-quadrant")?,
        "Centre: no clear quadrant yet"
    );

    // How reliable is this? One section per axis and the leader's own series, from Rust.
    session.click("#result-reliability")?;
    let axes = session.wait_for_js(
        "the reliability screen",
        "return !document.getElementById('view-reliability').hidden && document.querySelectorAll('#reliability-axes .reliability-axis').length",
    )?;
    // The version in use only: nobody here answered an earlier one.
    assert_eq!(axes, json!(2));
    let focus = session.text("#reliability-axes .reliability-axis[data-axis='focus']")?;
    assert!(
        focus.contains("from Bearing's starting estimate") && focus.contains("of the 30"),
        "{focus}"
    );
    let own = session.text("#reliability-own-text")?;
    assert!(own.contains("1 of 5"), "{own}");
    session.screenshot(&screenshot_dir().join("reliability.png"))?;
    session.click("#reliability-back")?;
    session.wait_for_js(
        "the result again",
        "return !document.getElementById('view-result').hidden && document.getElementById('result-quadrant').textContent",
    )?;
    // Home says no more than the result: the centre, not a quadrant.
    session.click(".nav-link[data-view='home']")?;
    let home = session.wait_for_js(
        "home with the latest assessment",
        "return !document.getElementById('view-home').hidden && !document.getElementById('home-latest').hidden && document.getElementById('home-latest-quadrant').textContent",
    )?;
    assert_eq!(home, json!("Centre: no clear quadrant yet"));
    drop(session);

    let storage = Storage::open(&db).map_err(map_err)?;
    let saved = storage
        .assessment_summaries(bearing_lib::storage::DEFAULT_PROFILE_ID)
        .map_err(map_err)?;
    assert!(!saved[0].provisional, "the confirmation was saved");
    Ok(())
}

#[test]
fn the_map_draws_the_uncertainty_cross_on_the_latest_point() -> driver::Result<()> {
    let temp = tempfile::tempdir().map_err(map_err)?;
    let db = temp.path().join("bearing.db");
    let ids = seed_history(&db, 3)?;
    let (session, _) = start_on(&temp)?;
    wait_for_home(&session)?;
    session.click("#home-open-latest")?;
    session.wait_for_js(
        "the latest result's map",
        "const i = document.getElementById('result-map'); return !document.getElementById('view-result').hidden && i.complete && i.naturalWidth > 0",
    )?;
    // The map on screen is an <img> of SVG text from Rust: ask for the same text through the
    // page's api and read the chart's words (a ±1 SEM cross comes with its legend).
    let words = session.script_async(
        "const done = arguments[arguments.length - 1];          import('./api.js').then(({ api }) => api.chartSvg('map', arguments[0], 'light'))            .then((svg) => { const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');                             done([...doc.querySelectorAll('text')].map(t => t.textContent)); },                  (e) => done('failed: ' + e.message));",
        json!([ids[2]]),
    )?;
    let words = words.as_array().cloned().unwrap_or_default();
    assert!(
        words
            .iter()
            .any(|w| w.as_str().unwrap_or_default().contains("±1 SEM")),
        "the map's legend names the ±1 SEM cross: {words:?}"
    );
    session.screenshot(&screenshot_dir().join("result-map-cross.png"))?;
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
    wait_for_home(&session)?;
    session.click("#home-start")?;
    session.wait_for_js(
        "the first statement",
        "return !document.getElementById('view-questionnaire').hidden && document.getElementById('q-statement').textContent",
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

/// Opens a screen from the top bar and waits until it shows.
fn open_screen(session: &Session, name: &str) -> driver::Result<()> {
    session.click(&format!("#nav-{name}"))?;
    session
        .wait_for_js(
            &format!("the {name} screen"),
            &format!("return !document.getElementById('view-{name}').hidden"),
        )
        .map(drop)
}

/// Waits for the first screen, Home, to be ready.
fn wait_for_home(session: &Session) -> driver::Result<()> {
    session
        .wait_for_js(
            "the home screen",
            "return !document.getElementById('view-home').hidden && document.getElementById('home-start').textContent",
        )
        .map(drop)
}

/// Picks "Me" in the top bar's person switcher and waits for Me's home screen.
fn switch_to_me(session: &Session) -> driver::Result<()> {
    session.script(
        "const s = document.getElementById('profile-select'); s.value = [...s.options].find(o => o.text === 'Me').value; s.dispatchEvent(new Event('change'));",
        serde_json::json!([]),
    )?;
    session.wait_for_js(
        "home for Me",
        "return !document.getElementById('view-home').hidden && document.getElementById('home-eyebrow').textContent === 'Your bearing'",
    )?;
    Ok(())
}

/// Starts the app on a database in a fresh temporary folder.
fn start_on(temp: &tempfile::TempDir) -> driver::Result<(Session, PathBuf)> {
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
    Ok((session, db))
}

/// Waits until History's two charts have loaded: they push the cards below them down as they
/// arrive, so a click on the export card before then can land where a button was a moment ago.
fn wait_for_history_charts(session: &Session) -> driver::Result<()> {
    session
        .wait_for_js(
            "History's charts",
            "const loaded = (id) => { const i = document.getElementById(id); return i.complete && i.naturalWidth > 0; }; return !document.getElementById('view-history').hidden && loaded('history-map') && loaded('history-timeline')",
        )
        .map(drop)
}

/// Waits until statement `index` is on screen.
fn wait_for_statement(session: &Session, index: usize) -> driver::Result<()> {
    session
        .wait_for_js(
            &format!("statement {}", index + 1),
            &format!(
                "const v = document.getElementById('view-questionnaire'); return !v.hidden && v.dataset.ready === 'true' && !document.getElementById('q-statements').hidden && document.getElementById('q-card').dataset.index === '{index}'"
            ),
        )
        .map(drop)
}

/// Answers statements `from..` by typing digits, as `value` says; returns the answers given.
fn answer_by_keys(
    session: &Session,
    from: usize,
    value: impl Fn(&questionnaire::Item, usize) -> u8,
) -> driver::Result<std::collections::BTreeMap<String, u8>> {
    let all: Vec<&questionnaire::Item> = questionnaire::current().items.iter().collect();
    answer_items_by_keys(session, &all, from, value)
}

/// The statements another rater answers in the window: those they can see.
fn seen_items() -> Vec<&'static questionnaire::Item> {
    questionnaire::current()
        .items
        .iter()
        .filter(|i| i.observable)
        .collect()
}

/// Answers `items` (the statements the screen shows, in order) from the `from`th on by pressing
/// the digit `value` gives; returns the answers by statement id.
fn answer_items_by_keys(
    session: &Session,
    items: &[&questionnaire::Item],
    from: usize,
    value: impl Fn(&questionnaire::Item, usize) -> u8,
) -> driver::Result<std::collections::BTreeMap<String, u8>> {
    let mut answers = std::collections::BTreeMap::new();
    for (index, item) in items.iter().copied().enumerate().skip(from) {
        wait_for_statement(session, index)?;
        let v = value(item, index);
        session.press(&v.to_string())?;
        answers.insert(item.id.clone(), v);
    }
    session.wait_for_js(
        "the submit button to be enabled",
        "return !document.getElementById('q-submit').disabled",
    )?;
    Ok(answers)
}

/// Answers that pull toward high focus and high autonomy: a clear move from `planned_answer`.
fn grown_answer(item: &questionnaire::Item, _index: usize) -> u8 {
    if item.focus + item.autonomy > 0.0 {
        5
    } else {
        1
    }
}

fn map_err<E: std::fmt::Display>(e: E) -> String {
    e.to_string()
}

#[test]
fn commitments_are_reviewed_at_the_next_assessment() -> driver::Result<()> {
    let temp = tempfile::tempdir().map_err(map_err)?;
    let (session, db) = start_on(&temp)?;
    let q = questionnaire::current();

    // First assessment, with a note on the first statement and one on the month.
    wait_for_home(&session)?;
    session.click("#home-start")?;
    wait_for_statement(&session, 0)?;
    assert_eq!(
        session.script(
            "return document.getElementById('q-review').hidden",
            json!([])
        )?,
        json!(true),
        "nothing to review before the first assessment"
    );
    session.press("n")?;
    session.wait_for_js(
        "the note field",
        "return document.activeElement && document.activeElement.id === 'q-note'",
    )?;
    session.type_into("#q-note", "Board offsite took two weeks")?;
    session.press("\u{E00C}")?; // Escape: back to the answers
    session.wait_for_js(
        "focus back on the answers",
        "return document.activeElement && document.activeElement.classList.contains('option')",
    )?;
    let first = answer_by_keys(&session, 0, planned_answer)?;
    session.wait_for_js(
        "the month note",
        "return !document.getElementById('q-month-note').hidden",
    )?;
    session.type_into("#q-assessment-note", "A month of firefighting")?;
    session.click("#q-submit")?;
    session.wait_for_js(
        "the first result",
        "return !document.getElementById('view-result').hidden && document.querySelectorAll('#suggestions .commit-toggle').length",
    )?;
    let notes = session.text("#result-notes")?;
    assert!(
        notes.contains("A month of firefighting") && notes.contains("Board offsite took two weeks"),
        "the result shows both notes: {notes}"
    );

    // Commit to the first two suggestions.
    let chosen: Vec<String> = serde_json::from_value(session.script(
        "return [...document.querySelectorAll('#suggestions li.suggestion')].slice(0, 2).map(li => li.dataset.action)",
        json!([]),
    )?)
    .map_err(map_err)?;
    for (n, action) in chosen.iter().enumerate() {
        session.click(&format!(
            "#suggestions .commit-toggle[data-commit='{action}']"
        ))?;
        session.wait_for_js(
            &format!("commitment {}", n + 1),
            &format!("return document.querySelectorAll('#suggestions .commit-toggle[aria-pressed=\"true\"]').length === {}", n + 1),
        )?;
    }
    assert!(session.text("#commit-status")?.starts_with("2 of 3 chosen"));
    a11y::assert_accessible(&session, "result, with commitments chosen")?;
    session.screenshot(&screenshot_dir().join("result-committed.png"))?;

    // Home lists them.
    session.click("#nav-home")?;
    let listed = session.wait_for_js(
        "the commitments on the home screen",
        "const li = [...document.querySelectorAll('#home-commitments li.commitment')]; return !document.getElementById('view-home').hidden && li.length === 2 && li.map(l => l.dataset.action)",
    )?;
    assert_eq!(listed, json!(chosen), "home shows the commitments in order");
    session.screenshot(&screenshot_dir().join("home-commitments.png"))?;

    // Second assessment: the review comes first and must be complete to go on.
    session.click("#home-start")?;
    session.wait_for_js(
        "the review step",
        "return !document.getElementById('q-review').hidden && document.querySelectorAll('#q-review-list li').length === 2",
    )?;
    assert_eq!(
        session.script(
            "return document.getElementById('q-review-continue').disabled",
            json!([])
        )?,
        json!(true)
    );
    session.click(&format!(
        "#q-review-list li[data-action='{}'] [data-status='done']",
        chosen[0]
    ))?;
    session.type_into(
        &format!("#q-review-list li[data-action='{}'] textarea", chosen[0]),
        "Shared it with the CEO",
    )?;
    session.click(&format!(
        "#q-review-list li[data-action='{}'] [data-status='partly']",
        chosen[1]
    ))?;
    session.screenshot(&screenshot_dir().join("review-step.png"))?;
    session.wait_for_js(
        "the continue button",
        "return !document.getElementById('q-review-continue').disabled",
    )?;
    session.click("#q-review-continue")?;
    let second = answer_by_keys(&session, 0, grown_answer)?;
    session.click("#q-submit")?;
    session.wait_for_js(
        "the second result",
        "return !document.getElementById('view-result').hidden && !document.getElementById('result-reviewed').hidden",
    )?;

    // What moved matches Rust's comparison of the two answer sheets.
    let before = AnswerSheet::from_values(q, &first).map_err(map_err)?;
    let after = AnswerSheet::from_values(q, &second).map_err(map_err)?;
    // A new database: the prior standard errors.
    let sems = domain::measurement::prior_sems(q).map_err(map_err)?;
    let moved = domain::what_moved(&before, &after, (&sems, &sems), ops::MOVED_COUNT);
    let shown = session.script(
        "return [...document.querySelectorAll('#moved-axes li')].map(li => [li.dataset.axis, li.dataset.verdict, li.textContent])",
        json!([]),
    )?;
    let verdict =
        |c: &domain::explain::AxisChange| serde_json::to_value(c.verdict.verdict).map_err(map_err);
    assert_eq!(shown[0][0], json!("focus"));
    assert_eq!(shown[0][1], verdict(&moved.focus)?);
    assert_eq!(shown[1][1], verdict(&moved.autonomy)?);
    assert!(
        moved.autonomy.verdict.delta > 0.0,
        "the second answers move autonomy up"
    );
    let autonomy_line = shown[1][2].as_str().unwrap_or_default();
    assert!(
        autonomy_line.contains(&format!(
            "{:.1} → {:.1}",
            moved.autonomy.from, moved.autonomy.to
        )),
        "autonomy line `{autonomy_line}` shows both positions"
    );
    let changed = session.script(
        "return document.querySelectorAll('#moved-statements li').length",
        json!([]),
    )?;
    assert_eq!(changed, json!(moved.statements.len()));
    let reviewed = session.script(
        "return [...document.querySelectorAll('#reviewed-list li')].map(li => [li.dataset.action, li.querySelector('.status-badge').textContent])",
        json!([]),
    )?;
    assert_eq!(
        reviewed,
        json!([[chosen[0], "Done"], [chosen[1], "Partly"]]),
        "the result keeps how each commitment went"
    );
    session.screenshot(&screenshot_dir().join("second-result.png"))?;
    session.script(
        "document.getElementById('moved-heading').scrollIntoView()",
        json!([]),
    )?;
    a11y::assert_accessible(&session, "result, what moved since last month")?;
    session.screenshot(&screenshot_dir().join("second-result-moved.png"))?;
    drop(session);

    // The database holds the reviews, the notes, and no draft.
    let storage = Storage::open(&db).map_err(map_err)?;
    let history = storage
        .assessment_summaries(bearing_lib::storage::DEFAULT_PROFILE_ID)
        .map_err(map_err)?;
    assert_eq!(history.len(), 2);
    let reviews = storage
        .commitments_reviewed_in(history[1].id)
        .map_err(map_err)?;
    let statuses: Vec<(String, Option<String>, Option<String>)> = reviews
        .iter()
        .map(|c| {
            (
                c.action_id.clone(),
                c.review.as_ref().map(|r| r.status.slug().to_string()),
                c.review.as_ref().and_then(|r| r.note.clone()),
            )
        })
        .collect();
    assert_eq!(
        statuses,
        vec![
            (
                chosen[0].clone(),
                Some("done".into()),
                Some("Shared it with the CEO".into())
            ),
            (chosen[1].clone(), Some("partly".into()), None),
        ]
    );
    let notes = storage.assessment_notes(history[0].id).map_err(map_err)?;
    assert_eq!(notes.note.as_deref(), Some("A month of firefighting"));
    assert_eq!(
        notes.items.get(&q.items[0].id).map(String::as_str),
        Some("Board offsite took two weeks")
    );
    assert!(storage
        .draft(
            bearing_lib::storage::DEFAULT_PROFILE_ID,
            domain::Rater::SelfRating
        )
        .map_err(map_err)?
        .is_none());
    Ok(())
}

#[test]
fn closing_the_window_midway_keeps_the_answers() -> driver::Result<()> {
    let temp = tempfile::tempdir().map_err(map_err)?;
    let (session, db) = start_on(&temp)?;
    let total = questionnaire::current().items.len();
    wait_for_home(&session)?;
    session.click("#home-start")?;
    for (index, item) in questionnaire::current().items.iter().take(5).enumerate() {
        wait_for_statement(&session, index)?;
        session.press(&planned_answer(item, index).to_string())?;
    }
    wait_for_statement(&session, 5)?;
    session.press("n")?;
    session.type_into("#q-note", "Half done, picking up tomorrow")?;
    assert_eq!(
        session.script(
            "return document.getElementById('present').hidden",
            json!([])
        )?,
        json!(true),
        "a P typed in a note stays in the note"
    );
    // Wait until the draft is in the database, then close the window the hard way.
    let storage = Storage::open(&db).map_err(map_err)?;
    session.wait_for("the draft to be kept", Duration::from_secs(10), |_| {
        let draft = storage
            .draft(
                bearing_lib::storage::DEFAULT_PROFILE_ID,
                domain::Rater::SelfRating,
            )
            .map_err(map_err)?;
        Ok(draft.filter(|d| {
            d.body.contains("Half done, picking up tomorrow") && d.body.contains("\"position\":5")
        }))
    })?;
    drop(session);

    let (session, _) = start_on(&temp)?;
    let draft = session.wait_for_js(
        "the unfinished assessment on the home screen",
        "return !document.getElementById('home-draft').hidden && document.getElementById('home-draft').textContent",
    )?;
    assert!(
        draft
            .as_str()
            .unwrap_or_default()
            .contains(&format!("5 of {total}")),
        "home says how far the draft got: {draft}"
    );
    assert_eq!(session.text("#home-start")?, "Continue the assessment");
    session.click("#home-start")?;
    wait_for_statement(&session, 5)?;
    assert_eq!(session.text("#q-count")?, format!("5 of {total} answered"));
    let note = session.script(
        "const n = document.getElementById('q-note'); return !n.hidden && n.value",
        json!([]),
    )?;
    assert_eq!(
        note,
        json!("Half done, picking up tomorrow"),
        "the note is back"
    );
    Ok(())
}

/// Saves `count` assessments a month apart straight into the database, moving from low focus
/// and autonomy towards high, each with a note.
fn seed_history(db: &std::path::Path, count: usize) -> driver::Result<Vec<i64>> {
    let mut storage = Storage::open(db).map_err(map_err)?;
    let q = questionnaire::current();
    let mut ids = Vec::new();
    for n in 0..count {
        let lean = n as f64 / count.max(2) as f64;
        let answers: serde_json::Map<String, serde_json::Value> = q
            .items
            .iter()
            .map(|item| {
                let pull = (item.focus + item.autonomy) * (lean - 0.4);
                let v = if pull > 0.1 {
                    4
                } else if pull < -0.1 {
                    2
                } else {
                    3
                };
                (item.id.clone(), json!(v))
            })
            .collect();
        let sheet = AnswerSheet::from_value(json!({
            "questionnaire": q.version, "answers": answers, "note": format!("Month {n}")
        }))
        .map_err(map_err)?;
        let when = ops::When {
            date: chrono::NaiveDate::from_ymd_opt(2026, 1 + n as u32, 28),
            today: ops::today(),
            now: chrono::Utc::now(),
        };
        ids.push(
            ops::assess(
                &mut storage,
                ops::Who::leader(bearing_lib::storage::DEFAULT_PROFILE_ID),
                ops::Answered::untimed(&sheet),
                None,
                when,
                false,
            )
            .map_err(map_err)?
            .summary
            .id,
        );
    }
    Ok(ids)
}

/// The one file in `folder` whose name ends with `extension`.
fn saved_file(folder: &std::path::Path, extension: &str) -> driver::Result<PathBuf> {
    let found: Vec<PathBuf> = std::fs::read_dir(folder)
        .map_err(map_err)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == extension))
        .collect();
    match found.as_slice() {
        [one] => Ok(one.clone()),
        other => Err(format!(
            "expected one .{extension} file in {}, found {other:?}",
            folder.display()
        )),
    }
}

#[test]
fn history_exports_its_data_and_deletes_with_undo() -> driver::Result<()> {
    let temp = tempfile::tempdir().map_err(map_err)?;
    let db = temp.path().join("bearing.db");
    let exports = temp.path().join("exports");
    std::fs::create_dir(&exports).map_err(map_err)?;
    let ids = seed_history(&db, 3)?;
    let app = PathBuf::from(env!("CARGO_BIN_EXE_bearing"));
    let session = Session::start(
        &app,
        &[
            ("BEARING_DB", &db),
            ("HOME", temp.path()),
            ("XDG_DATA_HOME", temp.path()),
            ("BEARING_TEST_SAVE_DIR", &exports),
        ],
    )?;
    wait_for_home(&session)?;
    session.click("#nav-history")?;
    session.wait_for_js(
        "three history rows",
        "return !document.getElementById('view-history').hidden && document.querySelectorAll('#history-rows tr').length === 3",
    )?;

    // The newest row shows its change since the latest earlier one that is not provisional (a
    // sheet of mostly middle answers is flagged), as Rust computed it.
    let storage = Storage::open(&db).map_err(map_err)?;
    let summaries = storage
        .assessment_summaries(bearing_lib::storage::DEFAULT_PROFILE_ID)
        .map_err(map_err)?;
    drop(storage);
    let before = summaries[..2]
        .iter()
        .rev()
        .find(|s| !s.provisional)
        .ok_or("an earlier assessment that is not provisional")?;
    let signed = |x: f64| {
        let r = format!("{:.1}", x);
        if x > 0.0 {
            format!("+{r}")
        } else {
            r.replace('-', "−")
        }
    };
    let change = session.text("#history-rows tr:first-child td.change")?;
    assert_eq!(
        change,
        format!(
            "{} / {}",
            signed(((summaries[2].focus - before.focus) * 10.0).round() / 10.0),
            signed(((summaries[2].autonomy - before.autonomy) * 10.0).round() / 10.0)
        )
    );

    // CSV and a full export with notes, saved where the (test) dialog says.
    wait_for_history_charts(&session)?;
    session.click("#export-csv")?;
    session.wait_for_js(
        "the CSV to be saved",
        "return document.getElementById('export-status').textContent.startsWith('Saved to')",
    )?;
    let csv = std::fs::read_to_string(saved_file(&exports, "csv")?).map_err(map_err)?;
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines.len(),
        4,
        "a header and one row per assessment:\n{csv}"
    );
    assert!(lines[0].ends_with(
        &questionnaire::current()
            .items
            .last()
            .map(|i| i.id.clone())
            .unwrap_or_default()
    ));
    session.click("#export-notes")?;
    session.click("#export-json")?;
    session.wait_for_js(
        "the export to be saved",
        "return document.getElementById('export-status').textContent.includes('.json')",
    )?;
    let export = std::fs::read_to_string(saved_file(&exports, "json")?).map_err(map_err)?;
    let doc = domain::export::ExportDocument::parse(&export).map_err(map_err)?;
    assert!(doc.includes_notes);
    assert_eq!(doc.assessment_count(), 3);
    assert_eq!(
        doc.profiles[0].assessments[0].note.as_deref(),
        Some("Month 0")
    );

    // The progress card, as a 2x PNG for slides (the defaults of the export form).
    session.wait_for_js(
        "both history charts",
        "return ['history-map', 'history-timeline'].every(id => { const i = document.getElementById(id); return i.complete && i.naturalWidth > 0; })",
    )?;
    session.screenshot(&screenshot_dir().join("history-charts.png"))?;
    session.script(
        "document.getElementById('history-table').scrollIntoView()",
        json!([]),
    )?;
    a11y::assert_accessible(&session, "history, the verdicts")?;
    session.screenshot(&screenshot_dir().join("history-verdicts.png"))?;
    session.click("#export-chart")?;
    session.wait_for_js(
        "the chart to be saved",
        "return document.getElementById('export-status').textContent.includes('.png')",
    )?;
    let png = std::fs::read(saved_file(&exports, "png")?).map_err(map_err)?;
    assert_eq!(&png[1..4], b"PNG");
    let size = |at: usize| u32::from_be_bytes([png[at], png[at + 1], png[at + 2], png[at + 3]]);
    assert_eq!((size(16), size(20)), (3840, 2160), "the card at 2x");

    // Delete the newest assessment from its result, then undo.
    session.click("#history-rows tr:first-child td")?;
    session.wait_for_js("the result", "return !document.getElementById('view-result').hidden && document.getElementById('result-quadrant').textContent")?;
    session.click("#result-delete")?;
    session.click("#result-delete-yes")?;
    session.wait_for_js(
        "two rows and the undo toast",
        "return !document.getElementById('view-history').hidden && document.querySelectorAll('#history-rows tr').length === 2 && !document.getElementById('toast').hidden",
    )?;
    a11y::assert_accessible(&session, "history, with the undo toast")?;
    session.screenshot(&screenshot_dir().join("deleted-with-undo.png"))?;
    session.click("#toast-action")?;
    let restored = session.wait_for_js(
        "the restored result",
        "return !document.getElementById('view-result').hidden && document.getElementById('result-date').textContent",
    )?;
    assert!(
        restored.as_str().unwrap_or_default().contains("2026"),
        "{restored}"
    );
    drop(session);
    let storage = Storage::open(&db).map_err(map_err)?;
    let after: Vec<i64> = storage
        .assessment_summaries(bearing_lib::storage::DEFAULT_PROFILE_ID)
        .map_err(map_err)?
        .iter()
        .map(|s| s.id)
        .collect();
    assert_eq!(after, ids, "undo brought the assessment back with its id");
    Ok(())
}

#[test]
fn people_keep_their_own_histories() -> driver::Result<()> {
    let temp = tempfile::tempdir().map_err(map_err)?;
    let db = temp.path().join("bearing.db");
    seed_history(&db, 2)?;
    let session = start_with(&temp, &db, &[])?;
    assert_eq!(
        session.script(
            "return document.getElementById('profile-switch').hidden",
            json!([])
        )?,
        json!(true),
        "one person: no switcher"
    );
    session.click("#nav-people")?;
    session.wait_for_js(
        "the people list",
        "return document.querySelectorAll('#people-list li').length === 1",
    )?;
    session.type_into("#people-name", "Ada <b>Lovelace</b>")?;
    session.press("\u{E007}")?; // Enter submits the form
    let eyebrow = session.wait_for_js(
        "home for the new person",
        "return !document.getElementById('view-home').hidden && document.getElementById('home-eyebrow').textContent.startsWith('Ada') && document.getElementById('home-eyebrow').textContent",
    )?;
    assert_eq!(
        eyebrow,
        json!("Ada <b>Lovelace</b> · bearing"),
        "names are text, never HTML"
    );
    assert_eq!(
        session.script(
            "return document.getElementById('profile-switch').hidden",
            json!([])
        )?,
        json!(false)
    );
    session.click("#nav-history")?;
    session.wait_for_js(
        "an empty history for Ada",
        "return !document.getElementById('view-history').hidden && !document.getElementById('history-empty').hidden",
    )?;
    // Back to Me through the switcher: the seeded history is there.
    switch_to_me(&session)?;
    session.click("#nav-history")?;
    session.wait_for_js(
        "Me's two assessments",
        "return !document.getElementById('view-history').hidden && document.querySelectorAll('#history-rows tr').length === 2",
    )?;
    drop(session);
    let storage = Storage::open(&db).map_err(map_err)?;
    let names: Vec<String> = storage
        .profiles()
        .map_err(map_err)?
        .into_iter()
        .map(|p| p.name)
        .collect();
    assert_eq!(names, ["Me", "Ada <b>Lovelace</b>"]);
    Ok(())
}

/// Commits to the first `count` growth actions after the latest assessment; returns their titles.
fn seed_commitments(db: &std::path::Path, count: usize) -> driver::Result<Vec<String>> {
    let mut storage = Storage::open(db).map_err(map_err)?;
    let actions = &domain::growth::actions()[..count];
    let ids: Vec<String> = actions.iter().map(|a| a.id.clone()).collect();
    ops::commit(
        &mut storage,
        bearing_lib::storage::DEFAULT_PROFILE_ID,
        None,
        &ids,
        chrono::Utc::now(),
    )
    .map_err(map_err)?;
    Ok(actions.iter().map(|a| a.title.clone()).collect())
}

/// The presentation's step counter once it reads `expected`.
fn wait_for_step(session: &Session, expected: &str) -> driver::Result<()> {
    session
        .wait_for_js(
            &format!("step {expected}"),
            &format!(
                "return !document.getElementById('present').hidden && document.getElementById('present-counter').textContent === '{expected}'"
            ),
        )
        .map(drop)
}

/// Waits until the presentation's map shows assessment `id`, loaded; returns its URL.
fn wait_for_present_map(session: &Session, id: i64) -> driver::Result<String> {
    let src = session.wait_for_js(
        &format!("the map up to assessment {id}"),
        &format!(
            "const i = document.getElementById('present-map'); return i.dataset.id === '{id}' && i.complete && i.naturalWidth > 0 && i.src"
        ),
    )?;
    Ok(src.as_str().unwrap_or_default().to_string())
}

#[test]
fn presentation_replays_the_trajectory_without_notes() -> driver::Result<()> {
    let temp = tempfile::tempdir().map_err(map_err)?;
    let db = temp.path().join("bearing.db");
    let ids = seed_history(&db, 3)?;
    let titles = seed_commitments(&db, 2)?;
    let (session, _) = start_on(&temp)?;
    session.set_window_size(1280, 720)?;
    wait_for_home(&session)?;

    // Start from the history, scrolled down, so coming back can be checked.
    session.click("#nav-history")?;
    session.wait_for_js(
        "the history charts",
        "return !document.getElementById('view-history').hidden && document.querySelectorAll('#history-rows tr').length === 3 && document.getElementById('history-map').naturalWidth > 0",
    )?;
    let scrolled = session.script("window.scrollTo(0, 240); return window.scrollY", json!([]))?;
    assert!(
        scrolled.as_f64().unwrap_or_default() > 0.0,
        "the history is long enough to scroll: {scrolled}"
    );
    let focused_before = session.script("return document.activeElement.id", json!([]))?;

    // P opens it on the latest step, with the focus inside and nothing else of the app shown.
    session.press("p")?;
    wait_for_step(&session, "3 of 3")?;
    assert_eq!(
        session.text("#present-person")?,
        "Me",
        "the current profile's name, nobody else's"
    );
    assert!(session.text("#present-heading")?.contains("Trajectory"));
    let state = session.script(
        "const p = document.getElementById('present'); return { role: p.getAttribute('role'), label: document.getElementById(p.getAttribute('aria-labelledby')).id, focusInside: p.contains(document.activeElement), topbar: document.querySelector('.topbar').offsetParent !== null, main: document.querySelector('main').offsetParent !== null, gapHidden: document.getElementById('present-gap').hidden, gapHeading: document.getElementById('present-gap-heading').textContent }",
        json!([]),
    )?;
    assert_eq!(
        state,
        json!({"role": "dialog", "label": "present-heading", "focusInside": true, "topbar": false, "main": false, "gapHidden": true, "gapHeading": "How others see it"})
    );
    let latest_map = wait_for_present_map(&session, ids[2])?;
    assert!(latest_map.starts_with("blob:"), "{latest_map}");
    let commitments = session.script(
        "return [...document.querySelectorAll('#present-commitments li')].map(li => li.textContent)",
        json!([]),
    )?;
    assert_eq!(
        commitments,
        json!(titles),
        "the open commitments, titles only"
    );

    // ← twice: back to the first month, its date, and its own map.
    session.press("\u{E012}")?; // ArrowLeft
    session.press("\u{E012}")?;
    wait_for_step(&session, "1 of 3")?;
    let date = session.script(
        "const d = document.getElementById('present-date'); return [d.dataset.date, d.textContent]",
        json!([]),
    )?;
    assert_eq!(date[0], json!("2026-01-28"));
    let shown_date = date[1].as_str().unwrap_or_default();
    assert!(
        shown_date.contains("2026") && shown_date.contains("January"),
        "the first month's date: {shown_date}"
    );
    let first_map = wait_for_present_map(&session, ids[0])?;
    assert_ne!(first_map, latest_map, "the map image was reloaded");
    assert_eq!(
        session.text("#present-since")?,
        "The first assessment",
        "the first step has no change to show"
    );
    let announced = session.script(
        "return document.getElementById('present-announce').textContent",
        json!([]),
    )?;
    assert!(
        announced
            .as_str()
            .unwrap_or_default()
            .starts_with("Step 1 of 3: "),
        "the step is announced: {announced}"
    );

    // No note text anywhere: the page as rendered and its text nodes, hidden or not.
    let text = session.script(
        "return document.body.innerText + '\\n' + document.body.textContent",
        json!([]),
    )?;
    let text = text.as_str().unwrap_or_default();
    for n in 0..3 {
        assert!(
            !text.contains(&format!("Month {n}")),
            "note `Month {n}` is on the page"
        );
    }

    // → and End step forward again; the changes are Rust's, since the previous step.
    session.press("\u{E014}")?; // ArrowRight
    wait_for_step(&session, "2 of 3")?;
    assert!(session.text("#present-since")?.starts_with("Change since"));
    session.press("\u{E010}")?; // End
    wait_for_step(&session, "3 of 3")?;
    wait_for_present_map(&session, ids[2])?;
    // Everything fits a 1280×720 shared window, without scrolling.
    let fits = session.script(
        "const side = document.querySelector('.present-side'); return [innerWidth, innerHeight, document.documentElement.scrollHeight <= innerHeight, side.scrollHeight <= side.clientHeight]",
        json!([]),
    )?;
    assert_eq!(fits, json!([1280, 720, true, true]));
    session.screenshot(&screenshot_dir().join("presentation.png"))?;

    // Esc gives back the history as it was: same screen, same scroll position, same focus.
    session.press("\u{E00C}")?; // Escape
    session.wait_for_js(
        "the history again",
        "return document.getElementById('present').hidden && !document.getElementById('view-history').hidden",
    )?;
    let back = session.script(
        "return [window.scrollY, document.activeElement.id, document.querySelector('.topbar').offsetParent !== null, document.querySelectorAll('#history-rows tr').length]",
        json!([]),
    )?;
    assert_eq!(back, json!([scrolled, focused_before, true, 3]));
    Ok(())
}

#[test]
fn presentation_stays_light_in_dark_mode_and_handles_no_history() -> driver::Result<()> {
    let temp = tempfile::tempdir().map_err(map_err)?;
    let db = temp.path().join("bearing.db");
    let app = PathBuf::from(env!("CARGO_BIN_EXE_bearing"));
    let dark = PathBuf::from("Adwaita:dark");
    let session = Session::start(
        &app,
        &[
            ("BEARING_DB", &db),
            ("HOME", temp.path()),
            ("XDG_DATA_HOME", temp.path()),
            ("GTK_THEME", &dark),
        ],
    )?;
    session.set_window_size(1280, 720)?;
    wait_for_home(&session)?;
    assert_eq!(
        session.script(
            "return matchMedia('(prefers-color-scheme: dark)').matches",
            json!([])
        )?,
        json!(true),
        "the system theme is dark"
    );

    // No history yet: a calm message and a way back.
    session.click("#present-open")?;
    session.wait_for_js(
        "the empty presentation",
        "return !document.getElementById('present-empty').hidden && document.activeElement.id === 'present-empty-exit'",
    )?;
    a11y::assert_accessible(&session, "presentation, no history (dark)")?;
    session.screenshot(&screenshot_dir().join("presentation-empty.png"))?;
    session.click("#present-empty-exit")?;
    session.wait_for_js(
        "the home screen again",
        "return document.getElementById('present').hidden && !document.getElementById('view-home').hidden && ['present-open', 'home-heading'].includes(document.activeElement.id)",
    )?;

    // Ten months later, in the dark system theme: still dark on light.
    let ids = seed_history(&db, 10)?;
    seed_commitments(&db, 3)?;
    session.press("P")?;
    wait_for_step(&session, "10 of 10")?;
    wait_for_present_map(&session, ids[9])?;
    let colours = session.script(
        "const s = getComputedStyle(document.getElementById('present')); return [s.backgroundColor, s.color]",
        json!([]),
    )?;
    assert_eq!(colours, json!(["rgb(255, 255, 255)", "rgb(16, 18, 24)"]));
    a11y::assert_accessible(&session, "presentation (dark)")?;
    session.screenshot(&screenshot_dir().join("presentation-dark.png"))?;
    session.press("\u{E011}")?; // Home
    wait_for_step(&session, "1 of 10")?;
    wait_for_present_map(&session, ids[0])?;
    session.press("p")?;
    session.wait_for_js(
        "the home screen after P",
        "return document.getElementById('present').hidden && !document.getElementById('view-home').hidden",
    )?;
    Ok(())
}

#[test]
fn a_coach_compares_two_views_and_presents_them() -> driver::Result<()> {
    let temp = tempfile::tempdir().map_err(map_err)?;
    let (session, db) = start_on(&temp)?;
    let q = questionnaire::current();
    wait_for_home(&session)?;
    // Two leaders; Grace is added last (and shown), then the coach switches to Ada.
    session.click("#nav-people")?;
    for name in ["Ada", "Grace"] {
        session.wait_for_js(
            "the people screen",
            "return !document.getElementById('view-people').hidden",
        )?;
        session.type_into("#people-name", name)?;
        session.click("#people-add button[type='submit']")?;
        session.wait_for_js(
            &format!("home for {name}"),
            &format!("return !document.getElementById('view-home').hidden && document.getElementById('home-eyebrow').textContent.startsWith('{name}')"),
        )?;
        if name == "Ada" {
            session.click("#nav-people")?;
        }
    }
    session.script(
        "const s = document.getElementById('profile-select'); s.value = [...s.options].find(o => o.text === 'Ada').value; s.dispatchEvent(new Event('change'));",
        json!([]),
    )?;
    session.wait_for_js(
        "home for Ada",
        "return !document.getElementById('view-home').hidden && document.getElementById('home-eyebrow').textContent.startsWith('Ada')",
    )?;

    // Ada's own assessment, with a private note.
    session.click("#home-start")?;
    wait_for_statement(&session, 0)?;
    session.press("n")?;
    session.type_into("#q-note", "Ada's private worry")?;
    session.press("\u{E00C}")?;
    let own = answer_by_keys(&session, 0, planned_answer)?;
    session.click("#q-submit")?;
    session.wait_for_js("Ada's result", "return !document.getElementById('view-result').hidden && document.getElementById('result-quadrant').textContent")?;

    // The coach answers about Ada, reading each statement about "them".
    session.click("#nav-questionnaire")?;
    session.wait_for_js("the questionnaire", "return !document.getElementById('view-questionnaire').hidden && document.getElementById('view-questionnaire').dataset.ready === 'true'")?;
    session.script(
        "const s = document.getElementById('q-rater'); s.value = 'coach'; s.dispatchEvent(new Event('change'));",
        json!([]),
    )?;
    wait_for_statement(&session, 0)?;
    // Only what a coach can see, starting with the first such statement.
    let seen = seen_items();
    assert!(seen.len() < q.items.len());
    session.wait_for_js(
        "the statement about them",
        &format!(
            "return document.getElementById('q-statement').textContent === {}",
            json!(seen[0].text_other)
        ),
    )?;
    let coach = answer_items_by_keys(&session, &seen, 0, grown_answer)?;
    session.click("#q-submit")?;
    session.wait_for_js(
        "the comparison on the coach's result",
        "return !document.getElementById('view-result').hidden && !document.getElementById('result-perception').hidden",
    )?;
    a11y::assert_accessible(&session, "result, the coach's view beside the leader's")?;

    // The numbers are Rust's.
    let own_score = domain::score(&AnswerSheet::from_values(q, &own).map_err(map_err)?);
    let coach_score = domain::score(&AnswerSheet::from_values(q, &coach).map_err(map_err)?);
    let gap = |a: f64, b: f64| {
        let g = ((b - a) * 10.0).round() / 10.0;
        let r = format!("{g:.1}");
        if g > 0.0 {
            format!("+{r}")
        } else {
            r.replace('-', "−")
        }
    };
    let focus_line = session.text("#perception-axes li[data-axis='focus']")?;
    assert!(
        focus_line.contains(&format!("{:.1}", own_score.focus))
            && focus_line.contains(&format!("{:.1}", coach_score.focus))
            && focus_line.contains(&gap(own_score.focus, coach_score.focus)),
        "focus line `{focus_line}`"
    );
    // The map draws the coach's view with the gap in numbers (asked through the same IPC the
    // page uses: the page cannot read back its own blob image under the CSP).
    let svg = session.script(
        "return window.__TAURI__.core.invoke('get_chart_svg', { kind: 'map', until: null, theme: 'light' })",
        json!([]),
    )?;
    let caption = format!(
        "Coach: focus {} · autonomy {}",
        gap(own_score.focus, coach_score.focus),
        gap(own_score.autonomy, coach_score.autonomy)
    );
    assert!(
        svg.as_str().unwrap_or_default().contains(&caption),
        "the map names the gap: {caption}"
    );

    // Presentation: the replay, the gap, and nothing private or about anyone else.
    session.script("document.activeElement.blur()", json!([]))?;
    session.press("p")?;
    session.wait_for_js(
        "the presentation with the gap",
        "return !document.getElementById('present').hidden && !document.getElementById('present-gap').hidden && document.getElementById('present-counter').textContent",
    )?;
    assert_eq!(
        session.text("#present-counter")?,
        "1 of 1",
        "the replay is Ada's own path"
    );
    session.press("\u{E012}")?; // ArrowLeft: already at the first step
    let gap_text = session.text("#present-gap")?;
    assert!(
        gap_text.contains(&gap(own_score.autonomy, coach_score.autonomy)),
        "{gap_text}"
    );
    let visible = session.script("return document.body.innerText", json!([]))?;
    let visible = visible.as_str().unwrap_or_default();
    assert!(!visible.contains("private worry"), "no note text on screen");
    assert!(
        !visible.contains("Grace"),
        "no other person's name on screen"
    );
    assert!(visible.contains("Ada"));
    a11y::assert_accessible(&session, "presentation, with how others see it")?;
    session.screenshot(&screenshot_dir().join("presentation-gap.png"))?;
    session.press("\u{E00C}")?;
    session.wait_for_js("the result again", "return document.getElementById('present').hidden && !document.getElementById('view-result').hidden")?;
    drop(session);

    let storage = Storage::open(&db).map_err(map_err)?;
    let ada = storage
        .profile_by_name("Ada")
        .map_err(map_err)?
        .ok_or("no Ada")?;
    let raters: Vec<domain::Rater> = storage
        .assessment_summaries(ada.id)
        .map_err(map_err)?
        .iter()
        .map(|a| a.rater)
        .collect();
    assert_eq!(raters, [domain::Rater::SelfRating, domain::Rater::Coach]);
    Ok(())
}

/// Starts the app on `db` with extra environment (the test-only dialog answers).
fn start_with(
    temp: &tempfile::TempDir,
    db: &std::path::Path,
    extra: &[(&str, &std::path::Path)],
) -> driver::Result<Session> {
    let app = PathBuf::from(env!("CARGO_BIN_EXE_bearing"));
    let mut env: Vec<(&str, &std::path::Path)> = vec![
        ("BEARING_DB", db),
        ("HOME", temp.path()),
        ("XDG_DATA_HOME", temp.path()),
    ];
    env.extend_from_slice(extra);
    let session = Session::start(&app, &env)?;
    wait_for_home(&session)?;
    Ok(session)
}

#[test]
fn an_answer_sheet_goes_to_a_coach_and_comes_back_through_the_window() -> driver::Result<()> {
    let temp = tempfile::tempdir().map_err(map_err)?;
    let leader_db = temp.path().join("leader.db");
    let coach_db = temp.path().join("coach.db");
    let sent = temp.path().join("sent");
    let answered = temp.path().join("answered");
    for dir in [&sent, &answered] {
        std::fs::create_dir(dir).map_err(map_err)?;
    }
    seed_history(&leader_db, 1)?;

    // The leader gives their name first (Home asks for it), then writes a sheet for their coach.
    let session = start_with(&temp, &leader_db, &[("BEARING_TEST_SAVE_DIR", &sent)])?;
    session.wait_for_js(
        "Home to ask the leader's name",
        "return !document.getElementById('home-name').hidden",
    )?;
    session.type_into("#home-name-input", "Ada")?;
    session.click("#home-name button[type=submit]")?;
    session.wait_for_js(
        "the name to be kept",
        "return document.getElementById('home-name').hidden && document.getElementById('home-eyebrow').textContent",
    )?;
    open_screen(&session, "people")?;
    session.click("#sheet-write")?;
    session.wait_for_js(
        "the sheet to be saved",
        "return document.getElementById('sheet-status').textContent.startsWith('Saved to')",
    )?;
    drop(session);
    let sheet = saved_file(&sent, "json")?;

    // The coach fills it in with their own Bearing: every statement about "them".
    let session = start_with(
        &temp,
        &coach_db,
        &[
            ("BEARING_TEST_OPEN_FILE", &sheet),
            ("BEARING_TEST_SAVE_DIR", &answered),
        ],
    )?;
    open_screen(&session, "people")?;
    session.click("#sheet-rate")?;
    let heading = session.wait_for_js(
        "the sheet to fill in",
        "return !document.getElementById('view-rate').hidden && document.getElementById('rate-heading').textContent",
    )?;
    assert_eq!(heading, json!("About Ada"));
    // A coach gives their name; the anonymity note is for peers and direct reports.
    assert_eq!(
        session.script(
            "return [document.getElementById('rate-name-field').hidden, document.getElementById('rate-anonymous').hidden]",
            json!([])
        )?,
        json!([false, true])
    );
    session.type_into("#rate-name", "Sam Lee")?;
    // The sheet lists what a coach can see, each with "Can't judge" beside the scale.
    let seen = seen_items();
    let first = session.text("#rate-list li:first-child p")?;
    assert_eq!(first, seen[0].text_other);
    assert_eq!(
        session.script(
            "return [document.querySelectorAll('#rate-list li').length, document.querySelector('#rate-list li .rate-option.not-applicable').textContent]",
            json!([])
        )?,
        json!([seen.len(), "Can't judge"])
    );
    for (n, item) in seen.iter().copied().enumerate() {
        assert_eq!(
            session.script(
                "return document.getElementById('rate-save').disabled",
                json!([])
            )?,
            json!(true),
            "incomplete at statement {n}"
        );
        let value = grown_answer(item, n);
        session.click(&format!(
            "#rate-list li:nth-child({}) input[value='{value}']",
            n + 1
        ))?;
    }
    session.click("#rate-save")?;
    session.wait_for_js(
        "the answers to be saved",
        "return document.getElementById('rate-status').textContent.startsWith('Saved to')",
    )?;
    drop(session);
    let filled = saved_file(&answered, "json")?;

    // Back at the leader's: the answered sheet becomes a coach's assessment of that person.
    let session = start_with(&temp, &leader_db, &[("BEARING_TEST_OPEN_FILE", &filled)])?;
    open_screen(&session, "people")?;
    session.click("#sheet-import")?;
    let status = session.wait_for_js(
        "the import",
        "const t = document.getElementById('sheet-status').textContent; return t.startsWith('Added') && t",
    )?;
    assert_eq!(status, json!("Added a coach's assessment to Ada."));
    // Twice is refused, with the reason.
    session.click("#sheet-import")?;
    let error = session.wait_for_js(
        "the refusal",
        "return !document.getElementById('error').hidden && document.getElementById('error-text').textContent",
    )?;
    assert!(
        error
            .as_str()
            .unwrap_or_default()
            .contains("imported already"),
        "{error}"
    );
    a11y::assert_accessible(&session, "people, with an error")?;
    drop(session);
    let storage = Storage::open(&leader_db).map_err(map_err)?;
    let raters: Vec<domain::Rater> = storage
        .assessment_summaries(bearing_lib::storage::DEFAULT_PROFILE_ID)
        .map_err(map_err)?
        .iter()
        .map(|a| a.rater)
        .collect();
    assert_eq!(raters, [domain::Rater::SelfRating, domain::Rater::Coach]);
    let coach = storage
        .assessment_summaries(bearing_lib::storage::DEFAULT_PROFILE_ID)
        .map_err(map_err)?
        .pop()
        .map(|a| (a.rater_name, a.rater_id.is_some()));
    assert_eq!(coach, Some((Some("Sam Lee".to_string()), true)));
    Ok(())
}

/// Launches the app binary directly (not through tauri-driver) on `db`, as a person starting
/// Bearing a second time would, with `args` before any command.
fn launch(
    temp: &tempfile::TempDir,
    db: &std::path::Path,
    args: &[&str],
) -> driver::Result<std::process::Child> {
    std::process::Command::new(env!("CARGO_BIN_EXE_bearing"))
        .args(args)
        .env("BEARING_DB", db)
        .env("HOME", temp.path())
        .env("XDG_DATA_HOME", temp.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start bearing: {e}"))
}

/// Waits up to `limit` for `child` to exit; kills it and fails if it does not.
fn exits_within(
    child: &mut std::process::Child,
    limit: Duration,
) -> driver::Result<(std::process::ExitStatus, Duration)> {
    let started = std::time::Instant::now();
    loop {
        if let Some(status) = child.try_wait().map_err(map_err)? {
            return Ok((status, started.elapsed()));
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!("still running after {limit:?}"));
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn a_second_launch_on_the_same_database_brings_the_first_window_back() -> driver::Result<()> {
    let temp = tempfile::tempdir().map_err(map_err)?;
    let db = temp.path().join("bearing.db");
    // Alone on the display: this test opens a second window and moves the focus, which would take
    // key presses away from the other tests' windows.
    let session = Session::start_alone(
        &PathBuf::from(env!("CARGO_BIN_EXE_bearing")),
        &[
            ("BEARING_DB", &db),
            ("HOME", temp.path()),
            ("XDG_DATA_HOME", temp.path()),
        ],
    )?;
    wait_for_home(&session)?;
    assert_eq!(
        session.script("return window.__bearingSecondLaunches", json!([]))?,
        json!(null)
    );

    // Started again on the same file (spelled differently): it hands over to the open window
    // and leaves at once, successfully, without a window of its own.
    std::fs::create_dir(temp.path().join("sub")).map_err(map_err)?;
    let same_file = temp.path().join("sub/../bearing.db");
    for launches in 1..=2 {
        let path = if launches == 1 { &db } else { &same_file };
        let mut second = launch(&temp, path, &[])?;
        let (status, took) = exits_within(&mut second, Duration::from_secs(15))?;
        assert!(
            status.success(),
            "the second launch exits with success: {status}"
        );
        assert!(
            took < Duration::from_secs(5),
            "it leaves promptly ({took:?})"
        );
        session.wait_for_js(
            &format!("launch {launches} to reach the first window"),
            &format!("return window.__bearingSecondLaunches === {launches}"),
        )?;
    }

    // The command line never starts a window, so it works beside the open one.
    let cli = launch(&temp, &db, &["history", "--format", "json"])?
        .wait_with_output()
        .map_err(map_err)?;
    assert!(
        cli.status.success(),
        "{}",
        String::from_utf8_lossy(&cli.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&cli.stdout).trim(), "[]");

    // Another database is another instance: its window opens beside this one.
    let mut other = launch(&temp, &temp.path().join("other.db"), &[])?;
    std::thread::sleep(Duration::from_secs(3));
    let still_running = other.try_wait().map_err(map_err)?.is_none();
    let _ = other.kill();
    let _ = other.wait();
    assert!(still_running, "a window on another database stays open");
    assert_eq!(
        session.script("return window.__bearingSecondLaunches", json!([]))?,
        json!(2),
        "only launches on this database reach this window"
    );
    Ok(())
}

#[test]
fn answering_faster_than_anyone_can_read_is_flagged_too_fast() -> driver::Result<()> {
    let temp = tempfile::tempdir().map_err(map_err)?;
    let db = temp.path().join("bearing.db");
    // The window times each statement; this build keeps the timing only when asked.
    let session = start_with(
        &temp,
        &db,
        &[("BEARING_TEST_TIMED", std::path::Path::new("1"))],
    )?;
    session.click("#home-start")?;
    // Varied answers, so timing is the only thing wrong with them.
    answer_by_keys(&session, 0, |_, index| 1 + ((index * 3) % 5) as u8)?;
    session.click("#q-submit")?;
    let flags = session.wait_for_js(
        "the provisional result",
        "const v = document.getElementById('view-result'); return !v.hidden && !document.getElementById('result-flags').hidden && [...document.querySelectorAll('#result-flag-list li')].map(li => li.dataset.flag)",
    )?;
    assert_eq!(flags, json!(["too-fast"]), "only the timing is flagged");
    a11y::assert_accessible(&session, "result, too fast")?;
    session.screenshot(&screenshot_dir().join("result-too-fast.png"))?;
    let storage = Storage::open(&db).map_err(map_err)?;
    let saved =
        ops::history(&storage, bearing_lib::storage::DEFAULT_PROFILE_ID).map_err(map_err)?;
    assert_eq!(saved.len(), 1);
    assert_eq!(
        saved[0].summary.flags,
        vec![domain::measurement::QualityFlag::TooFast]
    );
    assert!(saved[0].summary.provisional);
    Ok(())
}
