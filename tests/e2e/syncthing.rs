//! The exchange folder with a real file-sync engine: two Syncthing instances on loopback (no
//! discovery, relays or NAT), one Bearing on each side. A leader's assessments, written to their
//! folder, cross to the coach's folder, and the coach's window brings them into the caseload;
//! notes stay behind, and nothing in either folder can be read.

use std::fs;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use bearing_lib::ops;
use bearing_lib::storage::{Storage, DEFAULT_PROFILE_ID};
use serde_json::{json, Value};

use super::{driver, map_err, open_screen, seed_history, start_with};

/// One Syncthing instance, stopped (by its PID) when dropped.
struct Syncthing {
    child: Child,
    gui: String,
    api_key: String,
    id: String,
    listen: u16,
}

impl Drop for Syncthing {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> driver::Result<u16> {
    let listener = TcpListener::bind("127.0.0.1:0").map_err(map_err)?;
    Ok(listener.local_addr().map_err(map_err)?.port())
}

/// The text between `start` and `end` in `text`.
fn between<'a>(text: &'a str, start: &str, end: &str) -> driver::Result<&'a str> {
    let from = text
        .find(start)
        .ok_or(format!("no {start} in the config"))?
        + start.len();
    let to = text[from..]
        .find(end)
        .ok_or(format!("no {end} in the config"))?;
    Ok(&text[from..from + to])
}

impl Syncthing {
    /// Generates a home in `home`, confined to loopback, and starts the instance.
    fn start(home: &Path) -> driver::Result<Syncthing> {
        let generated = Command::new("syncthing")
            .arg("generate")
            .arg(format!("--home={}", home.display()))
            .arg("--no-default-folder")
            .output()
            .map_err(|e| format!("syncthing is not installed (apt-get install syncthing): {e}"))?;
        if !generated.status.success() {
            return Err(String::from_utf8_lossy(&generated.stderr).into_owned());
        }
        let (gui, listen) = (free_port()?, free_port()?);
        let path = home.join("config.xml");
        let mut config = fs::read_to_string(&path).map_err(map_err)?;
        for (from, to) in [
            (
                "<address>127.0.0.1:8384</address>".to_string(),
                format!("<address>127.0.0.1:{gui}</address>"),
            ),
            (
                "<listenAddress>default</listenAddress>".into(),
                format!("<listenAddress>tcp://127.0.0.1:{listen}</listenAddress>"),
            ),
            (
                "<globalAnnounceEnabled>true".into(),
                "<globalAnnounceEnabled>false".into(),
            ),
            (
                "<localAnnounceEnabled>true".into(),
                "<localAnnounceEnabled>false".into(),
            ),
            ("<relaysEnabled>true".into(), "<relaysEnabled>false".into()),
            ("<natEnabled>true".into(), "<natEnabled>false".into()),
            ("<startBrowser>true".into(), "<startBrowser>false".into()),
            ("<urAccepted>0".into(), "<urAccepted>-1".into()),
            (
                "<autoUpgradeIntervalH>12".into(),
                "<autoUpgradeIntervalH>0".into(),
            ),
            (
                "<crashReportingEnabled>true".into(),
                "<crashReportingEnabled>false".into(),
            ),
            // A test's few kilobytes need no reserve; a nearly full build disk must not stop it.
            (
                "<minHomeDiskFree unit=\"%\">1</minHomeDiskFree>".into(),
                "<minHomeDiskFree unit=\"%\">0</minHomeDiskFree>".into(),
            ),
        ] {
            if !config.contains(&from) {
                return Err(format!("{}: no `{from}` to change", path.display()));
            }
            config = config.replace(&from, &to);
        }
        fs::write(&path, &config).map_err(map_err)?;
        let api_key = between(&config, "<apikey>", "</apikey>")?.to_string();
        let id = between(&config, "<device id=\"", "\"")?.to_string();
        let log = fs::File::create(home.join("syncthing.log")).map_err(map_err)?;
        let child = Command::new("syncthing")
            .arg("serve")
            .arg(format!("--home={}", home.display()))
            .args(["--no-browser", "--no-restart"])
            .env("STNODEFAULTFOLDER", "1")
            .env("STNOUPGRADE", "1")
            .stdin(Stdio::null())
            .stdout(log.try_clone().map_err(map_err)?)
            .stderr(log)
            .spawn()
            .map_err(map_err)?;
        let st = Syncthing {
            child,
            gui: format!("http://127.0.0.1:{gui}"),
            api_key,
            id,
            listen,
        };
        let started = Instant::now();
        while st.get("/rest/system/ping").is_err() {
            if started.elapsed() > Duration::from_secs(30) {
                return Err(format!("syncthing in {} did not start", home.display()));
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        Ok(st)
    }

    fn get(&self, path: &str) -> driver::Result<Value> {
        ureq::get(&format!("{}{path}", self.gui))
            .set("X-API-Key", &self.api_key)
            .call()
            .map_err(map_err)?
            .into_json()
            .map_err(map_err)
    }

    fn post(&self, path: &str, body: Value) -> driver::Result<()> {
        ureq::post(&format!("{}{path}", self.gui))
            .set("X-API-Key", &self.api_key)
            .send_json(body)
            .map(drop)
            .map_err(map_err)
    }

    /// Knows `other` at its loopback address.
    fn add_device(&self, other: &Syncthing) -> driver::Result<()> {
        self.post(
            "/rest/config/devices",
            json!({
                "deviceID": other.id,
                "name": "other side",
                "addresses": [format!("tcp://127.0.0.1:{}", other.listen)],
            }),
        )
    }

    /// Shares `path` as the folder both instances know by one id.
    fn add_folder(&self, path: &Path, other: &Syncthing) -> driver::Result<()> {
        self.post(
            "/rest/config/folders",
            json!({
                "id": "bearing-exchange",
                "label": "Bearing exchange",
                "path": path,
                "type": "sendreceive",
                "devices": [{"deviceID": self.id}, {"deviceID": other.id}],
                "rescanIntervalS": 5,
                "fsWatcherEnabled": true,
                "fsWatcherDelayS": 1,
                "minDiskFree": {"value": 0, "unit": "%"},
            }),
        )
    }
}

/// The change files (`*.age`) in `folder`.
fn change_files(folder: &Path) -> Vec<PathBuf> {
    fs::read_dir(folder)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| {
                    p.file_name()
                        .and_then(|n| n.to_str())
                        .is_some_and(ops::folder::is_change_file)
                })
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn a_leaders_assessments_reach_the_coachs_caseload_through_two_syncthing_instances(
) -> driver::Result<()> {
    let temp = tempfile::tempdir().map_err(map_err)?;
    let path = |name: &str| -> driver::Result<PathBuf> {
        let p = temp.path().join(name);
        fs::create_dir_all(&p).map_err(map_err)?;
        Ok(p)
    };
    let leader_st = Syncthing::start(&path("syncthing-leader")?)?;
    let coach_st = Syncthing::start(&path("syncthing-coach")?)?;
    let (leader_share, coach_share) = (path("leader-share")?, path("coach-share")?);
    leader_st.add_device(&coach_st)?;
    coach_st.add_device(&leader_st)?;
    leader_st.add_folder(&leader_share, &coach_st)?;
    coach_st.add_folder(&coach_share, &leader_st)?;

    // The leader, Grace, with two months and their notes; the coach with their own month and Ada.
    let now = chrono::Utc::now();
    let (leader_db, coach_db) = (
        path("leader")?.join("bearing.db"),
        path("coach")?.join("bearing.db"),
    );
    seed_history(&leader_db, 2)?;
    let mut leader = Storage::open(&leader_db).map_err(map_err)?;
    ops::rename_profile(&mut leader, DEFAULT_PROFILE_ID, "Grace").map_err(map_err)?;
    let mut coach = Storage::open(&coach_db).map_err(map_err)?;
    let ada = ops::add_profile(&mut coach, "Ada", now)
        .map_err(map_err)?
        .id;
    let leader_key = ops::exchange_key(&mut leader, now).map_err(map_err)?;
    let coach_key = ops::exchange_key(&mut coach, now).map_err(map_err)?;
    ops::folder::link_folder(
        &mut leader,
        DEFAULT_PROFILE_ID,
        &leader_share,
        &coach_key,
        now,
    )
    .map_err(map_err)?;
    ops::folder::link_folder(&mut coach, ada, &coach_share, &leader_key, now).map_err(map_err)?;
    drop(coach);
    let passes = ops::folder::sync_folders(&mut leader, now).map_err(map_err)?;
    let sent = passes[0]
        .sent
        .clone()
        .ok_or("the leader's pass wrote nothing")?;

    // Syncthing carries the file to the coach's computer (whole: Bearing reads only `*.age`).
    let started = Instant::now();
    while !coach_share.join(&sent).exists() {
        if started.elapsed() > Duration::from_secs(60) {
            let tail = |side: &str| {
                let log =
                    fs::read_to_string(temp.path().join(format!("syncthing-{side}/syncthing.log")))
                        .unwrap_or_default();
                let lines: Vec<&str> = log.lines().collect();
                lines[lines.len().saturating_sub(15)..].join("\n")
            };
            return Err(format!(
                "{sent} did not reach the coach's folder in 120 s; the leader's Syncthing said:\n{}\nthe coach's:\n{}",
                tail("leader"),
                tail("coach")
            ));
        }
        std::thread::sleep(Duration::from_millis(500));
    }
    println!(
        "the file crossed in {:.1} s",
        started.elapsed().as_secs_f64()
    );

    // The coach opens Bearing: the start pass reads it; Ada is on the caseload.
    let session = start_with(&temp, &coach_db, &[])?;
    open_screen(&session, "people")?;
    session.wait_for_js(
        "the start pass",
        "return document.getElementById('exchange-status').textContent.includes('Ada: 1 file in, 2 assessments added')",
    )?;
    open_screen(&session, "caseload")?;
    let rows = session.wait_for_js(
        "Ada on the caseload with her latest month",
        "const rows = [...document.querySelectorAll('#caseload-rows tr')].map(r => r.textContent); return rows.some(r => r.includes('Ada') && /\\d{4}/.test(r)) && rows",
    )?;
    assert!(rows.to_string().contains("Ada"), "{rows}");
    drop(session);

    let coach = Storage::open(&coach_db).map_err(map_err)?;
    let arrived = coach.assessment_summaries(ada).map_err(map_err)?;
    assert_eq!(arrived.len(), 2);
    for a in &arrived {
        let notes = coach.assessment_notes(a.id).map_err(map_err)?;
        assert_eq!(notes.note, None, "the leader's notes stay behind");
        assert!(notes.items.is_empty());
    }
    // Neither folder shows a name, a note or a date.
    for folder in [&leader_share, &coach_share] {
        for file in change_files(folder) {
            let text = String::from_utf8_lossy(&fs::read(&file).map_err(map_err)?).into_owned();
            for secret in ["Grace", "Ada", "Month ", "2026-"] {
                assert!(!text.contains(secret), "{}: {secret}", file.display());
            }
        }
    }
    Ok(())
}

/// People links the person shown to a folder from the window (their Bearing's key, then the
/// folder dialog): a bad key is refused before any dialog, the first pass writes one encrypted
/// file there that names nobody, and unlinking leaves the file where it is.
#[test]
fn people_links_and_unlinks_an_exchange_folder_in_the_window() -> driver::Result<()> {
    let temp = tempfile::tempdir().map_err(map_err)?;
    let db = temp.path().join("leader.db");
    let folder = temp.path().join("shared");
    fs::create_dir(&folder).map_err(map_err)?;
    seed_history(&db, 2)?;
    // The coach's Bearing, for its key.
    let mut coach = Storage::open(&temp.path().join("coach.db")).map_err(map_err)?;
    let coach_key = ops::exchange_key(&mut coach, chrono::Utc::now()).map_err(map_err)?;
    let session = start_with(&temp, &db, &[("BEARING_TEST_OPEN_FOLDER", &folder)])?;
    open_screen(&session, "people")?;
    session.wait_for_js(
        "the exchange card",
        "return !document.getElementById('exchange-link-fields').hidden",
    )?;
    // A mistyped key: refused with the reason, nothing linked.
    session.type_into("#exchange-recipient", "age1notakey")?;
    session.click("#exchange-link")?;
    let error = session.wait_for_js(
        "the refusal",
        "const e = document.getElementById('error'); return !e.hidden && document.getElementById('error-text').textContent",
    )?;
    assert!(
        error
            .as_str()
            .unwrap_or_default()
            .starts_with("Nothing was linked: "),
        "{error}"
    );
    session.script(
        "document.getElementById('error').hidden = true; document.getElementById('exchange-recipient').value = '';",
        json!([]),
    )?;
    assert!(Storage::open(&db)
        .map_err(map_err)?
        .exchange_links()
        .map_err(map_err)?
        .is_empty());

    session.type_into("#exchange-recipient", &coach_key)?;
    session.click("#exchange-link")?;
    let status = session.wait_for_js(
        "the link",
        "const t = document.getElementById('exchange-status').textContent; return !document.getElementById('exchange-unlink').hidden && document.querySelectorAll('#exchange-links li').length === 1 && t",
    )?;
    assert!(
        status
            .as_str()
            .unwrap_or_default()
            .starts_with("Linked Me to "),
        "{status}"
    );
    // The first pass wrote the person's history there, encrypted: one file, no name in it.
    let wait_for_file = Instant::now();
    let files = loop {
        let files: Vec<PathBuf> = fs::read_dir(&folder)
            .map_err(map_err)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "age"))
            .collect();
        if !files.is_empty() || wait_for_file.elapsed() > Duration::from_secs(10) {
            break files;
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    assert_eq!(files.len(), 1, "{files:?}");
    let bytes = fs::read(&files[0]).map_err(map_err)?;
    let text = String::from_utf8_lossy(&bytes);
    assert!(
        !text.contains("Month 0") && !text.contains("focus-"),
        "readable content in {}",
        files[0].display()
    );
    session.screenshot(&super::screenshot_dir().join("people-exchange-linked.png"))?;

    session.click("#exchange-unlink")?;
    session.wait_for_js(
        "the unlink",
        "return !document.getElementById('exchange-link-fields').hidden && document.querySelectorAll('#exchange-links li').length === 0",
    )?;
    assert!(Storage::open(&db)
        .map_err(map_err)?
        .exchange_links()
        .map_err(map_err)?
        .is_empty());
    assert!(files[0].exists(), "the folder's files stay");
    Ok(())
}
