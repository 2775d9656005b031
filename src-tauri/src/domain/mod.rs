//! The pure core: questionnaire content, answer sheets, scoring, quadrants and perception gaps.
//!
//! Invariant: nothing in here does I/O or depends on tauri, rusqlite, plotters or `std::fs`. It takes
//! values and returns values or typed errors. Content files are embedded at build time.

pub mod answers;
pub mod assessment;
pub mod change;
pub mod commitment;
pub mod draft;
pub mod explain;
pub mod export;
pub mod gap;
pub mod growth;
pub mod measurement;
pub mod quadrant;
pub mod questionnaire;
pub mod raters;
pub mod scoring;
pub mod sheet;
#[cfg(test)]
pub(crate) mod test_support;

pub use answers::{AnswerSheet, AnswersError};
pub use assessment::{Assessment, AssessmentSummary, Rater, RaterIdentity, RaterWords};
pub use commitment::{Commitment, CommitmentError, Review, ReviewInput, ReviewStatus};
pub use draft::Draft;
pub use explain::{shared_move, split_move, what_moved, why_here, Share, WhatMoved, WhyHere};
pub use gap::{
    gap_trend, pair_by_period, perception_gap, AxisGap, Gap, GapLevel, StatementGap, Trend,
    PERIOD_WINDOW_DAYS,
};
pub use growth::{suggest, GrowthAction, GrowthError, Suggestion};
pub use quadrant::{Quadrant, QuadrantInfo, QuadrantsError};
pub use questionnaire::{Item, Questionnaire, QuestionnaireError, Scale};
pub use scoring::{score, Score};
