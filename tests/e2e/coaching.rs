//! A coaching session on a shared screen: a coach's Bearing with three leaders, a manager's sheet
//! and peers' sheets about one of them. Whatever the coach opens, no single peer's answers show,
//! on screen or in the CSV; the peers appear as a group once three answered.

use std::path::Path;

use bearing_lib::domain::{questionnaire, AnswerSheet, Assessment, Rater};
use bearing_lib::ops;
use bearing_lib::storage::{Storage, DEFAULT_PROFILE_ID};
use serde_json::json;

use super::driver::{self, Session};
use super::{map_err, open_screen, saved_file, screenshot_dir, start_with, wait_for_home};

/// Answers that vary with `shift` and raise no response-quality flag (every fifth answer alike).
/// Shifts from 10 on use another pattern: the peers', unlike anyone else's.
fn varied(shift: usize) -> driver::Result<AnswerSheet> {
    let step = if shift >= 10 { 2 } else { 3 };
    let q = questionnaire::current();
    let values = q
        .items
        .iter()
        .enumerate()
        .map(|(n, item)| (item.id.clone(), 1 + ((n * step + shift) % 5) as u8))
        .collect();
    AnswerSheet::from_values(q, &values).map_err(map_err)
}

/// A day of 2026 (every call names a real one).
fn day(month: u32, d: u32) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, month, d).unwrap_or_default()
}

/// Saves the leader's own answers for `date`.
fn own(
    storage: &mut Storage,
    profile: i64,
    shift: usize,
    date: chrono::NaiveDate,
) -> driver::Result<()> {
    let when = ops::When {
        date: Some(date),
        today: ops::today(),
        now: chrono::Utc::now(),
    };
    ops::assess(
        storage,
        ops::Who::leader(profile),
        ops::Answered::untimed(&varied(shift)?),
        None,
        when,
        false,
    )
    .map(drop)
    .map_err(map_err)
}

/// A sheet about `person` for `rater`, filled in elsewhere (with `name` for a manager) and imported.
fn sheet_from(
    storage: &mut Storage,
    folder: &Path,
    person: &bearing_lib::storage::Profile,
    rater: Rater,
    shift: usize,
    name: Option<&str>,
) -> driver::Result<Assessment> {
    let n = std::fs::read_dir(folder).map_err(map_err)?.count();
    let blank = folder.join(format!("blank-{n}.json"));
    let filled = folder.join(format!("filled-{n}.json"));
    let sheet =
        ops::write_sheet(person, rater, &blank, None, chrono::Utc::now()).map_err(map_err)?;
    let by = ops::FilledBy {
        when: ops::When::now(Some(day(3, 10))),
        name,
    };
    // Another rater answers only what they can see.
    let answers = varied(shift)?;
    let seen = answers.observable_part().unwrap_or(answers);
    let filled_sheet = ops::fill_sheet(sheet, &seen, by, &filled).map_err(map_err)?;
    ops::import_sheet(storage, &filled_sheet, ops::today()).map_err(map_err)
}

/// Every number the page shows, as it shows it ("47.3").
fn numbers_on_screen(session: &Session) -> driver::Result<Vec<String>> {
    let found = session.script(
        "return (document.body.innerText.match(/\\d+\\.\\d/g) || [])",
        json!([]),
    )?;
    serde_json::from_value(found).map_err(map_err)
}

/// Fails when a number only one peer's answers give is in `seen`.
fn assert_no_peer_numbers(peer: &[String], seen: &[String], place: &str) {
    for number in peer {
        assert!(
            !seen.contains(number),
            "{place}: a single peer's position {number} shows: {seen:?}"
        );
    }
}

#[test]
fn a_coaching_session_shows_peers_only_as_a_group() -> driver::Result<()> {
    let temp = tempfile::tempdir().map_err(map_err)?;
    let db = temp.path().join("coach.db");
    let sheets = temp.path().join("sheets");
    let saved = temp.path().join("saved");
    for dir in [&sheets, &saved] {
        std::fs::create_dir(dir).map_err(map_err)?;
    }
    // The caseload: three leaders with their own months.
    let mut storage = Storage::open(&db).map_err(map_err)?;
    let ada =
        ops::rename_profile(&mut storage, DEFAULT_PROFILE_ID, "Ada Lovelace").map_err(map_err)?;
    let now = chrono::Utc::now();
    let grace = ops::add_profile(&mut storage, "Grace Hopper", now).map_err(map_err)?;
    let linus = ops::add_profile(&mut storage, "Linus Pauling", now).map_err(map_err)?;
    for (person, shift) in [(ada.id, 0), (grace.id, 4), (linus.id, 2)] {
        own(&mut storage, person, shift, day(2, 20))?;
        own(&mut storage, person, shift + 1, day(3, 8))?;
    }
    // Ada's manager answers, named; then two peers.
    let manager = sheet_from(
        &mut storage,
        &sheets,
        &ada,
        Rater::Manager,
        3,
        Some("Morgan Reyes"),
    )?;
    let mut peers = Vec::new();
    for shift in [10, 11] {
        peers.push(sheet_from(
            &mut storage,
            &sheets,
            &ada,
            Rater::Peer,
            shift,
            None,
        )?);
    }
    drop(storage);
    // The positions only one peer's answers give: a number that is also someone else's position,
    // or the group's, could not tell anything apart.
    let peer_numbers = |peers: &[Assessment]| -> driver::Result<Vec<String>> {
        let storage = Storage::open(&db).map_err(map_err)?;
        let seen = ops::perceptions(&storage, ada.id).map_err(map_err)?;
        let mut others: Vec<f64> = Vec::new();
        for person in [ada.id, grace.id, linus.id] {
            for a in storage.assessment_summaries(person).map_err(map_err)? {
                if !a.rater.is_group() {
                    others.extend([a.focus, a.autonomy]);
                }
            }
        }
        for g in seen.groups.iter().filter_map(|g| g.group.view.as_ref()) {
            others.extend([g.pooled.focus, g.pooled.autonomy]);
        }
        let others: Vec<String> = others.iter().map(|x| format!("{x:.1}")).collect();
        let only: Vec<String> = peers
            .iter()
            .flat_map(|p| [p.summary.focus, p.summary.autonomy])
            .map(|x| format!("{x:.1}"))
            .filter(|x| !others.contains(x))
            .collect();
        assert!(
            only.len() >= peers.len(),
            "too few telling numbers: {only:?}"
        );
        Ok(only)
    };

    // Two peers: the history says so, and shows nothing of their sheets.
    let session = start_with(&temp, &db, &[("BEARING_TEST_SAVE_DIR", &saved)])?;
    session.set_window_size(1280, 900)?;
    wait_for_home(&session)?;
    open_screen(&session, "history")?;
    let others = session.wait_for_js(
        "the others' views",
        "const c = document.getElementById('history-others'); return !c.hidden && document.getElementById('others-list').innerText",
    )?;
    let others = others.as_str().unwrap_or_default().to_string();
    assert!(others.contains("1 more needed"), "{others}");
    assert!(others.contains("Manager · Morgan Reyes"), "{others}");
    let rows = session.script(
        "return [...document.querySelectorAll('#history-rows tr')].map(tr => [tr.dataset.id || null, tr.dataset.group || null, tr.cells[1].textContent])",
        json!([]),
    )?;
    let peer_ids: Vec<String> = peers.iter().map(|p| p.summary.id.to_string()).collect();
    for row in rows.as_array().into_iter().flatten() {
        assert!(
            !peer_ids.iter().any(|id| row[0] == json!(id)),
            "a peer's own row: {row}"
        );
    }
    assert!(
        rows.as_array()
            .is_some_and(|r| r.iter().any(|row| row[1] == json!("peer"))),
        "the peers' row: {rows}"
    );
    assert_no_peer_numbers(
        &peer_numbers(&peers)?,
        &numbers_on_screen(&session)?,
        "history, two peers",
    );
    drop(session);

    // A third peer: the group appears, pooled.
    let mut storage = Storage::open(&db).map_err(map_err)?;
    peers.push(sheet_from(
        &mut storage,
        &sheets,
        &ada,
        Rater::Peer,
        3,
        None,
    )?);
    drop(storage);
    let session = start_with(&temp, &db, &[("BEARING_TEST_SAVE_DIR", &saved)])?;
    session.set_window_size(1280, 900)?;
    wait_for_home(&session)?;
    open_screen(&session, "history")?;
    let others = session.wait_for_js(
        "the peers' pooled view",
        "const t = document.getElementById('others-list').innerText; return t.includes('peers (3)') && t",
    )?;
    assert!(
        !others.as_str().unwrap_or_default().contains("more needed"),
        "{others}"
    );
    session.screenshot(&screenshot_dir().join("coaching-history.png"))?;
    super::a11y::assert_accessible(&session, "history with a manager and peers")?;
    let numbers = peer_numbers(&peers)?;
    assert_no_peer_numbers(
        &numbers,
        &numbers_on_screen(&session)?,
        "history, three peers",
    );

    // The coach's caseload: the three leaders on one map and in one table, Ada's latest gap with
    // her manager beside her, and nothing of a single peer.
    open_screen(&session, "caseload")?;
    let names = session.wait_for_js(
        "the caseload table",
        "const rows = [...document.querySelectorAll('#caseload-rows tr')]; const i = document.getElementById('caseload-map'); return rows.length === 3 && i.complete && i.naturalWidth > 0 && rows.map(r => r.cells[0].textContent)",
    )?;
    assert_eq!(
        names,
        json!(["Ada Lovelace", "Grace Hopper", "Linus Pauling"])
    );
    let ada_gap = session.script(
        "return document.querySelector(`#caseload-rows tr[data-id='${arguments[0]}']`).lastElementChild.textContent",
        json!([ada.id.to_string()]),
    )?;
    assert!(
        ada_gap.as_str().unwrap_or_default().contains("Manager"),
        "{ada_gap}"
    );
    assert_no_peer_numbers(&numbers, &numbers_on_screen(&session)?, "the caseload");
    session.screenshot(&screenshot_dir().join("coaching-caseload.png"))?;
    // Presentation-safe: initials replace every name, on the map's alt and in the table.
    session.click("#caseload-initials")?;
    let shown = session.wait_for_js(
        "the initials",
        "const t = document.getElementById('caseload-table').innerText + document.getElementById('caseload-map').alt; return !t.includes('Lovelace') && t.includes('AL') && t",
    )?;
    assert!(
        !shown.as_str().unwrap_or_default().contains("Grace"),
        "{shown}"
    );
    session.click("#caseload-names")?;
    // Opening a row switches to that person.
    session.script(
        "document.querySelector(`#caseload-rows tr[data-id='${arguments[0]}']`).click()",
        json!([grace.id.to_string()]),
    )?;
    session.wait_for_js(
        "Grace's home",
        "return !document.getElementById('view-home').hidden && document.getElementById('home-eyebrow').textContent.startsWith('Grace Hopper')",
    )?;
    session.script(
        "const s = document.getElementById('profile-select'); s.value = arguments[0]; s.dispatchEvent(new Event('change'));",
        json!([ada.id.to_string()]),
    )?;
    session.wait_for_js(
        "Ada's home again",
        "return !document.getElementById('view-home').hidden && document.getElementById('home-eyebrow').textContent.startsWith('Ada Lovelace')",
    )?;
    open_screen(&session, "history")?;
    session.wait_for_js(
        "Ada's history",
        "return document.querySelectorAll('#history-rows tr').length > 0 && document.getElementById('others-list').innerText.includes('peers (3)')",
    )?;

    // The manager's row opens as the manager's view of Ada, not as her bearing.
    // The row is a table row, not a control: open it as a pointer would, through its handler.
    session.script(
        "document.querySelector(`#history-rows tr[data-id='${arguments[0]}']`).click()",
        json!([manager.summary.id.to_string()]),
    )?;
    let heading = session.wait_for_js(
        "the manager's view",
        "return !document.getElementById('view-result').hidden && document.getElementById('result-date').textContent",
    )?;
    assert!(
        heading
            .as_str()
            .unwrap_or_default()
            .starts_with("Manager · Morgan Reyes's view of Ada Lovelace"),
        "{heading}"
    );
    assert_no_peer_numbers(
        &numbers,
        &numbers_on_screen(&session)?,
        "the manager's result",
    );
    session.screenshot(&screenshot_dir().join("coaching-manager-view.png"))?;

    // The CSV export holds the group, never a peer's sheet.
    open_screen(&session, "history")?;
    session.wait_for_js(
        "the export card",
        "return !document.getElementById('history-export').hidden && document.querySelectorAll('#history-rows tr').length > 0",
    )?;
    session.click("#export-csv")?;
    session.wait_for_js(
        "the CSV export",
        "return document.getElementById('export-status').textContent.startsWith('Saved to')",
    )?;
    let csv = std::fs::read_to_string(saved_file(&saved, "csv")?).map_err(map_err)?;
    let peer_lines: Vec<&str> = csv.lines().filter(|l| l.contains(",peer,")).collect();
    assert_eq!(peer_lines.len(), 1, "one pooled row: {csv}");
    assert!(peer_lines[0].contains("Peers (3)"), "{csv}");
    for number in &numbers {
        assert!(
            !csv.split([',', '\n']).any(|field| field == number),
            "a single peer's position {number} in the CSV"
        );
    }

    // On the shared screen: the presentation shows nothing of a single peer either.
    open_screen(&session, "home")?;
    session.click("#present-open")?;
    session.wait_for_js(
        "the presentation",
        "return !document.getElementById('present').hidden",
    )?;
    assert_no_peer_numbers(&numbers, &numbers_on_screen(&session)?, "the presentation");
    Ok(())
}
