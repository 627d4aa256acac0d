//! The analytics: what the coded case says about the mechanism of regime change.
//!
//! Owns [`Prepared`] (everything that depends on the case but not on its coding: the trigger
//! network, its topological positions, mention edges and diagnostics) and [`Analysis`] (what
//! depends on the coding too: reinforcing links and chains, the regime matrix). A relabel only
//! re-runs [`Prepared::analyze`]. Definitions: `docs/ANALYSIS.md`.
//!
//! This file only names the rooms; each imports the others it needs directly.

pub mod agreement;
pub mod analyze;
pub mod bits;
pub mod diagnostics;
pub mod mechanism;
pub mod prepared;
pub mod regime;
pub mod reinforcement;
pub mod robustness;
pub mod sensitivity;
pub mod team;

pub use analyze::{analyze_case, coded_kinds, Analysis};
pub use diagnostics::{Diagnostic, DiagnosticKind};
pub use prepared::{Options, Prepared};
pub use regime::{RegimeCell, RegimeMatrix};
pub use reinforcement::{Chain, ChainLink, Reinforcement};
