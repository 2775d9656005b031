//! Reminders in the real window: a `bearing:` link opens that person's questionnaire (at start,
//! and handed to a window already open), a malformed or unknown one opens Home with a message,
//! "Add to my calendar…" saves a calendar file from Home and People, and the nudge's switch adds
//! and removes the login entry.

use std::path::{Path, PathBuf};
use std::process::Command;

use bearing_lib::ops;
use bearing_lib::storage::Storage;

use crate::driver::{self, Session};
use crate::{map_err, open_screen, saved_file, seed_history, start_with, wait_for_home};

/// Adds a person to `db` and returns their id and their id across databases.
fn add_person(db: &Path, name: &str) -> driver::Result<(i64, String)> {
    let mut storage = Storage::open(db).map_err(map_err)?;
    let person = storage
        .add_profile(name, chrono::Utc::now())
        .map_err(map_err)?;
    Ok((person.id, person.uuid))
}

/// Starts the app on `db` with `link` as its only argument, as a desktop does.
fn start_on_link(temp: &tempfile::TempDir, db: &Path, link: &str) -> driver::Result<Session> {
    let app = PathBuf::from(env!("CARGO_BIN_EXE_bearing"));
    Session::start_with_args(
        &app,
        &[link],
        &[
            ("BEARING_DB", db),
            ("HOME", temp.path()),
            ("XDG_DATA_HOME", temp.path()),
        ],
    )
}

/// The person the switcher shows, by id.
fn shown_person(session: &Session) -> driver::Result<String> {
    let value = session.script(
        "return document.getElementById('profile-select').value",
        serde_json::json!([]),
    )?;
    Ok(value.as_str().unwrap_or_default().to_string())
}

/// Waits for Home with the error banner saying a link could not be followed, and returns it.
fn wait_for_link_refused(session: &Session) -> driver::Result<String> {
    let banner = session.wait_for_js(
        "Home with the link's message",
        "const e = document.getElementById('error'); \
         return !document.getElementById('view-home').hidden && !e.hidden && e.textContent",
    )?;
    Ok(banner.as_str().unwrap_or_default().to_string())
}

#[test]
fn a_calendar_link_opens_that_persons_questionnaire() -> driver::Result<()> {
    let temp = tempfile::tempdir().map_err(map_err)?;
    let db = temp.path().join("bearing.db");
    seed_history(&db, 2)?;
    let (sam, sam_uuid) = add_person(&db, "Sam Okafor")?;
    let session = start_on_link(&temp, &db, &ops::assess_link(&sam_uuid))?;
    session.wait_for_js(
        "Sam's questionnaire",
        "return !document.getElementById('view-questionnaire').hidden \
         && document.getElementById('q-count').textContent.includes('answered')",
    )?;
    assert_eq!(shown_person(&session)?, sam.to_string());
    session.screenshot(&crate::screenshot_dir().join("link-questionnaire.png"))?;

    // A second launch hands its link to this window and leaves: here one naming nobody here.
    let app = PathBuf::from(env!("CARGO_BIN_EXE_bearing"));
    let nobody = ops::assess_link("0f8fad5b-d9cb-469f-a165-70867728950e");
    let second = Command::new(&app)
        .arg(&nobody)
        .env("BEARING_DB", &db)
        .env("HOME", temp.path())
        .env("XDG_DATA_HOME", temp.path())
        .output()
        .map_err(map_err)?;
    assert!(
        second.status.success(),
        "the second launch leaves quietly: {}",
        String::from_utf8_lossy(&second.stderr)
    );
    let banner = wait_for_link_refused(&session)?;
    assert!(banner.contains("isn't in this Bearing"), "{banner}");
    assert_eq!(shown_person(&session)?, sam.to_string(), "still Sam");

    // And a good link handed over the same way opens the questionnaire again.
    let again = Command::new(&app)
        .arg(ops::assess_link(&sam_uuid))
        .env("BEARING_DB", &db)
        .env("HOME", temp.path())
        .env("XDG_DATA_HOME", temp.path())
        .output()
        .map_err(map_err)?;
    assert!(
        again.status.success(),
        "the third launch hands its link over and leaves: {}",
        String::from_utf8_lossy(&again.stderr)
    );
    session.wait_for_js(
        "the questionnaire from the handed link",
        "return !document.getElementById('view-questionnaire').hidden",
    )?;
    Ok(())
}

#[test]
fn a_malformed_link_opens_home_with_a_message() -> driver::Result<()> {
    let temp = tempfile::tempdir().map_err(map_err)?;
    let db = temp.path().join("bearing.db");
    seed_history(&db, 1)?;
    let (_, sam_uuid) = add_person(&db, "Sam Okafor")?;
    // Well-formed but asking for something else: nothing of it is acted on.
    let session = start_on_link(&temp, &db, &format!("bearing://delete?profile={sam_uuid}"))?;
    let banner = wait_for_link_refused(&session)?;
    assert!(banner.contains("can't open this link"), "{banner}");
    assert!(
        !banner.contains("delete"),
        "the link's own text is not echoed: {banner}"
    );
    let questionnaire_hidden = session.script(
        "return document.getElementById('view-questionnaire').hidden",
        serde_json::json!([]),
    )?;
    assert_eq!(questionnaire_hidden, serde_json::json!(true));
    drop(session);

    // Not even a URL: the deep-link plugin cannot read it, and Bearing still answers on Home.
    let session = start_on_link(&temp, &db, "bearing://[oops")?;
    let banner = wait_for_link_refused(&session)?;
    assert!(banner.contains("not a well-formed link"), "{banner}");
    Ok(())
}

#[test]
fn home_and_people_save_a_calendar_file() -> driver::Result<()> {
    let temp = tempfile::tempdir().map_err(map_err)?;
    let db = temp.path().join("bearing.db");
    let saved = temp.path().join("saved");
    std::fs::create_dir(&saved).map_err(map_err)?;
    seed_history(&db, 1)?;
    let (_, sam_uuid) = add_person(&db, "Sam Okafor")?;
    let session = start_with(&temp, &db, &[("BEARING_TEST_SAVE_DIR", &saved)])?;
    wait_for_home(&session)?;
    session.click("#home-calendar")?;
    session.wait_for_js(
        "the calendar file to be saved",
        "return document.getElementById('home-calendar-status').textContent.includes('.ics')",
    )?;
    let status = session.text("#home-calendar-status")?;
    assert!(status.contains("every month"), "{status}");
    let file = saved_file(&saved, "ics")?;
    let ics = std::fs::read_to_string(&file).map_err(map_err)?;
    assert!(ics.contains("RRULE:FREQ=MONTHLY;INTERVAL=1"), "{ics}");
    std::fs::remove_file(&file).map_err(map_err)?;

    // People: Sam's row saves Sam's (a weekly rhythm once set there).
    open_screen(&session, "people")?;
    session.script(
        "const row = [...document.querySelectorAll('#people-list li')].find(li => li.textContent.includes('Sam Okafor')); \
         const s = row.querySelector('select'); s.value = '7'; s.dispatchEvent(new Event('change'));",
        serde_json::json!([]),
    )?;
    session.wait_for_js(
        "Sam's weekly rhythm",
        "const row = [...document.querySelectorAll('#people-list li')].find(li => li.textContent.includes('Sam Okafor')); \
         return row && row.querySelector('select').value === '7'",
    )?;
    session.script(
        "[...document.querySelectorAll('#people-list li')].find(li => li.textContent.includes('Sam Okafor')) \
         .querySelector('button[aria-label^=\"Add to calendar\"]').click();",
        serde_json::json!([]),
    )?;
    session.wait_for_js(
        "the toast naming the file",
        "return !document.getElementById('toast').hidden && document.getElementById('toast-text').textContent.includes('.ics')",
    )?;
    session.screenshot(&crate::screenshot_dir().join("people-calendar.png"))?;
    let ics = std::fs::read_to_string(saved_file(&saved, "ics")?).map_err(map_err)?;
    assert!(ics.contains("RRULE:FREQ=WEEKLY;INTERVAL=1"), "{ics}");
    assert!(ics.contains(&sam_uuid), "{ics}");
    Ok(())
}

#[test]
fn the_nudge_switch_adds_and_removes_the_login_entry() -> driver::Result<()> {
    let temp = tempfile::tempdir().map_err(map_err)?;
    let db = temp.path().join("bearing.db");
    seed_history(&db, 1)?;
    let entry = temp.path().join(".config/autostart/Bearing.desktop");
    let session = start_with(&temp, &db, &[])?;
    open_screen(&session, "about")?;
    let off = session.script(
        "return document.getElementById('nudge-on').checked",
        serde_json::json!([]),
    )?;
    assert_eq!(off, serde_json::json!(false), "off by default");
    assert!(!entry.exists());

    session.click("#nudge-on")?;
    session.wait_for_js(
        "the nudge to be on",
        "return document.getElementById('nudge-status').textContent.startsWith('On')",
    )?;
    session.script(
        "document.getElementById('reminders-heading').scrollIntoView()",
        serde_json::json!([]),
    )?;
    session.screenshot(&crate::screenshot_dir().join("about-reminders.png"))?;
    let text = std::fs::read_to_string(&entry).map_err(map_err)?;
    let exec = text
        .lines()
        .find(|l| l.starts_with("Exec="))
        .unwrap_or_default();
    // This window's database is not the default one, so the entry names it.
    assert!(
        exec.ends_with(&format!(" nudge --db \"{}\"", db.display())),
        "{exec}"
    );

    session.click("#nudge-on")?;
    session.wait_for_js(
        "the nudge to be off",
        "return document.getElementById('nudge-status').textContent.startsWith('Off')",
    )?;
    assert!(!entry.exists(), "turning it off removes the entry");
    Ok(())
}

/// The notification server: dunst, which the session bus starts on first use (its package
/// declares the D-Bus service), on this test's display.
struct Dunst;

impl Dunst {
    fn start() -> driver::Result<Dunst> {
        let dunst = Dunst;
        dunst.wait_until("dunst to answer on the session bus", |d| {
            d.count("displayed").is_ok()
        })?;
        Ok(dunst)
    }

    fn ctl(&self, args: &[&str]) -> driver::Result<String> {
        let output = Command::new("dunstctl")
            .args(args)
            .output()
            .map_err(|e| format!("dunstctl (dunst; .ci/lib.sh installs it): {e}"))?;
        if !output.status.success() {
            return Err(format!(
                "dunstctl {args:?}: {}",
                String::from_utf8_lossy(&output.stderr)
            ));
        }
        Ok(String::from_utf8_lossy(&output.stdout).into_owned())
    }

    /// How many notifications are `displayed` (or in the `history`).
    fn count(&self, which: &str) -> driver::Result<usize> {
        self.ctl(&["count", which])?.trim().parse().map_err(map_err)
    }

    fn wait_until(&self, what: &str, done: impl Fn(&Dunst) -> bool) -> driver::Result<()> {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        while !done(self) {
            if std::time::Instant::now() > deadline {
                return Err(format!("timed out waiting for {what}"));
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        Ok(())
    }
}

/// `bearing nudge` on `db`, as the login entry starts it.
fn nudge(temp: &tempfile::TempDir, db: &Path) -> driver::Result<std::process::Child> {
    Command::new(env!("CARGO_BIN_EXE_bearing"))
        .arg("nudge")
        .env("BEARING_DB", db)
        .env("HOME", temp.path())
        .env("XDG_DATA_HOME", temp.path())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .map_err(map_err)
}

/// Waits for `child` to leave; its exit status.
fn wait_for_exit(child: &mut std::process::Child) -> driver::Result<std::process::ExitStatus> {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        if let Some(status) = child.try_wait().map_err(map_err)? {
            return Ok(status);
        }
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            return Err("the nudge did not leave within 20 s".into());
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
}

#[test]
fn the_nudge_shows_one_notification_when_someone_is_due() -> driver::Result<()> {
    let temp = tempfile::tempdir().map_err(map_err)?;
    let dunst = Dunst::start()?;

    // Nobody is due (one assessment, today): no notification, and the process leaves at once.
    let quiet_db = temp.path().join("quiet.db");
    seed_history(&quiet_db, 0)?;
    let mut storage = Storage::open(&quiet_db).map_err(map_err)?;
    let sheet_values = bearing_lib::domain::questionnaire::current()
        .items
        .iter()
        .map(|i| (i.id.clone(), 3u8))
        .collect();
    let sheet = bearing_lib::domain::AnswerSheet::from_values(
        bearing_lib::domain::questionnaire::current(),
        &sheet_values,
    )
    .map_err(map_err)?;
    ops::assess(
        &mut storage,
        ops::Who::leader(bearing_lib::storage::DEFAULT_PROFILE_ID),
        ops::Answered::untimed(&sheet),
        None,
        ops::When::now(None),
        false,
    )
    .map_err(map_err)?;
    drop(storage);
    let mut quiet = nudge(&temp, &quiet_db)?;
    assert!(wait_for_exit(&mut quiet)?.success());
    assert_eq!(dunst.count("displayed")? + dunst.count("history")?, 0);

    // A history whose last assessment is months old: one notification, and the nudge waits for it.
    let db = temp.path().join("due.db");
    seed_history(&db, 2)?;
    let mut due = nudge(&temp, &db)?;
    dunst.wait_until("the notification", |d| {
        d.count("displayed").is_ok_and(|n| n == 1)
    })?;
    assert!(
        due.try_wait().map_err(map_err)?.is_none(),
        "it waits while the notification shows"
    );
    std::thread::sleep(std::time::Duration::from_millis(500));
    assert_eq!(
        dunst.count("displayed")?,
        1,
        "one notification, not one per check"
    );

    // Closed by the user: the nudge leaves, having opened no window.
    dunst.ctl(&["close"])?;
    let status = wait_for_exit(&mut due)?;
    assert!(status.success(), "{status}");
    let history = dunst.ctl(&["history"])?;
    assert!(
        history.contains("Time for a Bearing assessment"),
        "{history}"
    );
    assert!(history.contains("Your assessment is"), "{history}");
    assert!(history.contains("days overdue"), "{history}");
    Ok(())
}
