//! Accessibility checks in the real window: axe-core (from the npm registry, for the tests only,
//! never shipped) is injected through WebDriver and run against WCAG 2.2 A and AA on the screen as
//! it is; a test fails naming every violated rule and where.

use std::path::PathBuf;

use serde_json::{json, Value};

use super::driver::{self, Session};

/// The WCAG levels checked: 2.0, 2.1 and 2.2, A and AA (axe's tags for them).
const WCAG_TAGS: [&str; 5] = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

/// How many offending elements each violation names in a failure message.
const SELECTORS_SHOWN: usize = 3;

/// Where `.ci/lib.sh`'s `ensure_axe` installs axe-core.
fn axe_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/axe/node_modules/axe-core/axe.min.js")
}

/// One rule axe found broken on the page.
#[derive(Debug, Clone, PartialEq)]
pub struct Violation {
    pub rule: String,
    pub impact: String,
    pub help: String,
    /// How many elements break the rule.
    pub count: usize,
    /// The first few of them, as CSS selectors.
    pub selectors: Vec<String>,
}

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} ({}, {} element{}): {} — {}",
            self.rule,
            self.impact,
            self.count,
            if self.count == 1 { "" } else { "s" },
            self.help,
            self.selectors.join(", ")
        )
    }
}

/// Injects axe-core into the page once (the page's CSP does not apply to WebDriver's scripts).
fn inject(session: &Session) -> driver::Result<()> {
    if session.script("return typeof window.axe === 'object'", json!([]))? == json!(true) {
        return Ok(());
    }
    let path = axe_path();
    let source = std::fs::read_to_string(&path).map_err(|e| {
        format!(
            "{}: {e}; install axe-core for the tests with `source .ci/lib.sh; ensure_axe` \
             (or `npm install --prefix target/axe axe-core@4`), which `bash .ci/test` does",
            path.display()
        )
    })?;
    session.script(&source, json!([]))?;
    Ok(())
}

/// Runs axe's WCAG 2.2 A/AA rules on the whole page as it is now, once its transitions have
/// ended (colours half-way through a 120 ms fade are not what anyone reads).
pub fn violations(session: &Session) -> driver::Result<Vec<Violation>> {
    inject(session)?;
    let found = session.script_async(
        "const done = arguments[arguments.length - 1];
         const settled = new Promise((resolve) => {
           const until = Date.now() + 2000;
           const poll = () => document.getAnimations().some((a) => a.playState === 'running') && Date.now() < until
             ? setTimeout(poll, 20) : requestAnimationFrame(() => requestAnimationFrame(resolve));
           poll();
         });
         settled.then(() => axe.run(document, { runOnly: { type: 'tag', values: arguments[0] }, resultTypes: ['violations'] })
            .then((r) => done(r.violations.map((v) => ({
                rule: v.id, impact: v.impact || '', help: v.help, count: v.nodes.length,
                selectors: v.nodes.slice(0, arguments[1]).map((n) => n.target.join(' ')) }))),
                  (e) => done({ error: String(e && e.message || e) })));",
        json!([WCAG_TAGS, SELECTORS_SHOWN]),
    )?;
    if let Some(error) = found.get("error") {
        return Err(format!("axe-core failed to run: {error}"));
    }
    let list = found
        .as_array()
        .ok_or_else(|| format!("axe-core gave no list: {found}"))?;
    Ok(list.iter().map(violation).collect())
}

fn violation(v: &Value) -> Violation {
    let text = |k: &str| v[k].as_str().unwrap_or_default().to_string();
    Violation {
        rule: text("rule"),
        impact: text("impact"),
        help: text("help"),
        count: v["count"].as_u64().unwrap_or_default() as usize,
        selectors: v["selectors"]
            .as_array()
            .map(|s| {
                s.iter()
                    .map(|x| x.as_str().unwrap_or_default().to_string())
                    .collect()
            })
            .unwrap_or_default(),
    }
}

/// Fails, listing each violation, if the page as it is now breaks any WCAG 2.2 A/AA rule.
pub fn assert_accessible(session: &Session, screen: &str) -> driver::Result<()> {
    let found = violations(session)?;
    if found.is_empty() {
        return Ok(());
    }
    let list: Vec<String> = found.iter().map(|v| format!("  - {v}")).collect();
    Err(format!(
        "{screen}: {} WCAG 2.2 A/AA violation{}:\n{}",
        found.len(),
        if found.len() == 1 { "" } else { "s" },
        list.join("\n")
    ))
}

/// The window's colour scheme, picked through GTK's theme (the page follows
/// `prefers-color-scheme`, which WebKitGTK takes from it).
#[derive(Debug, Clone, Copy)]
enum Theme {
    Light,
    Dark,
}

impl Theme {
    fn gtk(self) -> &'static str {
        match self {
            Theme::Light => "Adwaita",
            Theme::Dark => "Adwaita:dark",
        }
    }
}

/// Checks the screen in front of the person, named with the theme so a failure says which.
fn check(session: &Session, theme: Theme, screen: &str) -> driver::Result<()> {
    assert_accessible(session, &format!("{screen} ({theme:?})"))
}

/// Every screen and state a person meets, in one theme: home empty and with data, the empty
/// presentation, the questionnaire, the result, reliability, history, the caseload, people, a sheet to rate,
/// about with its backups, the presentation, and the review step of the next assessment.
fn tour(theme: Theme) -> driver::Result<()> {
    use super::*;
    let temp = tempfile::tempdir().map_err(map_err)?;
    let db = temp.path().join("bearing.db");
    // A blank sheet about someone, for the coach's "rate" screen.
    let scratch = temp.path().join("scratch.db");
    let sheet = temp.path().join("sheet.json");
    {
        let mut storage = Storage::open(&scratch).map_err(map_err)?;
        let first = storage.profiles().map_err(map_err)?.remove(0);
        let ada = ops::rename_profile(&mut storage, first.id, "Ada").map_err(map_err)?;
        ops::write_sheet(&ada, domain::Rater::Coach, &sheet, None, chrono::Utc::now())
            .map_err(map_err)?;
    }
    let gtk = PathBuf::from(theme.gtk());
    let session = start_with(
        &temp,
        &db,
        &[("GTK_THEME", &gtk), ("BEARING_TEST_OPEN_FILE", &sheet)],
    )?;
    session.set_window_size(1280, 800)?;
    let dark = session.script(
        "return matchMedia('(prefers-color-scheme: dark)').matches",
        json!([]),
    )?;
    assert_eq!(dark, json!(matches!(theme, Theme::Dark)), "the theme took");

    session.wait_for_js(
        "the first-run home",
        "return !document.getElementById('home-first').hidden",
    )?;
    check(&session, theme, "home, empty")?;

    session.click("#present-open")?;
    session.wait_for_js(
        "the empty presentation",
        "return !document.getElementById('present-empty').hidden",
    )?;
    check(&session, theme, "presentation, no history")?;
    session.click("#present-empty-exit")?;
    wait_for_home(&session)?;

    session.click("#home-start")?;
    wait_for_statement(&session, 0)?;
    check(&session, theme, "questionnaire")?;
    // The statement dots: 24 px targets around the same small dots as before.
    let size = session.script(
        "const r = document.querySelector('#q-dots .dot').getBoundingClientRect(); return [r.width, r.height]",
        json!([]),
    )?;
    assert_eq!(size, json!([24, 24]), "a statement dot's target");
    session.screenshot(
        &screenshot_dir().join(format!("questionnaire-{theme:?}.png").to_lowercase()),
    )?;
    session.press("n")?;
    session.wait_for_js(
        "the note field",
        "return document.activeElement && document.activeElement.id === 'q-note'",
    )?;
    check(&session, theme, "questionnaire with a note open")?;
    session.press("\u{E00C}")?;
    answer_by_keys(&session, 0, planned_answer)?;
    check(&session, theme, "questionnaire, all answered")?;
    session.click("#q-submit")?;
    session.wait_for_js(
        "the result's map",
        "const i = document.getElementById('result-map'); return !document.getElementById('view-result').hidden && i.complete && i.naturalWidth > 0",
    )?;
    let alt = session.script(
        "return document.getElementById('result-map').alt",
        json!([]),
    )?;
    assert!(
        alt.as_str()
            .unwrap_or_default()
            .contains("The first assessment: no change to show yet."),
        "the result map's alt: {alt}"
    );
    check(&session, theme, "result")?;
    // The result map's data as a table, beside it: the one assessment so far.
    session.click("#result-map-table-toggle")?;
    session.wait_for_js(
        "the result map's table",
        "return document.querySelectorAll('#result-map-table tbody tr').length === 1",
    )?;
    check(&session, theme, "result, with the map's table")?;

    session.click("#result-reliability")?;
    session.wait_for_js(
        "the reliability screen",
        "return !document.getElementById('view-reliability').hidden && document.querySelectorAll('#reliability-axes .reliability-axis').length",
    )?;
    check(&session, theme, "reliability")?;

    open_screen(&session, "home")?;
    session.wait_for_js(
        "home with data",
        "return !document.getElementById('home-latest').hidden",
    )?;
    check(&session, theme, "home, with data")?;

    // More months, so the history and the presentation have a path to show.
    seed_history(&db, 3)?;
    open_screen(&session, "history")?;
    session.wait_for_js(
        "the history charts",
        "return document.querySelectorAll('#history-rows tr').length === 4 && ['history-map', 'history-timeline'].every(id => { const i = document.getElementById(id); return i.complete && i.naturalWidth > 0; })",
    )?;
    check(&session, theme, "history")?;
    // Each chart carries its data as text: the alt names the latest position and its change,
    // and "View as table" lists every assessment it draws, oldest first.
    let latest = ops::history(
        &Storage::open(&db).map_err(map_err)?,
        bearing_lib::storage::DEFAULT_PROFILE_ID,
    )
    .map_err(map_err)?
    .pop()
    .ok_or("no history")?;
    for chart in ["map", "timeline"] {
        let alt = session.script(
            &format!("return document.getElementById('history-{chart}').alt"),
            json!([]),
        )?;
        let alt = alt.as_str().unwrap_or_default();
        assert!(
            alt.contains(&format!(
                "focus {:.1}, autonomy {:.1}",
                latest.summary.focus, latest.summary.autonomy
            )) && alt.contains("Change since the previous assessment: focus "),
            "the {chart}'s alt: {alt}"
        );
        session.click(&format!("#history-{chart}-table-toggle"))?;
        let table = session.wait_for_js(
            &format!("the {chart}'s table"),
            &format!(
                "const t = document.getElementById('history-{chart}-table'); return !t.hidden && [document.getElementById('history-{chart}-table-toggle').getAttribute('aria-expanded'), [...t.querySelectorAll('tbody tr')].map(r => [...r.cells].map(c => c.textContent))]"
            ),
        )?;
        assert_eq!(table[0], json!("true"));
        let rows = table[1].as_array().cloned().unwrap_or_default();
        assert_eq!(rows.len(), 4, "one row per assessment: {rows:?}");
        assert_eq!(
            rows[3][1],
            json!(format!("{:.1}", latest.summary.focus)),
            "the latest last"
        );
    }
    check(&session, theme, "history, with the charts' tables open")?;
    session.screenshot(
        &screenshot_dir().join(format!("history-tables-{theme:?}.png").to_lowercase()),
    )?;

    open_screen(&session, "caseload")?;
    session.wait_for_js(
        "the caseload map and table",
        "const i = document.getElementById('caseload-map'); return document.querySelectorAll('#caseload-rows tr').length === 1 && i.complete && i.naturalWidth > 0 && i.alt.startsWith('Caseload of 1')",
    )?;
    check(&session, theme, "caseload")?;
    session.screenshot(&screenshot_dir().join(format!("caseload-{theme:?}.png").to_lowercase()))?;

    open_screen(&session, "people")?;
    session.wait_for_js(
        "the people list",
        "return document.querySelectorAll('#people-list li').length === 1",
    )?;
    check(&session, theme, "people")?;
    session.click("#sheet-rate")?;
    session.wait_for_js(
        "the sheet to rate",
        "return !document.getElementById('view-rate').hidden && document.querySelectorAll('#rate-list li').length",
    )?;
    check(&session, theme, "rate")?;

    open_screen(&session, "about")?;
    session.wait_for_js(
        "the backups list",
        "return !document.getElementById('backups-list').hidden || document.querySelectorAll('#backups-list .backup').length > 0 || document.getElementById('backups-status').textContent",
    )?;
    check(&session, theme, "about and backups")?;

    open_screen(&session, "home")?;
    seed_commitments(&db, 2)?;
    session.click("#present-open")?;
    wait_for_step(&session, "4 of 4")?;
    session.wait_for_js(
        "the presentation's map",
        "const i = document.getElementById('present-map'); return i.complete && i.naturalWidth > 0",
    )?;
    check(&session, theme, "presentation")?;
    // The presentation's map says the step's position and its change, not only "a map".
    let alt = session.script(
        "return document.getElementById('present-map').alt",
        json!([]),
    )?;
    let alt = alt.as_str().unwrap_or_default().to_string();
    assert!(
        alt.contains("step 4 of 4")
            && alt.contains("focus")
            && alt.contains("Change since the previous assessment"),
        "the presentation map's alt: {alt}"
    );
    session.press("\u{E00C}")?;
    session.wait_for_js(
        "the presentation to close",
        "return document.getElementById('present').hidden",
    )?;

    open_screen(&session, "home")?;
    session.wait_for_js(
        "the commitments at home",
        "return document.querySelectorAll('#home-commitments li.commitment').length === 2",
    )?;
    check(&session, theme, "home, with commitments")?;
    session.click("#home-start")?;
    session.wait_for_js(
        "the review step",
        "return !document.getElementById('q-review').hidden && document.querySelectorAll('#q-review-list li').length === 2",
    )?;
    check(&session, theme, "review step")?;
    Ok(())
}

#[test]
fn every_screen_passes_wcag_22_aa_in_light() -> driver::Result<()> {
    tour(Theme::Light)
}

#[test]
fn every_screen_passes_wcag_22_aa_in_dark() -> driver::Result<()> {
    tour(Theme::Dark)
}

/// The screens of a damaged or read-only history, in dark (their light checks are in
/// `recovery.rs`, beside the tests of what they do).
#[test]
fn recovery_and_read_only_screens_pass_in_dark() -> driver::Result<()> {
    use super::*;
    let gtk = PathBuf::from(Theme::Dark.gtk());
    let temp = tempfile::tempdir().map_err(map_err)?;
    let db = temp.path().join("bearing.db");
    seed_history(&db, 2)?;
    {
        let storage = Storage::open(&db).map_err(map_err)?;
        storage
            .back_up(bearing_lib::storage::BackupKind::Manual, chrono::Utc::now())
            .map_err(map_err)?;
    }
    recovery::damage(&db)?;
    let session = Session::start(
        &PathBuf::from(env!("CARGO_BIN_EXE_bearing")),
        &[
            ("BEARING_DB", &db),
            ("HOME", temp.path()),
            ("XDG_DATA_HOME", temp.path()),
            ("GTK_THEME", &gtk),
        ],
    )?;
    session.wait_for_js(
        "the recovery screen",
        "return !document.getElementById('view-recovery').hidden && !document.getElementById('recovery-restore').hidden",
    )?;
    check(&session, Theme::Dark, "recovery")?;
    drop(session);

    let temp = tempfile::tempdir().map_err(map_err)?;
    let db = temp.path().join("bearing.db");
    seed_history(&db, 2)?;
    let path = db.to_str().ok_or("temporary path is not UTF-8")?;
    recovery::mount(&["--bind", path, path])?;
    let _unmount = recovery::Unmount(&db);
    recovery::mount(&["-o", "remount,ro,bind", path])?;
    let session = start_with(&temp, &db, &[("GTK_THEME", &gtk)])?;
    session.wait_for_js(
        "the read-only banner",
        "return !document.getElementById('read-only').hidden",
    )?;
    check(&session, Theme::Dark, "home, read-only")?;
    open_screen(&session, "questionnaire")?;
    session.wait_for_js(
        "the questionnaire's read-only card",
        "return !document.getElementById('q-read-only').hidden",
    )?;
    check(&session, Theme::Dark, "questionnaire, read-only")?;
    Ok(())
}

/// The check itself can fail: a button with no name is reported, then removed again.
#[test]
fn an_inaccessible_element_is_reported() -> driver::Result<()> {
    use super::*;
    let temp = tempfile::tempdir().map_err(map_err)?;
    let (session, _) = start_on(&temp)?;
    wait_for_home(&session)?;
    session.script(
        "const b = document.createElement('button'); b.id = 'a11y-nameless'; document.getElementById('home-heading').after(b);",
        json!([]),
    )?;
    let found = violations(&session)?;
    let nameless = found
        .iter()
        .find(|v| v.rule == "button-name")
        .ok_or(format!("a nameless button is reported: {found:?}"))?;
    assert_eq!(nameless.selectors, ["#a11y-nameless"]);
    let failure = assert_accessible(&session, "home with a nameless button")
        .err()
        .ok_or("assert_accessible fails on a nameless button")?;
    assert!(
        failure.contains("button-name") && failure.contains("#a11y-nameless"),
        "{failure}"
    );
    session.script(
        "document.getElementById('a11y-nameless').remove()",
        json!([]),
    )?;
    assert!(
        !violations(&session)?
            .iter()
            .any(|v| v.rule == "button-name"),
        "gone once removed"
    );
    Ok(())
}
