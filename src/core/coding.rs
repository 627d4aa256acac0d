//! The coding layer as plain data: the researcher's recodes, kept apart from the source case, and
//! the other coders' codings beside them.
//!
//! Owns [`CodeEntry`] (the current kind of one action, with coder, time and memo), [`AspectEntry`]
//! (the same for the aspect it targets) and [`Retired`] (an action kept aside, with its codings,
//! when it was deleted or left out of a revised table). The case's own `symbolic` and `aspect`
//! fields are never changed by a recode: they are the original coding, and every view shows the
//! original beside a recode. For team coding: [`CoderCoding`] (one coder's [`Labels`] of each
//! action), [`Settled`] (the label a disagreement is settled on) and [`Settlement`] (how it was
//! settled, with every coder's [`CoderLabel`]).

use crate::core::model::{Action, Aspect, Case, Symbolic};
use crate::core::sort::SortErased;
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

/// The coder recorded for a coding made before a name was given; [`Op::NameCoder`] names it.
pub const UNNAMED_CODER: &str = "(unnamed)";

/// One coder's labels of one action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Labels {
    /// The symbolic kind.
    pub kind: Symbolic,
    /// The aspect (none: the coder gave none, a missing value for agreement).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aspect: Option<Aspect>,
    /// The ids of the actions that triggered it, sorted; `None` when the coder's file does not
    /// say (a codings CSV).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub triggers: Option<Vec<String>>,
    /// The coder's memo on it.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub memo: String,
}

/// One coder's coding of a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CoderCoding {
    /// The coder's name (the file name without its extension unless given).
    pub coder: String,
    /// The file it was read from.
    pub source: String,
    /// The labels, by action id.
    pub labels: BTreeMap<String, Labels>,
}

/// The coder a file name stands for: its name without folders and extension.
pub fn coder_name(file: &str) -> String {
    let base = file.rsplit(['/', '\\']).next().unwrap_or(file);
    let stem = base.rsplit_once('.').map_or(base, |(s, _)| s);
    if stem.trim().is_empty() {
        "coder".into()
    } else {
        stem.trim().to_string()
    }
}

/// Each action's labels as the case codes it (its kind, aspect and sorted triggers), with the
/// memos given by action id.
pub fn labels_of_case(case: &Case, memos: &BTreeMap<String, String>) -> BTreeMap<String, Labels> {
    case.actions
        .iter()
        .map(|a| {
            let mut triggers = a.triggers.clone();
            triggers.erased_sort();
            triggers.dedup();
            (
                a.id.clone(),
                Labels {
                    kind: a.symbolic,
                    aspect: a.aspect,
                    triggers: Some(triggers),
                    memo: memos.get(&a.id).cloned().unwrap_or_default(),
                },
            )
        })
        .collect()
}

/// The label a disagreement is settled on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "field", content = "value", rename_all = "snake_case")]
pub enum Settled {
    /// The symbolic kind.
    Kind(Symbolic),
    /// The aspect (none: no aspect).
    Aspect(Option<Aspect>),
    /// The ids of the triggering actions.
    Triggers(Vec<String>),
}

impl Settled {
    /// Which label: `kind`, `aspect` or `triggers`.
    pub fn field(&self) -> &'static str {
        match self {
            Settled::Kind(_) => "kind",
            Settled::Aspect(_) => "aspect",
            Settled::Triggers(_) => "triggers",
        }
    }

    /// The label in words.
    pub fn text(&self) -> String {
        match self {
            Settled::Kind(k) => k.label().to_lowercase(),
            Settled::Aspect(a) => a.map_or("no aspect".to_string(), |a| a.label().to_lowercase()),
            Settled::Triggers(t) if t.is_empty() => "no triggers".to_string(),
            Settled::Triggers(t) => t.join(", "),
        }
    }

    /// One coder's label of the same field, as the coder gave it (`None`: the coder has none).
    pub fn of_coder(field: &str, labels: &Labels) -> Option<Settled> {
        match field {
            "kind" => Some(Settled::Kind(labels.kind)),
            "aspect" => Some(Settled::Aspect(labels.aspect)),
            _ => labels.triggers.clone().map(Settled::Triggers),
        }
    }
}

/// How one disagreement was settled: by whom, on what, from which coders' labels, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settlement {
    /// The action.
    pub action: String,
    /// The label settled on.
    pub label: Settled,
    /// The coder whose label was adopted (none: another label was entered).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub adopted: Option<String>,
    /// Each coder's label of the field when it was settled, with the coder's memo.
    pub labels: Vec<CoderLabel>,
    /// Why.
    #[serde(default)]
    pub memo: String,
    /// Who settled it.
    pub by: String,
    /// When (ISO 8601).
    pub at: String,
}

/// One coder's label, as recorded with a settlement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CoderLabel {
    /// The coder.
    pub coder: String,
    /// The label (none: the coder has none for this action).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<Settled>,
    /// The coder's memo on the action.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub memo: String,
}
