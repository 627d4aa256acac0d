//! Field material as sources: documents read from `.txt`, `.md` and `.docx`, with their
//! paragraphs, and positions in characters as REFI-QDA counts them.

#![cfg(not(target_arch = "wasm32"))]

use regime_lens::core::import::document::{is_document_name, read_document};
use regime_lens::core::sources::{chars, Library, Passage};
use std::io::Write;

/// A `.docx` holding `body` as its document.
fn docx(body: &str) -> Vec<u8> {
    let xml = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
    );
    let mut out = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut out);
        let options = zip::write::SimpleFileOptions::default();
        zip.start_file("[Content_Types].xml", options).expect("zip");
        zip.write_all(b"<Types/>").expect("zip");
        zip.start_file("word/document.xml", options).expect("zip");
        zip.write_all(xml.as_bytes()).expect("zip");
        zip.finish().expect("zip");
    }
    out.into_inner()
}

#[test]
fn a_word_document_keeps_its_paragraphs() {
    let body = r#"<w:p><w:r><w:t>Interviewer:</w:t></w:r><w:r><w:tab/><w:t xml:space="preserve">How did the model </w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>land</w:t></w:r><w:r><w:t>?</w:t></w:r></w:p>
<w:p/>
<w:p><w:r><w:t>Kate: “We &amp; the team</w:t><w:br/><w:t>used it — à peu près 🙂”</w:t></w:r><w:del><w:r><w:delText>never</w:delText></w:r></w:del></w:p>"#;
    let source = read_document("Interviews/Kate (AM).docx", &docx(body)).expect("reads");
    assert_eq!(source.name, "Kate (AM)");
    assert_eq!(
        source.text,
        "Interviewer:\tHow did the model land?\n\nKate: “We & the team\nused it — à peu près 🙂”"
    );
    // A passage over the accents and the emoji is the characters it names.
    let start = source
        .text
        .find("à peu")
        .map(|b| source.text[..b].chars().count())
        .expect("there");
    assert_eq!(chars(&source.text, start, start + 12), Some("à peu près 🙂"));
    let mut library = Library::default();
    library.sources.push(source.clone());
    let passage = Passage {
        id: "p1".into(),
        source: source.id.clone(),
        start,
        end: start + 12,
        ..Passage::default()
    };
    assert_eq!(library.passage_text(&passage), Some("à peu près 🙂"));
}

#[test]
fn a_word_file_that_is_not_one_says_so_and_what_to_do() {
    let err = read_document("notes.docx", b"PK\x03\x04 not really").expect_err("refused");
    assert!(err.to_string().starts_with("notes.docx: "), "{err}");
    assert!(err.to_string().contains("Save it again as .docx"), "{err}");
    let mut out = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut out);
        zip.start_file("content.xml", zip::write::SimpleFileOptions::default())
            .expect("zip");
        zip.write_all(b"<x/>").expect("zip");
        zip.finish().expect("zip");
    }
    let err = read_document("notes.docx", &out.into_inner()).expect_err("no document");
    assert!(err.to_string().contains("no word/document.xml"), "{err}");
    let err = read_document("empty.docx", &docx("<w:p/>")).expect_err("empty");
    assert!(err.to_string().starts_with("empty.docx: "), "{err}");
}

#[test]
fn text_and_markdown_files_are_their_text() {
    let source = read_document("field notes.txt", "\u{feff}Day 1\r\nSales floor, 9 am.\r\n".as_bytes()).expect("reads");
    assert_eq!(source.name, "field notes");
    assert_eq!(source.text, "Day 1\nSales floor, 9 am.\n");
    let md = read_document("memo.md", "# Memo\n\n*Kate* said **no**.\n".as_bytes()).expect("reads");
    assert_eq!(md.text, "# Memo\n\n*Kate* said **no**.\n");
    assert_ne!(source.id, md.id);
    assert!(is_document_name("A.DOCX") && is_document_name("b.md") && is_document_name("c.txt"));
    assert!(!is_document_name("case.csv"));
    assert!(read_document("blank.txt", b"  \n").is_err());
}

mod common;

use regime_lens::core::builtin::telco;
use regime_lens::core::project::edit::{Edit, Op};
use regime_lens::core::project::Project;

fn add(project: &mut Project, library: regime_lens::core::sources::Library) -> Result<(), String> {
    project
        .apply(Edit::new(Op::AddSources { library }, "ana", "2026-12-05T10:00:00Z"))
        .map_err(|e| e.to_string())
}

#[test]
fn sources_are_added_by_an_edit_undone_redone_and_saved_with_the_project() {
    let mut project = Project::new("p", "TelCo", telco());
    let one = common::interview_library("one");
    add(&mut project, one.clone()).expect("adds");
    assert_eq!(project.library, one);
    assert_eq!(
        project.undo.last().map(|s| s.edit.describe()),
        Some("1 source added with 1 coded passages".to_string())
    );
    // What the project holds already is left as it is; nothing new is no change.
    assert!(add(&mut project, one.clone()).is_err_and(|e| e.contains("already")));
    let two = common::interview_library("two");
    add(&mut project, two.clone()).expect("adds the second");
    assert_eq!(project.library.sources.len(), 2);
    // Saved and read back.
    let back = Project::from_json("p.json", &project.to_json()).expect("reads");
    assert_eq!(back.library, project.library);
    // Undo takes off what the edit added, and only that; redo puts it back.
    project.undo().expect("undoes");
    assert_eq!(project.library, one);
    project.redo().expect("redoes");
    assert_eq!(project.library.sources.len(), 2);
    project.undo().expect("undoes");
    project.undo().expect("undoes");
    assert!(project.library.is_empty());
    // A passage outside its source's text is refused, and nothing changes.
    let mut bad = common::interview_library("bad");
    bad.passages[0].end = 999;
    let err = add(&mut project, bad).expect_err("refused");
    assert!(err.contains("outside Interview bad"), "{err}");
    assert!(project.library.is_empty());
    // A project without field material writes none.
    assert!(!Project::new("q", "TelCo", telco()).to_json().contains("\"library\""));
}

#[test]
fn a_document_opens_as_a_project_of_one_source_and_a_table_named_txt_as_a_case() {
    use regime_lens::core::open::{load_file, load_text_file, Loaded};
    let prose = "Interviewer: How did the model land?\nKate: We showed it, and went on as before.\n";
    for loaded in [
        load_file("Kate.txt", prose.as_bytes()).expect("opens"),
        load_text_file("Kate.txt", prose.as_bytes()).expect("opens"),
    ] {
        let Loaded::Project(project, _) = loaded else {
            panic!("a project")
        };
        assert!(project.case.actions.is_empty());
        assert_eq!(project.library.sources.len(), 1);
        assert_eq!(project.library.sources[0].text, prose);
        assert_eq!(project.name, "Kate");
    }
    let Loaded::Project(md, _) = load_text_file("memo.md", b"# Memo\n\nAll fine.\n").expect("opens") else {
        panic!("a project")
    };
    assert_eq!(md.library.sources[0].name, "memo");
    let table = "id\tactor\tperiod\tdescription\tsymbolic\nA1\tAM\tP1\tShowed the model\tconformity\n";
    assert!(matches!(load_file("case.txt", table.as_bytes()), Ok(Loaded::Case(_))));
    assert!(matches!(
        load_text_file("case.txt", table.as_bytes()),
        Ok(Loaded::Case(_))
    ));
}

#[test]
fn a_source_is_cut_where_its_passages_start_and_end_and_searched_without_case() {
    use regime_lens::core::sources::{Library, Passage};
    let mut library: Library = common::interview_library("one");
    // A second passage overlapping the first, coded otherwise.
    library.passages.push(Passage {
        id: "pass-two".into(),
        source: "src-one".into(),
        start: 14,
        end: 21,
        codes: vec!["code-one".into()],
        coder: "ben".into(),
        ..Passage::default()
    });
    let segments = library.segments("src-one", None);
    let texts: Vec<&str> = segments.iter().map(|s| s.text.as_str()).collect();
    assert_eq!(texts, vec!["Kate: ", "“Gérard’", "s 🙂", " sho", "w” was for them."]);
    let covered: Vec<usize> = segments.iter().map(|s| s.passages.len()).collect();
    assert!(segments.iter().all(|s| !s.focus));
    let around = library.segments_around("src-one", None, Some((2, 8)));
    let focused: String = around.iter().filter(|s| s.focus).map(|s| s.text.as_str()).collect();
    assert_eq!(focused, "te: “G");
    assert_eq!(covered, vec![0, 1, 2, 1, 0]);
    assert_eq!(
        segments.iter().map(|s| s.text.clone()).collect::<String>(),
        library.sources[0].text
    );
    assert_eq!(
        library.code_names(&library.passages[0]),
        vec!["Window dressing".to_string()]
    );
    // Only the passages of one code.
    let only = library.segments("src-one", Some("code-one"));
    assert_eq!(only.iter().filter(|s| !s.passages.is_empty()).count(), 1);
    assert_eq!(
        only.iter().find(|s| !s.passages.is_empty()).map(|s| s.text.as_str()),
        Some("s 🙂 sho")
    );
    // Search ignores case, counts in characters and gives the words around.
    let hits = library.search("GÉRARD");
    assert_eq!(hits.len(), 1);
    assert_eq!((hits[0].start, hits[0].end), (7, 13));
    assert_eq!(hits[0].matched, "Gérard");
    assert_eq!(hits[0].before, "Kate: “");
    assert!(hits[0].after.starts_with("’s 🙂 show"));
    assert!(!hits[0].more_before && !hits[0].more_after, "the whole line is shown");
    let mut long = library.clone();
    long.sources[0].text = format!("{}Gérard{}", "a".repeat(50), "b".repeat(50));
    let hit = &long.search("gérard")[0];
    assert!(hit.more_before && hit.more_after);
    assert_eq!(hit.before.chars().count(), regime_lens::core::sources::CONTEXT);
    assert!(library.search("  ").is_empty());
    assert!(library.search("absent").is_empty());
}

#[test]
fn a_passage_becomes_an_action_and_evidence_that_point_back_to_it() {
    use regime_lens::core::model::Anchor;
    use regime_lens::core::project::form::ActionForm;
    let mut project = Project::new("p", "TelCo", telco());
    add(&mut project, common::interview_library("one")).expect("adds");
    let library = project.library.clone();
    // Characters 6..17 of the interview, quoted with where they stand.
    let quote = library.evidence_at("src-one", 6, 17).expect("a quote");
    assert_eq!(quote.text, "“Gérard’s 🙂");
    assert_eq!(quote.source, "Interview one");
    assert_eq!(quote.location, "line 1, characters 6–17");
    assert_eq!(
        quote.passage,
        Some(Anchor {
            source: "src-one".into(),
            start: 6,
            end: 17
        })
    );
    assert!(library.evidence_at("src-one", 6, 999).is_none());
    assert!(library.evidence_at("nowhere", 0, 1).is_none());
    assert!(library.evidence_at("src-one", 5, 6).is_none(), "only a space");
    // A new action from it: the quote is its description and its evidence.
    let mut form = ActionForm::from_quote(&project.case, quote.clone());
    assert_eq!(form.description, "“Gérard’s 🙂");
    form.id = "AM9".into();
    form.actor = "AM".into();
    form.period = project.case.periods[0].id.clone();
    let op = form.to_op(None).expect("an edit");
    project.apply(Edit::new(op, "ana", "t")).expect("adds the action");
    let action = project.case.action("AM9").expect("AM9");
    assert_eq!(action.evidence, vec![quote.clone()]);
    // Attached to another action as evidence, with undo.
    project
        .apply(Edit::new(
            Op::AddEvidence {
                action: "AM4".into(),
                evidence: quote.clone(),
            },
            "ana",
            "t",
        ))
        .expect("attaches");
    assert_eq!(project.case.action("AM4").map(|a| a.evidence.len()), Some(1));
    // The anchor is kept in the project file and in a QDPX.
    let back = Project::from_json("p.json", &project.to_json()).expect("reads");
    assert_eq!(
        back.case.action("AM4").map(|a| a.evidence[0].clone()),
        Some(quote.clone())
    );
    let qdpx = regime_lens::core::project::qdpx::qdpx(&project, "2026-12-05T10:00:00Z");
    let read = regime_lens::core::project::qdpx::read_qdpx("p.qdpx", &qdpx).expect("reads");
    let evidence = read
        .case
        .action("AM9")
        .map(|a| a.evidence[0].clone())
        .expect("its evidence");
    assert_eq!((&evidence.text, &evidence.location), (&quote.text, &quote.location));
    let anchor = evidence.passage.expect("the anchor");
    // It points to the same characters of the source as read back (its id now a GUID).
    assert_eq!(
        read.library
            .evidence_at(&anchor.source, anchor.start, anchor.end)
            .map(|e| e.text),
        Some(quote.text.clone())
    );
    project.undo().expect("undoes");
    assert_eq!(project.case.action("AM4").map(|a| a.evidence.len()), Some(0));
}

#[test]
fn sources_added_to_a_project_are_gathered_into_one_edit_and_the_rest_is_said() {
    use regime_lens::core::open::{load_file, sources_to_add};
    let files: Vec<(&str, &[u8])> = vec![
        ("Kate.txt", b"Kate: we showed it.\n"),
        ("Raj.md", b"# Raj\n\nThe model works.\n"),
        (
            "case.txt",
            b"id\tactor\tperiod\tdescription\tsymbolic\nA1\tAM\tP1\tShowed\tconformity\n",
        ),
        ("broken.docx", b"PK\x03\x04 broken"),
    ];
    let read = files
        .into_iter()
        .map(|(name, bytes)| (name.to_string(), load_file(name, bytes)))
        .collect();
    let (library, notes) = sources_to_add(read);
    assert_eq!(
        library.sources.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(),
        vec!["Kate", "Raj"]
    );
    let texts: Vec<&str> = notes.iter().map(|n| n.text.as_str()).collect();
    assert_eq!(texts[0], "Added 2 sources, 0 codes, 0 coded passages, 0 notes.");
    assert!(
        texts[1].starts_with("case.txt holds no text to add as a source"),
        "{texts:?}"
    );
    assert!(
        texts[2].starts_with("Not added. broken.docx: the document could not be read"),
        "{texts:?}"
    );
    let mut project = Project::new("p", "TelCo", telco());
    add(&mut project, library).expect("one edit");
    assert_eq!(project.undo.len(), 1);
}

#[test]
fn codes_mapped_to_the_lens_propose_actions_the_researcher_confirms_one_by_one() {
    use regime_lens::core::model::{Aspect, Symbolic};
    use regime_lens::core::project::form::ActionForm;
    use regime_lens::core::sources::Meaning;
    let mut project = Project::new("p", "TelCo", telco());
    let mut library = common::interview_library("one");
    // A second passage, before the first, coded with the parent code too.
    library.passages.insert(
        0,
        Passage {
            id: "pass-early".into(),
            source: "src-one".into(),
            start: 0,
            end: 4,
            codes: vec!["code-one".into(), "code-one-wd".into()],
            ..Passage::default()
        },
    );
    add(&mut project, library).expect("adds");
    let map = |project: &mut Project, code: &str, meaning: Meaning| {
        project
            .apply(Edit::new(
                Op::MapCode {
                    code: code.into(),
                    name: code.into(),
                    meaning,
                },
                "ana",
                "t",
            ))
            .map_err(|e| e.to_string())
    };
    // No code means anything yet: nothing is proposed.
    assert!(project.library.proposals(&project.case).is_empty());
    let conformity = Meaning {
        kind: Some(Symbolic::Conformity),
        aspect: None,
    };
    map(&mut project, "code-one-wd", conformity).expect("maps");
    assert_eq!(
        project.undo.last().map(|s| s.edit.describe()),
        Some("code code-one-wd mapped to symbolic conformity".to_string())
    );
    assert!(map(&mut project, "code-one-wd", conformity).is_err_and(|e| e.contains("already")));
    assert!(map(&mut project, "no-such-code", conformity).is_err_and(|e| e.contains("no code no-such-code")));
    map(
        &mut project,
        "code-one",
        Meaning {
            kind: Some(Symbolic::Advocacy),
            aspect: Some(Aspect::KnowingPractices),
        },
    )
    .expect("maps the parent");
    // Each coded passage of a mapped code proposes an action, in the source's order; the kind
    // is the first code's that gives one.
    let proposals = project.library.proposals(&project.case);
    let seen: Vec<_> = proposals
        .iter()
        .map(|p| (p.passage.as_str(), p.quote.text.as_str(), p.kind, p.aspect))
        .collect();
    assert_eq!(
        seen,
        [
            (
                "pass-early",
                "Kate",
                Some(Symbolic::Advocacy),
                Some(Aspect::KnowingPractices)
            ),
            ("pass-one", "“Gérard’s 🙂", Some(Symbolic::Conformity), None),
        ]
    );
    assert_eq!(proposals[0].codes, ["Impression management", "Window dressing"]);
    // Confirmed: the editor's form holds the quote, the kind and the aspect; once saved, the
    // passage is quoted and no longer proposed. Nothing was created before.
    let actions = project.case.actions.len();
    let mut form = ActionForm::from_proposal(&project.case, &proposals[1]);
    assert_eq!(
        (form.description.as_str(), form.symbolic.as_str(), form.aspect.as_str()),
        ("“Gérard’s 🙂", "conformity", "")
    );
    assert_eq!(form.evidence, vec![proposals[1].quote.clone()]);
    assert_eq!(project.case.actions.len(), actions);
    form.id = "AM9".into();
    form.actor = "AM".into();
    form.period = project.case.periods[0].id.clone();
    project
        .apply(Edit::new(form.to_op(None).expect("an edit"), "ana", "t"))
        .expect("adds");
    assert_eq!(
        project.case.action("AM9").map(|a| a.symbolic),
        Some(Symbolic::Conformity)
    );
    let left: Vec<_> = project
        .library
        .proposals(&project.case)
        .into_iter()
        .map(|p| p.passage)
        .collect();
    assert_eq!(left, ["pass-early"]);
    // The meanings are kept in the project file and in a QDPX.
    let back = Project::from_json("p.json", &project.to_json()).expect("reads");
    assert_eq!(back.library, project.library);
    let qdpx = regime_lens::core::project::qdpx::qdpx(&project, "2026-12-05T10:00:00Z");
    let read = regime_lens::core::project::qdpx::read_qdpx("p.qdpx", &qdpx).expect("reads");
    let meanings: Vec<_> = read.library.codes.iter().map(|c| (c.name.clone(), c.meaning)).collect();
    assert_eq!(
        meanings,
        [
            (
                "Impression management".to_string(),
                Some(Meaning {
                    kind: Some(Symbolic::Advocacy),
                    aspect: Some(Aspect::KnowingPractices)
                })
            ),
            ("Window dressing".to_string(), Some(conformity)),
        ]
    );
    // A mapping is undone like every edit; mapping to nothing takes it off.
    project.undo().expect("undoes the action");
    project.undo().expect("undoes the parent's mapping");
    assert_eq!(project.library.proposals(&project.case).len(), 2);
    map(&mut project, "code-one-wd", Meaning::default()).expect("unmaps");
    assert!(project.library.proposals(&project.case).is_empty());
}
