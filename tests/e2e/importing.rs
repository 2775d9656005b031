//! Importing a leader's export into their coach's Bearing in the window: the preview says whose
//! history it is and asks who they are here, because both are called "Me"; the import goes to
//! the person chosen, and the next file from the leader goes there by itself.

use bearing_lib::ops;
use bearing_lib::storage::{Storage, DEFAULT_PROFILE_ID};
use serde_json::json;

use super::{a11y, driver, map_err, open_screen, screenshot_dir, seed_history, start_with};

/// (date, focus, autonomy) of a person's assessments, oldest first.
fn positions(storage: &Storage, profile: i64) -> driver::Result<Vec<(String, f64, f64)>> {
    Ok(storage
        .assessment_summaries(profile)
        .map_err(map_err)?
        .iter()
        .map(|a| (a.date.to_string(), a.focus, a.autonomy))
        .collect())
}

/// Clicks Import… and waits for the preview of the file.
fn open_preview(session: &driver::Session) -> driver::Result<String> {
    // The coach's own history is drawn first, so nothing moves under the click.
    session.wait_for_js(
        "the coach's own history",
        "return document.querySelectorAll('#history-rows tr').length > 0 && document.getElementById('history-map').src.startsWith('blob:')",
    )?;
    session.click("#import-json")?;
    let shown = session.wait_for_js(
        "the import preview",
        "const error = document.getElementById('error'); if (!error.hidden) return 'error: ' + error.textContent; return !document.getElementById('import-preview').hidden && document.getElementById('import-people').textContent",
    )?;
    let shown = shown.as_str().unwrap_or_default().to_string();
    if shown.starts_with("error: ") {
        return Err(shown);
    }
    Ok(shown)
}

#[test]
fn a_leaders_export_goes_to_the_person_chosen_in_the_preview_and_never_into_the_coachs_own_me(
) -> driver::Result<()> {
    let temp = tempfile::tempdir().map_err(map_err)?;
    // The leader's Bearing, never renamed: their person is "Me".
    let leader_db = temp.path().join("leader.db");
    seed_history(&leader_db, 2)?;
    let file = temp.path().join("lead.json");
    let leader = Storage::open(&leader_db).map_err(map_err)?;
    ops::export_to_file(&leader, None, &file, true, chrono::Utc::now()).map_err(map_err)?;
    let leader_history = positions(&leader, DEFAULT_PROFILE_ID)?;
    drop(leader);
    // The coach's: their own "Me" with one assessment, and "Ada".
    let coach_db = temp.path().join("coach.db");
    seed_history(&coach_db, 1)?;
    let mut coach = Storage::open(&coach_db).map_err(map_err)?;
    let ada = ops::add_profile(&mut coach, "Ada", chrono::Utc::now())
        .map_err(map_err)?
        .id;
    let coach_me = positions(&coach, DEFAULT_PROFILE_ID)?;
    drop(coach);

    let session = start_with(&temp, &coach_db, &[("BEARING_TEST_OPEN_FILE", &file)])?;
    open_screen(&session, "history")?;
    let people = open_preview(&session)?;
    assert!(people.starts_with("Me (2 assessments,"), "{people}");
    assert!(people.contains("2 new, 0 already here"), "{people}");
    assert!(
        people
            .contains("Someone here is also called Me, but nothing says they are the same person"),
        "{people}"
    );
    assert_eq!(
        session.script(
            "return document.getElementById('import-file').textContent",
            json!([])
        )?,
        json!("lead.json")
    );
    let confirm_disabled = "return document.getElementById('import-confirm').disabled";
    assert_eq!(session.script(confirm_disabled, json!([]))?, json!(true));
    a11y::assert_accessible(&session, "history, importing a file that needs a choice")?;

    // The coach says it is Ada.
    session.script(
        "const s = document.getElementById('import-target'); s.value = [...s.options].find(o => o.text === 'Ada').value; s.dispatchEvent(new Event('change'));",
        json!([]),
    )?;
    session.wait_for_js(
        "the preview for Ada",
        "return !document.getElementById('import-confirm').disabled && document.getElementById('import-people').textContent.includes('Goes to Ada')",
    )?;
    std::fs::create_dir_all(screenshot_dir()).map_err(map_err)?;
    session.screenshot(&screenshot_dir().join("import-preview.png"))?;
    session.click("#import-confirm")?;
    let status = session.wait_for_js(
        "the import",
        "const t = document.getElementById('export-status').textContent; return t.startsWith('Imported') && t",
    )?;
    assert_eq!(status, json!("Imported 2 assessments."));
    assert_eq!(
        session.script(
            "return document.getElementById('import-preview').hidden",
            json!([])
        )?,
        json!(true)
    );
    drop(session);
    let coach = Storage::open(&coach_db).map_err(map_err)?;
    assert_eq!(positions(&coach, ada)?, leader_history);
    assert_eq!(
        positions(&coach, DEFAULT_PROFILE_ID)?,
        coach_me,
        "the coach's own Me is untouched"
    );
    drop(coach);

    // The same file again: it goes to Ada by itself, and adds nothing.
    let session = start_with(&temp, &coach_db, &[("BEARING_TEST_OPEN_FILE", &file)])?;
    open_screen(&session, "history")?;
    let people = open_preview(&session)?;
    assert!(people.contains("0 new, 2 already here"), "{people}");
    assert!(people.contains("Goes to Ada, as chosen before"), "{people}");
    assert_eq!(session.script(confirm_disabled, json!([]))?, json!(false));
    session.click("#import-confirm")?;
    let status = session.wait_for_js(
        "the second import",
        "const t = document.getElementById('export-status').textContent; return t.startsWith('Imported') && t",
    )?;
    assert_eq!(status, json!("Imported 0 assessments; 2 already here."));
    drop(session);
    let coach = Storage::open(&coach_db).map_err(map_err)?;
    assert_eq!(positions(&coach, ada)?, leader_history);
    assert_eq!(positions(&coach, DEFAULT_PROFILE_ID)?, coach_me);
    Ok(())
}
