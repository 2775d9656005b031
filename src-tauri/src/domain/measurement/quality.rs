//! Response quality: signs that a sheet says more about how the form was filled in than about the
//! month it describes. A sheet with any flag is provisional: Bearing says so, never calls its
//! position clear, and keeps it out of comparisons and calibration.

use std::collections::HashMap;

use serde::Serialize;

use super::super::answers::AnswerSheet;
use super::super::explain::contradicted_axes;
use super::super::questionnaire::Pole;
use super::super::scoring::{centred, Axis};
use super::stats::{mean, median};

/// `straight-lining` from this share of identical answers (24 of v1's 26 statements).
pub const STRAIGHT_LINING_SHARE: f64 = 0.90;

/// `long-run` from this many equal answers in a row, in questionnaire order.
pub const LONG_RUN: usize = 10;

/// `low-spread` below this SD of the answers, in scale points. Answer noise alone (about 0.9,
/// see `sem.rs`) spreads an honest sheet more than this, whatever the leader's position.
pub const LOW_SPREAD_SD: f64 = 0.5;

/// `agreement-bias` from this size of the balanced agreement index (centred units, −1..1): the
/// mean, over both axes, of the mean centred answer to the high-keyed statements and that to the
/// low-keyed ones, each pole weighted equally so that the keying cancels. A content-driven sheet
/// sits near 0 (agreeing with one pole means disagreeing with the other); 0.5 is answering
/// "very like me" (4) on average to opposites.
pub const AGREEMENT_BIAS_INDEX: f64 = 0.5;

/// `few-answers` when fewer statements than this were answered toward one pole of an axis.
pub const MIN_ANSWERED_PER_POLE: usize = 3;

/// `too-fast` when the median time per statement is below this many seconds: too quick to read a
/// one-sentence statement and recall a moment of the past month.
pub const TOO_FAST_MEDIAN_SECONDS: f64 = 2.0;

/// A response-quality flag. Serializes as its id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum QualityFlag {
    /// The same answer to at least [`STRAIGHT_LINING_SHARE`] of the statements.
    StraightLining,
    /// [`LONG_RUN`] or more equal answers in a row.
    LongRun,
    /// The answers' SD is below [`LOW_SPREAD_SD`].
    LowSpread,
    /// The balanced agreement index is at least [`AGREEMENT_BIAS_INDEX`] in size.
    AgreementBias,
    /// On some axis, both poles' statements were agreed with (see `explain::contradicted_axes`).
    Contradiction,
    /// Median time per statement under [`TOO_FAST_MEDIAN_SECONDS`].
    TooFast,
    /// Fewer than [`MIN_ANSWERED_PER_POLE`] statements keyed toward some pole were answered (the
    /// rest did not come up), so that end of the axis rests on too few answers.
    FewAnswers,
}

impl QualityFlag {
    pub const ALL: [QualityFlag; 7] = [
        QualityFlag::StraightLining,
        QualityFlag::LongRun,
        QualityFlag::LowSpread,
        QualityFlag::AgreementBias,
        QualityFlag::Contradiction,
        QualityFlag::TooFast,
        QualityFlag::FewAnswers,
    ];

    /// The stable id (the serde name), as stored and printed.
    pub fn slug(self) -> &'static str {
        match self {
            QualityFlag::StraightLining => "straight-lining",
            QualityFlag::LongRun => "long-run",
            QualityFlag::LowSpread => "low-spread",
            QualityFlag::AgreementBias => "agreement-bias",
            QualityFlag::Contradiction => "contradiction",
            QualityFlag::TooFast => "too-fast",
            QualityFlag::FewAnswers => "few-answers",
        }
    }

    pub fn from_slug(slug: &str) -> Option<QualityFlag> {
        QualityFlag::ALL.into_iter().find(|f| f.slug() == slug)
    }

    /// What the flag means, for the person who answered: short, second person, no blame.
    pub fn message(self) -> &'static str {
        match self {
            QualityFlag::StraightLining => {
                "You gave the same answer to almost every statement. The statements point in \
                 different directions, so this position may say more about the form than about \
                 your month."
            }
            QualityFlag::LongRun => {
                "Ten or more statements in a row got the same answer. If the form was rushed \
                 there, those answers are worth another look."
            }
            QualityFlag::LowSpread => {
                "Your answers sit very close together, so the statements hardly pull your \
                 position either way."
            }
            QualityFlag::AgreementBias => {
                "You leaned the same way on statements that point in opposite directions. \
                 Answering each from a concrete moment of the month gives a truer picture."
            }
            QualityFlag::Contradiction => {
                "You agreed with statements that describe opposite habits on the same axis. If \
                 both happened, a note about the mixed month will help next time."
            }
            QualityFlag::TooFast => {
                "You answered faster than the statements can comfortably be read. Taking a few \
                 seconds per statement makes the position more reliable."
            }
            QualityFlag::FewAnswers => {
                "Several statements didn't come up this month, and fewer than three were left \
                 on one end of an axis. The position there rests on a handful of answers, so \
                 read it as a first sketch."
            }
        }
    }

    pub fn note(self) -> FlagNote {
        FlagNote {
            flag: self,
            message: self.message(),
        }
    }
}

/// A flag with its message: `{"flag": "straight-lining", "message": "…"}`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct FlagNote {
    pub flag: QualityFlag,
    pub message: &'static str,
}

/// The response quality of a sheet: `{"flags": [...], "provisional": bool}`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Quality {
    /// In [`QualityFlag`] order; empty for an unremarkable sheet.
    pub flags: Vec<FlagNote>,
    /// True when any flag is raised.
    pub provisional: bool,
}

impl Quality {
    /// The flags' ids joined with commas, as stored (empty when none).
    pub fn slugs(&self) -> String {
        join_flags(self.flags.iter().map(|n| n.flag))
    }

    pub fn has(&self, flag: QualityFlag) -> bool {
        self.flags.iter().any(|n| n.flag == flag)
    }
}

/// Flags joined with commas, as stored.
pub fn join_flags(flags: impl IntoIterator<Item = QualityFlag>) -> String {
    flags
        .into_iter()
        .map(QualityFlag::slug)
        .collect::<Vec<_>>()
        .join(",")
}

/// Stored flags read back; unknown ids (from a newer Bearing) are kept out. Most assessments have
/// none, and a long history reads them on every row, so the empty text returns at once.
pub fn parse_flags(text: &str) -> Vec<QualityFlag> {
    if text.is_empty() {
        return Vec::new();
    }
    text.split(',')
        .filter_map(|s| QualityFlag::from_slug(s.trim()))
        .collect()
}

/// Checks how `sheet` was answered. `durations` are the seconds spent on each statement (any
/// order; from the window's timestamps: the time from showing a statement, or answering the
/// previous one, to answering it); `None` or empty when not recorded.
pub fn response_quality(sheet: &AnswerSheet, durations: Option<&[f64]>) -> Quality {
    let answers: Vec<u8> = sheet.answers().map(|(_, v)| v).collect();
    let mut flags = Vec::new();
    if straight_lining(&answers) {
        flags.push(QualityFlag::StraightLining);
    }
    if longest_run(&answers) >= LONG_RUN {
        flags.push(QualityFlag::LongRun);
    }
    if answer_sd(&answers) < LOW_SPREAD_SD {
        flags.push(QualityFlag::LowSpread);
    }
    if agreement_index(sheet).abs() >= AGREEMENT_BIAS_INDEX {
        flags.push(QualityFlag::AgreementBias);
    }
    if !contradicted_axes(sheet).is_empty() {
        flags.push(QualityFlag::Contradiction);
    }
    if durations.is_some_and(|d| !d.is_empty() && median(d) < TOO_FAST_MEDIAN_SECONDS) {
        flags.push(QualityFlag::TooFast);
    }
    if too_few_answers(sheet) {
        flags.push(QualityFlag::FewAnswers);
    }
    Quality {
        provisional: !flags.is_empty(),
        flags: flags.into_iter().map(QualityFlag::note).collect(),
    }
}

fn straight_lining(answers: &[u8]) -> bool {
    let mut counts: HashMap<u8, usize> = HashMap::new();
    for v in answers {
        *counts.entry(*v).or_default() += 1;
    }
    let most = counts.values().copied().max().unwrap_or(0);
    !answers.is_empty() && most as f64 >= STRAIGHT_LINING_SHARE * answers.len() as f64
}

/// Whether some pole has fewer than [`MIN_ANSWERED_PER_POLE`] answered statements, while the
/// questionnaire itself has at least that many there (so a complete sheet is never flagged).
fn too_few_answers(sheet: &AnswerSheet) -> bool {
    if sheet.is_complete() {
        return false;
    }
    sheet
        .questionnaire()
        .pole_counts()
        .iter()
        .any(|(pole, all)| {
            let answered = sheet
                .answers()
                .filter(|(item, _)| item.poles().contains(pole))
                .count();
            answered < MIN_ANSWERED_PER_POLE.min(*all)
        })
}

/// The longest run of equal consecutive answers.
pub fn longest_run(answers: &[u8]) -> usize {
    let (mut longest, mut run) = (0, 0);
    for (i, v) in answers.iter().enumerate() {
        run = if i > 0 && answers[i - 1] == *v {
            run + 1
        } else {
            1
        };
        longest = longest.max(run);
    }
    longest
}

/// The population SD of the raw answers, in scale points.
fn answer_sd(answers: &[u8]) -> f64 {
    let values: Vec<f64> = answers.iter().map(|v| f64::from(*v)).collect();
    let m = mean(&values);
    mean(&values.iter().map(|v| (v - m).powi(2)).collect::<Vec<_>>()).sqrt()
}

/// The balanced agreement index (see [`AGREEMENT_BIAS_INDEX`]): for each axis, the statements
/// keyed to its high pole and those keyed to its low pole (by [`Item::poles`]) form a balanced
/// pair of groups; the index is the mean of the four group means of centred answers.
///
/// [`Item::poles`]: super::super::questionnaire::Item::poles
pub fn agreement_index(sheet: &AnswerSheet) -> f64 {
    let scale = &sheet.questionnaire().scale;
    let group_mean = |pole: Pole| {
        let values: Vec<f64> = sheet
            .answers()
            .filter(|(item, _)| item.poles().contains(&pole))
            .map(|(_, v)| centred(scale, v))
            .collect();
        mean(&values)
    };
    let per_axis: Vec<f64> = Axis::ALL
        .into_iter()
        .map(|axis| {
            let (high, low) = match axis {
                Axis::Focus => (Pole::FocusHigh, Pole::FocusLow),
                Axis::Autonomy => (Pole::AutonomyHigh, Pole::AutonomyLow),
            };
            (group_mean(high) + group_mean(low)) / 2.0
        })
        .collect();
    mean(&per_axis)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::test_support::{extreme, sheet_by};

    fn ids(q: &Quality) -> Vec<String> {
        q.flags
            .iter()
            .map(|n| {
                serde_json::to_value(n.flag)
                    .unwrap()
                    .as_str()
                    .unwrap()
                    .to_string()
            })
            .collect()
    }

    #[test]
    fn agreeing_with_everything_is_flagged_for_what_it_is() {
        let q = response_quality(&sheet_by(|_| 5), None);
        assert!(q.provisional);
        assert_eq!(
            ids(&q),
            [
                "straight-lining",
                "long-run",
                "low-spread",
                "agreement-bias",
                "contradiction"
            ]
        );
    }

    #[test]
    fn all_threes_is_straight_lining_with_no_spread_but_no_bias() {
        let q = response_quality(&sheet_by(|_| 3), None);
        assert_eq!(ids(&q), ["straight-lining", "long-run", "low-spread"]);
    }

    #[test]
    fn extreme_but_consistent_sheets_are_not_flagged() {
        for (f, a) in [(1.0, 1.0), (1.0, -1.0), (-1.0, 1.0), (-1.0, -1.0)] {
            let sheet = extreme(f, a);
            let q = response_quality(&sheet, Some(&[6.0; 26]));
            assert!(!q.provisional, "({f}, {a}): {:?}", ids(&q));
            assert!(agreement_index(&sheet).abs() < 0.2);
        }
    }

    #[test]
    fn too_fast_looks_at_the_median_time() {
        let sheet = extreme(1.0, -1.0);
        let mut durations = vec![1.5; 14];
        durations.extend([30.0; 12]);
        assert_eq!(
            ids(&response_quality(&sheet, Some(&durations))),
            ["too-fast"]
        );
        durations[0] = 2.5;
        durations[1] = 2.5;
        assert!(!response_quality(&sheet, Some(&durations)).provisional);
        assert!(!response_quality(&sheet, Some(&[])).provisional);
    }

    #[test]
    fn runs_are_counted_in_questionnaire_order() {
        assert_eq!(longest_run(&[1, 1, 2, 2, 2, 1]), 3);
        assert_eq!(longest_run(&[]), 0);
        // Ten 4s in a row in an otherwise varied sheet.
        let sheet = sheet_by(|i| {
            let index = crate::domain::questionnaire::v1()
                .item_index(&i.id)
                .unwrap_or(0);
            if (5..15).contains(&index) {
                4
            } else {
                [1, 5, 2][index % 3]
            }
        });
        assert!(response_quality(&sheet, None).has(QualityFlag::LongRun));
    }

    #[test]
    fn flags_serialize_with_their_ids_and_messages() {
        let json = serde_json::to_value(response_quality(&sheet_by(|_| 5), None)).unwrap();
        assert_eq!(json["provisional"], true);
        assert_eq!(json["flags"][0]["flag"], "straight-lining");
        assert!(json["flags"][0]["message"]
            .as_str()
            .is_some_and(|m| m.starts_with("You ")));
        for flag in [
            QualityFlag::StraightLining,
            QualityFlag::LongRun,
            QualityFlag::LowSpread,
            QualityFlag::AgreementBias,
            QualityFlag::Contradiction,
            QualityFlag::TooFast,
        ] {
            assert!(flag.message().len() < 200, "{flag:?} is short");
        }
    }
}
