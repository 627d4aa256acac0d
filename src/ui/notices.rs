//! Notices: what the researcher is told (errors, warnings, information), shown as plain text in
//! the notices panel. A small store of its own, provided by context, so that any view, the chart
//! component among them, can add one without the app's store.

pub use crate::core::report::Level;
use crate::core::report::Note;
use leptos::prelude::*;

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

/// The notices on screen, newest last. Cheap to copy: signal handles.
#[derive(Clone, Copy)]
pub struct Notices {
    /// The notices.
    pub list: RwSignal<Vec<Notice>>,
    next: StoredValue<u64>,
}

impl Notices {
    /// An empty list.
    pub fn new() -> Self {
        Notices {
            list: RwSignal::new(Vec::new()),
            next: StoredValue::new(0),
        }
    }

    /// Adds a notice.
    pub fn notify(&self, level: Level, text: impl Into<String>) {
        self.push(level, text.into());
    }

    /// Adds what the core said.
    pub fn tell(&self, notes: impl IntoIterator<Item = Note>) {
        for note in notes {
            self.push(note.level, note.text);
        }
    }

    /// Adds a notice; returns its id.
    pub fn push(&self, level: Level, text: String) -> u64 {
        let id = self.next.get_value();
        self.next.set_value(id + 1);
        self.list.update(|list| list.push(Notice { id, level, text }));
        id
    }

    /// Removes one notice.
    pub fn dismiss(&self, id: u64) {
        self.list.update(|list| list.retain(|n| n.id != id));
    }

    /// Removes every notice (a new project opens).
    pub fn clear(&self) {
        self.list.update(Vec::clear);
    }
}

impl Default for Notices {
    fn default() -> Self {
        Notices::new()
    }
}

/// The notices of the app, from any component under it; a component mounted on its own gets a
/// list of its own.
pub fn use_notices() -> Notices {
    use_context::<Notices>().unwrap_or_default()
}
