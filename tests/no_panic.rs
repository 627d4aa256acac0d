//! No input, however broken, makes the importers panic.

#![cfg(not(target_arch = "wasm32"))]

mod common;

use proptest::prelude::*;
use regime_lens::core::open::import_file;

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
        // Read or refused with a message that names the file.
        if let Err(e) = import_file(name, &bytes) {
            prop_assert_eq!(&e.at.file, name);
            prop_assert!(e.to_string().starts_with(name));
        }
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

/// Every fixture, good and bad (not the corpus' manifest).
fn fixtures() -> Vec<(String, Vec<u8>)> {
    let root = common::manifest_dir().join("tests/fixtures");
    let mut out = Vec::new();
    for dir in ["good", "bad", "."] {
        let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().to_string();
            if path.is_file() && name != "expected.tsv" {
                if let Ok(bytes) = std::fs::read(&path) {
                    out.push((name, bytes));
                }
            }
        }
    }
    out.sort();
    out
}

/// A mutation of a fixture: flip, insert, delete or repeat bytes, or cut it short.
#[derive(Debug, Clone)]
enum Mutation {
    Flip(usize, u8),
    Insert(usize, Vec<u8>),
    Delete(usize, usize),
    Repeat(usize, usize, u8),
    Truncate(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Mutation::Flip(i, b)),
        (
            any::<usize>(),
            prop::collection::vec(
                prop_oneof![
                    Just(b'"'),
                    Just(b','),
                    Just(b'\n'),
                    Just(b'{'),
                    Just(b'['),
                    Just(0u8),
                    any::<u8>()
                ],
                1..8
            )
        )
            .prop_map(|(i, b)| Mutation::Insert(i, b)),
        (any::<usize>(), 1usize..64).prop_map(|(i, n)| Mutation::Delete(i, n)),
        (any::<usize>(), 1usize..32, 1u8..8).prop_map(|(i, n, k)| Mutation::Repeat(i, n, k)),
        any::<usize>().prop_map(Mutation::Truncate),
    ]
}

fn mutate(mut bytes: Vec<u8>, mutations: &[Mutation]) -> Vec<u8> {
    for m in mutations {
        let len = bytes.len().max(1);
        match m {
            Mutation::Flip(i, b) => {
                if let Some(x) = bytes.get_mut(i % len) {
                    *x ^= b | 1;
                }
            }
            Mutation::Insert(i, b) => {
                let at = (i % len).min(bytes.len());
                bytes.splice(at..at, b.iter().copied());
            }
            Mutation::Delete(i, n) => {
                let at = (i % len).min(bytes.len());
                let end = (at + n).min(bytes.len());
                bytes.drain(at..end);
            }
            Mutation::Repeat(i, n, k) => {
                let at = (i % len).min(bytes.len());
                let end = (at + n).min(bytes.len());
                let piece = bytes[at..end].to_vec();
                for _ in 0..*k {
                    bytes.splice(end..end, piece.iter().copied());
                }
            }
            Mutation::Truncate(i) => bytes.truncate(i % len),
        }
    }
    bytes
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Mutated fixtures, read as the app reads them (projects, JSON cases and tables): no panic,
    /// and no input takes more than a second (a hang, not a performance target).
    #[test]
    fn mutated_fixtures_never_panic_or_hang(pick in any::<usize>(), mutations in prop::collection::vec(mutation(), 1..6)) {
        let all = fixtures();
        prop_assume!(!all.is_empty());
        let (name, bytes) = &all[pick % all.len()];
        let input = mutate(bytes.clone(), &mutations);
        let started = std::time::Instant::now();
        if let Err(e) = regime_lens::core::open::load_file(name, &input) {
            prop_assert_eq!(&e.at.file, name);
        }
        if let Err(e) = import_file(name, &input) {
            prop_assert_eq!(&e.at.file, name);
        }
        prop_assert!(started.elapsed() < std::time::Duration::from_secs(1), "{name} after {mutations:?} took {:?}", started.elapsed());
    }

    /// Random bytes under every name the app reads.
    #[test]
    fn random_bytes_under_any_name_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2048), ext in 0usize..5) {
        let name = ["x.json", "x.csv", "x.tsv", "x.txt", "x"][ext];
        if let Err(e) = regime_lens::core::open::load_file(name, &bytes) {
            prop_assert_eq!(&e.at.file, name);
            prop_assert!(e.to_string().starts_with(name));
        }
    }
}
