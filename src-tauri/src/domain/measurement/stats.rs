//! The few distribution functions measurement needs, written out so they can be checked: the
//! normal CDF Φ, the F distribution's CDF and quantile, and small descriptive statistics.
//!
//! No crate in Cargo.lock provides them (statrs would be the usual choice), and they are short:
//!
//! - **erf / erfc**: the Maclaurin series (A&S 7.1.5) below 3, the continued fraction A&S 7.1.14
//!   from 3 on. Both converge to near machine precision (the tests hold them to 1e-12), better
//!   than the 1.5e-7 of the popular A&S 7.1.26 polynomial, and Φ(0) is exactly 0.5.
//! - **F quantile**: the exact F CDF through the regularized incomplete beta function
//!   (continued fraction, Numerical Recipes §6.4, with Lanczos ln Γ), inverted by bisection.
//!   Not an approximation such as Hakstian–Whalen's: accurate to about 1e-10 for the degrees of
//!   freedom Feldt's interval uses, checked against printed F tables.

use std::f64::consts::PI;

/// Below this, erf is summed as a series; from here on erfc is a continued fraction.
const SERIES_LIMIT: f64 = 3.0;

/// The error function.
pub fn erf(x: f64) -> f64 {
    if x < 0.0 {
        -erf(-x)
    } else if x < SERIES_LIMIT {
        erf_series(x)
    } else {
        1.0 - erfc_fraction(x)
    }
}

/// The complementary error function 1 − erf(x), accurate in the tail.
pub fn erfc(x: f64) -> f64 {
    if x < SERIES_LIMIT {
        1.0 - erf(x)
    } else {
        erfc_fraction(x)
    }
}

/// erf(x) = 2/√π · Σ (−1)ⁿ x²ⁿ⁺¹ / (n! (2n+1)), for 0 ≤ x < 3 (terms stay below ~200, so the
/// alternating sum loses at most a few digits).
fn erf_series(x: f64) -> f64 {
    let x2 = x * x;
    let mut term = x; // (−1)ⁿ x²ⁿ⁺¹ / n!
    let mut sum = 0.0;
    for n in 0..200_u32 {
        let add = term / f64::from(2 * n + 1);
        sum += add;
        if add.abs() < 1e-17 * sum.abs() {
            break;
        }
        term *= -x2 / f64::from(n + 1);
    }
    2.0 / PI.sqrt() * sum
}

/// erfc(x) = e^(−x²)/√π · 1/(x + ½/(x + 1/(x + (3/2)/(x + …)))), for x ≥ 3, evaluated from a
/// deep enough tail backwards.
fn erfc_fraction(x: f64) -> f64 {
    let mut f = x;
    for k in (1..=80_u32).rev() {
        f = x + f64::from(k) / 2.0 / f;
    }
    (-x * x).exp() / (PI.sqrt() * f)
}

/// The standard normal CDF Φ(z).
pub fn normal_cdf(z: f64) -> f64 {
    let x = z / std::f64::consts::SQRT_2;
    if z >= 0.0 {
        1.0 - 0.5 * erfc(x)
    } else {
        0.5 * erfc(-x)
    }
}

/// ln Γ(x) for x ≥ 0.5 (Lanczos, g = 7, nine coefficients; relative error ~1e-15).
fn ln_gamma(x: f64) -> f64 {
    const G: f64 = 7.0;
    const C: [f64; 9] = [
        0.999_999_999_999_809_9,
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_1,
        -176.615_029_162_140_6,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_572e-6,
        1.505_632_735_149_311_6e-7,
    ];
    let x = x - 1.0;
    let mut a = C[0];
    for (i, c) in C.iter().enumerate().skip(1) {
        a += c / (x + i as f64);
    }
    let t = x + G + 0.5;
    0.5 * (2.0 * PI).ln() + (x + 0.5) * t.ln() - t + a.ln()
}

/// The continued fraction of the incomplete beta function (modified Lentz), valid where
/// x < (a + 1) / (a + b + 2).
fn beta_fraction(a: f64, b: f64, x: f64) -> f64 {
    const TINY: f64 = 1e-300;
    const EPS: f64 = 1e-15;
    let guard = |v: f64| if v.abs() < TINY { TINY } else { v };
    let (qab, qap, qam) = (a + b, a + 1.0, a - 1.0);
    let mut c = 1.0;
    let mut d = 1.0 / guard(1.0 - qab * x / qap);
    let mut h = d;
    for m in 1..=10_000_u32 {
        let m = f64::from(m);
        let m2 = 2.0 * m;
        let aa = m * (b - m) * x / ((qam + m2) * (a + m2));
        d = 1.0 / guard(1.0 + aa * d);
        c = guard(1.0 + aa / c);
        h *= d * c;
        let aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
        d = 1.0 / guard(1.0 + aa * d);
        c = guard(1.0 + aa / c);
        let step = d * c;
        h *= step;
        if (step - 1.0).abs() < EPS {
            break;
        }
    }
    h
}

/// The regularized incomplete beta function I_x(a, b), for a, b ≥ 0.5.
pub fn beta_regularized(a: f64, b: f64, x: f64) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    if x >= 1.0 {
        return 1.0;
    }
    let front =
        (ln_gamma(a + b) - ln_gamma(a) - ln_gamma(b) + a * x.ln() + b * (1.0 - x).ln()).exp();
    if x < (a + 1.0) / (a + b + 2.0) {
        front * beta_fraction(a, b, x) / a
    } else {
        1.0 - front * beta_fraction(b, a, 1.0 - x) / b
    }
}

/// P(F ≤ f) for the F distribution with `d1` and `d2` degrees of freedom (each at least 1).
pub fn f_cdf(f: f64, d1: f64, d2: f64) -> f64 {
    if f <= 0.0 {
        return 0.0;
    }
    beta_regularized(d1 / 2.0, d2 / 2.0, d1 * f / (d1 * f + d2))
}

/// The `p`-quantile of the F distribution with `d1` and `d2` degrees of freedom, `p` in (0, 1):
/// the beta variable x = d1·F / (d1·F + d2) is found by bisection, then turned back into F.
pub fn f_quantile(p: f64, d1: f64, d2: f64) -> f64 {
    let (a, b) = (d1 / 2.0, d2 / 2.0);
    let (mut lo, mut hi) = (0.0_f64, 1.0_f64);
    // 200 halvings take the bracket below f64 resolution; stop early once it stops shrinking.
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if mid <= lo || mid >= hi {
            break;
        }
        if beta_regularized(a, b, mid) < p {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    let x = 0.5 * (lo + hi);
    d2 * x / (d1 * (1.0 - x))
}

/// The arithmetic mean; 0 for no values.
pub fn mean(values: &[f64]) -> f64 {
    if values.is_empty() {
        0.0
    } else {
        values.iter().sum::<f64>() / values.len() as f64
    }
}

/// The sample variance (divisor n − 1); 0 for fewer than two values.
pub fn sample_variance(values: &[f64]) -> f64 {
    if values.len() < 2 {
        return 0.0;
    }
    let m = mean(values);
    values.iter().map(|v| (v - m).powi(2)).sum::<f64>() / (values.len() - 1) as f64
}

/// The median; 0 for no values.
pub fn median(values: &[f64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let n = sorted.len();
    match n {
        0 => 0.0,
        _ if n % 2 == 1 => sorted[n / 2],
        _ => 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]),
    }
}

/// Pearson's correlation; `None` when either variable does not vary.
pub fn correlation(x: &[f64], y: &[f64]) -> Option<f64> {
    let (mx, my) = (mean(x), mean(y));
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (a, b) in x.iter().zip(y) {
        sxy += (a - mx) * (b - my);
        sxx += (a - mx).powi(2);
        syy += (b - my).powi(2);
    }
    (sxx > 0.0 && syy > 0.0).then(|| sxy / (sxx * syy).sqrt())
}

/// Rounds to `decimals` decimal places.
pub(crate) fn round_to(x: f64, decimals: i32) -> f64 {
    let scale = 10_f64.powi(decimals);
    (x * scale).round() / scale
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(actual: f64, expected: f64, tolerance: f64) -> bool {
        (actual - expected).abs() <= tolerance
    }

    #[test]
    fn normal_cdf_matches_known_values() {
        // Reference values to 16 digits (Python's math.erfc).
        for (z, expected) in [
            (0.0, 0.5),
            (1.0, 0.841_344_746_068_542_9),
            (-1.0, 0.158_655_253_931_457_05),
            (1.96, 0.975_002_104_851_779_5),
            (-1.96, 0.024_997_895_148_220_435),
            (1.644_853_626_951_472_2, 0.95),
            (2.5, 0.993_790_334_674_224),
            (4.242_640_687_119_285, 0.999_988_954_751_500_7),
            (-5.0, 2.866_515_718_791_946e-7),
            (-8.0, 6.220_960_574_271_819e-16),
        ] {
            let got = normal_cdf(z);
            let tolerance = 1e-11 * expected;
            assert!(
                close(got, expected, tolerance),
                "Φ({z}) = {got}, expected {expected}"
            );
        }
        assert_eq!(normal_cdf(0.0), 0.5, "exactly a half on the midline");
    }

    #[test]
    fn erf_is_odd_and_continuous_where_the_methods_meet() {
        for x in [0.1, 0.5, 1.0, 2.0, 2.9, 3.5] {
            assert_eq!(erf(-x), -erf(x));
        }
        // erfc(3) = 2.209049699858544e-5: the series side and the fraction side agree there.
        assert!(close(erfc(3.0), 2.209_049_699_858_544e-5, 1e-16));
        assert!(close(
            1.0 - erf_series(2.999_999),
            erfc_fraction(3.0),
            2e-10
        ));
        assert!(close(erf(0.5), 0.520_499_877_813_046_5, 1e-15));
    }

    #[test]
    fn f_quantiles_match_printed_tables() {
        // (p, d1, d2, value from standard F tables, to four decimals)
        for (p, d1, d2, expected) in [
            (0.95, 1.0, 10.0, 4.9646),
            (0.95, 10.0, 10.0, 2.9782),
            (0.975, 5.0, 20.0, 3.2891),
            (0.99, 2.0, 30.0, 5.3903),
            (0.95, 30.0, 120.0, 1.5543),
            (0.975, 60.0, 120.0, 1.5299),
            // Feldt's interval for 200 sheets of a 13-item composite (mpmath, 12 digits).
            (0.975, 199.0, 2_388.0, 1.216_528_492_34),
            (0.025, 199.0, 2_388.0, 0.807_359_196_499),
        ] {
            let got = f_quantile(p, d1, d2);
            assert!(
                close(got, expected, 1e-4),
                "F({p}; {d1}, {d2}) = {got}, table {expected}"
            );
            assert!(close(f_cdf(got, d1, d2), p, 1e-10));
        }
    }

    #[test]
    fn f_quantiles_mirror_across_the_degrees_of_freedom() {
        // F_p(d1, d2) = 1 / F_(1−p)(d2, d1), also for the large d2 of a 20-item composite.
        for (p, d1, d2) in [
            (0.025, 29.0, 551.0),
            (0.975, 199.0, 3_980.0),
            (0.1, 3.0, 7.0),
        ] {
            let direct = f_quantile(p, d1, d2);
            let mirrored = 1.0 / f_quantile(1.0 - p, d2, d1);
            assert!(close(direct, mirrored, 1e-9), "{direct} vs {mirrored}");
        }
    }

    #[test]
    fn descriptive_statistics() {
        assert_eq!(mean(&[1.0, 2.0, 6.0]), 3.0);
        assert_eq!(sample_variance(&[1.0, 2.0, 6.0]), 7.0);
        assert_eq!(median(&[5.0, 1.0, 3.0]), 3.0);
        assert_eq!(median(&[4.0, 1.0, 3.0, 2.0]), 2.5);
        assert_eq!(median(&[]), 0.0);
        assert_eq!(correlation(&[1.0, 2.0, 3.0], &[2.0, 4.0, 6.0]), Some(1.0));
        assert_eq!(correlation(&[1.0, 2.0, 3.0], &[5.0, 5.0, 5.0]), None);
        assert_eq!(round_to(5.536_99, 2), 5.54);
    }
}
