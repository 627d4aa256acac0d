//! The records of a project's history: each applied edit is kept as a [`Step`] with a
//! [`Before`], the prior value of exactly what the edit touched (the actions by id and place, the
//! actor and period lists, the coding entries), so that undo restores it exactly and the history
//! of a large case stays small (as helix-core's `History` keeps each transaction with what undoes
//! it). They are plain data, saved with the project; [`super::apply`] fills and restores them.

use super::edit::{Edit, ViewSettings};
use crate::core::coding::{AspectEntry, CodeEntry, CoderCoding, Retired, Settlement};
use crate::core::import::json::CaseFile;
use crate::core::model::{Action, Actor, Period};
use crate::core::sources::{Library, LibraryIds};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// An action as it was before an edit: at `index` of the table, or absent (`action: None`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Slot {
    /// Its place in the table before the edit (unused when it was absent).
    pub index: usize,
    /// Its id.
    pub id: String,
    /// The action, or `None` when no action had the id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<Action>,
}

/// A coding entry of one action as it was before an edit (`None`: it had none).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry<T> {
    /// The action id.
    pub action: String,
    /// The entry.
    pub entry: Option<T>,
}

/// The prior value of what one edit changed; what undo puts back.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Before {
    /// The project name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The view settings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub view: Option<ViewSettings>,
    /// The memo of the case.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub case_memo: Option<String>,
    /// The actor groups.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actors: Option<Vec<Actor>>,
    /// The periods.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub periods: Option<Vec<Period>>,
    /// The actions the edit added, changed or removed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub actions: Vec<Slot>,
    /// Kind coding entries.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub coding: Vec<Entry<CodeEntry>>,
    /// Aspect coding entries.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aspects: Vec<Entry<AspectEntry>>,
    /// The actions kept aside.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retired: Option<Vec<Retired>>,
    /// The whole case (edits that replace it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub case: Option<Box<CaseFile>>,
    /// The whole kind coding layer (edits that replace it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub all_coding: Option<BTreeMap<String, CodeEntry>>,
    /// The whole aspect coding layer (edits that replace it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub all_aspects: Option<BTreeMap<String, AspectEntry>>,
    /// The other coders' codings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coders: Option<Vec<CoderCoding>>,
    /// The settlements of disagreements.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub settlements: Option<Vec<Settlement>>,
    /// The field material an edit added (undo removes it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub library_added: Option<LibraryIds>,
    /// The whole field material (edits that replace it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub library: Option<Box<Library>>,
}

/// One applied edit and what it replaced, so that it can be undone exactly.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Step {
    /// The edit.
    pub edit: Edit,
    /// What it replaced.
    pub before: Before,
}

/// Sets `key` to `value`, or removes it when `value` is `None`.
pub(super) fn set_or_remove<T>(map: &mut BTreeMap<String, T>, key: String, value: Option<T>) {
    match value {
        Some(v) => {
            map.insert(key, v);
        }
        None => {
            map.remove(&key);
        }
    }
}
