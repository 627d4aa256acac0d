//! The project: the case, the coding layers with their full undo/redo history, the actions kept
//! aside, and the view settings. What the browser saves after every edit and what "Export
//! project" writes.
//!
//! Owns [`Project`] with [`Project::apply`], [`Project::undo`] and [`Project::redo`], the one place
//! a project changes. Each applied edit is kept as a [`Step`] with a [`Before`]: the prior value of
//! exactly what the edit touched (the actions by id and place, the actor and period lists, the
//! coding entries), so that undo restores it exactly and the history of a large case stays small.
//! Also the versioned file format (`regime-lens/project`, version 3) and the migrations from
//! versions 1 and 2.

use crate::core::coding::{aspects_under, kinds_under, AspectEntry, CodeEntry, Retired};
use crate::core::date::parse_date;
pub use crate::core::edit::{Edit, EditError, Op, Settled, Target, ViewSettings};
use crate::core::import::json::CaseFile;
use crate::core::import::{
    import_file, import_file_sheet, import_text, ImportError, ImportErrorKind, Imported, Location, Warning,
};
use crate::core::model::{Action, Actor, Aspect, Case, Period, Symbolic};
use crate::core::sort::SortErased;
use crate::core::team::CoderCoding;
use crate::core::update::merge_update;
use crate::core::validate::check_references;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

/// The `format` tag of project files.
pub const PROJECT_FORMAT: &str = "regime-lens/project";
/// The project format version this build writes.
pub const PROJECT_VERSION: u32 = 3;

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

/// One applied edit and what it replaced, so that it can be undone exactly.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Step {
    /// The edit.
    pub edit: Edit,
    /// What it replaced.
    pub before: Before,
}

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

    /// Applies an edit: the one way a project changes. Clears the redo stack. On error nothing
    /// changed.
    pub fn apply(&mut self, edit: Edit) -> Result<(), EditError> {
        let before = self.perform(&edit)?;
        self.undo.push(Step { edit, before });
        self.redo.clear();
        self.revision += 1;
        Ok(())
    }

    /// Undoes the last edit and returns it.
    pub fn undo(&mut self) -> Result<Edit, EditError> {
        let step = self.undo.pop().ok_or(EditError::NothingToUndo)?;
        self.restore(step.before.clone());
        let edit = step.edit.clone();
        self.redo.push(step);
        self.revision += 1;
        Ok(edit)
    }

    /// Redoes the last undone edit and returns it.
    pub fn redo(&mut self) -> Result<Edit, EditError> {
        let step = self.redo.last().ok_or(EditError::NothingToRedo)?;
        let edit = step.edit.clone();
        let before = self.perform(&edit)?;
        self.redo.pop();
        self.undo.push(Step {
            edit: edit.clone(),
            before,
        });
        self.revision += 1;
        Ok(edit)
    }

    /// The case, for changing it (copied first when a view still holds the current one).
    fn case_mut(&mut self) -> &mut Case {
        Arc::make_mut(&mut self.case)
    }

    fn index_of(&self, id: &str) -> Result<usize, EditError> {
        self.case
            .actions
            .iter()
            .position(|a| a.id == id)
            .ok_or_else(|| EditError::UnknownAction { id: id.to_string() })
    }

    /// Remembers action `id` as it is now (or its absence), once per edit.
    fn keep_action(&self, before: &mut Before, id: &str) {
        if before.actions.iter().any(|s| s.id == id) {
            return;
        }
        let index = self.case.actions.iter().position(|a| a.id == id);
        before.actions.push(Slot {
            index: index.unwrap_or(0),
            id: id.to_string(),
            action: index.map(|i| self.case.actions[i].clone()),
        });
    }

    /// Remembers the coding entries of action `id` as they are now, once per edit.
    fn keep_codings(&self, before: &mut Before, id: &str) {
        if !before.coding.iter().any(|e| e.action == id) {
            before.coding.push(Entry {
                action: id.to_string(),
                entry: self.coding.get(id).cloned(),
            });
        }
        if !before.aspects.iter().any(|e| e.action == id) {
            before.aspects.push(Entry {
                action: id.to_string(),
                entry: self.aspects.get(id).cloned(),
            });
        }
    }

    fn keep_actors(&self, before: &mut Before) {
        if before.actors.is_none() {
            before.actors = Some(self.case.actors.clone());
        }
    }

    fn keep_periods(&self, before: &mut Before) {
        if before.periods.is_none() {
            before.periods = Some(self.case.periods.clone());
        }
    }

    fn keep_retired(&self, before: &mut Before) {
        if before.retired.is_none() {
            before.retired = Some(self.retired.clone());
        }
    }

    /// Puts back what an edit replaced.
    fn restore(&mut self, before: Before) {
        if let Some(case) = before.case {
            self.case = Arc::new(Case::from(*case));
        }
        if let Some(actors) = before.actors {
            self.case_mut().actors = actors;
        }
        if let Some(periods) = before.periods {
            self.case_mut().periods = periods;
        }
        if let Some(memo) = before.case_memo {
            self.case_mut().memo = memo;
        }
        if !before.actions.is_empty() {
            let ids: HashSet<&str> = before.actions.iter().map(|s| s.id.as_str()).collect();
            let case = self.case_mut();
            case.actions.retain(|a| !ids.contains(a.id.as_str()));
            let mut back: Vec<&Slot> = before.actions.iter().filter(|s| s.action.is_some()).collect();
            back.erased_sort_by_key(|s| s.index);
            for slot in back {
                if let Some(action) = &slot.action {
                    let at = slot.index.min(case.actions.len());
                    case.actions.insert(at, action.clone());
                }
            }
        }
        if let Some(all) = before.all_coding {
            self.coding = all;
        }
        if let Some(all) = before.all_aspects {
            self.aspects = all;
        }
        for e in before.coding {
            set_or_remove(&mut self.coding, e.action, e.entry);
        }
        for e in before.aspects {
            set_or_remove(&mut self.aspects, e.action, e.entry);
        }
        if let Some(retired) = before.retired {
            self.retired = retired;
        }
        if let Some(view) = before.view {
            self.view = view;
        }
        if let Some(name) = before.name {
            self.name = name;
        }
        if let Some(coders) = before.coders {
            self.coders = coders;
        }
        if let Some(settlements) = before.settlements {
            self.settlements = settlements;
        }
    }

    /// Carries out an edit and returns what it replaced; on error nothing changed.
    fn perform(&mut self, edit: &Edit) -> Result<Before, EditError> {
        if edit.is_coding_decision() && edit.coder.trim().is_empty() {
            return Err(EditError::NoCoder);
        }
        let mut before = Before::default();
        self.perform_op(edit, &mut before)?;
        if edit.changes_case() {
            // A safety net under the checks of each edit: the case stays as sound as an import.
            if let Err((path, kind)) = check_references(&self.case) {
                self.restore(before);
                return Err(EditError::invalid(&path, kind.to_string()));
            }
        }
        Ok(before)
    }

    fn perform_op(&mut self, edit: &Edit, before: &mut Before) -> Result<(), EditError> {
        let (coder, at) = (edit.coder.as_str(), edit.at.as_str());
        match &edit.op {
            Op::Relabel { action, kind, memo } => {
                let entry = self.kind_outcome(action, Some(*kind), memo.clone(), coder, at)?;
                self.keep_codings(before, action);
                set_or_remove(&mut self.coding, action.clone(), entry);
            }
            Op::Memo { action, memo } => {
                let entry = self.memo_outcome(action, memo, coder, at)?;
                self.keep_codings(before, action);
                set_or_remove(&mut self.coding, action.clone(), entry);
            }
            Op::Reset { action } => {
                let entry = self.kind_outcome(action, None, None, coder, at)?;
                self.keep_codings(before, action);
                set_or_remove(&mut self.coding, action.clone(), entry);
            }
            Op::RecodeAspect { action, aspect, memo } => {
                let entry = self.aspect_outcome(action, Some(*aspect), memo.clone(), coder, at)?;
                self.keep_codings(before, action);
                set_or_remove(&mut self.aspects, action.clone(), entry);
            }
            Op::ResetAspect { action } => {
                let entry = self.aspect_outcome(action, None, None, coder, at)?;
                self.keep_codings(before, action);
                set_or_remove(&mut self.aspects, action.clone(), entry);
            }
            Op::AddAction {
                action,
                new_actor,
                new_period,
            } => {
                let action = self.checked_action(action, None, *new_actor, *new_period)?;
                self.keep_action(before, &action.id);
                self.create_actor_and_period(before, &action, *new_actor, *new_period);
                self.case_mut().actions.push(action);
            }
            Op::UpdateAction {
                id,
                action,
                new_actor,
                new_period,
            } => self.update_action(before, id, action, *new_actor, *new_period, coder, at)?,
            Op::DeleteAction { id, rewire } => self.delete_action(before, id, *rewire, coder, at)?,
            Op::RestoreRetired { index } => self.restore_retired(before, *index)?,
            Op::AddEvidence { action, evidence } => {
                if evidence.text.trim().is_empty() {
                    return Err(EditError::invalid("Quote", "enter the quoted text."));
                }
                let i = self.index_of(action)?;
                self.keep_action(before, action);
                self.case_mut().actions[i].evidence.push(evidence.clone());
            }
            Op::RemoveEvidence { action, index } => {
                let i = self.index_of(action)?;
                if *index >= self.case.actions[i].evidence.len() {
                    return Err(EditError::NoChange {
                        what: format!("{action} has no quote number {}.", index + 1),
                    });
                }
                self.keep_action(before, action);
                self.case_mut().actions[i].evidence.remove(*index);
            }
            Op::AddActor { actor } => {
                let id = fresh_id("Actor", "an actor group", &actor.id, |id| self.case.actor(id).is_some())?;
                let mut actor = actor.clone();
                actor.id = id;
                if actor.name.trim().is_empty() {
                    actor.name = actor.id.clone();
                }
                self.keep_actors(before);
                self.case_mut().actors.push(actor);
            }
            Op::RenameActor { id, name } => {
                let i = self.actor_index(id)?;
                let name = non_empty("Name", name)?;
                self.keep_actors(before);
                self.case_mut().actors[i].name = name;
            }
            Op::SetActorRole { id, role } => {
                let i = self.actor_index(id)?;
                self.keep_actors(before);
                self.case_mut().actors[i].role = role.trim().to_string();
            }
            Op::MergeActors { from, into } => self.merge_actors(before, from, into)?,
            Op::AddPeriod { period } => {
                let id = fresh_id("Period", "a period", &period.id, |id| self.case.period(id).is_some())?;
                check_dates(&period.start, &period.end)?;
                let mut period = period.clone();
                period.id = id;
                if period.name.trim().is_empty() {
                    period.name = period.id.clone();
                }
                self.keep_periods(before);
                self.case_mut().periods.push(period);
            }
            Op::RenamePeriod { id, name } => {
                let i = self.period_index(id)?;
                let name = non_empty("Name", name)?;
                self.keep_periods(before);
                self.case_mut().periods[i].name = name;
            }
            Op::MovePeriod { id, to } => {
                let i = self.period_index(id)?;
                if *to >= self.case.periods.len() || *to == i {
                    return Err(EditError::NoChange {
                        what: format!("period {id} cannot move to place {}.", to + 1),
                    });
                }
                self.keep_periods(before);
                let periods = &mut self.case_mut().periods;
                let period = periods.remove(i);
                periods.insert(*to, period);
            }
            Op::SetPeriodDates { id, start, end } => {
                let i = self.period_index(id)?;
                let clean = |d: &Option<String>| d.as_ref().map(|d| d.trim().to_string()).filter(|d| !d.is_empty());
                let (start, end) = (clean(start), clean(end));
                check_dates(&start, &end)?;
                self.keep_periods(before);
                let period = &mut self.case_mut().periods[i];
                period.start = start;
                period.end = end;
            }
            Op::SetPeriodImpact { id, aspect, text } => {
                let i = self.period_index(id)?;
                self.keep_periods(before);
                let impact = &mut self.case_mut().periods[i].impact;
                if text.trim().is_empty() {
                    impact.remove(aspect);
                } else {
                    impact.insert(*aspect, text.clone());
                }
            }
            Op::SetMemo { target, memo } => match target {
                Target::Case => {
                    before.case_memo = Some(self.case.memo.clone());
                    self.case_mut().memo = memo.clone();
                }
                Target::Actor(id) => {
                    let i = self.actor_index(id)?;
                    self.keep_actors(before);
                    self.case_mut().actors[i].memo = memo.clone();
                }
                Target::Period(id) => {
                    let i = self.period_index(id)?;
                    self.keep_periods(before);
                    self.case_mut().periods[i].memo = memo.clone();
                }
            },
            Op::UpdateCase {
                case,
                from_table,
                columns,
            } => {
                check_references(case).map_err(|(path, kind)| EditError::invalid(&path, kind.to_string()))?;
                let merged = merge_update(self, case, *from_table, columns.as_deref(), coder, at);
                before.case = Some(Box::new(CaseFile::from((*self.case).clone())));
                before.all_coding = Some(std::mem::replace(&mut self.coding, merged.coding));
                before.all_aspects = Some(std::mem::replace(&mut self.aspects, merged.aspects));
                self.keep_retired(before);
                self.retired.extend(merged.retired);
                self.case = Arc::new(merged.case);
            }
            Op::SetView { view } => {
                if *view == self.view {
                    return Err(EditError::NoChange {
                        what: "the view settings are already so.".into(),
                    });
                }
                before.view = Some(std::mem::replace(&mut self.view, view.clone()));
            }
            Op::RenameProject { name } => {
                let name = non_empty("Project name", name)?;
                if name == self.name {
                    return Err(EditError::NoChange {
                        what: format!("the project is already called {name}."),
                    });
                }
                before.name = Some(std::mem::replace(&mut self.name, name));
            }
            Op::AddCoders { coders } => {
                if coders.is_empty() {
                    return Err(EditError::NoChange {
                        what: "no coding was given.".into(),
                    });
                }
                before.coders = Some(self.coders.clone());
                for c in coders {
                    match self.coders.iter_mut().find(|x| x.coder == c.coder) {
                        Some(x) => *x = c.clone(),
                        None => self.coders.push(c.clone()),
                    }
                }
            }
            Op::NameCoder { from, to } => {
                let to = non_empty("Coder", to)?;
                let by_from = self.coding.values().filter(|e| e.coder == *from).count()
                    + self.aspects.values().filter(|e| e.coder == *from).count()
                    + self.settlements.iter().filter(|s| s.by == *from).count();
                if by_from == 0 || to == *from {
                    return Err(EditError::NoChange {
                        what: format!("no coding is recorded as {from}."),
                    });
                }
                before.all_coding = Some(self.coding.clone());
                before.all_aspects = Some(self.aspects.clone());
                before.settlements = Some(self.settlements.clone());
                for e in self.coding.values_mut().filter(|e| e.coder == *from) {
                    e.coder = to.clone();
                }
                for e in self.aspects.values_mut().filter(|e| e.coder == *from) {
                    e.coder = to.clone();
                }
                for s in self.settlements.iter_mut().filter(|s| s.by == *from) {
                    s.by = to.clone();
                }
            }
            Op::RemoveCoder { coder } => {
                let Some(i) = self.coders.iter().position(|c| c.coder == *coder) else {
                    return Err(EditError::NoChange {
                        what: format!("there is no coding by {coder}."),
                    });
                };
                before.coders = Some(self.coders.clone());
                self.coders.remove(i);
            }
            Op::Settle {
                action,
                label,
                adopted,
                memo,
            } => self.settle(before, action, label, adopted, memo, coder, at)?,
        }
        Ok(())
    }

    /// Settles one disagreement: the coding takes the label (unless it has it already), and the
    /// settlement is recorded with every coder's label of the field.
    #[allow(clippy::too_many_arguments)]
    fn settle(
        &mut self,
        before: &mut Before,
        action: &str,
        label: &Settled,
        adopted: &Option<String>,
        memo: &str,
        coder: &str,
        at: &str,
    ) -> Result<(), EditError> {
        let i = self.index_of(action)?;
        if let Some(name) = adopted {
            let theirs = self
                .coders
                .iter()
                .find(|c| c.coder == *name)
                .and_then(|c| c.labels.get(action))
                .and_then(|l| Settled::of_coder(label.field(), l));
            if theirs.as_ref() != Some(label) {
                return Err(EditError::invalid(
                    "Settle",
                    format!(
                        "{name} did not code {action}'s {} so; choose their label or enter another.",
                        label.field()
                    ),
                ));
            }
        }
        let memo_arg = (!memo.trim().is_empty()).then(|| memo.trim().to_string());
        match label {
            Settled::Kind(kind) => {
                if self.current_kind(action) != Some(*kind) {
                    let entry = self.kind_outcome(action, Some(*kind), memo_arg, coder, at)?;
                    self.keep_codings(before, action);
                    set_or_remove(&mut self.coding, action.to_string(), entry);
                }
            }
            Settled::Aspect(aspect) => {
                if self.current_aspect(action) != Some(*aspect) {
                    let entry = self.aspect_outcome(action, Some(*aspect), memo_arg, coder, at)?;
                    self.keep_codings(before, action);
                    set_or_remove(&mut self.aspects, action.to_string(), entry);
                }
            }
            Settled::Triggers(triggers) => {
                for t in triggers {
                    if t == action || self.case.action(t).is_none() {
                        return Err(EditError::invalid(
                            "Triggers",
                            format!("{t} is not another action of the case; pick triggers among its ids."),
                        ));
                    }
                }
                let mut current = self.case.actions[i].triggers.clone();
                current.erased_sort();
                if current != *triggers {
                    self.keep_action(before, action);
                    self.case_mut().actions[i].triggers = triggers.clone();
                }
            }
        }
        let labels = self
            .coders
            .iter()
            .map(|c| {
                let l = c.labels.get(action);
                CoderLabel {
                    coder: c.coder.clone(),
                    label: l.and_then(|l| Settled::of_coder(label.field(), l)),
                    memo: l.map(|l| l.memo.clone()).unwrap_or_default(),
                }
            })
            .collect();
        before.settlements = Some(self.settlements.clone());
        self.settlements.push(Settlement {
            action: action.to_string(),
            label: label.clone(),
            adopted: adopted.clone(),
            labels,
            memo: memo.trim().to_string(),
            by: coder.to_string(),
            at: at.to_string(),
        });
        Ok(())
    }

    fn actor_index(&self, id: &str) -> Result<usize, EditError> {
        self.case
            .actors
            .iter()
            .position(|a| a.id == id)
            .ok_or_else(|| EditError::invalid("Actor", format!("no actor group has the id \"{id}\".")))
    }

    fn period_index(&self, id: &str) -> Result<usize, EditError> {
        self.case
            .periods
            .iter()
            .position(|p| p.id == id)
            .ok_or_else(|| EditError::invalid("Period", format!("no period has the id \"{id}\".")))
    }

    /// The kind entry a relabel (`Some(kind)`) or a reset (`None`) leaves, without changing anything.
    fn kind_outcome(
        &self,
        id: &str,
        kind: Option<Symbolic>,
        memo: Option<String>,
        coder: &str,
        at: &str,
    ) -> Result<Option<CodeEntry>, EditError> {
        let original = self
            .original_kind(id)
            .ok_or_else(|| EditError::UnknownAction { id: id.to_string() })?;
        let before = self.coding.get(id);
        let current = before.map_or(original, |e| e.kind);
        let memo_before = before.map(|e| e.memo.clone()).unwrap_or_default();
        let kind = match kind {
            Some(kind) => {
                if kind == current && memo.as_ref().is_none_or(|m| *m == memo_before) {
                    return Err(EditError::Unchanged {
                        id: id.to_string(),
                        kind,
                    });
                }
                kind
            }
            None if current == original => {
                return Err(EditError::Unchanged {
                    id: id.to_string(),
                    kind: original,
                })
            }
            None => original,
        };
        let memo = memo.unwrap_or(memo_before);
        // An entry that says nothing beyond the original is no entry.
        Ok((kind != original || !memo.is_empty()).then(|| CodeEntry {
            kind,
            coder: coder.to_string(),
            at: at.to_string(),
            memo,
            review: None,
        }))
    }

    /// The kind entry a memo leaves: the memo's author and time are recorded only where the
    /// entry is not a recode, whose provenance stays.
    fn memo_outcome(&self, id: &str, memo: &str, coder: &str, at: &str) -> Result<Option<CodeEntry>, EditError> {
        let original = self
            .original_kind(id)
            .ok_or_else(|| EditError::UnknownAction { id: id.to_string() })?;
        let before = self.coding.get(id);
        if before.map_or("", |e| e.memo.as_str()) == memo {
            return Err(EditError::NoChange {
                what: format!("the memo on {id} already says so."),
            });
        }
        let current = before.map_or(original, |e| e.kind);
        let (c, a) = match before {
            Some(e) if e.kind != original => (e.coder.as_str(), e.at.as_str()),
            _ => (coder, at),
        };
        Ok((current != original || !memo.is_empty()).then(|| CodeEntry {
            kind: current,
            coder: c.to_string(),
            at: a.to_string(),
            memo: memo.to_string(),
            review: before.and_then(|e| e.review.clone()),
        }))
    }

    /// The aspect entry a recode (`Some(aspect)`) or a reset (`None`) leaves.
    fn aspect_outcome(
        &self,
        id: &str,
        aspect: Option<Option<Aspect>>,
        memo: Option<String>,
        coder: &str,
        at: &str,
    ) -> Result<Option<AspectEntry>, EditError> {
        let original = self
            .case
            .action(id)
            .ok_or_else(|| EditError::UnknownAction { id: id.to_string() })?
            .aspect;
        let before = self.aspects.get(id);
        let current = before.map_or(original, |e| e.aspect);
        let memo_before = before.map(|e| e.memo.clone()).unwrap_or_default();
        let name = |a: Option<Aspect>| a.map_or("no aspect".to_string(), |a| a.label().to_lowercase());
        let aspect = match aspect {
            Some(aspect) => {
                if aspect == current && memo.as_ref().is_none_or(|m| *m == memo_before) {
                    return Err(EditError::NoChange {
                        what: format!("{id} already targets {}.", name(aspect)),
                    });
                }
                aspect
            }
            None if current == original => {
                return Err(EditError::NoChange {
                    what: format!("{id} has its original aspect ({}).", name(original)),
                })
            }
            None => original,
        };
        let memo = memo.unwrap_or(memo_before);
        Ok((aspect != original || !memo.is_empty()).then(|| AspectEntry {
            aspect,
            coder: coder.to_string(),
            at: at.to_string(),
            memo,
            review: None,
        }))
    }

    /// Checks an action from the editor as the importer would, naming the field at fault;
    /// returns it with its text trimmed. `replacing`: the id of the action it replaces.
    pub fn checked_action(
        &self,
        action: &Action,
        replacing: Option<&str>,
        new_actor: bool,
        new_period: bool,
    ) -> Result<Action, EditError> {
        let mut a = action.clone();
        a.id = a.id.trim().to_string();
        a.actor = a.actor.trim().to_string();
        a.period = a.period.trim().to_string();
        a.date = a.date.map(|d| d.trim().to_string()).filter(|d| !d.is_empty());
        if a.id.is_empty() {
            return Err(EditError::invalid("Id", "give the action an id such as DS1 or AM4."));
        }
        if a.id.contains([';', ',']) {
            return Err(EditError::invalid(
                "Id",
                "an id cannot contain ; or , (they separate triggers in a table).",
            ));
        }
        if Some(a.id.as_str()) != replacing && self.case.action(&a.id).is_some() {
            return Err(EditError::invalid(
                "Id",
                format!("\"{}\" is the id of another action. Ids must be unique.", a.id),
            ));
        }
        let known = |ids: Vec<&str>| {
            let mut shown: Vec<&str> = ids.into_iter().take(12).collect();
            if shown.is_empty() {
                shown.push("none yet");
            }
            shown.join(", ")
        };
        if a.actor.is_empty() {
            return Err(EditError::invalid(
                "Actor",
                "choose an actor group, or type the name of a new one.",
            ));
        }
        if !new_actor && self.case.actor(&a.actor).is_none() {
            return Err(EditError::invalid(
                "Actor",
                format!(
                    "unknown actor group \"{}\" (known: {}). Choose one, or create it as a new group.",
                    a.actor,
                    known(self.case.actors.iter().map(|x| x.id.as_str()).collect())
                ),
            ));
        }
        if a.period.is_empty() {
            return Err(EditError::invalid(
                "Period",
                "choose a period, or type the name of a new one.",
            ));
        }
        if !new_period && self.case.period(&a.period).is_none() {
            return Err(EditError::invalid(
                "Period",
                format!(
                    "unknown period \"{}\" (known: {}). Choose one, or create it as a new period.",
                    a.period,
                    known(self.case.periods.iter().map(|x| x.id.as_str()).collect())
                ),
            ));
        }
        if let Some(d) = &a.date {
            if parse_date(d).is_none() {
                return Err(EditError::invalid(
                    "Date",
                    format!("invalid date \"{d}\". Write {}.", crate::core::date::DATE_FORMS),
                ));
            }
        }
        if a.order.is_some_and(|o| !o.is_finite()) {
            return Err(EditError::invalid(
                "Order",
                "write a number such as 3 or 2.5, or leave it empty.",
            ));
        }
        let mut seen = HashSet::new();
        for t in &a.triggers {
            if *t == a.id || Some(t.as_str()) == replacing {
                return Err(EditError::invalid("Triggers", "an action cannot trigger itself."));
            }
            if self.case.action(t).is_none() {
                return Err(EditError::invalid(
                    "Triggers",
                    format!("no action has the id \"{t}\". Choose triggers from the case's ids."),
                ));
            }
            if !seen.insert(t.as_str()) {
                return Err(EditError::invalid("Triggers", format!("{t} is listed twice.")));
            }
        }
        a.external_triggers = a
            .external_triggers
            .iter()
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty())
            .collect();
        Ok(a)
    }

    /// Creates the actor group and period an action names when the editor said they are new, as
    /// the importer creates them (id and name the typed text).
    fn create_actor_and_period(&mut self, before: &mut Before, action: &Action, new_actor: bool, new_period: bool) {
        if new_actor && self.case.actor(&action.actor).is_none() {
            self.keep_actors(before);
            self.case_mut().actors.push(Actor {
                id: action.actor.clone(),
                name: action.actor.clone(),
                role: String::new(),
                memo: String::new(),
            });
        }
        if new_period && self.case.period(&action.period).is_none() {
            self.keep_periods(before);
            self.case_mut().periods.push(Period {
                id: action.period.clone(),
                name: action.period.clone(),
                start: None,
                end: None,
                impact: BTreeMap::new(),
                memo: String::new(),
            });
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn update_action(
        &mut self,
        before: &mut Before,
        id: &str,
        action: &Action,
        new_actor: bool,
        new_period: bool,
        coder: &str,
        at: &str,
    ) -> Result<(), EditError> {
        let i = self.index_of(id)?;
        let mut new = self.checked_action(action, Some(id), new_actor, new_period)?;
        let old = self.case.actions[i].clone();
        // The kind and aspect of an existing action change as recodes, with their provenance;
        // the original coding stays. Quotes change only as evidence.
        let kind = self.current_kind(id).unwrap_or(old.symbolic);
        let aspect = self.current_aspect(id).unwrap_or(old.aspect);
        let kind_entry = (new.symbolic != kind)
            .then(|| self.kind_outcome(id, Some(new.symbolic), None, coder, at))
            .transpose()?;
        let aspect_entry = (new.aspect != aspect)
            .then(|| self.aspect_outcome(id, Some(new.aspect), None, coder, at))
            .transpose()?;
        if (kind_entry.is_some() || aspect_entry.is_some()) && coder.trim().is_empty() {
            return Err(EditError::NoCoder);
        }
        new.symbolic = old.symbolic;
        new.aspect = old.aspect;
        new.evidence = old.evidence.clone();
        if new == old && kind_entry.is_none() && aspect_entry.is_none() && !new_actor && !new_period {
            return Err(EditError::NoChange {
                what: format!("{id} already reads so."),
            });
        }
        self.keep_action(before, id);
        self.keep_action(before, &new.id);
        self.keep_codings(before, id);
        self.keep_codings(before, &new.id);
        self.create_actor_and_period(before, &new, new_actor, new_period);
        if let Some(entry) = kind_entry {
            set_or_remove(&mut self.coding, id.to_string(), entry);
        }
        if let Some(entry) = aspect_entry {
            set_or_remove(&mut self.aspects, id.to_string(), entry);
        }
        if new.id != id {
            // Triggers that name the old id follow it, and so do its codings.
            let followers: Vec<String> = self
                .case
                .actions
                .iter()
                .filter(|a| a.triggers.iter().any(|t| t == id))
                .map(|a| a.id.clone())
                .collect();
            for f in &followers {
                self.keep_action(before, f);
            }
            for a in &mut self.case_mut().actions {
                for t in &mut a.triggers {
                    if t == id {
                        t.clone_from(&new.id);
                    }
                }
            }
            if let Some(e) = self.coding.remove(id) {
                self.coding.insert(new.id.clone(), e);
            }
            if let Some(e) = self.aspects.remove(id) {
                self.aspects.insert(new.id.clone(), e);
            }
        }
        self.case_mut().actions[i] = new;
        Ok(())
    }

    fn delete_action(
        &mut self,
        before: &mut Before,
        id: &str,
        rewire: bool,
        coder: &str,
        at: &str,
    ) -> Result<(), EditError> {
        let i = self.index_of(id)?;
        let gone = self.case.actions[i].clone();
        let followers: Vec<String> = self
            .case
            .actions
            .iter()
            .filter(|a| a.triggers.iter().any(|t| t == id))
            .map(|a| a.id.clone())
            .collect();
        self.keep_action(before, id);
        for f in &followers {
            self.keep_action(before, f);
        }
        self.keep_codings(before, id);
        let coding = self.coding.remove(id);
        let aspect = self.aspects.remove(id);
        if coding.is_some() || aspect.is_some() || !gone.evidence.is_empty() {
            self.keep_retired(before);
            self.retired.push(Retired {
                action: gone.clone(),
                coding,
                aspect,
                why: "deleted".into(),
                coder: coder.to_string(),
                at: at.to_string(),
            });
        }
        let case = self.case_mut();
        case.actions.remove(i);
        for a in &mut case.actions {
            if !a.triggers.iter().any(|t| t == id) {
                continue;
            }
            let mut triggers = Vec::with_capacity(a.triggers.len() + gone.triggers.len());
            for t in &a.triggers {
                if t != id {
                    if !triggers.contains(t) {
                        triggers.push(t.clone());
                    }
                } else if rewire {
                    for g in &gone.triggers {
                        if *g != a.id && !triggers.contains(g) && !a.triggers.contains(g) {
                            triggers.push(g.clone());
                        }
                    }
                }
            }
            a.triggers = triggers;
        }
        Ok(())
    }

    fn restore_retired(&mut self, before: &mut Before, index: usize) -> Result<(), EditError> {
        let r = self.retired.get(index).cloned().ok_or_else(|| EditError::NoChange {
            what: "that removed action is no longer kept.".into(),
        })?;
        let id = r.action.id.clone();
        self.keep_retired(before);
        self.keep_codings(before, &id);
        if let Some(current) = self.case.action(&id).cloned() {
            // The action is in the case again: its codings come back, flagged where the original
            // coding differs from the one they were made against.
            let flag = |what: &str| {
                Some(format!(
                    "restored onto a {id} whose original {what} differs; check this recode"
                ))
            };
            if let Some(mut e) = r.coding {
                if current.symbolic != r.action.symbolic {
                    e.review = flag("kind");
                }
                self.coding.insert(id.clone(), e);
            }
            if let Some(mut e) = r.aspect {
                if current.aspect != r.action.aspect {
                    e.review = flag("aspect");
                }
                self.aspects.insert(id.clone(), e);
            }
        } else {
            let mut action = r.action.clone();
            let case = &self.case;
            action.triggers.retain(|t| case.action(t).is_some());
            self.keep_action(before, &id);
            let (new_actor, new_period) = (
                case.actor(&action.actor).is_none(),
                case.period(&action.period).is_none(),
            );
            self.create_actor_and_period(before, &action, new_actor, new_period);
            self.case_mut().actions.push(action);
            if let Some(e) = r.coding {
                self.coding.insert(id.clone(), e);
            }
            if let Some(e) = r.aspect {
                self.aspects.insert(id.clone(), e);
            }
        }
        self.retired.remove(index);
        Ok(())
    }

    fn merge_actors(&mut self, before: &mut Before, from: &str, into: &str) -> Result<(), EditError> {
        let f = self.actor_index(from)?;
        self.actor_index(into)?;
        if from == into {
            return Err(EditError::invalid(
                "Merge into",
                "choose another actor group to merge into.",
            ));
        }
        self.keep_actors(before);
        let moved: Vec<String> = self
            .case
            .actions
            .iter()
            .filter(|a| a.actor == from)
            .map(|a| a.id.clone())
            .collect();
        for id in &moved {
            self.keep_action(before, id);
        }
        let case = self.case_mut();
        let gone = case.actors.remove(f);
        for a in &mut case.actions {
            if a.actor == from {
                a.actor = into.to_string();
            }
        }
        if let Some(target) = case.actors.iter_mut().find(|a| a.id == into) {
            if !gone.memo.is_empty() {
                target.memo = [target.memo.as_str(), gone.memo.as_str()]
                    .iter()
                    .filter(|m| !m.is_empty())
                    .copied()
                    .collect::<Vec<_>>()
                    .join("\n\n");
            }
        }
        Ok(())
    }

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
                ..Location::default()
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
                ..Location::default()
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
                }
            }
            Some(2) => migrate_v2(serde_json::from_str(text).map_err(parse_error)?),
            Some(1) => migrate_v1(serde_json::from_str(text).map_err(parse_error)?),
            other => {
                return Err(fail(
                    "version",
                    ImportErrorKind::UnknownProjectVersion {
                        found: other.map_or("(none)".to_string(), |v| v.to_string()),
                    },
                ))
            }
        };
        // The case inside must be as sound as any imported case.
        let case_json = crate::core::import::json::case_to_json(&project.case);
        import_text(file, case_json.as_bytes())?;
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

fn set_or_remove<T>(map: &mut BTreeMap<String, T>, key: String, value: Option<T>) {
    match value {
        Some(v) => {
            map.insert(key, v);
        }
        None => {
            map.remove(&key);
        }
    }
}

/// The id of a new actor group or period (`what`: "an actor group"): trimmed, not empty, not
/// `taken`.
fn fresh_id(field: &str, what: &str, id: &str, taken: impl Fn(&str) -> bool) -> Result<String, EditError> {
    let id = id.trim();
    if id.is_empty() {
        return Err(EditError::invalid(field, format!("give {what} a name.")));
    }
    if taken(id) {
        return Err(EditError::invalid(
            field,
            format!("{} \"{id}\" exists already. Choose another name.", capitalised(what)),
        ));
    }
    Ok(id.to_string())
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

fn non_empty(field: &str, text: &str) -> Result<String, EditError> {
    let text = text.trim();
    if text.is_empty() {
        Err(EditError::invalid(field, "it cannot be empty."))
    } else {
        Ok(text.to_string())
    }
}

fn check_dates(start: &Option<String>, end: &Option<String>) -> Result<(), EditError> {
    let mut spans = Vec::new();
    for (field, date) in [("Start", start), ("End", end)] {
        if let Some(d) = date {
            let span = parse_date(d).ok_or_else(|| {
                EditError::invalid(
                    field,
                    format!("invalid date \"{d}\". Write {}.", crate::core::date::DATE_FORMS),
                )
            })?;
            spans.push(span);
        }
    }
    if let [s, e] = spans.as_slice() {
        if e.end <= s.start {
            return Err(EditError::invalid("End", "the period ends before it starts."));
        }
    }
    Ok(())
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

/// Reads any file the app opens: a project file, a JSON case, an action table, a workbook or a
/// QDPX project. A JSON file is a project when its top-level `format` says so, wherever the key
/// stands in the file.
pub fn load_file(name: &str, bytes: &[u8]) -> Result<Loaded, ImportError> {
    if crate::core::qdpx::is_qdpx_file(name, bytes) {
        return crate::core::qdpx::read_qdpx(name, bytes).map(|p| Loaded::Project(Box::new(p)));
    }
    if let Some(project) = project_file(name, bytes) {
        return project.map(|p| Loaded::Project(Box::new(p)));
    }
    import_file(name, bytes).map(|i| Loaded::Case(Box::new(i)))
}

/// [`load_file`], reading the named sheet of a workbook (a case, never a project).
pub fn load_file_sheet(name: &str, bytes: &[u8], sheet: Option<&str>) -> Result<Loaded, ImportError> {
    match sheet {
        Some(sheet) => import_file_sheet(name, bytes, Some(sheet)).map(|i| Loaded::Case(Box::new(i))),
        None => load_file(name, bytes),
    }
}

/// [`load_file`] for a file that is no workbook or QDPX
/// ([`crate::core::import::is_exchange_file`] false): a project file, a JSON case or a table.
/// The app reads these itself and the others in its exchange worker.
pub fn load_text_file(name: &str, bytes: &[u8]) -> Result<Loaded, ImportError> {
    if let Some(project) = project_file(name, bytes) {
        return project.map(|p| Loaded::Project(Box::new(p)));
    }
    import_text(name, bytes).map(|i| Loaded::Case(Box::new(i)))
}

/// A Regime Lens project file read, or `None` when the file is not one.
fn project_file(name: &str, bytes: &[u8]) -> Option<Result<Project, ImportError>> {
    let body = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    let first = body.iter().find(|b| !b.is_ascii_whitespace());
    if !(name.to_lowercase().ends_with(".json") || first == Some(&b'{')) {
        return None;
    }
    let text = std::str::from_utf8(body).ok()?;
    #[derive(Deserialize)]
    struct Head {
        format: Option<serde_json::Value>,
    }
    // Every other field is skipped, not built.
    let head: Option<Head> = serde_json::from_str(text).ok();
    (head.and_then(|h| h.format).as_ref().and_then(|f| f.as_str()) == Some(PROJECT_FORMAT))
        .then(|| Project::from_json(name, text))
}
