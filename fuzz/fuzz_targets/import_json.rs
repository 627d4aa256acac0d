//! The JSON case reader never panics, and what it accepts round-trips.
#![no_main]
use libfuzzer_sys::fuzz_target;
use regime_lens::core::import::json::{case_to_json, import_json};

fuzz_target!(|data: &[u8]| {
    if let Ok(imported) = import_json("fuzz.json", data) {
        let again = import_json("again.json", case_to_json(&imported.case).as_bytes()).expect("its own output reads");
        assert_eq!(again.case, imported.case);
    }
});
