//! The project file format (`regime-lens/project`, version 3): what the browser saves after every
//! edit and what "Export project" writes, read back with the migrations from versions 1 and 2.

use super::edit::{Edit, Op, ViewSettings};
use super::history::{Before, Entry, Step};
use super::Project;
use crate::core::coding::{AspectEntry, CodeEntry, CoderCoding, Retired, Settlement};
use crate::core::import::json::{check_case, CaseFile};
use crate::core::model::{Case, Symbolic};
use crate::core::report::{ImportError, ImportErrorKind, Location};
use crate::core::sources::Library;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::Arc;

/// The `format` tag of project files.
pub const PROJECT_FORMAT: &str = "regime-lens/project";
/// The project format version this build writes.
pub const PROJECT_VERSION: u32 = 3;

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
    aspects: BTreeMap<String, AspectEntry>,
    #[serde(default)]
    retired: Vec<Retired>,
    #[serde(default)]
    undo: Vec<Step>,
    #[serde(default)]
    redo: Vec<Step>,
    #[serde(default)]
    view: ViewSettings,
    #[serde(default)]
    revision: u64,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    coders: Vec<CoderCoding>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    settlements: Vec<Settlement>,
    #[serde(default, skip_serializing_if = "Library::is_empty")]
    library: Library,
}

/// Version 2 of the format: kind recodes only, each step remembering one coding entry.
#[derive(Debug, Clone, Deserialize)]
struct ProjectFileV2 {
    id: String,
    name: String,
    case: CaseFile,
    #[serde(default)]
    coding: BTreeMap<String, CodeEntry>,
    #[serde(default)]
    undo: Vec<StepV2>,
    #[serde(default)]
    redo: Vec<StepV2>,
    #[serde(default)]
    view: ViewSettings,
    #[serde(default)]
    revision: u64,
}

#[derive(Debug, Clone, Deserialize)]
struct StepV2 {
    edit: EditV2,
    before: Option<CodeEntry>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(tag = "edit", rename_all = "snake_case")]
enum EditV2 {
    Relabel {
        action: String,
        kind: Symbolic,
        coder: String,
        at: String,
        memo: Option<String>,
    },
    Memo {
        action: String,
        memo: String,
        coder: String,
        at: String,
    },
    Reset {
        action: String,
        coder: String,
        at: String,
    },
}

impl From<StepV2> for Step {
    fn from(step: StepV2) -> Step {
        let (op, coder, at) = match step.edit {
            EditV2::Relabel {
                action,
                kind,
                coder,
                at,
                memo,
            } => (Op::Relabel { action, kind, memo }, coder, at),
            EditV2::Memo {
                action,
                memo,
                coder,
                at,
            } => (Op::Memo { action, memo }, coder, at),
            EditV2::Reset { action, coder, at } => (Op::Reset { action }, coder, at),
        };
        let action = match &op {
            Op::Relabel { action, .. } | Op::Memo { action, .. } | Op::Reset { action } => action.clone(),
            _ => String::new(),
        };
        Step {
            edit: Edit { op, coder, at },
            before: Before {
                coding: vec![Entry {
                    action,
                    entry: step.before,
                }],
                ..Before::default()
            },
        }
    }
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
    /// The project as JSON (the project file format, version 3).
    pub fn to_json(&self) -> String {
        let file = ProjectFile {
            format: PROJECT_FORMAT.into(),
            version: PROJECT_VERSION,
            id: self.id.clone(),
            name: self.name.clone(),
            case: CaseFile::from((*self.case).clone()),
            coding: self.coding.clone(),
            aspects: self.aspects.clone(),
            retired: self.retired.clone(),
            undo: self.undo.clone(),
            redo: self.redo.clone(),
            view: self.view.clone(),
            revision: self.revision,
            coders: self.coders.clone(),
            settlements: self.settlements.clone(),
            library: self.library.clone(),
        };
        // Plain data with string keys always serialises.
        serde_json::to_string(&file).unwrap_or_default()
    }

    /// Reads a project file of this or an earlier version.
    pub fn from_json(file: &str, text: &str) -> Result<Project, ImportError> {
        let fail = |column: &str, kind| ImportError::new(Location::of_file(file).with_column(column), kind);
        #[derive(Deserialize)]
        struct Header {
            format: Option<serde_json::Value>,
            version: Option<serde_json::Value>,
        }
        let parse_error = |e: serde_json::Error| {
            ImportError::new(
                Location::of_file(file)
                    .with_line(Some(e.line()))
                    .with_column(format!("character {}", e.column())),
                ImportErrorKind::MalformedJson {
                    detail: e.to_string().split(" at line ").next().unwrap_or("").to_string(),
                },
            )
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
            Some(3) => {
                let f: ProjectFile = serde_json::from_str(text).map_err(parse_error)?;
                Project {
                    id: f.id,
                    name: f.name,
                    case: Arc::new(Case::from(f.case)),
                    coding: f.coding,
                    aspects: f.aspects,
                    retired: f.retired,
                    undo: f.undo,
                    redo: f.redo,
                    view: f.view,
                    revision: f.revision,
                    coders: f.coders,
                    settlements: f.settlements,
                    library: f.library,
                }
            }
            Some(2) => migrate_v2(serde_json::from_str(text).map_err(parse_error)?),
            Some(1) => migrate_v1(serde_json::from_str(text).map_err(parse_error)?),
            other => {
                return Err(fail(
                    "version",
                    ImportErrorKind::UnknownProjectVersion {
                        found: other.map_or("(none)".to_string(), |v| v.to_string()),
                        newest: PROJECT_VERSION,
                    },
                ))
            }
        };
        // The case inside must be as sound as any imported case: checked as it is, where it was
        // read (not written out and imported again).
        check_case(file, &project.case)?;
        for id in project.coding.keys().chain(project.aspects.keys()) {
            if project.case.action(id).is_none() {
                return Err(fail(
                    "coding",
                    ImportErrorKind::UnknownReference {
                        what: "action".into(),
                        value: id.clone(),
                        known: project.case.actions.iter().map(|a| a.id.clone()).collect(),
                    },
                ));
            }
        }
        Ok(project)
    }
}

/// Version 2 kept kind recodes only; its steps become edits that remember one coding entry.
fn migrate_v2(v2: ProjectFileV2) -> Project {
    let mut project = Project::new(v2.id, v2.name, Case::from(v2.case));
    project.coding = v2.coding;
    project.undo = v2.undo.into_iter().map(Step::from).collect();
    project.redo = v2.redo.into_iter().map(Step::from).collect();
    project.view = v2.view;
    project.revision = v2.revision;
    project
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
                    review: None,
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
