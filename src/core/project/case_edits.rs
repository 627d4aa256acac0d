//! The edits of the case itself: an action checked as the importer would check it, added,
//! changed, deleted (kept aside with its codings) or restored, and actor groups merged. Each
//! remembers what it replaces ([`super::history`]) before it changes anything.

use super::history::{set_or_remove, Before};
use super::Project;
use crate::core::coding::Retired;
use crate::core::date::parse_date;
use crate::core::model::{Action, Actor, Period};
use crate::core::report::EditError;
use std::collections::{BTreeMap, HashSet};

impl Project {
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
    pub(super) fn create_actor_and_period(
        &mut self,
        before: &mut Before,
        action: &Action,
        new_actor: bool,
        new_period: bool,
    ) {
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
    pub(super) fn update_action(
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

    pub(super) fn delete_action(
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

    pub(super) fn restore_retired(&mut self, before: &mut Before, index: usize) -> Result<(), EditError> {
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

    pub(super) fn merge_actors(&mut self, before: &mut Before, from: &str, into: &str) -> Result<(), EditError> {
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

    pub(super) fn actor_index(&self, id: &str) -> Result<usize, EditError> {
        self.case
            .actors
            .iter()
            .position(|a| a.id == id)
            .ok_or_else(|| EditError::invalid("Actor", format!("no actor group has the id \"{id}\".")))
    }

    pub(super) fn period_index(&self, id: &str) -> Result<usize, EditError> {
        self.case
            .periods
            .iter()
            .position(|p| p.id == id)
            .ok_or_else(|| EditError::invalid("Period", format!("no period has the id \"{id}\".")))
    }
}

/// The id of a new actor group or period (`what`: "an actor group"): trimmed, not empty, not
/// `taken`.
pub(super) fn fresh_id(field: &str, what: &str, id: &str, taken: impl Fn(&str) -> bool) -> Result<String, EditError> {
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

pub(super) fn non_empty(field: &str, text: &str) -> Result<String, EditError> {
    let text = text.trim();
    if text.is_empty() {
        Err(EditError::invalid(field, "it cannot be empty."))
    } else {
        Ok(text.to_string())
    }
}

pub(super) fn check_dates(start: &Option<String>, end: &Option<String>) -> Result<(), EditError> {
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
