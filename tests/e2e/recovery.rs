//! A damaged history file in the real window: the recovery screen, restoring the newest verified
//! backup, and the backups list on the About screen.

use std::fs;

use bearing_lib::storage::{safekeeping, BackupKind, Storage};
use chrono::Utc;

use super::{driver, map_err, open_screen, screenshot_dir, seed_history, wait_for_home};
use crate::driver::Session;

/// Flips bytes in the header of the first page of the `answer` table, as a failing disk might.
fn damage(db: &std::path::Path) -> driver::Result<()> {
    let conn = rusqlite::Connection::open(db).map_err(map_err)?;
    let root: i64 = conn
        .query_row(
            "SELECT rootpage FROM sqlite_schema WHERE name = 'answer'",
            [],
            |r| r.get(0),
        )
        .map_err(map_err)?;
    drop(conn);
    let mut bytes = fs::read(db).map_err(map_err)?;
    let at = (root as usize - 1) * 4096;
    for b in &mut bytes[at..at + 8] {
        *b ^= 0xA5;
    }
    fs::write(db, bytes).map_err(map_err)
}

#[test]
fn a_damaged_history_is_set_aside_and_restored_from_the_window() -> driver::Result<()> {
    let temp = tempfile::TempDir::new().map_err(map_err)?;
    let db = temp.path().join("bearing.db");
    seed_history(&db, 5)?;
    let storage = Storage::open(&db).map_err(map_err)?;
    storage
        .back_up(BackupKind::Manual, Utc::now())
        .map_err(map_err)?;
    drop(storage);
    damage(&db)?;
    let damaged = fs::read(&db).map_err(map_err)?;

    let app = std::path::PathBuf::from(env!("CARGO_BIN_EXE_bearing"));
    let session = Session::start(
        &app,
        &[
            ("BEARING_DB", &db),
            ("HOME", temp.path()),
            ("XDG_DATA_HOME", temp.path()),
        ],
    )?;
    session.wait_for_js(
        "the recovery screen",
        "return !document.getElementById('view-recovery').hidden && !document.getElementById('recovery-restore').hidden",
    )?;
    let said = session.text("#recovery-backup-text")?;
    assert!(said.contains("holds 5 assessments"), "{said}");
    let aside = session.text("#recovery-aside")?;
    assert!(aside.contains("bearing.db.damaged-"), "{aside}");
    assert_eq!(
        fs::read(&aside).map_err(map_err)?,
        damaged,
        "set aside unchanged"
    );
    session.screenshot(&screenshot_dir().join("recovery.png"))?;

    session.click("#recovery-restore")?;
    wait_for_home(&session)?;
    session.wait_for_js(
        "the restored history at home",
        "return document.getElementById('view-home').textContent.includes('5 assessments')",
    )?;

    // The About screen lists the backups: the one restored, and none made of the empty file.
    open_screen(&session, "about")?;
    session.wait_for_js(
        "the backups list",
        "return document.querySelectorAll('#backups-list .backup').length > 0",
    )?;
    let listed = session.script(
        "return [...document.querySelectorAll('#backups-list .backup')].map(li => li.dataset.name)",
        serde_json::json!([]),
    )?;
    let on_disk: Vec<String> = safekeeping::list_backups(&db)
        .map_err(map_err)?
        .into_iter()
        .map(|b| b.name)
        .collect();
    assert_eq!(listed, serde_json::json!(on_disk));

    // Back up now, from the window: one more backup, verified.
    session.click("#backups-now")?;
    session.wait_for_js(
        "the new backup",
        &format!(
            "return document.querySelectorAll('#backups-list .backup').length === {}",
            on_disk.len() + 1
        ),
    )?;
    let status = session.text("#backups-status")?;
    assert!(status.contains("Backed up 5 assessments"), "{status}");
    session.screenshot(&screenshot_dir().join("backups.png"))?;
    Ok(())
}
