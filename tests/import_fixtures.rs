//! Every import error and warning, each from a fixture file, with the message it must give.

#![cfg(not(target_arch = "wasm32"))]

mod common;

use regime_lens::core::import::MAX_FILE_BYTES;
use regime_lens::core::model::Symbolic;
use regime_lens::core::open::import_file;
use regime_lens::core::open::{load_file, Loaded};
use regime_lens::core::report::{ImportErrorKind, WarningKind};

fn fixture(path: &str) -> (String, Vec<u8>) {
    let full = common::manifest_dir().join("tests/fixtures").join(path);
    let bytes = std::fs::read(&full).unwrap_or_else(|e| panic!("{}: {e}", full.display()));
    (path.rsplit('/').next().unwrap_or(path).to_string(), bytes)
}

/// One line of `tests/fixtures/bad/expected.tsv`: a bad file and the error it must give.
struct Expected {
    file: String,
    line: Option<usize>,
    column: Option<String>,
    message: String,
}

fn expected() -> Vec<Expected> {
    let (_, bytes) = fixture("bad/expected.tsv");
    let text = String::from_utf8(bytes).expect("UTF-8");
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with("file\t") && !l.trim().is_empty())
        .map(|l| {
            let cells: Vec<&str> = l.split('\t').collect();
            assert_eq!(cells.len(), 4, "expected.tsv: {l}");
            let none_if_dash = |c: &str| (c != "-").then(|| c.to_string());
            Expected {
                file: cells[0].to_string(),
                line: none_if_dash(cells[1]).map(|n| n.parse().expect("a line number")),
                column: none_if_dash(cells[2]),
                message: cells[3].to_string(),
            }
        })
        .collect()
}

#[test]
fn every_bad_fixture_fails_with_its_location_and_message() {
    let list = expected();
    let dir = common::manifest_dir().join("tests/fixtures/bad");
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .expect("the bad folder")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n != "expected.tsv")
        .collect();
    files.sort();
    let listed: Vec<&str> = list.iter().map(|e| e.file.as_str()).collect();
    for f in &files {
        assert!(
            listed.contains(&f.as_str()),
            "{f} is in tests/fixtures/bad but not in expected.tsv"
        );
    }
    assert!(
        files.len() >= 60,
        "the corpus keeps at least 60 bad files, has {}",
        files.len()
    );
    for e in &list {
        let (name, bytes) = fixture(&format!("bad/{}", e.file));
        // The app's reader: projects, JSON cases and tables alike.
        let error = match load_file(&name, &bytes) {
            Ok(_) => panic!("{} opened but must fail", e.file),
            Err(error) => error,
        };
        let text = error.kind.to_string();
        assert_eq!(error.at.file, name, "{}: {text}", e.file);
        assert_eq!(error.at.line, e.line, "{}: {text}", e.file);
        assert_eq!(error.at.column, e.column, "{}: {text}", e.file);
        assert_eq!(text, e.message, "{}", e.file);
    }
}

#[test]
fn null_for_an_optional_field_reads_as_absent() {
    let (name, bytes) = fixture("good/json-nulls.json");
    let imported = import_file(&name, &bytes).expect("nulls are missing values");
    let a = &imported.case.actions[0];
    assert_eq!(
        (a.symbolic_note.as_str(), a.aim.as_str(), a.aspect, a.order),
        ("", "", None, None)
    );
    assert!(a.triggers.is_empty() && a.evidence.is_empty());
    assert_eq!(imported.case.periods[0].start, None);
    assert!(imported.case.regime.is_none() && imported.case.series.is_empty());
}

#[test]
fn a_project_is_recognised_wherever_its_format_key_stands() {
    let (name, bytes) = fixture("good/project-format-key-last.json");
    let text = String::from_utf8(bytes.clone()).expect("text");
    assert!(
        text.rfind("\"regime-lens/project\"").is_some_and(|at| at > 4096),
        "the tag comes after 4 KB"
    );
    match load_file(&name, &bytes) {
        Ok(Loaded::Project(p, _)) => {
            assert_eq!(p.name, "Format last");
            assert_eq!(p.current_kind("A1"), Some(Symbolic::Advocacy));
        }
        other => panic!("a project: {other:?}"),
    }
}

#[test]
fn a_deep_unknown_field_is_skipped_without_overflow() {
    let (name, bytes) = fixture("good/json-deep-unknown-field.json");
    assert!(import_file(&name, &bytes).is_ok());
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
