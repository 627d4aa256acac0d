//! The coding layer and the project: edits, undo/redo, the file format, its migration, exports.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use regime_lens::core::coding::{Edit, EditError};
use regime_lens::core::export::{coded_case_json, codings_csv};
use regime_lens::core::import::import_file;
use regime_lens::core::model::{Case, Symbolic};
use regime_lens::core::project::{load_file, Loaded, Project};

use regime_lens::core::builtin::telco;

fn relabel(action: &str, kind: Symbolic, memo: Option<&str>) -> Edit {
    Edit::Relabel {
        action: action.into(),
        kind,
        coder: "Ana".into(),
        at: "2026-11-23T10:00:00Z".into(),
        memo: memo.map(String::from),
    }
}

#[test]
fn a_relabel_records_coder_time_kinds_and_memo_and_keeps_the_original() {
    let mut p = Project::new("p1", "TelCo", telco());
    p.apply(relabel(
        "AM4",
        Symbolic::Substantive,
        Some("Kate's team believed in it"),
    ))
    .expect("applies");
    assert_eq!(p.current_kind("AM4"), Some(Symbolic::Substantive));
    assert_eq!(
        p.original_kind("AM4"),
        Some(Symbolic::Conformity),
        "the case itself is untouched"
    );
    let recoded = p.recoded();
    assert_eq!(recoded.len(), 1);
    assert_eq!(
        (recoded[0].0, recoded[0].1, recoded[0].2.coder.as_str()),
        ("AM4", Symbolic::Conformity, "Ana")
    );
    assert_eq!(recoded[0].2.memo, "Kate's team believed in it");
    // A memo later, then a reset keeps the memo but returns the kind.
    p.apply(Edit::Memo {
        action: "AM4".into(),
        memo: "On reflection: partly.".into(),
        coder: "Ben".into(),
        at: "t2".into(),
    })
    .expect("memo");
    assert_eq!(p.coding["AM4"].memo, "On reflection: partly.");
    assert_eq!(p.coding["AM4"].coder, "Ana", "the recode stays Ana's");
    p.apply(Edit::Reset {
        action: "AM4".into(),
        coder: "Ana".into(),
        at: "t3".into(),
    })
    .expect("reset");
    assert_eq!(p.current_kind("AM4"), Some(Symbolic::Conformity));
    assert!(p.recoded().is_empty());
    assert_eq!(p.coding["AM4"].memo, "On reflection: partly.");
}

#[test]
fn bad_edits_are_refused_and_change_nothing() {
    let mut p = Project::new("p1", "TelCo", telco());
    let before = p.clone();
    assert_eq!(
        p.apply(relabel("ZZ9", Symbolic::Advocacy, None)),
        Err(EditError::UnknownAction { id: "ZZ9".into() })
    );
    assert_eq!(
        p.apply(relabel("AM4", Symbolic::Conformity, None)),
        Err(EditError::Unchanged {
            id: "AM4".into(),
            kind: Symbolic::Conformity
        })
    );
    let anonymous = Edit::Relabel {
        action: "AM4".into(),
        kind: Symbolic::Advocacy,
        coder: " ".into(),
        at: "t".into(),
        memo: None,
    };
    assert_eq!(p.apply(anonymous), Err(EditError::NoCoder));
    assert_eq!(p.undo(), Err(EditError::NothingToUndo));
    assert_eq!(p, before);
}

#[test]
fn a_project_of_format_version_1_is_migrated() {
    let bytes = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/project-v1.json")).expect("fixture");
    let Ok(Loaded::Project(p)) = load_file("project-v1.json", &bytes) else {
        panic!("a project")
    };
    assert_eq!(p.name, "TelCo, my first coding");
    assert_eq!(p.current_kind("AM4"), Some(Symbolic::Substantive));
    assert_eq!(p.current_kind("DS4"), Some(Symbolic::Advocacy));
    assert_eq!(p.coding["AM4"].memo, "Kate's team may have believed in it.");
    assert!(p.coding["DS4"].coder.contains("format 1"));
    assert!(p.undo.is_empty());
    // Saved again, it is a version 2 project that reads back the same.
    let again = Project::from_json("again.json", &p.to_json()).expect("reads");
    assert_eq!(again, *p);
    assert!(p.to_json().contains("\"version\":2"));
}

#[test]
fn an_unknown_project_version_is_refused_with_its_number() {
    let text = Project::new("p", "n", telco())
        .to_json()
        .replace("\"version\":2", "\"version\":9");
    let err = Project::from_json("p.json", &text).expect_err("refused");
    assert!(err.to_string().contains("version 9 is not supported"), "{err}");
}

#[test]
fn the_codings_csv_neutralises_formula_memos() {
    let mut p = Project::new("p1", "TelCo", telco());
    p.apply(relabel(
        "AM4",
        Symbolic::Substantive,
        Some("=HYPERLINK(\"http://x\",\"click\")"),
    ))
    .expect("applies");
    let csv = codings_csv(&p.case, &p.coding);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "id,original_kind,current_kind,recoded,coder,time,memo");
    assert_eq!(lines.len(), 23);
    let am4 = lines.iter().find(|l| l.starts_with("AM4,")).expect("AM4 row");
    assert_eq!(
        *am4,
        "AM4,conformity,substantive,yes,Ana,2026-11-23T10:00:00Z,\"'=HYPERLINK(\"\"http://x\"\",\"\"click\"\")\""
    );
    // The case exported with the coding applied imports as a case with AM4 substantive.
    let exported = import_file("coded.json", coded_case_json(&p.case, &p.coding).as_bytes())
        .expect("imports")
        .case;
    assert_eq!(exported.action("AM4").map(|a| a.symbolic), Some(Symbolic::Substantive));
    assert!(exported.action("AM4").is_some_and(|a| a
        .symbolic_note
        .contains("Recoded from conformity to substantive by Ana")));
}

fn edit_strategy() -> impl Strategy<Value = (usize, u8, u8)> {
    (0usize..22, 0u8..3, 0u8..4)
}

fn to_edit(case: &Case, (action, kind, what): (usize, u8, u8)) -> Edit {
    let id = case.actions[action].id.clone();
    let kind = Symbolic::ALL[kind as usize];
    match what {
        0 | 1 => Edit::Relabel {
            action: id,
            kind,
            coder: "Ana".into(),
            at: format!("t{action}"),
            memo: (what == 1).then(|| format!("memo {action}")),
        },
        2 => Edit::Memo {
            action: id,
            memo: format!("note {kind}"),
            coder: "Ben".into(),
            at: "t".into(),
        },
        _ => Edit::Reset {
            action: id,
            coder: "Ana".into(),
            at: "t".into(),
        },
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn undoing_everything_restores_the_original_and_redo_replays(edits in prop::collection::vec(edit_strategy(), 0..30)) {
        let case = telco();
        let original = Project::new("p", "TelCo", case.clone());
        let mut p = original.clone();
        for e in &edits {
            let _ = p.apply(to_edit(&case, *e));
        }
        let after_edits = p.clone();
        let applied = p.undo.len();
        for _ in 0..applied {
            p.undo().expect("undo");
        }
        prop_assert_eq!(&p.coding, &original.coding);
        prop_assert_eq!(p.kinds(), original.kinds());
        for _ in 0..applied {
            p.redo().expect("redo");
        }
        prop_assert_eq!(&p.coding, &after_edits.coding);
        prop_assert_eq!(&p.undo, &after_edits.undo);
    }

    #[test]
    fn a_project_survives_a_json_round_trip(edits in prop::collection::vec(edit_strategy(), 0..20), undos in 0usize..5) {
        let case = telco();
        let mut p = Project::new("p-1", "TelCo ✓ \"quoted\"", case.clone());
        for e in &edits {
            let _ = p.apply(to_edit(&case, *e));
        }
        for _ in 0..undos {
            let _ = p.undo();
        }
        p.view.series_log = undos % 2 == 1;
        let back = Project::from_json("p.json", &p.to_json()).expect("reads back");
        prop_assert_eq!(back, p);
    }
}
