//! The one store of the app, created in [`crate::ui::App`] and provided by context.
//!
//! Research data changes only through [`AppState::dispatch`], [`AppState::undo`] and
//! [`AppState::redo`], which call the pure `Project::apply`/`undo`/`redo`; every change is then
//! saved by [`AppState::persist`]. `case` mirrors `project.case` and is set only when a project is
//! opened, so that recodes (which never touch the case) do not redo the case's preparation.

use crate::core::analysis::sensitivity::{change_between, pivotal, Change, Pivot};
use crate::core::analysis::{Analysis, Prepared};
use crate::core::coding::{kinds_under, Edit, EditError};
use crate::core::import::{import_file, ImportError};
use crate::core::layout::{timeline_layout, TimelineLayout};
use crate::core::model::{Case, Symbolic};
use crate::core::project::{load_file, Loaded, Project, ViewSettings};
use crate::ui::storage::{self, IndexEntry};
use leptos::prelude::*;
use std::sync::Arc;

pub use crate::core::builtin::{TELCO_FILE, TELCO_JSON};

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

/// What the last edit did, for the "what changed" summary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LastChange {
    /// The edit in words.
    pub what: String,
    /// Its effect on the mechanism.
    pub change: Change,
}

/// The app's state. Cheap to copy: every field is a signal handle.
#[derive(Clone, Copy)]
pub struct AppState {
    /// The open project: case, coding layer, history and view settings.
    pub project: RwSignal<Project>,
    /// The open case (mirror of `project.case`).
    pub case: RwSignal<Case>,
    /// The selected action id, shared by every view.
    pub selected: RwSignal<Option<String>>,
    /// A chain (action ids) highlighted from the analysis panel.
    pub highlight: RwSignal<Option<Vec<String>>>,
    /// Notices, newest last.
    pub notices: RwSignal<Vec<Notice>>,
    /// The coder's name (remembered in the browser).
    pub coder: RwSignal<String>,
    /// Why the last save failed, while it stays failed.
    pub storage_problem: RwSignal<Option<String>>,
    /// Another tab saved this project after this tab last loaded or saved it.
    pub conflict: RwSignal<bool>,
    /// The summary of the last edit.
    pub last_change: RwSignal<Option<LastChange>>,
    /// Memos being typed, by [`AppState::draft_key`], until they are saved.
    pub memo_drafts: RwSignal<std::collections::HashMap<String, String>>,
    /// The saved projects.
    pub projects: RwSignal<Vec<IndexEntry>>,
    next_notice: StoredValue<u64>,
    saved_revision: StoredValue<Option<u64>>,
    /// The coding-independent structure of the case.
    pub prepared: Memo<Shared<Prepared>>,
    /// The current kind of every action, in table order.
    pub kinds: Memo<Vec<Symbolic>>,
    /// The analysis under the current coding.
    pub analysis: Memo<Shared<Analysis>>,
    /// The timeline layout.
    pub layout: Memo<Shared<TimelineLayout>>,
    /// Pivotal codings (`None` for cases too large to compute them).
    pub pivots: Memo<Shared<Option<Vec<Pivot>>>>,
}

fn now_iso() -> String {
    String::from(js_sys::Date::new_0().to_iso_string())
}

fn new_id() -> String {
    format!(
        "p{}-{:06}",
        js_sys::Date::now() as u64,
        (js_sys::Math::random() * 1e6) as u64
    )
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

    /// Opens a project: it becomes the one on screen and is saved.
    pub fn open_project(&self, project: Project) {
        self.selected.set(None);
        self.highlight.set(None);
        self.last_change.set(None);
        self.conflict.set(false);
        self.saved_revision.set_value(storage::stored_revision(&project.id));
        self.case.set(project.case.clone());
        self.project.set(project);
        self.persist();
    }

    /// Opens a file: a project file opens as it was saved; a case or table starts a new project.
    /// On failure the open project stays and the error is shown.
    pub fn load_file(&self, name: &str, bytes: &[u8]) {
        match load_file(name, bytes) {
            Ok(loaded) => {
                let warnings = loaded.warnings().to_vec();
                let project = match loaded {
                    Loaded::Project(p) => *p,
                    Loaded::Case(imported) => {
                        let case = imported.case;
                        Project::new(new_id(), case.title.clone(), case)
                    }
                };
                self.notices.update(Vec::clear);
                self.notify(
                    Level::Info,
                    format!(
                        "Opened {name}: {} actions, {} actors, {} periods, {} recodes, {} warnings.",
                        project.case.actions.len(),
                        project.case.actors.len(),
                        project.case.periods.len(),
                        project.recoded().len(),
                        warnings.len()
                    ),
                );
                for w in warnings {
                    self.notify(Level::Warning, format!("{}: {}", w.at, w.kind));
                }
                self.open_project(project);
            }
            Err(error) => self.reject(&error),
        }
    }

    fn reject(&self, error: &ImportError) {
        self.notify(Level::Error, format!("Not imported. {error}"));
    }

    /// Opens the built-in TelCo case, fresh, as a new project.
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

    /// Summarises an edit from the analyses before and after it (no extra analysis is run).
    fn summarise(&self, what: String, before: &Analysis) {
        let after = self.analysis.get_untracked();
        let change = self
            .case
            .with_untracked(|c| change_between(c, &before.reinforcement, &after.reinforcement));
        self.last_change.set(Some(LastChange { what, change }));
    }

    /// Applies an edit to the coding: the one entry point for changes to research data.
    pub fn dispatch(&self, edit: Edit) {
        let before = self.analysis.get_untracked();
        let what = describe(&edit);
        let mut result = Ok(());
        self.project.update(|p| result = p.apply(edit));
        match result {
            Ok(()) => {
                self.summarise(what, &before);
                self.persist();
            }
            Err(e) => self.notify(Level::Error, format!("Not changed: {e}")),
        }
    }

    /// Sets the kind of an action, as the current coder.
    pub fn relabel(&self, action: &str, kind: Symbolic, memo: Option<String>) {
        let coder = self.coder.get_untracked();
        self.dispatch(Edit::Relabel {
            action: action.to_string(),
            kind,
            coder,
            at: now_iso(),
            memo,
        });
        self.clear_saved_draft(action);
    }

    /// Writes the memo of an action. Its draft is kept until the memo is saved.
    pub fn set_memo(&self, action: &str, memo: String) {
        let coder = self.coder.get_untracked();
        self.dispatch(Edit::Memo {
            action: action.to_string(),
            memo,
            coder,
            at: now_iso(),
        });
        self.clear_saved_draft(action);
    }

    /// The key of an action's memo draft: drafts of different projects never mix.
    pub fn draft_key(&self, action: &str) -> String {
        self.project.with_untracked(|p| format!("{}\u{1f}{action}", p.id))
    }

    /// Drops the draft of an action once the saved memo says the same.
    fn clear_saved_draft(&self, action: &str) {
        let saved = self
            .project
            .with_untracked(|p| p.coding.get(action).map(|e| e.memo.clone()).unwrap_or_default());
        let key = self.draft_key(action);
        if self
            .memo_drafts
            .with_untracked(|d| d.get(&key).is_some_and(|draft| *draft == saved))
        {
            self.memo_drafts.update(|d| {
                d.remove(&key);
            });
        }
    }

    /// Returns an action to its original kind.
    pub fn reset(&self, action: &str) {
        let coder = self.coder.get_untracked();
        self.dispatch(Edit::Reset {
            action: action.to_string(),
            coder,
            at: now_iso(),
        });
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
        let before = self.analysis.get_untracked();
        let mut result = None;
        self.project.update(|p| result = Some(step(p)));
        match result {
            Some(Ok(edit)) => {
                self.summarise(format!("{label}: {}", describe(&edit)), &before);
                self.persist();
            }
            Some(Err(e)) => self.notify(Level::Info, format!("Nothing changed: {e}")),
            None => {}
        }
    }

    /// Changes the view settings (saved with the project, not part of the undo history).
    pub fn set_view(&self, change: impl FnOnce(&mut ViewSettings)) {
        self.project.update(|p| {
            change(&mut p.view);
            p.revision += 1;
        });
        self.persist();
    }

    /// Renames the open project.
    pub fn rename(&self, name: String) {
        let name = name.trim().to_string();
        if name.is_empty() {
            self.notify(Level::Error, "Not renamed: a project needs a name.");
            return;
        }
        self.project.update(|p| {
            p.name = name;
            p.revision += 1;
        });
        self.persist();
    }

    /// Saves the open project. A failure keeps the work in memory and shows a warning that offers
    /// an export; a save by another tab is never overwritten silently.
    pub fn persist(&self) {
        if self.conflict.get_untracked() {
            return;
        }
        let (id, revision) = self.project.with_untracked(|p| (p.id.clone(), p.revision));
        let stored = storage::stored_revision(&id);
        if stored.is_some() && stored != self.saved_revision.get_value() && stored != Some(revision) {
            self.conflict.set(true);
            return;
        }
        let result = self.project.with_untracked(storage::save);
        match result {
            Ok(()) => {
                self.saved_revision.set_value(Some(revision));
                self.storage_problem.set(None);
                self.projects.set(storage::index());
            }
            Err(reason) => self.storage_problem.set(Some(reason)),
        }
    }

    /// Resolves a conflict with another tab: keep this tab's version (overwrite) or load theirs.
    pub fn resolve_conflict(&self, keep_mine: bool) {
        let id = self.project.with_untracked(|p| p.id.clone());
        self.conflict.set(false);
        if keep_mine {
            self.saved_revision.set_value(storage::stored_revision(&id));
            self.persist();
        } else {
            match storage::load(&id) {
                Ok(Some(p)) => self.open_project(p),
                Ok(None) => self.persist(),
                Err(e) => self.notify(Level::Error, format!("Could not load the other tab's version: {e}")),
            }
        }
    }

    /// Called when another tab changed storage.
    pub fn storage_changed(&self, key: &str) {
        let (id, revision) = self.project.with_untracked(|p| (p.id.clone(), p.revision));
        if key == storage::project_key(&id) {
            let stored = storage::stored_revision(&id);
            if stored.is_some() && stored != Some(revision) && stored != self.saved_revision.get_value() {
                self.conflict.set(true);
            }
        }
        self.projects.set(storage::index());
    }

    /// Switches to a saved project.
    pub fn switch_to(&self, id: &str) {
        match storage::load(id) {
            Ok(Some(p)) => self.open_project(p),
            Ok(None) => self.notify(Level::Error, "That project is no longer saved in this browser."),
            Err(e) => self.notify(
                Level::Error,
                format!("Could not open the project: {e}. It stays saved as it is."),
            ),
        }
    }

    /// Deletes the open project and opens another (or TelCo, fresh).
    pub fn delete_current(&self) {
        let id = self.project.with_untracked(|p| p.id.clone());
        if let Err(e) = storage::delete(&id) {
            self.notify(Level::Error, format!("Could not delete the project: {e}"));
            return;
        }
        self.saved_revision.set_value(None);
        let next = storage::index().into_iter().next();
        match next {
            Some(entry) => self.switch_to(&entry.id),
            None => self.open_telco(),
        }
        self.projects.set(storage::index());
    }
}

/// An edit in words.
pub fn describe(edit: &Edit) -> String {
    match edit {
        Edit::Relabel { action, kind, .. } => format!("{action} coded {}", kind.label().to_lowercase()),
        Edit::Memo { action, .. } => format!("memo on {action}"),
        Edit::Reset { action, .. } => format!("{action} reset to its original kind"),
    }
}

/// Creates the store, opens the last project (or TelCo) and provides the store to the tree.
pub fn provide_app_state() -> AppState {
    let telco = import_file(TELCO_FILE, TELCO_JSON).map(|i| i.case).unwrap_or_default();
    let project = RwSignal::new(Project::new("telco", "TelCo", telco.clone()));
    let case = RwSignal::new(telco);
    let prepared = Memo::new(move |_| Shared(Arc::new(case.with(Prepared::new))));
    let kinds = Memo::new(move |_| project.with(|p| case.with(|c| kinds_under(c, &p.coding))));
    let analysis = Memo::new(move |_| {
        let prepared = prepared.get();
        kinds.with(|k| case.with(|c| Shared(Arc::new(prepared.analyze(c, k)))))
    });
    let layout = Memo::new(move |_| Shared(Arc::new(case.with(timeline_layout))));
    let pivots = Memo::new(move |_| {
        let prepared = prepared.get();
        kinds.with(|k| case.with(|c| Shared(Arc::new(pivotal(&prepared, c, k)))))
    });
    let state = AppState {
        project,
        case,
        selected: RwSignal::new(None),
        highlight: RwSignal::new(None),
        notices: RwSignal::new(Vec::new()),
        coder: RwSignal::new(storage::coder()),
        storage_problem: RwSignal::new(None),
        conflict: RwSignal::new(false),
        last_change: RwSignal::new(None),
        memo_drafts: RwSignal::new(std::collections::HashMap::new()),
        projects: RwSignal::new(storage::index()),
        next_notice: StoredValue::new(0),
        saved_revision: StoredValue::new(None),
        prepared,
        kinds,
        analysis,
        layout,
        pivots,
    };
    provide_context(state);
    // The project open last, or TelCo fresh.
    match storage::current().map(|id| storage::load(&id)) {
        Some(Ok(Some(p))) => state.open_project(p),
        Some(Err(e)) => {
            state.notify(
                Level::Error,
                format!("The last project could not be opened ({e}); it stays saved as it was. TelCo is open instead."),
            );
            state.open_telco_unsaved();
        }
        _ => state.open_telco(),
    }
    state
}

impl AppState {
    /// Opens TelCo without saving over anything (after a failed restore).
    fn open_telco_unsaved(&self) {
        if let Ok(imported) = import_file(TELCO_FILE, TELCO_JSON) {
            let p = Project::new(new_id(), imported.case.title.clone(), imported.case);
            self.case.set(p.case.clone());
            self.project.set(p);
        }
    }
}

/// The store, from any component under [`crate::ui::App`].
pub fn use_app_state() -> AppState {
    expect_context::<AppState>()
}
