//! The analysis of a prepared case under a coding: [`Analysis`] (reinforcing links and chains, the
//! regime matrix), what a relabel re-runs ([`Prepared::analyze`]).

use super::prepared::Prepared;
use super::regime::{self, RegimeMatrix};
use super::reinforcement::{self, Reinforcement};
use crate::core::model::{Aspect, Case, Symbolic};
use serde::Serialize;

/// Everything the views and the command line show about a coded case.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Analysis {
    /// Reinforcing links and chains.
    pub reinforcement: Reinforcement,
    /// Counts per period and aspect.
    pub regime_matrix: RegimeMatrix,
}

impl Prepared {
    /// Analyses the case under a coding of kinds and aspects: `kinds[i]` and `aspects[i]` are the
    /// kind and the aspect of action `i`. Where the aspects are the case's own, the regime matrix
    /// reuses its prepared grouping; aspect recodes regroup it (linear in the actions).
    pub fn analyze_coded(&self, case: &Case, kinds: &[Symbolic], aspects: &[Option<Aspect>]) -> Analysis {
        let own = case.actions.iter().zip(aspects).all(|(a, x)| a.aspect == *x);
        if own {
            return self.analyze(case, kinds);
        }
        Analysis {
            reinforcement: reinforcement::reinforcement(self, case, kinds, reinforcement::CHAIN_LIMIT),
            regime_matrix: regime::RegimeBase::with_aspects(case, aspects).under(case, kinds),
        }
    }

    /// Analyses the case under a coding: `kinds[i]` is the symbolic kind of action `i`.
    pub fn analyze(&self, case: &Case, kinds: &[Symbolic]) -> Analysis {
        Analysis {
            reinforcement: reinforcement::reinforcement(self, case, kinds, reinforcement::CHAIN_LIMIT),
            regime_matrix: self.regime.under(case, kinds),
        }
    }
}

/// The case's own coding, as a kinds vector.
pub fn coded_kinds(case: &Case) -> Vec<Symbolic> {
    case.actions.iter().map(|a| a.symbolic).collect()
}

/// Prepares and analyses a case under its own coding.
pub fn analyze_case(case: &Case) -> (Prepared, Analysis) {
    let prepared = Prepared::new(case);
    let analysis = prepared.analyze(case, &coded_kinds(case));
    (prepared, analysis)
}
