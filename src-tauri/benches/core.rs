//! Benchmarks of Bearing's core paths: `cargo bench --bench core`. They print figures and never
//! fail on time; the budgets live in the issues and the README.

// In a benchmark a failed unwrap is a broken set-up, reported with the value at fault.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;

use bearing_lib::chart::{ChartKind, ChartOptions, Format};
use bearing_lib::domain::{self, questionnaire, AnswerSheet};
use bearing_lib::ops::{self, ChartRange, When, Who};
use bearing_lib::storage::{Storage, DEFAULT_PROFILE_ID};
use chrono::{Duration, NaiveDate, Utc};
use criterion::{criterion_group, criterion_main, BatchSize, Criterion};

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
fn history(dir: &std::path::Path, count: usize) -> Storage {
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
            &sheet(n),
            None,
            when,
            false,
        )
        .unwrap();
    }
    storage
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
                &s,
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

fn charts(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let storage = history(dir.path(), 120);
    let mut group = c.benchmark_group("charts of 120 assessments");
    group.sample_size(20);
    for (kind, format, scale) in [
        (ChartKind::Map, Format::Svg, 1),
        (ChartKind::Map, Format::Png, 1),
        (ChartKind::Timeline, Format::Png, 1),
        (ChartKind::Card, Format::Png, 1),
        (ChartKind::Card, Format::Png, 2),
    ] {
        let options = ChartOptions {
            width: 1600,
            height: 1000,
            scale,
            ..ChartOptions::for_kind(kind)
        };
        let name = format!("{} {format:?} 1600x1000 at {scale}x", kind.slug());
        group.bench_function(name, |b| {
            b.iter_batched(
                || (),
                |()| {
                    ops::render_chart(
                        &storage,
                        DEFAULT_PROFILE_ID,
                        kind,
                        ChartRange::default(),
                        &options,
                        format,
                    )
                    .unwrap()
                },
                BatchSize::SmallInput,
            )
        });
    }
    group.finish();
}

criterion_group!(benches, scoring, storage, charts);
criterion_main!(benches);
