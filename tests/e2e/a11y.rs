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

/// Runs axe's WCAG 2.2 A/AA rules on the whole page as it is now.
pub fn violations(session: &Session) -> driver::Result<Vec<Violation>> {
    inject(session)?;
    let found = session.script_async(
        "const done = arguments[arguments.length - 1];
         axe.run(document, { runOnly: { type: 'tag', values: arguments[0] }, resultTypes: ['violations'] })
            .then((r) => done(r.violations.map((v) => ({
                rule: v.id, impact: v.impact || '', help: v.help, count: v.nodes.length,
                selectors: v.nodes.slice(0, arguments[1]).map((n) => n.target.join(' ')) }))),
                  (e) => done({ error: String(e && e.message || e) }));",
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
