//! The coding layer: the researcher's recodes, kept apart from the source case.
//!
//! Owns [`CodeEntry`] (the current coding decision on one action), [`Edit`] (a change to the
//! coding, as a value) and [`EditError`]. The case's own `symbolic` field is never changed: it is
//! the original coding, and every view shows the original beside a recode.

use crate::core::model::{Case, Symbolic};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// The coding of one action where it differs from the case as loaded, or carries a memo.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeEntry {
    /// The kind the researcher gave it.
    pub kind: Symbolic,
    /// Who coded it.
    pub coder: String,
    /// When (ISO 8601, UTC).
    pub at: String,
    /// The researcher's memo; may be empty.
    #[serde(default)]
    pub memo: String,
}

/// A change to the coding. Every change to research data is one of these.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "edit", rename_all = "snake_case")]
pub enum Edit {
    /// Give an action a kind (with an optional memo).
    Relabel {
        action: String,
        kind: Symbolic,
        coder: String,
        at: String,
        memo: Option<String>,
    },
    /// Write or change the memo of an action.
    Memo {
        action: String,
        memo: String,
        coder: String,
        at: String,
    },
    /// Return an action to its original kind (its memo stays).
    Reset { action: String, coder: String, at: String },
}

impl Edit {
    /// The action the edit is about.
    pub fn action(&self) -> &str {
        match self {
            Edit::Relabel { action, .. } | Edit::Memo { action, .. } | Edit::Reset { action, .. } => action,
        }
    }
}

/// Why an edit was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EditError {
    /// No action has this id.
    UnknownAction { id: String },
    /// A relabel needs the coder's name.
    NoCoder,
    /// The action already has this kind.
    Unchanged { id: String, kind: Symbolic },
    /// Nothing to undo or redo.
    NothingToUndo,
    /// Nothing to redo.
    NothingToRedo,
}

impl fmt::Display for EditError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EditError::UnknownAction { id } => write!(f, "no action has the id \"{id}\"."),
            EditError::NoCoder => write!(f, "enter your name as coder first; every recode records who made it."),
            EditError::Unchanged { id, kind } => write!(f, "{id} is already coded {}.", kind.label().to_lowercase()),
            EditError::NothingToUndo => write!(f, "there is nothing to undo."),
            EditError::NothingToRedo => write!(f, "there is nothing to redo."),
        }
    }
}

impl std::error::Error for EditError {}

/// The current kind of every action under a coding, in table order.
pub fn kinds_under(case: &Case, coding: &BTreeMap<String, CodeEntry>) -> Vec<Symbolic> {
    case.actions
        .iter()
        .map(|a| coding.get(&a.id).map_or(a.symbolic, |e| e.kind))
        .collect()
}

/// The case with a coding applied: what "export the case with the current coding" writes.
pub fn case_with_coding(case: &Case, coding: &BTreeMap<String, CodeEntry>) -> Case {
    let mut out = case.clone();
    for action in &mut out.actions {
        if let Some(entry) = coding.get(&action.id) {
            if entry.kind != action.symbolic {
                let note = format!(
                    "Recoded from {} to {} by {} at {}.{}",
                    action.symbolic.key(),
                    entry.kind.key(),
                    entry.coder,
                    entry.at,
                    if entry.memo.is_empty() {
                        String::new()
                    } else {
                        format!(" Memo: {}", entry.memo)
                    }
                );
                action.symbolic_note = if action.symbolic_note.is_empty() {
                    note
                } else {
                    format!("{} {note}", action.symbolic_note)
                };
                action.symbolic = entry.kind;
            }
        }
    }
    out
}
