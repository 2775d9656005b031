//! Writing to the terminal: JSON, text, and the small words of counted things.

use std::io::{self, Write};

use serde::Serialize;

use super::{CliError, CliResult};

pub(super) fn print_json<T: Serialize + ?Sized>(value: &T) -> CliResult {
    let text = serde_json::to_string_pretty(value)?;
    print_text(&format!("{text}\n"))
}

pub(super) fn print_text(text: &str) -> CliResult {
    let mut out = io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(CliError::Output)
}

/// "s" for any count but one.
pub(super) fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
