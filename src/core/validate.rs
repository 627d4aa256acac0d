//! Consistency checks of a case that let an import proceed: self-triggers, triggers from a later
//! period, cycles among triggers and trigger ids that name no action.
//!
//! Owns [`case_warnings`]. Importers attach file and line to what it returns.

use crate::core::graph::TriggerGraph;
use crate::core::import::{Location, Warning, WarningKind};
use crate::core::model::Case;
use std::collections::HashMap;

/// The warnings a case deserves, in a stable order: per action in table order, then cycles.
pub fn case_warnings(case: &Case) -> Vec<Warning> {
    let mut warnings = Vec::new();
    let warn = |kind| Warning {
        at: Location::default(),
        kind,
    };
    let period_index = case.period_indices();
    let period_of: HashMap<&str, Option<usize>> = case
        .actions
        .iter()
        .map(|a| (a.id.as_str(), period_index.get(a.period.as_str()).copied()))
        .collect();
    for action in &case.actions {
        let own_period = period_index.get(action.period.as_str()).copied();
        for trigger in &action.triggers {
            if trigger == &action.id {
                warnings.push(warn(WarningKind::SelfTrigger { id: action.id.clone() }));
                continue;
            }
            match period_of.get(trigger.as_str()) {
                None => warnings.push(warn(WarningKind::DanglingTrigger {
                    id: action.id.clone(),
                    trigger: trigger.clone(),
                })),
                Some(&cause_period) if cause_period > own_period => {
                    warnings.push(warn(WarningKind::TriggerFromLaterPeriod {
                        id: action.id.clone(),
                        trigger: trigger.clone(),
                    }));
                }
                Some(_) => {}
            }
        }
    }
    let graph = TriggerGraph::from_case(case);
    for cycle in graph.cycles() {
        warnings.push(warn(WarningKind::Cycle {
            ids: cycle.iter().map(|&i| graph.ids[i].clone()).collect(),
        }));
    }
    warnings
}
