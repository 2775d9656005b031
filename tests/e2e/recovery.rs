//! A damaged history file in the real window: the recovery screen, restoring the newest verified
//! backup, and the backups list on the About screen.

use std::fs;

use bearing_lib::storage::{safekeeping, BackupKind, Storage};
use chrono::Utc;

use super::{
    a11y, driver, map_err, open_screen, screenshot_dir, seed_history, start_on, wait_for_home,
};

/// Flips bytes in the header of the first page of the `answer` table, as a failing disk might.
pub(crate) fn damage(db: &std::path::Path) -> driver::Result<()> {
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

    let (session, _) = start_on(&temp)?;
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
    a11y::assert_accessible(&session, "recovery")?;
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
    a11y::assert_accessible(&session, "about, after a backup")?;
    session.screenshot(&screenshot_dir().join("backups.png"))?;
    Ok(())
}

/// Runs `mount` (the read-only test needs root, as CI runs it).
pub(crate) fn mount(args: &[&str]) -> driver::Result<()> {
    let out = std::process::Command::new("mount")
        .args(args)
        .output()
        .map_err(map_err)?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "mount {args:?} failed (this test needs root to bind-mount a file read-only): {}",
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

/// Unmounts the read-only bind mount when the test ends, however it ends.
pub(crate) struct Unmount<'a>(pub(crate) &'a std::path::Path);

impl Drop for Unmount<'_> {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount")
            .arg("-l")
            .arg(self.0)
            .status();
    }
}

#[test]
fn a_read_only_history_is_shown_with_the_reason_and_offers_no_changes() -> driver::Result<()> {
    let temp = tempfile::TempDir::new().map_err(map_err)?;
    let db = temp.path().join("bearing.db");
    seed_history(&db, 4)?;
    let bytes = fs::read(&db).map_err(map_err)?;
    // A read-only bind mount of the file itself: even root cannot write it.
    let path = db.to_str().ok_or("temporary path is not UTF-8")?;
    mount(&["--bind", path, path])?;
    let _unmount = Unmount(&db);
    mount(&["-o", "remount,ro,bind", path])?;

    let (session, _) = start_on(&temp)?;
    wait_for_home(&session)?;
    session.wait_for_js(
        "the read-only banner",
        "return !document.getElementById('read-only').hidden",
    )?;
    let banner = session.text("#read-only")?;
    assert!(
        banner.contains("bearing.db cannot be written")
            && banner.contains("nothing new can be saved"),
        "{banner}"
    );
    assert!(session.text("#view-home")?.contains("4 assessments"));
    let start_disabled = session.script(
        "return document.getElementById('home-start').disabled",
        serde_json::json!([]),
    )?;
    assert_eq!(
        start_disabled,
        serde_json::json!(true),
        "no assessment can be started"
    );
    a11y::assert_accessible(&session, "home, read-only")?;
    session.screenshot(&screenshot_dir().join("read-only.png"))?;

    // The banner stays on every screen; the history is all there.
    open_screen(&session, "history")?;
    session.wait_for_js(
        "the history rows",
        "return document.querySelectorAll('#history-rows tr').length >= 4",
    )?;
    let shown = session.script(
        "return !document.getElementById('read-only').hidden",
        serde_json::json!([]),
    )?;
    assert_eq!(shown, serde_json::json!(true));

    // The Assessment tab says no assessment can be saved instead of offering statements, and
    // its keys answer nothing.
    open_screen(&session, "questionnaire")?;
    session.wait_for_js(
        "the questionnaire's read-only card",
        "return !document.getElementById('q-read-only').hidden && document.getElementById('q-statements').hidden",
    )?;
    session.press("1")?;
    a11y::assert_accessible(&session, "questionnaire, read-only")?;
    session.screenshot(&screenshot_dir().join("read-only-assessment.png"))?;
    session.click("#q-read-only-home")?;
    wait_for_home(&session)?;
    drop(session);
    assert_eq!(
        fs::read(&db).map_err(map_err)?,
        bytes,
        "nothing was written"
    );
    Ok(())
}
