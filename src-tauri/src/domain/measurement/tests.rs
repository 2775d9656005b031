//! Whole-module tests: the headline sheets of issue 14, simulated leaders (false alarms, genuine
//! moves, calibration), and the worked example of `docs/scoring.md`.

use super::calibration::{calibrate, SUSPECT_ITEM_TOTAL};
use super::change::{change, weaker_axis, ChangeVerdict, MeasuredPosition};
use super::position::{p_high, Certainty};
use super::quality::QualityFlag;
use super::sem::{prior_sems, Sems};
use super::sim::{v1, Rng};
use super::{read_sheet, Reading};
use crate::domain::answers::AnswerSheet;
use crate::domain::scoring::score;
use crate::domain::test_support::sheet;
use crate::domain::test_support::{extreme, sheet_by};
use crate::domain::Quadrant;

fn v1_sems() -> Sems {
    prior_sems(v1()).unwrap()
}

fn read(sheet: &AnswerSheet) -> Reading {
    read_sheet(sheet, &v1_sems(), None)
}

fn measured(sheet: &AnswerSheet) -> MeasuredPosition {
    MeasuredPosition::new(&score(sheet), v1_sems())
}

#[test]
fn all_threes_is_the_centre_with_a_quarter_each() {
    let r = read(&sheet_by(|_| 3));
    assert_eq!(r.headline.certainty, Certainty::Centre);
    assert_eq!(r.headline.quadrant, None, "no Impact Galore headline");
    for (q, p) in &r.headline.probabilities {
        assert!((p - 0.25).abs() < 1e-12, "{q:?}: {p}");
    }
    assert!(r.quality.has(QualityFlag::StraightLining));
}

#[test]
fn all_fives_is_flagged_provisional_and_not_clear() {
    let r = read(&sheet_by(|_| 5));
    let s = score(&sheet_by(|_| 5));
    assert_eq!((s.focus, s.autonomy), (57.3, 60.5));
    assert!(r.quality.provisional);
    assert!(r.quality.has(QualityFlag::StraightLining));
    assert!(r.quality.has(QualityFlag::AgreementBias));
    assert!(r.quality.has(QualityFlag::Contradiction));
    // Impact Galore has P ≈ .88 from the position alone; a provisional sheet stays `leaning`.
    assert_eq!(r.headline.certainty, Certainty::Leaning);
}

#[test]
fn every_uniform_sheet_is_flagged_and_never_clear() {
    for value in 1..=5 {
        let r = read(&sheet_by(|_| value));
        assert!(r.quality.provisional, "all {value}s");
        assert_ne!(r.headline.certainty, Certainty::Clear, "all {value}s");
    }
}

#[test]
fn extreme_corner_sheets_are_clear() {
    for (f, a, expected) in [
        (1.0, 1.0, Quadrant::ImpactGalore),
        (1.0, -1.0, Quadrant::GlorifiedManager),
        (-1.0, 1.0, Quadrant::TechBusywork),
        (-1.0, -1.0, Quadrant::LowEverything),
    ] {
        let r = read(&extreme(f, a));
        assert!(!r.quality.provisional, "({f}, {a}): {:?}", r.quality);
        assert_eq!(r.headline.certainty, Certainty::Clear, "({f}, {a})");
        assert_eq!(r.headline.quadrant, Some(expected));
        assert!(r.headline.probabilities[&expected] > 0.999);
    }
}

#[test]
fn reading_serializes_flat() {
    let json = serde_json::to_value(read(&sheet_by(|_| 3))).unwrap();
    for key in [
        "quadrant",
        "certainty",
        "probabilities",
        "ranked",
        "uncertainty",
        "flags",
        "provisional",
    ] {
        assert!(json.get(key).is_some(), "missing `{key}` in {json}");
    }
}

/// Answer noise of the simulation, in scale points: the prior the SEM is derived from.
const NOISE_SD: f64 = 0.9;

/// Unchanged leaders answer twice; counts pairs judged `reliable` on (focus, autonomy, either).
fn false_alarms(rng: &mut Rng, base: impl Fn(&mut Rng) -> Vec<u8>, pairs: usize) -> [usize; 3] {
    let mut counts = [0; 3];
    for _ in 0..pairs {
        let truth = base(rng);
        let first: Vec<u8> = truth.iter().map(|v| rng.reanswer(*v, NOISE_SD)).collect();
        let second: Vec<u8> = truth.iter().map(|v| rng.reanswer(*v, NOISE_SD)).collect();
        let v = change(&measured(&sheet(&first)), &measured(&sheet(&second)));
        let focus = v.focus.verdict == ChangeVerdict::Reliable;
        let autonomy = v.autonomy.verdict == ChangeVerdict::Reliable;
        counts[0] += usize::from(focus);
        counts[1] += usize::from(autonomy);
        counts[2] += usize::from(focus || autonomy);
    }
    counts
}

fn rate(count: usize, pairs: usize) -> f64 {
    count as f64 / pairs as f64
}

#[test]
fn unchanged_leaders_rarely_get_a_reliable_change() {
    const PAIRS: usize = 10_000;
    let n = v1().items.len();
    let mut rng = Rng::new(14);
    // Random base sheets, as the issue describes them.
    let [f, a, either] = false_alarms(
        &mut rng,
        |r| (0..n).map(|_| r.between(1, 5)).collect(),
        PAIRS,
    );
    println!(
        "false alarms, random base sheets: focus {:.2}%, autonomy {:.2}%, either axis {:.2}% of {PAIRS} pairs",
        100.0 * rate(f, PAIRS),
        100.0 * rate(a, PAIRS),
        100.0 * rate(either, PAIRS)
    );
    assert!(rate(either, PAIRS) < 0.05);

    // Base sheets from leaders spread over the map, answering by the loadings: fewer answers sit
    // at 1 or 5, so less noise is clipped and each axis is nearer its nominal 5%.
    let model = |r: &mut Rng| {
        let (tf, ta) = (r.normal(0.6), r.normal(0.6));
        v1().items
            .iter()
            .map(|i| {
                (3.0 + 2.0 * (i.focus * tf + i.autonomy * ta))
                    .round()
                    .clamp(1.0, 5.0) as u8
            })
            .collect()
    };
    let [f, a, either] = false_alarms(&mut rng, model, PAIRS);
    println!(
        "false alarms, modelled leaders: focus {:.2}%, autonomy {:.2}%, either axis {:.2}% of {PAIRS} pairs",
        100.0 * rate(f, PAIRS),
        100.0 * rate(a, PAIRS),
        100.0 * rate(either, PAIRS)
    );
    assert!(rate(f, PAIRS) < 0.05 && rate(a, PAIRS) < 0.05);
}

#[test]
fn a_move_across_the_map_is_reliable_on_both_axes() {
    for (from, to) in [((-1.0, -1.0), (1.0, 1.0)), ((1.0, -1.0), (-1.0, 1.0))] {
        let v = change(
            &measured(&extreme(from.0, from.1)),
            &measured(&extreme(to.0, to.1)),
        );
        assert_eq!(
            v.focus.verdict,
            ChangeVerdict::Reliable,
            "{from:?} → {to:?}"
        );
        assert_eq!(
            v.autonomy.verdict,
            ChangeVerdict::Reliable,
            "{from:?} → {to:?}"
        );
    }
}

/// 200 simulated leaders: true positions N(0, 0.5) per axis in centred units, each answer the
/// loadings' pull plus N(0, 0.9) scale points; two statements answered at random.
fn caseload(rng: &mut Rng, leaders: usize, random_items: &[usize]) -> Vec<AnswerSheet> {
    (0..leaders)
        .map(|_| {
            let (tf, ta) = (rng.normal(0.5), rng.normal(0.5));
            let values: Vec<u8> = v1()
                .items
                .iter()
                .enumerate()
                .map(|(k, i)| {
                    if random_items.contains(&k) {
                        rng.between(1, 5)
                    } else {
                        let pull = (i.focus * tf + i.autonomy * ta).clamp(-1.0, 1.0);
                        let value = (3.0 + 2.0 * pull).round() as u8;
                        rng.reanswer(value, NOISE_SD)
                    }
                })
                .collect();
            sheet(&values)
        })
        .collect()
}

#[test]
fn calibration_recovers_a_known_model() {
    let mut rng = Rng::new(2024);
    let random_items = [0, 3]; // focus-priorities-check, autonomy-did-as-asked
    let sheets = caseload(&mut rng, 200, &random_items);
    let full = calibrate(&sheets).unwrap();
    println!(
        "calibration: {} sheets ({} left out); focus α {} [{}, {}], SEM {:.2}; autonomy α {} [{}, {}], SEM {:.2}",
        full.sheets,
        full.left_out,
        full.focus.alpha,
        full.focus.alpha_low,
        full.focus.alpha_high,
        full.focus.sem.value(),
        full.autonomy.alpha,
        full.autonomy.alpha_low,
        full.autonomy.alpha_high,
        full.autonomy.sem.value()
    );
    assert!(full.sheets >= 180, "few sheets are provisional");
    for axis in [&full.focus, &full.autonomy] {
        assert!((0.6..0.95).contains(&axis.alpha), "α = {}", axis.alpha);
        assert!(axis.alpha_low < axis.alpha && axis.alpha < axis.alpha_high);
        assert!(axis.sem.value() >= 3.0);
    }

    // A smaller caseload's interval contains the estimate from all 200.
    let part = calibrate(&sheets[..60]).unwrap();
    for (small, all) in [(&part.focus, &full.focus), (&part.autonomy, &full.autonomy)] {
        assert!(
            small.alpha_low <= all.alpha && all.alpha <= small.alpha_high,
            "[{}, {}] misses {}",
            small.alpha_low,
            small.alpha_high,
            all.alpha
        );
    }

    // Statements answered at random correlate with nothing and are marked suspect; the others
    // carry the composite.
    let q = v1();
    let items = full.focus.items.iter().chain(&full.autonomy.items);
    for item in items.clone() {
        let random = random_items.iter().any(|k| q.items[*k].id == item.id);
        let r = item.correlation.unwrap_or(0.0);
        if random {
            assert!(item.suspect && r < SUSPECT_ITEM_TOTAL, "{}: {r}", item.id);
        }
    }
    let kept = items.filter(|i| !i.suspect).count();
    assert!(kept >= 30, "most of the 41 axis entries hold up: {kept}");
}

#[test]
fn calibration_refuses_small_or_mixed_caseloads() {
    let mut rng = Rng::new(7);
    let sheets = caseload(&mut rng, 29, &[]);
    assert!(matches!(
        calibrate(&sheets),
        Err(super::MeasurementError::TooFewSheets { needed: 30, .. })
    ));
}

/// The worked example of `docs/scoring.md`, section "Uncertainty and change": every figure the
/// doc states is asserted here, so the page stays true.
#[test]
fn worked_example_in_the_docs() {
    let march = sheet(&[
        4, 2, 2, 4, 5, 1, 2, 3, 4, 2, 3, 5, 3, 2, 4, 4, 4, 1, 2, 5, 3, 2, 1, 3, 3, 3,
    ]);
    let april = sheet(&[
        3, 2, 3, 3, 4, 2, 3, 3, 4, 2, 3, 4, 3, 2, 4, 3, 3, 2, 3, 4, 3, 3, 2, 3, 3, 3,
    ]);
    let round = |x: f64, d: i32| super::stats::round_to(x, d);

    // SEM per axis from the priors.
    let sems = v1_sems();
    assert_eq!(round(sems.focus.value(), 2), 5.54);
    assert_eq!(round(sems.autonomy.value(), 2), 5.47);

    // March: (74.6, 31.9), intervals, probabilities, clear.
    let m = read(&march);
    let u = m.headline.uncertainty;
    assert_eq!((u.focus.low, u.focus.high), (63.7, 85.5));
    assert_eq!((u.autonomy.low, u.autonomy.high), (21.2, 42.6));
    assert_eq!(round(p_high(74.6, sems.focus), 6), 0.999_996);
    assert_eq!(round(p_high(31.9, sems.autonomy), 4), 0.0005);
    let p = &m.headline.probabilities;
    assert_eq!(round(p[&Quadrant::GlorifiedManager], 4), 0.9995);
    assert_eq!(round(p[&Quadrant::LowEverything], 6), 0.000_004);
    assert!(p[&Quadrant::TechBusywork] < 0.000_001);
    assert_eq!(round(p[&Quadrant::ImpactGalore], 4), 0.0005);
    assert_eq!(m.headline.certainty, Certainty::Clear);
    assert!(!m.quality.provisional);

    // April: (64.1, 45.6), leaning.
    let s = score(&april);
    assert_eq!((s.focus, s.autonomy), (64.1, 45.6));
    let a = read(&april);
    assert!(!a.quality.provisional);
    let u = a.headline.uncertainty;
    assert_eq!((u.focus.low, u.focus.high), (53.2, 75.0));
    assert_eq!((u.autonomy.low, u.autonomy.high), (34.9, 56.3));
    assert_eq!(round(p_high(64.1, sems.focus), 3), 0.995);
    assert_eq!(round(p_high(45.6, sems.autonomy), 3), 0.211);
    let p = &a.headline.probabilities;
    assert_eq!(round(p[&Quadrant::GlorifiedManager], 3), 0.785);
    assert_eq!(round(p[&Quadrant::ImpactGalore], 3), 0.210);
    assert_eq!(round(p[&Quadrant::LowEverything], 3), 0.004);
    assert_eq!(round(p[&Quadrant::TechBusywork], 3), 0.001);
    assert_eq!(a.headline.certainty, Certainty::Leaning);
    assert_eq!(a.headline.quadrant, Some(Quadrant::GlorifiedManager));

    // March → April: both moves possible, neither reliable.
    let v = change(&measured(&march), &measured(&april));
    assert_eq!(
        (v.focus.delta, v.focus.possible_from, v.focus.reliable_from),
        (-10.5, 7.8, 15.3)
    );
    assert_eq!(
        (
            v.autonomy.delta,
            v.autonomy.possible_from,
            v.autonomy.reliable_from
        ),
        (13.7, 7.7, 15.2)
    );
    assert_eq!((v.focus.se, v.autonomy.se), (7.83, 7.74));
    assert_eq!(v.focus.verdict, ChangeVerdict::Possible);
    assert_eq!(v.autonomy.verdict, ChangeVerdict::Possible);

    // April's weaker axis: 64.1 − 45.6 = 18.5 ≥ 15.3, so autonomy.
    let w = weaker_axis(&measured(&april));
    assert_eq!((w.difference, w.reliable_from), (18.5, 15.3));
    assert_eq!(w.weaker, Some(crate::domain::scoring::Axis::Autonomy));
}
