//! Edits: every change to a project, as a value.
//!
//! Owns [`Edit`] (who, when and what: an [`Op`]), [`Target`] (what a memo is about) and
//! [`ViewSettings`]; why an edit is refused is [`crate::core::report::EditError`]. Research data,
//! view settings and the project name change only by [`crate::core::project::Project::apply`] of
//! an `Edit`; this module says what the edits are and how they read in words.

use crate::core::coding::{AspectEntry, CodeEntry, CoderCoding, Retired, Settled, Settlement};
use crate::core::model::{Action, Actor, Aspect, Case, Evidence, Period, Symbolic};
use crate::core::sources::{Library, Meaning};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

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
    /// The analysis counts mention edges as trigger edges.
    #[serde(default)]
    pub with_mentions: bool,
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
            with_mentions: false,
        }
    }
}

/// What a memo is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "on", content = "id", rename_all = "snake_case")]
pub enum Target {
    /// The case as a whole.
    Case,
    /// An actor group, by id.
    Actor(String),
    /// A period, by id.
    Period(String),
}

/// What a team's shared document holds as a project (see [`super::sync`]): everything members share (not the undo stack,
/// which is each member's own).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SharedState {
    /// The project name.
    pub name: String,
    /// The view settings.
    pub view: ViewSettings,
    /// The case.
    pub case: Case,
    /// The kind recodes, by action id.
    pub coding: BTreeMap<String, CodeEntry>,
    /// The aspect recodes, by action id.
    pub aspects: BTreeMap<String, AspectEntry>,
    /// The actions kept aside.
    pub retired: Vec<Retired>,
    /// The other coders' codings.
    pub coders: Vec<CoderCoding>,
    /// The settlements.
    pub settlements: Vec<Settlement>,
    /// The field material.
    pub library: Library,
}

/// What an edit does.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "edit", rename_all = "snake_case")]
pub enum Op {
    /// Recode an action's symbolic kind (with an optional memo).
    Relabel {
        action: String,
        kind: Symbolic,
        #[serde(default)]
        memo: Option<String>,
    },
    /// Write or change the coding memo of an action.
    Memo { action: String, memo: String },
    /// Return an action to its original kind (its memo stays).
    Reset { action: String },
    /// Recode the aspect an action targets (`None`: no aspect).
    RecodeAspect {
        action: String,
        aspect: Option<Aspect>,
        #[serde(default)]
        memo: Option<String>,
    },
    /// Return an action to its original aspect.
    ResetAspect { action: String },
    /// Add an action at the end of the table. `new_actor` / `new_period`: its actor or period is
    /// a new group or period, named by the action's `actor` / `period`, created with it.
    AddAction {
        action: Action,
        #[serde(default)]
        new_actor: bool,
        #[serde(default)]
        new_period: bool,
    },
    /// Replace the fields of action `id` (the id itself may change: triggers that name it follow).
    /// A changed kind or aspect of an existing action is recorded as a recode.
    UpdateAction {
        id: String,
        action: Action,
        #[serde(default)]
        new_actor: bool,
        #[serde(default)]
        new_period: bool,
    },
    /// Delete an action. Actions it triggered lose it as a trigger or, with `rewire`, take its own
    /// triggers instead.
    DeleteAction { id: String, rewire: bool },
    /// Bring back an action (with its codings) kept aside when it was deleted or left out of a
    /// revised table; `index` is its place in [`crate::core::project::Project::retired`].
    RestoreRetired { index: usize },
    /// Attach a quote to an action.
    AddEvidence { action: String, evidence: Evidence },
    /// Remove the quote at `index` from an action.
    RemoveEvidence { action: String, index: usize },
    /// Add an actor group.
    AddActor { actor: Actor },
    /// Rename an actor group (its id stays).
    RenameActor { id: String, name: String },
    /// Set an actor group's role.
    SetActorRole { id: String, role: String },
    /// Merge actor group `from` into `into`: its actions move, the group goes.
    MergeActors { from: String, into: String },
    /// Add a period after the others.
    AddPeriod { period: Period },
    /// Rename a period (its id stays).
    RenamePeriod { id: String, name: String },
    /// Move a period to position `to` of the time order.
    MovePeriod { id: String, to: usize },
    /// Set a period's start and end dates.
    SetPeriodDates {
        id: String,
        start: Option<String>,
        end: Option<String>,
    },
    /// Set a period's impact text on one aspect (empty removes it).
    SetPeriodImpact { id: String, aspect: Aspect, text: String },
    /// Write the memo of the case, an actor group or a period.
    SetMemo { target: Target, memo: String },
    /// Replace the case by a revised table of it: the actions and codings that still exist are
    /// kept, recodes whose original changed are flagged, codings of removed actions are retired.
    /// `from_table`: the revision is a table, so the case's title, source, series, regime and
    /// events stay as they are.
    UpdateCase {
        case: Box<Case>,
        #[serde(default)]
        from_table: bool,
        /// The columns of the revised table (`None`: a JSON case, every field stated); fields
        /// of absent columns keep their values.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        columns: Option<Vec<String>>,
    },
    /// Change the view settings.
    SetView { view: ViewSettings },
    /// Rename the project.
    RenameProject { name: String },
    /// Put a name on the codings recorded as [`crate::core::coding::UNNAMED_CODER`] (made before
    /// a coder name was given): kind and aspect entries and settlements.
    NameCoder { from: String, to: String },
    /// Add other coders' codings of the case (a coder of the same name is replaced).
    AddCoders { coders: Vec<CoderCoding> },
    /// Remove a coder's coding.
    RemoveCoder { coder: String },
    /// Add field material: documents, another tool's codebook and coded passages, notes (what
    /// the project holds already, by id, is left as it is).
    AddSources { library: Library },
    /// Say what a code of the field material means in the lens (a symbolic kind, an aspect;
    /// both none: nothing), so that the passages coded with it propose actions.
    MapCode {
        code: String,
        /// The code's name, for the history (its id is often a GUID).
        #[serde(default)]
        name: String,
        meaning: Meaning,
    },
    /// Settle a disagreement between coders: the project's coding of the action takes the
    /// settled label, adopted from one coder or entered, with a memo; the coders' labels are
    /// recorded with it.
    Settle {
        action: String,
        label: Settled,
        /// The coder whose label was adopted (none: another label was entered).
        adopted: Option<String>,
        memo: String,
    },
    /// Take what other members of the team changed in the shared project (see
    /// [`super::sync`]): the shared part of the project becomes `state`. `from`: who changed it.
    /// Never written to a file: it is applied by `Project::apply_remote`, which keeps it off the
    /// undo stack that the project file saves.
    #[serde(skip)]
    Synced { state: Box<SharedState>, from: Vec<String> },
}

/// One change to a project: what, by whom and when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Edit {
    /// What the edit does.
    pub op: Op,
    /// Who made it (may be empty for edits that are not coding decisions).
    #[serde(default)]
    pub coder: String,
    /// When (ISO 8601, UTC).
    #[serde(default)]
    pub at: String,
}

impl Edit {
    /// An edit by `coder` at `at`.
    pub fn new(op: Op, coder: impl Into<String>, at: impl Into<String>) -> Self {
        Edit {
            op,
            coder: coder.into(),
            at: at.into(),
        }
    }

    /// True for coding decisions, which must name their coder.
    pub fn is_coding_decision(&self) -> bool {
        matches!(
            self.op,
            Op::Relabel { .. }
                | Op::Memo { .. }
                | Op::Reset { .. }
                | Op::RecodeAspect { .. }
                | Op::ResetAspect { .. }
                | Op::Settle { .. }
        )
    }

    /// True when the edit can change the case itself (not only codings, view or name).
    pub fn changes_case(&self) -> bool {
        !self.is_coding_decision()
            && !matches!(
                self.op,
                Op::SetView { .. }
                    | Op::RenameProject { .. }
                    | Op::AddCoders { .. }
                    | Op::AddSources { .. }
                    | Op::MapCode { .. }
                    | Op::RemoveCoder { .. }
                    | Op::NameCoder { .. }
            )
    }

    /// The edit in words, for the history and "what changed".
    pub fn describe(&self) -> String {
        let aspect = |a: &Option<Aspect>| a.map_or("no aspect".to_string(), |a| a.label().to_lowercase());
        match &self.op {
            Op::Relabel { action, kind, .. } => format!("{action} coded {}", kind.label().to_lowercase()),
            Op::Memo { action, .. } => format!("memo on {action}"),
            Op::Reset { action } => format!("{action} reset to its original kind"),
            Op::RecodeAspect { action, aspect: a, .. } => format!("{action} aspect coded {}", aspect(a)),
            Op::ResetAspect { action } => format!("{action} aspect reset to the original"),
            Op::AddAction { action, .. } => format!("action {} added", action.id),
            Op::UpdateAction { id, action, .. } if *id != action.id => {
                format!("action {id} edited and renamed {}", action.id)
            }
            Op::UpdateAction { id, .. } => format!("action {id} edited"),
            Op::DeleteAction { id, rewire } => format!(
                "action {id} deleted{}",
                if *rewire {
                    ", its followers rewired to its triggers"
                } else {
                    ""
                }
            ),
            Op::RestoreRetired { .. } => "a removed action restored".to_string(),
            Op::AddEvidence { action, .. } => format!("evidence added to {action}"),
            Op::RemoveEvidence { action, .. } => format!("evidence removed from {action}"),
            Op::AddActor { actor } => format!("actor group {} added", actor.name),
            Op::RenameActor { id, name } => format!("actor group {id} renamed {name}"),
            Op::SetActorRole { id, role } => format!("role of {id} set to {role}"),
            Op::MergeActors { from, into } => format!("actor group {from} merged into {into}"),
            Op::AddPeriod { period } => format!("period {} added", period.name),
            Op::RenamePeriod { id, name } => format!("period {id} renamed {name}"),
            Op::MovePeriod { id, to } => format!("period {id} moved to place {}", to + 1),
            Op::SetPeriodDates { id, .. } => format!("dates of period {id} set"),
            Op::SetPeriodImpact { id, aspect, .. } => {
                format!("impact of period {id} on {} set", aspect.label().to_lowercase())
            }
            Op::SetMemo { target, .. } => match target {
                Target::Case => "memo on the case".to_string(),
                Target::Actor(id) => format!("memo on actor group {id}"),
                Target::Period(id) => format!("memo on period {id}"),
            },
            Op::UpdateCase { case, .. } => format!("updated from a revised table ({} actions)", case.actions.len()),
            Op::SetView { .. } => "view settings changed".to_string(),
            Op::RenameProject { name } => format!("project renamed {name}"),
            Op::AddCoders { coders } => format!(
                "coding of {} added",
                coders.iter().map(|c| c.coder.as_str()).collect::<Vec<_>>().join(", ")
            ),
            Op::RemoveCoder { coder } => format!("coding of {coder} removed"),
            Op::AddSources { library } => {
                let n = library.sources.len();
                let p = library.passages.len();
                format!(
                    "{n} {} added{}",
                    if n == 1 { "source" } else { "sources" },
                    if p > 0 {
                        format!(" with {p} coded passages")
                    } else {
                        String::new()
                    }
                )
            }
            Op::MapCode { code, name, meaning } => {
                let code = if name.is_empty() { code } else { name };
                let said: Vec<String> = [
                    meaning.kind.map(|k| k.label().to_lowercase()),
                    meaning.aspect.map(|a| a.label().to_lowercase()),
                ]
                .into_iter()
                .flatten()
                .collect();
                if said.is_empty() {
                    format!("code {code} no longer mapped")
                } else {
                    format!("code {code} mapped to {}", said.join(", "))
                }
            }
            Op::NameCoder { from, to } => format!("codings by {from} named {to}"),
            Op::Synced { from, .. } if from.is_empty() => "changes of the team taken".to_string(),
            Op::Synced { from, .. } => format!("changes by {} taken", from.join(", ")),
            Op::Settle {
                action, label, adopted, ..
            } => format!(
                "{action} settled: {} {}{}",
                label.field(),
                label.text(),
                adopted.as_ref().map(|c| format!(" (from {c})")).unwrap_or_default()
            ),
        }
    }
}
