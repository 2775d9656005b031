//! Share files: one person's history for one other Bearing, encrypted in the age format to that
//! Bearing's key, so that nothing in the file (names, answers, notes) can be read on the way
//! (`docs/decisions/0010-age-for-files-that-leave.md`). Reading one back decrypts it with this
//! database's own key, made on first use and kept in the database.
//!
//! What a share file holds is a Bearing export (`docs/export-format.md`) of one person, with the
//! leader's own, coaches' and managers' assessments: never a single peer's or direct report's
//! answers (those stay where they were answered, and are seen only pooled there), and private
//! notes only when asked.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use age::secrecy::ExposeSecret;
use age::x25519::{Identity, Recipient};
use chrono::{DateTime, Utc};
use serde::Serialize;

use super::exchange::export_document;
use super::files::{check_not_database, check_output_path, read_bytes_file, write_file_atomically};
use super::OpsError;
use crate::domain::export::{self, ExportDocument};
use crate::domain::Rater;
use crate::storage::{Profile, Storage};

/// How every age file starts.
const AGE_MAGIC: &[u8] = b"age-encryption.org/v1\n";

/// The extension of a share file.
pub const SHARE_EXTENSION: &str = "age";

/// This database's key pair, made (and kept) on first use.
pub fn exchange_identity(storage: &mut Storage, now: DateTime<Utc>) -> Result<Identity, OpsError> {
    let secret = match storage.exchange_secret()? {
        Some(secret) => secret,
        None => {
            let made = Identity::generate();
            storage.keep_exchange_secret(made.to_string().expose_secret(), now)?
        }
    };
    stored_identity(storage, &secret)
}

fn stored_identity(storage: &Storage, secret: &str) -> Result<Identity, OpsError> {
    Identity::from_str(secret).map_err(|_| OpsError::Storage(storage.exchange_key_damaged()))
}

/// This database's public key (`age1…`): what another Bearing encrypts to, so that only this one
/// can read what it sends.
pub fn exchange_key(storage: &mut Storage, now: DateTime<Utc>) -> Result<String, OpsError> {
    Ok(exchange_identity(storage, now)?.to_public().to_string())
}

/// Another Bearing's key, as its user gave it.
pub fn parse_recipient(text: &str) -> Result<Recipient, OpsError> {
    let key = text.trim();
    Recipient::from_str(key).map_err(|_| OpsError::BadRecipient {
        given: key.chars().take(80).collect(),
    })
}

/// What a share file holds and what was left out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Shared {
    pub person: String,
    pub assessments: usize,
    /// Peers' and direct reports' assessments left out.
    pub withheld: usize,
    pub includes_notes: bool,
    pub path: Option<PathBuf>,
}

/// The export of `person` for a share file: their own, coaches' and managers' assessments only,
/// notes only with `include_notes`. Reviews keep pointing at the same assessments.
pub fn share_document(
    storage: &Storage,
    person: &Profile,
    include_notes: bool,
    now: DateTime<Utc>,
) -> Result<(ExportDocument, usize), OpsError> {
    let mut doc = export_document(storage, Some(&person.name), include_notes, now)?;
    let mut withheld = 0;
    for profile in &mut doc.profiles {
        let kept: Vec<bool> = profile
            .assessments
            .iter()
            .map(|a| !matches!(a.rater, Rater::Peer | Rater::DirectReport))
            .collect();
        withheld += kept.iter().filter(|k| !**k).count();
        // Old index -> new index, for `reviewed_in`.
        let mut new_index = Vec::with_capacity(kept.len());
        let mut next = 0;
        for k in &kept {
            new_index.push(k.then_some(next));
            if *k {
                next += 1;
            }
        }
        let mut i = 0;
        profile.assessments.retain(|_| {
            i += 1;
            kept[i - 1]
        });
        for a in &mut profile.assessments {
            for c in &mut a.commitments {
                if let Some(review) = &mut c.review {
                    match new_index.get(review.reviewed_in).copied().flatten() {
                        Some(n) => review.reviewed_in = n,
                        // Reviews come with the leader's own assessments, which are all kept.
                        None => c.review = None,
                    }
                }
            }
        }
    }
    Ok((doc, withheld))
}

/// Checks a share file to write: a `.age` name, in a folder that exists, not the database.
pub fn check_share_output(path: &Path, db: &Path) -> Result<(), OpsError> {
    match path.extension().and_then(|e| e.to_str()) {
        Some(ext) if ext.eq_ignore_ascii_case(SHARE_EXTENSION) => {}
        _ => {
            return Err(OpsError::File {
                path: path.to_path_buf(),
                detail: "a share file is encrypted; give a file name ending in .age".into(),
            })
        }
    }
    check_output_path(path)?;
    check_not_database(path, db)
}

/// Writes a share file of `person`'s history for the Bearing whose key is `recipient`
/// (atomically). The key and the path are checked before anything is read.
pub fn write_share_file(
    storage: &Storage,
    person: &Profile,
    recipient: &str,
    include_notes: bool,
    path: &Path,
    now: DateTime<Utc>,
) -> Result<Shared, OpsError> {
    let recipient = parse_recipient(recipient)?;
    check_share_output(path, storage.path())?;
    let (doc, withheld) = share_document(storage, person, include_notes, now)?;
    let plain = serde_json::to_vec(&doc)?;
    let sealed = age::encrypt(&recipient, &plain).map_err(|e| OpsError::File {
        path: path.to_path_buf(),
        detail: format!("cannot encrypt the share file ({e})"),
    })?;
    write_file_atomically(path, &sealed)?;
    Ok(Shared {
        person: person.name.clone(),
        assessments: doc.assessment_count(),
        withheld,
        includes_notes: include_notes,
        path: Some(path.to_path_buf()),
    })
}

/// A history file as read from disk: a plain export, already checked, or an encrypted one, which
/// needs this database's key ([`open_history_file`]).
#[derive(Debug)]
pub enum HistoryFile {
    Plain(ExportDocument),
    Sealed { path: PathBuf, bytes: Vec<u8> },
}

/// Reads an export or a share file (at most 64 MiB) without touching any database; a plain export
/// is checked completely.
pub fn read_history_file(path: &Path) -> Result<HistoryFile, OpsError> {
    let bytes = read_bytes_file(
        path,
        export::MAX_IMPORT_BYTES,
        "the file",
        "a Bearing export or share file",
    )?;
    if bytes.starts_with(AGE_MAGIC) {
        return Ok(HistoryFile::Sealed {
            path: path.to_path_buf(),
            bytes,
        });
    }
    let text = String::from_utf8(bytes).map_err(|_| OpsError::File {
        path: path.to_path_buf(),
        detail: "is neither a Bearing export (JSON text) nor a share file; is it the right file?"
            .into(),
    })?;
    ExportDocument::parse(&text)
        .map(HistoryFile::Plain)
        .map_err(|source| OpsError::ImportFile {
            path: path.to_path_buf(),
            source,
        })
}

/// The document of a history file: a share file is decrypted with this database's key and then
/// checked completely. A file for another Bearing, or one changed after it was encrypted, is
/// refused; nothing is written either way.
pub fn open_history_file(storage: &Storage, file: HistoryFile) -> Result<ExportDocument, OpsError> {
    let (path, bytes) = match file {
        HistoryFile::Plain(doc) => return Ok(doc),
        HistoryFile::Sealed { path, bytes } => (path, bytes),
    };
    let Some(secret) = storage.exchange_secret()? else {
        return Err(OpsError::NotForThisBearing { path });
    };
    let identity = stored_identity(storage, &secret)?;
    let plain = age::decrypt(&identity, &bytes).map_err(|e| match e {
        age::DecryptError::NoMatchingKeys => OpsError::NotForThisBearing { path: path.clone() },
        _ => OpsError::Tampered { path: path.clone() },
    })?;
    let text = String::from_utf8(plain).map_err(|_| OpsError::Tampered { path: path.clone() })?;
    ExportDocument::parse(&text).map_err(|source| OpsError::ImportFile { path, source })
}
