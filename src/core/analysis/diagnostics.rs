//! Diagnostics of a case's coding, and the mention edges read from consequence texts.
//!
//! Owns [`Diagnostic`], [`mention_edges`] and [`diagnose`]: dangling ids, self-triggers, cycles,
//! triggers from a later period, mention/trigger mismatches, and actions with no trigger at all.

use crate::core::graph::TriggerGraph;
use crate::core::model::Case;
use crate::core::sort::SortErased;
use serde::Serialize;
use std::collections::{HashMap, HashSet};

/// What a diagnostic is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DiagnosticKind {
    /// A trigger id that names no action.
    DanglingTrigger,
    /// An action that names itself as its trigger.
    SelfTrigger,
    /// Actions that trigger each other in a circle.
    Cycle,
    /// A trigger from a later period.
    TriggerFromLaterPeriod,
    /// A consequence names an action that does not list the action as its trigger.
    MentionWithoutTrigger,
    /// A trigger whose cause's consequence never names the triggered action.
    TriggerNotMentioned,
    /// No consequence of the case names an action id, so the mention checks do not apply (one
    /// line instead of one per trigger).
    MentionCheckNotApplicable,
    /// An action with neither a trigger nor an external trigger.
    NoTrigger,
}

/// One finding about the case, with the actions it names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// What kind of finding.
    pub kind: DiagnosticKind,
    /// The ids it names, in the order the message uses them: actions, and for a dangling trigger
    /// the id that names no action.
    pub ids: Vec<String>,
    /// The finding in words.
    pub message: String,
}

/// Action ids named in a text as whole words; letters and digits may be parted by one space
/// ("AM 1"). Matching ignores case.
pub fn ids_mentioned(text: &str, ids: &HashMap<String, usize>) -> Vec<usize> {
    let chars: Vec<char> = text.chars().collect();
    let mut found = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_alphanumeric() || (i > 0 && chars[i - 1].is_alphanumeric()) {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < chars.len() && chars[j].is_alphanumeric() {
            j += 1;
        }
        let word: String = chars[i..j].iter().collect();
        let mut candidate = word.to_uppercase();
        let mut end = j;
        // "AM 1": letters, one space, digits.
        if word.chars().all(|c| c.is_alphabetic())
            && j + 1 < chars.len()
            && chars[j] == ' '
            && chars[j + 1].is_ascii_digit()
        {
            let mut k = j + 1;
            while k < chars.len() && chars[k].is_ascii_digit() {
                k += 1;
            }
            if k == chars.len() || !chars[k].is_alphanumeric() {
                let joined = format!("{}{}", candidate, chars[j + 1..k].iter().collect::<String>());
                if ids.contains_key(&joined) {
                    candidate = joined;
                    end = k;
                }
            }
        }
        if let Some(&index) = ids.get(&candidate) {
            if !found.contains(&index) {
                found.push(index);
            }
        }
        i = end;
    }
    found
}

/// The mention edges of a case: `(a, b)` when `b`'s id appears in `a`'s consequence.
pub fn mention_edges(case: &Case) -> Vec<(usize, usize)> {
    let ids: HashMap<String, usize> = case
        .actions
        .iter()
        .enumerate()
        .map(|(i, a)| (a.id.replace(' ', "").to_uppercase(), i))
        .collect();
    let mut edges = Vec::new();
    for (a, action) in case.actions.iter().enumerate() {
        for b in ids_mentioned(&action.consequence, &ids) {
            if b != a {
                edges.push((a, b));
            }
        }
    }
    edges
}

/// All diagnostics, in a stable order: by kind, then as the case lists the actions.
pub fn diagnose(case: &Case, graph: &TriggerGraph, mentions: &[(usize, usize)]) -> Vec<Diagnostic> {
    let mut out = structural(case, graph);
    let id = |i: usize| case.actions[i].id.clone();
    for &(a, b) in mentions {
        if !graph.predecessors[b].contains(&a) {
            out.push(Diagnostic {
                kind: DiagnosticKind::MentionWithoutTrigger,
                ids: vec![id(a), id(b)],
                message: format!(
                    "The consequence of {} names {}, but {} does not list {} as a trigger.",
                    id(a),
                    id(b),
                    id(b),
                    id(a)
                ),
            });
        }
    }
    // A case whose consequences never name ids does not follow that convention: one line says
    // so, instead of a "not mentioned" for every trigger.
    if mentions.is_empty() {
        if graph.edge_count() > 0 {
            out.push(Diagnostic {
                kind: DiagnosticKind::MentionCheckNotApplicable,
                ids: Vec::new(),
                message: "No consequence names an action id, so whether each trigger is named in its cause's consequence is not checked.".into(),
            });
        }
        out.erased_sort_by_key(|d| d.kind);
        return out;
    }
    let mentioned: HashSet<(usize, usize)> = mentions.iter().copied().collect();
    for (b, preds) in graph.predecessors.iter().enumerate() {
        for &a in preds {
            if !mentioned.contains(&(a, b)) {
                out.push(Diagnostic {
                    kind: DiagnosticKind::TriggerNotMentioned,
                    ids: vec![id(a), id(b)],
                    message: format!(
                        "{} lists {} as a trigger, but the consequence of {} does not name {}.",
                        id(b),
                        id(a),
                        id(a),
                        id(b)
                    ),
                });
            }
        }
    }
    out.erased_sort_by_key(|d| d.kind);
    out
}

/// The diagnostics of the trigger data alone (no mentions): dangling ids, self-triggers,
/// triggers from a later period, actions with no trigger, cycles; in table order, cycles last.
/// Import warnings are made from these.
pub fn structural(case: &Case, graph: &TriggerGraph) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let index = case.action_indices();
    let period_index = case.period_indices();
    let period = |id: &str| period_index.get(id).copied();
    for action in &case.actions {
        for trigger in &action.triggers {
            if trigger == &action.id {
                out.push(Diagnostic {
                    kind: DiagnosticKind::SelfTrigger,
                    ids: vec![action.id.clone()],
                    message: format!("{} names itself as its trigger.", action.id),
                });
            } else if let Some(&t) = index.get(trigger.as_str()) {
                if period(&case.actions[t].period) > period(&action.period) {
                    out.push(Diagnostic {
                        kind: DiagnosticKind::TriggerFromLaterPeriod,
                        ids: vec![action.id.clone(), trigger.clone()],
                        message: format!(
                            "{} is triggered by {}, which belongs to a later period.",
                            action.id, trigger
                        ),
                    });
                }
            } else {
                out.push(Diagnostic {
                    kind: DiagnosticKind::DanglingTrigger,
                    ids: vec![action.id.clone(), trigger.clone()],
                    message: format!(
                        "{} is triggered by \"{}\", which is no action of the case.",
                        action.id, trigger
                    ),
                });
            }
        }
        if action.triggers.is_empty() && action.external_triggers.is_empty() {
            out.push(Diagnostic {
                kind: DiagnosticKind::NoTrigger,
                ids: vec![action.id.clone()],
                message: format!("{} has no trigger and no external trigger.", action.id),
            });
        }
    }
    for cycle in graph.cycles() {
        let ids: Vec<String> = cycle.iter().map(|&i| case.actions[i].id.clone()).collect();
        out.push(Diagnostic {
            kind: DiagnosticKind::Cycle,
            message: format!("{} trigger each other in a cycle.", ids.join(", ")),
            ids,
        });
    }
    out
}
