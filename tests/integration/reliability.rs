//! Reliability, proved by injecting the fault: the real `bearing` binary killed with SIGKILL in the
//! middle of saves, a disk that fills up, read-only files and folders, damaged database files,
//! databases of every schema version, backups and restores, and a writer holding the lock.
//! Each test adds its figures to the reliability report (`bash .ci/report`).

use std::fs::{self, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use rusqlite::Connection;
use serde_json::{json, Value};

use bearing_lib::domain::questionnaire;
use bearing_lib::storage::LATEST_VERSION;

use crate::support::{report, stdout_of, Answers, Sandbox};

fn ok(sandbox: &Sandbox, db: &Path, args: &[&str]) -> String {
    stdout_of(sandbox.run_on(db, args), args)
}

fn ok_json(sandbox: &Sandbox, db: &Path, args: &[&str]) -> Value {
    serde_json::from_str(&ok(sandbox, db, args)).unwrap()
}

/// Runs a command that must be refused; returns its one-line message.
fn refused(sandbox: &Sandbox, db: &Path, args: &[&str]) -> String {
    let out = sandbox.run_on(db, args);
    assert_eq!(
        out.status.code(),
        Some(1),
        "bearing {args:?} should have been refused; stdout: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    let message = String::from_utf8(out.stderr).unwrap();
    assert!(message.starts_with("error: "), "{message}");
    message
}

/// An answers file whose answers vary with `seed`, so assessments differ from one another.
fn answers_file(sandbox: &Sandbox, seed: u64) -> PathBuf {
    let path = sandbox.path(format!("answers-{seed}.json"));
    Answers::each(|i, _| 1 + (seed as usize * 7 + i * 3 + (seed as usize / 5) * i) % 5)
        .with("note", format!("round {seed}"))
        .write(&path);
    path
}

fn assess(sandbox: &Sandbox, db: &Path, seed: u64) -> Value {
    let answers = answers_file(sandbox, seed);
    ok_json(
        sandbox,
        db,
        &["assess", "--answers", answers.to_str().unwrap()],
    )
}

fn history(sandbox: &Sandbox, db: &Path) -> Value {
    ok_json(sandbox, db, &["history", "--format", "json"])
}

/// `PRAGMA integrity_check`, foreign keys, and every assessment complete with all its answers
/// (another rater's without the statements only the leader can see, which they leave unanswered).
fn assert_sound(db: &Path) {
    let conn = Connection::open(db).unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    let broken_keys: i64 = conn
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(broken_keys, 0, "rows point at rows that are not there");
    let current = questionnaire::current();
    let items = current.items.len() as i64;
    let observable = current.items.iter().filter(|i| i.observable).count() as i64;
    let incomplete: i64 = conn
        .query_row(
            "SELECT count(*) FROM assessment a \
             WHERE (SELECT count(*) FROM answer x WHERE x.assessment_id = a.id) \
                   NOT BETWEEN CASE WHEN a.rater = 'self' THEN ?1 ELSE ?2 END AND ?1",
            [items, observable],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        incomplete, 0,
        "an assessment is missing some of its answers"
    );
}

/// A small random-number generator, seeded from the clock and printed so a failing run can be
/// repeated (`BEARING_KILL_SEED`).
struct Rng(u64);

impl Rng {
    fn from_env() -> Rng {
        let seed = std::env::var("BEARING_KILL_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| {
                SystemTime::now()
                    .duration_since(UNIX_EPOCH)
                    .unwrap()
                    .as_nanos() as u64
            });
        println!("kill loop seed: {seed} (repeat with BEARING_KILL_SEED={seed})");
        Rng(seed | 1)
    }

    fn below(&mut self, n: u64) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) % n.max(1)
    }
}

/// A portable export of one profile called `name` with `count` assessments, made in-process.
fn export_doc(sandbox: &Sandbox, name: &str, count: u64) -> PathBuf {
    let db = sandbox.path(format!("{name}.db"));
    for seed in 0..count {
        assess(sandbox, &db, 1000 + seed);
    }
    ok(sandbox, &db, &["profile", "rename", "Me", name]);
    let out = sandbox.path(format!("{name}.json"));
    ok(sandbox, &db, &["export", "--out", out.to_str().unwrap()]);
    out
}

#[test]
fn saves_survive_sigkill_at_any_moment() {
    let rounds: u64 = std::env::var("BEARING_KILL_ROUNDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(40);
    let sandbox = Sandbox::new();
    let db = sandbox.db();
    let mut rng = Rng::from_env();

    // A history to protect, and how long a save takes here (the kills land anywhere in it).
    let mut confirmed: Vec<(i64, f64, f64)> = Vec::new();
    let started = Instant::now();
    let first = assess(&sandbox, &db, 0);
    let typical = started.elapsed().as_micros() as u64;
    confirmed.push((
        first["id"].as_i64().unwrap(),
        first["focus"].as_f64().unwrap(),
        first["autonomy"].as_f64().unwrap(),
    ));
    // Imports are one large transaction each: all of a batch is there, or none of it.
    let batch = export_doc(&sandbox, "Batch", 12);

    let (mut killed, mut imports_confirmed) = (0u64, Vec::new());
    for round in 1..=rounds {
        let import = round % 4 == 0;
        let answers = answers_file(&sandbox, round);
        let mut cmd = if import {
            let doc: Value = serde_json::from_slice(&fs::read(&batch).unwrap()).unwrap();
            let mut doc = doc;
            doc["profiles"][0]["name"] = json!(format!("Batch {round}"));
            // Another person each round, with assessments of their own: new ids.
            doc["profiles"][0]["id"] = json!(uuid::Uuid::new_v4().to_string());
            for a in doc["profiles"][0]["assessments"].as_array_mut().unwrap() {
                a["id"] = json!(uuid::Uuid::new_v4().to_string());
            }
            let file = sandbox.path(format!("batch-{round}.json"));
            fs::write(&file, serde_json::to_vec(&doc).unwrap()).unwrap();
            sandbox.command_on(&db, &["import", file.to_str().unwrap()])
        } else {
            sandbox.command_on(&db, &["assess", "--answers", answers.to_str().unwrap()])
        };
        let mut child = cmd
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Anywhere from process start-up to after the save would have finished, weighted toward
        // the part where the database is being written.
        std::thread::sleep(Duration::from_micros(typical / 4 + rng.below(typical)));
        let _ = child.kill();
        let out = child.wait_with_output().unwrap();
        if out.status.success() {
            if import {
                imports_confirmed.push(format!("Batch {round}"));
            } else {
                let saved: Value = serde_json::from_slice(&out.stdout).unwrap();
                confirmed.push((
                    saved["id"].as_i64().unwrap(),
                    saved["focus"].as_f64().unwrap(),
                    saved["autonomy"].as_f64().unwrap(),
                ));
            }
        } else {
            use std::os::unix::process::ExitStatusExt;
            assert_eq!(
                out.status.signal(),
                Some(9),
                "round {round} failed without being killed: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            killed += 1;
        }
    }

    // Bearing opens the file as it was left, and everything confirmed is there.
    let listed = history(&sandbox, &db);
    assert_sound(&db);
    let conn = Connection::open(&db).unwrap();
    let mut lost = 0u64;
    for (id, focus, autonomy) in &confirmed {
        let found: Option<(f64, f64)> = conn
            .query_row(
                "SELECT focus, autonomy FROM assessment WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .ok();
        if found != Some((*focus, *autonomy)) {
            lost += 1;
        }
    }
    // Every batch is whole or absent, and every confirmed one is whole.
    let mut half_written = 0u64;
    let mut batches = conn
        .prepare(
            "SELECT p.name, count(a.id) FROM profile p LEFT JOIN assessment a ON a.profile_id = p.id \
             WHERE p.name LIKE 'Batch %' GROUP BY p.id",
        )
        .unwrap();
    let counts: Vec<(String, i64)> = batches
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for (name, count) in &counts {
        if *count != 12 {
            half_written += 1;
            eprintln!("{name} has {count} of its 12 assessments");
        }
    }
    for name in &imports_confirmed {
        if !counts.iter().any(|(n, c)| n == name && *c == 12) {
            lost += 1;
        }
    }
    // Backups made along the way (even one killed midway) are all whole.
    for b in bearing_lib::storage::safekeeping::list_backups(&db).unwrap() {
        bearing_lib::storage::safekeeping::verify(&b.path).unwrap();
    }
    println!(
        "{rounds} rounds: {} saves and {} imports confirmed, {killed} killed midway, {} assessments listed",
        confirmed.len(),
        imports_confirmed.len(),
        listed.as_array().unwrap().len()
    );
    report(
        "kill",
        &[
            ("kill_rounds", rounds),
            ("killed_midway", killed),
            (
                "saves_confirmed",
                (confirmed.len() + imports_confirmed.len()) as u64,
            ),
            ("saves_lost", lost),
            ("saves_half_written", half_written),
        ],
    );
    assert_eq!(lost, 0, "confirmed saves are missing");
    assert_eq!(half_written, 0, "an import is half there");
    assert!(
        killed > 0,
        "no round was killed midway; the loop tested nothing"
    );
}

#[test]
fn a_command_waits_for_another_writer_instead_of_failing() {
    let sandbox = Sandbox::new();
    let db = sandbox.db();
    assess(&sandbox, &db, 1);
    let (locked_tx, locked_rx) = std::sync::mpsc::channel();
    let holder_db = db.clone();
    let holder = std::thread::spawn(move || {
        let conn = Connection::open(&holder_db).unwrap();
        conn.execute_batch("BEGIN IMMEDIATE").unwrap();
        locked_tx.send(()).unwrap();
        std::thread::sleep(Duration::from_millis(1500));
        conn.execute_batch("COMMIT").unwrap();
    });
    locked_rx.recv().unwrap();
    let started = Instant::now();
    let saved = assess(&sandbox, &db, 2);
    let waited = started.elapsed();
    holder.join().unwrap();
    assert_eq!(saved["id"], 2);
    assert!(
        waited >= Duration::from_millis(1000),
        "the save did not wait for the lock ({waited:?})"
    );
    assert_eq!(history(&sandbox, &db).as_array().unwrap().len(), 2);
}

/// A tmpfs mounted for one test, unmounted when dropped.
struct Mount(PathBuf);

impl Mount {
    fn tmpfs(at: &Path, size: &str) -> Mount {
        fs::create_dir_all(at).unwrap();
        mount(&[
            "-t",
            "tmpfs",
            "-o",
            &format!("size={size},mode=0755"),
            "tmpfs",
            at.to_str().unwrap(),
        ]);
        Mount(at.to_path_buf())
    }

    fn remount_read_only(&self) {
        mount(&["-o", "remount,ro", self.0.to_str().unwrap()]);
    }
}

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

/// Runs `mount`; these tests inject real file-system faults, which needs root (CI runs as root).
fn mount(args: &[&str]) {
    let out = Command::new("mount").args(args).output().unwrap();
    assert!(
        out.status.success(),
        "mount {args:?} failed (these tests need root to mount a tmpfs): {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Every file under `folder` with its bytes.
fn files(folder: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut all = Vec::new();
    for entry in fs::read_dir(folder).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            all.extend(files(&path));
        } else {
            all.push((path.clone(), fs::read(&path).unwrap()));
        }
    }
    all.sort();
    all
}

#[test]
fn a_full_disk_refuses_the_save_with_a_clear_message_and_keeps_what_was_saved() {
    let sandbox = Sandbox::new();
    let disk = Mount::tmpfs(&sandbox.path("disk"), "1m");
    let db = disk.0.join("x.db");
    for seed in 0..3 {
        assess(&sandbox, &db, seed);
    }
    let before = history(&sandbox, &db);
    // Fill the disk to the last byte.
    let mut filler = OpenOptions::new()
        .create_new(true)
        .write(true)
        .open(disk.0.join("filler"))
        .unwrap();
    let block = vec![0u8; 4096];
    while filler.write_all(&block).is_ok() {}
    while filler.write_all(&[0]).is_ok() {}
    drop(filler);

    let answers = answers_file(&sandbox, 9);
    let message = refused(
        &sandbox,
        &db,
        &["assess", "--answers", answers.to_str().unwrap()],
    );
    assert!(message.contains("the disk is full"), "{message}");
    assert!(message.contains("nothing was saved"), "{message}");
    let message = refused(&sandbox, &db, &["profile", "add", "Ada"]);
    assert!(message.contains("the disk is full"), "{message}");

    // Reading still works on the full disk, and once there is room again nothing is missing.
    assert_eq!(history(&sandbox, &db), before);
    fs::remove_file(disk.0.join("filler")).unwrap();
    assert_eq!(history(&sandbox, &db), before);
    assert_sound(&db);
    assess(&sandbox, &db, 10);
    assert_eq!(history(&sandbox, &db).as_array().unwrap().len(), 4);
}

#[test]
fn a_read_only_folder_is_read_and_never_written() {
    let sandbox = Sandbox::new();
    let disk = Mount::tmpfs(&sandbox.path("disk"), "4m");
    let db = disk.0.join("x.db");
    for seed in 0..2 {
        assess(&sandbox, &db, seed);
    }
    let before = history(&sandbox, &db);
    disk.remount_read_only();
    let on_disk = files(&disk.0);

    assert_eq!(history(&sandbox, &db), before);
    let answers = answers_file(&sandbox, 5);
    for args in [
        vec!["assess", "--answers", answers.to_str().unwrap()],
        vec!["profile", "add", "Ada"],
        vec!["backup"],
    ] {
        let message = refused(&sandbox, &db, &args);
        assert!(
            message.contains("read-only") || message.contains("Read-only"),
            "{args:?}: {message}"
        );
    }

    // The window says why on its first screen, shows the history, and refuses changes.
    let window = crate::commands::window(&db);
    let home_view = window.call("get_home", json!({})).unwrap();
    let reason = home_view["read_only"]
        .as_str()
        .expect("home says the history is read-only");
    assert!(
        reason.contains("x.db cannot be written") && reason.contains("nothing new can be saved"),
        "{reason}"
    );
    assert_eq!(home_view["count"], 2);
    let start = window.call("get_assessment_start", json!({})).unwrap();
    assert_eq!(start["read_only"], home_view["read_only"]);
    assert_eq!(
        window.call("get_backups", json!({})).unwrap()["read_only"],
        true
    );
    let message = window
        .call("add_profile", json!({ "name": "Ada" }))
        .unwrap_err();
    assert!(message.contains("is read-only"), "{message}");
    let message = window.call("back_up_now", json!({})).unwrap_err();
    assert!(message.contains("read-only"), "{message}");
    drop(window);
    assert_eq!(files(&disk.0), on_disk, "something was written");
}

#[test]
fn a_writable_history_is_not_called_read_only() {
    let sandbox = Sandbox::new();
    let db = sandbox.db();
    assess(&sandbox, &db, 1);
    let window = crate::commands::window(&db);
    let home_view = window.call("get_home", json!({})).unwrap();
    assert_eq!(home_view["read_only"], Value::Null);
    assert_eq!(home_view["count"], 1);
    let start = window.call("get_assessment_start", json!({})).unwrap();
    assert_eq!(start["read_only"], Value::Null);
}

#[test]
fn a_failed_daily_backup_is_shown_in_the_window_and_does_not_stop_the_save() {
    let sandbox = Sandbox::new();
    let db = sandbox.db();
    assess(&sandbox, &db, 1);
    // Yesterday's session left history but no backup; today the backups folder cannot be written.
    let backups = sandbox.path("x.db.backups");
    fs::create_dir_all(&backups).unwrap();
    mount(&[
        "--bind",
        backups.to_str().unwrap(),
        backups.to_str().unwrap(),
    ]);
    let unmount = Mount(backups.clone());
    mount(&["-o", "remount,ro,bind", backups.to_str().unwrap()]);

    let window = crate::commands::window(&db);
    assert_eq!(
        window.call("get_backups", json!({})).unwrap()["problem"],
        Value::Null,
        "nothing has failed before the first change"
    );
    window
        .call("add_profile", json!({ "name": "Ada" }))
        .expect("the change is saved although its backup failed");
    let view = window.call("get_backups", json!({})).unwrap();
    let problem = view["problem"]
        .as_str()
        .expect("the failed backup is shown");
    assert!(problem.contains("x.db.backups"), "{problem}");
    assert_eq!(view["backups"], json!([]));
    let profiles = window.call("get_profiles", json!({})).unwrap();
    assert!(profiles.to_string().contains("Ada"), "{profiles}");

    // Once the folder is writable again, a backup made by hand clears the warning.
    drop(unmount);
    let made = window.call("back_up_now", json!({})).unwrap();
    assert_eq!(made["assessments"], 1);
    let view = window.call("get_backups", json!({})).unwrap();
    assert_eq!(view["problem"], Value::Null);
    assert_eq!(view["backups"].as_array().unwrap().len(), 1);
}

#[test]
fn a_read_only_file_is_read_and_never_written() {
    let sandbox = Sandbox::new();
    let db = sandbox.db();
    for seed in 0..2 {
        assess(&sandbox, &db, seed);
    }
    let before = history(&sandbox, &db);
    let bytes = fs::read(&db).unwrap();
    // A read-only bind mount of the file itself: even root cannot write it.
    mount(&["--bind", db.to_str().unwrap(), db.to_str().unwrap()]);
    let _unmount = Mount(db.clone());
    mount(&["-o", "remount,ro,bind", db.to_str().unwrap()]);

    assert_eq!(history(&sandbox, &db), before);
    let answers = answers_file(&sandbox, 5);
    let message = refused(
        &sandbox,
        &db,
        &["assess", "--answers", answers.to_str().unwrap()],
    );
    assert!(message.contains("is read-only"), "{message}");
    assert!(message.contains("nothing was saved"), "{message}");
    let message = refused(&sandbox, &db, &["profile", "rename", "Me", "Ada"]);
    assert!(message.contains("is read-only"), "{message}");
    assert_eq!(fs::read(&db).unwrap(), bytes);
}

/// Ways a database file gets damaged.
#[derive(Debug, Clone, Copy)]
enum Damage {
    /// Bytes flipped in the header of the `answer` table's first page.
    FlippedPage,
    /// The 100-byte file header zeroed.
    ZeroedHeader,
    /// The second half of the file gone.
    Truncated,
    /// Random bytes over a page in the middle of the file.
    GarbledPage,
}

fn damage(db: &Path, how: Damage) {
    let page_size = 4096usize;
    let mut bytes = fs::read(db).unwrap();
    match how {
        Damage::FlippedPage => {
            let conn = Connection::open(db).unwrap();
            let root: i64 = conn
                .query_row(
                    "SELECT rootpage FROM sqlite_schema WHERE name = 'answer'",
                    [],
                    |r| r.get(0),
                )
                .unwrap();
            drop(conn);
            let at = (root as usize - 1) * page_size;
            for b in &mut bytes[at..at + 8] {
                *b ^= 0xA5;
            }
        }
        Damage::ZeroedHeader => bytes[..100].fill(0),
        Damage::Truncated => bytes.truncate(bytes.len() / 2),
        Damage::GarbledPage => {
            let pages = bytes.len() / page_size;
            let at = (pages / 2) * page_size;
            for (i, b) in bytes[at..at + page_size].iter_mut().enumerate() {
                *b = (i as u8).wrapping_mul(37).wrapping_add(11);
            }
        }
    }
    fs::write(db, bytes).unwrap();
}

#[test]
fn a_damaged_database_is_set_aside_unchanged_and_the_newest_backup_restores_it() {
    // One history, copied for each kind of damage.
    let base = Sandbox::new();
    let base_db = base.db();
    for seed in 0..30 {
        assess(&base, &base_db, seed);
    }
    ok(&base, &base_db, &["profile", "add", "Ada"]);
    let saved = history(&base, &base_db);
    let backup = ok(&base, &base_db, &["backup"]);
    assert!(backup.contains("Backed up 30 assessments"), "{backup}");
    let (mut tried, mut recovered) = (0u64, 0u64);
    for how in [
        Damage::FlippedPage,
        Damage::ZeroedHeader,
        Damage::Truncated,
        Damage::GarbledPage,
    ] {
        tried += 1;
        let sandbox = Sandbox::new();
        let db = sandbox.db();
        fs::copy(&base_db, &db).unwrap();
        let backups = bearing_lib::storage::safekeeping::backups_dir(&db);
        fs::create_dir(&backups).unwrap();
        for b in bearing_lib::storage::safekeeping::list_backups(&base_db).unwrap() {
            fs::copy(&b.path, backups.join(&b.name)).unwrap();
        }
        damage(&db, how);
        let damaged = fs::read(&db).unwrap();

        let message = refused(&sandbox, &db, &["history"]);
        assert!(message.contains("is damaged"), "{how:?}: {message}");
        assert!(
            message.contains("moved aside, unchanged"),
            "{how:?}: {message}"
        );
        assert!(
            message.contains("holds 30 assessments"),
            "{how:?}: {message}"
        );
        assert!(message.contains("bearing restore"), "{how:?}: {message}");
        // The damaged bytes are kept as they were, beside the database.
        let aside: Vec<PathBuf> = fs::read_dir(sandbox.root())
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| {
                p.file_name()
                    .unwrap()
                    .to_string_lossy()
                    .starts_with("x.db.damaged-")
                    && !p.to_string_lossy().ends_with("-shm")
                    && !p.to_string_lossy().ends_with("-wal")
            })
            .collect();
        assert_eq!(aside.len(), 1, "{how:?}: {aside:?}");
        assert_eq!(fs::read(&aside[0]).unwrap(), damaged, "{how:?}");
        assert!(!db.exists(), "{how:?}: nothing takes its place until asked");

        let restored = ok(&sandbox, &db, &["restore"]);
        assert!(restored.contains("Restored 30 assessments"), "{restored}");
        assert_eq!(history(&sandbox, &db), saved, "{how:?}");
        let profiles = ok(&sandbox, &db, &["profile", "list"]);
        assert!(profiles.contains("Ada"), "{profiles}");
        assert_sound(&db);
        recovered += 1;
    }
    report(
        "corruption",
        &[
            ("corrupt_files_tried", tried),
            ("corrupt_files_recovered", recovered),
        ],
    );
}

#[test]
fn a_file_that_was_never_a_database_is_refused_untouched() {
    let sandbox = Sandbox::new();
    let notes = sandbox.path("notes.txt");
    fs::write(&notes, "my private notes, not a database\n".repeat(200)).unwrap();
    let before = fs::read(&notes).unwrap();
    let message = refused(&sandbox, &notes, &["history"]);
    assert!(message.contains("is not a Bearing database"), "{message}");
    assert_eq!(fs::read(&notes).unwrap(), before);
    assert_eq!(
        fs::read_dir(sandbox.root()).unwrap().count(),
        1,
        "nothing is created beside it"
    );
}

#[test]
fn the_first_change_of_a_day_is_preceded_by_one_verified_backup() {
    let sandbox = Sandbox::new();
    let db = sandbox.db();
    assess(&sandbox, &db, 1);
    // Nothing to keep before the first assessment.
    assert!(bearing_lib::storage::safekeeping::list_backups(&db)
        .unwrap()
        .is_empty());
    let before_second = history(&sandbox, &db);
    assess(&sandbox, &db, 2);
    assess(&sandbox, &db, 3);
    ok(&sandbox, &db, &["profile", "add", "Ada"]);
    let backups = bearing_lib::storage::safekeeping::list_backups(&db).unwrap();
    assert_eq!(backups.len(), 1, "at most one a day: {backups:?}");
    assert_eq!(backups[0].kind, bearing_lib::storage::BackupKind::Daily);
    let verified = bearing_lib::storage::safekeeping::verify(&backups[0].path).unwrap();
    assert_eq!(verified.assessments, 1);
    // It holds the history as it was before that day's first change.
    let copy = sandbox.path("copy.db");
    fs::copy(&backups[0].path, &copy).unwrap();
    assert_eq!(history(&sandbox, &copy), before_second);
}

#[test]
fn restore_drill_brings_back_exactly_what_was_backed_up_and_can_be_undone() {
    let sandbox = Sandbox::new();
    let db = sandbox.db();
    for seed in 0..5 {
        assess(&sandbox, &db, seed);
    }
    ok(&sandbox, &db, &["profile", "add", "Ada"]);
    ok(&sandbox, &db, &["profile", "cadence", "Ada", "14"]);
    let ada_answers = answers_file(&sandbox, 77);
    ok(
        &sandbox,
        &db,
        &[
            "--profile",
            "Ada",
            "assess",
            "--answers",
            ada_answers.to_str().unwrap(),
        ],
    );
    let export = |name: &str| -> Value {
        let out = sandbox.path(name);
        ok(
            &sandbox,
            &db,
            &["export", "--include-notes", "--out", out.to_str().unwrap()],
        );
        let mut doc: Value = serde_json::from_slice(&fs::read(&out).unwrap()).unwrap();
        doc["exported_at"] = Value::Null;
        doc
    };
    let before = export("before.json");
    let target = sandbox.path("drill.db");
    let made = ok(
        &sandbox,
        &db,
        &["backup", "--out", target.to_str().unwrap()],
    );
    assert!(made.contains("Backed up 6 assessments"), "{made}");

    // Life goes on after the backup...
    for seed in 10..13 {
        assess(&sandbox, &db, seed);
    }
    ok(&sandbox, &db, &["profile", "rename", "Ada", "Ada L."]);
    let changed = export("changed.json");
    assert_ne!(changed, before);

    // ...then the backup is restored: everything is exactly as it was, notes included.
    let said = ok(&sandbox, &db, &["restore", target.to_str().unwrap()]);
    assert!(said.contains("Restored 6 assessments"), "{said}");
    assert_eq!(export("after.json"), before);
    assert_sound(&db);

    // The restore kept what it replaced, and restoring that undoes it.
    let kept = said
        .lines()
        .find_map(|l| l.strip_prefix("The history from before the restore is kept as "))
        .and_then(|l| l.split(';').next())
        .unwrap()
        .to_string();
    ok(&sandbox, &db, &["restore", &kept]);
    assert_eq!(export("undone.json"), changed);

    // A damaged backup is refused, and nothing changes.
    let bad = sandbox.path("bad.db");
    fs::copy(&target, &bad).unwrap();
    damage(&bad, Damage::FlippedPage);
    let message = refused(&sandbox, &db, &["restore", bad.to_str().unwrap()]);
    assert!(message.contains("is damaged"), "{message}");
    assert_eq!(export("still.json"), changed);
    let message = refused(
        &sandbox,
        &db,
        &["restore", sandbox.path("nope.db").to_str().unwrap()],
    );
    assert!(message.contains("no backup file"), "{message}");
}

#[test]
fn backups_are_listed_newest_first_and_old_ones_thinned_out() {
    let sandbox = Sandbox::new();
    let db = sandbox.db();
    assess(&sandbox, &db, 1);
    let folder = bearing_lib::storage::safekeeping::backups_dir(&db);
    fs::create_dir_all(&folder).unwrap();
    // Forty days of daily backups from last year, as an old installation would have.
    let one = sandbox.path("one.db");
    ok(&sandbox, &db, &["backup", "--out", one.to_str().unwrap()]);
    for day in 1..=40 {
        let name = format!(
            "bearing-2025-{:02}-{:02}T090000.000Z-daily.db",
            1 + (day - 1) / 28,
            1 + (day - 1) % 28
        );
        fs::copy(&one, folder.join(name)).unwrap();
    }
    // A stray file is never touched.
    fs::write(folder.join("README.txt"), "mine").unwrap();
    // Today's first change makes today's backup and applies the policy.
    assess(&sandbox, &db, 2);
    let all = bearing_lib::storage::safekeeping::list_backups(&db).unwrap();
    let daily: Vec<_> = all
        .iter()
        .filter(|b| b.kind == bearing_lib::storage::BackupKind::Daily)
        .collect();
    // Today, plus the newest 6 days of last year, plus the newest of the month before.
    assert_eq!(daily.len(), 8, "{daily:#?}");
    assert!(all.windows(2).all(|w| w[0].taken_at >= w[1].taken_at));
    assert!(folder.join("README.txt").exists());
    let listed = ok(&sandbox, &db, &["backup", "--list"]);
    assert_eq!(listed.lines().count(), all.len(), "{listed}");
    let json: Value = ok_json(&sandbox, &db, &["backup", "--list", "--json"]);
    assert_eq!(json.as_array().unwrap().len(), all.len());
}

/// The sample database of each released schema version, as that version of Bearing wrote it.
fn fixture(version: i64) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures")
        .join(format!("schema-v{version}.db"))
}

#[test]
fn a_database_of_every_released_schema_version_upgrades_to_the_current_one() {
    for version in 1..=LATEST_VERSION {
        let sandbox = Sandbox::new();
        let db = sandbox.db();
        fs::copy(fixture(version), &db).unwrap();
        let original = fs::read(&db).unwrap();
        let conn = Connection::open(&db).unwrap();
        let found: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(found, version, "fixture {version}");
        let total: i64 = conn
            .query_row("SELECT count(*) FROM assessment", [], |r| r.get(0))
            .unwrap();
        // `history` lists the default profile's assessments.
        let stored: Vec<(String, f64, f64)> = conn
            .prepare(
                "SELECT taken_on, focus, autonomy FROM assessment WHERE profile_id = 1 ORDER BY id",
            )
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        drop(conn);
        assert!(
            stored.len() >= 3,
            "fixture {version} has too little history"
        );

        let listed = history(&sandbox, &db);
        let listed: Vec<(String, f64, f64)> = listed
            .as_array()
            .unwrap()
            .iter()
            .map(|a| {
                (
                    a["date"].as_str().unwrap().to_string(),
                    a["focus"].as_f64().unwrap(),
                    a["autonomy"].as_f64().unwrap(),
                )
            })
            .collect();
        let mut sorted = stored.clone();
        sorted.sort_by(|a, b| a.0.cmp(&b.0));
        assert_eq!(listed, sorted, "fixture {version}");
        let conn = Connection::open(&db).unwrap();
        let now: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(now, LATEST_VERSION);
        drop(conn);
        assert_sound(&db);
        // A new assessment goes in beside the upgraded history (dated before the fixture's open
        // commitments, so it needs no reviews).
        let answers = answers_file(&sandbox, 99);
        ok(
            &sandbox,
            &db,
            &[
                "assess",
                "--answers",
                answers.to_str().unwrap(),
                "--date",
                "2025-01-15",
            ],
        );
        assert_eq!(
            history(&sandbox, &db).as_array().unwrap().len(),
            stored.len() + 1
        );

        let backups = bearing_lib::storage::safekeeping::list_backups(&db).unwrap();
        let upgrade: Vec<_> = backups
            .iter()
            .filter(|b| b.kind == bearing_lib::storage::BackupKind::BeforeUpgrade)
            .collect();
        if version < LATEST_VERSION {
            // The upgrade kept the file as it was, verified.
            assert_eq!(upgrade.len(), 1, "fixture {version}");
            let copy = bearing_lib::storage::safekeeping::verify(&upgrade[0].path).unwrap();
            assert_eq!(copy.schema_version, version);
            assert_eq!(copy.assessments, total);
        } else {
            assert!(upgrade.is_empty());
        }
        // The fixture itself is never changed (the test works on a copy).
        assert_eq!(fs::read(fixture(version)).unwrap(), original);
    }
}

#[test]
fn a_database_from_a_newer_bearing_is_refused_without_any_write() {
    let sandbox = Sandbox::new();
    let db = sandbox.db();
    fs::copy(fixture(LATEST_VERSION), &db).unwrap();
    let conn = Connection::open(&db).unwrap();
    conn.pragma_update(None, "user_version", LATEST_VERSION + 1)
        .unwrap();
    conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
    drop(conn);
    let bytes = fs::read(&db).unwrap();
    let message = refused(&sandbox, &db, &["history"]);
    assert!(message.contains("newer Bearing"), "{message}");
    let answers = answers_file(&sandbox, 1);
    refused(
        &sandbox,
        &db,
        &["assess", "--answers", answers.to_str().unwrap()],
    );
    refused(&sandbox, &db, &["backup"]);
    assert_eq!(fs::read(&db).unwrap(), bytes);
    let names: Vec<String> = fs::read_dir(sandbox.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names
            .iter()
            .all(|n| !n.contains(".backups") && !n.contains("damaged")),
        "{names:?}"
    );
}

#[test]
fn upgrading_to_version_5_gives_each_other_raters_assessment_its_own_id_and_keeps_every_row() {
    let sandbox = Sandbox::new();
    let db = sandbox.db();
    fs::copy(fixture(4), &db).unwrap();
    let count =
        |conn: &Connection, sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).unwrap() };
    let before = Connection::open(&db).unwrap();
    let rows = [
        "SELECT count(*) FROM assessment",
        "SELECT count(*) FROM answer",
        "SELECT count(*) FROM commitment",
        "SELECT count(*) FROM draft",
    ];
    let counted: Vec<i64> = rows.iter().map(|sql| count(&before, sql)).collect();
    assert!(
        count(
            &before,
            "SELECT count(*) FROM assessment WHERE rater <> 'self'"
        ) >= 1
    );
    drop(before);

    let mut storage = bearing_lib::storage::Storage::open(&db).unwrap();
    let after = Connection::open(&db).unwrap();
    assert_eq!(
        rows.iter()
            .map(|sql| count(&after, sql))
            .collect::<Vec<_>>(),
        counted
    );
    assert_eq!(
        count(&after, "SELECT count(*) FROM pragma_foreign_key_check"),
        0
    );
    assert_eq!(
        count(
            &after,
            "SELECT count(*) FROM assessment WHERE (rater = 'self') = (rater_id IS NULL)"
        ),
        counted[0],
        "an id exactly for other raters"
    );
    let ids: Vec<String> = after
        .prepare("SELECT rater_id FROM assessment WHERE rater_id IS NOT NULL")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for id in &ids {
        let parts: Vec<usize> = id.split('-').map(str::len).collect();
        assert_eq!(parts, [8, 4, 4, 4, 12], "a UUID: {id}");
        assert_eq!(id.as_bytes()[14], b'4', "version 4: {id}");
    }
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), ids.len(), "no two assumed to be one rater");

    // Foreign keys are enforced again on the upgraded connection: deleting an assessment takes
    // its answers with it.
    let (id, answers): (i64, i64) = after
        .query_row(
            "SELECT a.id, count(n.item_id) FROM assessment a JOIN answer n ON n.assessment_id = a.id \
             WHERE a.rater = 'self' GROUP BY a.id ORDER BY a.id DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert!(answers > 0);
    bearing_lib::ops::delete_assessment(&mut storage, id).unwrap();
    assert_eq!(
        count(
            &after,
            &format!("SELECT count(*) FROM answer WHERE assessment_id = {id}")
        ),
        0
    );
}

#[test]
fn upgrading_to_version_6_gives_every_person_assessment_and_commitment_an_id_and_keeps_every_row() {
    let sandbox = Sandbox::new();
    let db = sandbox.db();
    fs::copy(fixture(5), &db).unwrap();
    // Every row as it was, all columns, in id order.
    let rows = |conn: &Connection, sql: &str| -> Vec<String> {
        let mut stmt = conn.prepare(sql).unwrap();
        let columns = stmt.column_count();
        stmt.query_map([], |r| {
            Ok((0..columns)
                .map(|i| format!("{:?}", r.get_ref(i).unwrap()))
                .collect::<Vec<_>>()
                .join("|"))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect()
    };
    let tables = [
        "SELECT id, name, created_at, archived_at, cadence_days FROM profile ORDER BY id",
        "SELECT id, profile_id, rater, taken_on, recorded_at, questionnaire, focus, autonomy, \
         quadrant, borderline, note, flags, median_seconds, confirmed_at, rater_id, rater_name \
         FROM assessment ORDER BY id",
        "SELECT id, assessment_id, action_id, position, committed_at, status, review_note, \
         reviewed_in FROM commitment ORDER BY id",
        "SELECT * FROM answer ORDER BY assessment_id, item_id",
        "SELECT * FROM draft ORDER BY profile_id, rater",
    ];
    let before = Connection::open(&db).unwrap();
    let kept: Vec<Vec<String>> = tables.iter().map(|sql| rows(&before, sql)).collect();
    assert!(kept[2].len() >= 3, "the fixture has commitments");
    drop(before);

    let mut storage = bearing_lib::storage::Storage::open(&db).unwrap();
    let after = Connection::open(&db).unwrap();
    for (sql, kept) in tables.iter().zip(&kept) {
        assert_eq!(&rows(&after, sql), kept, "{sql}");
    }
    assert_eq!(
        after
            .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| r
                .get::<_, i64>(
                0
            ))
            .unwrap(),
        0
    );
    let mut ids: Vec<String> = Vec::new();
    for (n, table) in ["profile", "assessment", "commitment"].iter().enumerate() {
        let of_table: Vec<String> = after
            .prepare(&format!("SELECT uuid FROM {table} ORDER BY id"))
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert_eq!(of_table.len(), kept[n].len(), "{table}: one id per row");
        ids.extend(of_table);
    }
    for id in &ids {
        let parts: Vec<usize> = id.split('-').map(str::len).collect();
        assert_eq!(parts, [8, 4, 4, 4, 12], "a UUID: {id}");
        assert_eq!(id.as_bytes()[14], b'4', "version 4: {id}");
        assert!(
            b"89ab".contains(&id.as_bytes()[19]),
            "the RFC variant: {id}"
        );
        assert_eq!(id, &id.to_lowercase());
    }
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), ids.len(), "every row an id of its own");

    // New rows get one of their own, and the export carries them all.
    let profile = bearing_lib::ops::add_profile(&mut storage, "Grace", chrono::Utc::now()).unwrap();
    let uuid: String = after
        .query_row(
            "SELECT uuid FROM profile WHERE id = ?1",
            [profile.id],
            |r| r.get(0),
        )
        .unwrap();
    assert!(!unique.contains(&uuid));
    let doc = bearing_lib::ops::export_document(&storage, None, true, chrono::Utc::now()).unwrap();
    let exported: Vec<&str> = doc
        .profiles
        .iter()
        .flat_map(|p| {
            std::iter::once(p.id.as_str()).chain(p.assessments.iter().flat_map(|a| {
                std::iter::once(a.id.as_str()).chain(a.commitments.iter().map(|c| c.id.as_str()))
            }))
        })
        .collect();
    assert_eq!(exported.len(), ids.len() + 1);
    assert!(ids.iter().all(|id| exported.contains(&id.as_str())));
    // The unique name index came through the rebuild.
    let err = bearing_lib::ops::add_profile(&mut storage, "ada lovelace", chrono::Utc::now())
        .unwrap_err();
    assert!(err.to_string().contains("already exists"), "{err}");
}
