//! Importing a leader's export into their coach's Bearing in the window: the preview says whose
//! history it is and asks who they are here, because both are called "Me"; the import goes to
//! the person chosen, and the next file from the leader goes there by itself. And an exchange
//! folder read by the window at start and on "Sync now".

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

/// Waits for People's exchange card to report a pass with `expected` in it.
fn wait_for_pass(session: &driver::Session, expected: &str) -> driver::Result<String> {
    let status = session.wait_for_js(
        &format!("a pass saying {expected}"),
        &format!(
            "const t = document.getElementById('exchange-status').textContent; return t.includes({}) && t",
            json!(expected)
        ),
    )?;
    Ok(status.as_str().unwrap_or_default().to_string())
}

#[test]
fn an_exchange_folder_is_read_when_the_window_starts_and_on_sync_now() -> driver::Result<()> {
    let temp = tempfile::tempdir().map_err(map_err)?;
    let folder = temp.path().join("shared");
    std::fs::create_dir(&folder).map_err(map_err)?;
    let now = chrono::Utc::now();
    // The leader, Grace, with two months; the coach with their own month and Ada.
    let leader_db = temp.path().join("leader").join("bearing.db");
    let coach_db = temp.path().join("coach").join("bearing.db");
    for db in [&leader_db, &coach_db] {
        std::fs::create_dir_all(db.parent().ok_or("a folder")?).map_err(map_err)?;
    }
    seed_history(&leader_db, 2)?;
    seed_history(&coach_db, 1)?;
    let mut leader = Storage::open(&leader_db).map_err(map_err)?;
    ops::rename_profile(&mut leader, DEFAULT_PROFILE_ID, "Grace").map_err(map_err)?;
    let mut coach = Storage::open(&coach_db).map_err(map_err)?;
    let ada = ops::add_profile(&mut coach, "Ada", now)
        .map_err(map_err)?
        .id;
    let leader_key = ops::exchange_key(&mut leader, now).map_err(map_err)?;
    let coach_key = ops::exchange_key(&mut coach, now).map_err(map_err)?;
    ops::folder::link_folder(&mut leader, DEFAULT_PROFILE_ID, &folder, &coach_key, now)
        .map_err(map_err)?;
    ops::folder::link_folder(&mut coach, ada, &folder, &leader_key, now).map_err(map_err)?;
    ops::folder::sync_folders(&mut leader, now).map_err(map_err)?;
    let coach_me = positions(&coach, DEFAULT_PROFILE_ID)?;
    drop(coach);

    // The coach opens Bearing: the folder is read at start.
    let session = start_with(&temp, &coach_db, &[])?;
    open_screen(&session, "people")?;
    let status = wait_for_pass(&session, "Ada: 1 file in, 2 assessments added")?;
    assert!(status.contains("wrote a change"), "{status}");
    let links = session.text("#exchange-links")?;
    assert!(links.starts_with("Ada: "), "{links}");

    // The leader takes another month while the coach's window is open; Sync now brings it.
    seed_more(&mut leader)?;
    ops::folder::sync_folders(&mut leader, now).map_err(map_err)?;
    session.click("#exchange-sync")?;
    wait_for_pass(&session, "Ada: 1 file in, 1 assessment added")?;
    drop(session);
    let coach = Storage::open(&coach_db).map_err(map_err)?;
    assert_eq!(
        positions(&coach, ada)?,
        positions(&leader, DEFAULT_PROFILE_ID)?
    );
    assert_eq!(positions(&coach, DEFAULT_PROFILE_ID)?, coach_me);
    Ok(())
}

/// One more month of the leader's own (answers that differ from `seed_history`'s).
fn seed_more(storage: &mut Storage) -> driver::Result<()> {
    let q = bearing_lib::domain::questionnaire::current();
    let answers: std::collections::BTreeMap<String, u8> =
        q.items.iter().map(|i| (i.id.clone(), 5)).collect();
    let sheet = bearing_lib::domain::AnswerSheet::from_values(q, &answers).map_err(map_err)?;
    let when = ops::When {
        date: chrono::NaiveDate::from_ymd_opt(2026, 6, 28),
        today: ops::today(),
        now: chrono::Utc::now(),
    };
    ops::assess(
        storage,
        ops::Who::leader(DEFAULT_PROFILE_ID),
        ops::Answered::untimed(&sheet),
        None,
        when,
        false,
    )
    .map_err(map_err)?;
    Ok(())
}
