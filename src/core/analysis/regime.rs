//! The regime matrix: actions per period and aspect, split by actor group and symbolic kind, with
//! the case's own statement of each period's impact on each aspect.

use crate::core::model::{Aspect, Case, Symbolic};
use serde::Serialize;
use std::collections::BTreeMap;

/// One cell: one period, one aspect.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RegimeCell {
    /// Period id.
    pub period: String,
    /// Aspect key.
    pub aspect: Aspect,
    /// Number of actions.
    pub total: usize,
    /// Counts by actor id (in the case's actor order, zero counts omitted).
    pub by_actor: BTreeMap<String, usize>,
    /// Counts by symbolic kind under the current coding.
    pub by_kind: BTreeMap<Symbolic, usize>,
    /// The actions, in table order.
    pub actions: Vec<String>,
    /// The case's text for this period's impact on this aspect.
    pub impact: String,
}

/// Rows are periods in time order, columns the three aspects.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RegimeMatrix {
    /// Cells, row by row.
    pub cells: Vec<RegimeCell>,
    /// Actions with no aspect coded, which no cell counts.
    pub without_aspect: Vec<String>,
}

/// Builds the matrix under a coding.
pub fn regime_matrix(case: &Case, kinds: &[Symbolic]) -> RegimeMatrix {
    let mut cells = Vec::new();
    for period in &case.periods {
        for aspect in Aspect::ALL {
            let members: Vec<usize> = case
                .actions
                .iter()
                .enumerate()
                .filter(|(_, a)| a.period == period.id && a.aspect == Some(aspect))
                .map(|(i, _)| i)
                .collect();
            let mut by_actor = BTreeMap::new();
            let mut by_kind = BTreeMap::new();
            for &i in &members {
                *by_actor.entry(case.actions[i].actor.clone()).or_insert(0) += 1;
                *by_kind
                    .entry(kinds.get(i).copied().unwrap_or(case.actions[i].symbolic))
                    .or_insert(0) += 1;
            }
            cells.push(RegimeCell {
                period: period.id.clone(),
                aspect,
                total: members.len(),
                by_actor,
                by_kind,
                actions: members.iter().map(|&i| case.actions[i].id.clone()).collect(),
                impact: period.impact.get(&aspect).cloned().unwrap_or_default(),
            });
        }
    }
    let without_aspect = case
        .actions
        .iter()
        .filter(|a| a.aspect.is_none())
        .map(|a| a.id.clone())
        .collect();
    RegimeMatrix { cells, without_aspect }
}
