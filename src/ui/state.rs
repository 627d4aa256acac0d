//! The one store of the app, created in [`crate::ui::app::App`] and provided by context: the open
//! project and the selection, with its sub-stores (the derived analysis, the saves, the notices).
//!
//! The project changes only through [`AppState::dispatch`] (or [`AppState::try_apply`]),
//! [`AppState::undo`] and [`AppState::redo`], which call the pure `Project::apply`/`undo`/`redo`;
//! every change is then saved. The case is derived from the project: `case` hands out the
//! project's own shared case, which changes identity only when an edit changes the case, so
//! recodes do not redo the case's preparation. What the researcher does beyond an edit is in
//! `commands` (coding), `opening` (what replaces the open project) and `persistence` (start-up,
//! other tabs), each a service over this store.

use crate::core::analysis::sensitivity::{change_after_edit, Change};
use crate::core::analysis::Analysis;
use crate::core::builtin::telco;
use crate::core::coding::UNNAMED_CODER;
use crate::core::model::Case;
use crate::core::open::Workbook;
use crate::core::project::edit::{Edit, Op};
use crate::core::project::update::Revision;
use crate::core::project::Project;
use crate::core::report::EditError;
use crate::core::tour::{tour_for, Tour};
use crate::ui::derived::Derived;
pub use crate::ui::derived::Shared;
use crate::ui::frame::after_paint;
pub use crate::ui::notices::Level;
use crate::ui::notices::Notices;
use crate::ui::saving::Saving;
use crate::ui::storage;
use leptos::prelude::*;
use std::collections::HashMap;
use std::sync::Arc;

/// What the last edit did, for the "what changed" summary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LastChange {
    /// The edit in words.
    pub what: String,
    /// Its effect on the mechanism.
    pub change: Change,
}

/// What the action editor is open on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EditorFor {
    /// A new action.
    New,
    /// The action with this id.
    Action(String),
    /// A new action made from a passage of a source (the quote).
    Quote(crate::core::model::Evidence),
    /// A new action a coded passage proposes (its quote, kind and aspect).
    Proposed(crate::core::sources::Proposal),
}

/// The app's state. Cheap to copy: every field is a handle.
#[derive(Clone, Copy)]
pub struct AppState {
    /// The open project: case, coding layers, history and view settings.
    pub project: RwSignal<Project>,
    /// The open case: the project's own (shared), with a new identity after each edit of it.
    pub case: Memo<Shared<Case>>,
    /// The selected action id, shared by every view.
    pub selected: RwSignal<Option<String>>,
    /// A chain (action ids) highlighted from the analysis panel.
    pub highlight: RwSignal<Option<Vec<String>>>,
    /// The action editor, when open.
    pub editor: RwSignal<Option<EditorFor>>,
    /// The coder's name (remembered in the browser).
    pub coder: RwSignal<String>,
    /// A coding was just recorded as unnamed: the name is asked for in place.
    pub coder_prompt: RwSignal<bool>,
    /// The summary of the last edit.
    pub last_change: RwSignal<Option<LastChange>>,
    /// Memos being typed, by `draft_key`, until they are saved.
    pub memo_drafts: RwSignal<HashMap<String, String>>,
    /// A revised table under review.
    pub pending_update: RwSignal<Option<Revision>>,
    /// The workbook opened last, when it has several sheets (to read another).
    pub workbook: RwSignal<Option<Workbook>>,
    /// The tour of the open case, if it has one.
    pub tour: RwSignal<Option<Tour>>,
    /// The tour step shown (`None`: the tour is not open).
    pub tour_step: RwSignal<Option<usize>>,
    /// Counts the replacements of the open project: a file read in the worker opens only if
    /// nothing else was opened while it was read.
    pub(crate) replacements: StoredValue<u64>,
    /// The analysis derived from the project.
    pub derived: Derived,
    /// The project's saves in the browser.
    pub saving: Saving,
    /// What the researcher is told.
    pub notices: Notices,
}

pub(crate) fn now_iso() -> String {
    String::from(js_sys::Date::new_0().to_iso_string())
}

pub(crate) fn new_id() -> String {
    format!(
        "p{}-{:06}",
        js_sys::Date::now() as u64,
        (js_sys::Math::random() * 1e6) as u64
    )
}

impl AppState {
    /// Adds a notice.
    pub fn notify(&self, level: Level, text: impl Into<String>) {
        self.notices.notify(level, text);
    }

    /// Opens a project: it becomes the one on screen and is saved. `seen`: the hash of the
    /// stored save it was read from (none for a new project).
    pub fn open_project(&self, project: Project, seen: Option<String>) {
        self.selected.set(None);
        self.highlight.set(None);
        self.last_change.set(None);
        self.editor.set(None);
        self.pending_update.set(None);
        self.saving.opened(seen, project.revision);
        self.project.set(project);
        self.saving.persist();
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

    /// Summarises an edit from the analyses before and after it (no extra analysis is run).
    fn summarise(&self, what: String, before_case: &Shared<Case>, before: &Analysis) {
        let after = self.derived.analysis.get_untracked();
        let after_case = self.case.get_untracked();
        let change = change_after_edit(
            &before_case.0,
            &after_case.0,
            &before.reinforcement,
            &after.reinforcement,
        );
        self.last_change.set(Some(LastChange { what, change }));
    }

    /// Applies a change as the current coder, now; summarises and saves it. The error, if any,
    /// is returned for the caller to show (the editor shows it beside its field).
    pub fn try_apply(&self, op: Op) -> Result<(), EditError> {
        let before_case = self.case.get_untracked();
        let before = self.derived.analysis.get_untracked();
        // Without a coder name the edit is recorded as unnamed, and the name is asked for in
        // place (`name_coder`): a student's first click is never dropped.
        let coder = self.coder.get_untracked();
        let unnamed = coder.trim().is_empty();
        let coder = if unnamed { UNNAMED_CODER.to_string() } else { coder };
        let edit = Edit::new(op, coder, now_iso());
        let ask = unnamed && edit.is_coding_decision();
        let what = edit.describe();
        let mut result = Ok(());
        self.project.update(|p| result = p.apply(edit));
        result?;
        if ask {
            self.coder_prompt.set(true);
        }
        // Summarised after the paint that shows the change itself.
        let state = *self;
        after_paint(move || state.summarise(what, &before_case, &before));
        self.saving.persist();
        Ok(())
    }

    /// Applies a change: the one entry point for changes to a project. A refusal is shown as a
    /// notice; returns whether it was applied.
    pub fn dispatch(&self, op: Op) -> bool {
        match self.try_apply(op) {
            Ok(()) => true,
            Err(e) => {
                self.notify(Level::Error, format!("Not changed: {e}"));
                false
            }
        }
    }

    /// Undoes the last edit.
    pub fn undo(&self) {
        self.step_history("Undone", Project::undo);
    }

    /// Redoes the last undone edit.
    pub fn redo(&self) {
        self.step_history("Redone", Project::redo);
    }

    /// One step through the history (undo or redo), summarised and saved.
    fn step_history(&self, label: &str, step: fn(&mut Project) -> Result<Edit, EditError>) {
        let before_case = self.case.get_untracked();
        let before = self.derived.analysis.get_untracked();
        let mut result = None;
        self.project.update(|p| result = Some(step(p)));
        match result {
            Some(Ok(edit)) => {
                self.summarise(format!("{label}: {}", edit.describe()), &before_case, &before);
                // An action that is gone is no longer selected.
                let gone = self
                    .selected
                    .get_untracked()
                    .is_some_and(|id| self.case.with_untracked(|c| c.action(&id).is_none()));
                if gone {
                    self.select(None);
                }
                self.saving.persist();
            }
            Some(Err(e)) => self.notify(Level::Info, format!("Nothing changed: {e}")),
            None => {}
        }
    }
}

/// Creates the store with TelCo open and provides it (and its notices) to the tree. Nothing is
/// saved until the browser's storage has been read (`start_storage`).
pub fn provide_app_state() -> AppState {
    let telco = telco();
    let title = telco.title.clone();
    let project = RwSignal::new(Project::new(new_id(), title, telco));
    // Compared by identity: a recode keeps the case's identity, an edit of the case makes a new one.
    let case = Memo::new(move |_| project.with(|p| Shared(Arc::clone(&p.case))));
    let notices = Notices::new();
    let state = AppState {
        project,
        case,
        selected: RwSignal::new(None),
        highlight: RwSignal::new(None),
        editor: RwSignal::new(None),
        coder: RwSignal::new(storage::coder()),
        coder_prompt: RwSignal::new(false),
        last_change: RwSignal::new(None),
        memo_drafts: RwSignal::new(HashMap::new()),
        pending_update: RwSignal::new(None),
        workbook: RwSignal::new(None),
        tour: RwSignal::new(None),
        tour_step: RwSignal::new(None),
        replacements: StoredValue::new(0),
        derived: Derived::new(project, case),
        saving: Saving::new(project),
        notices,
    };
    provide_context(state);
    provide_context(notices);
    // The case's tour follows the case (core::tour::tour_for); a new case starts it closed.
    Effect::new(move |_| {
        case.with(|c| state.tour.update(|t| *t = tour_for(c, t.take())));
        state.tour_step.set(None);
    });
    state
}

/// The store, from any component under [`crate::ui::app::App`].
pub fn use_app_state() -> AppState {
    expect_context::<AppState>()
}
