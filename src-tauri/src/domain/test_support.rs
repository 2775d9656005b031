//! Answer sheets for the domain's unit tests.

use std::collections::BTreeMap;

use super::questionnaire::{self, Item, Questionnaire};
use super::AnswerSheet;

/// A complete sheet for questionnaire v1 (the one the domain's number-checking tests were written
/// against), one answer per statement from `answer`.
pub(crate) fn sheet_by(answer: impl Fn(&Item) -> u8) -> AnswerSheet {
    sheet_by_in(questionnaire::v1(), answer)
}

/// A complete sheet for questionnaire `q`, one answer per statement from `answer`.
pub(crate) fn sheet_by_in(q: &'static Questionnaire, answer: impl Fn(&Item) -> u8) -> AnswerSheet {
    let values: BTreeMap<String, u8> = q.items.iter().map(|i| (i.id.clone(), answer(i))).collect();
    AnswerSheet::from_values(q, &values).unwrap()
}

/// A sheet for questionnaire v1 from answers in questionnaire order.
pub(crate) fn sheet(values: &[u8]) -> AnswerSheet {
    let q = questionnaire::v1();
    assert_eq!(values.len(), q.items.len());
    let map: BTreeMap<String, u8> = q
        .items
        .iter()
        .zip(values)
        .map(|(i, v)| (i.id.clone(), *v))
        .collect();
    AnswerSheet::from_values(q, &map).unwrap()
}

/// Agrees fully where a statement's loadings point the wanted way, disagrees fully where they
/// point the other way, neutral where they cancel out.
pub(crate) fn extreme(want_focus: f64, want_autonomy: f64) -> AnswerSheet {
    sheet_by(|i| {
        let pull = i.focus * want_focus + i.autonomy * want_autonomy;
        if pull > 0.0 {
            5
        } else if pull < 0.0 {
            1
        } else {
            3
        }
    })
}
