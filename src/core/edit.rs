//! Edits: every change to a project, as a value.
//!
//! Owns [`Edit`] (who, when and what: an [`Op`]), [`EditError`] (why an edit was refused, naming
//! the field and what to do), [`Target`] (what a memo is about) and [`ViewSettings`]. Research data,
//! view settings and the project name change only by [`crate::core::project::Project::apply`] of an
//! `Edit`; this module says what the edits are and how they read in words.

use crate::core::model::{Action, Actor, Aspect, Case, Evidence, Period, Symbolic};
use crate::core::team::CoderCoding;
use serde::{Deserialize, Serialize};
use std::fmt;

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
    /// Put a name on the codings recorded as [`UNNAMED_CODER`] (made before a coder name was
    /// given): kind and aspect entries and settlements.
    NameCoder { from: String, to: String },
    /// Add other coders' codings of the case (a coder of the same name is replaced).
    AddCoders { coders: Vec<CoderCoding> },
    /// Remove a coder's coding.
    RemoveCoder { coder: String },
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
}

/// The coder recorded for a coding made before a name was given; [`Op::NameCoder`] names it.
pub const UNNAMED_CODER: &str = "(unnamed)";

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
    pub fn of_coder(field: &str, labels: &crate::core::team::Labels) -> Option<Settled> {
        match field {
            "kind" => Some(Settled::Kind(labels.kind)),
            "aspect" => Some(Settled::Aspect(labels.aspect)),
            _ => labels.triggers.clone().map(Settled::Triggers),
        }
    }
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
            Op::NameCoder { from, to } => format!("codings by {from} named {to}"),
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

/// Why an edit was refused. Nothing was changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EditError {
    /// No action has this id.
    UnknownAction { id: String },
    /// A coding decision needs the coder's name.
    NoCoder,
    /// The action already has this kind.
    Unchanged { id: String, kind: Symbolic },
    /// The edit would change nothing.
    NoChange { what: String },
    /// A field holds what the case cannot take; `field` is the editor's label of it.
    Invalid { field: String, message: String },
    /// Nothing to undo.
    NothingToUndo,
    /// Nothing to redo.
    NothingToRedo,
}

impl EditError {
    /// A refusal of `field` with a message that says what to do.
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        EditError::Invalid {
            field: field.to_string(),
            message: message.into(),
        }
    }

    /// The editor's label of the field at fault, if one is.
    pub fn field(&self) -> Option<&str> {
        match self {
            EditError::Invalid { field, .. } => Some(field),
            _ => None,
        }
    }
}

impl fmt::Display for EditError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EditError::UnknownAction { id } => write!(f, "no action has the id \"{id}\"."),
            EditError::NoCoder => write!(f, "enter your name as coder first; every recode records who made it."),
            EditError::Unchanged { id, kind } => write!(f, "{id} is already coded {}.", kind.label().to_lowercase()),
            EditError::NoChange { what } => write!(f, "{what}"),
            EditError::Invalid { field, message } => write!(f, "{field}: {message}"),
            EditError::NothingToUndo => write!(f, "there is nothing to undo."),
            EditError::NothingToRedo => write!(f, "there is nothing to redo."),
        }
    }
}

impl std::error::Error for EditError {}

/// The action editor's fields as typed, and their conversion to an [`Action`] (kept here so that
/// it is tested natively; the UI only binds the fields).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ActionForm {
    /// Id.
    pub id: String,
    /// Actor group id (or a new group's name when `new_actor`).
    pub actor: String,
    /// The actor group is new, named by `actor`.
    pub new_actor: bool,
    /// Period id (or a new period's name when `new_period`).
    pub period: String,
    /// The period is new, named by `period`.
    pub new_period: bool,
    /// Description.
    pub description: String,
    /// Symbolic nature: a kind key.
    pub symbolic: String,
    /// Why symbolic.
    pub symbolic_note: String,
    /// Aim.
    pub aim: String,
    /// Aspect: an aspect key, or empty for none.
    pub aspect: String,
    /// Triggers: ids of the case.
    pub triggers: Vec<String>,
    /// External triggers, one per line.
    pub external_triggers: String,
    /// Consequence.
    pub consequence: String,
    /// Impact.
    pub impact: String,
    /// Date, or empty.
    pub date: String,
    /// Order, or empty.
    pub order: String,
    /// The quotes of the action (not edited here; carried so that nothing is lost).
    pub evidence: Vec<crate::core::model::Evidence>,
}

impl ActionForm {
    /// A form for a new action: the first actor group and period preselected.
    pub fn new_for(case: &Case) -> Self {
        ActionForm {
            actor: case.actors.first().map(|a| a.id.clone()).unwrap_or_default(),
            new_actor: case.actors.is_empty(),
            period: case.periods.last().map(|p| p.id.clone()).unwrap_or_default(),
            new_period: case.periods.is_empty(),
            symbolic: Symbolic::Substantive.key().into(),
            ..ActionForm::default()
        }
    }

    /// A form showing an action with its current kind and aspect.
    pub fn from_action(action: &Action, kind: Symbolic, aspect: Option<Aspect>) -> Self {
        ActionForm {
            id: action.id.clone(),
            actor: action.actor.clone(),
            new_actor: false,
            period: action.period.clone(),
            new_period: false,
            description: action.description.clone(),
            symbolic: kind.key().into(),
            symbolic_note: action.symbolic_note.clone(),
            aim: action.aim.clone(),
            aspect: aspect.map_or(String::new(), |a| a.key().into()),
            triggers: action.triggers.clone(),
            external_triggers: action.external_triggers.join("\n"),
            consequence: action.consequence.clone(),
            impact: action.impact.clone(),
            date: action.date.clone().unwrap_or_default(),
            order: action.order.map(|o| o.to_string()).unwrap_or_default(),
            evidence: action.evidence.clone(),
        }
    }

    /// The action the form describes; a field that does not read names itself.
    pub fn to_action(&self) -> Result<Action, EditError> {
        let symbolic = Symbolic::parse_label(&self.symbolic)
            .ok_or_else(|| EditError::invalid("Symbolic nature", "choose conformity, advocacy or substantive."))?;
        let aspect = match self.aspect.trim() {
            "" => None,
            text => Some(Aspect::parse_label(text).ok_or_else(|| {
                EditError::invalid(
                    "Aspect",
                    "choose knowing practices, valuation scheme or authority arrangements, or none.",
                )
            })?),
        };
        let order = match self.order.trim() {
            "" => None,
            text => match text.replace(',', ".").parse::<f64>() {
                Ok(n) if n.is_finite() => Some(n),
                _ => {
                    return Err(EditError::invalid(
                        "Order",
                        format!("\"{text}\" is not a number. Write a number such as 3 or 2.5, or leave it empty."),
                    ))
                }
            },
        };
        let date = Some(self.date.trim().to_string()).filter(|d| !d.is_empty());
        Ok(Action {
            id: self.id.trim().to_string(),
            actor: self.actor.trim().to_string(),
            period: self.period.trim().to_string(),
            description: self.description.trim().to_string(),
            symbolic,
            symbolic_note: self.symbolic_note.trim().to_string(),
            aim: self.aim.trim().to_string(),
            aspect,
            triggers: self.triggers.clone(),
            external_triggers: self
                .external_triggers
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(String::from)
                .collect(),
            consequence: self.consequence.trim().to_string(),
            impact: self.impact.trim().to_string(),
            date,
            order,
            evidence: self.evidence.clone(),
        })
    }

    /// The edit that saves the form: a new action, or the edit of action `editing`.
    pub fn to_op(&self, editing: Option<&str>) -> Result<Op, EditError> {
        let action = self.to_action()?;
        Ok(match editing {
            None => Op::AddAction {
                action,
                new_actor: self.new_actor,
                new_period: self.new_period,
            },
            Some(id) => Op::UpdateAction {
                id: id.to_string(),
                action,
                new_actor: self.new_actor,
                new_period: self.new_period,
            },
        })
    }
}

/// Ids of the case that match a search, for choosing triggers: by id or description, any case,
/// leaving out `exclude` and those already chosen; at most `limit`.
pub fn trigger_candidates(case: &Case, search: &str, exclude: &str, chosen: &[String], limit: usize) -> Vec<String> {
    let needle = search.trim().to_lowercase();
    case.actions
        .iter()
        .filter(|a| a.id != exclude && !chosen.contains(&a.id))
        .filter(|a| {
            needle.is_empty() || a.id.to_lowercase().contains(&needle) || a.description.to_lowercase().contains(&needle)
        })
        .take(limit)
        .map(|a| a.id.clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::builtin::telco;

    #[test]
    fn a_form_round_trips_an_action_and_names_a_bad_field() {
        let case = telco();
        let am4 = case.action("AM4").cloned().expect("AM4");
        let form = ActionForm::from_action(&am4, am4.symbolic, am4.aspect);
        assert_eq!(form.to_action(), Ok(am4.clone()));
        let bad = ActionForm {
            order: "second".into(),
            ..form.clone()
        };
        assert_eq!(bad.to_action().err().as_ref().and_then(EditError::field), Some("Order"));
        let comma = ActionForm {
            order: "2,5".into(),
            external_triggers: " HQ memo \n\n  Budget cut ".into(),
            ..form
        };
        let a = comma.to_action().expect("reads");
        assert_eq!(a.order, Some(2.5));
        assert_eq!(a.external_triggers, vec!["HQ memo", "Budget cut"]);
    }

    #[test]
    fn a_new_form_on_an_empty_case_asks_for_a_new_group_and_period() {
        let form = ActionForm::new_for(&Case::default());
        assert!(form.new_actor && form.new_period);
        let telco_form = ActionForm::new_for(&telco());
        assert!(!telco_form.new_actor);
        assert_eq!(telco_form.actor, "AM");
    }

    #[test]
    fn trigger_search_matches_ids_and_descriptions() {
        let case = telco();
        assert_eq!(
            trigger_candidates(&case, "ds1", "", &[], 5),
            vec!["DS1", "DS10", "DS11"]
        );
        let chosen = vec!["DS10".to_string()];
        assert_eq!(trigger_candidates(&case, "DS1", "DS11", &chosen, 5), vec!["DS1"]);
        assert!(!trigger_candidates(&case, "clm", "", &[], 50).is_empty());
    }
}
