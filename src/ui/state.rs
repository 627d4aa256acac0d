//! The one store of the app, created in [`crate::ui::App`] and provided by context.
//!
//! Research data changes only through the functions here, so there is one place to test and,
//! later, one place for undo and the audit trail.

use crate::core::import::{import_file, ImportError, Imported, Warning};
use crate::core::model::Case;
use leptos::prelude::*;

/// The built-in TelCo case, in the JSON case format.
pub const TELCO_JSON: &[u8] = include_bytes!("../../public/cases/telco.json");
/// The name the built-in case is known by in messages.
pub const TELCO_FILE: &str = "cases/telco.json";

/// How serious a notice is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// Something failed; nothing was changed.
    Error,
    /// It worked, but look at this.
    Warning,
    /// For information.
    Info,
}

/// A message shown in the notices panel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    /// Unique within the session, for keyed rendering.
    pub id: u64,
    /// How serious.
    pub level: Level,
    /// The text, shown as text (never as HTML).
    pub text: String,
}

/// The app's state. Cheap to copy: every field is a signal handle.
#[derive(Clone, Copy)]
pub struct AppState {
    /// The case on screen.
    pub case: RwSignal<Case>,
    /// The selected action id, shared by every view.
    pub selected: RwSignal<Option<String>>,
    /// Notices, newest last.
    pub notices: RwSignal<Vec<Notice>>,
    next_notice: StoredValue<u64>,
}

impl AppState {
    /// Adds a notice.
    pub fn notify(&self, level: Level, text: impl Into<String>) {
        let id = self.next_notice.get_value();
        self.next_notice.set_value(id + 1);
        let text = text.into();
        self.notices.update(|list| list.push(Notice { id, level, text }));
    }

    /// Removes one notice.
    pub fn dismiss(&self, id: u64) {
        self.notices.update(|list| list.retain(|n| n.id != id));
    }

    /// Imports a file. On success the case is replaced and its warnings are listed; on failure the
    /// current case stays and the error is shown.
    pub fn load_file(&self, name: &str, bytes: &[u8]) {
        match import_file(name, bytes) {
            Ok(imported) => self.accept(name, imported),
            Err(error) => self.reject(&error),
        }
    }

    fn accept(&self, name: &str, imported: Imported) {
        let Imported { case, warnings } = imported;
        self.notices.update(|list| list.retain(|n| n.level != Level::Warning));
        self.notify(
            Level::Info,
            format!(
                "Opened {name}: {} actions, {} actors, {} periods, {} warnings.",
                case.actions.len(),
                case.actors.len(),
                case.periods.len(),
                warnings.len()
            ),
        );
        for warning in warnings {
            self.notify(Level::Warning, warning_text(&warning));
        }
        self.selected.set(None);
        self.case.set(case);
    }

    fn reject(&self, error: &ImportError) {
        self.notify(Level::Error, format!("Not imported. {error}"));
    }

    /// Reopens the built-in TelCo case as it ships.
    pub fn open_telco(&self) {
        self.load_file(TELCO_FILE, TELCO_JSON);
    }
}

fn warning_text(warning: &Warning) -> String {
    format!("{}: {}", warning.at, warning.kind)
}

/// Creates the store with the TelCo case open and provides it to the component tree.
pub fn provide_app_state() -> AppState {
    let telco = import_file(TELCO_FILE, TELCO_JSON).map(|i| i.case);
    let state = AppState {
        case: RwSignal::new(Case::default()),
        selected: RwSignal::new(None),
        notices: RwSignal::new(Vec::new()),
        next_notice: StoredValue::new(0),
    };
    match telco {
        Ok(case) => state.case.set(case),
        Err(error) => state.notify(Level::Error, format!("The built-in TelCo case did not load. {error}")),
    }
    provide_context(state);
    state
}

/// The store, from any component under [`crate::ui::App`].
pub fn use_app_state() -> AppState {
    expect_context::<AppState>()
}
