//! Updating a project from a revised table of its case, without losing a coding.
//!
//! Owns [`Revision`] (a revised table read and reviewed, waiting for the researcher's word),
//! [`UpdateReview`] (what it would change, shown before anything changes) and [`merge_update`]
//! (what the update edit applies): actions that still exist keep their recodes,
//! memos and evidence; a recode whose original coding the revision changed is flagged for review;
//! codings and evidence of removed actions are set aside as [`Retired`], restorable.

use super::edit::Op;
use crate::core::coding::{AspectEntry, CodeEntry, Retired};
use crate::core::model::{Action, Aspect, Case};
use crate::core::project::Project;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

/// A revised table (or JSON case, or project) of the open case, read and reviewed: nothing has
/// changed until its [`Revision::op`] is applied.
#[derive(Debug, Clone, PartialEq)]
pub struct Revision {
    /// The file it came from.
    pub file: String,
    /// The revised case.
    pub case: Arc<Case>,
    /// True when it was a table (not a JSON case or project): the case's other parts stay.
    pub from_table: bool,
    /// The table's columns (`None` for a JSON case or project).
    pub columns: Option<Vec<String>>,
    /// What it would change.
    pub review: UpdateReview,
}

impl Revision {
    /// The revision of `project` that `file` holds (`columns`: a table's, see [`merge_update`]),
    /// reviewed against the project as it is.
    pub fn of(project: &Project, file: &str, case: Case, columns: Option<Vec<String>>) -> Revision {
        let from_table = columns.is_some();
        let review = preview_update(project, &case, from_table, columns.as_deref());
        Revision {
            file: file.to_string(),
            case: Arc::new(case),
            from_table,
            columns,
            review,
        }
    }

    /// The edit that applies it: one undoable edit.
    pub fn op(&self) -> Op {
        Op::UpdateCase {
            case: Box::new((*self.case).clone()),
            from_table: self.from_table,
            columns: self.columns.clone(),
        }
    }

    /// What applying it did, in words; `flagged`: the recodes to review after it.
    pub fn summary(&self, flagged: usize) -> String {
        format!(
            "Updated from {}: {} added, {} removed, {} changed; {} recodes to review, {} removed actions kept aside.",
            self.file,
            self.review.added.len(),
            self.review.removed.len(),
            self.review.changed.len(),
            flagged,
            self.review.retired.len()
        )
    }
}

/// One field of an action that the revision changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldChange {
    /// The editor's label of the field.
    pub field: &'static str,
    /// Its text now.
    pub before: String,
    /// Its text in the revision.
    pub after: String,
}

/// An action the revision changes, field by field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionChange {
    /// The action id.
    pub id: String,
    /// The fields that change.
    pub fields: Vec<FieldChange>,
}

/// What a revised table would do to the open project.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct UpdateReview {
    /// Ids of actions the revision adds, in its order.
    pub added: Vec<String>,
    /// Ids of actions the revision no longer has, in the project's order.
    pub removed: Vec<String>,
    /// Actions in both whose fields change.
    pub changed: Vec<ActionChange>,
    /// Recodes that stay but whose original coding changes: flagged for review.
    pub to_review: Vec<String>,
    /// Removed actions that carry codings, memos or evidence: set aside, restorable.
    pub retired: Vec<String>,
    /// Actor groups the revision adds.
    pub actors_added: Vec<String>,
    /// Periods the revision adds.
    pub periods_added: Vec<String>,
}

impl UpdateReview {
    /// True when the revision changes nothing.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty()
            && self.removed.is_empty()
            && self.changed.is_empty()
            && self.actors_added.is_empty()
            && self.periods_added.is_empty()
    }
}

fn aspect_text(a: Option<Aspect>) -> String {
    a.map_or(String::new(), |a| a.label().to_string())
}

/// The fields of an action as the editor labels them, as text (evidence is not a table field).
fn field_texts(a: &Action) -> [(&'static str, String); 13] {
    [
        ("Actor", a.actor.clone()),
        ("Period", a.period.clone()),
        ("Description", a.description.clone()),
        ("Symbolic nature", a.symbolic.label().to_string()),
        ("Why symbolic", a.symbolic_note.clone()),
        ("Aim", a.aim.clone()),
        ("Aspect", aspect_text(a.aspect)),
        ("Triggers", a.triggers.join(", ")),
        ("External triggers", a.external_triggers.join("; ")),
        ("Consequence", a.consequence.clone()),
        ("Impact", a.impact.clone()),
        ("Date", a.date.clone().unwrap_or_default()),
        ("Order", a.order.map(|o| o.to_string()).unwrap_or_default()),
    ]
}

fn carries_work(project: &Project, a: &Action) -> bool {
    project.coding.contains_key(&a.id) || project.aspects.contains_key(&a.id) || !a.evidence.is_empty()
}

/// What an update would do to the open project, read from its merge (so that the review shows
/// exactly what applying it does); nothing is changed.
pub fn review_update(project: &Project, merged: &Merged) -> UpdateReview {
    let old = &project.case;
    let revised = &merged.case;
    let old_index: HashMap<&str, &Action> = old.actions.iter().map(|a| (a.id.as_str(), a)).collect();
    let new_index: HashMap<&str, &Action> = revised.actions.iter().map(|a| (a.id.as_str(), a)).collect();
    let mut review = UpdateReview::default();
    for a in &revised.actions {
        let Some(before) = old_index.get(a.id.as_str()) else {
            review.added.push(a.id.clone());
            continue;
        };
        let fields: Vec<FieldChange> = field_texts(before)
            .into_iter()
            .zip(field_texts(a))
            .filter(|((_, x), (_, y))| x != y)
            .map(|((field, before), (_, after))| FieldChange { field, before, after })
            .collect();
        if !fields.is_empty() {
            review.changed.push(ActionChange {
                id: a.id.clone(),
                fields,
            });
        }
    }
    review.to_review = revised
        .actions
        .iter()
        .filter(|a| {
            merged.coding.get(&a.id).is_some_and(|e| e.review.is_some())
                || merged.aspects.get(&a.id).is_some_and(|e| e.review.is_some())
        })
        .filter(|a| project.to_review().iter().all(|(id, _)| *id != a.id))
        .map(|a| a.id.clone())
        .collect();
    review.removed = old
        .actions
        .iter()
        .filter(|a| !new_index.contains_key(a.id.as_str()))
        .map(|a| a.id.clone())
        .collect();
    review.retired = merged.retired.iter().map(|r| r.action.id.clone()).collect();
    review.actors_added = revised
        .actors
        .iter()
        .filter(|x| old.actor(&x.id).is_none())
        .map(|x| x.id.clone())
        .collect();
    review.periods_added = revised
        .periods
        .iter()
        .filter(|x| old.period(&x.id).is_none())
        .map(|x| x.id.clone())
        .collect();
    review
}

/// What updating `project` from a revised case would change: the review of its merge (see
/// [`merge_update`] for the arguments); nothing is changed.
pub fn preview_update(project: &Project, revised: &Case, from_table: bool, columns: Option<&[String]>) -> UpdateReview {
    review_update(project, &merge_update(project, revised, from_table, columns, "", ""))
}

/// Copies into `new` the fields of `old` whose table column the revision lacks.
fn keep_absent_fields(new: &mut Action, old: &Action, columns: &[String]) {
    let absent = |c: &str| !columns.iter().any(|x| x == c);
    if absent("symbolic") {
        new.symbolic = old.symbolic;
    }
    if absent("symbolic_note") {
        new.symbolic_note.clone_from(&old.symbolic_note);
    }
    if absent("aim") {
        new.aim.clone_from(&old.aim);
    }
    if absent("aspect") {
        new.aspect = old.aspect;
    }
    if absent("triggers") {
        new.triggers.clone_from(&old.triggers);
    }
    if absent("external_triggers") {
        new.external_triggers.clone_from(&old.external_triggers);
    }
    if absent("consequence") {
        new.consequence.clone_from(&old.consequence);
    }
    if absent("impact") {
        new.impact.clone_from(&old.impact);
    }
    if absent("date") {
        new.date.clone_from(&old.date);
    }
    if absent("order") {
        new.order = old.order;
    }
}

/// The project's case and codings after an update.
pub struct Merged {
    /// The revised case, with what the project adds to it kept.
    pub case: Case,
    /// The kind codings of actions that still exist (flagged where their original changed).
    pub coding: BTreeMap<String, CodeEntry>,
    /// The aspect codings likewise.
    pub aspects: BTreeMap<String, AspectEntry>,
    /// Removed actions with codings or evidence, set aside.
    pub retired: Vec<Retired>,
}

/// Merges a revised case into the project. A table holds actions only, so with `from_table` the
/// case's title, source, series, regime, events and memo stay, and so do the names, roles,
/// dates, impacts and memos of actor groups and periods (their order too; new ones come after).
/// `columns`: the columns of a revised table; fields whose column it lacks keep their values
/// (an empty cell in a column it has is a deliberate blank). Evidence of actions that stay is
/// kept when the revision brings none.
pub fn merge_update(
    project: &Project,
    revised: &Case,
    from_table: bool,
    columns: Option<&[String]>,
    coder: &str,
    at: &str,
) -> Merged {
    let old = &project.case;
    let mut case = revised.clone();
    if from_table {
        case.title.clone_from(&old.title);
        case.source.clone_from(&old.source);
        case.series.clone_from(&old.series);
        case.regime.clone_from(&old.regime);
        case.events.clone_from(&old.events);
        case.memo.clone_from(&old.memo);
        let mut actors = old.actors.clone();
        actors.extend(revised.actors.iter().filter(|a| old.actor(&a.id).is_none()).cloned());
        case.actors = actors;
        let mut periods = old.periods.clone();
        periods.extend(revised.periods.iter().filter(|p| old.period(&p.id).is_none()).cloned());
        case.periods = periods;
    } else {
        if case.memo.is_empty() {
            case.memo.clone_from(&old.memo);
        }
        for actor in &mut case.actors {
            if let Some(o) = old.actor(&actor.id).filter(|_| actor.memo.is_empty()) {
                actor.memo.clone_from(&o.memo);
            }
        }
        for period in &mut case.periods {
            if let Some(o) = old.period(&period.id).filter(|_| period.memo.is_empty()) {
                period.memo.clone_from(&o.memo);
            }
        }
    }
    let old_index: HashMap<&str, &Action> = old.actions.iter().map(|a| (a.id.as_str(), a)).collect();
    for action in &mut case.actions {
        if let Some(o) = old_index.get(action.id.as_str()) {
            if action.evidence.is_empty() {
                action.evidence.clone_from(&o.evidence);
            }
            if let Some(columns) = columns {
                keep_absent_fields(action, o, columns);
            }
        }
    }
    // A kept trigger may name an action the revision removed: it goes, as the importer would not
    // let it dangle.
    if columns.is_some_and(|c| !c.iter().any(|x| x == "triggers")) {
        let ids: std::collections::HashSet<String> = case.actions.iter().map(|a| a.id.clone()).collect();
        for action in &mut case.actions {
            action.triggers.retain(|t| ids.contains(t));
        }
    }
    let new_index: HashMap<String, usize> = case
        .actions
        .iter()
        .enumerate()
        .map(|(i, a)| (a.id.clone(), i))
        .collect();
    let mut coding = BTreeMap::new();
    for (id, entry) in &project.coding {
        if let (Some(&i), Some(o)) = (new_index.get(id), old_index.get(id.as_str())) {
            let mut entry = entry.clone();
            let now = case.actions[i].symbolic;
            if now != o.symbolic {
                entry.review = Some(format!(
                    "the revised table changed its original kind from {} to {}; check this recode",
                    o.symbolic.key(),
                    now.key()
                ));
            }
            coding.insert(id.clone(), entry);
        }
    }
    let mut aspects = BTreeMap::new();
    for (id, entry) in &project.aspects {
        if let (Some(&i), Some(o)) = (new_index.get(id), old_index.get(id.as_str())) {
            let mut entry = entry.clone();
            let now = case.actions[i].aspect;
            if now != o.aspect {
                let name = |a: Option<Aspect>| a.map_or("none", Aspect::key);
                entry.review = Some(format!(
                    "the revised table changed its original aspect from {} to {}; check this recode",
                    name(o.aspect),
                    name(now)
                ));
            }
            aspects.insert(id.clone(), entry);
        }
    }
    let retired = old
        .actions
        .iter()
        .filter(|a| !new_index.contains_key(&a.id) && carries_work(project, a))
        .map(|a| Retired {
            action: a.clone(),
            coding: project.coding.get(&a.id).cloned(),
            aspect: project.aspects.get(&a.id).cloned(),
            why: "not in the revised table".into(),
            coder: coder.to_string(),
            at: at.to_string(),
        })
        .collect();
    Merged {
        case,
        coding,
        aspects,
        retired,
    }
}
