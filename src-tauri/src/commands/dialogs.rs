//! The native file dialogs: the only way the window names a file. Paths never come from the page.
//!
//! Builds with the `test-hooks` feature (the end-to-end tests only) skip the dialogs, because
//! WebDriver cannot drive them: saving goes under the offered name into `BEARING_TEST_SAVE_DIR`,
//! and opening takes `BEARING_TEST_OPEN_FILE`.

use std::path::{Path, PathBuf};

use serde::Serialize;
use tauri::{AppHandle, Runtime};

use crate::ops;

/// What a save dialog offers: its title, the file name, and the file type's label and extension.
#[derive(Debug, Clone, Copy)]
pub(super) struct SaveOffer<'a> {
    pub title: &'a str,
    pub file_name: &'a str,
    pub label: &'a str,
    pub extension: &'a str,
}

/// Asks the user where to save a file. Returns `None` when cancelled. The chosen name gets the
/// offer's extension when it lacks it.
pub(super) fn choose_save_path<R: Runtime>(
    app: &AppHandle<R>,
    offer: SaveOffer<'_>,
) -> Option<PathBuf> {
    #[cfg(feature = "test-hooks")]
    if let Some(folder) = std::env::var_os("BEARING_TEST_SAVE_DIR") {
        return Some(PathBuf::from(folder).join(offer.file_name));
    }
    use tauri_plugin_dialog::DialogExt;
    app.dialog()
        .file()
        .set_title(offer.title)
        .set_file_name(offer.file_name)
        .add_filter(offer.label, &[offer.extension])
        .blocking_save_file()
        .and_then(|p| p.into_path().ok())
        .map(|p| with_extension(p, offer.extension))
}

/// Asks the user to choose a folder (for an exchange folder). `None` when cancelled.
pub(super) fn choose_folder<R: Runtime>(app: &AppHandle<R>, title: &str) -> Option<PathBuf> {
    #[cfg(feature = "test-hooks")]
    if let Some(path) = std::env::var_os("BEARING_TEST_OPEN_FOLDER") {
        return Some(PathBuf::from(path));
    }
    use tauri_plugin_dialog::DialogExt;
    app.dialog()
        .file()
        .set_title(title)
        .blocking_pick_folder()
        .and_then(|p| p.into_path().ok())
}

/// Asks the user which answer sheet (JSON) to open. Returns `None` when cancelled.
pub(super) fn choose_sheet_to_open<R: Runtime>(app: &AppHandle<R>, title: &str) -> Option<PathBuf> {
    choose_file_to_open(app, title, "Bearing answer sheet (JSON)", &["json"])
}

/// Asks the user which file (of the kind `label` names, ending in one of `extensions`) to open.
/// `None` when cancelled.
pub(super) fn choose_file_to_open<R: Runtime>(
    app: &AppHandle<R>,
    title: &str,
    label: &str,
    extensions: &[&str],
) -> Option<PathBuf> {
    #[cfg(feature = "test-hooks")]
    if let Some(path) = std::env::var_os("BEARING_TEST_OPEN_FILE") {
        return Some(PathBuf::from(path));
    }
    use tauri_plugin_dialog::DialogExt;
    app.dialog()
        .file()
        .set_title(title)
        .add_filter(label, extensions)
        .blocking_pick_file()
        .and_then(|p| p.into_path().ok())
}

fn with_extension(path: PathBuf, extension: &str) -> PathBuf {
    let matches = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case(extension));
    if matches {
        path
    } else {
        let mut name = path.into_os_string();
        name.push(".");
        name.push(extension);
        PathBuf::from(name)
    }
}

/// A person's name as part of an offered file name: letters and digits, the rest as `-`.
pub(super) fn file_safe(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect()
}

/// The file name an export is offered under: `bearing-<what>-<today>.<ext>`.
pub(super) fn offered_name(what: &str, extension: &str) -> String {
    format!("bearing-{what}-{}.{extension}", ops::today())
}

/// Where a file was saved, or nothing when the user cancelled.
#[derive(Debug, Serialize)]
pub struct Saved {
    path: Option<String>,
}

impl Saved {
    pub(super) fn at(path: Option<&Path>) -> Saved {
        Saved {
            path: path.map(|p| p.display().to_string()),
        }
    }
}
