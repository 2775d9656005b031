//! A minimal Tauri 2 hello-world: one window, one page, and one command the page calls once its
//! DOM is ready, which prints `ready` so `.ci/perf` can time start-up the way it times Bearing's.
//! It marks the same phases of start-up as Bearing (`phase <name> <epoch ms>` lines).
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use std::collections::BTreeMap;
use std::time::{SystemTime, UNIX_EPOCH};

fn mark_phase(name: &str) {
    let at = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64() * 1000.0);
    println!("phase {name} {at:.1}");
}

/// The page is interactive: print its marks, then say so on standard output.
#[tauri::command]
fn first_screen_ready(marks: BTreeMap<String, f64>) {
    for (name, at) in marks {
        println!("phase {name} {at:.1}");
    }
    println!("ready");
}

fn main() {
    mark_phase("main");
    mark_phase("builder");
    let result = tauri::Builder::default()
        .on_page_load(|_, page| {
            mark_phase(match page.event() {
                tauri::webview::PageLoadEvent::Started => "page-started",
                tauri::webview::PageLoadEvent::Finished => "page-finished",
            });
        })
        .setup(|_| {
            // The window from the configuration is made before this runs.
            mark_phase("setup");
            mark_phase("window");
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![first_screen_ready])
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}
