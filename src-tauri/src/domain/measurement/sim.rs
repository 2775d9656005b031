//! Simulated leaders for the measurement tests: a small seeded PRNG and normal noise (answer
//! sheets come from `domain::test_support`).

use crate::domain::questionnaire::{self, Questionnaire};

/// SplitMix64: tiny, seedable, good enough for simulations; fixed seeds keep tests repeatable.
pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    pub(crate) fn uniform(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1_u64 << 53) as f64
    }

    /// A whole number from `low` to `high`, both included.
    pub(crate) fn between(&mut self, low: u8, high: u8) -> u8 {
        let span = u64::from(high - low) + 1;
        low + (self.next_u64() % span) as u8
    }

    /// Normal with mean 0 and SD `sd` (Box–Muller).
    pub(crate) fn normal(&mut self, sd: f64) -> f64 {
        let u1 = 1.0 - self.uniform(); // in (0, 1], so the log is finite
        let u2 = self.uniform();
        sd * (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos()
    }

    /// `value` answered again: moved by N(0, `sd`), rounded, kept on the 1..5 scale.
    pub(crate) fn reanswer(&mut self, value: u8, sd: f64) -> u8 {
        (f64::from(value) + self.normal(sd)).round().clamp(1.0, 5.0) as u8
    }
}

/// Questionnaire v1.
pub(crate) fn v1() -> &'static Questionnaire {
    questionnaire::v1()
}
