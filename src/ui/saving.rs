//! Saving the open project in the browser: after every change, one save at a time and the latest
//! state last, never over another tab's save without the researcher's word. The bookkeeping is
//! the core's ([`SaveTracker`]); the reading and writing is `ui::storage`'s; this sub-store holds
//! what the page shows of it (the status line, a failure, a conflict, the saved projects, the
//! space used) and runs the saves.

use crate::core::persist::{index_with, space_text, space_warning, IndexEntry, OtherSave, PersistError, SaveTracker};
use crate::core::project::Project;
use crate::ui::frame::painted;
use crate::ui::storage;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::sync::Arc;

/// Where the open project stands with the browser's storage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SaveStatus {
    /// The storage is being read.
    Loading,
    /// A save is under way.
    Saving,
    /// Every change is saved.
    Saved,
    /// The last save failed or waits for the researcher (conflict).
    NotSaved,
}

impl SaveStatus {
    /// The status in words.
    pub fn text(self) -> &'static str {
        match self {
            SaveStatus::Loading => "Opening saved projects…",
            SaveStatus::Saving => "Saving…",
            SaveStatus::Saved => "Saved in this browser",
            SaveStatus::NotSaved => "Not saved",
        }
    }
}

/// What would replace the open project, asked about first when it is not saved.
#[derive(Debug, Clone, PartialEq)]
pub enum Replace {
    /// Switch to a saved project.
    Switch(String),
    /// Open a file (a workbook's named sheet, or else its first with an action table).
    Load {
        name: String,
        bytes: Arc<Vec<u8>>,
        sheet: Option<String>,
    },
    /// Open TelCo fresh.
    Telco,
    /// Start an empty case.
    NewCase,
    /// Start a blind coding of the open case.
    Blind,
}

/// The open project's saves. Cheap to copy: signal handles.
#[derive(Clone, Copy)]
pub struct Saving {
    /// The save state, for the status line: saving, saved, or not saved.
    pub status: RwSignal<SaveStatus>,
    /// Why the last save failed, while it stays failed.
    pub problem: RwSignal<Option<String>>,
    /// Another tab saved this project after this tab last loaded or saved it.
    pub conflict: RwSignal<bool>,
    /// The browser's storage has been read (until then nothing is saved).
    pub ready: RwSignal<bool>,
    /// The saved projects.
    pub projects: RwSignal<Vec<IndexEntry>>,
    /// The space used and left, in words.
    pub space: RwSignal<Option<String>>,
    /// Set while space runs short.
    pub space_warning: RwSignal<Option<String>>,
    /// Whether the browser promised to keep this site's storage when space runs short.
    pub persisted: RwSignal<Option<bool>>,
    /// Stored records that did not read, kept aside: `(key, text)`.
    pub aside: RwSignal<Vec<(String, String)>>,
    /// A replacement of the open project waiting for the researcher's word (it is not saved).
    pub confirm_replace: RwSignal<Option<Replace>>,
    tracker: StoredValue<SaveTracker>,
    project: RwSignal<Project>,
}

impl Saving {
    /// The saves of `project`, before the storage is read.
    pub fn new(project: RwSignal<Project>) -> Self {
        Saving {
            status: RwSignal::new(SaveStatus::Loading),
            problem: RwSignal::new(None),
            conflict: RwSignal::new(false),
            ready: RwSignal::new(false),
            projects: RwSignal::new(Vec::new()),
            space: RwSignal::new(None),
            space_warning: RwSignal::new(None),
            persisted: RwSignal::new(None),
            aside: RwSignal::new(Vec::new()),
            confirm_replace: RwSignal::new(None),
            tracker: StoredValue::new(SaveTracker::default()),
            project,
        }
    }

    /// True when the open project is not (or cannot be) saved: a question comes before it is
    /// replaced, and before the tab closes.
    pub fn unsaved(&self) -> bool {
        self.problem.with_untracked(Option::is_some) || self.conflict.get_untracked()
    }

    /// True while a save is under way or pending.
    pub fn pending(&self) -> bool {
        self.tracker.with_value(SaveTracker::pending)
    }

    /// A project was opened, read from a stored save of hash `seen` (none for a new project).
    pub fn opened(&self, seen: Option<String>, revision: u64) {
        self.tracker.set_value(SaveTracker::opened(seen, revision));
        self.conflict.set(false);
        self.problem.set(None);
    }

    /// The open project takes a new identity in storage: it has never been saved.
    pub fn forget(&self) {
        self.tracker.update_value(SaveTracker::forget);
    }

    /// What to do about another tab's save of the open project as `hash`.
    pub fn other_save(&self, hash: &str) -> OtherSave {
        let revision = self.project.with_untracked(|p| p.revision);
        let conflict = self.conflict.get_untracked();
        self.tracker.with_value(|t| t.other_save(hash, revision, conflict))
    }

    /// Saves the open project, one save at a time; a change during a save is saved after it. A
    /// failure keeps the work in memory (the page offers an export); a save by another tab is
    /// never overwritten without the researcher's word ([`Saving::keep_mine`]).
    pub fn persist(&self) {
        let can_save = self.ready.get_untracked() && !self.conflict.get_untracked();
        if self.tracker.try_update_value(|t| t.changed(can_save)) == Some(true) {
            self.run(false);
        }
    }

    /// Saves the open project over another tab's save (the researcher said so).
    pub fn keep_mine(&self) {
        self.conflict.set(false);
        self.run(true);
    }

    /// Runs saves until the project saved is the project open, or one fails; the first
    /// overwrites another tab's save when `force`.
    fn run(&self, force: bool) {
        self.status.set(SaveStatus::Saving);
        let saving = *self;
        spawn_local(async move {
            // The project is written out after the paint that shows the change (it is pending,
            // and a closing tab is asked about it, until then).
            painted().await;
            let mut force = force;
            let saved = loop {
                saving.tracker.update_value(SaveTracker::begin);
                let saved = saving.save_once(force).await;
                force = false;
                if saving.tracker.try_update_value(|t| t.again(saved)) != Some(true) {
                    break saved;
                }
            };
            saving
                .status
                .set(if saved { SaveStatus::Saved } else { SaveStatus::NotSaved });
        });
    }

    /// One save of the project as it is now; false when it failed.
    async fn save_once(&self, force: bool) -> bool {
        let (id, name, json, revision) = self
            .project
            .with_untracked(|p| (p.id.clone(), p.name.clone(), p.to_json(), p.revision));
        let seen = self.tracker.with_value(|t| t.seen().map(str::to_string));
        let result = storage::save(&id, &name, &json, seen.as_deref(), force).await;
        let still_open = self.project.with_untracked(|p| p.id == id);
        match result {
            Ok(hash) => {
                if still_open {
                    self.tracker.update_value(|t| t.written(&hash, revision));
                    self.problem.set(None);
                }
                storage::announce(&id, &hash);
                self.projects.update(|l| *l = index_with(std::mem::take(l), &id, &name));
                if let Some((usage, quota)) = storage::estimate().await {
                    self.space.set(Some(space_text(usage, quota)));
                    self.space_warning.set(space_warning(usage, quota, json.len()));
                }
                true
            }
            Err(PersistError::Conflict { .. }) => {
                if still_open {
                    self.conflict.set(true);
                }
                false
            }
            Err(e) => {
                if still_open {
                    self.problem.set(Some(e.to_string()));
                }
                false
            }
        }
    }
}
