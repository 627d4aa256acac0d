//! The coding layer: the researcher's recodes, kept apart from the source case.
//!
//! Owns [`CodeEntry`] (the current kind of one action, with coder, time and memo), [`AspectEntry`]
//! (the same for the aspect it targets) and [`Retired`] (an action kept aside, with its codings,
//! when it was deleted or left out of a revised table). The case's own `symbolic` and `aspect`
//! fields are never changed by a recode: they are the original coding, and every view shows the
//! original beside a recode.

pub use crate::core::edit::{Edit, EditError};
use crate::core::model::{Action, Aspect, Case, Symbolic};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

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
    /// Set when a revised table changed the original coding under this recode: why to look again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review: Option<String>,
}

/// The aspect of one action where the researcher recoded it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AspectEntry {
    /// The aspect the researcher gave it (`None`: no aspect).
    pub aspect: Option<Aspect>,
    /// Who coded it.
    pub coder: String,
    /// When (ISO 8601, UTC).
    pub at: String,
    /// The researcher's memo on the aspect; may be empty.
    #[serde(default)]
    pub memo: String,
    /// Set when a revised table changed the original aspect under this recode.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review: Option<String>,
}

/// An action kept aside with everything coded on it, so that it can be restored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Retired {
    /// The action as it was (with its evidence).
    pub action: Action,
    /// Its kind recode, if it had one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coding: Option<CodeEntry>,
    /// Its aspect recode, if it had one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aspect: Option<AspectEntry>,
    /// Why it was set aside ("deleted", "not in the revised table").
    pub why: String,
    /// Who set it aside.
    #[serde(default)]
    pub coder: String,
    /// When.
    #[serde(default)]
    pub at: String,
}

/// The current kind of every action under a coding, in table order.
pub fn kinds_under(case: &Case, coding: &BTreeMap<String, CodeEntry>) -> Vec<Symbolic> {
    case.actions
        .iter()
        .map(|a| coding.get(&a.id).map_or(a.symbolic, |e| e.kind))
        .collect()
}

/// The current aspect of every action under an aspect coding, in table order.
pub fn aspects_under(case: &Case, aspects: &BTreeMap<String, AspectEntry>) -> Vec<Option<Aspect>> {
    case.actions
        .iter()
        .map(|a| aspects.get(&a.id).map_or(a.aspect, |e| e.aspect))
        .collect()
}

/// Appends "<what> by <coder> at <time>. Memo: …" to an action's note on its coding.
fn append_provenance(action: &mut Action, what: String, coder: &str, at: &str, memo: &str) {
    let memo = if memo.is_empty() {
        String::new()
    } else {
        format!(" Memo: {memo}")
    };
    let note = format!("{what} by {coder} at {at}.{memo}");
    action.symbolic_note = if action.symbolic_note.is_empty() {
        note
    } else {
        format!("{} {note}", action.symbolic_note)
    };
}

/// The case with a coding applied: what "export the case with the current coding" writes. Each
/// recode is noted in the action's `symbolic_note` with its coder, time and memo.
pub fn case_with_coding(
    case: &Case,
    coding: &BTreeMap<String, CodeEntry>,
    aspects: &BTreeMap<String, AspectEntry>,
) -> Case {
    let mut out = case.clone();
    for action in &mut out.actions {
        if let Some(e) = aspects.get(&action.id).filter(|e| e.aspect != action.aspect) {
            let name = |a: Option<Aspect>| a.map_or("none", Aspect::key);
            let what = format!("Aspect recoded from {} to {}", name(action.aspect), name(e.aspect));
            append_provenance(action, what, &e.coder, &e.at, &e.memo);
            action.aspect = e.aspect;
        }
        if let Some(e) = coding.get(&action.id).filter(|e| e.kind != action.symbolic) {
            let what = format!("Recoded from {} to {}", action.symbolic.key(), e.kind.key());
            append_provenance(action, what, &e.coder, &e.at, &e.memo);
            action.symbolic = e.kind;
        }
    }
    out
}
