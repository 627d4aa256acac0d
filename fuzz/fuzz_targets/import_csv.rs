//! The CSV/TSV action-table reader never panics, and what it accepts is sound.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(imported) = regime_lens::core::import::csv::import_csv("fuzz.csv", data) {
        assert!(regime_lens::core::validate::check_references(&imported.case).is_ok());
    }
});
