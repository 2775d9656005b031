//! Build script: lets tauri-build generate the context (config, icon, embedded `ui/`).
fn main() {
    tauri_build::build();
}
