//! Reading REFI-QDA: a QDPX that holds a Regime Lens case, back into a project. XML is read with
//! `quick-xml`'s reader into a small element tree, the zip with `zip`. Another tool's QDPX gets a
//! message that says what was found and what is missing.

use super::mapping::{is_own_note_name, Details, DETAILS_NOTE, EVIDENCE_CODE, GROUP_VARIABLE, OWN_CODE_GROUPS};
use super::write::own_code_guids;
use crate::core::coding::{AspectEntry, CodeEntry};
use crate::core::import::{check_expansion, ZIP_MAGIC};
use crate::core::model::{Action, Actor, Anchor, Aspect, Case, Evidence, Period, Symbolic};
use crate::core::persist::content_hash;
use crate::core::project::Project;
use crate::core::report::{ImportError, ImportErrorKind, Location, Warning, WarningKind};
use crate::core::sources::{Code, Library, Note, Passage, Source};
use quick_xml::events::{BytesStart, Event as XmlEvent};
use quick_xml::Reader;
use std::collections::{BTreeMap, HashMap};
use std::io::{Cursor, Read};

/// An element of the tree the reader builds.
#[derive(Debug, Default)]
struct Node {
    name: String,
    attrs: HashMap<String, String>,
    text: String,
    children: Vec<Node>,
}

impl Node {
    fn attr(&self, key: &str) -> &str {
        self.attrs.get(key).map_or("", String::as_str)
    }
    fn child(&self, name: &str) -> Option<&Node> {
        self.children.iter().find(|c| c.name == name)
    }
    fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Node> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }
    fn text_of(&self, name: &str) -> String {
        self.child(name).map(|c| c.text.clone()).unwrap_or_default()
    }
}

/// Parses XML into a tree (local names, namespaces dropped).
fn parse(xml: &str) -> Result<Node, String> {
    let mut reader = Reader::from_str(xml);
    let mut stack: Vec<Node> = vec![Node::default()];
    let local = |name: &str| name.rsplit(':').next().unwrap_or(name).to_string();
    let node_of = |e: &BytesStart| -> Result<Node, String> {
        let mut attrs = HashMap::new();
        for a in e.attributes() {
            let a = a.map_err(|e| e.to_string())?;
            let value = quick_xml::escape::unescape(&a.value)
                .map_err(|e| e.to_string())?
                .to_string();
            attrs.insert(local(a.key.as_ref()), value);
        }
        Ok(Node {
            name: local(e.name().as_ref()),
            attrs,
            ..Node::default()
        })
    };
    loop {
        match reader.read_event() {
            Ok(XmlEvent::Start(e)) => {
                if stack.len() > 64 {
                    return Err("the XML is nested too deeply".into());
                }
                stack.push(node_of(&e)?);
            }
            Ok(XmlEvent::Empty(e)) => {
                let node = node_of(&e)?;
                if let Some(top) = stack.last_mut() {
                    top.children.push(node);
                }
            }
            Ok(XmlEvent::End(_)) => {
                let node = stack.pop().ok_or("unbalanced XML")?;
                match stack.last_mut() {
                    Some(top) => top.children.push(node),
                    None => return Err("unbalanced XML".into()),
                }
            }
            Ok(XmlEvent::Text(t)) => {
                let text = t.xml_content(quick_xml::XmlVersion::Implicit1_0);
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&text);
                }
            }
            Ok(XmlEvent::CData(t)) => {
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&t.into_inner());
                }
            }
            Ok(XmlEvent::GeneralRef(r)) => {
                if let (Some(c), Some(top)) = (crate::core::import::entity_char(&r), stack.last_mut()) {
                    top.text.push(c);
                }
            }
            Ok(XmlEvent::Eof) => break,
            Ok(_) => {}
            Err(e) => return Err(format!("at byte {}: {e}", reader.error_position())),
        }
    }
    let root = stack.pop().ok_or("empty XML")?;
    root.children
        .into_iter()
        .next()
        .ok_or_else(|| "no root element".to_string())
}

/// True when the file is a QDPX: by its name, or as a zip that holds a `project.qde`.
pub fn is_qdpx_file(name: &str, bytes: &[u8]) -> bool {
    name.to_lowercase().ends_with(".qdpx") || (bytes.starts_with(ZIP_MAGIC) && is_qdpx(bytes))
}

/// True when the bytes are a zip that holds a `project.qde`.
pub fn is_qdpx(bytes: &[u8]) -> bool {
    zip::ZipArchive::new(Cursor::new(bytes)).is_ok_and(|z| z.file_names().flatten().any(|n| n.ends_with("project.qde")))
}

/// Reads a QDPX that holds a Regime Lens case. Another tool's QDPX gets a message that says what
/// was found and what is missing.
pub fn read_qdpx(file: &str, bytes: &[u8]) -> Result<Project, ImportError> {
    read_qdpx_warned(file, bytes).map(|(project, _)| project)
}

/// [`read_qdpx`], and what the file lacks of a case: its details note (another tool dropped it:
/// the names are rebuilt from its cases, sets and variables), the text of actions, trigger links.
pub fn read_qdpx_warned(file: &str, bytes: &[u8]) -> Result<(Project, Vec<Warning>), ImportError> {
    let (root, texts) = open_qdpx(file, bytes)?;
    project_of(file, &root, &texts)
}

/// Reads the field material of any QDPX (another tool's, or Regime Lens's own): its text
/// sources (inline or as files), codebook (the code tree, colours, descriptions), coded passages
/// (positions, codes, coder, time, memo), notes, and the sources' variables. The second value
/// lists, in words, what the file holds that a library does not keep (pictures, PDFs, audio and
/// video, sets, links, cases), so that the researcher is told.
pub fn read_qdpx_library(file: &str, bytes: &[u8]) -> Result<(Library, Vec<String>), ImportError> {
    let (root, texts) = open_qdpx(file, bytes)?;
    Ok(library_of(&root, &texts))
}

/// The parsed `project.qde` of a QDPX and the texts its sources keep as files.
fn open_qdpx(file: &str, bytes: &[u8]) -> Result<(Node, HashMap<String, String>), ImportError> {
    let bad = |detail: String| ImportError::in_file(file, ImportErrorKind::BadQdpx { detail });
    check_expansion(bytes).map_err(|kind| ImportError::in_file(file, kind))?;
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| bad(format!("it is not a zip ({e})")))?;
    let name = zip
        .file_names()
        .flatten()
        .find(|n| n.ends_with("project.qde"))
        .map(|n| n.to_string())
        .ok_or_else(|| bad("it holds no project.qde".into()))?;
    let mut xml = String::new();
    zip.by_name(&name)
        .map_err(|e| bad(e.to_string()))?
        .read_to_string(&mut xml)
        .map_err(|e| bad(format!("project.qde is not UTF-8 text ({e})")))?;
    let root = parse(&xml).map_err(|e| bad(format!("project.qde does not parse: {e}")))?;
    if root.name != "Project" {
        return Err(bad(format!(
            "the root element of project.qde is {}, not Project",
            root.name
        )));
    }
    // The texts the sources and notes keep as files in the archive (`plainTextPath=
    // "internal://…"`, as the QDA tools write them), by their path under `sources/`.
    let base = name.strip_suffix("project.qde").unwrap_or("").to_string();
    let mut texts = HashMap::new();
    let mut paths: Vec<String> = root
        .child("Sources")
        .map(|s| {
            s.all("TextSource")
                .map(|t| t.attr("plainTextPath").to_string())
                .collect()
        })
        .unwrap_or_default();
    paths.extend(
        root.child("Notes")
            .map(|n| {
                n.all("Note")
                    .map(|t| t.attr("plainTextPath").to_string())
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default(),
    );
    for path in paths {
        let Some(inside) = path.strip_prefix("internal://") else {
            continue;
        };
        let mut text = String::new();
        match zip.by_name(&format!("{base}sources/{inside}")) {
            Ok(mut entry) => {
                entry.read_to_string(&mut text).map_err(|e| {
                    bad(format!(
                        "sources/{inside} is not UTF-8 text ({e}); REFI-QDA keeps a source's plain text in UTF-8"
                    ))
                })?;
            }
            Err(_) => {
                return Err(bad(format!(
                    "a text of the project is kept at {path}, but the archive holds no sources/{inside}"
                )))
            }
        }
        // QualCoder writes its text files with a byte order mark; the positions count from
        // the character after it.
        let text = text.strip_prefix('\u{feff}').map(str::to_string).unwrap_or(text);
        texts.insert(path, text);
    }
    Ok((root, texts))
}

/// The field material of a parsed `project.qde`, and what it holds that is not kept. A QDPX
/// that holds a Regime Lens case (it has the details note, or actions) gives only its field
/// material: the sources that are not actions and their passages, the codes besides Regime
/// Lens's own (by GUID, or by name under "Symbolic kind", "Aspect" and "Regime Lens evidence"
/// for a tool that rewrote the GUIDs), and the notes that are not Regime Lens's own.
fn library_of(root: &Node, texts: &HashMap<String, String>) -> (Library, Vec<String>) {
    let (all, not_kept) = all_material(root, texts);
    (material_only(root, all, details_of(root, texts).as_ref()), not_kept)
}

/// [`library_of`] of everything the file holds as field material ([`all_material`]) and its
/// details note.
fn material_only(root: &Node, mut library: Library, details: Option<&Details>) -> Library {
    // Without the details note, a file is a case only when it codes with the kind codes: another
    // tool's sources with an "Actor" variable of their own stay field material.
    let kind_codes = root
        .child("CodeBook")
        .and_then(|c| c.child("Codes"))
        .is_some_and(|codes| codes.all("Code").any(|c| c.attr("name") == "Symbolic kind"));
    let actions: Vec<String> = if details.is_some() || kind_codes {
        action_sources(root, details)
            .iter()
            .map(|s| s.attr("guid").to_string())
            .collect()
    } else {
        Vec::new()
    };
    if details.is_none() && actions.is_empty() {
        return library;
    }
    let guids = own_code_guids();
    let mut own: Vec<String> = Vec::new();
    for c in &library.codes {
        let under_own = c.parent.as_ref().is_some_and(|p| own.contains(p));
        let own_group = c.parent.is_none() && OWN_CODE_GROUPS.contains(&c.name.as_str());
        if guids.contains(&c.id) || under_own || own_group {
            own.push(c.id.clone());
        }
    }
    library.codes.retain(|c| !own.contains(&c.id));
    library.sources.retain(|s| !actions.contains(&s.id));
    let kept: Vec<String> = library.sources.iter().map(|s| s.id.clone()).collect();
    library.passages.retain(|p| kept.contains(&p.source));
    // A passage coded with Regime Lens's own codes only (an action's evidence quote) is the
    // action's, not the library's.
    library
        .passages
        .retain(|p| p.codes.is_empty() || p.codes.iter().any(|c| !own.contains(c)));
    for p in &mut library.passages {
        p.codes.retain(|c| !own.contains(c));
    }
    if let Some(d) = details {
        for c in &mut library.codes {
            c.meaning = d.meanings.get(&c.id).copied();
        }
    }
    let listed: &[String] = details.map_or(&[], |d| &d.library_notes);
    library
        .notes
        .retain(|n| listed.contains(&n.id) || !is_own_note_name(&n.name));
    library
}

/// Everything a parsed `project.qde` holds as field material, and what it holds besides.
fn all_material(root: &Node, texts: &HashMap<String, String>) -> (Library, Vec<String>) {
    let users = names_by_guid(root, "Users", "User");
    let user = |n: &Node| {
        let guid = Some(n.attr("creatingUser"))
            .filter(|g| !g.is_empty())
            .unwrap_or(n.attr("modifyingUser"));
        // Regime Lens writes the table's own coding as "Original coding": no coder.
        match users.get(guid).copied().unwrap_or("") {
            "Original coding" => String::new(),
            name => name.to_string(),
        }
    };
    let time = |n: &Node| {
        Some(n.attr("creationDateTime"))
            .filter(|t| !t.is_empty())
            .unwrap_or(n.attr("modifiedDateTime"))
            .to_string()
    };
    let mut library = Library::default();
    fn codes_under(n: &Node, parent: Option<&str>, out: &mut Vec<Code>) {
        for c in n.all("Code") {
            out.push(Code {
                id: c.attr("guid").to_string(),
                name: c.attr("name").to_string(),
                parent: parent.map(str::to_string),
                colour: Some(c.attr("color").to_string()).filter(|c| !c.is_empty()),
                description: c.text_of("Description"),
                meaning: None,
            });
            codes_under(c, Some(c.attr("guid")), out);
        }
    }
    if let Some(codes) = root.child("CodeBook").and_then(|c| c.child("Codes")) {
        codes_under(codes, None, &mut library.codes);
    }
    let variables = names_by_guid(root, "Variables", "Variable");
    let notes: HashMap<&str, &Node> = root
        .child("Notes")
        .map(|n| n.all("Note").map(|n| (n.attr("guid"), n)).collect())
        .unwrap_or_default();
    let mut noted: Vec<&str> = Vec::new();
    let mut kept_aside: BTreeMap<&str, usize> = BTreeMap::new();
    if let Some(sources) = root.child("Sources") {
        for s in &sources.children {
            if s.name != "TextSource" {
                *kept_aside.entry(s.name.as_str()).or_default() += 1;
                continue;
            }
            let id = s.attr("guid").to_string();
            let mut source = Source {
                id: id.clone(),
                name: s.attr("name").to_string(),
                text: plain_text(s, texts),
                memo: s.text_of("Description"),
                ..Source::default()
            };
            for v in s.all("VariableValue") {
                let Some(name) = v.child("VariableRef").and_then(|r| variables.get(r.attr("targetGUID"))) else {
                    continue;
                };
                source.variables.insert((*name).to_string(), variable_value(v));
            }
            for sel in s.all("PlainTextSelection") {
                let (Ok(start), Ok(end)) = (
                    sel.attr("startPosition").parse::<usize>(),
                    sel.attr("endPosition").parse::<usize>(),
                ) else {
                    continue;
                };
                let mut memo: Vec<String> = Some(sel.text_of("Description"))
                    .filter(|d| !d.is_empty())
                    .into_iter()
                    .collect();
                let codings: Vec<&Node> = sel.all("Coding").collect();
                for r in sel.all("NoteRef").chain(codings.iter().flat_map(|c| c.all("NoteRef"))) {
                    if let Some(n) = notes.get(r.attr("targetGUID")) {
                        noted.push(n.attr("guid"));
                        let text = plain_text(n, texts);
                        if !text.is_empty() && !memo.contains(&text) {
                            memo.push(text);
                        }
                    }
                }
                let by = codings
                    .first()
                    .map(|c| user(c))
                    .filter(|u| !u.is_empty())
                    .unwrap_or_else(|| user(sel));
                library.passages.push(Passage {
                    id: sel.attr("guid").to_string(),
                    source: id.clone(),
                    start,
                    end,
                    codes: codings
                        .iter()
                        .filter_map(|c| c.child("CodeRef").map(|r| r.attr("targetGUID").to_string()))
                        .collect(),
                    coder: by,
                    at: time(sel),
                    memo: memo.join("\n"),
                });
            }
            library.sources.push(source);
        }
    }
    for n in root
        .child("Notes")
        .map(|n| n.all("Note").collect::<Vec<_>>())
        .unwrap_or_default()
    {
        if noted.contains(&n.attr("guid")) {
            continue;
        }
        library.notes.push(Note {
            id: n.attr("guid").to_string(),
            name: n.attr("name").to_string(),
            text: plain_text(n, texts),
            coder: user(n),
            at: time(n),
        });
    }
    let mut not_kept: Vec<String> = kept_aside.into_iter().map(|(kind, n)| format!("{n} {kind}")).collect();
    for (element, what) in [("Links", "Link"), ("Sets", "Set"), ("Cases", "Case")] {
        let n = root.child(element).map_or(0, |e| e.all(what).count());
        if n > 0 {
            not_kept.push(format!("{n} {what}"));
        }
    }
    (library, not_kept)
}

/// The `name` of each `item` under the root's `list` (users, variables), by GUID.
fn names_by_guid<'a>(root: &'a Node, list: &str, item: &'a str) -> HashMap<&'a str, &'a str> {
    root.child(list)
        .map(|l| l.all(item).map(|i| (i.attr("guid"), i.attr("name"))).collect())
        .unwrap_or_default()
}

/// The value a `VariableValue` holds (its `TextValue`, `FloatValue`, ...).
fn variable_value(v: &Node) -> String {
    v.children
        .iter()
        .find(|c| c.name.ends_with("Value") && c.name != "VariableRef")
        .map(|c| c.text.clone())
        .unwrap_or_default()
}

/// The details note of a Regime Lens QDPX, if it has one that reads.
fn details_of(root: &Node, texts: &HashMap<String, String>) -> Option<Details> {
    root.child("Notes")
        .and_then(|n| n.all("Note").find(|n| n.attr("name") == DETAILS_NOTE))
        .and_then(|n| serde_json::from_str(&plain_text(n, texts)).ok())
}

/// A source's or a note's plain text: inline (`PlainTextContent`) or from its file in the
/// archive.
fn plain_text(item: &Node, texts: &HashMap<String, String>) -> String {
    match texts.get(item.attr("plainTextPath")) {
        Some(text) => text.clone(),
        None => item.text_of("PlainTextContent"),
    }
}

/// The value a source gives the variable `name` (by the variables' GUIDs), or "".
fn value_named(s: &Node, variables: &HashMap<&str, &str>, name: &str) -> String {
    s.all("VariableValue")
        .find(|v| {
            v.child("VariableRef")
                .is_some_and(|r| variables.get(r.attr("targetGUID")) == Some(&name))
        })
        .map(variable_value)
        .unwrap_or_default()
}

/// The text sources of a QDPX that are actions: those with an "Actor" value that the details
/// note does not list as field material. (A tool that rewrites GUIDs, as QualCoder does, makes
/// the list miss; a document has no "Actor" value.)
fn action_sources<'a>(root: &'a Node, details: Option<&Details>) -> Vec<&'a Node> {
    let variables = names_by_guid(root, "Variables", "Variable");
    let material: &[String] = details.map_or(&[], |d| &d.library_sources);
    root.child("Sources")
        .map(|s| {
            s.all("TextSource")
                .filter(|t| !material.iter().any(|m| m == t.attr("guid")))
                .filter(|t| !value_named(t, &variables, "Actor").is_empty())
                .collect()
        })
        .unwrap_or_default()
}

/// The names of the periods a QDPX gives without its details note, by period id: a `Set` whose
/// members are one period's actions (as Regime Lens writes periods), or a variable described
/// "Period ID" (what QualCoder makes of such a set).
fn period_names(root: &Node, period_of: &HashMap<&str, String>) -> BTreeMap<String, String> {
    let mut names = BTreeMap::new();
    for set in root
        .child("Sets")
        .map(|s| s.all("Set").collect::<Vec<_>>())
        .unwrap_or_default()
    {
        let periods: Vec<&String> = set
            .all("MemberSource")
            .filter_map(|m| period_of.get(m.attr("targetGUID")))
            .collect();
        if let Some(first) = periods.first() {
            if periods.iter().all(|p| p == first) && !set.attr("name").is_empty() {
                names.insert((*first).clone(), set.attr("name").to_string());
            }
        }
    }
    for v in root
        .child("Variables")
        .map(|s| s.all("Variable").collect::<Vec<_>>())
        .unwrap_or_default()
    {
        if let Some(id) = v.text_of("Description").strip_prefix("Period ") {
            if period_of.values().any(|p| p == id) {
                names
                    .entry(id.to_string())
                    .or_insert_with(|| v.attr("name").to_string());
            }
        }
    }
    names
}

/// The actor groups a QDPX gives without its details note, by group id: a `Case` with the
/// "Regime Lens group" variable, or whose sources are one group's actions; its name and
/// description (the role).
fn group_names(
    root: &Node,
    variables: &HashMap<&str, &str>,
    actor_of: &HashMap<&str, String>,
) -> BTreeMap<String, (String, String)> {
    let mut names = BTreeMap::new();
    for case in root
        .child("Cases")
        .map(|s| s.all("Case").collect::<Vec<_>>())
        .unwrap_or_default()
    {
        let by_variable = value_named(case, variables, GROUP_VARIABLE);
        let members: Vec<&String> = case
            .all("SourceRef")
            .filter_map(|m| actor_of.get(m.attr("targetGUID")))
            .collect();
        let id = if !by_variable.is_empty() {
            Some(by_variable)
        } else {
            members
                .first()
                .filter(|first| members.iter().all(|m| m == *first))
                .map(|m| (*m).clone())
        };
        if let Some(id) = id.filter(|_| !case.attr("name").is_empty()) {
            names.insert(id, (case.attr("name").to_string(), case.text_of("Description")));
        }
    }
    names
}

fn project_of(
    file: &str,
    root: &Node,
    texts: &HashMap<String, String>,
) -> Result<(Project, Vec<Warning>), ImportError> {
    let users = names_by_guid(root, "Users", "User");
    // Codes by GUID: the kinds and aspects are found by their names under their parents.
    let mut code_of: HashMap<String, (bool, String)> = HashMap::new(); // guid -> (is kind, key)
    let mut code_count = 0;
    fn walk<'a>(n: &'a Node, out: &mut Vec<(&'a Node, Option<&'a str>)>, parent: Option<&'a str>) {
        for c in n.all("Code") {
            out.push((c, parent));
            walk(c, out, Some(c.attr("name")));
        }
    }
    let mut all_codes = Vec::new();
    if let Some(codes) = root.child("CodeBook").and_then(|c| c.child("Codes")) {
        walk(codes, &mut all_codes, None);
    }
    for (code, parent) in &all_codes {
        code_count += 1;
        let name = code.attr("name");
        if parent == &Some("Symbolic kind") {
            if let Some(k) = Symbolic::ALL.iter().find(|k| k.label() == name) {
                code_of.insert(code.attr("guid").to_string(), (true, k.key().to_string()));
            }
        } else if parent == &Some("Aspect") {
            if let Some(a) = Aspect::ALL.iter().find(|a| a.label() == name) {
                code_of.insert(code.attr("guid").to_string(), (false, a.key().to_string()));
            }
        }
    }
    let variables = names_by_guid(root, "Variables", "Variable");
    let notes: HashMap<&str, &Node> = root
        .child("Notes")
        .map(|n| n.all("Note").map(|n| (n.attr("guid"), n)).collect())
        .unwrap_or_default();
    let details = details_of(root, texts);
    let sources = action_sources(root, details.as_ref());
    let text_sources = root.child("Sources").map_or(0, |s| s.all("TextSource").count());
    let has_kinds = code_of.values().any(|(is_kind, _)| *is_kind);
    let has_actor_variable = variables.values().any(|n| *n == "Actor") && variables.values().any(|n| *n == "Period");
    if sources.is_empty() || !has_kinds || !has_actor_variable {
        let found = format!(
            "{} text sources, {} codes, {} variables ({}), {} links",
            text_sources,
            code_count,
            variables.len(),
            if variables.is_empty() {
                "none".to_string()
            } else {
                let mut names: Vec<&str> = variables.values().copied().collect();
                names.sort_unstable();
                names.join(", ")
            },
            root.child("Links").map_or(0, |l| l.all("Link").count())
        );
        let mut missing = Vec::new();
        if sources.is_empty() {
            missing.push("a text source per action, with its \"Actor\" value");
        }
        if !has_kinds {
            missing.push(
                "the codes Symbolic conformity, Symbolic advocacy and Substantive under a code \"Symbolic kind\"",
            );
        }
        if !has_actor_variable {
            missing.push("the variables \"Actor\" and \"Period\" on each source");
        }
        return Err(ImportError::in_file(
            file,
            ImportErrorKind::NotARegimeLensQdpx {
                found,
                missing: missing.join("; "),
            },
        ));
    }
    // The field material: all of it read once, for the library and for the evidence below.
    let (all, _) = all_material(root, texts);
    let library = material_only(root, all.clone(), details.as_ref());
    let had_details = details.is_some();
    let details: Details = details.unwrap_or_default();
    let source_id: HashMap<&str, String> = sources
        .iter()
        .map(|s| {
            let id = Some(value_named(s, &variables, "Regime Lens id"))
                .filter(|v| !v.is_empty())
                .unwrap_or_else(|| s.attr("name").to_string());
            (s.attr("guid"), id)
        })
        .collect();
    let mut case = Case {
        title: details.title.clone(),
        source: details.source.clone(),
        actors: details.actors.clone(),
        periods: details.periods.clone(),
        series: details.series.clone(),
        regime: details.regime.clone(),
        events: details.events.clone(),
        ..Case::default()
    };
    let mut coding = BTreeMap::new();
    let mut aspects = BTreeMap::new();
    for s in &sources {
        let id = source_id[s.attr("guid")].clone();
        let value = |name: &str| value_named(s, &variables, name);
        // Codings: directly on the source or on its selections (whose time a coding without
        // one has: QualCoder writes it there only).
        let mut kind = None;
        let mut aspect = None;
        let codings = s.all("Coding").map(|c| (c, *s)).chain(
            s.all("PlainTextSelection")
                .flat_map(|sel| sel.all("Coding").map(move |c| (c, sel))),
        );
        for (c, holder) in codings {
            let Some(code) = c.child("CodeRef").and_then(|r| code_of.get(r.attr("targetGUID"))) else {
                continue;
            };
            let user = users.get(c.attr("creatingUser")).copied().unwrap_or("");
            let user = if user == "Original coding" { "" } else { user };
            let memo = c
                .all("NoteRef")
                .filter_map(|r| notes.get(r.attr("targetGUID")))
                .map(|n| plain_text(n, texts))
                .collect::<Vec<_>>()
                .join("\n");
            // No note: the memo QualCoder keeps as the description of a selection of one
            // coding (it writes one per coding, the memo on each of the action's: the kind's,
            // when both say the same).
            let alone = holder.name == "PlainTextSelection" && holder.all("Coding").count() == 1;
            let memo = if memo.is_empty() && alone {
                holder.text_of("Description")
            } else {
                memo
            };
            let at = Some(c.attr("creationDateTime"))
                .filter(|t| !t.is_empty())
                .unwrap_or(holder.attr("creationDateTime"));
            let entry = (code.1.clone(), user.to_string(), at.to_string(), memo);
            if code.0 {
                kind = Some(entry);
            } else {
                aspect = Some(entry);
            }
        }
        if let (Some(k), Some(a)) = (&kind, &mut aspect) {
            if a.3 == k.3 && !a.3.is_empty() {
                a.3.clear();
            }
        }
        let current_kind = kind
            .as_ref()
            .and_then(|k| Symbolic::parse_label(&k.0))
            .unwrap_or(Symbolic::Substantive);
        let current_aspect = aspect.as_ref().and_then(|a| Aspect::parse_label(&a.0));
        let original_kind = Symbolic::parse_label(&value("Original kind"))
            .filter(|_| !value("Original kind").is_empty())
            .unwrap_or(current_kind);
        let original_aspect = match value("Original aspect").as_str() {
            "" if value("Original kind").is_empty() => current_aspect,
            "" => None,
            text => Aspect::parse_label(text),
        };
        if let Some((_, coder, at, memo)) = &kind {
            if current_kind != original_kind || !memo.is_empty() {
                coding.insert(
                    id.clone(),
                    CodeEntry {
                        kind: current_kind,
                        coder: coder.clone(),
                        at: at.clone(),
                        memo: memo.clone(),
                        review: None,
                    },
                );
            }
        }
        if current_aspect != original_aspect || aspect.as_ref().is_some_and(|a| !a.3.is_empty()) {
            let (coder, at, memo) = aspect
                .as_ref()
                .map_or((String::new(), String::new(), String::new()), |a| {
                    (a.1.clone(), a.2.clone(), a.3.clone())
                });
            aspects.insert(
                id.clone(),
                AspectEntry {
                    aspect: current_aspect,
                    coder,
                    at,
                    memo,
                    review: None,
                },
            );
        }
        let evidence = s
            .all("NoteRef")
            .filter_map(|r| notes.get(r.attr("targetGUID")))
            .map(|n| {
                let description = n.text_of("Description");
                let line = |prefix: &str| {
                    description
                        .lines()
                        .find_map(|l| l.strip_prefix(prefix))
                        .map(str::trim)
                        .unwrap_or("")
                        .to_string()
                };
                // "Passage: SOURCE-ID START-END": where the quote stands in a source of the project.
                let passage = line("Passage:");
                let anchor = passage.rsplit_once(' ').and_then(|(source, span)| {
                    let (start, end) = span.split_once('-')?;
                    Some(Anchor {
                        source: source.to_string(),
                        start: start.parse().ok()?,
                        end: end.parse().ok()?,
                    })
                });
                Evidence {
                    text: plain_text(n, texts),
                    source: line("Source:"),
                    location: line("Location:"),
                    passage: anchor,
                }
            })
            .collect();
        let order = value("Order");
        case.actions.push(Action {
            id: id.clone(),
            actor: value("Actor"),
            period: value("Period"),
            description: plain_text(s, texts),
            symbolic: original_kind,
            symbolic_note: value("Why symbolic"),
            aim: value("Aim"),
            aspect: original_aspect,
            triggers: value("Triggered by")
                .split(';')
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(String::from)
                .collect(),
            external_triggers: value("External triggers")
                .split(';')
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(String::from)
                .collect(),
            consequence: value("Consequence"),
            impact: value("Impact"),
            date: Some(value("Date")).filter(|d| !d.is_empty()),
            order: order.parse().ok(),
            evidence,
        });
    }
    // Triggers from the one-way links between sources, in the file's order.
    if let Some(links) = root.child("Links") {
        for l in links.all("Link") {
            let (Some(from), Some(to)) = (source_id.get(l.attr("originGUID")), source_id.get(l.attr("targetGUID")))
            else {
                continue;
            };
            if let Some(a) = case.actions.iter_mut().find(|a| &a.id == to) {
                if !a.triggers.contains(from) {
                    a.triggers.push(from.clone());
                }
            }
        }
    }
    // A "Triggered by" value that names no action of the file is no link.
    let ids: Vec<String> = case.actions.iter().map(|a| a.id.clone()).collect();
    for a in &mut case.actions {
        a.triggers.retain(|t| ids.contains(t));
    }
    // Groups and periods the details do not declare: from the file's cases and sets, else
    // their ids.
    let by_guid = |name: &str| -> HashMap<&str, String> {
        sources
            .iter()
            .map(|s| (s.attr("guid"), value_named(s, &variables, name)))
            .collect()
    };
    let groups = group_names(root, &variables, &by_guid("Actor"));
    let period_names = period_names(root, &by_guid("Period"));
    let (mut groups_named, mut periods_named) = (0, 0);
    for a in &case.actions.clone() {
        if case.actor(&a.actor).is_none() {
            let (name, role) = match groups.get(&a.actor) {
                Some((name, role)) => {
                    groups_named += 1;
                    (name.clone(), role.clone())
                }
                None => (a.actor.clone(), String::new()),
            };
            case.actors.push(Actor {
                id: a.actor.clone(),
                name,
                role,
                memo: String::new(),
            });
        }
        if case.period(&a.period).is_none() {
            let name = match period_names.get(&a.period) {
                Some(name) => {
                    periods_named += 1;
                    name.clone()
                }
                None => a.period.clone(),
            };
            case.periods.push(Period {
                id: a.period.clone(),
                name,
                start: None,
                end: None,
                impact: BTreeMap::new(),
                memo: String::new(),
            });
        }
    }
    // The memo on the case.
    if let Some(n) = notes.values().find(|n| n.attr("name") == "Memo on the case") {
        case.memo = plain_text(n, texts);
    }
    let mut warnings = Vec::new();
    let warn = |kind| Warning {
        at: Location::of_file(file),
        kind,
    };
    if !had_details {
        // The project's name (QualCoder's ends in ".qda") and description stand in for the
        // case's title and source.
        let name = root.attr("name");
        case.title = name.strip_suffix(".qda").unwrap_or(name).to_string();
        case.source = root.text_of("Description");
        let unnamed = if groups_named < case.actors.len() || periods_named < case.periods.len() {
            ", the others named by their ids"
        } else {
            ""
        };
        let mut rebuilt = vec![format!(
            "the names of {groups_named} of {} actor groups (from its cases) and of {periods_named} of {} periods (from its sets or variables){unnamed}",
            case.actors.len(),
            case.periods.len()
        )];
        if !case.title.is_empty() {
            rebuilt.push(format!("the title \"{}\" from the project's name", case.title));
        }
        warnings.push(warn(WarningKind::QdpxNoDetails {
            rebuilt: rebuilt.join("; "),
        }));
    }
    let no_text: Vec<String> = case
        .actions
        .iter()
        .filter(|a| a.description.trim().is_empty())
        .map(|a| a.id.clone())
        .collect();
    if !no_text.is_empty() {
        warnings.push(warn(WarningKind::QdpxNoText { ids: no_text }));
    }
    if case.actions.len() > 1 && case.actions.iter().all(|a| a.triggers.is_empty()) {
        warnings.push(warn(WarningKind::QdpxNoLinks {
            actions: case.actions.len(),
        }));
    }
    crate::core::validate::check_references(&case)
        .map_err(|(path, kind)| ImportError::new(Location::of_file(file).with_column(path), kind))?;
    let name = root.attr("name");
    let mut project = Project::new(
        format!("qdpx-{}", content_hash(&format!("{file}{}", case.title))),
        if name.is_empty() {
            case.title.clone()
        } else {
            name.to_string()
        },
        case,
    );
    project.coding = coding;
    project.aspects = aspects;
    project.coders = details.coders;
    project.settlements = details.settlements;
    // The field material the project carried.
    project.library = library;
    // Evidence a tool kept only as passages coded under "Regime Lens evidence" (QualCoder drops
    // the evidence notes): a quote of each, pointing to its passage, unless the action has it.
    if let Some(group) = all.codes.iter().find(|c| c.parent.is_none() && c.name == EVIDENCE_CODE) {
        let case = std::sync::Arc::make_mut(&mut project.case);
        for code in all
            .codes
            .iter()
            .filter(|c| c.parent.as_deref() == Some(group.id.as_str()))
        {
            let Some(action) = case.actions.iter_mut().find(|a| a.id == code.name) else {
                continue;
            };
            for p in all.passages.iter().filter(|p| p.codes.contains(&code.id)) {
                let anchor = Anchor {
                    source: p.source.clone(),
                    start: p.start,
                    end: p.end,
                };
                if action.evidence.iter().any(|e| e.passage.as_ref() == Some(&anchor)) {
                    continue;
                }
                if let Some(quote) = project.library.evidence_at(&p.source, p.start, p.end) {
                    action.evidence.push(quote);
                }
            }
        }
    }
    Ok((project, warnings))
}
