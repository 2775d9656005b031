//! Keyboard only: on every main screen, Tab reaches every control a pointer can use, in an order
//! that never traps, and each control shows where the focus is.

use serde_json::{json, Value};

use super::driver::{self, Session};
use super::{map_err, open_screen, seed_history, wait_for_home};

/// Every visible control of the screen shown, as a key naming it (id, or tag and text).
const CONTROLS: &str = r#"
const view = [...document.querySelectorAll('main .view')].find(v => !v.hidden);
const bar = document.querySelector('.topbar');
const key = e => e.id || `${e.tagName.toLowerCase()}:${(e.getAttribute('aria-label') || e.textContent || '').trim().slice(0, 40)}`;
const shown = e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0 && getComputedStyle(e).visibility !== 'hidden' && !e.closest('[hidden]'); };
const all = [...bar.querySelectorAll('*'), ...view.querySelectorAll('*')].filter(e =>
  e.matches('button, a[href], input, select, textarea, [tabindex="0"]') && !e.disabled && shown(e));
return all.map(key);
"#;

/// Presses Tab once and names what has the focus then, and whether the focus is drawn.
const FOCUSED: &str = r#"
const e = document.activeElement;
if (!e || e === document.body) return null;
const key = e.id || `${e.tagName.toLowerCase()}:${(e.getAttribute('aria-label') || e.textContent || '').trim().slice(0, 40)}`;
const s = getComputedStyle(e);
const drawn = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none';
return [key, drawn];
"#;

/// Tabs through the screen shown from the top and checks that every control is reached with a
/// visible focus.
fn tab_through(session: &Session, screen: &str) -> driver::Result<()> {
    let controls: Vec<String> =
        serde_json::from_value(session.script(CONTROLS, json!([]))?).map_err(map_err)?;
    assert!(!controls.is_empty(), "{screen}: no controls found");
    session.script(
        "document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0);",
        json!([]),
    )?;
    let mut reached: Vec<String> = Vec::new();
    // Twice as many presses as controls, plus a margin: every control, with room for the
    // browser's own stops (the page itself) in between.
    for _ in 0..(controls.len() * 2 + 4) {
        session.press("\u{E004}")?;
        let focused = session.script(FOCUSED, json!([]))?;
        if let Value::Array(pair) = focused {
            let key = pair[0].as_str().unwrap_or_default().to_string();
            assert_eq!(
                pair[1],
                json!(true),
                "{screen}: {key} has the focus but shows none"
            );
            if !reached.contains(&key) {
                reached.push(key);
            }
        }
    }
    let missed: Vec<&String> = controls.iter().filter(|c| !reached.contains(c)).collect();
    assert!(
        missed.is_empty(),
        "{screen}: never reached by Tab: {missed:?} (reached {reached:?})"
    );
    Ok(())
}

#[test]
fn every_control_on_every_screen_is_reached_by_tab_with_a_visible_focus() -> driver::Result<()> {
    let temp = tempfile::tempdir().map_err(map_err)?;
    let db = temp.path().join("bearing.db");
    seed_history(&db, 3)?;
    // Alone on the display: whether the focus is drawn depends on the window having the system's
    // focus, which another test's window opening would take away.
    let session = Session::start_alone(
        &std::path::PathBuf::from(env!("CARGO_BIN_EXE_bearing")),
        &[
            ("BEARING_DB", &db),
            ("HOME", temp.path()),
            ("XDG_DATA_HOME", temp.path()),
        ],
    )?;
    session.set_window_size(1280, 900)?;
    wait_for_home(&session)?;
    tab_through(&session, "home")?;
    for screen in ["history", "people", "caseload", "about"] {
        open_screen(&session, screen)?;
        session.wait_for_js(
            &format!("the {screen} screen's content"),
            "const v = [...document.querySelectorAll('main .view')].find(v => !v.hidden); return v && v.querySelectorAll('button').length > 0",
        )?;
        tab_through(&session, screen)?;
    }
    Ok(())
}
