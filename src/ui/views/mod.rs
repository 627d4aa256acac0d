//! The panels of the app. Each reads the store and dispatches to it; none owns research data.

pub mod analysis;
pub mod coding;
pub mod details;
pub mod import;
pub mod network;
pub mod notices;
pub mod project;
pub mod table;
pub mod timeline;

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
