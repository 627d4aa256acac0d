//! The project: the case, the coding layer with its full undo/redo history, and the view settings.
//! What the browser saves after every edit and what "Export project" writes.
//!
//! Owns [`Project`] with [`Project::apply`], [`Project::undo`] and [`Project::redo`] (the one place
//! research data changes), the versioned file format (`regime-lens/project`, version 2) and the
//! migration from version 1.

use crate::core::coding::{kinds_under, CodeEntry, Edit, EditError};
use crate::core::import::json::CaseFile;
use crate::core::import::{import_file, ImportError, ImportErrorKind, Imported, Location, Warning};
use crate::core::model::{Case, Symbolic};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The `format` tag of project files.
pub const PROJECT_FORMAT: &str = "regime-lens/project";
/// The project format version this build writes.
pub const PROJECT_VERSION: u32 = 2;

/// One applied edit and what it replaced, so that it can be undone exactly.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
    /// The edit.
    pub edit: Edit,
    /// The action's coding entry before the edit (none: it had the original kind and no memo).
    pub before: Option<CodeEntry>,
}

/// View settings saved with the project.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ViewSettings {
    /// The network uses the force layout.
    #[serde(default)]
    pub network_force: bool,
    /// The network shows reinforcing links.
    #[serde(default = "yes")]
    pub reinforcing_links: bool,
    /// The series chart uses a log scale.
    #[serde(default)]
    pub series_log: bool,
}

fn yes() -> bool {
    true
}

impl Default for ViewSettings {
    fn default() -> Self {
        ViewSettings {
            network_force: false,
            reinforcing_links: true,
            series_log: false,
        }
    }
}

/// A project.
#[derive(Debug, Clone, PartialEq)]
pub struct Project {
    /// Stable id (storage key).
    pub id: String,
    /// Name for people.
    pub name: String,
    /// The case as loaded: its coding is the original coding.
    pub case: Case,
    /// The coding layer, by action id.
    pub coding: BTreeMap<String, CodeEntry>,
    /// Applied edits, oldest first.
    pub undo: Vec<Step>,
    /// Undone edits, most recently undone last.
    pub redo: Vec<Step>,
    /// View settings.
    pub view: ViewSettings,
    /// Counts every change; lets two tabs notice each other's saves.
    pub revision: u64,
}

/// The project as written to a file or to browser storage.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct ProjectFile {
    format: String,
    version: u32,
    id: String,
    name: String,
    case: CaseFile,
    #[serde(default)]
    coding: BTreeMap<String, CodeEntry>,
    #[serde(default)]
    undo: Vec<Step>,
    #[serde(default)]
    redo: Vec<Step>,
    #[serde(default)]
    view: ViewSettings,
    #[serde(default)]
    revision: u64,
}

/// Version 1 of the format: recodes without coder, time or history.
#[derive(Debug, Clone, Deserialize)]
struct ProjectFileV1 {
    name: String,
    case: CaseFile,
    #[serde(default)]
    recodes: Vec<RecodeV1>,
}

#[derive(Debug, Clone, Deserialize)]
struct RecodeV1 {
    action: String,
    kind: Symbolic,
    #[serde(default)]
    memo: String,
}

impl Project {
    /// A new project over a case, with no recodes.
    pub fn new(id: impl Into<String>, name: impl Into<String>, case: Case) -> Self {
        Project {
            id: id.into(),
            name: name.into(),
            case,
            coding: BTreeMap::new(),
            undo: Vec::new(),
            redo: Vec::new(),
            view: ViewSettings::default(),
            revision: 0,
        }
    }

    /// The current kind of every action, in table order.
    pub fn kinds(&self) -> Vec<Symbolic> {
        kinds_under(&self.case, &self.coding)
    }

    /// The original (loaded) kind of an action.
    pub fn original_kind(&self, id: &str) -> Option<Symbolic> {
        self.case.action(id).map(|a| a.symbolic)
    }

    /// The current kind of an action.
    pub fn current_kind(&self, id: &str) -> Option<Symbolic> {
        let original = self.original_kind(id)?;
        Some(self.coding.get(id).map_or(original, |e| e.kind))
    }

    /// Actions whose current kind differs from the original, in table order.
    pub fn recoded(&self) -> Vec<(&str, Symbolic, &CodeEntry)> {
        self.case
            .actions
            .iter()
            .filter_map(|a| {
                self.coding
                    .get(&a.id)
                    .filter(|e| e.kind != a.symbolic)
                    .map(|e| (a.id.as_str(), a.symbolic, e))
            })
            .collect()
    }

    /// Works out the entry an edit leaves, without changing anything.
    fn outcome(&self, edit: &Edit) -> Result<Option<CodeEntry>, EditError> {
        let id = edit.action();
        let original = self
            .original_kind(id)
            .ok_or_else(|| EditError::UnknownAction { id: id.to_string() })?;
        let before = self.coding.get(id);
        let current = before.map_or(original, |e| e.kind);
        let memo_before = before.map(|e| e.memo.clone()).unwrap_or_default();
        let keep = |kind: Symbolic, coder: &str, at: &str, memo: String| {
            // An entry that says nothing beyond the original is no entry.
            (kind != original || !memo.is_empty()).then(|| CodeEntry {
                kind,
                coder: coder.to_string(),
                at: at.to_string(),
                memo,
            })
        };
        match edit {
            Edit::Relabel {
                kind, coder, at, memo, ..
            } => {
                if coder.trim().is_empty() {
                    return Err(EditError::NoCoder);
                }
                if *kind == current && memo.as_ref().is_none_or(|m| *m == memo_before) {
                    return Err(EditError::Unchanged {
                        id: id.to_string(),
                        kind: *kind,
                    });
                }
                Ok(keep(*kind, coder, at, memo.clone().unwrap_or(memo_before)))
            }
            Edit::Memo { memo, coder, at, .. } => {
                if coder.trim().is_empty() {
                    return Err(EditError::NoCoder);
                }
                // The memo's author and time are recorded; the recode itself is not changed.
                let (c, a) = match before {
                    Some(e) if e.kind != original => (e.coder.as_str(), e.at.as_str()),
                    _ => (coder.as_str(), at.as_str()),
                };
                Ok(keep(current, c, a, memo.clone()))
            }
            Edit::Reset { coder, at, .. } => {
                if coder.trim().is_empty() {
                    return Err(EditError::NoCoder);
                }
                if current == original {
                    return Err(EditError::Unchanged {
                        id: id.to_string(),
                        kind: original,
                    });
                }
                Ok(keep(original, coder, at, memo_before))
            }
        }
    }

    fn set_entry(&mut self, id: &str, entry: Option<CodeEntry>) {
        match entry {
            Some(e) => {
                self.coding.insert(id.to_string(), e);
            }
            None => {
                self.coding.remove(id);
            }
        }
    }

    /// Applies an edit: the one way research data changes. Clears the redo stack.
    pub fn apply(&mut self, edit: Edit) -> Result<(), EditError> {
        let entry = self.outcome(&edit)?;
        let id = edit.action().to_string();
        let before = self.coding.get(&id).cloned();
        self.set_entry(&id, entry);
        self.undo.push(Step { edit, before });
        self.redo.clear();
        self.revision += 1;
        Ok(())
    }

    /// Undoes the last edit.
    pub fn undo(&mut self) -> Result<Edit, EditError> {
        let step = self.undo.pop().ok_or(EditError::NothingToUndo)?;
        let id = step.edit.action().to_string();
        let now = self.coding.get(&id).cloned();
        self.set_entry(&id, step.before.clone());
        let edit = step.edit.clone();
        self.redo.push(Step {
            edit: step.edit,
            before: now,
        });
        self.revision += 1;
        Ok(edit)
    }

    /// Redoes the last undone edit.
    pub fn redo(&mut self) -> Result<Edit, EditError> {
        let step = self.redo.pop().ok_or(EditError::NothingToRedo)?;
        let id = step.edit.action().to_string();
        let entry = self.outcome(&step.edit)?;
        let before = self.coding.get(&id).cloned();
        self.set_entry(&id, entry);
        let edit = step.edit.clone();
        self.undo.push(Step {
            edit: step.edit,
            before,
        });
        self.revision += 1;
        Ok(edit)
    }

    /// The project as JSON (the project file format, version 2).
    pub fn to_json(&self) -> String {
        let file = ProjectFile {
            format: PROJECT_FORMAT.into(),
            version: PROJECT_VERSION,
            id: self.id.clone(),
            name: self.name.clone(),
            case: CaseFile::from(self.case.clone()),
            coding: self.coding.clone(),
            undo: self.undo.clone(),
            redo: self.redo.clone(),
            view: self.view.clone(),
            revision: self.revision,
        };
        // Plain data with string keys always serialises.
        serde_json::to_string(&file).unwrap_or_default()
    }

    /// Reads a project file of this or an earlier version.
    pub fn from_json(file: &str, text: &str) -> Result<Project, ImportError> {
        let fail = |column: &str, kind| ImportError {
            at: Location {
                file: file.to_string(),
                line: None,
                column: Some(column.to_string()),
            },
            kind,
        };
        #[derive(Deserialize)]
        struct Header {
            format: Option<serde_json::Value>,
            version: Option<serde_json::Value>,
        }
        let parse_error = |e: serde_json::Error| ImportError {
            at: Location {
                file: file.to_string(),
                line: Some(e.line()),
                column: Some(format!("character {}", e.column())),
            },
            kind: ImportErrorKind::MalformedJson {
                detail: e.to_string().split(" at line ").next().unwrap_or("").to_string(),
            },
        };
        let header: Header = serde_json::from_str(text).map_err(parse_error)?;
        if header.format.as_ref().and_then(|f| f.as_str()) != Some(PROJECT_FORMAT) {
            return Err(fail(
                "format",
                ImportErrorKind::NotACase {
                    detail: format!("\"format\" is not \"{PROJECT_FORMAT}\""),
                },
            ));
        }
        let project = match header.version.as_ref().and_then(|v| v.as_u64()) {
            Some(2) => {
                let f: ProjectFile = serde_json::from_str(text).map_err(parse_error)?;
                Project {
                    id: f.id,
                    name: f.name,
                    case: Case::from(f.case),
                    coding: f.coding,
                    undo: f.undo,
                    redo: f.redo,
                    view: f.view,
                    revision: f.revision,
                }
            }
            Some(1) => migrate_v1(serde_json::from_str(text).map_err(parse_error)?),
            other => {
                return Err(fail(
                    "version",
                    ImportErrorKind::UnknownVersion {
                        found: other.map_or("(none)".to_string(), |v| v.to_string()),
                    },
                ))
            }
        };
        // The case inside must be as sound as any imported case.
        let case_json = crate::core::import::json::case_to_json(&project.case);
        import_file(file, case_json.as_bytes())?;
        for id in project.coding.keys() {
            if project.case.action(id).is_none() {
                return Err(fail(
                    "coding",
                    ImportErrorKind::UnknownReference {
                        what: "action",
                        value: id.clone(),
                        known: project.case.actions.iter().map(|a| a.id.clone()).collect(),
                    },
                ));
            }
        }
        Ok(project)
    }
}

/// Version 1 knew recodes with a memo only: they become entries by an unknown coder, with no
/// history to undo.
fn migrate_v1(v1: ProjectFileV1) -> Project {
    let case = Case::from(v1.case);
    let id = format!("migrated-{}", slug(&v1.name));
    let mut project = Project::new(id, v1.name, case);
    for r in v1.recodes {
        let original = project.original_kind(&r.action);
        if original.is_some_and(|o| o != r.kind || !r.memo.is_empty()) {
            project.coding.insert(
                r.action,
                CodeEntry {
                    kind: r.kind,
                    coder: "unknown (project format 1)".into(),
                    at: String::new(),
                    memo: r.memo,
                },
            );
        }
    }
    project
}

/// Lower-case letters, digits and dashes.
pub fn slug(text: &str) -> String {
    let s: String = text
        .chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let s = s.split('-').filter(|p| !p.is_empty()).collect::<Vec<_>>().join("-");
    if s.is_empty() {
        "project".into()
    } else {
        s
    }
}

/// What a file holds: a project, or a case to start a project from.
#[derive(Debug, Clone, PartialEq)]
pub enum Loaded {
    /// A project file.
    Project(Box<Project>),
    /// A case (JSON case or action table) and its warnings.
    Case(Box<Imported>),
}

impl Loaded {
    /// Warnings to show.
    pub fn warnings(&self) -> &[Warning] {
        match self {
            Loaded::Project(_) => &[],
            Loaded::Case(i) => &i.warnings,
        }
    }
}

/// Reads any file the app opens: a project file, a JSON case or an action table.
pub fn load_file(name: &str, bytes: &[u8]) -> Result<Loaded, ImportError> {
    let head: String = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)])
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    if name.to_lowercase().ends_with(".json") && head.contains(&format!("\"format\":\"{PROJECT_FORMAT}\"")) {
        let text =
            std::str::from_utf8(bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes)).map_err(|_| ImportError {
                at: Location {
                    file: name.to_string(),
                    ..Location::default()
                },
                kind: ImportErrorKind::Binary,
            })?;
        return Project::from_json(name, text).map(|p| Loaded::Project(Box::new(p)));
    }
    import_file(name, bytes).map(|i| Loaded::Case(Box::new(i)))
}
