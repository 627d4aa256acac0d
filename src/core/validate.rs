//! Consistency checks of a case that let an import proceed: self-triggers, triggers from a later
//! period, cycles among triggers and trigger ids that name no action.
//!
//! Owns [`case_warnings`]. Importers attach file and line to what it returns.

use crate::core::analysis::diagnostics::structural;
use crate::core::analysis::DiagnosticKind;
use crate::core::graph::TriggerGraph;
use crate::core::import::{Location, Warning, WarningKind};
use crate::core::model::Case;

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
