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
use regime_lens::core::project::qdpx::{
    codebook_qdc, project_qde, qdpx, read_qdpx, read_qdpx_library, read_qdpx_warned,
};
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
    // A folder of its own per call: tests validate at once, some the same name.
    static CALLS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let call = CALLS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("regime-lens-qdpx-{}-{call}-{name}", std::process::id()));
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

/// The time of the exports.
const AT: &str = "2026-12-05T09:30:00Z";

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
                passage: None,
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
        &project_qde(&Project::new("t", "TelCo", telco()), AT),
        "Project-mrt2019.xsd",
        "telco.qde",
    );
    validate(&project_qde(&coded_telco(), AT), "Project-mrt2019.xsd", "coded.qde");
    validate(&codebook_qdc(), "Codebook.xsd", "codebook.qdc");
    // An empty case too.
    validate(
        &project_qde(
            &Project::new("e", "Empty", regime_lens::core::model::Case::default()),
            AT,
        ),
        "Project-mrt2019.xsd",
        "empty.qde",
    );
}

#[test]
fn the_qdpx_holds_users_codes_sources_links_and_notes() {
    let p = coded_telco();
    let bytes = qdpx(&p, AT);
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
        let back = read_qdpx("telco.qdpx", &qdpx(&p, AT)).expect("reads back");
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
    match load_file("coded.qdpx", &qdpx(&p, AT)).expect("opens") {
        Loaded::Project(back, _) => assert_eq!(back.current_kind("AM4"), Some(Symbolic::Substantive)),
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

/// A QDPX from its files: `project.qde` and any others (path, text).
fn archive(files: &[(&str, &str)]) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut out);
        for (path, text) in files {
            zip.start_file(*path, zip::write::SimpleFileOptions::default())
                .expect("zip");
            zip.write_all(text.as_bytes()).expect("zip");
        }
        zip.finish().expect("zip");
    }
    out.into_inner()
}

/// The UTF-8 text of the file under `sources/` that an element's start tag points to
/// (`plainTextPath="internal://…"`).
fn file_of(zip: &mut zip::ZipArchive<std::io::Cursor<Vec<u8>>>, tag: &str) -> String {
    let path = tag
        .split("plainTextPath=\"internal://")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_else(|| panic!("{tag} has no internal plainTextPath"));
    let mut text = String::new();
    zip.by_name(&format!("sources/{path}"))
        .unwrap_or_else(|_| panic!("the file of {tag}"))
        .read_to_string(&mut text)
        .expect("UTF-8");
    text
}

/// The elements named `name` in XML text, each as its start tag.
fn start_tags<'a>(xml: &'a str, name: &str) -> Vec<&'a str> {
    let open = format!("<{name} ");
    xml.match_indices(&open)
        .map(|(i, _)| &xml[i..i + xml[i..].find('>').expect("closed")])
        .collect()
}

#[test]
fn texts_are_files_under_sources_and_every_coding_says_who_and_when_as_the_qda_tools_read_them() {
    let p = coded_telco();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(qdpx(&p, AT))).expect("a zip");
    let mut xml = String::new();
    zip.by_name("project.qde")
        .expect("project.qde")
        .read_to_string(&mut xml)
        .expect("text");
    // Each action's text is a UTF-8 file the source points to, and not inline as well (the
    // schema allows one or the other).
    let sources = start_tags(&xml, "TextSource");
    assert_eq!(sources.len(), p.case.actions.len());
    for (tag, action) in sources.iter().zip(&p.case.actions) {
        assert_eq!(file_of(&mut zip, tag), action.description);
    }
    assert!(!xml.contains(&p.case.actions[0].description), "not inline");
    // Who coded, on every coding, selection and note; when, where the project knows it.
    for name in ["PlainTextSelection", "Coding", "Note"] {
        for tag in start_tags(&xml, name) {
            assert!(tag.contains("creatingUser=\""), "{tag}");
        }
    }
    // Every note has a time (QualCoder's importer stops on a note without one): its coding's, or
    // the export's.
    for tag in start_tags(&xml, "Note") {
        assert!(tag.contains("creationDateTime=\""), "{tag}");
    }
    assert!(xml.contains(&format!("creationDateTime=\"{AT}\"")));
    let am4 = start_tags(&xml, "PlainTextSelection")
        .into_iter()
        .find(|t| t.contains("name=\"AM4\""))
        .expect("AM4's selection");
    assert!(am4.contains("creationDateTime=\"2026-11-25T10:00:00Z\""), "{am4}");
    // The recode's memo is the selection's description, where QualCoder reads a coding's memo.
    assert!(xml.contains("<Description>Attended &amp; used — &quot;really&quot;</Description>"));
    // Every code that codes has a colour.
    for tag in start_tags(&xml, "Code")
        .into_iter()
        .filter(|t| t.contains("isCodable=\"true\""))
    {
        assert!(tag.contains("color=\"#"), "{tag}");
    }
}

#[test]
fn a_qdpx_in_the_qda_tools_layout_opens_with_its_texts() {
    // As the QDA tools write it: each text in a file under sources/, positions in characters.
    let text = "Gérard shows the model on screen — “ni vu ni connu” 🙂";
    let xml = r#"<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="From another tool">
 <Users><User guid="aaaaaaaa-0000-0000-0000-000000000001" name="ana"/></Users>
 <CodeBook><Codes>
  <Code guid="aaaaaaaa-0000-0000-0000-000000000002" name="Symbolic kind" isCodable="false">
   <Code guid="aaaaaaaa-0000-0000-0000-000000000003" name="Symbolic conformity" isCodable="true"/>
   <Code guid="aaaaaaaa-0000-0000-0000-000000000004" name="Substantive" isCodable="true"/>
  </Code>
 </Codes></CodeBook>
 <Variables>
  <Variable guid="aaaaaaaa-0000-0000-0000-000000000005" name="Actor" typeOfVariable="Text"/>
  <Variable guid="aaaaaaaa-0000-0000-0000-000000000006" name="Period" typeOfVariable="Text"/>
 </Variables>
 <Sources>
  <TextSource guid="aaaaaaaa-0000-0000-0000-000000000007" name="AM1" plainTextPath="internal://aaaaaaaa-0000-0000-0000-000000000007.txt">
   <PlainTextSelection guid="aaaaaaaa-0000-0000-0000-000000000008" startPosition="0" endPosition="53" creatingUser="aaaaaaaa-0000-0000-0000-000000000001" creationDateTime="2026-12-01T09:00:00Z">
    <Coding guid="aaaaaaaa-0000-0000-0000-000000000009" creatingUser="aaaaaaaa-0000-0000-0000-000000000001"><CodeRef targetGUID="aaaaaaaa-0000-0000-0000-000000000003"/></Coding>
   </PlainTextSelection>
   <VariableValue><VariableRef targetGUID="aaaaaaaa-0000-0000-0000-000000000005"/><TextValue>AM</TextValue></VariableValue>
   <VariableValue><VariableRef targetGUID="aaaaaaaa-0000-0000-0000-000000000006"/><TextValue>P1</TextValue></VariableValue>
  </TextSource>
 </Sources>
</Project>"#;
    validate(xml, "Project-mrt2019.xsd", "layout.qde");
    assert_eq!(text.chars().count(), 53, "the selection spans the text in characters");
    let bytes = archive(&[
        ("project.qde", xml),
        ("sources/aaaaaaaa-0000-0000-0000-000000000007.txt", text),
    ]);
    let project = read_qdpx("other.qdpx", &bytes).expect("opens");
    let action = project.case.action("AM1").expect("AM1");
    assert_eq!(action.description, text);
    assert_eq!(action.symbolic, Symbolic::Conformity);
    // The text's file missing: the message names it.
    let err = read_qdpx("other.qdpx", &archive(&[("project.qde", xml)])).expect_err("no text");
    assert!(
        err.to_string()
            .contains("the archive holds no sources/aaaaaaaa-0000-0000-0000-000000000007.txt"),
        "{err}"
    );
}

#[test]
fn a_refusal_lists_the_variables_in_one_order() {
    let xml = r#"<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Interviews">
 <Variables>
  <Variable guid="bbbbbbbb-0000-0000-0000-000000000001" name="Zone" typeOfVariable="Text"/>
  <Variable guid="bbbbbbbb-0000-0000-0000-000000000002" name="Age" typeOfVariable="Text"/>
  <Variable guid="bbbbbbbb-0000-0000-0000-000000000003" name="Gender" typeOfVariable="Text"/>
  <Variable guid="bbbbbbbb-0000-0000-0000-000000000004" name="Month" typeOfVariable="Text"/>
 </Variables>
</Project>"#;
    let bytes = archive(&[("project.qde", xml)]);
    for _ in 0..8 {
        let text = read_qdpx("interviews.qdpx", &bytes).expect_err("refused").to_string();
        assert!(text.contains("4 variables (Age, Gender, Month, Zone)"), "{text}");
    }
}

/// Two interview transcripts as the QDA tools write them: one in a file under sources/, one
/// inline; a code tree with colours; coded passages with coders, times and memos; a journal
/// note in a file; and what a library does not keep (a picture, a set).
fn interviews() -> Vec<u8> {
    let xml = r##"<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Interviews">
 <Users>
  <User guid="cccccccc-0000-0000-0000-000000000001" name="ana"/>
  <User guid="cccccccc-0000-0000-0000-000000000002" name="ben"/>
 </Users>
 <CodeBook><Codes>
  <Code guid="cccccccc-0000-0000-0000-000000000010" name="Impression management" isCodable="true" color="#FF0000">
   <Description>Keeping up appearances</Description>
   <Code guid="cccccccc-0000-0000-0000-000000000011" name="Window dressing" isCodable="true" color="#00FF00"/>
  </Code>
  <Code guid="cccccccc-0000-0000-0000-000000000012" name="Trust" isCodable="true"/>
 </Codes></CodeBook>
 <Variables><Variable guid="cccccccc-0000-0000-0000-000000000020" name="Role" typeOfVariable="Text"/></Variables>
 <Sources>
  <TextSource guid="cccccccc-0000-0000-0000-000000000030" name="Kate.txt" plainTextPath="internal://cccccccc-0000-0000-0000-000000000030.txt" creatingUser="cccccccc-0000-0000-0000-000000000001" creationDateTime="2026-11-01T10:00:00Z">
   <Description>First interview</Description>
   <PlainTextSelection guid="cccccccc-0000-0000-0000-000000000031" startPosition="11" endPosition="22" creatingUser="cccccccc-0000-0000-0000-000000000001" creationDateTime="2026-11-02T10:00:00Z">
    <Description>she smiles</Description>
    <Coding guid="cccccccc-0000-0000-0000-000000000032" creatingUser="cccccccc-0000-0000-0000-000000000001"><CodeRef targetGUID="cccccccc-0000-0000-0000-000000000011"/></Coding>
    <Coding guid="cccccccc-0000-0000-0000-000000000033" creatingUser="cccccccc-0000-0000-0000-000000000001"><CodeRef targetGUID="cccccccc-0000-0000-0000-000000000012"/></Coding>
   </PlainTextSelection>
   <VariableValue><VariableRef targetGUID="cccccccc-0000-0000-0000-000000000020"/><TextValue>account manager</TextValue></VariableValue>
  </TextSource>
  <TextSource guid="cccccccc-0000-0000-0000-000000000040" name="Raj">
   <PlainTextContent>Raj: the model works.</PlainTextContent>
   <PlainTextSelection guid="cccccccc-0000-0000-0000-000000000041" startPosition="5" endPosition="21" creatingUser="cccccccc-0000-0000-0000-000000000002" creationDateTime="2026-11-03T10:00:00Z">
    <Coding guid="cccccccc-0000-0000-0000-000000000042" creatingUser="cccccccc-0000-0000-0000-000000000002"><CodeRef targetGUID="cccccccc-0000-0000-0000-000000000010"/><NoteRef targetGUID="cccccccc-0000-0000-0000-000000000051"/></Coding>
   </PlainTextSelection>
  </TextSource>
  <PictureSource guid="cccccccc-0000-0000-0000-000000000060" name="Slide" path="internal://cccccccc-0000-0000-0000-000000000060.png"/>
 </Sources>
 <Notes>
  <Note guid="cccccccc-0000-0000-0000-000000000050" name="Journal" plainTextPath="internal://cccccccc-0000-0000-0000-000000000050.txt" creatingUser="cccccccc-0000-0000-0000-000000000002" creationDateTime="2026-11-04T10:00:00Z"/>
  <Note guid="cccccccc-0000-0000-0000-000000000051" name="On Raj" creatingUser="cccccccc-0000-0000-0000-000000000002" creationDateTime="2026-11-03T10:00:00Z"><PlainTextContent>a data scientist's view</PlainTextContent></Note>
 </Notes>
 <Sets><Set guid="cccccccc-0000-0000-0000-000000000070" name="Sales"><MemberSource targetGUID="cccccccc-0000-0000-0000-000000000030"/></Set></Sets>
</Project>"##;
    validate(xml, "Project-mrt2019.xsd", "interviews.qde");
    archive(&[
        ("project.qde", xml),
        (
            "sources/cccccccc-0000-0000-0000-000000000030.txt",
            "Kate: yes, “Gérard’s 🙂 show” was for them.",
        ),
        (
            "sources/cccccccc-0000-0000-0000-000000000050.txt",
            "Week 1: both interviews done.",
        ),
    ])
}

#[test]
fn another_tools_qdpx_gives_its_sources_codebook_passages_and_notes() {
    let (library, not_kept) = read_qdpx_library("interviews.qdpx", &interviews()).expect("reads");
    assert_eq!(library.sources.len(), 2);
    let kate = &library.sources[0];
    assert_eq!(kate.name, "Kate.txt");
    assert_eq!(kate.text, "Kate: yes, “Gérard’s 🙂 show” was for them.");
    assert_eq!(kate.memo, "First interview");
    assert_eq!(kate.variables.get("Role").map(String::as_str), Some("account manager"));
    assert_eq!(library.sources[1].text, "Raj: the model works.");
    // The code tree, with colours and descriptions.
    let names: Vec<(&str, Option<&str>)> = library
        .codes
        .iter()
        .map(|c| (c.name.as_str(), c.parent.as_deref()))
        .collect();
    assert_eq!(
        names,
        vec![
            ("Impression management", None),
            ("Window dressing", Some("cccccccc-0000-0000-0000-000000000010")),
            ("Trust", None),
        ]
    );
    assert_eq!(library.codes[0].colour.as_deref(), Some("#FF0000"));
    assert_eq!(library.codes[0].description, "Keeping up appearances");
    // Passages: positions in characters (accents, curly quotes and an emoji before the end).
    let first = &library.passages[0];
    assert_eq!(library.passage_text(first), Some("“Gérard’s 🙂"));
    assert_eq!(first.codes.len(), 2);
    assert_eq!(
        (first.coder.as_str(), first.at.as_str()),
        ("ana", "2026-11-02T10:00:00Z")
    );
    assert_eq!(first.memo, "she smiles");
    let second = &library.passages[1];
    assert_eq!(library.passage_text(second), Some("the model works."));
    assert_eq!(second.coder, "ben");
    assert_eq!(second.memo, "a data scientist's view", "the coding's note is its memo");
    // The journal (its text in a file) is a note; the coding's note is not repeated.
    assert_eq!(library.notes.len(), 1);
    assert_eq!(library.notes[0].text, "Week 1: both interviews done.");
    assert_eq!(library.notes[0].coder, "ben");
    // What is not kept is said.
    assert_eq!(not_kept, vec!["1 PictureSource".to_string(), "1 Set".to_string()]);
}

#[test]
fn a_regime_lens_qdpx_gives_its_field_material_not_its_actions_as_sources() {
    // Its actions are actions: the field material of a QDPX of TelCo alone is empty.
    let p = coded_telco();
    let (library, _) = read_qdpx_library("telco.qdpx", &qdpx(&p, AT)).expect("reads");
    assert!(library.is_empty(), "{library:?}");
    // Without its details note (a tool dropped it), its actions are still actions: each has
    // its "Actor" value. The library stays empty and the case reads.
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(qdpx(&p, AT))).expect("a zip");
    let mut xml = String::new();
    zip.by_name("project.qde")
        .expect("project.qde")
        .read_to_string(&mut xml)
        .expect("text");
    let without = xml.replace("Regime Lens: case details", "Some note");
    let mut files: Vec<(String, String)> = vec![("project.qde".into(), without)];
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).expect("entry");
        let name = entry.name().expect("a name").to_string();
        if name.starts_with("sources/") {
            let mut text = String::new();
            entry.read_to_string(&mut text).expect("text");
            files.push((name, text));
        }
    }
    let files: Vec<(&str, &str)> = files.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    let bytes = archive(&files);
    let (library, _) = read_qdpx_library("telco.qdpx", &bytes).expect("reads");
    assert!(library.sources.is_empty(), "{:?}", library.sources);
    let back = read_qdpx("telco.qdpx", &bytes).expect("reads");
    assert_eq!(back.case.actions, p.case.actions);
    assert_eq!(back.coding, p.coding);
}

#[test]
fn another_tools_qdpx_opens_as_a_project_of_its_sources_with_no_actions_yet() {
    use regime_lens::core::open::{opened, read_sources};
    let bytes = interviews();
    let Loaded::Project(project, warnings) = load_file("interviews.qdpx", &bytes).expect("opens") else {
        panic!("a project")
    };
    assert!(project.case.actions.is_empty());
    assert_eq!(project.library.sources.len(), 2);
    assert_eq!(project.library.passages.len(), 2);
    assert_eq!(project.name, "interviews");
    let notes: Vec<String> = opened(
        "interviews.qdpx",
        &bytes,
        Loaded::Project(project.clone(), warnings),
        "new",
    )
    .notes
    .into_iter()
    .map(|n| n.text)
    .collect();
    // What was read, and what is not kept, said when it opens.
    assert_eq!(
        notes,
        [
            "Opened interviews.qdpx: 2 sources, 3 codes, 2 coded passages, 1 note; no actions yet.",
            "interviews.qdpx: it also holds what Regime Lens does not keep: 1 PictureSource, 1 Set. A QDPX exported from here will not carry them; keep the other tool's project for them."
        ]
    );
    let (_, not_kept) = read_sources("interviews.qdpx", &bytes).expect("reads");
    assert_eq!(not_kept, vec!["1 PictureSource".to_string(), "1 Set".to_string()]);
    // Saved and read back, it is the same project.
    let back = Project::from_json("p.json", &project.to_json()).expect("reads");
    assert_eq!(back.library, project.library);
    // A QDPX with no text source is still refused with what it holds.
    let empty = archive(&[(
        "project.qde",
        r#"<?xml version="1.0" encoding="utf-8"?><Project xmlns="urn:QDA-XML:project:1.0" name="x"/>"#,
    )]);
    assert!(load_file("x.qdpx", &empty).is_err_and(|e| e.to_string().contains("holds no Regime Lens case")));
}

#[test]
fn the_interviews_fixture_for_the_browser_is_the_qdpx_built_here() {
    let fixture =
        std::fs::read(common::manifest_dir().join("tests/fixtures/sources/interviews.qdpx")).expect("fixture");
    let (a, _) = read_qdpx_library("interviews.qdpx", &fixture).expect("reads");
    let (b, _) = read_qdpx_library("interviews.qdpx", &interviews()).expect("reads");
    assert_eq!(a, b);
}

#[test]
fn another_tools_qdpx_exported_again_keeps_its_sources_codes_passages_and_notes() {
    let Loaded::Project(opened, _) = load_file("interviews.qdpx", &interviews()).expect("opens") else {
        panic!("a project")
    };
    let xml = project_qde(&opened, AT);
    validate(&xml, "Project-mrt2019.xsd", "interviews-again.qde");
    let Loaded::Project(again, _) = load_file("interviews-again.qdpx", &qdpx(&opened, AT)).expect("opens") else {
        panic!("a project")
    };
    assert_eq!(
        again.library, opened.library,
        "the same sources, codes, passages and notes"
    );
    assert_eq!(again.library.passages[0].start, 11);
    assert_eq!(again.library.passages[1].coder, "ben");
    assert_eq!(again.library.codes[1].parent, opened.library.codes[1].parent);
    assert!(again.case.actions.is_empty());
}

#[test]
fn a_case_with_field_material_round_trips_both() {
    let mut p = coded_telco();
    p.apply(edit(
        Op::AddSources {
            library: common::interview_library("one"),
        },
        "Ana",
    ))
    .expect("adds");
    let xml = project_qde(&p, AT);
    validate(&xml, "Project-mrt2019.xsd", "telco-with-sources.qde");
    let back = read_qdpx("telco.qdpx", &qdpx(&p, AT)).expect("reads back");
    assert_eq!(*back.case, *p.case, "the actions are the actions, not the sources");
    assert_eq!(back.coding, p.coding);
    // The field material: the ids that were not GUIDs are now GUIDs; all else is the same.
    let (got, want) = (&back.library, &p.library);
    assert_eq!(got.sources.len(), 1);
    assert_eq!(got.sources[0].text, want.sources[0].text);
    assert_eq!(got.sources[0].variables, want.sources[0].variables);
    assert_eq!(
        got.codes.iter().map(|c| &c.name).collect::<Vec<_>>(),
        want.codes.iter().map(|c| &c.name).collect::<Vec<_>>()
    );
    assert_eq!(got.codes[1].parent.as_ref(), Some(&got.codes[0].id), "the tree kept");
    let (g, w) = (&got.passages[0], &want.passages[0]);
    assert_eq!(
        (g.start, g.end, &g.coder, &g.at, &g.memo),
        (w.start, w.end, &w.coder, &w.at, &w.memo)
    );
    assert_eq!(got.passage_text(g), want.passage_text(w));
    assert_eq!(g.codes, vec![got.codes[1].id.clone()]);
    assert_eq!(got.notes.len(), 1);
    assert_eq!(got.notes[0].text, "Week 1");
    // Exported again, nothing moves.
    let again = read_qdpx("telco.qdpx", &qdpx(&back, AT)).expect("reads back");
    assert_eq!(again.library, back.library);
}

/// A fixture of `tests/fixtures/refi`: a QDPX QualCoder 4.0 wrote (its REFI-QDA import and export,
/// run headless, as docs/FORMAT.md tells).
fn qualcoder(name: &str) -> Vec<u8> {
    std::fs::read(schemas().join(name)).expect("the fixture")
}

#[test]
fn qualcoders_export_of_a_regime_lens_qdpx_reads_back_as_the_case() {
    // QualCoder rewrites every GUID, keeps the texts in files with a byte order mark, drops the
    // links, the sets' members and the cases' sources, and keeps the project's notes as journals
    // (the details note among them) and the sources' variables ("Triggered by" among them).
    let bytes = qualcoder("qualcoder-telco.qdpx");
    let (project, warnings) = read_qdpx_warned("qualcoder-telco.qdpx", &bytes).expect("opens");
    assert_eq!(warnings, vec![], "nothing is missing");
    assert_eq!(*project.case, telco(), "the whole case, links and names included");
    assert!(project.coding.is_empty() && project.library.is_empty());
    // Recodes, their coders and memos come back too.
    let (recoded, _) = read_qdpx_warned("qualcoder-recoded.qdpx", &qualcoder("qualcoder-recoded.qdpx")).expect("opens");
    let want = Project::from_json(
        "project-v1.json",
        &std::fs::read_to_string(common::manifest_dir().join("tests/fixtures/project-v1.json")).expect("fixture"),
    )
    .expect("reads");
    assert!(!want.coding.is_empty());
    let entries = |p: &Project| {
        p.coding
            .iter()
            .map(|(id, e)| (id.clone(), e.kind, e.coder.clone(), e.memo.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(entries(&recoded), entries(&want));
    assert_eq!(*recoded.case, *want.case);
}

#[test]
fn a_qdpx_that_falls_short_of_a_case_says_so_and_rebuilds_what_its_variables_allow() {
    // QualCoder's export of a QDPX with no details note, no links and no "Triggered by".
    let bytes = qualcoder("qualcoder-lean.qdpx");
    let (project, warnings) = read_qdpx_warned("qualcoder-lean.qdpx", &bytes).expect("opens");
    let telco = telco();
    // Every description, kind and aspect is there.
    for (got, want) in project.case.actions.iter().zip(&telco.actions) {
        assert_eq!(
            (
                &got.id,
                &got.description,
                got.symbolic,
                got.aspect,
                &got.actor,
                &got.period
            ),
            (
                &want.id,
                &want.description,
                want.symbolic,
                want.aspect,
                &want.actor,
                &want.period
            )
        );
    }
    // The names: the groups' from QualCoder's cases (by the "Regime Lens group" variable), the
    // periods' from the variables QualCoder made of the sets.
    let names = |c: &regime_lens::core::model::Case| {
        (
            c.actors
                .iter()
                .map(|a| (a.id.clone(), a.name.clone(), a.role.clone()))
                .collect::<Vec<_>>(),
            c.periods
                .iter()
                .map(|p| (p.id.clone(), p.name.clone()))
                .collect::<Vec<_>>(),
        )
    };
    let (mut got, mut want) = (names(&project.case), names(&telco));
    for x in [&mut got, &mut want] {
        x.0.sort();
        x.1.sort();
    }
    assert_eq!(got, want);
    // What it lacks is said: no details note, no links.
    let text: Vec<String> = warnings.iter().map(|w| format!("{}: {}", w.at, w.kind)).collect();
    assert_eq!(text.len(), 2, "{text:?}");
    assert!(
        text[0].starts_with("qualcoder-lean.qdpx: it carries no \"Regime Lens: case details\" note"),
        "{}",
        text[0]
    );
    assert!(text[0].contains("the names of 3 of 3 actor groups"), "{}", text[0]);
    assert!(
        text[1].contains("no trigger link between its 22 actions"),
        "{}",
        text[1]
    );
    // The same when the app opens it, and the command line's check counts them.
    let Loaded::Project(_, opened) = load_file("qualcoder-lean.qdpx", &bytes).expect("opens") else {
        panic!("a project");
    };
    assert_eq!(opened, warnings);
}

#[test]
fn a_qdpx_with_actions_lacking_text_says_which() {
    let mut p = Project::new("p", "Two", telco());
    std::sync::Arc::make_mut(&mut p.case).actions.truncate(2);
    std::sync::Arc::make_mut(&mut p.case).actions[1].triggers.clear();
    std::sync::Arc::make_mut(&mut p.case).actions[0].description = String::new();
    let (_, warnings) = read_qdpx_warned("two.qdpx", &qdpx(&p, AT)).expect("opens");
    let text: Vec<String> = warnings.iter().map(|w| w.kind.to_string()).collect();
    assert_eq!(text.len(), 2, "{text:?}");
    assert!(
        text[0].starts_with("1 of its actions have no text (DS1)"),
        "{}",
        text[0]
    );
    assert!(text[1].contains("no trigger link between its 2 actions"), "{}", text[1]);
}

#[test]
fn a_text_file_with_a_byte_order_mark_counts_positions_after_it() {
    let xml = r#"<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="BOM">
 <Sources>
  <TextSource guid="cccccccc-0000-0000-0000-000000000001" name="Kate" plainTextPath="internal://cccccccc-0000-0000-0000-000000000001.txt">
   <PlainTextSelection guid="cccccccc-0000-0000-0000-000000000002" startPosition="6" endPosition="11"/>
  </TextSource>
 </Sources>
</Project>"#;
    let bytes = archive(&[
        ("project.qde", xml),
        (
            "sources/cccccccc-0000-0000-0000-000000000001.txt",
            "\u{feff}Kate: Ça va 🙂",
        ),
    ]);
    let (library, _) = read_qdpx_library("bom.qdpx", &bytes).expect("reads");
    assert_eq!(library.sources[0].text, "Kate: Ça va 🙂");
    assert_eq!(library.passage_text(&library.passages[0]), Some("Ça va"));
}

#[test]
fn the_projects_notes_are_files_the_qda_tools_keep_and_actions_name_their_triggers_and_groups() {
    let p = coded_telco();
    let bytes = qdpx(&p, AT);
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes.clone())).expect("a zip");
    let mut xml = String::new();
    zip.by_name("project.qde")
        .expect("project.qde")
        .read_to_string(&mut xml)
        .expect("text");
    validate(&xml, "Project-mrt2019.xsd", "notes-as-files.qde");
    // The details note and the memo on the case are files (QualCoder keeps a note only so).
    for name in ["Regime Lens: case details", "Memo on the case"] {
        let tag = start_tags(&xml, "Note")
            .into_iter()
            .find(|t| t.contains(&format!("name=\"{name}\"")))
            .unwrap_or_else(|| panic!("the note {name}"));
        assert!(!file_of(&mut zip, tag).is_empty());
    }
    assert!(!xml.contains("Coded twice, settled in May."), "the memo is not inline");
    // Each action names its triggers in a variable; each case, its group's id.
    assert!(xml.contains("name=\"Triggered by\""));
    assert!(xml.contains("name=\"Regime Lens group\""));
    let back = read_qdpx("telco.qdpx", &bytes).expect("reads back");
    assert_eq!(back.case.memo, "Coded twice, settled in May.");
    assert_eq!(*back.case, *p.case);
}

#[test]
fn evidence_in_a_source_is_a_passage_there_coded_with_its_action() {
    let mut p = coded_telco();
    p.apply(edit(
        Op::AddSources {
            library: common::interview_library("one"),
        },
        "Ana",
    ))
    .expect("adds");
    let source = p.library.sources[0].clone();
    let quote = p.library.evidence_at(&source.id, 0, 5).expect("a passage");
    p.apply(edit(
        Op::AddEvidence {
            action: "AM2".into(),
            evidence: quote.clone(),
        },
        "Ana",
    ))
    .expect("adds");
    let xml = project_qde(&p, AT);
    validate(&xml, "Project-mrt2019.xsd", "evidence.qde");
    // A code group, a code named by the action, and a selection at the quote's characters.
    let group = start_tags(&xml, "Code")
        .into_iter()
        .find(|t| t.contains("name=\"Regime Lens evidence\""))
        .expect("the group");
    assert!(group.contains("isCodable=\"false\""));
    let code = start_tags(&xml, "Code")
        .into_iter()
        .find(|t| t.contains("name=\"AM2\""))
        .expect("AM2's code");
    let code_guid = code
        .split("guid=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .expect("guid");
    let selection = start_tags(&xml, "PlainTextSelection")
        .into_iter()
        .find(|t| t.contains("name=\"Evidence for AM2\""))
        .expect("the quote's selection");
    assert!(
        selection.contains("startPosition=\"0\" endPosition=\"5\""),
        "{selection}"
    );
    let after = &xml[xml.find(selection).expect("there")..];
    assert!(after[..after.find("</PlainTextSelection>").expect("closed")].contains(code_guid));
    // Read back: the quote keeps pointing at its passage; the library has no passage of it and
    // no code of Regime Lens's own.
    let back = read_qdpx("telco.qdpx", &qdpx(&p, AT)).expect("reads back");
    let anchor = back.case.action("AM2").expect("AM2").evidence[0]
        .passage
        .clone()
        .expect("anchored");
    assert_eq!((anchor.start, anchor.end), (0, 5));
    assert_eq!(back.library.passages.len(), p.library.passages.len());
    assert_eq!(back.library.codes.len(), p.library.codes.len());
}

#[test]
fn qualcoders_export_of_a_case_with_sources_keeps_them_and_the_evidence_passages() {
    // TelCo with `common::interview_library("one")` added and a quote of its first five
    // characters as AM2's evidence, exported, then imported and exported by QualCoder 4.0.
    let (project, warnings) =
        read_qdpx_warned("qualcoder-sources.qdpx", &qualcoder("qualcoder-sources.qdpx")).expect("opens");
    assert_eq!(warnings, vec![]);
    let want = common::interview_library("one");
    let lib = &project.library;
    assert_eq!(lib.sources.len(), 1, "the interview is a source, not an action");
    assert_eq!(lib.sources[0].text, want.sources[0].text);
    assert_eq!(lib.sources[0].variables, want.sources[0].variables);
    assert_eq!(
        lib.codes.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(),
        ["Impression management", "Window dressing"],
        "Regime Lens's own codes are not the library's"
    );
    assert_eq!(lib.passages.len(), 1, "the evidence passage is the action's");
    let (got, w) = (&lib.passages[0], &want.passages[0]);
    assert_eq!((got.start, got.end, got.coder.as_str()), (w.start, w.end, "ana"));
    assert_eq!(lib.passage_text(got), want.passage_text(w));
    assert_eq!(
        lib.notes.iter().map(|n| n.text.as_str()).collect::<Vec<_>>(),
        ["Week 1"]
    );
    // QualCoder dropped the evidence note; the passage coded "AM2" under "Regime Lens evidence"
    // gives the quote back, pointing to its passage.
    let am2 = project.case.action("AM2").expect("AM2");
    assert_eq!(am2.evidence.len(), 1);
    let anchor = am2.evidence[0].passage.as_ref().expect("anchored");
    assert_eq!(
        (anchor.source.as_str(), anchor.start, anchor.end),
        (lib.sources[0].id.as_str(), 0, 5)
    );
    assert_eq!(am2.evidence[0].text, "Kate:");
    let mut case = (*project.case).clone();
    case.actions.iter_mut().for_each(|a| a.evidence.clear());
    assert_eq!(case, telco());
}

#[test]
fn another_tools_sources_with_an_actor_variable_stay_sources() {
    // Interviews whose tool gave each an "Actor" (the person interviewed): no kind codes, no
    // details note, so no case; every source is field material.
    let xml = r#"<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Interviews">
 <CodeBook><Codes><Code guid="dddddddd-0000-0000-0000-000000000001" name="Trust" isCodable="true"/></Codes></CodeBook>
 <Variables><Variable guid="dddddddd-0000-0000-0000-000000000002" name="Actor" typeOfVariable="Text"/></Variables>
 <Sources>
  <TextSource guid="dddddddd-0000-0000-0000-000000000003" name="Kate">
   <PlainTextContent>Kate: it works.</PlainTextContent>
   <VariableValue><VariableRef targetGUID="dddddddd-0000-0000-0000-000000000002"/><TextValue>Kate</TextValue></VariableValue>
  </TextSource>
 </Sources>
</Project>"#;
    validate(xml, "Project-mrt2019.xsd", "actor-variable.qde");
    let bytes = archive(&[("project.qde", xml)]);
    let (library, _) = read_qdpx_library("interviews.qdpx", &bytes).expect("reads");
    assert_eq!(library.sources.len(), 1);
    assert_eq!(
        library.sources[0].variables.get("Actor").map(String::as_str),
        Some("Kate")
    );
    let Loaded::Project(project, _) = load_file("interviews.qdpx", &bytes).expect("opens") else {
        panic!("a project");
    };
    assert!(project.case.actions.is_empty());
    assert_eq!(project.library.sources.len(), 1);
}
