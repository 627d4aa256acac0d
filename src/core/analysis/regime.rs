//! The regime matrix: actions per period and aspect, split by actor group and symbolic kind, with
//! the case's own statement of each period's impact on each aspect.
//!
//! [`RegimeBase`] holds what does not depend on the coding (computed once per case); a coding only
//! adds the counts by kind, so a relabel costs one pass over the actions and no copying of text.

use crate::core::model::{Aspect, Case, Symbolic};
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::Arc;

/// One cell: one period, one aspect.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RegimeCell {
    /// Period id.
    pub period: Arc<str>,
    /// Aspect key.
    pub aspect: Aspect,
    /// Number of actions.
    pub total: usize,
    /// Counts by actor id (zero counts omitted).
    pub by_actor: Arc<BTreeMap<String, usize>>,
    /// Counts by symbolic kind under the current coding.
    pub by_kind: BTreeMap<Symbolic, usize>,
    /// The actions, in table order.
    pub actions: Arc<[String]>,
    /// The case's text for this period's impact on this aspect.
    pub impact: Arc<str>,
}

/// Rows are periods in time order, columns the three aspects.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RegimeMatrix {
    /// Cells, row by row.
    pub cells: Vec<RegimeCell>,
    /// Actions with no aspect coded, which no cell counts.
    pub without_aspect: Arc<[String]>,
}

/// The coding-independent part of the matrix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegimeBase {
    /// Cells with their counts by kind left empty.
    cells: Vec<RegimeCell>,
    /// The action indices of each cell.
    members: Vec<Vec<usize>>,
    without_aspect: Arc<[String]>,
}

impl RegimeBase {
    /// Groups the actions of a case by period and the aspect the case codes.
    pub fn new(case: &Case) -> Self {
        let aspects: Vec<Option<Aspect>> = case.actions.iter().map(|a| a.aspect).collect();
        Self::with_aspects(case, &aspects)
    }

    /// Groups the actions of a case by period and aspect, `aspects[i]` being the aspect of action
    /// `i` (the current coding, recodes included).
    pub fn with_aspects(case: &Case, aspects_of: &[Option<Aspect>]) -> Self {
        let periods = case.period_indices();
        let aspects = Aspect::ALL.len();
        let mut members: Vec<Vec<usize>> = vec![Vec::new(); case.periods.len() * aspects];
        let mut without_aspect = Vec::new();
        for (i, action) in case.actions.iter().enumerate() {
            let Some(aspect) = aspects_of.get(i).copied().unwrap_or(action.aspect) else {
                without_aspect.push(action.id.clone());
                continue;
            };
            if let Some(&p) = periods.get(action.period.as_str()) {
                let a = Aspect::ALL.iter().position(|x| *x == aspect).unwrap_or(0);
                members[p * aspects + a].push(i);
            }
        }
        let cells = members
            .iter()
            .enumerate()
            .map(|(cell, indices)| {
                let period = &case.periods[cell / aspects];
                let aspect = Aspect::ALL[cell % aspects];
                let mut by_actor = BTreeMap::new();
                for &i in indices {
                    *by_actor.entry(case.actions[i].actor.clone()).or_insert(0) += 1;
                }
                RegimeCell {
                    period: period.id.as_str().into(),
                    aspect,
                    total: indices.len(),
                    by_actor: Arc::new(by_actor),
                    by_kind: BTreeMap::new(),
                    actions: indices.iter().map(|&i| case.actions[i].id.clone()).collect(),
                    impact: period.impact.get(&aspect).map_or("", String::as_str).into(),
                }
            })
            .collect();
        RegimeBase {
            cells,
            members,
            without_aspect: without_aspect.into(),
        }
    }

    /// The matrix under a coding (`kinds[i]` is the kind of action `i`).
    pub fn under(&self, case: &Case, kinds: &[Symbolic]) -> RegimeMatrix {
        let cells = self
            .cells
            .iter()
            .zip(&self.members)
            .map(|(base, indices)| {
                let mut by_kind = BTreeMap::new();
                for &i in indices {
                    *by_kind
                        .entry(kinds.get(i).copied().unwrap_or(case.actions[i].symbolic))
                        .or_insert(0) += 1;
                }
                RegimeCell {
                    by_kind,
                    ..base.clone()
                }
            })
            .collect();
        RegimeMatrix {
            cells,
            without_aspect: Arc::clone(&self.without_aspect),
        }
    }
}

/// Builds the matrix of a case under a coding (for one-off use; the app keeps a [`RegimeBase`]).
pub fn regime_matrix(case: &Case, kinds: &[Symbolic]) -> RegimeMatrix {
    RegimeBase::new(case).under(case, kinds)
}

/// One aspect of the regime through the case: as it was, each period's impact on it, and as it
/// ended (the paper's Table 1 beside the periods' impacts).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Transformation {
    /// The aspect.
    pub aspect: Aspect,
    /// The regime before, on this aspect (statement and quote), if the case states it.
    pub before: Option<crate::core::model::RegimeAspect>,
    /// Each period's impact on this aspect, in time order: (period id, its text, empty if none).
    pub impacts: Vec<(String, String)>,
    /// The regime after, on this aspect, if the case states it.
    pub after: Option<crate::core::model::RegimeAspect>,
}

/// The transformation of the regime, aspect by aspect, in the aspects' order.
pub fn transformation(case: &Case) -> Vec<Transformation> {
    Aspect::ALL
        .iter()
        .map(|&aspect| {
            let side =
                |state: Option<&crate::core::model::RegimeState>| state.and_then(|s| s.aspects.get(&aspect)).cloned();
            Transformation {
                aspect,
                before: side(case.regime.as_ref().map(|r| &r.before)),
                impacts: case
                    .periods
                    .iter()
                    .map(|p| (p.id.clone(), p.impact.get(&aspect).cloned().unwrap_or_default()))
                    .collect(),
                after: side(case.regime.as_ref().map(|r| &r.after)),
            }
        })
        .collect()
}

#[cfg(test)]
mod transformation_tests {
    use super::*;
    use crate::core::builtin::telco;

    #[test]
    fn telco_shows_each_aspect_before_through_the_periods_and_after() {
        let rows = transformation(&telco());
        assert_eq!(rows.len(), 3);
        for row in &rows {
            assert!(
                row.before.as_ref().is_some_and(|b| !b.statement.is_empty()),
                "{:?}",
                row.aspect
            );
            assert!(
                row.after.as_ref().is_some_and(|a| !a.statement.is_empty()),
                "{:?}",
                row.aspect
            );
            assert_eq!(
                row.impacts.iter().map(|(p, _)| p.as_str()).collect::<Vec<_>>(),
                vec!["P1", "P2", "P3"]
            );
        }
        let empty = transformation(&Case::default());
        assert!(empty.iter().all(|r| r.before.is_none() && r.impacts.is_empty()));
    }
}
