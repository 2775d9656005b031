//! Start-up, memory and IPC figures of the real release binary, beside a Tauri hello-world built
//! with the same profile. Run by `bash .ci/perf` under Xvfb; it prints figures and never fails on
//! time (only on a broken set-up).
//!
//! Start-up is the time from spawning the process to the page reporting its first screen drawn
//! with its data (`first_screen_ready`, printed only when `BEARING_SIGNAL_READY` is set); peak RSS
//! is the largest sum of `VmRSS` over the app and every process it started (WebKitWebProcess,
//! WebKitNetworkProcess), sampled from `/proc` until then and for a short settle after.
//!
//! Environment: `BEARING_PERF_APP` (the release `bearing`), `BEARING_PERF_HELLO` (the release
//! `perf-hello`), `BEARING_PERF_RUNS` (rounds, 10 by default).

// A harness, not a test: a failed set-up is reported with its value and ends the run.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../e2e/driver.rs"]
#[allow(dead_code)]
mod driver;

use std::collections::HashMap;
use std::fs;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use bearing_lib::domain::{questionnaire, AnswerSheet, Rater};
use bearing_lib::ops::{self, When, Who};
use bearing_lib::storage::{Storage, DEFAULT_PROFILE_ID};
use chrono::{Duration as Days, NaiveDate, Utc};
use serde_json::{json, Value};

/// How long to keep sampling memory after the page reported ready.
const SETTLE: Duration = Duration::from_millis(1000);
/// A run that is not ready by then counts as failed.
const TIMEOUT: Duration = Duration::from_secs(30);

fn env_path(name: &str) -> PathBuf {
    PathBuf::from(std::env::var_os(name).unwrap_or_else(|| panic!("{name} is not set")))
}

/// A sheet whose answers vary with `seed`.
fn sheet(seed: usize) -> AnswerSheet {
    let q = questionnaire::current();
    let values = q
        .items
        .iter()
        .enumerate()
        .map(|(i, item)| (item.id.clone(), 1 + ((i * 7 + seed * 3) % 5) as u8))
        .collect();
    AnswerSheet::from_values(q, &values).unwrap()
}

/// A realistic database: ten years of monthly assessments (120) and a coach's view every quarter.
fn realistic_db(path: &Path) {
    let mut storage = Storage::open(path).unwrap();
    let start = NaiveDate::from_ymd_opt(2015, 1, 15).unwrap();
    for n in 0..120 {
        let date = start + Days::days(30 * n as i64);
        let when = When {
            date: Some(date),
            today: ops::today(),
            now: Utc::now(),
        };
        let who = Who::leader(DEFAULT_PROFILE_ID);
        ops::assess(
            &mut storage,
            who,
            ops::Answered::untimed(&sheet(n)),
            None,
            when,
            false,
        )
        .unwrap();
        if n % 3 == 0 {
            let coach = Who {
                profile: DEFAULT_PROFILE_ID,
                rater: Rater::Coach,
            };
            // A coach answers only what they can see.
            let seen = sheet(n + 1).observable_part().unwrap();
            ops::assess(
                &mut storage,
                coach,
                ops::Answered::untimed(&seen),
                None,
                when,
                false,
            )
            .unwrap();
        }
    }
}

/// Every process id under `root` (itself included), from `/proc`.
fn tree(root: u32) -> Vec<u32> {
    let mut children: HashMap<u32, Vec<u32>> = HashMap::new();
    for entry in fs::read_dir("/proc").into_iter().flatten().flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let Ok(stat) = fs::read_to_string(entry.path().join("stat")) else {
            continue;
        };
        // The parent is the second field after the parenthesised command name.
        let ppid = stat
            .rsplit_once(')')
            .and_then(|(_, rest)| rest.split_whitespace().nth(1))
            .and_then(|p| p.parse::<u32>().ok());
        if let Some(ppid) = ppid {
            children.entry(ppid).or_default().push(pid);
        }
    }
    let mut out = vec![root];
    let mut i = 0;
    while i < out.len() {
        if let Some(kids) = children.get(&out[i]) {
            out.extend(kids);
        }
        i += 1;
    }
    out
}

/// Resident memory of one process in KiB (0 once it is gone).
fn rss_kib(pid: u32) -> u64 {
    fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
}

/// One start: seconds to the first screen, peak RSS of the tree in MiB, how many processes, and
/// where the time went: the phases the app and its page marked, when the first WebKit process
/// appeared (milliseconds after spawning each), and the CPU time the tree had used by then.
#[derive(Debug, Clone)]
struct Run {
    ready: f64,
    peak_mib: f64,
    processes: usize,
    phases: Vec<(String, f64)>,
    cpu_ms: f64,
}

/// Milliseconds since the Unix epoch, the clock the app's `phase` lines use.
fn epoch_ms() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64() * 1000.0)
}

/// CPU time (user and system) one process has used, in milliseconds (0 once it is gone).
fn cpu_ms(pid: u32) -> f64 {
    let ticks = fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .and_then(|stat| {
            let rest = stat.rsplit_once(')')?.1.to_owned();
            // utime and stime: fields 14 and 15, the 12th and 13th after the command name.
            let mut fields = rest.split_whitespace().skip(11);
            let user: u64 = fields.next()?.parse().ok()?;
            let system: u64 = fields.next()?.parse().ok()?;
            Some(user + system)
        })
        .unwrap_or(0);
    // The kernel's USER_HZ is 100 on every Linux this runs on.
    ticks as f64 * 10.0
}

fn launch(app: &Path, args: &[&str], home: &Path) -> Run {
    fs::create_dir_all(home).unwrap();
    let mut command = Command::new(app);
    command
        .args(args)
        .env("HOME", home)
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_CACHE_HOME", home.join("cache"))
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("BEARING_SIGNAL_READY", "1")
        .env("WEBKIT_DISABLE_DMABUF_RENDERER", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    std::os::unix::process::CommandExt::process_group(&mut command, 0);
    let spawned_at = epoch_ms();
    let started = Instant::now();
    let mut child = command.spawn().unwrap();
    let pid = child.id();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    let (phase_tx, phase_rx) = mpsc::channel();
    thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let line = line.trim();
            if line == "ready" {
                let _ = tx.send(Instant::now());
            } else if let Some(phase) = line.strip_prefix("phase ") {
                if let Some((name, at)) = phase.split_once(' ') {
                    if let Ok(at) = at.parse::<f64>() {
                        let _ = phase_tx.send((name.to_owned(), at - spawned_at));
                    }
                }
            }
        }
    });
    let mut peak = 0u64;
    let mut seen = 0usize;
    let mut ready: Option<Instant> = None;
    let mut all: Vec<u32> = Vec::new();
    let mut webkit: Option<f64> = None;
    let mut cpu = 0.0;
    loop {
        let pids = tree(pid);
        for p in &pids {
            if !all.contains(p) {
                all.push(*p);
            }
        }
        if webkit.is_none() && pids.len() > 1 {
            webkit = Some(started.elapsed().as_secs_f64() * 1000.0);
        }
        seen = seen.max(pids.len());
        peak = peak.max(pids.iter().map(|p| rss_kib(*p)).sum());
        if ready.is_none() {
            ready = rx.try_recv().ok();
            if ready.is_some() {
                cpu = pids.iter().map(|p| cpu_ms(*p)).sum();
            }
        }
        match ready {
            Some(at) if at.elapsed() >= SETTLE => break,
            None if started.elapsed() > TIMEOUT => break,
            _ => thread::sleep(Duration::from_millis(10)),
        }
    }
    // Everything it started, by id: the group first, then any process that left it.
    let _ = Command::new("kill")
        .args(["-KILL", "--", &format!("-{pid}")])
        .status();
    for p in all.iter().skip(1) {
        let _ = Command::new("kill")
            .args(["-KILL", &p.to_string()])
            .stderr(Stdio::null())
            .status();
    }
    let _ = child.wait();
    let ready =
        ready.unwrap_or_else(|| panic!("{} did not report ready within 30 s", app.display()));
    let mut phases: Vec<(String, f64)> = phase_rx.try_iter().collect();
    phases.extend(webkit.map(|at| ("webkit-process".to_owned(), at)));
    phases.sort_by(|a, b| a.1.total_cmp(&b.1));
    Run {
        ready: (ready - started).as_secs_f64(),
        peak_mib: peak as f64 / 1024.0,
        processes: seen,
        phases,
        cpu_ms: cpu,
    }
}

/// Where start-up goes: for each app, each phase's median time after spawning (in the order they
/// happen) and the CPU time used by the first screen, then every start slower than the
/// hello-world's slowest, phase by phase, so a slow group shows what it waited for.
fn print_phases(figures: &[(&str, Vec<Run>)]) {
    println!("\nphases of start-up, median ms after spawning (CPU: the process tree's, to the first screen)");
    for (name, list) in figures {
        let mut names: Vec<&str> = Vec::new();
        for run in list {
            for (phase, _) in &run.phases {
                if !names.contains(&phase.as_str()) {
                    names.push(phase);
                }
            }
        }
        let mut cells: Vec<(f64, String)> = names
            .iter()
            .map(|phase| {
                let at = median(
                    list.iter()
                        .filter_map(|r| r.phases.iter().find(|(p, _)| p == phase).map(|(_, t)| *t))
                        .collect(),
                );
                (at, format!("{phase} {at:.0}"))
            })
            .collect();
        cells.sort_by(|a, b| a.0.total_cmp(&b.0));
        let cpu = median(list.iter().map(|r| r.cpu_ms).collect());
        let cells: Vec<String> = cells.into_iter().map(|(_, c)| c).collect();
        println!("  {name} (CPU {cpu:.0} ms): {}", cells.join(" · "));
    }
    let slowest_hello = figures[0].1.iter().map(|r| r.ready).fold(0.0, f64::max);
    println!(
        "the hello-world's slowest start ({:.0} ms) and every start slower than it:",
        slowest_hello * 1000.0
    );
    for (name, list) in figures {
        for (round, run) in list.iter().enumerate() {
            if run.ready >= slowest_hello {
                let cells: Vec<String> = run
                    .phases
                    .iter()
                    .map(|(phase, at)| format!("{phase} {at:.0}"))
                    .collect();
                println!(
                    "  {name}, round {round}: {:.0} ms, CPU {:.0} ms: {}",
                    run.ready * 1000.0,
                    run.cpu_ms,
                    cells.join(" · ")
                );
            }
        }
    }
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    let n = xs.len();
    if n % 2 == 1 {
        xs[n / 2]
    } else {
        (xs[n / 2 - 1] + xs[n / 2]) / 2.0
    }
}

/// The 90th percentile (nearest rank): the value 90% of the runs are at or below.
fn p90(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    let rank = ((xs.len() as f64) * 0.9).ceil() as usize;
    xs[rank.clamp(1, xs.len().max(1)) - 1]
}

/// Round trips of each screen's commands and of a save, timed in the page of the real window.
fn ipc_figures(app: &Path, db: &Path, home: &Path) -> Result<Value, String> {
    fs::create_dir_all(home).map_err(|e| e.to_string())?;
    let session = driver::Session::start(
        app,
        &[("BEARING_DB", db), ("HOME", home), ("XDG_DATA_HOME", home)],
    )?;
    session.wait_for_js(
        "the home screen",
        "return !document.getElementById('view-home').hidden && document.getElementById('home-latest-date').textContent",
    )?;
    session.script(
        r#"
const invoke = window.__TAURI__.core.invoke;
window.__perf = null;
(async () => {
  const q = await invoke("get_questionnaire");
  const answers = {};
  // Saved as a coach's: what a coach cannot see is left unanswered (null).
  q.items.forEach((item, i) => { answers[item.id] = item.observable ? 1 + (i % 5) : null; });
  const sheet = { questionnaire: q.version, answers };
  const history = await invoke("get_history");
  const latest = history[0].id;
  const steps = [
    ["home screen (get_home)", () => invoke("get_home")],
    ["history list (get_history)", () => invoke("get_history")],
    ["map SVG for the window (get_chart_svg)", () => invoke("get_chart_svg", { kind: "map", until: null, theme: "light" })],
    ["timeline SVG (get_chart_svg)", () => invoke("get_chart_svg", { kind: "timeline", until: null, theme: "light" })],
    ["result screen (get_result)", () => invoke("get_result", { id: latest })],
    ["people screen (get_profiles)", () => invoke("get_profiles")],
    ["questionnaire start (get_assessment_start)", () => invoke("get_assessment_start", { rater: "self" })],
    ["perceptions (get_perceptions)", () => invoke("get_perceptions")],
    ["save a draft (save_draft)", () => invoke("save_draft", { draft: sheet, rater: "coach" })],
    ["save an assessment (save_assessment)", () => invoke("save_assessment", { sheet, reviews: null, rater: "coach" })],
  ];
  const out = [];
  for (const [name, call] of steps) {
    const times = [];
    for (let i = 0; i < 15; i++) {
      const t0 = performance.now();
      await call();
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    out.push({ name, median_ms: times[7], max_ms: times[14] });
  }
  window.__perf = out;
})().catch((e) => { window.__perf = { error: String(e) }; });
return true;
"#,
        json!([]),
    )?;
    let figures = session.wait_for_js("the IPC figures", "return window.__perf")?;
    if let Some(error) = figures.get("error") {
        return Err(format!("timing in the page failed: {error}"));
    }
    Ok(figures)
}

fn main() {
    let app = env_path("BEARING_PERF_APP");
    let hello = env_path("BEARING_PERF_HELLO");
    let runs: usize = std::env::var("BEARING_PERF_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(10);
    let temp = tempfile::tempdir().unwrap();
    let template = temp.path().join("realistic.db");
    realistic_db(&template);

    println!("start-up and peak RSS, {runs} alternating rounds (process start to first screen with data)");
    let mut figures: Vec<(&str, Vec<Run>)> = vec![
        ("hello-world", Vec::new()),
        ("Bearing, new database", Vec::new()),
        ("Bearing, 120 assessments", Vec::new()),
    ];
    for round in 0..runs {
        let dir = temp.path().join(format!("round-{round}"));
        let fresh_db = dir.join("fresh.db");
        let real_db = dir.join("realistic.db");
        fs::create_dir_all(&dir).unwrap();
        fs::copy(&template, &real_db).unwrap();
        let runs = [
            launch(&hello, &[], &dir.join("hello")),
            launch(
                &app,
                &["--db", fresh_db.to_str().unwrap()],
                &dir.join("fresh"),
            ),
            launch(
                &app,
                &["--db", real_db.to_str().unwrap()],
                &dir.join("real"),
            ),
        ];
        for ((_, list), run) in figures.iter_mut().zip(runs) {
            list.push(run);
        }
    }
    let medians: Vec<(f64, f64)> = figures
        .iter()
        .map(|(_, list)| {
            (
                median(list.iter().map(|r| r.ready).collect()),
                median(list.iter().map(|r| r.peak_mib).collect()),
            )
        })
        .collect();
    let (hello_ready, hello_rss) = medians[0];
    let hello_p90 = p90(figures[0].1.iter().map(|r| r.ready).collect());
    println!(
        "{:<26} {:>10} {:>10} {:>10} {:>10} {:>12} {:>10} {:>10}",
        "", "median", "ratio", "p90", "ratio", "peak RSS", "ratio", "processes"
    );
    for ((name, list), (ready, rss)) in figures.iter().zip(&medians) {
        let slow = p90(list.iter().map(|r| r.ready).collect());
        println!(
            "{:<26} {:>7.0} ms {:>9.2}x {:>7.0} ms {:>9.2}x {:>8.0} MiB {:>9.2}x {:>10}",
            name,
            ready * 1000.0,
            ready / hello_ready,
            slow * 1000.0,
            slow / hello_p90,
            rss,
            rss / hello_rss,
            list.iter().map(|r| r.processes).max().unwrap_or(0)
        );
    }
    for (name, list) in &figures {
        let all: Vec<String> = list
            .iter()
            .map(|r| format!("{:.0}", r.ready * 1000.0))
            .collect();
        println!("  {name}: start-up per round (ms) {}", all.join(" "));
    }
    print_phases(&figures);

    println!("\nIPC round trips in the real window (120 assessments, 15 calls each)");
    let db = temp.path().join("ipc.db");
    fs::copy(&template, &db).unwrap();
    match ipc_figures(&app, &db, &temp.path().join("ipc-home")) {
        Ok(Value::Array(rows)) => {
            println!("{:<44} {:>10} {:>10}", "", "median", "max");
            for row in rows {
                println!(
                    "{:<44} {:>7.1} ms {:>7.1} ms",
                    row["name"].as_str().unwrap_or("?"),
                    row["median_ms"].as_f64().unwrap_or(f64::NAN),
                    row["max_ms"].as_f64().unwrap_or(f64::NAN)
                );
            }
        }
        Ok(other) => panic!("unexpected IPC figures: {other}"),
        Err(e) => panic!("IPC timing failed: {e}"),
    }
}
