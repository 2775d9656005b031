//! What reaches the leader from outside the window: a `bearing:` link from a calendar reminder,
//! and the nudge at login. The rules (what a link may say, who is due, what the notification
//! says) are in `ops::link` and `ops::nudge`; this module connects them to the desktop.
//!
//! - **Links.** The desktop starts `bearing <link>` (the `.deb`'s desktop entry declares
//!   `x-scheme-handler/bearing`, from the deep-link plugin's configuration). A first launch opens
//!   the window with the link; a launch while a window is open hands the link to that window
//!   (single-instance's `deep-link` feature passes it to the deep-link plugin) and leaves. The
//!   link waits in [`AppState`] until the page takes it (`take_opened_link`), which it does at
//!   start and whenever it is told a link arrived.
//! - **The nudge.** Off by default. Turned on, an XDG autostart entry runs `bearing nudge` at
//!   login (autostart plugin); that process shows one notification when someone is due
//!   (notification plugin) and no window, and a click on it opens the window on the questionnaire.

use std::path::Path;

use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_deep_link::DeepLinkExt;
use tauri_plugin_notification::NotificationExt;

use crate::commands::AppState;
use crate::ops::{self, DbLocation, Nudge};

/// The argument the login entry starts Bearing with.
pub const NUDGE_COMMAND: &str = "nudge";

/// The autostart plugin, set up to start `bearing nudge` on this window's database: with
/// `--db PATH` when it is not the default one, so the nudge reads the history this window shows.
pub fn autostart<R: Runtime>(location: &DbLocation) -> tauri::plugin::TauriPlugin<R> {
    let mut builder = tauri_plugin_autostart::Builder::new().arg(NUDGE_COMMAND);
    if !location.is_default() {
        builder = builder
            .arg("--db")
            .arg(desktop_exec_quoted(location.path()));
    }
    builder.build()
}

/// `path` as one argument of a desktop entry's `Exec` line, which the autostart entry is: in
/// double quotes, with `"`, `` ` ``, `$` and `\` escaped and `%` doubled (the Desktop Entry
/// Specification's rules), since the entry joins its arguments with spaces.
fn desktop_exec_quoted(path: &Path) -> String {
    let mut quoted = String::from("\"");
    for c in path.to_string_lossy().chars() {
        match c {
            '"' | '`' | '$' | '\\' => {
                quoted.push('\\');
                quoted.push(c);
            }
            '%' => quoted.push_str("%%"),
            _ => quoted.push(c),
        }
    }
    quoted.push('"');
    quoted
}

/// Sets up links for the window about to open: the link this process was started with (read by
/// the deep-link plugin, or kept as given when the plugin could not read it as a URL), and every
/// link a later launch hands over.
pub fn receive_links<R: Runtime>(app: &AppHandle<R>, started_with: Option<String>) {
    let handle = app.clone();
    app.deep_link().on_open_url(move |event| {
        if let Some(url) = event.urls().first() {
            deliver(&handle, url.as_str());
        }
    });
    let read = app.deep_link().get_current().ok().flatten();
    match (read.as_ref().and_then(|urls| urls.first()), started_with) {
        (Some(url), _) => keep(app, url.as_str()),
        (None, Some(raw)) => keep(app, &raw),
        (None, None) => {}
    }
}

/// A later launch's arguments, as single-instance passes them on: a link the deep-link plugin
/// could not read as a URL (so it reported nothing) is delivered here, to be answered on Home.
pub fn second_launch<R: Runtime>(app: &AppHandle<R>, args: &[String]) {
    if let Some(raw) = ops::link_argument(args.get(1..).unwrap_or_default()) {
        if !plugin_reads(raw) {
            deliver(app, raw);
        }
    }
}

/// Whether the deep-link plugin takes `raw` as one of Bearing's links (what it reports to
/// `on_open_url`): a URL whose scheme is `bearing`.
fn plugin_reads(raw: &str) -> bool {
    url::Url::parse(raw).is_ok_and(|url| url.scheme() == ops::link::SCHEME)
}

/// Keeps a link for the page to take.
fn keep<R: Runtime>(app: &AppHandle<R>, raw: &str) {
    if let Some(state) = app.try_state::<AppState>() {
        state.open_link(raw);
    }
}

/// Keeps a link and tells the page one is waiting (a fixed script: the link itself never goes
/// into it; the page asks for the outcome through `take_opened_link`).
fn deliver<R: Runtime>(app: &AppHandle<R>, raw: &str) {
    keep(app, raw);
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.eval("window.dispatchEvent(new Event('bearing-link'))");
    }
}

/// How long the nudge waits for the notification to be clicked or closed before it leaves (some
/// notification servers never say the notification was closed).
const NUDGE_LIFETIME: std::time::Duration = std::time::Duration::from_secs(8 * 60 * 60);

/// Shows the nudge's notification and waits, without a window, until it is clicked (then
/// Bearing opens on the questionnaire it names) or closed, and leaves.
/// `location` is the database it read, which a click opens.
pub fn show_nudge(nudge: Nudge, location: &DbLocation) -> Result<(), String> {
    let app = tauri::Builder::default()
        .plugin(tauri_plugin_notification::init())
        .build(crate::context())
        .map_err(|e| e.to_string())?;
    let link = nudge.link.clone();
    let database = (!location.is_default()).then(|| location.path().to_path_buf());
    let clicked = app.handle().clone();
    app.notification()
        .on_action(move |_| {
            open_bearing(link.as_deref(), database.as_deref());
            clicked.exit(0);
        })
        .map_err(|e| e.to_string())?;
    let closed = app.handle().clone();
    app.notification()
        .builder()
        .title(&nudge.title)
        .body(&nudge.body)
        .icon("bearing")
        .on_close(move || closed.exit(0))
        .show()
        .map_err(|e| e.to_string())?;
    let timeout = app.handle().clone();
    std::thread::spawn(move || {
        std::thread::sleep(NUDGE_LIFETIME);
        timeout.exit(0);
    });
    app.run(|_, event| {
        // No window is ever open, so nothing else would keep the event loop from ending at once.
        if let tauri::RunEvent::ExitRequested {
            code: None, api, ..
        } = event
        {
            api.prevent_exit();
        }
    });
    Ok(())
}

/// Starts Bearing's window on `database` (the default one when `None`), on `link` when there is
/// one (then a window already open on that database takes it).
fn open_bearing(link: Option<&str>, database: Option<&Path>) {
    let Ok(exe) = std::env::current_exe() else {
        return;
    };
    let mut command = std::process::Command::new(exe);
    if let Some(link) = link {
        command.arg(link);
    }
    if let Some(database) = database {
        command.env("BEARING_DB", database);
    }
    let _ = command.spawn();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_is_one_exec_argument() {
        assert_eq!(
            desktop_exec_quoted(Path::new("/home/ada/My Bearing/100% \"me\".db")),
            r#""/home/ada/My Bearing/100%% \"me\".db""#
        );
        assert_eq!(
            desktop_exec_quoted(Path::new("/a/$b`c\\d")),
            r#""/a/\$b\`c\\d""#
        );
    }

    #[test]
    fn the_plugin_reads_well_formed_links_only() {
        assert!(plugin_reads("bearing://assess?profile=x"));
        assert!(plugin_reads("BEARING://assess"));
        assert!(!plugin_reads("bearing://[oops"));
        assert!(!plugin_reads("https://example.com"));
    }
}
