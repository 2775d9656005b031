//! Build script: lets tauri-build generate the context (config, icons, embedded `ui/` assets).
fn main() {
    tauri_build::build();
}
