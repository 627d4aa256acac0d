//! The built-in TelCo case: the JSON case shipped in `public/cases/telco.json`, compiled in so
//! that the app opens it without a request and tests read the very same data.

use crate::core::import::{import_text, ImportError, Imported};
use crate::core::model::Case;

/// The TelCo case in the JSON case format.
pub const TELCO_JSON: &[u8] = include_bytes!("../../public/cases/telco.json");
/// The name the built-in case is known by in messages.
pub const TELCO_FILE: &str = "cases/telco.json";

/// Imports the built-in case.
pub fn import_telco() -> Result<Imported, ImportError> {
    import_text(TELCO_FILE, TELCO_JSON)
}

/// The built-in case; an empty case if it ever failed to import (a test checks that it does not).
pub fn telco() -> Case {
    import_telco().map(|i| i.case).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_built_in_case_imports_without_warnings() {
        let imported = super::import_telco().expect("imports");
        assert!(imported.warnings.is_empty());
        assert_eq!(imported.case.actions.len(), 22);
    }
}
