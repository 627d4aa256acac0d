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

/// Builds the matrix under a coding, in one pass over the actions.
pub fn regime_matrix(case: &Case, kinds: &[Symbolic]) -> RegimeMatrix {
    let periods = case.period_indices();
    let aspects = Aspect::ALL.len();
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); case.periods.len() * aspects];
    let mut without_aspect = Vec::new();
    for (i, action) in case.actions.iter().enumerate() {
        let Some(aspect) = action.aspect else {
            without_aspect.push(action.id.clone());
            continue;
        };
        if let Some(&p) = periods.get(action.period.as_str()) {
            let a = Aspect::ALL.iter().position(|x| *x == aspect).unwrap_or(0);
            members[p * aspects + a].push(i);
        }
    }
    let cells = members
        .into_iter()
        .enumerate()
        .map(|(cell, indices)| {
            let period = &case.periods[cell / aspects];
            let aspect = Aspect::ALL[cell % aspects];
            let mut by_actor = BTreeMap::new();
            let mut by_kind = BTreeMap::new();
            for &i in &indices {
                *by_actor.entry(case.actions[i].actor.clone()).or_insert(0) += 1;
                *by_kind
                    .entry(kinds.get(i).copied().unwrap_or(case.actions[i].symbolic))
                    .or_insert(0) += 1;
            }
            RegimeCell {
                period: period.id.clone(),
                aspect,
                total: indices.len(),
                by_actor,
                by_kind,
                actions: indices.iter().map(|&i| case.actions[i].id.clone()).collect(),
                impact: period.impact.get(&aspect).cloned().unwrap_or_default(),
            }
        })
        .collect();
    RegimeMatrix { cells, without_aspect }
}
