//! One change in an exchange folder: the sender's current history of the linked person (as a
//! one-person export, version 2) and the ids of the assessments deleted there. Every file carries
//! the whole (shareable) history, so a lost, late or duplicated file costs nothing: the next one
//! holds everything, and importing is idempotent. Validated all-or-nothing, like an export.

use serde::{Deserialize, Serialize};

use super::export::{is_canonical_uuid, ExportDocument, ImportError};

/// The `format` field of every change document.
pub const FORMAT: &str = "bearing-change";

/// The version this Bearing writes and reads.
pub const VERSION: u32 = 1;

/// Most tombstones one change may carry.
pub const MAX_DELETED: usize = 100_000;

/// A change as written to a folder (before encryption).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Change {
    pub format: String,
    pub version: u32,
    /// The change's id (a UUID): a copy of the file, under any name, is the same change.
    pub id: String,
    /// The sending Bearing's key (`age1…`).
    pub from: String,
    /// The person's history as the sender holds it: one person, export format 2.
    pub history: ExportDocument,
    /// Ids of that person's assessments deleted by the sender.
    #[serde(default)]
    pub deleted: Vec<String>,
}

impl Change {
    /// Parses and validates a change: its own fields, then its history as a whole export.
    pub fn parse(text: &str) -> Result<Change, ImportError> {
        let value: serde_json::Value =
            serde_json::from_str(text).map_err(|e| ImportError::Json(e.to_string()))?;
        match value.get("format").and_then(|f| f.as_str()) {
            Some(FORMAT) => {}
            Some(other) => return Err(ImportError::Format(other.chars().take(64).collect())),
            None => return Err(ImportError::Json("it has no `format` field".into())),
        }
        match value.get("version").and_then(serde_json::Value::as_u64) {
            Some(v) if v == u64::from(VERSION) => {}
            Some(v) => return Err(ImportError::Version(u32::try_from(v).unwrap_or(u32::MAX))),
            None => return Err(ImportError::Json("it has no whole-number `version`".into())),
        }
        // The history is checked by the export's own rules (it is re-read from its text).
        let history_text = value
            .get("history")
            .map(serde_json::Value::to_string)
            .ok_or_else(|| ImportError::Json("it has no `history`".into()))?;
        let history = ExportDocument::parse(&history_text)?;
        let change: Change =
            serde_json::from_value(value).map_err(|e| ImportError::Json(e.to_string()))?;
        let invalid = |place: &str, detail: &str| ImportError::Invalid {
            place: place.into(),
            detail: detail.into(),
        };
        if !is_canonical_uuid(&change.id) {
            return Err(invalid("id", "is not a lower-case UUID"));
        }
        if !(change.from.starts_with("age1") && change.from.len() == 62) {
            return Err(invalid("from", "is not a Bearing's key"));
        }
        if history.version != super::export::VERSION || history.profiles.len() != 1 {
            return Err(invalid(
                "history",
                "must be a version 2 export of exactly one person",
            ));
        }
        if change.deleted.len() > MAX_DELETED {
            return Err(invalid("deleted", "holds too many ids"));
        }
        if let Some(bad) = change.deleted.iter().position(|id| !is_canonical_uuid(id)) {
            return Err(invalid(
                &format!("deleted[{bad}]"),
                "is not a lower-case UUID",
            ));
        }
        Ok(Change { history, ..change })
    }
}
