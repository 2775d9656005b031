//! Exchange folders: a person here linked to a folder that a file-sync engine (Syncthing,
//! Nextcloud, Dropbox, a network share) replicates to the other computer, and to the other
//! Bearing's key. A pass ([`sync_folders`]) reads the other side's new files and writes one new
//! file when something changed here. Bearing never puts its database there, never deletes or
//! rewrites a file there, and writes each file under a temporary name, renamed when complete.
//!
//! Each file is one immutable change (`domain::change`), named `<change id>.age`, encrypted with
//! age to the other Bearing's key and to this one's (so either side can tell its own copies). It
//! carries the person's whole shareable history (own, coaches' and managers' assessments; never
//! a peer's or direct report's sheet, never notes) and the ids deleted here, so files may arrive
//! late, twice, as conflict copies, or not at all: the next one holds everything.

use std::collections::hash_map::DefaultHasher;
use std::fs;
use std::hash::{Hash, Hasher};
use std::io::Write;
use std::path::{Path, PathBuf};

use age::x25519::Recipient;
use chrono::{DateTime, Utc};
use serde::Serialize;

use super::exchange::{import_document, ImportTarget};
use super::files::read_bytes_file;
use super::profiles::{active_profile, profile};
use super::share::{exchange_identity, parse_recipient, share_document};
use super::OpsError;
use crate::domain::change::{self, Change};
use crate::domain::export;
use crate::storage::{ExchangeLink, Storage};

/// Why a person cannot be linked when archived.
const LINKING: &str = "unarchive them before linking them to a folder";

/// Whether a file in an exchange folder is a change to read: `*.age`, and not a sync engine's or
/// an editor's partial or temporary file (`.syncthing.*.tmp`, `~*`, `*.part`, any dot file).
pub fn is_change_file(name: &str) -> bool {
    name.ends_with(".age") && !name.starts_with('.') && !name.starts_with('~')
}

/// Links profile `profile_id` to `folder` (which must exist, and must not hold the database) and
/// to the other Bearing's key. This Bearing's own key is made if it has none.
pub fn link_folder(
    storage: &mut Storage,
    profile_id: i64,
    folder: &Path,
    recipient: &str,
    now: DateTime<Utc>,
) -> Result<ExchangeLink, OpsError> {
    let their_key = parse_recipient(recipient)?;
    active_profile(storage, profile_id, LINKING)?;
    let folder = fs::canonicalize(folder)
        .ok()
        .filter(|f| f.is_dir())
        .ok_or_else(|| OpsError::File {
            path: folder.to_path_buf(),
            detail:
                "is not a folder that exists; create it (the folder the sync engine shares) first"
                    .into(),
        })?;
    let db_folder = storage
        .path()
        .parent()
        .and_then(|p| fs::canonicalize(p).ok());
    if db_folder.is_some_and(|db| db.starts_with(&folder)) {
        return Err(OpsError::File {
            path: folder,
            detail: "holds this Bearing's database; a sync engine must never copy a live database, so choose a folder of its own".into(),
        });
    }
    let own = exchange_identity(storage, now)?.to_public();
    if own == their_key {
        return Err(OpsError::OwnKey);
    }
    let text = folder.to_str().ok_or_else(|| OpsError::File {
        path: folder.clone(),
        detail: "has a name that is not valid UTF-8; choose another folder".into(),
    })?;
    let id = storage.add_exchange_link(profile_id, text, &their_key.to_string(), now)?;
    storage
        .exchange_links()?
        .into_iter()
        .find(|l| l.id == id)
        .ok_or(OpsError::Interrupted)
}

/// Removes profile `profile_id`'s link; the files in the folder stay.
pub fn unlink_folder(storage: &mut Storage, profile_id: i64) -> Result<(), OpsError> {
    let person = profile(storage, profile_id)?;
    if storage.remove_exchange_link(profile_id)? {
        Ok(())
    } else {
        Err(OpsError::NotLinked { name: person.name })
    }
}

/// A link as `bearing exchange status` and the window show it.
#[derive(Debug, Clone, Serialize)]
pub struct LinkStatus {
    pub profile_id: i64,
    pub person: String,
    pub folder: String,
    pub recipient: String,
    pub linked_at: String,
    /// Whether the folder is there now.
    pub reachable: bool,
    /// Change files in the folder now, and changes seen (read or written) so far.
    pub files: usize,
    pub seen: usize,
}

/// Every link with what its folder holds now.
pub fn exchange_status(storage: &Storage) -> Result<Vec<LinkStatus>, OpsError> {
    let mut out = Vec::new();
    for link in storage.exchange_links()? {
        let person = profile(storage, link.profile_id)?;
        let files = change_files(Path::new(&link.folder));
        out.push(LinkStatus {
            profile_id: link.profile_id,
            person: person.name,
            reachable: files.is_ok(),
            files: files.map(|f| f.len()).unwrap_or(0),
            seen: storage.seen_changes(link.id)?.len(),
            folder: link.folder,
            recipient: link.recipient,
            linked_at: link.linked_at,
        });
    }
    Ok(out)
}

/// What one pass did in one folder.
#[derive(Debug, Clone, Default, Serialize)]
pub struct FolderPass {
    pub person: String,
    pub folder: String,
    /// Change files from the other side applied now.
    pub received: Vec<String>,
    pub added: usize,
    pub deleted: usize,
    /// The file written now, if anything changed here.
    pub sent: Option<String>,
    /// Files that could not be used now, each with the reason (tried again next time).
    pub problems: Vec<String>,
}

/// One pass over every linked folder: read, then write. A folder that cannot be read or written
/// is reported in its pass and the others go on.
pub fn sync_folders(
    storage: &mut Storage,
    now: DateTime<Utc>,
) -> Result<Vec<FolderPass>, OpsError> {
    let links = storage.exchange_links()?;
    if links.is_empty() {
        return Ok(Vec::new());
    }
    let identity = exchange_identity(storage, now)?;
    let own_key = identity.to_public();
    let mut passes = Vec::new();
    for link in links {
        let person = profile(storage, link.profile_id)?;
        let mut pass = FolderPass {
            person: person.name.clone(),
            folder: link.folder.clone(),
            ..FolderPass::default()
        };
        let folder = PathBuf::from(&link.folder);
        match change_files(&folder) {
            Ok(files) => receive(storage, &link, &identity, &own_key, files, &mut pass, now)?,
            Err(e) => pass
                .problems
                .push(format!("{}: cannot read the folder ({e})", link.folder)),
        }
        if let Err(e) = send(storage, &link, &own_key, &mut pass, now) {
            match e {
                OpsError::File { .. } => pass.problems.push(e.to_string()),
                other => return Err(other),
            }
        }
        passes.push(pass);
    }
    Ok(passes)
}

/// The change files in `folder`, by name.
fn change_files(folder: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = fs::read_dir(folder)?
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .filter(|e| e.file_name().to_str().is_some_and(is_change_file))
        .map(|e| e.path())
        .collect();
    files.sort();
    Ok(files)
}

fn receive(
    storage: &mut Storage,
    link: &ExchangeLink,
    identity: &age::x25519::Identity,
    own_key: &Recipient,
    files: Vec<PathBuf>,
    pass: &mut FolderPass,
    now: DateTime<Utc>,
) -> Result<(), OpsError> {
    let mut seen = storage.seen_changes(link.id)?;
    let own = own_key.to_string();
    for path in files {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let change = match read_change(&path, identity) {
            Ok(change) => change,
            Err(Unread::NotForUs) => continue,
            Err(Unread::Problem(why)) => {
                pass.problems.push(format!("{name}: {why}"));
                continue;
            }
        };
        if seen.contains(&change.id) {
            continue;
        }
        if change.from == own {
            // One of ours, under another name (a sync engine's conflict copy).
            storage.mark_seen(link.id, &change.id, now)?;
            seen.insert(change.id);
            continue;
        }
        if change.from != link.recipient {
            pass.problems.push(format!(
                "{name}: comes from a Bearing other than the one linked here; left alone"
            ));
            continue;
        }
        let target = Some(ImportTarget::Into {
            profile_id: link.profile_id,
        });
        match import_document(storage, &change.history, target) {
            Ok((_, outcome)) => pass.added += outcome.assessments_added,
            Err(e @ (OpsError::ImportAlreadyKnown { .. } | OpsError::Archived { .. })) => {
                pass.problems.push(format!("{name}: {e}"));
                continue;
            }
            Err(e) => return Err(e),
        }
        for uuid in &change.deleted {
            if let Some(id) = storage.assessment_by_uuid(link.profile_id, uuid)? {
                storage.delete_assessment(id)?;
                pass.deleted += 1;
            } else if !storage.assessment_uuid_exists(uuid)? {
                storage.remember_deleted(link.profile_id, uuid, now)?;
            }
        }
        storage.mark_seen(link.id, &change.id, now)?;
        seen.insert(change.id);
        pass.received.push(name);
    }
    Ok(())
}

/// Why a file was not read.
enum Unread {
    /// Encrypted for other keys only: not meant for this Bearing.
    NotForUs,
    Problem(String),
}

fn read_change(path: &Path, identity: &age::x25519::Identity) -> Result<Change, Unread> {
    let bytes = read_bytes_file(
        path,
        export::MAX_IMPORT_BYTES,
        "the file",
        "a Bearing exchange file",
    )
    .map_err(|e| Unread::Problem(e.to_string()))?;
    let plain = age::decrypt(identity, &bytes).map_err(|e| match e {
        age::DecryptError::NoMatchingKeys => Unread::NotForUs,
        _ => Unread::Problem(
            "is incomplete, damaged or changed (it does not decrypt); left alone, and read again next time".into(),
        ),
    })?;
    let text = String::from_utf8(plain)
        .map_err(|_| Unread::Problem("is not a Bearing exchange file".into()))?;
    Change::parse(&text).map_err(|e| Unread::Problem(format!("is not a usable change: {e}")))
}

fn send(
    storage: &mut Storage,
    link: &ExchangeLink,
    own_key: &Recipient,
    pass: &mut FolderPass,
    now: DateTime<Utc>,
) -> Result<(), OpsError> {
    let person = profile(storage, link.profile_id)?;
    let (history, _) = share_document(storage, &person, false, now)?;
    let deleted = storage.deleted_assessments(link.profile_id)?;
    let digest = digest(&history.profiles, &deleted)?;
    if link.sent_digest.as_deref() == Some(digest.as_str()) {
        return Ok(());
    }
    let change = Change {
        format: change::FORMAT.into(),
        version: change::VERSION,
        id: uuid::Uuid::new_v4().to_string(),
        from: own_key.to_string(),
        history,
        deleted,
    };
    let their_key = parse_recipient(&link.recipient)?;
    let plain = serde_json::to_vec(&change)?;
    let recipients: [&dyn age::Recipient; 2] = [&their_key, own_key];
    let folder = PathBuf::from(&link.folder);
    let name = format!("{}.age", change.id);
    let sealed = seal(recipients, &plain).map_err(|detail| OpsError::File {
        path: folder.join(&name),
        detail,
    })?;
    write_then_rename(&folder, &name, &sealed)?;
    storage.record_sent(link.id, &digest, &change.id, now)?;
    pass.sent = Some(name);
    Ok(())
}

fn seal(recipients: [&dyn age::Recipient; 2], plain: &[u8]) -> Result<Vec<u8>, String> {
    let encryptor = age::Encryptor::with_recipients(recipients.into_iter())
        .map_err(|e| format!("cannot encrypt ({e})"))?;
    let mut sealed = Vec::with_capacity(plain.len() + 512);
    let mut writer = encryptor
        .wrap_output(&mut sealed)
        .map_err(|e| format!("cannot encrypt ({e})"))?;
    writer
        .write_all(plain)
        .and_then(|()| writer.finish().map(drop))
        .map_err(|e| format!("cannot encrypt ({e})"))?;
    Ok(sealed)
}

/// Writes `name` in `folder` as `name.part` (which readers ignore), synced, then renamed: the
/// other side sees the file whole or not at all. An existing file is never replaced.
fn write_then_rename(folder: &Path, name: &str, bytes: &[u8]) -> Result<(), OpsError> {
    let target = folder.join(name);
    let part = folder.join(format!("{name}.part"));
    let file_error = |e: std::io::Error| OpsError::File {
        path: target.clone(),
        detail: format!("cannot write to the exchange folder ({e})"),
    };
    if target.exists() {
        return Err(file_error(std::io::Error::new(
            std::io::ErrorKind::AlreadyExists,
            "a file of that name is there already",
        )));
    }
    let written = (|| {
        let mut file = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&part)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        fs::rename(&part, &target)
    })();
    if written.is_err() {
        let _ = fs::remove_file(&part);
    }
    written.map_err(file_error)
}

/// What was last written, as a short digest: the same history and tombstones give the same one.
fn digest(profiles: &[export::ExportProfile], deleted: &[String]) -> Result<String, OpsError> {
    let mut hasher = DefaultHasher::new();
    serde_json::to_string(profiles)?.hash(&mut hasher);
    deleted.hash(&mut hasher);
    Ok(format!("{:016x}", hasher.finish()))
}
