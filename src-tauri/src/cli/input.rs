//! Reading what the user hands the command line: answers and reviews, from a file or standard
//! input.

use std::io::{self, Read};
use std::path::Path;

use super::CliError;
use crate::domain::AnswerSheet;
use crate::ops::{self, OpsError};

/// Larger inputs are surely not answer or review files.
const MAX_BYTES: u64 = 4 * 1024 * 1024;

/// Reads and validates an answer sheet from a file, or standard input for `-`.
pub(super) fn read_answers(source: &str) -> Result<AnswerSheet, CliError> {
    let (name, text) = read_source(source, "the answers")?;
    AnswerSheet::from_json(&text).map_err(|source| OpsError::AnswersIn { name, source }.into())
}

/// Reads an answers document (`{"questionnaire": …, "answers": {…}}`, like `assess --answers`)
/// as JSON, for a sheet to check against: from a file, or standard input for `-`.
pub(super) fn read_answers_document(source: &str) -> Result<serde_json::Value, CliError> {
    let (name, text) = read_source(source, "the answers")?;
    serde_json::from_str(&text).map_err(|e| {
        OpsError::AnswersIn {
            name,
            source: crate::domain::AnswersError::Json(e.to_string()),
        }
        .into()
    })
}

/// Reads the reviews of open commitments (JSON) from a file, or standard input for `-`.
pub(super) fn read_reviews(source: &str) -> Result<serde_json::Value, CliError> {
    let (name, text) = read_source(source, "the reviews")?;
    serde_json::from_str(&text).map_err(|source| CliError::ReviewsJson { name, source })
}

/// Reads a text file the user named, or standard input for `-`; returns its name for messages.
fn read_source(source: &str, what: &'static str) -> Result<(String, String), CliError> {
    if source != "-" {
        let text = ops::files::read_text_file(Path::new(source), MAX_BYTES, what, "JSON text")
            .map_err(|e| match e {
                OpsError::TooLarge { .. } => CliError::InputTooLarge {
                    name: source.into(),
                    what,
                },
                other => other.into(),
            })?;
        return Ok((source.to_string(), text));
    }
    let mut text = String::new();
    io::stdin()
        .take(MAX_BYTES + 1)
        .read_to_string(&mut text)
        .map_err(|source| CliError::Stdin { what, source })?;
    if text.len() as u64 > MAX_BYTES {
        return Err(CliError::InputTooLarge {
            name: "standard input".into(),
            what,
        });
    }
    Ok(("standard input".to_string(), text))
}
