//! A leader with a year of questionnaire v1 behind them answers v2 for the first time: statements
//! that didn't come up are left out (key 0), the result says how many placed the position, "what
//! moved" says the questionnaire changed and what moved on the statements both versions share,
//! and the timeline marks where the questionnaire changed.

use bearing_lib::domain::{questionnaire, AnswerSheet};
use bearing_lib::ops;
use bearing_lib::storage::{Storage, DEFAULT_PROFILE_ID};
use serde_json::json;

use super::driver::{self, Session};
use super::{map_err, open_screen, screenshot_dir, start_on, wait_for_home, wait_for_statement};

/// Three monthly v1 assessments in 2026, each answered with the same varied pattern.
fn seed_v1(db: &std::path::Path) -> driver::Result<()> {
    let mut storage = Storage::open(db).map_err(map_err)?;
    let v1 = questionnaire::v1();
    for month in 1..=3 {
        let values = v1
            .items
            .iter()
            .enumerate()
            .map(|(n, item)| (item.id.clone(), 1 + ((n * 3 + month) % 5) as u8))
            .collect();
        let sheet = AnswerSheet::from_values(v1, &values).map_err(map_err)?;
        let when = ops::When {
            date: chrono::NaiveDate::from_ymd_opt(2026, month as u32, 20),
            today: ops::today(),
            now: chrono::Utc::now(),
        };
        ops::assess(
            &mut storage,
            ops::Who::leader(DEFAULT_PROFILE_ID),
            ops::Answered::untimed(&sheet),
            None,
            when,
            false,
        )
        .map_err(map_err)?;
    }
    Ok(())
}

/// The chart's words, as the page's own api reads its SVG.
fn chart_words(session: &Session, kind: &str) -> driver::Result<Vec<String>> {
    let words = session.script_async(
        "const done = arguments[arguments.length - 1]; import('./api.js').then(({ api }) => api.chartSvg(arguments[0], null, 'light')).then((svg) => { const doc = new DOMParser().parseFromString(svg, 'image/svg+xml'); done([...doc.querySelectorAll('text')].map(t => t.textContent)); }, (e) => done(['failed: ' + e.message]));",
        json!([kind]),
    )?;
    Ok(words
        .as_array()
        .map(|w| {
            w.iter()
                .filter_map(|s| s.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default())
}

#[test]
fn a_v1_history_takes_a_v2_assessment_with_statements_that_didnt_come_up() -> driver::Result<()> {
    let temp = tempfile::tempdir().map_err(map_err)?;
    seed_v1(&temp.path().join("bearing.db"))?;
    let (session, db) = start_on(&temp)?;
    wait_for_home(&session)?;
    session.click("#home-start")?;
    let q = questionnaire::current();
    assert_eq!(q.version, "v2");
    // "Didn't come up this month" sits beside the scale.
    wait_for_statement(&session, 0)?;
    assert_eq!(
        session.text("#q-scale .option.not-applicable .label")?,
        q.not_applicable
            .as_ref()
            .map(|na| na.label.clone())
            .unwrap_or_default()
    );
    // Two statements didn't come up (key 0); the rest get varied answers.
    let skipped = [3_usize, 11];
    for (index, _) in q.items.iter().enumerate() {
        wait_for_statement(&session, index)?;
        let key = if skipped.contains(&index) {
            "0".to_string()
        } else {
            (1 + (index * 2 + 1) % 5).to_string()
        };
        session.press(&key)?;
    }
    session.wait_for_js(
        "the submit button",
        "return !document.getElementById('q-submit').disabled",
    )?;
    session.screenshot(&screenshot_dir().join("questionnaire-v2-didnt-come-up.png"))?;
    session.click("#q-submit")?;
    let coverage = session.wait_for_js(
        "the v2 result",
        "const c = document.getElementById('result-coverage'); return !document.getElementById('view-result').hidden && !c.hidden && c.textContent",
    )?;
    let total = q.items.len();
    assert_eq!(
        coverage,
        json!(format!(
            "Placed from {} of {total} statements: 2 statements didn't come up this month, so the ranges are a little wider.",
            total - 2
        ))
    );
    // What moved since the v1 assessment says the questionnaire changed, and by how much on the
    // statements both versions share.
    let shared = questionnaire::v1()
        .items
        .iter()
        .filter(|i| q.item(&i.id).is_some_and(|n| n.text == i.text))
        .count();
    let version_note = session.text("#moved-version")?;
    assert!(
        version_note.starts_with("The questionnaire changed between these two assessments.")
            && version_note.contains(&format!("only {shared} statements are the same"))
            && version_note.contains("On those alone, focus moved"),
        "{version_note}"
    );
    // The answers list says which statements didn't come up.
    let unanswered = session.script(
        "return [...document.querySelectorAll('#answers-list li.unanswered .answer-detail')].map(e => e.textContent)",
        json!([]),
    )?;
    assert_eq!(unanswered, json!(["Didn't come up", "Didn't come up"]));
    session.screenshot(&screenshot_dir().join("result-v2-after-v1.png"))?;

    // Stored with the two statements left out, scored from the rest.
    let storage = Storage::open(&db).map_err(map_err)?;
    let summaries = storage
        .assessment_summaries(DEFAULT_PROFILE_ID)
        .map_err(map_err)?;
    let latest = summaries.last().ok_or("no assessment saved")?;
    assert_eq!(latest.questionnaire, "v2");
    let saved = storage
        .assessment(latest.id)
        .map_err(map_err)?
        .ok_or("the assessment is missing")?;
    assert_eq!(saved.answers.len(), total - 2);
    for index in skipped {
        assert!(!saved.answers.contains_key(&q.items[index].id));
    }

    // The timeline marks where the questionnaire changed, and its table names each version.
    let words = chart_words(&session, "timeline")?;
    assert!(
        words.iter().any(|w| w.trim() == "Questionnaire v2"),
        "the timeline names the change: {words:?}"
    );
    open_screen(&session, "history")?;
    session.wait_for_js(
        "the timeline",
        "const i = document.getElementById('history-timeline'); return i.complete && i.naturalWidth > 0",
    )?;
    session.script(
        "const t = document.getElementById('history-timeline-table-toggle'); t.scrollIntoView(); t.click();",
        json!([]),
    )?;
    let versions = session.wait_for_js(
        "the timeline's table",
        "const t = document.getElementById('history-timeline-table'); const th = [...t.querySelectorAll('th')].map(e => e.textContent); return !t.hidden && th.includes('Version') && [...t.querySelectorAll('tbody tr')].map(r => r.lastElementChild.textContent)",
    )?;
    assert_eq!(versions, json!(["v1", "v1", "v1", "v2"]), "oldest first");
    session.script(
        "document.getElementById('history-timeline-frame').scrollIntoView();",
        json!([]),
    )?;
    session.screenshot(&screenshot_dir().join("history-across-versions.png"))?;
    Ok(())
}
