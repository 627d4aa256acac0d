//! The project reader (and every reader behind `load_file`) never panics; a project it accepts
//! survives a round trip and undoes to its start.
#![no_main]
use libfuzzer_sys::fuzz_target;
use regime_lens::core::open::{load_file, Loaded};
use regime_lens::core::project::Project;

fuzz_target!(|data: &[u8]| {
    if let Ok(Loaded::Project(p, _)) = load_file("fuzz.json", data) {
        let back = Project::from_json("again.json", &p.to_json()).expect("its own output reads");
        assert_eq!(back, *p);
        let mut p = *p;
        while p.undo().is_ok() {}
    }
});
