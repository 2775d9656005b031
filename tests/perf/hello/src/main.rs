//! A minimal Tauri 2 hello-world: one window, one page, and one command the page calls once its
//! DOM is ready, which prints `ready` so `.ci/perf` can time start-up the way it times Bearing's.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

/// The page is interactive: say so on standard output.
#[tauri::command]
fn first_screen_ready() {
    println!("ready");
}

fn main() {
    let result = tauri::Builder::default()
        .invoke_handler(tauri::generate_handler![first_screen_ready])
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}
