//! The project: every edit kind with its undo and redo, the editor's checks, the update from a
//! revised table, the file format with its migrations, and the exports.

#![cfg(not(target_arch = "wasm32"))]

mod common;

use proptest::prelude::*;
use regime_lens::core::builtin::telco;
use regime_lens::core::export::{coded_case_json, codings_csv};
use regime_lens::core::model::{Action, Actor, Aspect, Case, Evidence, Period, Symbolic};
use regime_lens::core::open::import_file;
use regime_lens::core::open::{load_file, Loaded};
use regime_lens::core::project::edit::Edit;
use regime_lens::core::project::edit::{Op, Target, ViewSettings};
use regime_lens::core::project::update::preview_update;
use regime_lens::core::project::Project;
use regime_lens::core::report::EditError;

fn edit(op: Op) -> Edit {
    Edit::new(op, "Ana", "2026-11-23T10:00:00Z")
}

fn relabel(action: &str, kind: Symbolic, memo: Option<&str>) -> Edit {
    edit(Op::Relabel {
        action: action.into(),
        kind,
        memo: memo.map(String::from),
    })
}

/// A small case: two groups, two periods, T1 → I1 → T2.
fn small() -> Case {
    let text = std::fs::read_to_string(common::manifest_dir().join("tests/fixtures/project-v2.json")).expect("fixture");
    let value: serde_json::Value = serde_json::from_str(&text).expect("json");
    import_file("small.json", value["case"].to_string().as_bytes())
        .expect("imports")
        .case
}

fn action(id: &str, actor: &str, period: &str, triggers: &[&str]) -> Action {
    Action {
        id: id.into(),
        actor: actor.into(),
        period: period.into(),
        description: format!("what {id} did"),
        symbolic: Symbolic::Conformity,
        symbolic_note: String::new(),
        aim: String::new(),
        aspect: None,
        triggers: triggers.iter().map(|t| t.to_string()).collect(),
        external_triggers: Vec::new(),
        consequence: String::new(),
        impact: String::new(),
        date: None,
        order: None,
        evidence: Vec::new(),
    }
}

/// Applies an edit, checks that undo gives back the project before it and redo the one after.
fn apply_undo_redo(p: &mut Project, e: Edit) {
    let before = p.clone();
    p.apply(e.clone()).unwrap_or_else(|err| panic!("{e:?} applies: {err}"));
    let after = p.clone();
    assert_eq!(p.undo().expect("undo"), e);
    assert_eq!(*p.case, *before.case, "undo restores the case");
    assert_eq!(
        (&p.coding, &p.aspects, &p.retired),
        (&before.coding, &before.aspects, &before.retired)
    );
    assert_eq!((&p.name, &p.view), (&before.name, &before.view));
    p.redo().expect("redo");
    assert_eq!(*p.case, *after.case, "redo replays the case");
    assert_eq!(
        (&p.coding, &p.aspects, &p.retired),
        (&after.coding, &after.aspects, &after.retired)
    );
    assert_eq!((&p.name, &p.view), (&after.name, &after.view));
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
    p.apply(Edit::new(
        Op::Memo {
            action: "AM4".into(),
            memo: "On reflection: partly.".into(),
        },
        "Ben",
        "t2",
    ))
    .expect("memo");
    assert_eq!(p.coding["AM4"].memo, "On reflection: partly.");
    assert_eq!(p.coding["AM4"].coder, "Ana", "the recode stays Ana's");
    p.apply(edit(Op::Reset { action: "AM4".into() })).expect("reset");
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
    let anonymous = Edit::new(
        Op::Relabel {
            action: "AM4".into(),
            kind: Symbolic::Advocacy,
            memo: None,
        },
        " ",
        "t",
    );
    assert_eq!(p.apply(anonymous), Err(EditError::NoCoder));
    assert_eq!(p.undo(), Err(EditError::NothingToUndo));
    assert_eq!(p, before);
}

#[test]
fn the_aspect_is_recoded_like_the_kind_and_shows_in_the_exports() {
    let mut p = Project::new("p", "TelCo", telco());
    let original = p.case.action("AM4").and_then(|a| a.aspect);
    assert_ne!(original, Some(Aspect::ValuationScheme));
    let e = edit(Op::RecodeAspect {
        action: "AM4".into(),
        aspect: Some(Aspect::ValuationScheme),
        memo: Some("about targets".into()),
    });
    assert_eq!(e.describe(), "AM4 aspect coded valuation scheme");
    apply_undo_redo(&mut p, e);
    assert_eq!(p.current_aspect("AM4"), Some(Some(Aspect::ValuationScheme)));
    assert_eq!(
        p.case.action("AM4").and_then(|a| a.aspect),
        original,
        "the original stays"
    );
    let listed = p.aspect_recoded();
    assert_eq!(listed.len(), 1);
    assert_eq!(
        (listed[0].0, listed[0].2.coder.as_str(), listed[0].2.memo.as_str()),
        ("AM4", "Ana", "about targets")
    );
    let csv = codings_csv(&p.case, &p.coding, &p.aspects);
    let am4 = csv.lines().find(|l| l.starts_with("AM4,")).expect("row");
    assert!(
        am4.contains(",valuation_scheme,yes,Ana,2026-11-23T10:00:00Z,about targets,"),
        "{am4}"
    );
    let coded = import_file("c.json", coded_case_json(&p.case, &p.coding, &p.aspects).as_bytes())
        .expect("imports")
        .case;
    assert_eq!(
        coded.action("AM4").and_then(|a| a.aspect),
        Some(Aspect::ValuationScheme)
    );
    // The regime matrix counts AM4 under its new aspect.
    let prepared = regime_lens::core::analysis::Prepared::new(&p.case);
    let analysis = prepared.analyze_coded(&p.case, &p.kinds(), &p.current_aspects());
    let cell = analysis
        .regime_matrix
        .cells
        .iter()
        .find(|c| c.aspect == Aspect::ValuationScheme && c.actions.iter().any(|a| a == "AM4"));
    assert!(cell.is_some(), "AM4 counts under valuation scheme");
    // Reset, and a second reset is refused.
    p.apply(edit(Op::ResetAspect { action: "AM4".into() })).expect("reset");
    assert_eq!(p.current_aspect("AM4"), Some(original));
    assert!(p.apply(edit(Op::ResetAspect { action: "AM4".into() })).is_err());
}

#[test]
fn an_action_is_added_with_a_new_actor_group_and_period_and_edited() {
    let mut p = Project::new("p", "Small", small());
    let mut a = action("N1", "Newcomers", "Three", &["T2"]);
    a.date = Some("2013-Q2".into());
    a.order = Some(4.5);
    a.external_triggers = vec!["A memo from HQ".into()];
    let add = edit(Op::AddAction {
        action: a.clone(),
        new_actor: true,
        new_period: true,
    });
    apply_undo_redo(&mut p, add);
    assert_eq!(p.case.actions.last().map(|a| a.id.as_str()), Some("N1"));
    assert_eq!(p.case.actor("Newcomers").map(|a| a.name.as_str()), Some("Newcomers"));
    assert_eq!(p.case.periods.last().map(|x| x.id.as_str()), Some("Three"));

    // Every field can be edited; a changed kind becomes a recode with its provenance.
    let mut changed = p.case.action("N1").cloned().expect("N1");
    changed.description = "Did something else".into();
    changed.symbolic = Symbolic::Advocacy;
    changed.symbolic_note = "Only the good side".into();
    changed.aim = "Gain authority".into();
    changed.aspect = Some(Aspect::AuthorityArrangements);
    changed.triggers = vec!["T1".into(), "I1".into()];
    changed.consequence = "T2 follows".into();
    changed.impact = "Authority moves".into();
    changed.date = Some("2013-05".into());
    changed.order = Some(7.0);
    changed.actor = "I".into();
    changed.period = "P2".into();
    let update = edit(Op::UpdateAction {
        id: "N1".into(),
        action: changed.clone(),
        new_actor: false,
        new_period: false,
    });
    apply_undo_redo(&mut p, update);
    let now = p.case.action("N1").cloned().expect("N1");
    assert_eq!(now.description, "Did something else");
    assert_eq!((now.actor.as_str(), now.period.as_str()), ("I", "P2"));
    assert_eq!(now.triggers, vec!["T1", "I1"]);
    assert_eq!(now.symbolic, Symbolic::Conformity, "the original kind stays");
    assert_eq!(
        p.current_kind("N1"),
        Some(Symbolic::Advocacy),
        "the new kind is a recode"
    );
    assert_eq!(p.current_aspect("N1"), Some(Some(Aspect::AuthorityArrangements)));
    assert_eq!(p.coding["N1"].coder, "Ana");
}

#[test]
fn renaming_an_action_carries_its_triggers_and_codings() {
    let mut p = Project::new("p", "Small", small());
    p.apply(relabel("I1", Symbolic::Substantive, Some("meant it")))
        .expect("relabel");
    let mut renamed = p.case.action("I1").cloned().expect("I1");
    renamed.id = "I1a".into();
    renamed.symbolic = Symbolic::Substantive; // as the editor shows it: the current kind
    apply_undo_redo(
        &mut p,
        edit(Op::UpdateAction {
            id: "I1".into(),
            action: renamed,
            new_actor: false,
            new_period: false,
        }),
    );
    assert!(p.case.action("I1").is_none());
    assert_eq!(
        p.case.action("T2").map(|a| a.triggers.clone()),
        Some(vec!["I1a".to_string()])
    );
    assert_eq!(p.current_kind("I1a"), Some(Symbolic::Substantive));
    assert_eq!(p.coding["I1a"].memo, "meant it");
    assert_eq!(p.case.actions[1].id, "I1a", "it keeps its place in the table");
}

#[test]
fn the_editor_refuses_what_the_importer_would_refuse_naming_the_field() {
    let mut p = Project::new("p", "Small", small());
    let before = p.clone();
    let add = |a: Action| {
        edit(Op::AddAction {
            action: a,
            new_actor: false,
            new_period: false,
        })
    };
    let cases: Vec<(Action, &str, &str)> = vec![
        (action("T1", "T", "P1", &[]), "Id", "is the id of another action"),
        (action("", "T", "P1", &[]), "Id", "give the action an id"),
        (action("X;1", "T", "P1", &[]), "Id", "cannot contain"),
        (
            action("X1", "Nobody", "P1", &[]),
            "Actor",
            "unknown actor group \"Nobody\" (known: I, T)",
        ),
        (
            action("X1", "T", "P9", &[]),
            "Period",
            "unknown period \"P9\" (known: P1, P2)",
        ),
        (
            action("X1", "T", "P1", &["Z9"]),
            "Triggers",
            "no action has the id \"Z9\"",
        ),
        (action("X1", "T", "P1", &["X1"]), "Triggers", "cannot trigger itself"),
        (action("X1", "T", "P1", &["T1", "T1"]), "Triggers", "listed twice"),
        (
            Action {
                date: Some("2013-13".into()),
                ..action("X1", "T", "P1", &[])
            },
            "Date",
            "invalid date \"2013-13\"",
        ),
        (
            Action {
                order: Some(f64::NAN),
                ..action("X1", "T", "P1", &[])
            },
            "Order",
            "write a number",
        ),
    ];
    for (a, field, words) in cases {
        let err = p.apply(add(a.clone())).expect_err("refused");
        assert_eq!(err.field(), Some(field), "{a:?}: {err}");
        assert!(err.to_string().contains(words), "{err}");
        assert_eq!(p, before, "nothing changed");
    }
}

#[test]
fn deleting_an_action_drops_or_rewires_its_followers_triggers() {
    let case = small();
    // Drop: T2 loses I1 as a trigger.
    let mut p = Project::new("p", "Small", case.clone());
    p.apply(relabel("I1", Symbolic::Substantive, Some("m")))
        .expect("relabel");
    apply_undo_redo(
        &mut p,
        edit(Op::DeleteAction {
            id: "I1".into(),
            rewire: false,
        }),
    );
    assert!(p.case.action("I1").is_none());
    assert!(p.case.action("T2").is_some_and(|a| a.triggers.is_empty()));
    // Its coding is kept aside and can be restored, action and all.
    assert_eq!(p.retired.len(), 1);
    assert_eq!(p.retired[0].coding.as_ref().map(|e| e.memo.as_str()), Some("m"));
    apply_undo_redo(&mut p, edit(Op::RestoreRetired { index: 0 }));
    assert_eq!(p.current_kind("I1"), Some(Symbolic::Substantive));
    assert!(p.retired.is_empty());

    // Rewire: T2 takes I1's own trigger T1.
    let mut p = Project::new("p", "Small", case);
    apply_undo_redo(
        &mut p,
        edit(Op::DeleteAction {
            id: "I1".into(),
            rewire: true,
        }),
    );
    assert_eq!(
        p.case.action("T2").map(|a| a.triggers.clone()),
        Some(vec!["T1".to_string()])
    );
}

#[test]
fn actors_and_periods_are_added_renamed_merged_and_reordered() {
    let mut p = Project::new("p", "Small", small());
    let new_actor = Actor {
        id: "M".into(),
        name: "Management".into(),
        role: "management".into(),
        memo: String::new(),
    };
    apply_undo_redo(&mut p, edit(Op::AddActor { actor: new_actor }));
    apply_undo_redo(
        &mut p,
        edit(Op::RenameActor {
            id: "M".into(),
            name: "Higher management".into(),
        }),
    );
    apply_undo_redo(
        &mut p,
        edit(Op::SetActorRole {
            id: "I".into(),
            role: "incumbents (account managers)".into(),
        }),
    );
    apply_undo_redo(
        &mut p,
        edit(Op::SetMemo {
            target: Target::Actor("T".into()),
            memo: "Two teams".into(),
        }),
    );
    apply_undo_redo(
        &mut p,
        edit(Op::MergeActors {
            from: "T".into(),
            into: "M".into(),
        }),
    );
    assert!(p.case.actor("T").is_none());
    assert!(p
        .case
        .actions
        .iter()
        .filter(|a| a.id.starts_with('T'))
        .all(|a| a.actor == "M"));
    assert_eq!(
        p.case.actor("M").map(|a| a.memo.as_str()),
        Some("Two teams"),
        "the memo follows"
    );
    let duplicate = p.apply(edit(Op::AddActor {
        actor: Actor {
            id: "M".into(),
            name: String::new(),
            role: String::new(),
            memo: String::new(),
        },
    }));
    assert_eq!(duplicate.expect_err("refused").field(), Some("Actor"));

    let period = Period {
        id: "P0".into(),
        name: "Before".into(),
        start: Some("2011".into()),
        end: None,
        impact: Default::default(),
        memo: String::new(),
    };
    apply_undo_redo(&mut p, edit(Op::AddPeriod { period }));
    apply_undo_redo(&mut p, edit(Op::MovePeriod { id: "P0".into(), to: 0 }));
    assert_eq!(
        p.case.periods.iter().map(|x| x.id.as_str()).collect::<Vec<_>>(),
        vec!["P0", "P1", "P2"]
    );
    apply_undo_redo(
        &mut p,
        edit(Op::RenamePeriod {
            id: "P1".into(),
            name: "Attempted collaboration".into(),
        }),
    );
    apply_undo_redo(
        &mut p,
        edit(Op::SetPeriodDates {
            id: "P1".into(),
            start: Some("2012-01".into()),
            end: Some("2012-Q3".into()),
        }),
    );
    apply_undo_redo(
        &mut p,
        edit(Op::SetPeriodImpact {
            id: "P1".into(),
            aspect: Aspect::ValuationScheme,
            text: "Leads start to count".into(),
        }),
    );
    apply_undo_redo(
        &mut p,
        edit(Op::SetMemo {
            target: Target::Period("P1".into()),
            memo: "Ask Kate".into(),
        }),
    );
    apply_undo_redo(
        &mut p,
        edit(Op::SetMemo {
            target: Target::Case,
            memo: "Second round of coding".into(),
        }),
    );
    let p1 = p.case.period("P1").cloned().expect("P1");
    assert_eq!(
        (p1.name.as_str(), p1.start.as_deref(), p1.end.as_deref()),
        ("Attempted collaboration", Some("2012-01"), Some("2012-Q3"))
    );
    assert_eq!(
        p1.impact.get(&Aspect::ValuationScheme).map(String::as_str),
        Some("Leads start to count")
    );
    let backwards = p.apply(edit(Op::SetPeriodDates {
        id: "P2".into(),
        start: Some("2014".into()),
        end: Some("2013".into()),
    }));
    assert_eq!(backwards.expect_err("refused").field(), Some("End"));
    let bad = p.apply(edit(Op::SetPeriodDates {
        id: "P2".into(),
        start: Some("spring".into()),
        end: None,
    }));
    assert_eq!(bad.expect_err("refused").field(), Some("Start"));
}

#[test]
fn evidence_is_attached_and_removed_and_travels_in_exports() {
    let mut p = Project::new("p", "Small", small());
    let quote = Evidence {
        text: "We just click through the CLM screens".into(),
        source: "Interview AM 3".into(),
        location: "p. 4".into(),
        passage: None,
    };
    apply_undo_redo(
        &mut p,
        edit(Op::AddEvidence {
            action: "I1".into(),
            evidence: quote.clone(),
        }),
    );
    assert_eq!(
        p.case.action("I1").map(|a| a.evidence.clone()),
        Some(vec![quote.clone()])
    );
    let csv = codings_csv(&p.case, &p.coding, &p.aspects);
    assert!(
        csv.contains("“We just click through the CLM screens” (Interview AM 3, p. 4)"),
        "{csv}"
    );
    let coded = import_file("c.json", coded_case_json(&p.case, &p.coding, &p.aspects).as_bytes()).expect("imports");
    assert_eq!(coded.case.action("I1").map(|a| a.evidence.len()), Some(1));
    let back = Project::from_json("p.json", &p.to_json()).expect("reads");
    assert_eq!(back.case.action("I1").map(|a| a.evidence.clone()), Some(vec![quote]));
    let empty = p.apply(edit(Op::AddEvidence {
        action: "I1".into(),
        evidence: Evidence::default(),
    }));
    assert_eq!(empty.expect_err("refused").field(), Some("Quote"));
    apply_undo_redo(
        &mut p,
        edit(Op::RemoveEvidence {
            action: "I1".into(),
            index: 0,
        }),
    );
    assert!(p.case.action("I1").is_some_and(|a| a.evidence.is_empty()));
}

#[test]
fn view_settings_and_the_project_name_are_edits_too() {
    let mut p = Project::new("p", "Small", small());
    let view = ViewSettings {
        series_log: true,
        ..ViewSettings::default()
    };
    apply_undo_redo(&mut p, edit(Op::SetView { view: view.clone() }));
    assert_eq!(p.view, view);
    apply_undo_redo(
        &mut p,
        edit(Op::RenameProject {
            name: "  Round two ".into(),
        }),
    );
    assert_eq!(p.name, "Round two");
    assert!(p.apply(edit(Op::RenameProject { name: " ".into() })).is_err());
    assert_eq!(p.undo.len(), 2, "each is one step of the history");
}

#[test]
fn a_revised_table_is_reviewed_then_applied_keeping_every_coding() {
    let mut p = Project::new("p", "Small", small());
    p.apply(relabel("I1", Symbolic::Substantive, Some("meant it")))
        .expect("relabel");
    p.apply(relabel("T2", Symbolic::Substantive, None)).expect("relabel");
    p.apply(relabel("T1", Symbolic::Conformity, Some("odd")))
        .expect("relabel");
    p.apply(edit(Op::AddEvidence {
        action: "I1".into(),
        evidence: Evidence {
            text: "quote".into(),
            ..Evidence::default()
        },
    }))
    .expect("evidence");
    // The revised table: T1 is gone, I1's description and T2's original kind change, N1 is new.
    // Typed in the app, in fields the revised table has no column for: they stay.
    let mut i1 = p.case.action("I1").cloned().expect("I1");
    i1.symbolic = Symbolic::Substantive; // as the editor shows it: the current kind
    i1.consequence = "Managers stop checking".into();
    i1.date = Some("2012-05".into());
    p.apply(edit(Op::UpdateAction {
        id: "I1".into(),
        action: i1,
        new_actor: false,
        new_period: false,
    }))
    .expect("edit");
    let csv = "id,actor,period,action,symbolic,triggers\n\
               I1,I,P1,Attend training twice,conformity,\n\
               T2,T,P2,Report success,substantive,I1\n\
               N1,Newcomers,P3,Join,conformity,T2\n";
    let imported = import_file("revised.csv", csv.as_bytes()).expect("imports");
    let (revised, columns) = (imported.case, imported.columns);
    let review = preview_update(&p, &revised, true, columns.as_deref());
    assert_eq!(review.added, vec!["N1"]);
    assert_eq!(review.removed, vec!["T1"]);
    assert_eq!(review.retired, vec!["T1"]);
    assert_eq!(review.to_review, vec!["T2"]);
    assert_eq!(review.actors_added, vec!["Newcomers"]);
    assert_eq!(review.periods_added, vec!["P3"]);
    let i1 = review.changed.iter().find(|c| c.id == "I1").expect("I1 changed");
    let fields: Vec<&str> = i1.fields.iter().map(|f| f.field).collect();
    assert_eq!(fields, vec!["Description", "Triggers"]);
    assert_eq!(i1.fields[0].before, "Attend training");
    assert_eq!(i1.fields[0].after, "Attend training twice");
    let before = p.clone();
    apply_undo_redo(
        &mut p,
        edit(Op::UpdateCase {
            case: Box::new(revised),
            from_table: true,
            columns,
        }),
    );
    assert_eq!(p.undo.len(), before.undo.len() + 1, "one undoable edit");
    // Kept: I1's recode, memo and evidence; the case's own names.
    assert_eq!(p.current_kind("I1"), Some(Symbolic::Substantive));
    assert_eq!(p.coding["I1"].memo, "meant it");
    assert_eq!(p.case.action("I1").map(|a| a.evidence.len()), Some(1));
    assert_eq!(p.case.actor("I").map(|a| a.name.as_str()), Some("Incumbents"));
    assert_eq!(p.case.title, "Small study");
    let i1 = p.case.action("I1").cloned().expect("I1");
    assert_eq!(
        (i1.consequence.as_str(), i1.date.as_deref()),
        ("Managers stop checking", Some("2012-05"))
    );
    assert!(
        i1.triggers.is_empty(),
        "the triggers column is there, and empty: a deliberate blank"
    );
    // Flagged, not dropped: T2's recode, whose original changed under it.
    assert!(p.coding["T2"]
        .review
        .as_deref()
        .is_some_and(|r| r.contains("from advocacy to substantive")));
    assert_eq!(p.to_review().len(), 1);
    // Kept aside: T1 with its recode, restorable.
    assert_eq!(p.retired.len(), 1);
    assert_eq!(p.retired[0].action.id, "T1");
    assert_eq!(p.retired[0].why, "not in the revised table");
    p.apply(edit(Op::RestoreRetired { index: 0 })).expect("restore");
    assert_eq!(p.current_kind("T1"), Some(Symbolic::Conformity));
    assert_eq!(p.coding["T1"].memo, "odd");
}

#[test]
fn project_files_of_versions_1_and_2_are_migrated() {
    let read = |name: &str| {
        let path = common::manifest_dir().join("tests/fixtures").join(name);
        let bytes = std::fs::read(path).expect("fixture");
        match load_file(name, &bytes) {
            Ok(Loaded::Project(p, _)) => *p,
            other => panic!("a project: {other:?}"),
        }
    };
    let p = read("project-v1.json");
    assert_eq!(p.name, "TelCo, my first coding");
    assert_eq!(p.current_kind("AM4"), Some(Symbolic::Substantive));
    assert_eq!(p.current_kind("DS4"), Some(Symbolic::Advocacy));
    assert_eq!(p.coding["AM4"].memo, "Kate's team may have believed in it.");
    assert!(p.coding["DS4"].coder.contains("format 1"));
    assert!(p.undo.is_empty());

    let mut p = read("project-v2.json");
    assert_eq!(
        (p.id.as_str(), p.name.as_str(), p.revision),
        ("p1763900000000-123456", "Small study", 1)
    );
    assert!(p.view.network_force);
    assert_eq!(p.current_kind("I1"), Some(Symbolic::Substantive));
    assert_eq!(p.undo.len(), 1);
    assert_eq!(p.undo[0].edit.coder, "Ana");
    // Its history still undoes and redoes.
    p.undo().expect("undo");
    assert_eq!(p.current_kind("I1"), Some(Symbolic::Conformity));
    p.redo().expect("redo");
    assert_eq!(p.coding["I1"].memo, "They meant it.");
    // Saved again, it is a version 3 project that reads back the same.
    let json = p.to_json();
    assert!(json.contains("\"version\":3"));
    assert_eq!(Project::from_json("again.json", &json).expect("reads"), p);
}

#[test]
fn an_unknown_project_version_is_refused_with_its_number() {
    let text = Project::new("p", "n", telco())
        .to_json()
        .replace("\"version\":3", "\"version\":9");
    let err = Project::from_json("p.json", &text).expect_err("refused");
    assert!(
        err.to_string().contains("project format version 9 is not supported"),
        "{err}"
    );
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
    let csv = codings_csv(&p.case, &p.coding, &p.aspects);
    let lines: Vec<&str> = csv.lines().collect();
    assert!(
        lines[0].starts_with("\u{feff}id,original_kind,current_kind,recoded,coder,time,memo,"),
        "a UTF-8 byte order mark first, for Excel"
    );
    assert_eq!(lines.len(), 23);
    let am4 = lines.iter().find(|l| l.starts_with("AM4,")).expect("AM4 row");
    assert!(
        am4.starts_with(
            "AM4,conformity,substantive,yes,Ana,2026-11-23T10:00:00Z,\"'=HYPERLINK(\"\"http://x\"\",\"\"click\"\")\""
        ),
        "{am4}"
    );
    // The case exported with the coding applied imports as a case with AM4 substantive.
    let exported = import_file("coded.json", coded_case_json(&p.case, &p.coding, &p.aspects).as_bytes())
        .expect("imports")
        .case;
    assert_eq!(exported.action("AM4").map(|a| a.symbolic), Some(Symbolic::Substantive));
    assert!(exported.action("AM4").is_some_and(|a| a
        .symbolic_note
        .contains("Recoded from conformity to substantive by Ana")));
}

/// A random edit, read against the project as it is when it is applied.
#[derive(Debug, Clone)]
struct Pick {
    what: u8,
    a: usize,
    b: usize,
    c: u8,
}

fn pick_strategy() -> impl Strategy<Value = Pick> {
    (0u8..22, 0usize..64, 0usize..64, 0u8..6).prop_map(|(what, a, b, c)| Pick { what, a, b, c })
}

fn to_edit(p: &Project, k: &Pick) -> Edit {
    let case = &p.case;
    let nth = |n: usize| {
        case.actions
            .get(n % case.actions.len().max(1))
            .map(|a| a.id.clone())
            .unwrap_or_default()
    };
    let actor = |n: usize| {
        case.actors
            .get(n % case.actors.len().max(1))
            .map(|a| a.id.clone())
            .unwrap_or_default()
    };
    let period = |n: usize| {
        case.periods
            .get(n % case.periods.len().max(1))
            .map(|x| x.id.clone())
            .unwrap_or_default()
    };
    let kind = Symbolic::ALL[usize::from(k.c) % 3];
    let aspect = (k.c < 3).then(|| Aspect::ALL[usize::from(k.c)]);
    let op = match k.what {
        0 => Op::Relabel {
            action: nth(k.a),
            kind,
            memo: k.b.is_multiple_of(2).then(|| format!("memo {}", k.b)),
        },
        1 => Op::Memo {
            action: nth(k.a),
            memo: format!("note {}", k.b),
        },
        2 => Op::Reset { action: nth(k.a) },
        3 => Op::RecodeAspect {
            action: nth(k.a),
            aspect,
            memo: None,
        },
        4 => Op::ResetAspect { action: nth(k.a) },
        5 => {
            let mut a = action(&format!("N{}", k.a), &actor(k.b), &period(k.b), &[]);
            if !case.actions.is_empty() && k.c.is_multiple_of(2) {
                a.triggers = vec![nth(k.b)];
            }
            Op::AddAction {
                action: a,
                new_actor: k.c == 5,
                new_period: k.c == 4,
            }
        }
        6 => {
            let id = nth(k.a);
            let mut a = case.action(&id).cloned().unwrap_or_else(|| action("X", "I", "P1", &[]));
            a.description = format!("edited {}", k.b);
            a.symbolic = kind;
            if k.c.is_multiple_of(3) {
                a.id = format!("{id}r");
            }
            Op::UpdateAction {
                id,
                action: a,
                new_actor: false,
                new_period: false,
            }
        }
        7 => Op::DeleteAction {
            id: nth(k.a),
            rewire: k.c.is_multiple_of(2),
        },
        8 => Op::RestoreRetired { index: k.a % 3 },
        9 => Op::AddEvidence {
            action: nth(k.a),
            evidence: Evidence {
                text: format!("quote {}", k.b),
                ..Evidence::default()
            },
        },
        10 => Op::RemoveEvidence {
            action: nth(k.a),
            index: k.b % 2,
        },
        11 => Op::AddActor {
            actor: Actor {
                id: format!("G{}", k.a),
                name: String::new(),
                role: String::new(),
                memo: String::new(),
            },
        },
        12 => Op::RenameActor {
            id: actor(k.a),
            name: format!("Group {}", k.b),
        },
        13 => Op::MergeActors {
            from: actor(k.a),
            into: actor(k.b),
        },
        14 => Op::AddPeriod {
            period: Period {
                id: format!("Q{}", k.a),
                name: String::new(),
                start: None,
                end: None,
                impact: Default::default(),
                memo: String::new(),
            },
        },
        15 => Op::MovePeriod {
            id: period(k.a),
            to: k.b % 4,
        },
        16 => Op::SetPeriodDates {
            id: period(k.a),
            start: Some(format!("{}", 2010 + k.b % 4)),
            end: k.c.is_multiple_of(2).then(|| format!("{}", 2014 + k.b % 3)),
        },
        17 => Op::SetPeriodImpact {
            id: period(k.a),
            aspect: Aspect::ALL[usize::from(k.c) % 3],
            text: if k.b.is_multiple_of(3) {
                String::new()
            } else {
                format!("impact {}", k.b)
            },
        },
        18 => Op::SetMemo {
            target: match k.c % 3 {
                0 => Target::Case,
                1 => Target::Actor(actor(k.a)),
                _ => Target::Period(period(k.a)),
            },
            memo: format!("memo {}", k.b),
        },
        19 => Op::SetView {
            view: ViewSettings {
                network_force: k.b.is_multiple_of(2),
                reinforcing_links: k.c.is_multiple_of(2),
                series_log: k.a.is_multiple_of(2),
                with_mentions: k.c >= 3,
            },
        },
        20 => Op::RenameProject {
            name: format!("Project {}", k.a % 5),
        },
        _ => {
            // A revision: the case without one action, with another's kind changed.
            let mut revised = (**case).clone();
            if !revised.actions.is_empty() {
                let gone = nth(k.a);
                revised.actions.retain(|a| a.id != gone);
                for a in &mut revised.actions {
                    a.triggers.retain(|t| *t != gone);
                }
                let n = revised.actions.len();
                if n > 0 {
                    revised.actions[k.b % n].symbolic = kind;
                }
            }
            Op::UpdateCase {
                case: Box::new(revised),
                from_table: k.c.is_multiple_of(2),
                columns: k.c.is_multiple_of(3).then(|| {
                    ["id", "actor", "period", "action", "symbolic"]
                        .map(String::from)
                        .to_vec()
                }),
            }
        }
    };
    Edit::new(op, if k.b % 7 == 6 { "" } else { "Ana" }, format!("t{}", k.a))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn any_edits_then_as_many_undos_give_back_the_start(picks in prop::collection::vec(pick_strategy(), 0..40), telco_case in any::<bool>()) {
        let start = Project::new("p", "Start", if telco_case { telco() } else { small() });
        let mut p = start.clone();
        for k in &picks {
            let e = to_edit(&p, k);
            let before = p.clone();
            if p.apply(e).is_err() {
                prop_assert_eq!(&p, &before, "a refused edit changes nothing");
            }
        }
        let after = p.clone();
        let applied = p.undo.len();
        for _ in 0..applied {
            p.undo().expect("undo");
        }
        prop_assert_eq!(&*p.case, &*start.case);
        prop_assert_eq!(&p.coding, &start.coding);
        prop_assert_eq!(&p.aspects, &start.aspects);
        prop_assert_eq!(&p.retired, &start.retired);
        prop_assert_eq!((&p.name, &p.view), (&start.name, &start.view));
        for _ in 0..applied {
            p.redo().expect("redo");
        }
        prop_assert_eq!(&*p.case, &*after.case);
        prop_assert_eq!(&p.coding, &after.coding);
        prop_assert_eq!(&p.aspects, &after.aspects);
        prop_assert_eq!(&p.retired, &after.retired);
        prop_assert_eq!(&p.undo, &after.undo);
    }

    #[test]
    fn a_project_survives_a_json_round_trip(picks in prop::collection::vec(pick_strategy(), 0..25), undos in 0usize..5) {
        let mut p = Project::new("p-1", "TelCo ✓ \"quoted\"", small());
        for k in &picks {
            let e = to_edit(&p, k);
            let _ = p.apply(e);
        }
        for _ in 0..undos {
            let _ = p.undo();
        }
        let back = Project::from_json("p.json", &p.to_json()).expect("reads back");
        prop_assert_eq!(back, p);
    }
}

/// A recode made before a coder name was given is kept as unnamed, and named later in one
/// undoable edit.
#[test]
fn unnamed_codings_are_kept_and_named_later() {
    use regime_lens::core::coding::UNNAMED_CODER;
    let mut p = Project::new("p", "TelCo", telco());
    p.apply(Edit::new(
        Op::Relabel {
            action: "AM4".into(),
            kind: Symbolic::Substantive,
            memo: None,
        },
        UNNAMED_CODER,
        "2026-11-25T10:00:00Z",
    ))
    .expect("applied without a name");
    p.apply(Edit::new(
        Op::RecodeAspect {
            action: "DS5".into(),
            aspect: Some(Aspect::AuthorityArrangements),
            memo: None,
        },
        UNNAMED_CODER,
        "2026-11-25T10:01:00Z",
    ))
    .expect("applied");
    assert_eq!(p.coding["AM4"].coder, UNNAMED_CODER);
    let name = |to: &str| {
        edit(Op::NameCoder {
            from: UNNAMED_CODER.into(),
            to: to.into(),
        })
    };
    assert!(p.apply(name("  ")).is_err(), "a name is needed");
    p.apply(name("Ana")).expect("named");
    assert_eq!(
        (p.coding["AM4"].coder.as_str(), p.aspects["DS5"].coder.as_str()),
        ("Ana", "Ana")
    );
    assert!(p.apply(name("Ana")).is_err(), "nothing unnamed is left");
    p.undo().expect("undo");
    assert_eq!(p.coding["AM4"].coder, UNNAMED_CODER);
    assert_eq!(
        p.current_kind("AM4"),
        Some(Symbolic::Substantive),
        "the recode itself stays"
    );
}
