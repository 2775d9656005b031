//! Files the user names: checking an output path before any work, writing atomically, and reading
//! a bounded text file.

use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::OpsError;

/// Refuses to write an export over the database or its journal files.
pub fn check_not_database(path: &Path, db: &Path) -> Result<(), OpsError> {
    let resolve = |p: &Path| -> Option<PathBuf> {
        let parent = p
            .parent()
            .filter(|x| !x.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        Some(fs::canonicalize(parent).ok()?.join(p.file_name()?))
    };
    if let (Some(out), Some(db)) = (resolve(path), resolve(db)) {
        for suffix in ["", "-wal", "-shm", "-journal"] {
            let mut name = db.clone().into_os_string();
            name.push(suffix);
            if out.as_os_str() == name {
                return Err(OpsError::File {
                    path: path.to_path_buf(),
                    detail: "is Bearing's own database; choose another file name".into(),
                });
            }
        }
    }
    Ok(())
}

/// Checks a JSON file to write (an export or a sheet) before any other work: a `.json` name, in a
/// folder that exists, and not the database `db` itself.
pub fn check_json_output(path: &Path, db: Option<&Path>) -> Result<(), OpsError> {
    check_json_path(path)?;
    check_output_path(path)?;
    if let Some(db) = db {
        check_not_database(path, db)?;
    }
    Ok(())
}

/// Writes `value` as pretty JSON (with a final line break) to `path`, atomically.
pub fn write_json_file<T: Serialize>(path: &Path, value: &T) -> Result<(), OpsError> {
    let mut text = serde_json::to_string_pretty(value)?;
    text.push('\n');
    write_file_atomically(path, text.as_bytes())
}

/// Whether `path`'s file name ends in `.extension`, in any case.
pub fn has_extension(path: &Path, extension: &str) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case(extension))
}

/// Requires a `.json` file name for exports and sheets.
pub fn check_json_path(path: &Path) -> Result<(), OpsError> {
    if has_extension(path, "json") {
        return Ok(());
    }
    Err(OpsError::File {
        path: path.to_path_buf(),
        detail: "an export is a JSON file; give a file name ending in .json".into(),
    })
}

/// Checks that `path` can be an output file: not a folder, in a folder that exists. Returns the
/// folder. Called before any other work, so a bad path costs nothing.
pub fn check_output_path(path: &Path) -> Result<PathBuf, OpsError> {
    let file_error = |detail: &str| OpsError::File {
        path: path.to_path_buf(),
        detail: detail.into(),
    };
    if path.is_dir() {
        return Err(file_error("is a folder; give a file name"));
    }
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !folder.is_dir() {
        return Err(file_error(
            "the folder does not exist; create it or choose another path",
        ));
    }
    Ok(folder)
}

/// Writes `bytes` to `path` through a fresh temporary file in the same folder, synced and then
/// renamed over `path`, so a failed or interrupted write never leaves a half-written file.
pub fn write_file_atomically(path: &Path, bytes: &[u8]) -> Result<(), OpsError> {
    let folder = check_output_path(path)?;
    let file_error = |e: std::io::Error| OpsError::File {
        path: path.to_path_buf(),
        detail: format!("cannot write ({e})"),
    };
    let mut temp = tempfile::NamedTempFile::new_in(folder).map_err(file_error)?;
    temp.write_all(bytes)
        .and_then(|()| temp.as_file().sync_all())
        .map_err(file_error)?;
    temp.persist(path).map_err(|e| file_error(e.error))?;
    Ok(())
}

/// Reads a file of at most `limit` bytes, as bytes (see [`read_text_file`] for the words).
pub fn read_bytes_file(
    path: &Path,
    limit: u64,
    what: &str,
    expected: &str,
) -> Result<Vec<u8>, OpsError> {
    let file = fs::File::open(path).map_err(|e| OpsError::File {
        path: path.to_path_buf(),
        detail: format!("cannot read {what} ({e})"),
    })?;
    let mut bytes = Vec::new();
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| OpsError::File {
            path: path.to_path_buf(),
            detail: format!("cannot read {what} ({e})"),
        })?;
    if bytes.len() as u64 > limit {
        return Err(OpsError::TooLarge {
            path: path.to_path_buf(),
            mib: limit / (1024 * 1024),
            expected: expected.into(),
        });
    }
    Ok(bytes)
}

/// Reads a UTF-8 text file of at most `limit` bytes. `what` names it as the user knows it ("the
/// sheet"), `expected` says what it should be ("a Bearing answer sheet"). A larger file is refused
/// without reading it all: it is surely not what was asked for.
pub fn read_text_file(
    path: &Path,
    limit: u64,
    what: &str,
    expected: &str,
) -> Result<String, OpsError> {
    let file_error = |detail: String| OpsError::File {
        path: path.to_path_buf(),
        detail,
    };
    let file = fs::File::open(path).map_err(|e| file_error(format!("cannot read {what} ({e})")))?;
    let mut text = String::new();
    file.take(limit + 1)
        .read_to_string(&mut text)
        .map_err(|e| {
            file_error(format!(
                "cannot read {what} as UTF-8 text ({e}); is it {expected}?"
            ))
        })?;
    if text.len() as u64 > limit {
        return Err(OpsError::TooLarge {
            path: path.to_path_buf(),
            mib: limit / (1024 * 1024),
            expected: expected.into(),
        });
    }
    Ok(text)
}
