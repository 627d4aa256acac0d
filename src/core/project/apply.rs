//! Applying an edit: [`Project::apply`], the one way a project changes, with [`Project::undo`]
//! and [`Project::redo`]. Each edit is carried out by `perform_op`, which first remembers what it
//! replaces (the `keep_*` steps, into a [`Before`] of [`super::history`]) and then changes it;
//! `restore` puts a [`Before`] back. The edits on the case are in [`super::case_edits`], the
//! coding decisions in [`super::coding_edits`], a revised table's merge in [`super::update`].

use super::case_edits::{check_dates, fresh_id, non_empty};
use super::edit::{Edit, Op, Target};
use super::history::{set_or_remove, Before, Entry, Slot, Step};
use super::update::merge_update;
use super::Project;
use crate::core::import::json::CaseFile;
use crate::core::model::Case;
use crate::core::report::EditError;
use crate::core::sort::SortErased;
use crate::core::validate::check_references;
use std::collections::HashSet;
use std::sync::Arc;

impl Project {
    /// Applies an edit: the one way a project changes. Clears the redo stack. On error nothing
    /// changed.
    pub fn apply(&mut self, edit: Edit) -> Result<(), EditError> {
        let before = self.perform(&edit)?;
        self.undo.push(Step { edit, before });
        self.redo.clear();
        self.revision += 1;
        Ok(())
    }

    /// Takes the changes other members of a team made ([`Op::Synced`]): checked and carried out
    /// like any edit, but kept off this member's undo stack (undo undoes one's own edits; the
    /// team's history is the shared document's). The redo stack stays. On error nothing changed.
    pub fn apply_remote(&mut self, edit: Edit) -> Result<(), EditError> {
        if !matches!(edit.op, Op::Synced { .. }) {
            return Err(EditError::invalid(
                "Edit",
                "only the team's changes are taken from the shared project.",
            ));
        }
        self.perform(&edit)?;
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

    /// Carries out an edit and returns what it replaced; on error nothing changed.
    pub(super) fn perform(&mut self, edit: &Edit) -> Result<Before, EditError> {
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

    pub(super) fn perform_op(&mut self, edit: &Edit, before: &mut Before) -> Result<(), EditError> {
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
            Op::AddSources { library } => {
                let mut merged = self.library.clone();
                let added = merged.add(library);
                if added.is_empty() {
                    return Err(EditError::NoChange {
                        what: "every source, code, passage and note given is in the project already.".into(),
                    });
                }
                if let Some(problem) = merged.misplaced_passage() {
                    return Err(EditError::invalid("Passage", format!("{problem}.")));
                }
                self.library = merged;
                before.library_added = Some(added);
            }
            Op::MapCode { code, meaning, .. } => {
                let Some(i) = self.library.codes.iter().position(|c| &c.id == code) else {
                    return Err(EditError::invalid("Code", format!("the project holds no code {code}.")));
                };
                let meaning = Some(*meaning).filter(|m| !m.is_empty());
                if self.library.codes[i].meaning == meaning {
                    return Err(EditError::NoChange {
                        what: format!("code {} means that already.", self.library.codes[i].name),
                    });
                }
                before.library = Some(Box::new(self.library.clone()));
                self.library.codes[i].meaning = meaning;
            }
            Op::Synced { state, .. } => {
                if self.shares(state) {
                    return Err(EditError::NoChange {
                        what: "the team's project is already this one.".into(),
                    });
                }
                let state = (**state).clone();
                before.name = Some(std::mem::replace(&mut self.name, state.name));
                before.view = Some(std::mem::replace(&mut self.view, state.view));
                before.case = Some(Box::new(CaseFile::from((*self.case).clone())));
                self.case = Arc::new(state.case);
                before.all_coding = Some(std::mem::replace(&mut self.coding, state.coding));
                before.all_aspects = Some(std::mem::replace(&mut self.aspects, state.aspects));
                before.retired = Some(std::mem::replace(&mut self.retired, state.retired));
                before.coders = Some(std::mem::replace(&mut self.coders, state.coders));
                before.settlements = Some(std::mem::replace(&mut self.settlements, state.settlements));
                before.library = Some(Box::new(std::mem::replace(&mut self.library, state.library)));
            }
        }
        Ok(())
    }
}

impl Project {
    /// Remembers action `id` as it is now (or its absence), once per edit.
    pub(super) fn keep_action(&self, before: &mut Before, id: &str) {
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
    pub(super) fn keep_codings(&self, before: &mut Before, id: &str) {
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

    pub(super) fn keep_actors(&self, before: &mut Before) {
        if before.actors.is_none() {
            before.actors = Some(self.case.actors.clone());
        }
    }

    pub(super) fn keep_periods(&self, before: &mut Before) {
        if before.periods.is_none() {
            before.periods = Some(self.case.periods.clone());
        }
    }

    pub(super) fn keep_retired(&self, before: &mut Before) {
        if before.retired.is_none() {
            before.retired = Some(self.retired.clone());
        }
    }

    /// Puts back what an edit replaced.
    pub(super) fn restore(&mut self, before: Before) {
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
        if let Some(library) = before.library {
            self.library = *library;
        }
        if let Some(added) = before.library_added {
            self.library.remove(&added);
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
}
