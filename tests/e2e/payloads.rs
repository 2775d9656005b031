//! Script and HTML typed into every text field and carried in by every imported file must show
//! as the exact text it is, create no element, run nothing, and be stored unchanged. The figures
//! go to `$BEARING_REPORT_DIR/payloads.txt` (default `target/reliability/`).

use std::path::{Path, PathBuf};

use bearing_lib::chart::{ChartKind, ChartOptions, Format, Rendered, Theme};
use bearing_lib::domain::{questionnaire, AnswerSheet, Rater};
use bearing_lib::ops;
use bearing_lib::storage::{Storage, DEFAULT_PROFILE_ID};
use serde_json::json;

use crate::driver::{self, Session};
use crate::{
    map_err, open_screen, screenshot_dir, seed_commitments, seed_history, start_with, switch_to_me,
    wait_for_statement,
};

/// Each one, if it ran, adds one to `window.__pwned`; each short enough for a profile name.
const PAYLOADS: &[&str] = &[
    r#"<img src=x onerror="window.__pwned=(window.__pwned||0)+1">"#,
    "<script>window.__pwned=(window.__pwned||0)+1</script>",
    r#""><svg onload="window.__pwned=(window.__pwned||0)+1">"#,
    "javascript:window.__pwned=(window.__pwned||0)+1",
    "{{7*7}} ${7*7} <%= 7*7 %>",
    "</textarea><b>x</b><iframe srcdoc=\"<script>parent.__pwned=1</script>\">",
    "'); window.__pwned=(window.__pwned||0)+1; ('",
    // Right-to-left text and an override. (WebKitWebDriver drops characters outside the Basic
    // Multilingual Plane when it types, so no emoji here.)
    "Zoë \u{5e9}\u{5dc}\u{5d5}\u{5dd} \u{202e}fdp.exe\u{202c} 日本 ☃",
];

/// Installed in the page before anything is typed: records every element added later that a
/// payload could have made: script, frames and the markup the payloads name, event-handler
/// attributes, and `__pwned` in an attribute that loads or runs something. (User text in an
/// `aria-label` is fine: set through `setAttribute`, it stays text.)
const WATCH: &str = r#"
window.__injected = [];
new MutationObserver((records) => {
  for (const r of records) for (const node of r.addedNodes) {
    if (node.nodeType !== 1) continue;
    for (const e of [node, ...node.querySelectorAll('*')]) {
      const tag = e.tagName.toLowerCase();
      const suspicious = ['script', 'iframe', 'object', 'embed', 'b', 'svg'].includes(tag)
        || (tag === 'img' && e.getAttribute('src') === 'x')
        || [...e.attributes].some((a) => a.name.startsWith('on')
          || (['src', 'href', 'srcdoc', 'action', 'formaction', 'style'].includes(a.name) && a.value.includes('__pwned')));
      if (suspicious) window.__injected.push(e.outerHTML.slice(0, 200));
    }
  }
}).observe(document.documentElement, { childList: true, subtree: true });
return true;
"#;

/// What the page says about the payloads so far: how many ran, which elements appeared.
fn damage(session: &Session) -> driver::Result<(u64, Vec<String>)> {
    let seen = session.script(
        "return { ran: window.__pwned || 0, injected: window.__injected || null }",
        json!([]),
    )?;
    let injected: Option<Vec<String>> =
        serde_json::from_value(seen["injected"].clone()).map_err(map_err)?;
    let injected = injected.ok_or("the element watch is not installed (the page reloaded?)")?;
    Ok((seen["ran"].as_u64().unwrap_or(u64::MAX), injected))
}

/// Clicks `css` once it has stayed in place for 0.3 s: the People screen renders its long list of payload names
/// after it shows, which moves the cards below it, and a click aimed before that lands elsewhere.
fn click_when_still(session: &Session, css: &str) -> driver::Result<()> {
    session.wait_for_js(
        &format!("{css} to stay in place"),
        &format!(
            "const e = document.querySelector({}); const at = e.getBoundingClientRect().top + window.scrollY; const now = performance.now(); if (window.__stillAt !== at) {{ window.__stillAt = at; window.__stillSince = now; return false; }} return now - window.__stillSince > 300;",
            json!(css)
        ),
    )?;
    session.script("window.__stillAt = undefined", json!([]))?;
    session.click(css)
}

/// The text of every element matching `css`, in order.
fn texts(session: &Session, css: &str) -> driver::Result<Vec<String>> {
    serde_json::from_value(session.script(
        "return [...document.querySelectorAll(arguments[0])].map(e => e.textContent)",
        json!([css]),
    )?)
    .map_err(map_err)
}

/// An export with one person per payload (named `Backup <payload>`), each with one assessment
/// whose notes are the payload; written by a scratch Bearing, as someone else's export would be.
fn payload_export(folder: &Path) -> driver::Result<PathBuf> {
    let scratch = folder.join("scratch.db");
    let mut storage = Storage::open(&scratch).map_err(map_err)?;
    // The scratch Bearing's own first person has a name of its own: a "Me" from another database
    // is not merged into the "Me" here by name (the import would ask who it is).
    ops::rename_profile(&mut storage, DEFAULT_PROFILE_ID, "Scratch").map_err(map_err)?;
    let q = questionnaire::current();
    for payload in PAYLOADS {
        let person = ops::add_profile(
            &mut storage,
            &format!("Backup {payload}"),
            chrono::Utc::now(),
        )
        .map_err(map_err)?;
        let answers: serde_json::Map<String, serde_json::Value> =
            q.items.iter().map(|i| (i.id.clone(), json!(3))).collect();
        let notes = json!({ &q.items[0].id: payload });
        let sheet = AnswerSheet::from_value(json!({
            "questionnaire": q.version, "answers": answers, "notes": notes, "note": payload,
        }))
        .map_err(map_err)?;
        let when = ops::When {
            date: chrono::NaiveDate::from_ymd_opt(2026, 1, 15),
            today: ops::today(),
            now: chrono::Utc::now(),
        };
        ops::assess(
            &mut storage,
            ops::Who::leader(person.id),
            ops::Answered::untimed(&sheet),
            None,
            when,
            false,
        )
        .map_err(map_err)?;
    }
    let export = folder.join("export.json");
    ops::export_to_file(&storage, None, &export, true, chrono::Utc::now()).map_err(map_err)?;
    Ok(export)
}

/// For each exported person: a blank sheet about them (to fill in) and one a coach filled in.
fn payload_sheets(db: &Path, folder: &Path) -> driver::Result<Vec<(String, PathBuf, PathBuf)>> {
    let storage = Storage::open(db).map_err(map_err)?;
    let q = questionnaire::current();
    let answers: std::collections::BTreeMap<String, u8> =
        q.items.iter().map(|i| (i.id.clone(), 4)).collect();
    let answers = AnswerSheet::from_values(q, &answers).map_err(map_err)?;
    // A coach answers only what they can see.
    let answers = answers.observable_part().unwrap_or(answers);
    let mut sheets = Vec::new();
    for (n, person) in storage
        .profiles()
        .map_err(map_err)?
        .into_iter()
        .filter(|p| p.name.starts_with("Backup "))
        .enumerate()
    {
        let blank = folder.join(format!("blank-{n}.json"));
        let sheet = ops::write_sheet(&person, Rater::Coach, &blank, None, chrono::Utc::now())
            .map_err(map_err)?;
        let filled = folder.join(format!("filled-{n}.json"));
        let by = ops::FilledBy {
            when: ops::When::now(None),
            name: None,
        };
        ops::fill_sheet(sheet, &answers, by, &filled).map_err(map_err)?;
        sheets.push((person.name, blank, filled));
    }
    Ok(sheets)
}

/// Where the report figures go: `$BEARING_REPORT_DIR`, or `target/reliability/`.
fn report_dir() -> PathBuf {
    std::env::var_os("BEARING_REPORT_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/reliability"))
}

#[test]
fn script_and_html_in_every_field_and_file_stay_text() -> driver::Result<()> {
    let temp = tempfile::tempdir().map_err(map_err)?;
    let db = temp.path().join("bearing.db");
    let files = temp.path().join("files");
    std::fs::create_dir(&files).map_err(map_err)?;
    let mut tried = 0usize;

    // Imported files: an export (people and notes) through the command line, the only way in.
    seed_history(&db, 1)?;
    let commitments = seed_commitments(&db, 2)?;
    let backup = payload_export(&files)?;
    let imported = std::process::Command::new(env!("CARGO_BIN_EXE_bearing"))
        .arg("--db")
        .arg(&db)
        .arg("import")
        .arg(&backup)
        .output()
        .map_err(map_err)?;
    assert!(
        imported.status.success(),
        "{}",
        String::from_utf8_lossy(&imported.stderr)
    );
    tried += 2 * PAYLOADS.len(); // a name and the notes each
    let sheets = payload_sheets(&db, &files)?;
    let open_file = temp.path().join("open.json");

    let session = start_with(&temp, &db, &[("BEARING_TEST_OPEN_FILE", &open_file)])?;
    session.script(WATCH, json!([]))?;

    // The page may not reach what it is not granted, whatever runs in it.
    for command in ["plugin:dialog|open", "plugin:fs|read_file", "read_database"] {
        let refused = session.script_async(
            "const done = arguments[arguments.length - 1]; window.__TAURI__.core.invoke(arguments[0], {options: {}}).then(() => done('allowed'), (e) => done(String(e)));",
            json!([command]),
        )?;
        let refused = refused.as_str().unwrap_or_default();
        assert!(refused.contains("not allowed"), "{command}: {refused}");
    }

    // What the window does call still works under the ACL: About asks for the app's details.
    open_screen(&session, "about")?;
    session.wait_for_js(
        "the About screen's database path",
        &format!(
            "return document.getElementById('about-database').textContent === {}",
            json!(db.display().to_string())
        ),
    )?;

    // People: every payload typed as a new name, then typed again as a rename.
    open_screen(&session, "people")?;
    for (n, payload) in PAYLOADS.iter().enumerate() {
        session.type_into("#people-name", payload)?;
        let typed = session.script(
            "return document.getElementById('people-name').value",
            json!([]),
        )?;
        assert_eq!(typed, json!(payload), "typed as is");
        session.press("\u{E007}")?; // Enter
        tried += 1;
        session.wait_for_js(
            &format!("home for person {n}, named as typed"),
            &format!(
                "return !document.getElementById('view-home').hidden && document.getElementById('home-eyebrow').textContent === {}",
                json!(format!("{payload} · bearing"))
            ),
        )?;
        open_screen(&session, "people")?;
        session.wait_for_js(
            &format!("person {n} in the list"),
            &format!(
                "return [...document.querySelectorAll('#people-list .person-name strong')].some(s => s.textContent === {})",
                json!(payload)
            ),
        )?;
        session.script(
            "const row = [...document.querySelectorAll('#people-list li.person')].find(li => li.querySelector('.person-name strong').textContent === arguments[0]); [...row.querySelectorAll('button')].find(b => b.textContent === 'Rename').click();",
            json!([payload]),
        )?;
        let renamed = format!("{payload} (2)");
        session.clear("#people-list .person-name input")?;
        session.type_into("#people-list .person-name input", &renamed)?;
        session.press("\u{E007}")?;
        tried += 1;
        session.wait_for_js(
            &format!("person {n} renamed"),
            &format!(
                "return [...document.querySelectorAll('#people-list .person-name strong')].some(s => s.textContent === {})",
                json!(renamed)
            ),
        )?;
    }
    let switcher = texts(&session, "#profile-select option")?;
    for payload in PAYLOADS {
        assert!(switcher.contains(&format!("{payload} (2)")), "{switcher:?}");
        assert!(
            switcher.contains(&format!("Backup {payload}")),
            "{switcher:?}"
        );
    }
    session.screenshot(&screenshot_dir().join("payloads-people.png"))?;

    // Sheets: each exported person's blank sheet opened to fill in, then a coach's filled one.
    for (name, blank, filled) in &sheets {
        std::fs::copy(blank, &open_file).map_err(map_err)?;
        open_screen(&session, "people")?;
        click_when_still(&session, "#sheet-rate")?;
        tried += 1;
        let shown = session.wait_for_js(
            "the sheet or an error",
            "const e = document.getElementById('error'); return (!document.getElementById('view-rate').hidden || !e.hidden) && [document.getElementById('rate-heading').textContent, e.hidden ? '' : document.getElementById('error-text').textContent]",
        )?;
        assert_eq!(shown[1], json!(""), "the sheet opens: {shown}");
        let heading = session.wait_for_js(
            "the sheet to fill in",
            &format!(
                "const t = document.getElementById('rate-heading').textContent; return !document.getElementById('view-rate').hidden && t === {} && t",
                json!(format!("About {name}"))
            ),
        )?;
        assert_eq!(heading, json!(format!("About {name}")));
        std::fs::copy(filled, &open_file).map_err(map_err)?;
        open_screen(&session, "people")?;
        click_when_still(&session, "#sheet-import")?;
        tried += 1;
        let status = session.wait_for_js(
            "the import",
            "const t = document.getElementById('sheet-status').textContent; return t.startsWith('Added') && t",
        )?;
        assert_eq!(
            status,
            json!(format!("Added a coach's assessment to {name}."))
        );
    }

    // Back to Me for an assessment: review notes, a note per statement, the month's note.
    switch_to_me(&session)?;
    // One line: WebKitWebDriver does not type a newline into a textarea.
    let all = PAYLOADS.join(" | ");
    session.click("#home-start")?;
    session.wait_for_js(
        "the review step",
        "return !document.getElementById('q-review').hidden && document.querySelectorAll('#q-review-list li').length === 2",
    )?;
    for n in 1..=2 {
        let item = format!("#q-review-list li:nth-child({n})");
        session.click(&format!("{item} [data-status='partly']"))?;
        session.type_into(&format!("{item} textarea"), &all)?;
        tried += PAYLOADS.len();
    }
    session.wait_for_js(
        "the continue button",
        "return !document.getElementById('q-review-continue').disabled",
    )?;
    session.click("#q-review-continue")?;
    let q = questionnaire::current();
    for index in 0..q.items.len() {
        wait_for_statement(&session, index)?;
        if let Some(payload) = PAYLOADS.get(index) {
            session.press("n")?;
            session.wait_for_js(
                "the note field",
                "return document.activeElement && document.activeElement.id === 'q-note'",
            )?;
            session.type_into("#q-note", payload)?;
            tried += 1;
            session.press("\u{E00C}")?; // Escape
            session.wait_for_js(
                "focus back on the answers",
                "return document.activeElement && document.activeElement.classList.contains('option')",
            )?;
        }
        session.press("3")?;
    }
    session.wait_for_js(
        "the month note",
        "return !document.getElementById('q-month-note').hidden && !document.getElementById('q-submit').disabled",
    )?;
    session.type_into("#q-assessment-note", &all)?;
    tried += PAYLOADS.len();
    session.click("#q-submit")?;
    session.wait_for_js(
        "the result with its notes",
        "return !document.getElementById('view-result').hidden && !document.getElementById('result-notes').hidden && !document.getElementById('result-reviewed').hidden",
    )?;
    assert_eq!(
        texts(&session, "#notes-month")?,
        vec![all.clone()],
        "the month note, exactly"
    );
    let item_notes = texts(&session, "#notes-items li")?;
    for payload in PAYLOADS {
        assert!(
            item_notes.iter().any(|t| t.ends_with(payload)),
            "{payload} in {item_notes:?}"
        );
    }
    assert_eq!(
        texts(&session, "#reviewed-list .review-note-text")?,
        [all.clone(), all.clone()],
        "both review notes, exactly"
    );
    session.script(
        "document.getElementById('result-notes').scrollIntoView()",
        json!([]),
    )?;
    session.screenshot(&screenshot_dir().join("payloads-result.png"))?;

    // A exported person's own result shows the imported notes as text too.
    session.script(
        "const s = document.getElementById('profile-select'); s.value = [...s.options].find(o => o.text === arguments[0]).value; s.dispatchEvent(new Event('change'));",
        json!([sheets[0].0]),
    )?;
    session.wait_for_js(
        "home for the first exported person",
        &format!(
            "return !document.getElementById('view-home').hidden && document.getElementById('home-eyebrow').textContent === {}",
            json!(format!("{} · bearing", sheets[0].0))
        ),
    )?;
    open_screen(&session, "history")?;
    session.wait_for_js(
        "their history",
        "return document.querySelectorAll('#history-rows tr').length === 2",
    )?;
    session.script(
        "[...document.querySelectorAll('#history-rows tr')].pop().click()",
        json!([]),
    )?;
    session.wait_for_js(
        "the imported note, as text",
        &format!(
            "return !document.getElementById('view-result').hidden && document.getElementById('notes-month').textContent === {}",
            json!(PAYLOADS[0])
        ),
    )?;

    // The caseload: every name in its table and on its map (an image with a data-carrying alt),
    // as text.
    open_screen(&session, "caseload")?;
    session.wait_for_js(
        "the caseload table and map",
        "const i = document.getElementById('caseload-map'); return document.querySelectorAll('#caseload-rows tr').length > 0 && i.complete && i.naturalWidth > 0",
    )?;
    let shown = texts(&session, "#caseload-rows th")?;
    let alt = session.script(
        "return document.getElementById('caseload-map').alt",
        json!([]),
    )?;
    let alt = alt.as_str().unwrap_or_default();
    for payload in PAYLOADS {
        let name = format!("Backup {payload}");
        assert!(shown.contains(&name), "{name} in {shown:?}");
        assert!(alt.contains(&name), "{name} in {alt}");
    }

    let (ran, injected) = damage(&session)?;
    drop(session);

    // The figures, written before the verdict so a failure still reports them.
    let folder = report_dir();
    std::fs::create_dir_all(&folder).map_err(map_err)?;
    std::fs::write(
        folder.join("payloads.txt"),
        format!(
            "payloads_tried {tried}\npayloads_executed {ran}\npayload_elements_created {}\n",
            injected.len()
        ),
    )
    .map_err(map_err)?;
    assert_eq!(ran, 0, "no payload ran");
    assert!(
        injected.is_empty(),
        "no payload made an element: {injected:?}"
    );

    // Stored exactly as typed or imported.
    let storage = Storage::open(&db).map_err(map_err)?;
    let names: Vec<String> = storage
        .profiles()
        .map_err(map_err)?
        .into_iter()
        .map(|p| p.name)
        .collect();
    for payload in PAYLOADS {
        assert!(names.contains(&format!("{payload} (2)")), "{names:?}");
        assert!(names.contains(&format!("Backup {payload}")), "{names:?}");
    }
    let mine = storage
        .assessment_summaries(DEFAULT_PROFILE_ID)
        .map_err(map_err)?;
    let latest = mine.last().ok_or("no assessment for Me")?;
    let notes = ops::notes(&storage, latest.id).map_err(map_err)?;
    assert_eq!(notes.note.as_deref(), Some(all.as_str()));
    for (item, payload) in q.items.iter().zip(PAYLOADS) {
        assert_eq!(
            notes.items.get(&item.id).map(String::as_str),
            Some(*payload)
        );
    }
    let reviewed = storage
        .commitments_reviewed_in(latest.id)
        .map_err(map_err)?;
    assert_eq!(reviewed.len(), commitments.len());
    for c in reviewed {
        assert_eq!(c.review.and_then(|r| r.note).as_deref(), Some(all.as_str()));
    }

    // Charts carry names as SVG text: escaped, never markup.
    for person in storage.profiles().map_err(map_err)? {
        if !person.name.starts_with("Backup ") {
            continue;
        }
        let Rendered::Svg(svg) = ops::render_chart(
            &storage,
            person.id,
            ChartKind::Card,
            ops::ChartRange::default(),
            &ChartOptions {
                width: 1280,
                height: 720,
                theme: Theme::Light,
                scale: 1,
                transparent: false,
            },
            Format::Svg,
        )
        .map_err(map_err)?
        else {
            return Err("expected SVG".into());
        };
        let doc = roxmltree::Document::parse(&svg).map_err(map_err)?;
        // The header shows the name as text, cut with "…" when it does not fit.
        let header = doc
            .descendants()
            .filter_map(|n| n.text().map(str::trim))
            .find(|t| t.starts_with("Backup "))
            .ok_or_else(|| format!("no name in the card of {}", person.name))?;
        assert!(
            person.name.starts_with(header.trim_end_matches('…')),
            "{header} is {}",
            person.name
        );
        assert!(doc.descendants().all(|n| !matches!(
            n.tag_name().name(),
            "script" | "foreignObject" | "iframe" | "image"
        ) && n
            .attributes()
            .all(|a| !a.name().starts_with("on"))));
    }
    Ok(())
}
