//! Build script: lets tauri-build generate the context (config, icons, embedded `ui/` assets) and
//! the access control list. Every command below gets an `allow-<command>` permission, and because
//! the app now has a manifest, a command runs only if a capability grants it
//! (`capabilities/main.json`). Keep this list equal to `generate_handler!` in `src/lib.rs`: a
//! command missing here is refused from the page (the integration tests call every one).
const COMMANDS: &[&str] = &[
    "get_questionnaire",
    "save_assessment",
    "confirm_assessment",
    "get_reliability",
    "get_result",
    "set_commitments",
    "get_home",
    "get_assessment_start",
    "save_draft",
    "discard_draft",
    "delete_assessment",
    "undo_delete",
    "export_history_json",
    "choose_history_to_import",
    "preview_history_import",
    "import_history",
    "get_exchange_key",
    "share_history",
    "sync_exchange",
    "get_exchange_status",
    "link_exchange_folder",
    "unlink_exchange_folder",
    "export_history_csv",
    "export_session_report",
    "export_calendar",
    "take_opened_link",
    "get_nudge",
    "set_nudge",
    "get_history",
    "get_chart_svg",
    "export_chart",
    "get_caseload",
    "get_caseload_chart",
    "get_app_info",
    "get_labels",
    "get_profiles",
    "get_perceptions",
    "open_sheet_to_rate",
    "export_sheet",
    "save_rated_sheet",
    "import_filled_sheet",
    "switch_profile",
    "add_profile",
    "rename_profile",
    "archive_profile",
    "set_cadence",
    "get_recovery",
    "dismiss_recovery",
    "get_backups",
    "back_up_now",
    "restore_backup",
    "first_screen_ready",
];

/// The chart and report fonts, embedded deflated (`chart::paint::text` inflates them once).
const FONTS: &[&str] = &["DejaVuSans.ttf", "DejaVuSans-Bold.ttf"];

/// Deflates each font into OUT_DIR, where `include_bytes!` finds it.
fn deflate_fonts() -> Result<(), String> {
    let out = std::env::var_os("OUT_DIR").ok_or("OUT_DIR is not set")?;
    for name in FONTS {
        let source = std::path::Path::new("assets/fonts").join(name);
        println!("cargo:rerun-if-changed={}", source.display());
        let bytes = std::fs::read(&source).map_err(|e| format!("{}: {e}", source.display()))?;
        let deflated = miniz_oxide::deflate::compress_to_vec(&bytes, 9);
        let target = std::path::Path::new(&out).join(format!("{name}.deflate"));
        std::fs::write(&target, deflated).map_err(|e| format!("{}: {e}", target.display()))?;
    }
    Ok(())
}

fn main() {
    if let Err(error) = deflate_fonts() {
        panic!("embedding the fonts failed: {error}");
    }
    let manifest = tauri_build::AppManifest::new().commands(COMMANDS);
    if let Err(error) =
        tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest))
    {
        // A build script reports failure by panicking; the message is what cargo shows.
        panic!("tauri-build failed: {error:#}");
    }
}
