//! The import parser on arbitrary bytes: it must return a document or an error, never panic, and
//! whatever it accepts must serialise and parse again to the same document.
#![no_main]

use bearing_lib::domain::export::ExportDocument;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(doc) = ExportDocument::parse(text) {
        let again = serde_json::to_string(&doc).expect("an accepted document serialises");
        let reparsed = ExportDocument::parse(&again).expect("an accepted document parses again");
        assert_eq!(reparsed, doc);
    }
});
