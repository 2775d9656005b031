# Shared set-up for Bearing's scripts: installs what the project needs on Debian 12, only when it
# is missing, so a machine that has everything starts at once. Sourced, not run.

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

# System packages: WebKitGTK for Tauri, Xvfb and D-Bus for headless runs, the WebDriver engine,
# Mesa for software GL, ImageMagick for screenshots, Syncthing for the exchange-folder test (two
# instances on loopback; tests/e2e/syncthing.rs), qpdf and Poppler to check the PDF report, and
# dunst, a real notification server for the nudge's test (tests/e2e/reminders.rs).
PACKAGES=(build-essential pkg-config libwebkit2gtk-4.1-dev xvfb xauth dbus-daemon
          webkit2gtk-driver libgl1-mesa-dri imagemagick syncthing qpdf poppler-utils dunst)
TAURI_DRIVER_VERSION="2.1.0"
TAURI_CLI_VERSION="2.12.4"  # the Tauri CLI makes the .deb
AXE_VERSION="4.14.1"        # axe-core, the accessibility checks in the end-to-end tests
RUST_MIN="1.90.0"   # keep in step with rust-version in Cargo.toml

# Each step with the seconds since the script started, so a run shows where its time goes.
log() { printf '==> [%4ss] %s\n' "$SECONDS" "$*"; }

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"
    elif command -v sudo >/dev/null 2>&1; then sudo "$@"
    else echo "error: installing system packages needs root or sudo" >&2; exit 1
    fi
}

ensure_system_packages() {
    local missing=()
    for p in "${PACKAGES[@]}"; do
        dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
    done
    if [ ${#missing[@]} -gt 0 ]; then
        log "installing system packages: ${missing[*]}"
        as_root apt-get update -qq
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
    fi
}

ensure_rust() {
    export PATH="$HOME/.cargo/bin:$PATH"
    if ! command -v cargo >/dev/null 2>&1; then
        echo "error: cargo not found; install Rust $RUST_MIN or newer with rustup (https://rustup.rs)" >&2
        exit 1
    fi
    local have
    have="$(rustc --version | awk '{print $2}')"
    if [ "$(printf '%s\n%s\n' "$RUST_MIN" "$have" | sort -V | head -n 1)" != "$RUST_MIN" ]; then
        echo "error: Rust $have is too old; Bearing needs $RUST_MIN or newer (rustup update)" >&2
        exit 1
    fi
}

ensure_tauri_driver() {
    if ! command -v tauri-driver >/dev/null 2>&1; then
        log "installing tauri-driver $TAURI_DRIVER_VERSION"
        cargo install tauri-driver --version "$TAURI_DRIVER_VERSION" --locked --quiet
    fi
}

# The Tauri CLI comes prebuilt from the npm registry (@tauri-apps/cli, the same CLI that
# `cargo install tauri-cli` compiles in about 8 minutes), pinned, into target/tauri-cli.
TAURI_CLI="$ROOT/target/tauri-cli/node_modules/.bin/tauri"

ensure_npm() {
    if ! command -v npm >/dev/null 2>&1; then
        log "installing Node.js and npm (for the Tauri CLI and axe-core)"
        as_root apt-get update -qq
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nodejs npm
    fi
}

ensure_tauri_cli() {
    ensure_npm
    if [ "$("$TAURI_CLI" --version 2>/dev/null)" != "tauri-cli $TAURI_CLI_VERSION" ]; then
        log "installing the Tauri CLI $TAURI_CLI_VERSION from the npm registry"
        mkdir -p "$ROOT/target/tauri-cli"
        npm install --prefix "$ROOT/target/tauri-cli" --no-save --no-audit --no-fund --silent \
            "@tauri-apps/cli@$TAURI_CLI_VERSION" >&2
    fi
}

# axe-core from the npm registry, for the end-to-end tests only (never shipped): they inject
# target/axe/node_modules/axe-core/axe.min.js into the window and fail on WCAG 2.2 A/AA violations.
AXE_JS="$ROOT/target/axe/node_modules/axe-core/axe.min.js"

ensure_axe() {
    ensure_npm
    if [ "$(node -p "require('$ROOT/target/axe/node_modules/axe-core/package.json').version" 2>/dev/null)" != "$AXE_VERSION" ] \
        || [ ! -f "$AXE_JS" ]; then
        log "installing axe-core $AXE_VERSION from the npm registry (for the end-to-end tests)"
        mkdir -p "$ROOT/target/axe"
        npm install --prefix "$ROOT/target/axe" --no-save --no-audit --no-fund --silent \
            "axe-core@$AXE_VERSION" >&2
    fi
}

# Builds the release binary and the .deb with the Tauri CLI; prints the package's path.
# Builds the .deb with the Tauri CLI and prints its path. `build_deb --debug` packages a debug
# build (the dependencies the tests built are reused); without it, the release build.
build_deb() {
    local profile=release
    [ "${1:-}" = "--debug" ] && profile=debug
    (cd src-tauri && "$TAURI_CLI" build --bundles deb --ci "$@") >&2
    ls -t "$ROOT"/target/$profile/bundle/deb/*.deb | head -n 1
}

# Runs a command under a virtual display and its own D-Bus session.
headless() {
    xvfb-run -a -s "-screen 0 1280x800x24 -nolisten tcp" dbus-run-session -- "$@"
}
