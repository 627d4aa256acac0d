//! The codings CSV reader (a coder's file for team coding) never panics; a coding it reads names
//! every action it labels.
#![no_main]
use libfuzzer_sys::fuzz_target;
use regime_lens::core::import::codings::{read_codings_csv, CODINGS_HEADER};

fuzz_target!(|data: &[u8]| {
    // Most inputs are given the header, so that the fuzzer explores the rows.
    let mut file = CODINGS_HEADER.as_bytes().to_vec();
    file.extend_from_slice(data);
    for bytes in [&file[..], data] {
        match read_codings_csv("coder.csv", bytes) {
            Ok(Some(coding)) => assert!(coding.labels.keys().all(|id| !id.trim().is_empty())),
            Ok(None) => assert!(!bytes.starts_with(CODINGS_HEADER.as_bytes())),
            Err(e) => assert_eq!(e.at.file, "coder.csv"),
        }
    }
});
