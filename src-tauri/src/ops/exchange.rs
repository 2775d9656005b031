//! The JSON export of a whole history (see `docs/export-format.md`): writing it, and reading and
//! merging one made here or on another computer.

use std::path::Path;

use chrono::{DateTime, Utc};

use super::files::{check_json_output, read_text_file, write_json_file};
use super::OpsError;
use crate::domain::export::{self, ExportDocument};
use crate::storage::{ImportOutcome, Storage};

/// A full export of the database as a document; only the profile named `only` when given.
pub fn export_document(
    storage: &Storage,
    only: Option<&str>,
    include_notes: bool,
    now: DateTime<Utc>,
) -> Result<ExportDocument, OpsError> {
    let mut profiles = storage.export_profiles(include_notes)?;
    if let Some(name) = only {
        // `name` is a profile's own name, as resolved by the caller.
        profiles.retain(|p| p.name == name);
    }
    Ok(ExportDocument {
        format: export::FORMAT.into(),
        version: export::VERSION,
        exported_at: now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        app_version: env!("CARGO_PKG_VERSION").into(),
        includes_notes: include_notes,
        profiles,
    })
}

/// Writes a full export to `path` (atomically). The path is checked before the database is read.
pub fn export_to_file(
    storage: &Storage,
    only: Option<&str>,
    path: &Path,
    include_notes: bool,
    now: DateTime<Utc>,
) -> Result<ExportDocument, OpsError> {
    check_json_output(path, Some(storage.path()))?;
    let doc = export_document(storage, only, include_notes, now)?;
    write_json_file(path, &doc)?;
    Ok(doc)
}

/// Reads and validates an export file completely, without touching any database.
pub fn read_export_file(path: &Path) -> Result<ExportDocument, OpsError> {
    let text = read_text_file(
        path,
        export::MAX_IMPORT_BYTES,
        "the file",
        "a Bearing export",
    )?;
    ExportDocument::parse(&text).map_err(|source| OpsError::ImportFile {
        path: path.to_path_buf(),
        source,
    })
}

/// Merges a validated export into the database; see [`Storage::import_document`].
pub fn import_document(
    storage: &mut Storage,
    doc: &ExportDocument,
) -> Result<ImportOutcome, OpsError> {
    Ok(storage.import_document(doc)?)
}
