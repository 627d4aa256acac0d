//! Writing REFI-QDA: the project as a QDPX file (a zip holding `project.qde`) and the codebook
//! as a QDC file. XML is written with `quick-xml`'s writer, the zip with `zip`.

use super::mapping::{
    guid, library_guid, Details, CODEBOOK_NS, DETAILS_NOTE, EVIDENCE_CODE, GROUP_VARIABLE, PROJECT_NS, VARIABLES,
};
use crate::core::model::{Anchor, Aspect, Symbolic};
use crate::core::project::Project;
use crate::core::sources::{Code, Library};
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event as XmlEvent};
use quick_xml::Writer;
use std::io::{Cursor, Write};

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
    // Colours from the same colour-blind-safe palette (Okabe and Ito) as the kinds.
    for (a, colour) in Aspect::ALL.iter().zip(["#009E73", "#E69F00", "#CC79A7"]) {
        let what = match a {
            Aspect::KnowingPractices => "How actors develop and use knowledge.",
            Aspect::ValuationScheme => "How actions, people and things are evaluated.",
            Aspect::AuthorityArrangements => "Who controls how the work is done.",
        };
        out.push((format!("code:aspect:{}", a.key()), a.label(), what, Some(colour)));
    }
    out
}

fn write_codes(x: &mut Xml) {
    write_codes_and(x, |_| {});
}

/// The GUIDs of the Regime Lens codes.
pub(super) fn own_code_guids() -> Vec<String> {
    codes().into_iter().map(|(key, ..)| guid(&key)).collect()
}

/// The Regime Lens codes, then what `more` writes inside the same `Codes` element.
fn write_codes_and(x: &mut Xml, more: impl FnOnce(&mut Xml)) {
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
    more(x);
    x.close("Codes");
}

/// The Regime Lens codes, then the codes of the field material (another tool's codebook) as their
/// tree.
fn write_codes_with(x: &mut Xml, library: &Library, evidence: &[Quote]) {
    fn tree(x: &mut Xml, codes: &[Code], parent: Option<&str>) {
        // At the top: codes of no parent, or of one the codebook does not hold.
        let under = |c: &&Code| match parent {
            Some(p) => c.parent.as_deref() == Some(p),
            None => c.parent.as_deref().is_none_or(|p| !codes.iter().any(|o| o.id == p)),
        };
        for c in codes.iter().filter(under) {
            let g = library_guid("code", &c.id);
            let mut attrs = vec![("guid", g.as_str()), ("name", c.name.as_str()), ("isCodable", "true")];
            if let Some(colour) = &c.colour {
                attrs.push(("color", colour.as_str()));
            }
            x.open("Code", &attrs);
            if !c.description.is_empty() {
                x.text("Description", &c.description);
            }
            tree(x, codes, Some(&c.id));
            x.close("Code");
        }
    }
    write_codes_and(x, |x| {
        tree(x, &library.codes, None);
        // A code per action whose evidence stands in the sources, under one group.
        let mut actions: Vec<(&str, &str)> = Vec::new();
        for q in evidence {
            if !actions.iter().any(|(id, _)| *id == q.action) {
                actions.push((q.action, q.description));
            }
        }
        if actions.is_empty() {
            return;
        }
        x.open(
            "Code",
            &[
                ("guid", &guid("code:evidence")),
                ("name", EVIDENCE_CODE),
                ("isCodable", "false"),
            ],
        );
        x.text(
            "Description",
            "Where the evidence of each Regime Lens action stands in the sources: a code per action, named by its id.",
        );
        for (id, description) in actions {
            let g = guid(&format!("code:evidence:{id}"));
            x.open("Code", &[("guid", g.as_str()), ("name", id), ("isCodable", "true")]);
            if !description.is_empty() {
                x.text("Description", description);
            }
            x.close("Code");
        }
        x.close("Code");
    });
}

/// An action's evidence quote that points to a passage of one of the project's sources.
struct Quote<'a> {
    action: &'a str,
    description: &'a str,
    index: usize,
    at: &'a Anchor,
}

/// The evidence quotes of the project's actions that stand in its sources, in the actions' order.
fn quotes_in_sources(project: &Project) -> Vec<Quote<'_>> {
    let mut out = Vec::new();
    for a in &project.case.actions {
        for (index, e) in a.evidence.iter().enumerate() {
            let Some(at) = &e.passage else { continue };
            let inside = project
                .library
                .sources
                .iter()
                .any(|s| s.id == at.source && at.start < at.end && at.end <= s.text.chars().count());
            if inside {
                out.push(Quote {
                    action: &a.id,
                    description: &a.description,
                    index,
                    at,
                });
            }
        }
    }
    out
}

/// The field material's text sources: the text in a file, each coded passage a selection with
/// its codings, the variables.
/// Each evidence quote that stands in a source is a selection there, coded with its action's
/// code under "Regime Lens evidence", so that the other tool shows where the evidence stands.
fn write_library_sources(
    x: &mut Xml,
    library: &Library,
    evidence: &[Quote],
    export_at: &str,
    user_guid: &dyn Fn(&str) -> String,
    variable_guid: &dyn Fn(&str) -> String,
) {
    for s in &library.sources {
        let g = library_guid("source", &s.id);
        let path = format!("internal://{g}.txt");
        x.open(
            "TextSource",
            &[
                ("guid", g.as_str()),
                ("name", s.name.as_str()),
                ("plainTextPath", path.as_str()),
            ],
        );
        if !s.memo.is_empty() {
            x.text("Description", &s.memo);
        }
        for p in library.passages.iter().filter(|p| p.source == s.id) {
            let pg = library_guid("passage", &p.id);
            let (start, end) = (p.start.to_string(), p.end.to_string());
            let user = user_guid(if p.coder.is_empty() {
                "Original coding"
            } else {
                &p.coder
            });
            let mut attrs = vec![
                ("guid", pg.as_str()),
                ("startPosition", start.as_str()),
                ("endPosition", end.as_str()),
                ("creatingUser", user.as_str()),
            ];
            if let Some(t) = date_time(&p.at) {
                attrs.push(("creationDateTime", t));
            }
            x.open("PlainTextSelection", &attrs);
            if !p.memo.is_empty() {
                x.text("Description", &p.memo);
            }
            for code in &p.codes {
                let cg = guid(&format!("coding:{pg}:{code}"));
                let mut attrs = vec![("guid", cg.as_str()), ("creatingUser", user.as_str())];
                if let Some(t) = date_time(&p.at) {
                    attrs.push(("creationDateTime", t));
                }
                x.open("Coding", &attrs);
                x.empty("CodeRef", &[("targetGUID", &library_guid("code", code))]);
                x.close("Coding");
            }
            x.close("PlainTextSelection");
        }
        let original = user_guid("Original coding");
        for q in evidence.iter().filter(|q| q.at.source == s.id) {
            let sg = guid(&format!("evidence:{}:{}", q.action, q.index));
            let (start, end) = (q.at.start.to_string(), q.at.end.to_string());
            x.open(
                "PlainTextSelection",
                &[
                    ("guid", sg.as_str()),
                    ("name", &format!("Evidence for {}", q.action)),
                    ("startPosition", start.as_str()),
                    ("endPosition", end.as_str()),
                    ("creatingUser", original.as_str()),
                    ("creationDateTime", export_at),
                ],
            );
            x.text("Description", &format!("Evidence for {}", q.action));
            let cg = guid(&format!("coding:evidence:{}:{}", q.action, q.index));
            x.open(
                "Coding",
                &[
                    ("guid", cg.as_str()),
                    ("creatingUser", original.as_str()),
                    ("creationDateTime", export_at),
                ],
            );
            x.empty(
                "CodeRef",
                &[("targetGUID", &guid(&format!("code:evidence:{}", q.action)))],
            );
            x.close("Coding");
            x.close("PlainTextSelection");
        }
        for (name, value) in &s.variables {
            x.open("VariableValue", &[]);
            x.empty("VariableRef", &[("targetGUID", &variable_guid(name))]);
            x.text("TextValue", value);
            x.close("VariableValue");
        }
        x.close("TextSource");
    }
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

/// The path inside the archive of an action's text, and the `plainTextPath` that points to it.
fn text_path(action_id: &str) -> (String, String) {
    let name = format!("{}.txt", guid(&format!("source:{action_id}")));
    (format!("sources/{name}"), format!("internal://{name}"))
}

/// The project file `project.qde`. Each action's text is not in it but in its own file of the
/// archive ([`qdpx`]), as the QDA tools keep a source's text (the schema allows one or the other).
/// `at` is the time of the export (ISO 8601, UTC): the creation time of the notes the project
/// keeps no time for (the QDA tools need one on every note; QualCoder's importer stops without).
pub fn project_qde(project: &Project, at: &str) -> String {
    project_and_notes(project, at).0
}

/// [`project_qde`], and the notes of the project kept as files (their paths in the archive and
/// their texts): the memos on the case, its groups and periods, the library's notes and the
/// details note. The QDA tools read a project's notes from files (QualCoder keeps a note only so,
/// as a journal, and writes it back), so the case's details come back from a round trip through
/// them. Notes on one action (evidence, coding memos) stay inline, where they travel with it.
fn project_and_notes(project: &Project, at: &str) -> (String, Vec<(String, String)>) {
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
    for p in &project.library.passages {
        add_user(&p.coder);
    }
    for n in &project.library.notes {
        add_user(&n.coder);
    }
    let user_guid = |name: &str| guid(&format!("user:{name}"));
    let source_guid = |id: &str| guid(&format!("source:{id}"));
    let variable_guid = |name: &str| guid(&format!("variable:{name}"));
    let export_at = date_time(at).unwrap_or("1970-01-01T00:00:00Z");
    // guid, name, description, text, user, time
    let mut notes: Vec<(String, String, String, String, Option<String>, String)> = Vec::new();

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
    let quotes = quotes_in_sources(project);
    write_codes_with(&mut x, &project.library, &quotes);
    x.close("CodeBook");
    x.open("Variables", &[]);
    let mut variable_names: Vec<&str> = VARIABLES.to_vec();
    for s in &project.library.sources {
        for name in s.variables.keys() {
            if !variable_names.contains(&name.as_str()) {
                variable_names.push(name);
            }
        }
    }
    for v in variable_names {
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
            x.open("VariableValue", &[]);
            x.empty("VariableRef", &[("targetGUID", &variable_guid(GROUP_VARIABLE))]);
            x.text("TextValue", &actor.id);
            x.close("VariableValue");
            for a in case.actions.iter().filter(|a| a.actor == actor.id) {
                x.empty("SourceRef", &[("targetGUID", &source_guid(&a.id))]);
            }
            x.close("Case");
        }
        x.close("Cases");
    }
    if !case.actions.is_empty() || !project.library.sources.is_empty() {
        x.open("Sources", &[]);
        for a in &case.actions {
            let kind_entry = project.coding.get(&a.id);
            let aspect_entry = project.aspects.get(&a.id);
            let kind = kind_entry.map_or(a.symbolic, |e| e.kind);
            let aspect = aspect_entry.map_or(a.aspect, |e| e.aspect);
            let (_, path) = text_path(&a.id);
            x.open(
                "TextSource",
                &[("guid", &source_guid(&a.id)), ("name", &a.id), ("plainTextPath", &path)],
            );
            let sel = guid(&format!("selection:{}", a.id));
            let end = a.description.chars().count().to_string();
            // The selection is the action's text as its kind coder coded it: QualCoder, for
            // one, reads the coder and the time from the selection, and its memo from the
            // selection's description.
            let (sel_coder, sel_at) = kind_entry.map_or((original_user, ""), |e| {
                (
                    if e.coder.is_empty() {
                        original_user
                    } else {
                        e.coder.as_str()
                    },
                    e.at.as_str(),
                )
            });
            let sel_user = user_guid(sel_coder);
            let mut sel_attrs = vec![
                ("guid", sel.as_str()),
                ("name", a.id.as_str()),
                ("startPosition", "0"),
                ("endPosition", end.as_str()),
                ("creatingUser", sel_user.as_str()),
            ];
            if let Some(t) = date_time(sel_at) {
                sel_attrs.push(("creationDateTime", t));
            }
            x.open("PlainTextSelection", &sel_attrs);
            let memos: Vec<&str> = [
                kind_entry.map(|e| e.memo.as_str()),
                aspect_entry.map(|e| e.memo.as_str()),
            ]
            .into_iter()
            .flatten()
            .filter(|m| !m.is_empty())
            .collect();
            if !memos.is_empty() {
                x.text("Description", &memos.join("\n"));
            }
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
                        date_time(at).unwrap_or(export_at).to_string(),
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
                let mut description = format!("Source: {}\nLocation: {}", q.source, q.location);
                if let Some(a) = &q.passage {
                    // Under the GUID the source is written with.
                    let source = library_guid("source", &a.source);
                    description.push_str(&format!("\nPassage: {source} {}-{}", a.start, a.end));
                }
                notes.push((
                    note,
                    format!("Evidence for {}", a.id),
                    description,
                    q.text.clone(),
                    None,
                    export_at.to_string(),
                ));
            }
            let order = a.order.map(|o| format!("{o}")).unwrap_or_default();
            let values: [(&str, String); 13] = [
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
                // Besides the links: a tool that drops links (QualCoder) keeps the variables.
                ("Triggered by", a.triggers.join("; ")),
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
        write_library_sources(&mut x, &project.library, &quotes, export_at, &user_guid, &variable_guid);
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
        notes.push((
            g.clone(),
            name,
            String::new(),
            memo.clone(),
            None,
            export_at.to_string(),
        ));
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
        library_sources: project
            .library
            .sources
            .iter()
            .map(|s| library_guid("source", &s.id))
            .collect(),
        library_notes: project
            .library
            .notes
            .iter()
            .map(|n| library_guid("note", &n.id))
            .collect(),
        meanings: project
            .library
            .codes
            .iter()
            .filter_map(|c| c.meaning.map(|m| (library_guid("code", &c.id), m)))
            .collect(),
    };
    for n in &project.library.notes {
        let g = library_guid("note", &n.id);
        let time = date_time(&n.at).unwrap_or(export_at).to_string();
        let user = Some(n.coder.clone()).filter(|c| !c.is_empty());
        notes.push((g.clone(), n.name.clone(), String::new(), n.text.clone(), user, time));
        project_notes.push(g);
    }
    let details_guid = guid("note:details");
    notes.push((
        details_guid.clone(),
        DETAILS_NOTE.into(),
        "What QDA-XML has no element for (actor groups and periods in full, the regime before and after, events, series, team codings), as JSON for Regime Lens.".into(),
        serde_json::to_string(&details).unwrap_or_default(),
        None,
        export_at.to_string(),
    ));
    project_notes.push(details_guid);
    let mut note_files = Vec::new();
    x.open("Notes", &[]);
    for (g, name, description, text, user, time) in &notes {
        let ug = user_guid(user.as_deref().unwrap_or(original_user));
        let mut attrs = vec![
            ("guid", g.as_str()),
            ("name", name.as_str()),
            ("creatingUser", ug.as_str()),
            ("creationDateTime", time.as_str()),
        ];
        let file = project_notes.contains(g).then(|| format!("{g}.txt"));
        let path = file.as_ref().map(|f| format!("internal://{f}"));
        if let Some(path) = &path {
            attrs.push(("plainTextPath", path.as_str()));
        }
        x.open("Note", &attrs);
        if !description.is_empty() {
            x.text("Description", description);
        }
        match file {
            Some(file) => note_files.push((format!("sources/{file}"), text.clone())),
            None => x.text("PlainTextContent", text),
        }
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
    (x.finish(), note_files)
}

/// The project as a QDPX file: a zip holding `project.qde` and each action's text as a file
/// under `sources/` (UTF-8), where the QDA tools read a source's text. `at`: the time of the
/// export ([`project_qde`]).
pub fn qdpx(project: &Project, at: &str) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut out);
        let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        let (qde, notes) = project_and_notes(project, at);
        let _ = zip.start_file("project.qde", options);
        let _ = zip.write_all(qde.as_bytes());
        for (path, text) in notes {
            let _ = zip.start_file(path, options);
            let _ = zip.write_all(text.as_bytes());
        }
        for a in &project.case.actions {
            let (path, _) = text_path(&a.id);
            let _ = zip.start_file(path, options);
            let _ = zip.write_all(a.description.as_bytes());
        }
        for s in &project.library.sources {
            let _ = zip.start_file(format!("sources/{}.txt", library_guid("source", &s.id)), options);
            let _ = zip.write_all(s.text.as_bytes());
        }
        let _ = zip.finish();
    }
    out.into_inner()
}
