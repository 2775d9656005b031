//! Benchmarks of Bearing's core paths: `cargo bench --bench core` (or `bash .ci/perf`, which adds
//! the start-up and memory comparison). They print figures and never fail on time; the budgets
//! and the latest figures are in the README.

// In a benchmark a failed unwrap is a broken set-up, reported with the value at fault.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration as Wall;

use bearing_lib::chart::{ChartKind, ChartOptions, Format};
use bearing_lib::domain::{self, questionnaire, AnswerSheet};
use bearing_lib::ops::{self, ChartRange, When, Who};
use bearing_lib::storage::{Storage, DEFAULT_PROFILE_ID};
use chrono::{Duration, NaiveDate, Utc};
use criterion::{criterion_group, criterion_main, BatchSize, Criterion, SamplingMode};
use rusqlite::params;

/// A complete sheet whose answers vary with `seed`.
fn sheet(seed: usize) -> AnswerSheet {
    let q = questionnaire::current();
    let values: BTreeMap<String, u8> = q
        .items
        .iter()
        .enumerate()
        .map(|(i, item)| (item.id.clone(), 1 + ((i * 7 + seed * 3) % 5) as u8))
        .collect();
    AnswerSheet::from_values(q, &values).unwrap()
}

/// A database in `dir` with `count` monthly assessments.
fn history(dir: &Path, count: usize) -> Storage {
    let mut storage = Storage::open(&dir.join("bench.db")).unwrap();
    let start = NaiveDate::from_ymd_opt(2000, 1, 15).unwrap();
    for n in 0..count {
        let when = When {
            date: Some(start + Duration::days(30 * n as i64)),
            today: NaiveDate::from_ymd_opt(2100, 1, 1).unwrap(),
            now: Utc::now(),
        };
        ops::assess(
            &mut storage,
            Who::leader(DEFAULT_PROFILE_ID),
            ops::Answered::untimed(&sheet(n)),
            None,
            when,
            false,
        )
        .unwrap();
    }
    storage
}

/// A database in `dir` with `count` assessments, written in one transaction straight through SQL:
/// saving 100,000 one by one with `synchronous=FULL` would take minutes. The rows are what
/// `ops::assess` stores (scored by the same code).
fn bulk_history(dir: &Path, count: usize) -> Storage {
    let path = dir.join(format!("bulk-{count}.db"));
    drop(Storage::open(&path).unwrap());
    let mut conn = rusqlite::Connection::open(&path).unwrap();
    conn.pragma_update(None, "synchronous", "OFF").unwrap();
    let tx = conn.transaction().unwrap();
    {
        let mut assessment = tx
            .prepare(
                "INSERT INTO assessment (id, profile_id, rater, taken_on, recorded_at, questionnaire, \
                 focus, autonomy, quadrant, borderline) VALUES (?1, 1, 'self', ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )
            .unwrap();
        let mut answer = tx
            .prepare("INSERT INTO answer (assessment_id, item_id, value) VALUES (?1, ?2, ?3)")
            .unwrap();
        // Spread over 2000-01-01..2024-08 (imports refuse dates before 2000 and in the future),
        // several a day when there are more than days; `recorded_at` keeps each one distinct.
        let start = NaiveDate::from_ymd_opt(2000, 1, 1).unwrap();
        let saved = NaiveDate::from_ymd_opt(2024, 9, 1)
            .unwrap()
            .and_hms_opt(0, 0, 0)
            .unwrap()
            .and_utc();
        // A few distinct sheets are enough: scoring is not what is measured here.
        let sheets: Vec<(AnswerSheet, domain::Score)> = (0..16)
            .map(|n| {
                let s = sheet(n);
                let score = domain::score(&s);
                (s, score)
            })
            .collect();
        for n in 0..count {
            let id = n as i64 + 1;
            let date = start + Duration::days((n * 9000 / count) as i64);
            let recorded_at = (saved + Duration::seconds(n as i64))
                .to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
            let (s, score) = &sheets[n % sheets.len()];
            assessment
                .execute(params![
                    id,
                    date.format("%Y-%m-%d").to_string(),
                    recorded_at,
                    score.questionnaire,
                    score.focus,
                    score.autonomy,
                    score.quadrant.slug(),
                    score.borderline,
                ])
                .unwrap();
            for (item, value) in s.answers() {
                answer.execute(params![id, item.id, value]).unwrap();
            }
        }
    }
    tx.commit().unwrap();
    drop(conn);
    Storage::open(&path).unwrap()
}

fn scoring(c: &mut Criterion) {
    let s = sheet(1);
    c.bench_function("score one assessment", |b| b.iter(|| domain::score(&s)));
    c.bench_function("score and explain one assessment", |b| {
        b.iter(|| ops::score_report(&s))
    });
}

fn storage(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let mut storage = history(dir.path(), 0);
    let s = sheet(2);
    c.bench_function("save one assessment (synchronous=FULL)", |b| {
        b.iter(|| {
            ops::assess(
                &mut storage,
                Who::leader(DEFAULT_PROFILE_ID),
                ops::Answered::untimed(&s),
                None,
                When::now(None),
                false,
            )
            .unwrap()
        })
    });
    let dir = tempfile::tempdir().unwrap();
    let storage = history(dir.path(), 120);
    c.bench_function("load a history of 120", |b| {
        b.iter(|| ops::history_summaries(&storage, DEFAULT_PROFILE_ID).unwrap())
    });
    c.bench_function("export 120 assessments", |b| {
        b.iter(|| ops::export_document(&storage, None, false, Utc::now()).unwrap())
    });
}

fn big_history(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let big = bulk_history(dir.path(), 100_000);
    let mut group = c.benchmark_group("history of 100,000");
    group.sample_size(10).sampling_mode(SamplingMode::Flat);
    group.bench_function("load a history of 100,000", |b| {
        b.iter(|| ops::history_summaries(&big, DEFAULT_PROFILE_ID).unwrap())
    });
    group.bench_function("home screen (latest, count) of 100,000", |b| {
        b.iter(|| ops::latest_of(&big, Who::leader(DEFAULT_PROFILE_ID), 2).unwrap())
    });
    group.finish();
}

fn import_export(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let storage = bulk_history(dir.path(), 10_000);
    let mut group = c.benchmark_group("backup of 10,000");
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .measurement_time(Wall::from_secs(10));
    group.bench_function("export 10,000 assessments (JSON)", |b| {
        b.iter(|| {
            let doc = ops::export_document(&storage, None, false, Utc::now()).unwrap();
            serde_json::to_vec(&doc).unwrap()
        })
    });
    let doc = ops::export_document(&storage, None, false, Utc::now()).unwrap();
    let text = serde_json::to_string(&doc).unwrap();
    let n = std::sync::atomic::AtomicUsize::new(0);
    group.bench_function("import 10,000 assessments (JSON, re-scored)", |b| {
        b.iter_batched(
            || {
                let n = n.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                Storage::open(&dir.path().join(format!("import-{n}.db"))).unwrap()
            },
            |mut fresh| {
                let doc = domain::export::ExportDocument::parse(&text).unwrap();
                ops::import_document(&mut fresh, &doc, None).unwrap()
            },
            BatchSize::PerIteration,
        )
    });
    group.finish();
}

fn charts_of(c: &mut Criterion, storage: &Storage, count: usize) {
    let mut group = c.benchmark_group(format!("charts of {count} assessments"));
    group.sample_size(10).sampling_mode(SamplingMode::Flat);
    for kind in [ChartKind::Map, ChartKind::Timeline, ChartKind::Card] {
        for (format, scale) in [(Format::Svg, 1), (Format::Png, 1), (Format::Png, 2)] {
            let options = ChartOptions {
                width: 1600,
                height: 1000,
                scale,
                ..ChartOptions::for_kind(kind)
            };
            let name = format!("{} {format:?} 1600x1000 at {scale}x", kind.slug());
            group.bench_function(name, |b| {
                b.iter(|| {
                    ops::render_chart(
                        storage,
                        DEFAULT_PROFILE_ID,
                        kind,
                        ChartRange::default(),
                        &options,
                        format,
                    )
                    .unwrap()
                })
            });
        }
    }
    group.finish();
}

fn charts(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    charts_of(c, &history(dir.path(), 120), 120);
    charts_of(c, &bulk_history(dir.path(), 10_000), 10_000);
}

/// The session report (PDF, two pages, the progress card on page one) of a person with 120 monthly
/// assessments (ten years): budget under 300 ms.
fn session_report(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let storage = history(dir.path(), 120);
    let mut group = c.benchmark_group("session report");
    group.sample_size(10).sampling_mode(SamplingMode::Flat);
    group.bench_function("PDF of 120 assessments", |b| {
        b.iter(|| {
            ops::session_report(&storage, DEFAULT_PROFILE_ID, ops::ReportOptions::default())
                .unwrap()
        })
    });
    group.finish();
}

/// A coach's database in `dir`: 100 people with 60 monthly own assessments each (five years), and
/// a coach's assessment of every twentieth person beside their latest own one. Written in one
/// transaction straight through SQL, as [`bulk_history`] does.
fn caseload_db(dir: &Path) -> Storage {
    const PEOPLE: i64 = 100;
    const MONTHS: i64 = 60;
    let path = dir.join("caseload.db");
    drop(Storage::open(&path).unwrap());
    let mut conn = rusqlite::Connection::open(&path).unwrap();
    conn.pragma_update(None, "synchronous", "OFF").unwrap();
    let tx = conn.transaction().unwrap();
    {
        let first = [
            "Ada",
            "Alan",
            "Grace",
            "Linus",
            "Margaret",
            "Tim",
            "Katherine",
            "Dennis",
        ];
        let last = [
            "Lovelace", "Lee", "Hopper", "Torvalds", "Hamilton", "Berners", "Johnson",
        ];
        let mut profile = tx
            .prepare("INSERT INTO profile (id, name, created_at) VALUES (?1, ?2, '2020-12-01T00:00:00.000Z')")
            .unwrap();
        for id in 2..=PEOPLE {
            let n = id as usize;
            let name = format!("{} {} {id}", first[n % first.len()], last[n % last.len()]);
            profile.execute(params![id, name]).unwrap();
        }
        let mut assessment = tx
            .prepare(
                "INSERT INTO assessment (id, profile_id, rater, taken_on, recorded_at, questionnaire, \
                 focus, autonomy, quadrant, borderline, rater_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, \
                 ?7, ?8, ?9, ?10, CASE WHEN ?3 = 'self' THEN NULL ELSE 'bench-' || ?3 || '-' || ?2 END)",
            )
            .unwrap();
        let mut answer = tx
            .prepare("INSERT INTO answer (assessment_id, item_id, value) VALUES (?1, ?2, ?3)")
            .unwrap();
        let q = questionnaire::current();
        let varied = |seed: usize| {
            let values: BTreeMap<String, u8> = q
                .items
                .iter()
                .enumerate()
                .map(|(i, item)| {
                    let v = (i * 7 + seed * 13 + (i * seed) % 11) % 5;
                    (item.id.clone(), 1 + v as u8)
                })
                .collect();
            AnswerSheet::from_values(q, &values).unwrap()
        };
        let start = NaiveDate::from_ymd_opt(2021, 1, 15).unwrap();
        let mut id = 0_i64;
        let mut insert = |profile: i64, rater: &str, date: NaiveDate, seed: usize| {
            id += 1;
            let s = varied(seed);
            let score = domain::score(&s);
            assessment
                .execute(params![
                    id,
                    profile,
                    rater,
                    date.format("%Y-%m-%d").to_string(),
                    format!("{}T12:00:00.{:03}Z", date.format("%Y-%m-%d"), id % 1000),
                    score.questionnaire,
                    score.focus,
                    score.autonomy,
                    score.quadrant.slug(),
                    score.borderline,
                ])
                .unwrap();
            for (item, value) in s.answers() {
                answer.execute(params![id, item.id, value]).unwrap();
            }
        };
        for person in 1..=PEOPLE {
            for month in 0..MONTHS {
                let date = start + Duration::days(30 * month);
                insert(person, "self", date, (person * 31 + month) as usize);
            }
            if person % 20 == 0 {
                let date = start + Duration::days(30 * (MONTHS - 1) + 2);
                insert(person, "coach", date, person as usize * 7 + 3);
            }
        }
    }
    tx.commit().unwrap();
    drop(conn);
    Storage::open(&path).unwrap()
}

fn caseload(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let storage = caseload_db(dir.path());
    let today = NaiveDate::from_ymd_opt(2026, 1, 15).unwrap();
    let options = ChartOptions::for_kind(ChartKind::Map);
    let mut group = c.benchmark_group("caseload");
    group.sample_size(20);
    group.bench_function("caseload_svg_100_people_5_years", |b| {
        b.iter(|| {
            let caseload = ops::caseload(&storage, today).unwrap();
            ops::caseload_chart(&caseload, &options, Format::Svg).unwrap()
        })
    });
    group.finish();
}

criterion_group!(
    benches,
    scoring,
    session_report,
    storage,
    big_history,
    import_export,
    charts,
    caseload
);
criterion_main!(benches);
