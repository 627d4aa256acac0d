//! REFI-QDA: the QDPX and QDC files are valid against the REFI-QDA 1.0 schemas (checked with
//! xmllint, which `scripts/setup.sh --test` installs; the schemas are in tests/fixtures/refi), and a
//! QDPX round-trips a project.

#![cfg(not(target_arch = "wasm32"))]

mod common;

use regime_lens::core::analysis::analyze_case;
use regime_lens::core::builtin::telco;
use regime_lens::core::coding::case_with_coding;
use regime_lens::core::model::{Aspect, Evidence, Symbolic};
use regime_lens::core::open::{load_file, Loaded};
use regime_lens::core::project::edit::{Edit, Op, Target};
use regime_lens::core::project::qdpx::{codebook_qdc, project_qde, qdpx, read_qdpx};
use regime_lens::core::project::Project;
use std::io::{Read, Write};
use std::process::Command;

/// The REFI-QDA 1.0 schemas, copied from `../shared/refi` into the repository.
/// The REFI-QDA schemas (copies of ../shared/refi), in the project.
fn schemas() -> std::path::PathBuf {
    common::manifest_dir().join("tests/fixtures/refi")
}

/// Validates XML text against a schema of `../shared/refi` with xmllint; the message on failure.
fn validate(xml: &str, schema: &str, name: &str) {
    let dir = std::env::temp_dir().join(format!("regime-lens-qdpx-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(name);
    std::fs::write(&path, xml).expect("writes");
    let out = Command::new("xmllint")
        .args(["--noout", "--schema"])
        .arg(schemas().join(schema))
        .arg(&path)
        .output()
        .expect("xmllint runs (scripts/setup.sh --test installs libxml2-utils)");
    assert!(
        out.status.success(),
        "{name} is not valid against {schema}:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::remove_dir_all(&dir).ok();
}

fn edit(op: Op, coder: &str) -> Edit {
    Edit::new(op, coder, "2026-11-25T10:00:00Z")
}

/// TelCo with a kind recode with a memo, an aspect recode, a quote and memos on the case, a
/// group and a period.
fn coded_telco() -> Project {
    let mut p = Project::new("p1", "TelCo & co <coded>", telco());
    let ops = [
        Op::Relabel {
            action: "AM4".into(),
            kind: Symbolic::Substantive,
            memo: Some("Attended & used — \"really\"".into()),
        },
        Op::RecodeAspect {
            action: "DS5".into(),
            aspect: Some(Aspect::AuthorityArrangements),
            memo: Some("about who decides".into()),
        },
        Op::AddEvidence {
            action: "DS2".into(),
            evidence: Evidence {
                text: "We only showed the good results.".into(),
                source: "Interview DS-3".into(),
                location: "p. 4".into(),
            },
        },
        Op::SetMemo {
            target: Target::Case,
            memo: "Coded twice, settled in May.".into(),
        },
        Op::SetMemo {
            target: Target::Actor("AM".into()),
            memo: "Sales floor".into(),
        },
    ];
    for op in ops {
        p.apply(edit(op, "Ana")).expect("applies");
    }
    p
}

#[test]
fn the_project_and_the_codebook_are_valid_against_the_refi_qda_schemas() {
    validate(
        &project_qde(&Project::new("t", "TelCo", telco())),
        "Project-mrt2019.xsd",
        "telco.qde",
    );
    validate(&project_qde(&coded_telco()), "Project-mrt2019.xsd", "coded.qde");
    validate(&codebook_qdc(), "Codebook.xsd", "codebook.qdc");
    // An empty case too.
    validate(
        &project_qde(&Project::new("e", "Empty", regime_lens::core::model::Case::default())),
        "Project-mrt2019.xsd",
        "empty.qde",
    );
}

#[test]
fn the_qdpx_holds_users_codes_sources_links_and_notes() {
    let p = coded_telco();
    let bytes = qdpx(&p);
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    let mut xml = String::new();
    zip.by_name("project.qde")
        .expect("project.qde")
        .read_to_string(&mut xml)
        .expect("text");
    assert!(xml.contains("<User ") && xml.contains("name=\"Ana\""));
    assert!(xml.contains("name=\"Symbolic conformity\"") && xml.contains("name=\"Valuation scheme\""));
    assert_eq!(xml.matches("<TextSource ").count(), 22);
    assert_eq!(xml.matches("<Link ").count(), telco().trigger_link_count());
    assert!(xml.contains("direction=\"OneWay\""));
    assert!(xml.contains("We only showed the good results."));
    assert!(xml.contains("Attended &amp; used"));
}

#[test]
fn a_qdpx_round_trips_the_case_codings_memos_and_analysis() {
    for p in [Project::new("t", "TelCo", telco()), coded_telco()] {
        let back = read_qdpx("telco.qdpx", &qdpx(&p)).expect("reads back");
        assert_eq!(back.name, p.name);
        assert_eq!(*back.case, *p.case, "the same case");
        assert_eq!(back.coding, p.coding, "the same kind codings");
        assert_eq!(back.aspects, p.aspects, "the same aspect codings");
        let (_, a) = analyze_case(&case_with_coding(&p.case, &p.coding, &p.aspects));
        let (_, b) = analyze_case(&case_with_coding(&back.case, &back.coding, &back.aspects));
        assert_eq!(a.reinforcement.link_ids(&p.case), b.reinforcement.link_ids(&back.case));
        assert_eq!(a.reinforcement.longest_length, b.reinforcement.longest_length);
    }
    // The app's reader opens it as a project; the command line's as the coded case.
    let p = coded_telco();
    match load_file("coded.qdpx", &qdpx(&p)).expect("opens") {
        Loaded::Project(back) => assert_eq!(back.current_kind("AM4"), Some(Symbolic::Substantive)),
        Loaded::Case(_) => panic!("a QDPX opens as a project"),
    }
}

#[test]
fn another_tools_qdpx_says_what_was_found_and_what_is_missing() {
    let xml = r#"<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Interviews">
 <CodeBook><Codes><Code guid="11111111-1111-1111-1111-111111111111" name="Trust" isCodable="true"/></Codes></CodeBook>
 <Sources><TextSource guid="22222222-2222-2222-2222-222222222222" name="Interview 1"><PlainTextContent>Hello</PlainTextContent></TextSource></Sources>
</Project>"#;
    validate(xml, "Project-mrt2019.xsd", "other.qde");
    let mut out = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut out);
        zip.start_file("project.qde", zip::write::SimpleFileOptions::default())
            .expect("zip");
        zip.write_all(xml.as_bytes()).expect("zip");
        zip.finish().expect("zip");
    }
    let err = read_qdpx("interviews.qdpx", &out.into_inner()).expect_err("not a Regime Lens case");
    let text = err.to_string();
    assert!(
        text.starts_with("interviews.qdpx: this QDPX holds no Regime Lens case."),
        "{text}"
    );
    assert!(text.contains("Found: 1 text sources, 1 codes, 0 variables"), "{text}");
    assert!(text.contains("Symbolic kind") && text.contains("\"Actor\""), "{text}");
    // Not a zip at all, and a zip without project.qde.
    assert!(read_qdpx("x.qdpx", b"nonsense").is_err_and(|e| e.to_string().contains("not a zip")));
}
