//! The `bearing` binary: a CLI command when one is given, otherwise the window.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() -> std::process::ExitCode {
    bearing_lib::main_entry()
}
