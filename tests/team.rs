//! Team coding: reading coders' files, agreement and its findings, blind coding, and settling
//! disagreements as undoable edits.
#![cfg(not(target_arch = "wasm32"))]

use regime_lens::core::analysis::team::{agreement, blind_case};
use regime_lens::core::builtin::telco;
use regime_lens::core::coding::CoderCoding;
use regime_lens::core::coding::Settled;
use regime_lens::core::export::blind_table_csv;
use regime_lens::core::export::codings_csv;
use regime_lens::core::import::json::case_to_json;
use regime_lens::core::model::{Aspect, Case, Symbolic};
use regime_lens::core::open::import_file;
use regime_lens::core::open::read_coder;
use regime_lens::core::project::edit::Edit;
use regime_lens::core::project::edit::Op;
use regime_lens::core::project::Project;

fn edit(op: Op) -> Edit {
    Edit::new(op, "Lead", "2026-11-25T10:00:00Z")
}

/// TelCo as a second coder saw it: AM4 substantive, DS5 aimed at authority, DS8 triggered by
/// DS5 only, and DS11 not coded at all.
fn bob() -> Case {
    let mut case = telco();
    for a in &mut case.actions {
        match a.id.as_str() {
            "AM4" => a.symbolic = Symbolic::Substantive,
            "DS5" => a.aspect = Some(Aspect::AuthorityArrangements),
            "DS8" => a.triggers = vec!["DS5".into()],
            _ => {}
        }
    }
    case.actions.retain(|a| a.id != "DS11");
    case
}

fn coder(file: &str, case: &Case) -> CoderCoding {
    read_coder(file, case_to_json(case).as_bytes()).expect("reads").0
}

#[test]
fn two_coders_agree_on_most_and_their_disagreements_are_listed_and_followed_into_the_findings() {
    let alice = coder("coders/alice.json", &telco());
    let bob = coder("bob.json", &bob());
    assert_eq!((alice.coder.as_str(), bob.coder.as_str()), ("alice", "bob"));
    let a = agreement(&[alice, bob], Some(&telco()), true);
    assert_eq!(a.units, 21, "DS11 is coded by one coder only");
    assert_eq!(a.missing.get("bob"), Some(&vec!["DS11".to_string()]));
    let fields = |id: &str| {
        a.disagreements
            .iter()
            .find(|d| d.action == id)
            .map(|d| d.fields.clone())
    };
    assert_eq!(fields("AM4"), Some(vec!["kind"]));
    assert_eq!(fields("DS5"), Some(vec!["aspect"]));
    assert_eq!(fields("DS8"), Some(vec!["triggers"]));
    assert_eq!(a.disagreements.len(), 3);
    // One kind of 21 differs: alpha below 1 but high; Cohen's kappa for two coders.
    let alpha = a.symbolic.alpha.expect("defined");
    assert!(alpha > 0.8 && alpha < 1.0, "{alpha}");
    assert_eq!(a.symbolic.kappa_kind, "cohen");
    let [low, high] = a.symbolic.alpha_ci95.expect("interval");
    assert!(low <= alpha && alpha <= high);
    assert!((a.symbolic.percent_agreement.expect("pairs") - 100.0 * 20.0 / 21.0).abs() < 1e-9);
    assert!(a.triggers.alpha.expect("defined") < 1.0);
    // The kind confusion matrix: AM4 is conformity for alice, substantive for bob.
    assert_eq!(a.pairs.len(), 1);
    assert_eq!(a.pairs[0].kind[0][2], 1, "{:?}", a.pairs[0].kind);
    // Under bob's coding AM4's links are gone and the chain is shorter.
    assert_eq!(a.findings[0].longest, 8);
    assert!(a.findings[1].longest < 8, "{:?}", a.findings[1]);
    let am4 = |links: &[(String, String)]| links.iter().filter(|(x, y)| x == "AM4" || y == "AM4").count();
    assert_eq!(am4(&a.links_all), 0);
    assert_eq!(am4(&a.links_some), 4);
    assert!(a.links_all.len() + a.links_some.len() >= a.findings[0].links);
}

#[test]
fn three_coders_use_fleiss_kappa_and_read_tables_projects_and_codings_csvs() {
    // A codings CSV of a project in which carol recoded AM1 as advocacy.
    let mut project = Project::new("p", "carol", telco());
    project
        .apply(edit(Op::Relabel {
            action: "AM1".into(),
            kind: Symbolic::Advocacy,
            memo: Some("reads as advocacy to me".into()),
        }))
        .expect("applies");
    let csv = codings_csv(&project.case, &project.coding, &project.aspects);
    let (carol, case) = read_coder("carol.csv", csv.as_bytes()).expect("reads a codings CSV");
    assert!(case.is_none());
    assert_eq!(carol.labels["AM1"].kind, Symbolic::Advocacy);
    assert_eq!(carol.labels["AM1"].memo, "reads as advocacy to me");
    assert_eq!(carol.labels["AM1"].triggers, None, "a codings CSV holds no triggers");
    // The same project as a project file.
    let (dave, case) = read_coder("dave.regime-lens.json", project.to_json().as_bytes()).expect("reads a project");
    assert_eq!(dave.coder, "dave.regime-lens");
    assert_eq!(dave.labels["AM1"].kind, Symbolic::Advocacy);
    assert!(case.is_some_and(|c| c.action("AM1").is_some_and(|a| a.symbolic == Symbolic::Advocacy)));
    let alice = coder("alice.json", &telco());
    let a = agreement(&[alice, carol, dave], Some(&telco()), false);
    assert_eq!(a.symbolic.kappa_kind, "fleiss");
    assert_eq!(a.units, 22);
    assert_eq!(a.symbolic.alpha_ci95, None, "no interval asked for");
    // Only alice and dave give triggers: the trigger alpha is over their values.
    assert_eq!(a.triggers.values, 44);
    assert_eq!(
        a.disagreements.iter().map(|d| d.action.as_str()).collect::<Vec<_>>(),
        vec!["AM1"]
    );
    // A bad codings CSV names the line and the column.
    let bad = "id,original_kind,current_kind,recoded\r\nAM1,conformity,sometimes,yes\r\n";
    let err = read_coder("eve.csv", bad.as_bytes()).expect_err("refused");
    let text = err.to_string();
    assert!(
        text.contains("eve.csv") && text.contains("line 2") && text.contains("current_kind"),
        "{text}"
    );
}

#[test]
fn a_blind_coding_has_the_actions_and_none_of_the_coding() {
    let case = telco();
    let blind = blind_case(&case);
    assert_eq!(blind.actions.len(), case.actions.len());
    assert!(blind.actions.iter().all(|a| a.symbolic == Symbolic::Substantive
        && a.aspect.is_none()
        && a.triggers.is_empty()
        && a.aim.is_empty()
        && a.consequence.is_empty()));
    assert_eq!(blind.actions[0].description, case.actions[0].description);
    // The table imports as it is, with nothing coded.
    let table = blind_table_csv(&case);
    let imported = import_file("blind.csv", table.as_bytes()).expect("imports").case;
    assert_eq!(imported.actions.len(), case.actions.len());
    assert!(imported
        .actions
        .iter()
        .all(|a| a.symbolic == Symbolic::Substantive && a.aspect.is_none() && a.triggers.is_empty()));
    let ds1 = imported.action("DS1").expect("DS1");
    assert_eq!(ds1.description, case.action("DS1").expect("DS1").description);
    assert_eq!(ds1.date, case.action("DS1").expect("DS1").date);
}

#[test]
fn settling_adopts_a_label_records_the_coders_labels_and_undoes() {
    let mut project = Project::new("p", "TelCo", telco());
    let alice = coder("alice.json", &telco());
    let mut bob = coder("bob.json", &bob());
    bob.labels.get_mut("AM4").expect("AM4").memo = "only a formality".into();
    project
        .apply(edit(Op::AddCoders {
            coders: vec![alice, bob],
        }))
        .expect("adds");
    assert_eq!(project.coders.len(), 2);
    // Adopting bob's kind for AM4.
    project
        .apply(edit(Op::Settle {
            action: "AM4".into(),
            label: Settled::Kind(Symbolic::Substantive),
            adopted: Some("bob".into()),
            memo: "the training was attended and used".into(),
        }))
        .expect("settles");
    assert_eq!(project.current_kind("AM4"), Some(Symbolic::Substantive));
    let s = project.settlements.last().expect("recorded");
    assert_eq!((s.by.as_str(), s.adopted.as_deref()), ("Lead", Some("bob")));
    assert_eq!(s.labels.len(), 2);
    assert_eq!(s.labels[0].label, Some(Settled::Kind(Symbolic::Conformity)));
    assert_eq!(s.labels[1].label, Some(Settled::Kind(Symbolic::Substantive)));
    assert_eq!(s.labels[1].memo, "only a formality");
    assert_eq!(
        project.undo.last().expect("step").edit.describe(),
        "AM4 settled: kind substantive (from bob)"
    );
    // Another label entered for DS8's triggers.
    project
        .apply(edit(Op::Settle {
            action: "DS8".into(),
            label: Settled::Triggers(vec!["DS5".into(), "DS7".into()]),
            adopted: None,
            memo: "both".into(),
        }))
        .expect("settles");
    assert_eq!(project.case.action("DS8").expect("DS8").triggers, vec!["DS5", "DS7"]);
    // A coder's label that is not theirs, and a trigger that is not an action, are refused.
    let wrong = project.apply(edit(Op::Settle {
        action: "DS5".into(),
        label: Settled::Aspect(Some(Aspect::KnowingPractices)),
        adopted: Some("bob".into()),
        memo: String::new(),
    }));
    assert!(wrong.is_err());
    let unknown = project.apply(edit(Op::Settle {
        action: "DS8".into(),
        label: Settled::Triggers(vec!["ZZ9".into()]),
        adopted: None,
        memo: String::new(),
    }));
    assert!(unknown.is_err_and(|e| e.to_string().contains("ZZ9")));
    // The file keeps coders and settlements.
    let back = Project::from_json("p.json", &project.to_json()).expect("reads");
    assert_eq!((back.coders.len(), back.settlements.len()), (2, 2));
    // Undo puts back the triggers, then the kind and the record, then the coders.
    project.undo().expect("undo");
    assert_ne!(project.case.action("DS8").expect("DS8").triggers, vec!["DS5", "DS7"]);
    project.undo().expect("undo");
    assert_eq!(project.current_kind("AM4"), Some(Symbolic::Conformity));
    assert!(project.settlements.is_empty());
    project.undo().expect("undo");
    assert!(project.coders.is_empty());
    project.redo().expect("redo");
    assert_eq!(project.coders.len(), 2);
}
