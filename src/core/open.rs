//! Opening any file: the one dispatcher that recognises every file the app or the command line
//! accepts ([`recognise`]) and returns what it holds ([`Loaded`]: a project, or a case to start
//! one from), as rerun's `load_file` hands a file to the one loader that takes it.
//!
//! Also what follows from a file once read, decided here so that it is tested natively and the UI
//! only shows it: what an opened file becomes ([`opened`]: the project, what to tell, the sheets
//! to offer), one coder's coding read from any file ([`read_coder`]) and whether it fits the open
//! case ([`coders_from_files`]).

use crate::core::coding::{case_with_coding, coder_name, labels_of_case, CoderCoding};
use crate::core::import::codings::read_codings_csv;
use crate::core::import::csv::looks_like_table;
use crate::core::import::document::{is_document_name, read_document, read_text_document};
use crate::core::import::json::import_json;
use crate::core::import::workbook::{import_workbook, is_workbook};
use crate::core::import::{first_byte, is_text_name, strip_bom, Imported, ZIP_MAGIC};
use crate::core::model::Case;
use crate::core::persist::content_hash;
use crate::core::project::file::PROJECT_FORMAT;
use crate::core::project::qdpx::{is_qdpx_file, read_qdpx_library, read_qdpx_warned};
use crate::core::project::Project;
use crate::core::report::{ImportError, ImportErrorKind, Level, Note, Warning, WarningKind};
use crate::core::sort::SortErased;
use crate::core::sources::Library;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::Arc;

/// What kind of file a file is, as [`recognise`] tells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A REFI-QDA project: by its name, or a zip that holds a `project.qde`.
    Qdpx,
    /// A Regime Lens project file: JSON whose top-level `format` says so.
    Project,
    /// A workbook: XLSX, XLSM, XLSB, XLS or ODS, by its name or its first bytes.
    Workbook,
    /// A JSON case.
    Json,
    /// An action table (CSV, TSV, or text of another name).
    Table,
    /// A document to code: `.docx`, `.md`, or a `.txt` that is not an action table.
    Document,
}

/// What kind of file this is, from its name and content: a QDPX, a project file, then by the
/// name's extension (`.json`, `.csv`, `.tsv`, `.txt`, a workbook's), then by the first bytes (a
/// zip or an OLE2 file is a workbook, `{` starts a JSON case, anything else is a table).
pub fn recognise(name: &str, bytes: &[u8]) -> Format {
    if is_qdpx_file(name, bytes) {
        Format::Qdpx
    } else if is_project_file(name, bytes) {
        Format::Project
    } else if is_document(name, bytes) {
        Format::Document
    } else {
        case_format(name, bytes)
    }
}

/// True when the file is a document to code: `.docx`, `.md`, or a `.txt` whose first line does
/// not name an action table's columns.
pub fn is_document(name: &str, bytes: &[u8]) -> bool {
    let lower = name.to_lowercase();
    if lower.ends_with(".txt") {
        let head = &bytes[..bytes.len().min(4096)];
        return !looks_like_table(&String::from_utf8_lossy(head));
    }
    is_document_name(name)
}

/// Opens field material as a project with no actions yet: a document ([`is_document`]) as one
/// source, or a QDPX of another tool as its sources, codebook, coded passages and notes. The
/// second value lists what the file holds that is not kept (a QDPX's pictures, media, sets...).
pub fn read_sources(name: &str, bytes: &[u8]) -> Result<(Project, Vec<String>), ImportError> {
    if is_qdpx_file(name, bytes) {
        let (library, not_kept) = read_qdpx_library(name, bytes)?;
        return Ok((sources_project(name, library), not_kept));
    }
    Ok((one_source_project(name, read_document(name, bytes)?), Vec::new()))
}

/// [`read_sources`] of a text document (`.txt`, `.md`), without the QDPX and Word readers, which
/// the app's own module does not carry ([`load_text_file`]).
fn read_text_sources(name: &str, bytes: &[u8]) -> Result<Project, ImportError> {
    Ok(one_source_project(name, read_text_document(name, bytes)?))
}

/// A project of one source and no actions yet, named after the file.
fn one_source_project(name: &str, source: crate::core::sources::Source) -> Project {
    sources_project(
        name,
        Library {
            sources: vec![source],
            ..Library::default()
        },
    )
}

/// A project of field material and no actions yet, named after the file.
fn sources_project(name: &str, library: Library) -> Project {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let title = base.rsplit_once('.').map_or(base, |(stem, _)| stem).to_string();
    let id = format!(
        "sources-{}",
        content_hash(&format!("{name}\u{1}{}", library.sources.len()))
    );
    let case = Case {
        title: title.clone(),
        ..Case::default()
    };
    let mut project = Project::new(id, title, case);
    project.library = library;
    project
}

/// What a file of field material holds that is not kept ([`read_sources`]), as a warning.
fn not_kept_warning(name: &str, not_kept: Vec<String>) -> Vec<Warning> {
    if not_kept.is_empty() {
        return Vec::new();
    }
    vec![Warning {
        at: crate::core::report::Location::of_file(name),
        kind: WarningKind::NotKept { items: not_kept },
    }]
}

/// The format a file is read in as a case: [`recognise`] without project files (a project file
/// read as a case is a JSON file that is not one).
fn case_format(name: &str, bytes: &[u8]) -> Format {
    if is_qdpx_file(name, bytes) {
        Format::Qdpx
    } else if !is_text_name(name) && (is_workbook(name, bytes) || bytes.starts_with(ZIP_MAGIC)) {
        Format::Workbook
    } else {
        text_format(name, bytes)
    }
}

/// The format a text file is read in: `.json` a JSON case, `.csv`, `.tsv` and `.txt` a table,
/// any other name a JSON case when its first character is `{` and a table otherwise.
fn text_format(name: &str, bytes: &[u8]) -> Format {
    if name.to_lowercase().ends_with(".json") {
        Format::Json
    } else if is_text_name(name) {
        Format::Table
    } else if first_byte(bytes) == Some(b'{') {
        Format::Json
    } else {
        Format::Table
    }
}

/// Reads a text file as a case ([`text_format`]). Never opens a workbook or a QDPX (see
/// [`is_exchange_file`]), so the app's own module carries no reader of theirs.
pub fn import_text(name: &str, bytes: &[u8]) -> Result<Imported, ImportError> {
    import_as(text_format(name, bytes), name, bytes, None)
}

/// True when the file is a Regime Lens project file: named `.json` or starting with `{`, UTF-8,
/// and its top-level `format` is [`PROJECT_FORMAT`] wherever the key stands.
pub fn is_project_file(name: &str, bytes: &[u8]) -> bool {
    if !(name.to_lowercase().ends_with(".json") || first_byte(bytes) == Some(b'{')) {
        return false;
    }
    let Ok(text) = std::str::from_utf8(strip_bom(bytes)) else {
        return false;
    };
    #[derive(Deserialize)]
    struct Head {
        format: Option<serde_json::Value>,
    }
    // Every other field is skipped, not built.
    let head: Option<Head> = serde_json::from_str(text).ok();
    head.and_then(|h| h.format).as_ref().and_then(|f| f.as_str()) == Some(PROJECT_FORMAT)
}

/// True when the file may be a workbook or a QDPX (by its name, or by a zip's or an OLE2 file's
/// first bytes). The app reads those in its exchange worker ([`crate::core::exchange`]) and every
/// other file itself, with [`load_text_file`]: for a file this calls false, [`load_file`] and
/// [`load_text_file`] give the same answer.
pub fn is_exchange_file(name: &str, bytes: &[u8]) -> bool {
    name.to_lowercase().ends_with(".qdpx") || bytes.starts_with(ZIP_MAGIC) || is_workbook(name, bytes)
}

/// What a file holds: a project, or a case to start a project from.
#[derive(Debug, Clone, PartialEq)]
pub enum Loaded {
    /// A project file or a QDPX, and its warnings (what a QDPX another tool wrote lacks of a
    /// case).
    Project(Box<Project>, Vec<Warning>),
    /// A case (JSON case, action table or workbook) and its warnings.
    Case(Box<Imported>),
}

impl Loaded {
    /// Warnings to show.
    pub fn warnings(&self) -> &[Warning] {
        match self {
            Loaded::Project(_, warnings) => warnings,
            Loaded::Case(i) => &i.warnings,
        }
    }

    /// The case it holds as a revision of another (a project's own case, not its codings), and
    /// the columns of the table it came from (`None`: a JSON case or a project, every field
    /// stated).
    pub fn into_revision(self) -> (Case, Option<Vec<String>>) {
        match self {
            Loaded::Project(p, _) => ((*p.case).clone(), None),
            Loaded::Case(imported) => (imported.case, imported.columns),
        }
    }
}

/// Reads any file the app opens: a project file or a QDPX as a project; a JSON case, an action
/// table or a workbook (its first sheet with an action table) as a case.
pub fn load_file(name: &str, bytes: &[u8]) -> Result<Loaded, ImportError> {
    load_file_sheet(name, bytes, None)
}

/// [`load_file`], reading the named sheet of a workbook (a case, never a project).
pub fn load_file_sheet(name: &str, bytes: &[u8], sheet: Option<&str>) -> Result<Loaded, ImportError> {
    if sheet.is_some() {
        return import_file_sheet(name, bytes, sheet).map(|i| Loaded::Case(Box::new(i)));
    }
    match recognise(name, bytes) {
        Format::Qdpx => match read_qdpx_warned(name, bytes) {
            Ok((p, warnings)) => Ok(Loaded::Project(Box::new(p), warnings)),
            // Another tool's QDPX: its field material, when it holds text sources.
            Err(e) if matches!(e.kind, ImportErrorKind::NotARegimeLensQdpx { .. }) => match read_sources(name, bytes) {
                Ok((p, not_kept)) if !p.library.sources.is_empty() => {
                    Ok(Loaded::Project(Box::new(p), not_kept_warning(name, not_kept)))
                }
                _ => Err(e),
            },
            Err(e) => Err(e),
        },
        Format::Document => read_sources(name, bytes).map(|(p, _)| Loaded::Project(Box::new(p), Vec::new())),
        Format::Project => read_project_file(name, bytes).map(|p| Loaded::Project(Box::new(p), Vec::new())),
        format => import_as(format, name, bytes, None).map(|i| Loaded::Case(Box::new(i))),
    }
}

/// [`load_file`] for a file that is no workbook or QDPX ([`is_exchange_file`] false): a project
/// file, a JSON case or a table, read without the workbook and QDPX readers (the app reads those
/// in its exchange worker).
pub fn load_text_file(name: &str, bytes: &[u8]) -> Result<Loaded, ImportError> {
    if is_project_file(name, bytes) {
        return read_project_file(name, bytes).map(|p| Loaded::Project(Box::new(p), Vec::new()));
    }
    if is_document(name, bytes) {
        return read_text_sources(name, bytes).map(|p| Loaded::Project(Box::new(p), Vec::new()));
    }
    import_text(name, bytes).map(|i| Loaded::Case(Box::new(i)))
}

/// Reads any file as a case: a QDPX gives its case with the project's coding applied; a project
/// file is no case (it is read as a JSON case, which says so).
pub fn import_file(name: &str, bytes: &[u8]) -> Result<Imported, ImportError> {
    import_file_sheet(name, bytes, None)
}

/// [`import_file`], reading the named sheet when the file is a workbook.
pub fn import_file_sheet(name: &str, bytes: &[u8], sheet: Option<&str>) -> Result<Imported, ImportError> {
    import_as(case_format(name, bytes), name, bytes, sheet)
}

/// The file read as a case in `format`.
fn import_as(format: Format, name: &str, bytes: &[u8], sheet: Option<&str>) -> Result<Imported, ImportError> {
    match format {
        Format::Qdpx => {
            let (project, warnings) = read_qdpx_warned(name, bytes)?;
            Ok(Imported {
                case: case_with_coding(&project.case, &project.coding, &project.aspects),
                warnings,
                columns: None,
            })
        }
        Format::Workbook => import_workbook(name, bytes, sheet),
        Format::Json | Format::Project => import_json(name, bytes),
        Format::Table | Format::Document => crate::core::import::csv::import_csv(name, bytes),
    }
}

/// A project file read ([`Project::from_json`] of its text, after its byte order mark).
fn read_project_file(name: &str, bytes: &[u8]) -> Result<Project, ImportError> {
    // `is_project_file` said it is UTF-8; anything else is no project file.
    let text = std::str::from_utf8(strip_bom(bytes)).unwrap_or_default();
    Project::from_json(name, text)
}

/// A workbook of several sheets, kept to read another sheet of it.
#[derive(Debug, Clone, PartialEq)]
pub struct Workbook {
    /// Its file name.
    pub name: String,
    /// Its bytes.
    pub bytes: Arc<Vec<u8>>,
    /// Its sheets, the one read first.
    pub sheets: Vec<String>,
}

impl Workbook {
    /// The sheet read.
    pub fn chosen(&self) -> &str {
        self.sheets.first().map_or("", String::as_str)
    }
}

/// What an opened file becomes, and what the researcher is told.
#[derive(Debug, Clone, PartialEq)]
pub struct Opened {
    /// The project to open: the file's own, or a new one over its case.
    pub project: Project,
    /// What to tell: what was opened, then each warning.
    pub notes: Vec<Note>,
    /// A workbook of several sheets, to read another of them.
    pub workbook: Option<Workbook>,
}

/// The field material of files read to be added to the open project, as one library (added
/// by one edit), and what to tell: a file that did not read, or holds no source (an action
/// table is opened, not added).
pub fn sources_to_add(files: Vec<(String, Result<Loaded, ImportError>)>) -> (Library, Vec<Note>) {
    let mut library = Library::default();
    let mut notes = Vec::new();
    for (name, read) in files {
        match read {
            Ok(Loaded::Project(p, warnings)) if !p.library.sources.is_empty() => {
                library.add(&p.library);
                notes.extend(
                    warnings
                        .iter()
                        .filter(|w| matches!(w.kind, WarningKind::NotKept { .. }))
                        .map(|w| Note::new(Level::Warning, format!("{}: {}", w.at, w.kind))),
                );
            }
            Ok(_) => notes.push(Note::new(
                Level::Warning,
                format!("{name} holds no text to add as a source: an action table, a case or a project is opened with Import instead."),
            )),
            Err(e) => notes.push(Note::new(Level::Error, format!("Not added. {}: {}", e.at, e.kind))),
        }
    }
    if !library.sources.is_empty() {
        notes.insert(
            0,
            Note::new(Level::Info, format!("Added {}.", library_summary(&library))),
        );
    }
    (library, notes)
}

/// What field material holds, in words ("2 sources, 3 codes, 2 coded passages, 1 note").
pub fn library_summary(library: &Library) -> String {
    let count = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    [
        count(library.sources.len(), "source", "sources"),
        count(library.codes.len(), "code", "codes"),
        count(library.passages.len(), "coded passage", "coded passages"),
        count(library.notes.len(), "note", "notes"),
    ]
    .join(", ")
}

/// What the file `name` (`bytes`), read as `loaded`, becomes: a project file opens as it was
/// saved; a case starts a new project with the id `new_id`, named after the case.
pub fn opened(name: &str, bytes: &[u8], loaded: Loaded, new_id: &str) -> Opened {
    let warnings = loaded.warnings().to_vec();
    // A workbook of several sheets: its sheets are offered, the one read first.
    let sheets = warnings.iter().find_map(|w| match &w.kind {
        WarningKind::SheetChosen { sheet, others } => {
            let mut sheets: Vec<String> = std::iter::once(sheet.clone()).chain(others.iter().cloned()).collect();
            sheets.erased_sort_by_key(|s| s != sheet);
            Some(sheets)
        }
        _ => None,
    });
    let project = match loaded {
        Loaded::Project(p, _) => *p,
        Loaded::Case(imported) => {
            let title = imported.case.title.clone();
            Project::new(new_id, title, imported.case)
        }
    };
    let mut notes = vec![Note::new(
        Level::Info,
        if project.case.actions.is_empty() && !project.library.is_empty() {
            format!("Opened {name}: {}; no actions yet.", library_summary(&project.library))
        } else {
            format!(
                "Opened {name}: {} actions, {} actors, {} periods, {} recodes, {} warnings.",
                project.case.actions.len(),
                project.case.actors.len(),
                project.case.periods.len(),
                project.recoded().len(),
                warnings.len()
            )
        },
    )];
    notes.extend(
        warnings
            .iter()
            .map(|w| Note::new(Level::Warning, format!("{}: {}", w.at, w.kind))),
    );
    Opened {
        project,
        notes,
        workbook: sheets.map(|sheets| Workbook {
            name: name.to_string(),
            bytes: Arc::new(bytes.to_vec()),
            sheets,
        }),
    }
}

/// Reads one coder's coding from a file: a codings CSV exported by Regime Lens, a project file
/// or QDPX, or an action table, workbook or JSON case (the aspect read as the importer reads it,
/// from the aim where the column is empty). Also returns the coded case, when the file holds one.
pub fn read_coder(file: &str, bytes: &[u8]) -> Result<(CoderCoding, Option<Case>), ImportError> {
    if let Some(coding) = read_codings_csv(file, bytes)? {
        return Ok((coding, None));
    }
    coder_of_loaded(file, load_file(file, bytes)?)
}

/// [`read_coder`] for a file that is no workbook or QDPX ([`is_exchange_file`] false), read
/// without their readers.
pub fn read_coder_text(file: &str, bytes: &[u8]) -> Result<(CoderCoding, Option<Case>), ImportError> {
    if let Some(coding) = read_codings_csv(file, bytes)? {
        return Ok((coding, None));
    }
    coder_of_loaded(file, load_text_file(file, bytes)?)
}

/// [`read_coder`] for a file that is no codings CSV, read already (the app reads workbooks and
/// QDPX files in its exchange worker, see [`crate::core::exchange`]).
pub fn coder_of_loaded(file: &str, loaded: Loaded) -> Result<(CoderCoding, Option<Case>), ImportError> {
    let case = match loaded {
        Loaded::Project(p, _) => {
            let mut coding = p.own_coding(&coder_name(file));
            coding.source = file.to_string();
            return Ok((coding, Some(case_with_coding(&p.case, &p.coding, &p.aspects))));
        }
        Loaded::Case(imported) => imported.case,
    };
    let coding = CoderCoding {
        coder: coder_name(file),
        source: file.to_string(),
        labels: labels_of_case(&case, &BTreeMap::new()),
    };
    Ok((coding, Some(case)))
}

/// The codings to add to `project` from the coders' files read (each file's name and what it
/// gave), and what the researcher is told about each. A file that did not read, or none of whose
/// ids is an action of the case, is left out with its reason; one that matches only some ids is
/// added with a warning (ids a coder lacks are never guessed). A later file of the same coder
/// replaces an earlier one. The first time coders are added, the project's own coding joins as a
/// coder too, named `me` (or "this project"), as it is now: the reliability data stay the
/// independent codings while settling changes the project.
pub fn coders_from_files(
    project: &Project,
    files: Vec<(String, Result<CoderCoding, ImportError>)>,
    me: &str,
) -> (Vec<CoderCoding>, Vec<Note>) {
    let mut coders: Vec<CoderCoding> = Vec::new();
    let mut notes = Vec::new();
    let case = &project.case;
    for (name, read) in files {
        let coding = match read {
            Ok(coding) => coding,
            Err(error) => {
                notes.push(Note::new(Level::Error, format!("Not added. {error}")));
                continue;
            }
        };
        let total = case.actions.len();
        let known = case
            .actions
            .iter()
            .filter(|a| coding.labels.contains_key(&a.id))
            .count();
        if known == 0 {
            notes.push(Note::new(
                Level::Error,
                format!(
                    "Not added. {name}: none of its {} action ids is an action of this case; is it a coding of another case?",
                    coding.labels.len()
                ),
            ));
            continue;
        }
        if known < total || known < coding.labels.len() {
            let extra = coding.labels.len() - known;
            notes.push(Note::new(
                Level::Warning,
                format!(
                    "{name}: {known} of the case's {total} actions matched by id{}. Ids a coder lacks are listed in the agreement panel, never guessed.",
                    if extra > 0 {
                        format!("; {extra} of its ids are not in the case")
                    } else {
                        String::new()
                    }
                ),
            ));
        }
        coders.retain(|c| c.coder != coding.coder);
        coders.push(coding);
    }
    if !coders.is_empty() && project.coders.is_empty() {
        let name = if me.trim().is_empty() {
            "this project".to_string()
        } else {
            me.trim().to_string()
        };
        let own = project.own_coding(&name);
        if !coders.iter().any(|c| c.coder == own.coder) {
            coders.insert(0, own);
        }
    }
    (coders, notes)
}
