//! REFI-QDA exchange (QDA-XML 1.0): a project as a QDPX file (a zip holding `project.qde`), the
//! codebook as a QDC file, and a QDPX read back into a project. The mapping and why it was chosen
//! are in `docs/FORMAT.md` ("REFI-QDA").
//!
//! XML is written with `quick-xml`'s writer and read with its reader into a small element tree;
//! the zip with `zip`. GUIDs are derived from what they name (two FNV-1a hashes of a stable key),
//! so the same project always gives the same file.

use crate::core::coding::{AspectEntry, CodeEntry};
use crate::core::import::workbook::check_expansion;
use crate::core::import::ImportError;
use crate::core::model::{Action, Actor, Aspect, Case, Event, Evidence, Period, Regime, Series, Symbolic};
use crate::core::persist::content_hash;
use crate::core::project::{Project, Settlement};
use crate::core::report::{ImportErrorKind, Location};
use crate::core::team::CoderCoding;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event as XmlEvent};
use quick_xml::{Reader, Writer};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::io::{Cursor, Read, Write};

/// The namespace of a project file.
pub const PROJECT_NS: &str = "urn:QDA-XML:project:1.0";
/// The namespace of a codebook file.
pub const CODEBOOK_NS: &str = "urn:QDA-XML:codebook:1.0";
/// The name of the note that carries what QDA-XML has no element for.
pub const DETAILS_NOTE: &str = "Regime Lens: case details";

/// Variables each action source carries, in this order.
const VARIABLES: [&str; 12] = [
    "Regime Lens id",
    "Actor",
    "Period",
    "Date",
    "Order",
    "Original kind",
    "Original aspect",
    "Why symbolic",
    "Aim",
    "External triggers",
    "Consequence",
    "Impact",
];

/// A GUID derived from a key.
fn guid(key: &str) -> String {
    let a = content_hash(key);
    let b = content_hash(&format!("{key}\u{1}regime-lens"));
    let hex = format!("{a}{b}");
    let hex: String = hex
        .chars()
        .filter(char::is_ascii_hexdigit)
        .chain(std::iter::repeat('0'))
        .take(32)
        .collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

/// What QDA-XML has no element for, carried in one note as JSON.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct Details {
    title: String,
    source: String,
    #[serde(default)]
    actors: Vec<Actor>,
    #[serde(default)]
    periods: Vec<Period>,
    #[serde(default)]
    series: Vec<Series>,
    #[serde(default)]
    regime: Option<Regime>,
    #[serde(default)]
    events: Vec<Event>,
    #[serde(default)]
    coders: Vec<CoderCoding>,
    #[serde(default)]
    settlements: Vec<Settlement>,
}

/// A small XML writer: elements with attributes and text, nothing else.
struct Xml {
    w: Writer<Vec<u8>>,
}

impl Xml {
    fn new() -> Self {
        let mut w = Writer::new_with_indent(Vec::new(), b' ', 1);
        // Writing to a Vec cannot fail.
        let _ = w.write_event(XmlEvent::Decl(BytesDecl::new("1.0", Some("utf-8"), None)));
        Xml { w }
    }
    fn open(&mut self, name: &str, attrs: &[(&str, &str)]) {
        let mut start = BytesStart::new(name);
        for (k, v) in attrs {
            start.push_attribute((*k, *v));
        }
        let _ = self.w.write_event(XmlEvent::Start(start));
    }
    fn close(&mut self, name: &str) {
        let _ = self.w.write_event(XmlEvent::End(BytesEnd::new(name)));
    }
    fn empty(&mut self, name: &str, attrs: &[(&str, &str)]) {
        let mut start = BytesStart::new(name);
        for (k, v) in attrs {
            start.push_attribute((*k, *v));
        }
        let _ = self.w.write_event(XmlEvent::Empty(start));
    }
    fn text(&mut self, name: &str, text: &str) {
        self.open(name, &[]);
        let _ = self.w.write_event(XmlEvent::Text(BytesText::new(text)));
        self.close(name);
    }
    fn finish(self) -> String {
        String::from_utf8(self.w.into_inner()).unwrap_or_default()
    }
}

/// The codes of the codebook: (key, name, description, colour), the parents first.
fn codes() -> Vec<(String, &'static str, &'static str, Option<&'static str>)> {
    let mut out = vec![(
        "code:kind".to_string(),
        "Symbolic kind",
        "The symbolic nature of an action (regime-of-knowing lens).",
        None,
    )];
    for (k, colour) in Symbolic::ALL.iter().zip(["#D55E00", "#0072B2", "#999999"]) {
        let what = match k {
            Symbolic::Conformity => "Appearing to comply while keeping one's practices (incumbents).",
            Symbolic::Advocacy => "Presenting only the positive side of the change (technologists, management).",
            Symbolic::Substantive => "The action does what it says.",
        };
        out.push((format!("code:kind:{}", k.key()), k.label(), what, Some(colour)));
    }
    out.push((
        "code:aspect".to_string(),
        "Aspect",
        "The aspect of the regime of knowing an action targets.",
        None,
    ));
    for a in Aspect::ALL {
        let what = match a {
            Aspect::KnowingPractices => "How actors develop and use knowledge.",
            Aspect::ValuationScheme => "How actions, people and things are evaluated.",
            Aspect::AuthorityArrangements => "Who controls how the work is done.",
        };
        out.push((format!("code:aspect:{}", a.key()), a.label(), what, None));
    }
    out
}

fn write_codes(x: &mut Xml) {
    let all = codes();
    x.open("Codes", &[]);
    for parent in ["code:kind", "code:aspect"] {
        let Some((key, name, description, _)) = all.iter().find(|c| c.0 == parent) else {
            continue;
        };
        x.open("Code", &[("guid", &guid(key)), ("name", name), ("isCodable", "false")]);
        x.text("Description", description);
        for (k, n, d, colour) in all.iter().filter(|c| c.0.starts_with(&format!("{parent}:"))) {
            let g = guid(k);
            let mut attrs = vec![("guid", g.as_str()), ("name", *n), ("isCodable", "true")];
            if let Some(c) = colour {
                attrs.push(("color", c));
            }
            x.open("Code", &attrs);
            x.text("Description", d);
            x.close("Code");
        }
        x.close("Code");
    }
    x.close("Codes");
}

/// The codebook as a QDC file.
pub fn codebook_qdc() -> String {
    let mut x = Xml::new();
    x.open("CodeBook", &[("xmlns", CODEBOOK_NS), ("origin", "Regime Lens")]);
    write_codes(&mut x);
    x.close("CodeBook");
    x.finish()
}

/// A time for `xsd:dateTime`, or none when the text is not one.
fn date_time(at: &str) -> Option<&str> {
    let ok = at.len() >= 19 && at.as_bytes().get(4) == Some(&b'-') && at.as_bytes().get(10) == Some(&b'T');
    ok.then_some(at)
}

/// The project file `project.qde`.
pub fn project_qde(project: &Project) -> String {
    let case = &*project.case;
    let original_user = "Original coding";
    // Users: whoever made a coding, and the original coding.
    let mut users: Vec<String> = vec![original_user.to_string()];
    let mut add_user = |name: &str| {
        if !name.is_empty() && !users.iter().any(|u| u == name) {
            users.push(name.to_string());
        }
    };
    for e in project.coding.values() {
        add_user(&e.coder);
    }
    for e in project.aspects.values() {
        add_user(&e.coder);
    }
    for c in &project.coders {
        add_user(&c.coder);
    }
    let user_guid = |name: &str| guid(&format!("user:{name}"));
    let source_guid = |id: &str| guid(&format!("source:{id}"));
    let variable_guid = |name: &str| guid(&format!("variable:{name}"));
    let mut notes: Vec<(String, String, String, String, Option<String>)> = Vec::new(); // guid, name, description, text, user

    let mut x = Xml::new();
    x.open(
        "Project",
        &[
            ("xmlns", PROJECT_NS),
            ("name", &project.name),
            ("origin", "Regime Lens"),
        ],
    );
    x.open("Users", &[]);
    for u in &users {
        x.empty("User", &[("guid", &user_guid(u)), ("name", u)]);
    }
    x.close("Users");
    x.open("CodeBook", &[]);
    write_codes(&mut x);
    x.close("CodeBook");
    x.open("Variables", &[]);
    for v in VARIABLES {
        let kind = if v == "Order" { "Float" } else { "Text" };
        x.empty(
            "Variable",
            &[("guid", &variable_guid(v)), ("name", v), ("typeOfVariable", kind)],
        );
    }
    x.close("Variables");
    if !case.actors.is_empty() {
        x.open("Cases", &[]);
        for actor in &case.actors {
            x.open(
                "Case",
                &[("guid", &guid(&format!("case:{}", actor.id))), ("name", &actor.name)],
            );
            if !actor.role.is_empty() {
                x.text("Description", &actor.role);
            }
            for a in case.actions.iter().filter(|a| a.actor == actor.id) {
                x.empty("SourceRef", &[("targetGUID", &source_guid(&a.id))]);
            }
            x.close("Case");
        }
        x.close("Cases");
    }
    if !case.actions.is_empty() {
        x.open("Sources", &[]);
        for a in &case.actions {
            let kind_entry = project.coding.get(&a.id);
            let aspect_entry = project.aspects.get(&a.id);
            let kind = kind_entry.map_or(a.symbolic, |e| e.kind);
            let aspect = aspect_entry.map_or(a.aspect, |e| e.aspect);
            x.open("TextSource", &[("guid", &source_guid(&a.id)), ("name", &a.id)]);
            x.text("PlainTextContent", &a.description);
            let sel = guid(&format!("selection:{}", a.id));
            let end = a.description.chars().count().to_string();
            x.open(
                "PlainTextSelection",
                &[
                    ("guid", &sel),
                    ("name", &a.id),
                    ("startPosition", "0"),
                    ("endPosition", &end),
                ],
            );
            let mut coding = |x: &mut Xml, key: &str, code: String, coder: &str, at: &str, memo: &str| {
                let user = if coder.is_empty() { original_user } else { coder };
                let g = guid(&format!("coding:{}:{key}", a.id));
                let ug = user_guid(user);
                let mut attrs = vec![("guid", g.as_str()), ("creatingUser", ug.as_str())];
                if let Some(t) = date_time(at) {
                    attrs.push(("creationDateTime", t));
                }
                x.open("Coding", &attrs);
                x.empty("CodeRef", &[("targetGUID", &guid(&code))]);
                if !memo.is_empty() {
                    let note = guid(&format!("note:memo:{}:{key}", a.id));
                    x.empty("NoteRef", &[("targetGUID", &note)]);
                    notes.push((
                        note,
                        format!("Memo on the {key} of {}", a.id),
                        String::new(),
                        memo.to_string(),
                        Some(user.to_string()),
                    ));
                }
                x.close("Coding");
            };
            let (kc, kat, kmemo) =
                kind_entry.map_or(("", "", ""), |e| (e.coder.as_str(), e.at.as_str(), e.memo.as_str()));
            coding(&mut x, "kind", format!("code:kind:{}", kind.key()), kc, kat, kmemo);
            if let Some(aspect) = aspect {
                let (ac, aat, amemo) =
                    aspect_entry.map_or(("", "", ""), |e| (e.coder.as_str(), e.at.as_str(), e.memo.as_str()));
                coding(
                    &mut x,
                    "aspect",
                    format!("code:aspect:{}", aspect.key()),
                    ac,
                    aat,
                    amemo,
                );
            }
            x.close("PlainTextSelection");
            for (i, q) in a.evidence.iter().enumerate() {
                let note = guid(&format!("note:evidence:{}:{i}", a.id));
                x.empty("NoteRef", &[("targetGUID", &note)]);
                let description = format!("Source: {}\nLocation: {}", q.source, q.location);
                notes.push((
                    note,
                    format!("Evidence for {}", a.id),
                    description,
                    q.text.clone(),
                    None,
                ));
            }
            let order = a.order.map(|o| format!("{o}")).unwrap_or_default();
            let values: [(&str, String); 12] = [
                ("Regime Lens id", a.id.clone()),
                ("Actor", a.actor.clone()),
                ("Period", a.period.clone()),
                ("Date", a.date.clone().unwrap_or_default()),
                ("Order", order),
                ("Original kind", a.symbolic.key().to_string()),
                (
                    "Original aspect",
                    a.aspect.map_or(String::new(), |x| x.key().to_string()),
                ),
                ("Why symbolic", a.symbolic_note.clone()),
                ("Aim", a.aim.clone()),
                ("External triggers", a.external_triggers.join("; ")),
                ("Consequence", a.consequence.clone()),
                ("Impact", a.impact.clone()),
            ];
            for (name, value) in values {
                if value.is_empty() {
                    continue;
                }
                x.open("VariableValue", &[]);
                x.empty("VariableRef", &[("targetGUID", &variable_guid(name))]);
                x.text(if name == "Order" { "FloatValue" } else { "TextValue" }, &value);
                x.close("VariableValue");
            }
            x.close("TextSource");
        }
        x.close("Sources");
    }
    // Memos on the case, its groups and periods.
    let mut project_notes = Vec::new();
    let memos = std::iter::once(("note:case".to_string(), "Memo on the case".to_string(), &case.memo))
        .chain(case.actors.iter().map(|x| {
            (
                format!("note:actor:{}", x.id),
                format!("Memo on actor group {}", x.name),
                &x.memo,
            )
        }))
        .chain(case.periods.iter().map(|x| {
            (
                format!("note:period:{}", x.id),
                format!("Memo on period {}", x.name),
                &x.memo,
            )
        }));
    for (key, name, memo) in memos.filter(|(_, _, memo)| !memo.is_empty()) {
        let g = guid(&key);
        notes.push((g.clone(), name, String::new(), memo.clone(), None));
        project_notes.push(g);
    }
    let details = Details {
        title: case.title.clone(),
        source: case.source.clone(),
        actors: case.actors.clone(),
        periods: case.periods.clone(),
        series: case.series.clone(),
        regime: case.regime.clone(),
        events: case.events.clone(),
        coders: project.coders.clone(),
        settlements: project.settlements.clone(),
    };
    let details_guid = guid("note:details");
    notes.push((
        details_guid.clone(),
        DETAILS_NOTE.into(),
        "What QDA-XML has no element for (actor groups and periods in full, the regime before and after, events, series, team codings), as JSON for Regime Lens.".into(),
        serde_json::to_string(&details).unwrap_or_default(),
        None,
    ));
    project_notes.push(details_guid);
    x.open("Notes", &[]);
    for (g, name, description, text, user) in &notes {
        let ug = user.as_deref().map(user_guid);
        let mut attrs = vec![("guid", g.as_str()), ("name", name.as_str())];
        if let Some(u) = &ug {
            attrs.push(("creatingUser", u.as_str()));
        }
        x.open("Note", &attrs);
        if !description.is_empty() {
            x.text("Description", description);
        }
        x.text("PlainTextContent", text);
        x.close("Note");
    }
    x.close("Notes");
    let links: Vec<(&str, &str)> = case
        .actions
        .iter()
        .flat_map(|a| a.triggers.iter().map(move |t| (t.as_str(), a.id.as_str())))
        .collect();
    if !links.is_empty() {
        x.open("Links", &[]);
        for (from, to) in links {
            x.empty(
                "Link",
                &[
                    ("guid", &guid(&format!("link:{from}>{to}"))),
                    ("name", "triggered"),
                    ("direction", "OneWay"),
                    ("originGUID", &source_guid(from)),
                    ("targetGUID", &source_guid(to)),
                ],
            );
        }
        x.close("Links");
    }
    if !case.periods.is_empty() {
        x.open("Sets", &[]);
        for p in &case.periods {
            x.open("Set", &[("guid", &guid(&format!("set:{}", p.id))), ("name", &p.name)]);
            x.text("Description", &format!("Period {}", p.id));
            for a in case.actions.iter().filter(|a| a.period == p.id) {
                x.empty("MemberSource", &[("targetGUID", &source_guid(&a.id))]);
            }
            x.close("Set");
        }
        x.close("Sets");
    }
    x.text("Description", &format!("{}. {}", case.title, case.source));
    for g in project_notes {
        x.empty("NoteRef", &[("targetGUID", &g)]);
    }
    x.close("Project");
    x.finish()
}

/// The project as a QDPX file: a zip holding `project.qde`.
pub fn qdpx(project: &Project) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut out);
        let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        let _ = zip.start_file("project.qde", options);
        let _ = zip.write_all(project_qde(project).as_bytes());
        let _ = zip.finish();
    }
    out.into_inner()
}

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
                let name = r.clone().into_inner().to_string();
                let ch = match name.as_str() {
                    "amp" => Some('&'),
                    "lt" => Some('<'),
                    "gt" => Some('>'),
                    "quot" => Some('"'),
                    "apos" => Some('\''),
                    _ => r.resolve_char_ref().ok().flatten(),
                };
                if let (Some(c), Some(top)) = (ch, stack.last_mut()) {
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

fn fail(file: &str, kind: ImportErrorKind) -> ImportError {
    ImportError {
        at: Location {
            file: file.to_string(),
            ..Location::default()
        },
        kind,
    }
}

/// True when the file is a QDPX: by its name, or as a zip that holds a `project.qde`.
pub fn is_qdpx_file(name: &str, bytes: &[u8]) -> bool {
    name.to_lowercase().ends_with(".qdpx") || (bytes.starts_with(crate::core::import::ZIP_MAGIC) && is_qdpx(bytes))
}

/// True when the bytes are a zip that holds a `project.qde`.
pub fn is_qdpx(bytes: &[u8]) -> bool {
    zip::ZipArchive::new(Cursor::new(bytes)).is_ok_and(|z| z.file_names().flatten().any(|n| n.ends_with("project.qde")))
}

/// Reads a QDPX that holds a Regime Lens case. Another tool's QDPX gets a message that says what
/// was found and what is missing.
pub fn read_qdpx(file: &str, bytes: &[u8]) -> Result<Project, ImportError> {
    let bad = |detail: String| fail(file, ImportErrorKind::BadQdpx { detail });
    check_expansion(bytes).map_err(|kind| fail(file, kind))?;
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
    project_of(file, &root)
}

fn project_of(file: &str, root: &Node) -> Result<Project, ImportError> {
    let users: HashMap<&str, &str> = root
        .child("Users")
        .map(|u| u.all("User").map(|u| (u.attr("guid"), u.attr("name"))).collect())
        .unwrap_or_default();
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
    let variables: HashMap<&str, &str> = root
        .child("Variables")
        .map(|v| v.all("Variable").map(|v| (v.attr("guid"), v.attr("name"))).collect())
        .unwrap_or_default();
    let notes: HashMap<&str, &Node> = root
        .child("Notes")
        .map(|n| n.all("Note").map(|n| (n.attr("guid"), n)).collect())
        .unwrap_or_default();
    let sources: Vec<&Node> = root
        .child("Sources")
        .map(|s| s.all("TextSource").collect())
        .unwrap_or_default();
    let has_kinds = code_of.values().any(|(is_kind, _)| *is_kind);
    let has_actor_variable = variables.values().any(|n| *n == "Actor") && variables.values().any(|n| *n == "Period");
    if sources.is_empty() || !has_kinds || !has_actor_variable {
        let found = format!(
            "{} text sources, {} codes, {} variables ({}), {} links",
            sources.len(),
            code_count,
            variables.len(),
            if variables.is_empty() {
                "none".to_string()
            } else {
                variables.values().copied().collect::<Vec<_>>().join(", ")
            },
            root.child("Links").map_or(0, |l| l.all("Link").count())
        );
        let mut missing = Vec::new();
        if sources.is_empty() {
            missing.push("a text source per action");
        }
        if !has_kinds {
            missing.push(
                "the codes Symbolic conformity, Symbolic advocacy and Substantive under a code \"Symbolic kind\"",
            );
        }
        if !has_actor_variable {
            missing.push("the variables \"Actor\" and \"Period\" on each source");
        }
        return Err(fail(
            file,
            ImportErrorKind::NotARegimeLensQdpx {
                found,
                missing: missing.join("; "),
            },
        ));
    }
    let details: Details = notes
        .values()
        .find(|n| n.attr("name") == DETAILS_NOTE)
        .and_then(|n| serde_json::from_str(&n.text_of("PlainTextContent")).ok())
        .unwrap_or_default();
    let source_id: HashMap<&str, String> = sources
        .iter()
        .map(|s| {
            let id = s
                .all("VariableValue")
                .find(|v| {
                    v.child("VariableRef")
                        .is_some_and(|r| variables.get(r.attr("targetGUID")) == Some(&"Regime Lens id"))
                })
                .map(|v| v.text_of("TextValue"))
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
        let value = |name: &str| {
            s.all("VariableValue")
                .find(|v| {
                    v.child("VariableRef")
                        .is_some_and(|r| variables.get(r.attr("targetGUID")) == Some(&name))
                })
                .map(|v| {
                    v.children
                        .iter()
                        .find(|c| c.name.ends_with("Value") && c.name != "VariableRef")
                        .map(|c| c.text.clone())
                        .unwrap_or_default()
                })
                .unwrap_or_default()
        };
        // Codings: directly on the source or on its selections.
        let mut kind = None;
        let mut aspect = None;
        let codings = s
            .all("Coding")
            .chain(s.all("PlainTextSelection").flat_map(|sel| sel.all("Coding")));
        for c in codings {
            let Some(code) = c.child("CodeRef").and_then(|r| code_of.get(r.attr("targetGUID"))) else {
                continue;
            };
            let user = users.get(c.attr("creatingUser")).copied().unwrap_or("");
            let user = if user == "Original coding" { "" } else { user };
            let memo = c
                .all("NoteRef")
                .filter_map(|r| notes.get(r.attr("targetGUID")))
                .map(|n| n.text_of("PlainTextContent"))
                .collect::<Vec<_>>()
                .join("\n");
            let entry = (
                code.1.clone(),
                user.to_string(),
                c.attr("creationDateTime").to_string(),
                memo,
            );
            if code.0 {
                kind = Some(entry);
            } else {
                aspect = Some(entry);
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
                Evidence {
                    text: n.text_of("PlainTextContent"),
                    source: line("Source:"),
                    location: line("Location:"),
                }
            })
            .collect();
        let order = value("Order");
        case.actions.push(Action {
            id: id.clone(),
            actor: value("Actor"),
            period: value("Period"),
            description: s.text_of("PlainTextContent"),
            symbolic: original_kind,
            symbolic_note: value("Why symbolic"),
            aim: value("Aim"),
            aspect: original_aspect,
            triggers: Vec::new(),
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
    // Groups and periods the details do not declare: from the sources' values.
    for a in &case.actions.clone() {
        if case.actor(&a.actor).is_none() {
            case.actors.push(Actor {
                id: a.actor.clone(),
                name: a.actor.clone(),
                role: String::new(),
                memo: String::new(),
            });
        }
        if case.period(&a.period).is_none() {
            case.periods.push(Period {
                id: a.period.clone(),
                name: a.period.clone(),
                start: None,
                end: None,
                impact: BTreeMap::new(),
                memo: String::new(),
            });
        }
    }
    // The memo on the case.
    if let Some(n) = notes.values().find(|n| n.attr("name") == "Memo on the case") {
        case.memo = n.text_of("PlainTextContent");
    }
    crate::core::validate::check_references(&case).map_err(|(path, kind)| ImportError {
        at: Location {
            file: file.to_string(),
            column: Some(path),
            ..Location::default()
        },
        kind,
    })?;
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
    Ok(project)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guids_have_the_schema_shape_and_are_stable() {
        let g = guid("source:AM4");
        assert_eq!(g.len(), 36);
        assert_eq!(g, guid("source:AM4"));
        assert_ne!(g, guid("source:AM5"));
        let parts: Vec<usize> = g.split('-').map(str::len).collect();
        assert_eq!(parts, vec![8, 4, 4, 4, 12]);
        assert!(g.chars().all(|c| c == '-' || c.is_ascii_hexdigit()));
    }
}
