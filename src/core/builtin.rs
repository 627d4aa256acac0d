//! The built-in TelCo case: the JSON case shipped in `public/cases/telco.json`, compiled in so
//! that the app opens it without a request and tests read the very same data. It is imported once
//! per process (a session of the app): [`telco_case`].

use crate::core::import::json::import_json;
use crate::core::import::Imported;
use crate::core::model::Case;
use crate::core::report::ImportError;
use std::sync::OnceLock;

/// The TelCo case in the JSON case format.
pub const TELCO_JSON: &[u8] = include_bytes!("../../public/cases/telco.json");
/// The name the built-in case is known by in messages.
pub const TELCO_FILE: &str = "cases/telco.json";

/// Imports the built-in case afresh, with its warnings.
pub fn import_telco() -> Result<Imported, ImportError> {
    import_json(TELCO_FILE, TELCO_JSON)
}

/// The built-in case, imported the first time it is asked for; an empty case if it ever failed
/// to import (a test checks that it does not).
pub fn telco_case() -> &'static Case {
    static TELCO: OnceLock<Case> = OnceLock::new();
    TELCO.get_or_init(|| import_telco().map(|i| i.case).unwrap_or_default())
}

/// A copy of the built-in case.
pub fn telco() -> Case {
    telco_case().clone()
}

/// True when `case` is TelCo by its title (the tour and the glossary's examples are TelCo's).
pub fn is_telco(case: &Case) -> bool {
    case.title == telco_case().title
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_built_in_case_imports_without_warnings() {
        let imported = super::import_telco().expect("imports");
        assert!(imported.warnings.is_empty());
        assert_eq!(imported.case.actions.len(), 22);
        assert_eq!(*super::telco_case(), imported.case);
        assert!(super::is_telco(&imported.case));
        let mut other = imported.case;
        other.title = "Another study".into();
        assert!(!super::is_telco(&other));
    }
}
