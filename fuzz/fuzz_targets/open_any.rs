//! The one `open` dispatcher, under every name the app and the command line accept: it never
//! panics, refuses with a message that names the file, recognises what it reads as the kind it
//! reads it as, and reads a file the app keeps in its own module as the full reader does.
#![no_main]
use libfuzzer_sys::fuzz_target;
use regime_lens::core::open::{import_file, is_exchange_file, load_file, load_text_file, recognise, Format, Loaded};

const NAMES: [&str; 9] = ["f.csv", "f.json", "f.tsv", "f.txt", "f.xlsx", "f.ods", "f.qdpx", "f", "f.JSON"];

fuzz_target!(|input: &[u8]| {
    let Some((&pick, data)) = input.split_first() else { return };
    let name = NAMES[usize::from(pick) % NAMES.len()];
    let format = recognise(name, data);
    match load_file(name, data) {
        Ok(Loaded::Project(_, _)) => assert!(matches!(format, Format::Qdpx | Format::Project), "{format:?}"),
        Ok(Loaded::Case(imported)) => {
            assert!(matches!(format, Format::Workbook | Format::Json | Format::Table), "{format:?}");
            assert!(regime_lens::core::validate::check_references(&imported.case).is_ok());
        }
        Err(e) => assert_eq!(e.at.file, name),
    }
    if let Err(e) = import_file(name, data) {
        assert_eq!(e.at.file, name);
    }
    if !is_exchange_file(name, data) {
        assert_eq!(load_text_file(name, data), load_file(name, data));
    }
});
