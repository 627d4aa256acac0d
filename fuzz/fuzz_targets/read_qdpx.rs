//! The REFI-QDA reader never panics; a project it reads has a sound case, and its own QDPX export
//! reads back to the same case and codings. The input is a whole file, or (first byte odd) the
//! text of a `project.qde` packed into a QDPX here, so that the fuzzer explores the XML reader
//! without having to find a valid zip.
#![no_main]
use libfuzzer_sys::fuzz_target;
use regime_lens::core::project::qdpx::{qdpx, read_qdpx};

#[path = "pack.rs"]
mod pack;

fuzz_target!(|input: &[u8]| {
    let Some((&mode, data)) = input.split_first() else { return };
    let file = if mode % 2 == 1 { pack::zipped(&[("project.qde", data)]) } else { data.to_vec() };
    match read_qdpx("fuzz.qdpx", &file) {
        Ok(project) => {
            assert!(regime_lens::core::validate::check_references(&project.case).is_ok());
            let back = read_qdpx("fuzz.qdpx", &qdpx(&project, "2026-12-05T09:30:00Z")).expect("its own export reads");
            assert_eq!(back.case, project.case);
            assert_eq!(back.coding, project.coding);
            assert_eq!(back.aspects, project.aspects);
        }
        Err(e) => assert_eq!(e.at.file, "fuzz.qdpx"),
    }
});
