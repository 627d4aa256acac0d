//! The panels of the app. Each reads the store and dispatches to it; none owns research data.

pub mod analysis;
pub mod case;
pub mod coding;
pub mod details;
pub mod editor;
pub mod glossary;
pub mod import;
pub mod network;
pub mod notices;
pub mod project;
pub mod proposals;
pub mod sources;
pub mod sync;
pub mod table;
pub mod team;
pub mod timeline;
pub mod tour;
pub mod update;

use crate::core::model::Symbolic;

/// The CSS class of a symbolic-kind badge.
pub fn kind_class(kind: Symbolic) -> &'static str {
    match kind {
        Symbolic::Conformity => "badge kind-conformity",
        Symbolic::Advocacy => "badge kind-advocacy",
        Symbolic::Substantive => "badge kind-substantive",
    }
}

/// The short text of a symbolic-kind badge.
pub fn kind_short(kind: Symbolic) -> &'static str {
    match kind {
        Symbolic::Conformity => "Conformity",
        Symbolic::Advocacy => "Advocacy",
        Symbolic::Substantive => "Substantive",
    }
}

/// A chain in words (`AM1 ⇒ DS2 ⇒ …`); a very long one by its first and last six actions.
pub fn chain_text(chain: &[String]) -> String {
    match chain.len() {
        0 => "none".to_string(),
        1..=16 => chain.join(" ⇒ "),
        n => format!(
            "{} ⇒ … ({} more) … ⇒ {}",
            chain[..6].join(" ⇒ "),
            n - 12,
            chain[n - 6..].join(" ⇒ ")
        ),
    }
}
