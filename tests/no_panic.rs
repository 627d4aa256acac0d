//! No input, however broken, makes the importers panic.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use regime_lens::core::import::import_file;

fn csv_like() -> impl Strategy<Value = String> {
    let cell = prop_oneof![
        Just(String::new()),
        Just("\"".to_string()),
        Just("\"\"".to_string()),
        Just("A1".to_string()),
        Just("DS 2".to_string()),
        Just("conformity".to_string()),
        Just("2012-Q2".to_string()),
        "[ -~]{0,8}",
    ];
    let row = prop::collection::vec(cell, 0..7).prop_map(|cells| cells.join(","));
    prop::collection::vec(row, 0..8)
        .prop_map(|rows| format!("id,actor,period,action,triggers,date\n{}", rows.join("\n")))
}

proptest! {
    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512), json in any::<bool>()) {
        let name = if json { "x.json" } else { "x.csv" };
        let _ = import_file(name, &bytes);
    }

    #[test]
    fn table_shaped_text_never_panics(text in csv_like()) {
        if let Ok(imported) = import_file("t.csv", text.as_bytes()) {
            // Whatever imports has unique ids and only resolvable triggers.
            let ids: std::collections::HashSet<&str> = imported.case.actions.iter().map(|a| a.id.as_str()).collect();
            prop_assert_eq!(ids.len(), imported.case.actions.len());
            for a in &imported.case.actions {
                for t in &a.triggers {
                    prop_assert!(ids.contains(t.as_str()));
                }
            }
        }
    }
}
