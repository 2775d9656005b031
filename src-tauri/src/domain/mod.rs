//! The pure core: questionnaire content, answer sheets, scoring and quadrants.
//!
//! Invariant: nothing in here does I/O or depends on tauri, rusqlite, plotters or `std::fs`. It takes
//! values and returns values or typed errors. Content files are embedded at build time.

pub mod answers;
pub mod assessment;
pub mod quadrant;
pub mod questionnaire;
pub mod scoring;

pub use answers::{AnswerSheet, AnswersError};
pub use assessment::{Assessment, AssessmentSummary, Rater};
pub use quadrant::{Quadrant, QuadrantInfo};
pub use questionnaire::{Item, Questionnaire, Scale};
pub use scoring::{score, Score};
