//! What follows from a file once read, decided in the core (`core::open`) so that the app only
//! shows it: the format a file is recognised as, what an opened file becomes, which coders' files
//! fit the open case; and the other decisions moved out of the UI store: a revision under review,
//! the tour that goes with a case, what an edit changed, the unnamed coder.
#![cfg(not(target_arch = "wasm32"))]

use regime_lens::core::analysis::sensitivity::change_after_edit;
use regime_lens::core::analysis::{coded_kinds, Prepared};
use regime_lens::core::builtin::{telco, TELCO_JSON};
use regime_lens::core::coding::{coder_name, CoderCoding, Labels, UNNAMED_CODER};
use regime_lens::core::model::Symbolic;
use regime_lens::core::open::{coders_from_files, load_file, opened, recognise, Format, Loaded};
use regime_lens::core::project::edit::{Edit, Op};
use regime_lens::core::project::qdpx::qdpx;
use regime_lens::core::project::update::Revision;
use regime_lens::core::project::Project;
use regime_lens::core::report::{ImportError, ImportErrorKind, Level, Note};
use regime_lens::core::tour::{read_tour, telco_tour, tour_for};
use std::collections::BTreeMap;
use std::sync::Arc;

/// The time of the exports.
const AT: &str = "2026-12-05T09:30:00Z";

fn fixture(path: &str) -> Vec<u8> {
    std::fs::read(format!("{}/tests/fixtures/{path}", env!("CARGO_MANIFEST_DIR"))).expect("fixture")
}

fn relabel(action: &str, kind: Symbolic, coder: &str) -> Edit {
    Edit::new(
        Op::Relabel {
            action: action.into(),
            kind,
            memo: None,
        },
        coder,
        "2026-12-05T10:00:00Z",
    )
}

#[test]
fn every_accepted_file_is_recognised_by_its_name_then_its_content() {
    let project = Project::new("p1", "TelCo", telco());
    let cases = [
        ("telco.qdpx", qdpx(&project, AT), Format::Qdpx),
        ("upload", qdpx(&project, AT), Format::Qdpx),
        ("p.json", project.to_json().into_bytes(), Format::Project),
        ("p.txt", project.to_json().into_bytes(), Format::Project),
        ("telco.json", TELCO_JSON.to_vec(), Format::Json),
        ("telco", TELCO_JSON.to_vec(), Format::Json),
        ("a.csv", b"{not json".to_vec(), Format::Table),
        ("a.tsv", b"id\tactor".to_vec(), Format::Table),
        ("book.xlsx", fixture("good/telco-workbook.xlsx"), Format::Workbook),
        ("upload", fixture("good/telco-workbook.xlsx"), Format::Workbook),
        ("old", vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1], Format::Workbook),
        ("table", b"id,actor,period,action".to_vec(), Format::Table),
        // The byte order mark is skipped, and only it: a stray byte EF is no mark.
        ("bom", b"\xEF\xBB\xBF  {\"format\":1}".to_vec(), Format::Json),
        ("stray", b"\xEF{\"format\":1}".to_vec(), Format::Table),
    ];
    for (name, bytes, format) in cases {
        assert_eq!(recognise(name, &bytes), format, "{name}");
    }
}

#[test]
fn an_opened_case_starts_a_new_project_and_says_what_it_holds() {
    let loaded = load_file("warnings.csv", &fixture("good/warnings.csv")).expect("reads");
    let warnings = loaded.warnings().len();
    assert!(warnings > 0, "the fixture has warnings");
    let file = opened("warnings.csv", b"", loaded.clone(), "p-new");
    let Loaded::Case(imported) = loaded else {
        panic!("a case")
    };
    assert_eq!(file.project.id, "p-new");
    assert_eq!(file.project.name, imported.case.title);
    assert_eq!(*file.project.case, imported.case);
    assert_eq!(file.workbook, None);
    assert_eq!(file.notes.len(), 1 + warnings);
    assert_eq!(
        file.notes[0],
        Note::new(
            Level::Info,
            format!(
                "Opened warnings.csv: {} actions, {} actors, {} periods, 0 recodes, {warnings} warnings.",
                imported.case.actions.len(),
                imported.case.actors.len(),
                imported.case.periods.len()
            )
        )
    );
    for (note, warning) in file.notes[1..].iter().zip(&imported.warnings) {
        assert_eq!(
            *note,
            Note::new(Level::Warning, format!("{}: {}", warning.at, warning.kind))
        );
    }
}

/// A TelCo project with AM4 recoded substantive by ana.
fn recoded(id: &str, name: &str) -> Project {
    let mut project = Project::new(id, name, telco());
    project
        .apply(relabel("AM4", Symbolic::Substantive, "ana"))
        .expect("recodes");
    project
}

#[test]
fn an_opened_project_keeps_its_identity_and_a_workbook_offers_its_other_sheets() {
    let project = recoded("p-saved", "Saved");
    let json = project.to_json();
    let file = opened(
        "saved.json",
        json.as_bytes(),
        load_file("saved.json", json.as_bytes()).expect("reads"),
        "p-new",
    );
    assert_eq!(file.project, project, "opened as it was saved, not as a new project");
    assert!(file.notes[0].text.contains("1 recodes"), "{:?}", file.notes);

    let bytes = fixture("good/telco-workbook.xlsx");
    let loaded = load_file("book.xlsx", &bytes).expect("reads");
    let file = opened("book.xlsx", &bytes, loaded, "p-book");
    let book = file.workbook.expect("several sheets");
    assert_eq!(book.name, "book.xlsx");
    assert_eq!(*book.bytes, bytes);
    assert!(book.sheets.len() >= 2, "{:?}", book.sheets);
    assert!(
        file.project.case.title.ends_with(&format!("({})", book.chosen())),
        "the sheet read comes first"
    );
    let mut others = book.sheets[1..].to_vec();
    others.sort();
    others.dedup();
    assert_eq!(others.len(), book.sheets.len() - 1, "each other sheet once");
    assert!(!others.iter().any(|s| s == book.chosen()));
}

fn coding(coder: &str, ids: &[&str]) -> CoderCoding {
    CoderCoding {
        coder: coder.into(),
        source: format!("{coder}.csv"),
        labels: ids
            .iter()
            .map(|id| {
                (
                    id.to_string(),
                    Labels {
                        kind: Symbolic::Substantive,
                        aspect: None,
                        triggers: None,
                        memo: String::new(),
                    },
                )
            })
            .collect(),
    }
}

#[test]
fn coders_files_are_matched_by_id_and_the_projects_own_coding_joins_the_first_time() {
    let project = Project::new("p1", "TelCo", telco());
    let all: Vec<&str> = project.case.actions.iter().map(|a| a.id.as_str()).collect();
    let refused = ImportError::in_file("x.csv", ImportErrorKind::Empty);
    let files = vec![
        ("x.csv".to_string(), Err(refused.clone())),
        ("other.csv".to_string(), Ok(coding("other", &["Z1", "Z2"]))),
        ("bob.csv".to_string(), Ok(coding("bob", &["AM4", "DS5", "Z9"]))),
        ("ana.csv".to_string(), Ok(coding("ana", &all))),
        ("ana2.csv".to_string(), Ok(coding("ana", &all[..3]))),
    ];
    let (coders, notes) = coders_from_files(&project, files, "  Lead  ");
    let names: Vec<&str> = coders.iter().map(|c| c.coder.as_str()).collect();
    assert_eq!(
        names,
        vec!["Lead", "bob", "ana"],
        "own coding first; a later file of ana replaces hers"
    );
    assert_eq!(coders[2].labels.len(), 3);
    assert_eq!(coders[0], project.own_coding("Lead"));
    let said: Vec<(Level, &str)> = notes.iter().map(|n| (n.level, n.text.as_str())).collect();
    assert_eq!(said[0], (Level::Error, format!("Not added. {refused}").as_str()));
    assert_eq!(said[1].0, Level::Error);
    assert!(
        said[1].1.contains("other.csv: none of its 2 action ids"),
        "{}",
        said[1].1
    );
    assert_eq!(said[2].0, Level::Warning);
    assert!(
        said[2]
            .1
            .starts_with("bob.csv: 2 of the case's 22 actions matched by id; 1 of its ids are not in the case."),
        "{}",
        said[2].1
    );
    assert_eq!(said[3].0, Level::Warning, "ana2 matches only 3");
    assert_eq!(notes.len(), 4, "ana matches every action: nothing to say");

    // Without a name the own coding is "this project"; once coders are in the project, it is
    // not added again.
    let (coders, _) = coders_from_files(&project, vec![("bob.csv".into(), Ok(coding("bob", &all)))], " ");
    assert_eq!(coders[0].coder, "this project");
    let mut with_coders = project.clone();
    with_coders
        .apply(Edit::new(Op::AddCoders { coders }, "", ""))
        .expect("adds");
    let (coders, _) = coders_from_files(&with_coders, vec![("cy.csv".into(), Ok(coding("cy", &all)))], "Lead");
    assert_eq!(coders.iter().map(|c| c.coder.as_str()).collect::<Vec<_>>(), vec!["cy"]);
    // Nothing readable: nothing added, not even the own coding.
    let (coders, notes) = coders_from_files(&project, vec![("x.csv".into(), Err(refused))], "Lead");
    assert!(coders.is_empty());
    assert_eq!(notes.len(), 1);
    assert_eq!(coder_name("team/ana.csv"), "ana");
}

#[test]
fn a_revision_under_review_applies_as_one_edit_and_says_what_it_did() {
    let mut project = recoded("p1", "TelCo");
    let mut revised = telco();
    revised.actions.retain(|a| a.id != "DS11");
    let am4 = revised.actions.iter_mut().find(|a| a.id == "AM4").expect("AM4");
    am4.symbolic = Symbolic::Advocacy;
    let columns: Vec<String> = ["id", "actor", "period", "action", "symbolic"]
        .map(String::from)
        .to_vec();
    let revision = Revision::of(&project, "revised.csv", revised.clone(), Some(columns.clone()));
    assert!(revision.from_table);
    assert_eq!(revision.review.removed, vec!["DS11"]);
    assert_eq!(revision.review.to_review, vec!["AM4"]);
    assert_eq!(
        revision.op(),
        Op::UpdateCase {
            case: Box::new(revised),
            from_table: true,
            columns: Some(columns)
        }
    );
    project.apply(Edit::new(revision.op(), "ana", "t")).expect("applies");
    let flagged = project.to_review().len();
    assert_eq!(flagged, 1);
    assert_eq!(
        revision.summary(flagged),
        format!(
            "Updated from revised.csv: 0 added, 1 removed, {} changed; 1 recodes to review, {} removed actions kept aside.",
            revision.review.changed.len(),
            revision.review.retired.len()
        )
    );
    // A JSON case or a project is no table: every field is stated.
    let loaded = load_file("telco.json", TELCO_JSON).expect("reads");
    let (case, columns) = loaded.into_revision();
    assert!(!Revision::of(&project, "telco.json", case, columns).from_table);
}

#[test]
fn the_tour_follows_the_case() {
    let telco_case = telco();
    let tour = telco_tour().expect("the built-in tour");
    assert_eq!(
        tour_for(&telco_case, None),
        Some(tour.clone()),
        "TelCo comes with its tour"
    );
    let mut other = telco_case.clone();
    other.title = "A study of another firm".into();
    assert_eq!(tour_for(&other, None), None, "another case has none");
    let own = read_tour(
        r#"{"format":"regime-lens/tour","version":1,"title":"Mine","steps":[{"title":"a","text":"b","actions":["AM4"]}]}"#,
    )
    .expect("reads");
    assert_eq!(
        tour_for(&other, Some(own.clone())),
        Some(own.clone()),
        "a tour that fits stays"
    );
    other.actions.retain(|a| a.id != "AM4");
    assert_eq!(
        tour_for(&other, Some(own.clone())),
        None,
        "one that no longer fits goes"
    );
    let mut changed_telco = telco_case;
    changed_telco.actions.retain(|a| a.id != "AM4");
    assert_eq!(
        tour_for(&changed_telco, Some(own)),
        Some(tour),
        "TelCo's own comes back"
    );
}

#[test]
fn what_an_edit_changed_is_compared_by_place_for_a_recode_and_by_id_across_cases() {
    let case = Arc::new(telco());
    let prepared = Prepared::new(&case);
    let kinds = coded_kinds(&case);
    let before = regime_lens::core::analysis::reinforcement::reinforcement(&prepared, &case, &kinds, 1);
    let mut recoded = kinds.clone();
    let am4 = case.actions.iter().position(|a| a.id == "AM4").expect("AM4");
    recoded[am4] = Symbolic::Substantive;
    let after = regime_lens::core::analysis::reinforcement::reinforcement(&prepared, &case, &recoded, 1);
    let change = change_after_edit(&case, &case, &before, &after);
    assert!(change.gained.is_empty());
    assert!(!change.lost.is_empty());
    assert!(
        change.lost.iter().all(|(a, b)| a == "AM4" || b == "AM4"),
        "{:?}",
        change.lost
    );
    // The same links on a new case (an edit of the case) are compared by id: nothing changed.
    let copy = Arc::new((*case).clone());
    let same = change_after_edit(&case, &copy, &before, &before);
    assert!(same.gained.is_empty() && same.lost.is_empty());
    // A case whose actions moved: by place, every link would differ; by id, none does.
    let mut moved = (*case).clone();
    moved.actions.reverse();
    let moved = Arc::new(moved);
    let prepared_moved = Prepared::new(&moved);
    let moved_links =
        regime_lens::core::analysis::reinforcement::reinforcement(&prepared_moved, &moved, &coded_kinds(&moved), 1);
    let across = change_after_edit(&case, &moved, &before, &moved_links);
    assert!(across.gained.is_empty() && across.lost.is_empty(), "{across:?}");
}

#[test]
fn codings_made_before_a_name_was_given_are_found_and_named() {
    let mut project = Project::new("p1", "TelCo", telco());
    assert!(!project.has_unnamed_codings());
    project
        .apply(relabel("AM4", Symbolic::Substantive, UNNAMED_CODER))
        .expect("recodes");
    assert!(project.has_unnamed_codings());
    project
        .apply(Edit::new(
            Op::NameCoder {
                from: UNNAMED_CODER.into(),
                to: "Ana".into(),
            },
            "",
            "",
        ))
        .expect("names");
    assert!(!project.has_unnamed_codings());
    let own = project.own_coding("Ana");
    assert_eq!(own.source, "project TelCo");
    assert_eq!(own.labels["AM4"].kind, Symbolic::Substantive);
    assert_eq!(own.labels.len(), project.case.actions.len());
    let empty: BTreeMap<String, Labels> = BTreeMap::new();
    assert_ne!(own.labels, empty);
}
