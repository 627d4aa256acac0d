//! The one store of the app, created in [`crate::ui::App`] and provided by context.
//!
//! Research data changes only through the functions here, so there is one place to test and,
//! later, one place for undo and the audit trail.

use crate::core::analysis::{Analysis, Prepared};
use crate::core::import::{import_file, ImportError, Imported, Warning};
use crate::core::layout::{timeline_layout, TimelineLayout};
use crate::core::model::{Case, Symbolic};
use leptos::prelude::*;
use std::sync::Arc;

/// Shared, immutable derived data: cheap to clone, compared by identity (a new value is a new
/// computation), so memos do not compare large structures field by field.
#[derive(Debug)]
pub struct Shared<T>(pub Arc<T>);

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared(Arc::clone(&self.0))
    }
}

impl<T> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl<T> std::ops::Deref for Shared<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

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
    /// A chain (action ids) highlighted from the analysis panel.
    pub highlight: RwSignal<Option<Vec<String>>>,
    /// Notices, newest last.
    pub notices: RwSignal<Vec<Notice>>,
    next_notice: StoredValue<u64>,
    /// The coding-independent structure of the case.
    pub prepared: Memo<Shared<Prepared>>,
    /// The current kind of every action, in table order.
    pub kinds: Memo<Vec<Symbolic>>,
    /// The analysis under the current coding.
    pub analysis: Memo<Shared<Analysis>>,
    /// The timeline layout.
    pub layout: Memo<Shared<TimelineLayout>>,
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
        self.highlight.set(None);
        self.case.set(case);
    }

    fn reject(&self, error: &ImportError) {
        self.notify(Level::Error, format!("Not imported. {error}"));
    }

    /// Reopens the built-in TelCo case as it ships.
    pub fn open_telco(&self) {
        self.load_file(TELCO_FILE, TELCO_JSON);
    }

    /// Selects an action (or clears the selection) and ends any chain highlight.
    pub fn select(&self, id: Option<String>) {
        self.highlight.set(None);
        self.selected.set(id);
    }

    /// The index of the selected action.
    pub fn selected_index(&self) -> Option<usize> {
        let id = self.selected.get()?;
        self.case.with(|c| c.actions.iter().position(|a| a.id == id))
    }
}

fn warning_text(warning: &Warning) -> String {
    format!("{}: {}", warning.at, warning.kind)
}

/// Creates the store with the TelCo case open and provides it to the component tree.
pub fn provide_app_state() -> AppState {
    let telco = import_file(TELCO_FILE, TELCO_JSON).map(|i| i.case);
    let case = RwSignal::new(Case::default());
    let prepared = Memo::new(move |_| Shared(Arc::new(case.with(Prepared::new))));
    let kinds = Memo::new(move |_| case.with(|c| c.actions.iter().map(|a| a.symbolic).collect::<Vec<_>>()));
    let analysis = Memo::new(move |_| {
        let prepared = prepared.get();
        kinds.with(|k| case.with(|c| Shared(Arc::new(prepared.analyze(c, k)))))
    });
    let layout = Memo::new(move |_| Shared(Arc::new(case.with(timeline_layout))));
    let state = AppState {
        case,
        selected: RwSignal::new(None),
        highlight: RwSignal::new(None),
        notices: RwSignal::new(Vec::new()),
        next_notice: StoredValue::new(0),
        prepared,
        kinds,
        analysis,
        layout,
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
