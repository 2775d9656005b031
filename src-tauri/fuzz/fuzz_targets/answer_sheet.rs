//! The answers and answer-sheet parsers on arbitrary bytes: a value or an error, never a panic.
#![no_main]

use bearing_lib::domain::sheet::RaterSheet;
use bearing_lib::domain::AnswerSheet;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = AnswerSheet::from_json(text);
    if let Ok(sheet) = RaterSheet::parse(text) {
        let _ = sheet.filled();
    }
});
