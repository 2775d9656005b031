//! One window per database: a second launch on the same database focuses the first window and
//! exits (tauri-plugin-single-instance, over the D-Bus session bus on Linux).

use std::path::{Path, PathBuf};

use tauri::{AppHandle, Manager, Runtime};

use crate::ops::IDENTIFIER;

/// The plugin, keyed by the database file. Register it before every other plugin, so a second
/// instance leaves before the rest of the set-up runs.
pub fn plugin<R: Runtime>(database: &Path) -> tauri::plugin::TauriPlugin<R> {
    tauri_plugin_single_instance::Builder::new()
        .dbus_id(dbus_id(database))
        .callback(|app, args, _cwd| {
            crate::reminders::second_launch(app, &args);
            focus_main_window(app);
        })
        .build()
}

/// The D-Bus name the first window on `database` owns (the plugin appends `.SingleInstance`):
/// the app's identifier and a hash of the database's absolute, resolved path, so two spellings of
/// one file meet and two files never do. D-Bus names allow only `[A-Za-z0-9_-]` per element, and
/// an element may not start with a digit, hence the `db_` prefix.
pub fn dbus_id(database: &Path) -> String {
    let resolved = resolve(database);
    format!(
        "{IDENTIFIER}.db_{:016x}",
        fnv1a(resolved.as_os_str().as_encoded_bytes())
    )
}

/// The path as the file system knows it: symlinks and `..` resolved. The file may not exist yet
/// (a first start), so its folder is resolved instead; failing that, the absolute path.
fn resolve(path: &Path) -> PathBuf {
    if let Ok(found) = std::fs::canonicalize(path) {
        return found;
    }
    if let (Some(folder), Some(name)) = (path.parent(), path.file_name()) {
        let folder = if folder.as_os_str().is_empty() {
            Path::new(".")
        } else {
            folder
        };
        if let Ok(found) = std::fs::canonicalize(folder) {
            return found.join(name);
        }
    }
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

/// FNV-1a, 64 bits: stable across builds and processes (std's hashers promise neither).
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// What a second launch does to the first: bring its window back and to the front.
fn focus_main_window<R: Runtime>(app: &AppHandle<R>) {
    let Some(window) = app.get_webview_window("main") else {
        return;
    };
    // Each step may fail on a given desktop (no window manager, a compositor that refuses focus);
    // the others still help, and the second launch has nothing to report to anyway.
    let _ = window.unminimize();
    let _ = window.show();
    let _ = window.set_focus();
    // The end-to-end tests cannot see a window manager's focus under Xvfb; they read this count.
    #[cfg(feature = "test-hooks")]
    let _ =
        window.eval("window.__bearingSecondLaunches = (window.__bearingSecondLaunches || 0) + 1");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_spellings_of_one_database_share_an_instance() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        let plain = dir.path().join("bearing.db");
        let roundabout = dir.path().join("sub/../bearing.db");
        assert_eq!(dbus_id(&plain), dbus_id(&roundabout));
        std::fs::write(&plain, b"").unwrap();
        assert_eq!(
            dbus_id(&plain),
            dbus_id(&roundabout),
            "the same once the file exists"
        );
    }

    #[test]
    fn different_databases_get_different_instances() {
        let dir = tempfile::tempdir().unwrap();
        assert_ne!(
            dbus_id(&dir.path().join("a.db")),
            dbus_id(&dir.path().join("b.db"))
        );
    }

    #[test]
    fn the_id_is_a_valid_dbus_name() {
        let id = dbus_id(Path::new("/tmp/with space/ünïcode-.db"));
        let name = format!("{id}.SingleInstance");
        assert!(name.len() <= 255);
        for element in name.split('.') {
            assert!(!element.is_empty(), "{name}");
            assert!(!element.starts_with(|c: char| c.is_ascii_digit()), "{name}");
            assert!(
                element
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-'),
                "{name}"
            );
        }
        assert!(id.starts_with("dev.bearing.desktop.db_"));
    }
}
