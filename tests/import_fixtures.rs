//! Every import error and warning, each from a fixture file, with the message it must give.
#![cfg(not(target_arch = "wasm32"))]

use regime_lens::core::import::{import_file, ImportErrorKind, WarningKind, MAX_FILE_BYTES};
use regime_lens::core::model::Symbolic;
use std::path::Path;

fn fixture(path: &str) -> (String, Vec<u8>) {
    let full = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(path);
    let bytes = std::fs::read(&full).unwrap_or_else(|e| panic!("{}: {e}", full.display()));
    (path.rsplit('/').next().unwrap_or(path).to_string(), bytes)
}

/// (fixture, line, column, words the message must contain)
const BAD: &[(&str, Option<usize>, Option<&str>, &str)] = &[
    ("bad/empty.csv", None, None, "empty.csv: the file is empty"),
    ("bad/header-only.csv", Some(1), None, "header but no rows"),
    (
        "bad/missing-column.csv",
        Some(1),
        None,
        "required column \"period\" is missing (found: id, actor, action)",
    ),
    ("bad/empty-id.csv", Some(3), Some("id"), "the id is empty"),
    (
        "bad/duplicate-id.csv",
        Some(4),
        Some("id"),
        "id \"A1\" is used again (first on line 2)",
    ),
    (
        "bad/unknown-symbolic.csv",
        Some(2),
        Some("symbolic"),
        "unknown symbolic label \"sneaky\"",
    ),
    (
        "bad/unknown-aspect.csv",
        Some(3),
        Some("aspect"),
        "unknown aspect \"power\"",
    ),
    (
        "bad/invalid-date.csv",
        Some(3),
        Some("date"),
        "invalid date \"2012-13\"",
    ),
    (
        "bad/invalid-order.csv",
        Some(2),
        Some("order"),
        "\"one\" is not a number",
    ),
    (
        "bad/wrong-field-count.csv",
        Some(4),
        None,
        "this row has 5 fields but the header has 4",
    ),
    ("bad/unterminated-quote.csv", Some(3), None, "never closed"),
    ("bad/binary.csv", None, None, "not a text file"),
    (
        "bad/malformed.json",
        Some(7),
        Some("character 3"),
        "the JSON does not parse: trailing comma",
    ),
    ("bad/too-deep.json", Some(1), Some("character 128"), "nested too deeply"),
    (
        "bad/unknown-version.json",
        None,
        Some("version"),
        "case format version 99 is not supported",
    ),
    (
        "bad/unknown-actor.json",
        None,
        Some("actions[0].actor"),
        "unknown actor \"X\" (known: I)",
    ),
];

#[test]
fn every_bad_fixture_fails_with_its_location_and_message() {
    for (path, line, column, words) in BAD {
        let (name, bytes) = fixture(path);
        let error = match import_file(&name, &bytes) {
            Ok(_) => panic!("{path} imported but must fail"),
            Err(e) => e,
        };
        let text = error.to_string();
        assert_eq!(error.at.file, name, "{path}: {text}");
        assert_eq!(error.at.line, *line, "{path}: {text}");
        assert_eq!(error.at.column.as_deref(), *column, "{path}: {text}");
        assert!(text.contains(words), "{path}: «{text}» lacks «{words}»");
    }
}

#[test]
fn a_file_over_50_mb_is_refused_before_parsing() {
    let big = vec![b'a'; MAX_FILE_BYTES + 1];
    let error = import_file("big.csv", &big).expect_err("refused");
    assert!(matches!(error.kind, ImportErrorKind::TooLarge { .. }));
    assert!(error.to_string().contains("the limit is 50 MB"), "{error}");
}

#[test]
fn warnings_name_self_triggers_later_periods_cycles_and_id_like_tokens() {
    let (name, bytes) = fixture("good/warnings.csv");
    let imported = import_file(&name, &bytes).expect("imports despite warnings");
    let kinds: Vec<&WarningKind> = imported.warnings.iter().map(|w| &w.kind).collect();
    assert!(
        kinds.contains(&&WarningKind::SelfTrigger { id: "A1".into() }),
        "{kinds:?}"
    );
    assert!(kinds.contains(&&WarningKind::TriggerFromLaterPeriod {
        id: "A2".into(),
        trigger: "A3".into()
    }));
    assert!(kinds.contains(&&WarningKind::Cycle {
        ids: vec!["A2".into(), "A3".into()]
    }));
    assert!(kinds.contains(&&WarningKind::Cycle {
        ids: vec!["A4".into(), "A5".into()]
    }));
    assert!(kinds.contains(&&WarningKind::IdLikeExternalTrigger {
        id: "A5".into(),
        token: "A12".into()
    }));
    let cycle = imported
        .warnings
        .iter()
        .find(|w| matches!(&w.kind, WarningKind::Cycle { ids } if ids[0] == "A2"))
        .expect("cycle");
    assert_eq!(cycle.at.line, Some(3), "the cycle points at its first action's row");
    assert!(
        cycle.to_string().contains("A2, A3 trigger each other in a cycle"),
        "{cycle}"
    );
    let a5 = imported.case.action("A5").expect("A5");
    assert_eq!(a5.external_triggers, vec!["A12"]);
}

#[test]
fn tabs_quotes_and_newlines_inside_fields() {
    let (name, bytes) = fixture("good/tabs-multiline.tsv");
    let imported = import_file(&name, &bytes).expect("imports");
    let x1 = imported.case.action("X1").expect("X1");
    assert_eq!(x1.description, "Meet the\ncustomer");
    assert_eq!(x1.consequence, "He said \"no\"");
    assert_eq!(x1.symbolic, Symbolic::Substantive);
    assert_eq!(
        imported.case.action("X2").map(|a| a.triggers.clone()),
        Some(vec!["X1".to_string()])
    );
    assert_eq!(
        imported.case.periods.iter().map(|p| p.id.as_str()).collect::<Vec<_>>(),
        vec!["Early", "Late"]
    );
}

#[test]
fn semicolons_bom_spaced_headers_and_aspect_inference() {
    let (name, bytes) = fixture("good/semicolon-bom.csv");
    let imported = import_file(&name, &bytes).expect("imports");
    let case = &imported.case;
    assert_eq!(case.title, "semicolon-bom");
    assert_eq!(case.actions.len(), 5);
    assert_eq!(case.actions[1].description, "Present the model; ask for use");
    assert_eq!(case.actions[1].symbolic, Symbolic::Advocacy);
    assert_eq!(
        case.actions[1].aspect,
        Some(regime_lens::core::model::Aspect::ValuationScheme)
    );
    assert_eq!(case.actions[0].external_triggers, vec!["Outside pressure"]);
    assert_eq!(case.actions[4].date.as_deref(), Some("2022"));
    assert!(imported.warnings.is_empty(), "{:?}", imported.warnings);
}

#[test]
fn windows_1252_is_decoded_and_said() {
    let (name, bytes) = fixture("good/windows-1252.csv");
    let imported = import_file(&name, &bytes).expect("imports");
    assert_eq!(imported.case.actions[0].description, "Café avec le client “toujours”");
    assert!(imported
        .warnings
        .iter()
        .any(|w| w.kind == WarningKind::DecodedAsWindows1252));
}

#[test]
fn utf16_with_bom_is_read() {
    let (name, bytes) = fixture("good/utf16le-bom.csv");
    let imported = import_file(&name, &bytes).expect("imports");
    assert_eq!(imported.case.actions[0].description, "Überprüfung");
}
