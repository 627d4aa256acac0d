//! The project: the case, the coding layers with their full undo/redo history, the actions kept
//! aside, the other coders' codings and the view settings. What the browser saves after every edit
//! and what "Export project" writes.
//!
//! A project changes only by [`Project::apply`] of an [`Edit`] (in [`apply`]). Its rooms:
//! - this file: the [`Project`] and its queries;
//! - [`edit`]: what the edits are ([`Edit`], [`Op`]) and how they read in words;
//! - [`history`]: what each edit replaced, so that undo restores it exactly;
//! - [`apply`]: apply, undo and redo; [`case_edits`] and [`coding_edits`]: the edits themselves;
//! - [`update`]: a revised table merged without losing a coding;
//! - [`form`]: the action editor's fields as typed;
//! - [`file`]: the project file format and its migrations;
//! - [`qdpx`]: the project as a REFI-QDA file, and back;
//! - [`sync`]: the project as a team's shared document.

pub mod apply;
pub mod case_edits;
pub mod coding_edits;
pub mod edit;
pub mod file;
pub mod form;
pub mod history;
pub mod qdpx;
pub mod sync;
pub mod update;

use crate::core::coding::{
    aspects_under, case_with_coding, kinds_under, labels_of_case, AspectEntry, CodeEntry, CoderCoding, Retired,
    Settlement, UNNAMED_CODER,
};
use crate::core::model::{Aspect, Case, Symbolic};
use crate::core::report::EditError;
use crate::core::sources::Library;
use edit::ViewSettings;
use history::Step;
use std::collections::BTreeMap;
use std::sync::Arc;

/// A project.
#[derive(Debug, Clone, PartialEq)]
pub struct Project {
    /// Stable id (storage key).
    pub id: String,
    /// Name for people.
    pub name: String,
    /// The case: its `symbolic` and `aspect` are the original coding. Shared, so that views can
    /// hold it without a copy; an edit of the case makes a new one (copy on write), which is how
    /// the views know the case changed.
    pub case: Arc<Case>,
    /// The kind coding layer, by action id.
    pub coding: BTreeMap<String, CodeEntry>,
    /// The aspect coding layer, by action id.
    pub aspects: BTreeMap<String, AspectEntry>,
    /// Actions set aside with their codings (deleted, or not in a revised table), restorable.
    pub retired: Vec<Retired>,
    /// Applied edits, oldest first.
    pub undo: Vec<Step>,
    /// Undone edits, most recently undone last.
    pub redo: Vec<Step>,
    /// View settings.
    pub view: ViewSettings,
    /// Counts every change; lets two tabs notice each other's saves.
    pub revision: u64,
    /// Other coders' codings of the case, kept beside the project's own (settled) coding.
    pub coders: Vec<CoderCoding>,
    /// How disagreements between the coders were settled, oldest first.
    pub settlements: Vec<Settlement>,
    /// The field material: documents, another tool's codebook and coded passages, notes.
    pub library: Library,
}

/// The editor's labels of an action's fields, in its order.
pub const ACTION_FIELDS: [&str; 14] = [
    "Id",
    "Actor",
    "Period",
    "Description",
    "Symbolic nature",
    "Why symbolic",
    "Aim",
    "Aspect",
    "Triggers",
    "External triggers",
    "Consequence",
    "Impact",
    "Date",
    "Order",
];

impl Project {
    /// A new project over a case, with no recodes.
    pub fn new(id: impl Into<String>, name: impl Into<String>, case: Case) -> Self {
        Project {
            id: id.into(),
            name: name.into(),
            case: Arc::new(case),
            coding: BTreeMap::new(),
            aspects: BTreeMap::new(),
            retired: Vec::new(),
            undo: Vec::new(),
            redo: Vec::new(),
            view: ViewSettings::default(),
            revision: 0,
            coders: Vec::new(),
            settlements: Vec::new(),
            library: Library::default(),
        }
    }

    /// The current kind of every action, in table order.
    pub fn kinds(&self) -> Vec<Symbolic> {
        kinds_under(&self.case, &self.coding)
    }

    /// The current aspect of every action, in table order.
    pub fn current_aspects(&self) -> Vec<Option<Aspect>> {
        aspects_under(&self.case, &self.aspects)
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

    /// The current aspect of an action (`Some(None)`: it exists and has no aspect).
    pub fn current_aspect(&self, id: &str) -> Option<Option<Aspect>> {
        let original = self.case.action(id)?.aspect;
        Some(self.aspects.get(id).map_or(original, |e| e.aspect))
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

    /// Actions whose current aspect differs from the original, in table order.
    pub fn aspect_recoded(&self) -> Vec<(&str, Option<Aspect>, &AspectEntry)> {
        self.case
            .actions
            .iter()
            .filter_map(|a| {
                self.aspects
                    .get(&a.id)
                    .filter(|e| e.aspect != a.aspect)
                    .map(|e| (a.id.as_str(), a.aspect, e))
            })
            .collect()
    }

    /// Recodes flagged for review (a revised table changed their original), with the reason.
    pub fn to_review(&self) -> Vec<(String, String)> {
        let kinds = self
            .coding
            .iter()
            .filter_map(|(id, e)| e.review.clone().map(|r| (id.clone(), r)));
        let aspects = self
            .aspects
            .iter()
            .filter_map(|(id, e)| e.review.clone().map(|r| (id.clone(), r)));
        kinds.chain(aspects).collect()
    }

    /// The case, for changing it (copied first when a view still holds the current one).
    pub(super) fn case_mut(&mut self) -> &mut Case {
        Arc::make_mut(&mut self.case)
    }

    pub(super) fn index_of(&self, id: &str) -> Result<usize, EditError> {
        self.case
            .actions
            .iter()
            .position(|a| a.id == id)
            .ok_or_else(|| EditError::UnknownAction { id: id.to_string() })
    }

    /// True when a coding or a settlement is recorded as [`UNNAMED_CODER`] (made before the coder
    /// gave a name), which [`edit::Op::NameCoder`] names.
    pub fn has_unnamed_codings(&self) -> bool {
        self.coding.values().any(|e| e.coder == UNNAMED_CODER)
            || self.aspects.values().any(|e| e.coder == UNNAMED_CODER)
            || self.settlements.iter().any(|s| s.by == UNNAMED_CODER)
    }

    /// The project's own coding as one coder's: its current kinds, aspects and triggers, and its
    /// memos.
    pub fn own_coding(&self, coder: &str) -> CoderCoding {
        let memos = self
            .coding
            .iter()
            .filter(|(_, e)| !e.memo.is_empty())
            .map(|(id, e)| (id.clone(), e.memo.clone()))
            .collect();
        CoderCoding {
            coder: coder.to_string(),
            source: format!("project {}", self.name),
            labels: labels_of_case(&case_with_coding(&self.case, &self.coding, &self.aspects), &memos),
        }
    }
}
