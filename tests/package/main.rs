//! The `.deb` that `cargo tauri build` makes: unpacked with `dpkg-deb -x` into a temp folder, its
//! control file, desktop entry and icons checked, and the packaged binary's CLI run on a new
//! database. Run by `.ci/test` with `BEARING_DEB` naming the package; plain `cargo test` leaves it
//! out (`test = false`), as it needs a release build and the Tauri CLI.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use bearing_lib::domain::questionnaire;

/// The package under test, from `BEARING_DEB`.
fn deb() -> PathBuf {
    let path = std::env::var_os("BEARING_DEB")
        .map(PathBuf::from)
        .unwrap_or_default();
    assert!(
        path.is_file(),
        "BEARING_DEB must name the .deb to check (`bash .ci/test` builds it); got `{}`",
        path.display()
    );
    path
}

fn run(command: &mut Command) -> Output {
    let output = command
        .output()
        .unwrap_or_else(|e| panic!("cannot run {command:?}: {e}"));
    assert!(
        output.status.success(),
        "{command:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

fn stdout(command: &mut Command) -> String {
    String::from_utf8_lossy(&run(command).stdout).into_owned()
}

/// The package unpacked into a temp folder.
fn unpacked() -> (tempfile::TempDir, PathBuf) {
    let temp = tempfile::tempdir().unwrap_or_else(|e| panic!("no temp dir: {e}"));
    let root = temp.path().join("root");
    run(Command::new("dpkg-deb").arg("-x").arg(deb()).arg(&root));
    (temp, root)
}

#[test]
fn control_file_names_the_webview_and_gtk_as_dependencies() {
    let field = |name: &str| stdout(Command::new("dpkg-deb").arg("-f").arg(deb()).arg(name));
    assert_eq!(field("Package").trim(), "bearing");
    assert_eq!(field("Version").trim(), env!("CARGO_PKG_VERSION"));
    let depends = field("Depends");
    for needed in ["libwebkit2gtk-4.1-0", "libgtk-3-0"] {
        assert!(
            depends.contains(needed),
            "Depends should name {needed}: {depends}"
        );
    }
}

#[test]
fn desktop_entry_starts_the_packaged_binary_with_its_icon() {
    let (_temp, root) = unpacked();
    let apps = root.join("usr/share/applications");
    let entries: Vec<PathBuf> = fs::read_dir(&apps)
        .unwrap_or_else(|e| panic!("no {}: {e}", apps.display()))
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "desktop"))
        .collect();
    assert_eq!(entries.len(), 1, "one desktop entry: {entries:?}");
    let entry = fs::read_to_string(&entries[0]).unwrap_or_default();
    let value = |key: &str| {
        entry
            .lines()
            .find_map(|l| l.strip_prefix(&format!("{key}=")))
            .map(str::trim)
            .unwrap_or_else(|| panic!("no {key}= in the desktop entry:\n{entry}"))
    };
    assert_eq!(value("Type"), "Application");
    assert_eq!(value("Name"), "Bearing");
    assert_eq!(value("Exec").split_whitespace().next(), Some("bearing"));
    // `bearing:` links (calendar reminders) reach Bearing: it handles the scheme, and the desktop
    // passes the link as the one argument.
    assert_eq!(value("Exec"), "bearing %u");
    assert!(
        value("MimeType")
            .split(';')
            .any(|t| t == "x-scheme-handler/bearing"),
        "{entry}"
    );
    assert_eq!(value("Icon"), "bearing");
    assert!(!value("Categories").is_empty());
    // The entry's Exec and Icon must resolve inside the package.
    assert!(root.join("usr/bin/bearing").is_file());
    for size in ["32x32", "64x64", "128x128"] {
        let icon = root.join(format!("usr/share/icons/hicolor/{size}/apps/bearing.png"));
        assert!(icon.is_file(), "missing icon {}", icon.display());
    }
}

#[test]
fn packaged_binary_runs_its_command_line() {
    let (temp, root) = unpacked();
    let bin = root.join("usr/bin/bearing");
    let db = temp.path().join("bearing.db");
    let bearing = |args: &[&str]| {
        let mut command = Command::new(&bin);
        command
            .arg("--db")
            .arg(&db)
            .args(args)
            .env_remove("DISPLAY")
            .env("HOME", temp.path());
        stdout(&mut command)
    };
    let q: serde_json::Value =
        serde_json::from_str(&bearing(&["questionnaire", "--json"])).unwrap_or_default();
    assert_eq!(q["version"], questionnaire::current().version.as_str());

    let answers: serde_json::Map<String, serde_json::Value> = questionnaire::current()
        .items
        .iter()
        .map(|i| (i.id.clone(), 4.into()))
        .collect();
    let file = temp.path().join("answers.json");
    let sheet = serde_json::json!({"questionnaire": q["version"], "answers": answers});
    fs::write(&file, sheet.to_string()).unwrap_or_default();
    let file = file.to_str().unwrap_or_default();

    let scored: serde_json::Value =
        serde_json::from_str(&bearing(&["score", "--answers", file])).unwrap_or_default();
    assert!(
        scored["quadrant"].is_string(),
        "score gives a quadrant: {scored}"
    );
    bearing(&["assess", "--answers", file, "--date", "2025-01-31"]);
    let history: serde_json::Value =
        serde_json::from_str(&bearing(&["history", "--format", "json"])).unwrap_or_default();
    assert_eq!(history.as_array().map(Vec::len), Some(1), "{history}");
    assert!(Path::new(&db).is_file());
}
