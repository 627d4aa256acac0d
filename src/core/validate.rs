//! What makes a case sound, written once for the importers and the case editor.
//!
//! - [`check_references`]: what refuses a case (ids used twice, unknown actors and periods,
//!   malformed dates and orders), with the JSON path of the offending field.
//! - [`case_warnings`]: what lets it through but deserves a look (self-triggers, triggers from a
//!   later period, cycles among triggers, trigger ids that name no action). Importers attach file
//!   and line to what it returns.

use crate::core::analysis::diagnostics::structural;
use crate::core::analysis::DiagnosticKind;
use crate::core::date::parse_date;
use crate::core::graph::TriggerGraph;
use crate::core::model::Case;
use crate::core::report::{ImportErrorKind, Location, Warning, WarningKind};
use std::collections::{HashMap, HashSet};

/// The warnings a case deserves, in a stable order: per action in table order, then cycles.
/// They are the structural diagnostics of the analysis (one definition for both), less "no
/// trigger", which is no reason to look twice at an import.
pub fn case_warnings(case: &Case) -> Vec<Warning> {
    let graph = TriggerGraph::from_case(case);
    structural(case, &graph)
        .into_iter()
        .filter_map(|d| {
            let mut ids = d.ids.into_iter();
            let id = ids.next().unwrap_or_default();
            let kind = match d.kind {
                DiagnosticKind::SelfTrigger => WarningKind::SelfTrigger { id },
                DiagnosticKind::TriggerFromLaterPeriod => WarningKind::TriggerFromLaterPeriod {
                    id,
                    trigger: ids.next().unwrap_or_default(),
                },
                DiagnosticKind::DanglingTrigger => WarningKind::DanglingTrigger {
                    id,
                    trigger: ids.next().unwrap_or_default(),
                },
                DiagnosticKind::Cycle => WarningKind::Cycle {
                    ids: std::iter::once(id).chain(ids).collect(),
                },
                _ => return None,
            };
            Some(Warning {
                at: Location::default(),
                kind,
            })
        })
        .collect()
}

/// Checks what serde cannot: unique ids, known actors and periods, dates and orders.
pub fn check_references(case: &Case) -> Result<(), (String, ImportErrorKind)> {
    let actor_ids: Vec<String> = case.actors.iter().map(|a| a.id.clone()).collect();
    let period_ids: Vec<String> = case.periods.iter().map(|p| p.id.clone()).collect();
    for (list, ids) in [("actors", &actor_ids), ("periods", &period_ids)] {
        let mut seen = HashMap::new();
        for (i, id) in ids.iter().enumerate() {
            if id.trim().is_empty() {
                return Err((format!("{list}[{i}].id"), ImportErrorKind::EmptyId));
            }
            if seen.insert(id, i).is_some() {
                return Err((
                    format!("{list}[{i}].id"),
                    ImportErrorKind::DuplicateId {
                        id: id.clone(),
                        first_line: None,
                    },
                ));
            }
        }
    }
    for (i, period) in case.periods.iter().enumerate() {
        for (key, date) in [("start", &period.start), ("end", &period.end)] {
            if let Some(d) = date {
                if parse_date(d).is_none() {
                    return Err((
                        format!("periods[{i}].{key}"),
                        ImportErrorKind::InvalidDate { value: d.clone() },
                    ));
                }
            }
        }
    }
    for (i, event) in case.events.iter().enumerate() {
        for (key, date) in [("date", Some(&event.date)), ("end", event.end.as_ref())] {
            if let Some(d) = date {
                if parse_date(d).is_none() {
                    return Err((
                        format!("events[{i}].{key}"),
                        ImportErrorKind::InvalidDate { value: d.clone() },
                    ));
                }
            }
        }
    }
    let known_actors: HashSet<&str> = actor_ids.iter().map(String::as_str).collect();
    let known_periods: HashSet<&str> = period_ids.iter().map(String::as_str).collect();
    let mut seen = HashMap::new();
    for (i, action) in case.actions.iter().enumerate() {
        if action.id.trim().is_empty() {
            return Err((format!("actions[{i}].id"), ImportErrorKind::EmptyId));
        }
        if seen.insert(action.id.as_str(), i).is_some() {
            return Err((
                format!("actions[{i}].id"),
                ImportErrorKind::DuplicateId {
                    id: action.id.clone(),
                    first_line: None,
                },
            ));
        }
        if !known_actors.contains(action.actor.as_str()) {
            return Err((
                format!("actions[{i}].actor"),
                ImportErrorKind::UnknownReference {
                    what: "actor".into(),
                    value: action.actor.clone(),
                    known: actor_ids,
                },
            ));
        }
        if !known_periods.contains(action.period.as_str()) {
            return Err((
                format!("actions[{i}].period"),
                ImportErrorKind::UnknownReference {
                    what: "period".into(),
                    value: action.period.clone(),
                    known: period_ids,
                },
            ));
        }
        if let Some(d) = &action.date {
            if parse_date(d).is_none() {
                return Err((
                    format!("actions[{i}].date"),
                    ImportErrorKind::InvalidDate { value: d.clone() },
                ));
            }
        }
        if let Some(order) = action.order {
            if !order.is_finite() {
                return Err((
                    format!("actions[{i}].order"),
                    ImportErrorKind::InvalidNumber {
                        value: order.to_string(),
                    },
                ));
            }
        }
    }
    Ok(())
}
