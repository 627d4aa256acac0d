//! The app over time in this browser: start-up (moving old projects over, reading the list,
//! reopening the last project, restoring memo drafts), another tab's save of the open project
//! (taken, or a conflict the researcher settles), memo drafts written as they are typed, and
//! records that do not read, kept aside. The rules are the core's (`core::persist`); the reading
//! and writing is `ui::storage`'s; the saves themselves are `ui::saving`'s.

use crate::core::persist::OtherSave;
use crate::core::project::edit::Op;
use crate::ui::saving::SaveStatus;
use crate::ui::state::{new_id, AppState, Level};
use crate::ui::storage;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::collections::HashMap;

/// How the researcher settles a conflict with another tab.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Settle {
    /// Keep this tab's version (it overwrites the other's).
    KeepMine,
    /// Load the other tab's version.
    LoadTheirs,
    /// Keep both: the other's stays, this tab's is saved as a new project.
    KeepBoth,
}

impl AppState {
    /// Reads the browser's storage and opens the last project: called once, at start.
    pub fn start_storage(&self) {
        let state = *self;
        let saving = self.saving;
        // Memo drafts are written as they are typed, once the stored ones were read.
        Effect::new(move |_| {
            if !saving.ready.get() {
                return;
            }
            let json = state.memo_drafts.with(|d| serde_json::to_string(d).unwrap_or_default());
            storage::save_drafts(&json);
        });
        // A memo draft goes once the project that says the same is written (not when the memo
        // is dispatched: a tab closed before the write would lose it).
        Effect::new(move |_| {
            if saving.status.get() == SaveStatus::Saved {
                state.drop_saved_drafts();
            }
        });
        spawn_local(async move {
            saving.persisted.set(storage::persist_storage().await);
            if let Err(e) = storage::open().await {
                saving.problem.set(Some(e.to_string()));
                saving.status.set(SaveStatus::NotSaved);
                saving.ready.set(true);
                state.notify(
                    Level::Warning,
                    format!("Projects cannot be saved in this browser: {e}."),
                );
                return;
            }
            match storage::migrate_legacy().await {
                Ok(0) => {}
                Ok(n) => state.notify(
                    Level::Info,
                    format!("{n} projects saved by an earlier version were moved to the browser's database."),
                ),
                Err(e) => state.notify(
                    Level::Warning,
                    format!(
                        "Projects saved by an earlier version could not be moved ({e}); they stay where they were."
                    ),
                ),
            }
            match storage::index().await {
                Ok((entries, rebuilt)) => {
                    if rebuilt {
                        state.notify(
                            Level::Warning,
                            format!(
                                "The list of saved projects could not be read; it was rebuilt from the {} projects stored.",
                                entries.len()
                            ),
                        );
                    }
                    saving.projects.set(entries);
                }
                Err(e) => state.notify(
                    Level::Warning,
                    format!("The list of saved projects could not be read: {e}."),
                ),
            }
            if let Ok(list) = storage::aside().await {
                saving.aside.set(list);
            }
            state.restore_drafts().await;
            saving.ready.set(true);
            if let Some(id) = storage::current().await {
                if saving.projects.with_untracked(|l| l.iter().any(|e| e.id == id)) {
                    state.open_saved_now(&id).await;
                }
            }
            // Nothing reopened (none saved, or it did not read): TelCo, fresh, is saved.
            if saving.status.get_untracked() == SaveStatus::Loading {
                saving.persist();
            }
        });
    }

    /// Writes the memo drafts now (the tab is being hidden or closed).
    pub fn flush_drafts(&self) {
        if self.saving.ready.get_untracked() {
            let json = self
                .memo_drafts
                .with_untracked(|d| serde_json::to_string(d).unwrap_or_default());
            storage::save_drafts(&json);
        }
    }

    async fn restore_drafts(&self) {
        let Some(text) = storage::load_drafts().await else {
            return;
        };
        let Ok(drafts) = serde_json::from_str::<HashMap<String, String>>(&text) else {
            return;
        };
        if drafts.is_empty() {
            return;
        }
        let actions: Vec<String> = drafts
            .keys()
            .filter_map(|k| k.split('\u{1f}').nth(1).map(String::from))
            .collect();
        self.memo_drafts.update(|d| {
            for (k, v) in drafts {
                d.entry(k).or_insert(v);
            }
        });
        self.notify(
            Level::Info,
            format!(
                "Memos you had not saved were kept (on {}): they are in the memo field of each action; save them.",
                actions.join(", ")
            ),
        );
    }

    /// Another tab saved project `id` as `hash`: if it is the open one, this tab either takes it
    /// (when it has no change of its own since its last save) or shows the conflict.
    pub fn other_tab_saved(&self, id: &str, hash: &str) {
        // The list may have a new name or project.
        let saving = self.saving;
        spawn_local(async move {
            if let Ok((entries, _)) = storage::index().await {
                saving.projects.set(entries);
            }
        });
        if self.project.with_untracked(|p| p.id != id) {
            return;
        }
        match self.saving.other_save(hash) {
            OtherSave::Ignore => {}
            OtherSave::Reload => {
                let state = *self;
                let id = id.to_string();
                spawn_local(async move {
                    state.open_saved_now(&id).await;
                    state.notify(
                        Level::Info,
                        "This project was changed in another tab; its saved version is shown.",
                    );
                });
            }
            OtherSave::Conflict => self.saving.conflict.set(true),
        }
    }

    /// Settles a conflict with another tab.
    pub fn resolve_conflict(&self, how: Settle) {
        match how {
            Settle::KeepMine => self.saving.keep_mine(),
            Settle::LoadTheirs => {
                self.saving.conflict.set(false);
                let state = *self;
                let id = self.project.with_untracked(|p| p.id.clone());
                spawn_local(async move { state.open_saved_now(&id).await });
            }
            Settle::KeepBoth => {
                self.saving.conflict.set(false);
                // A new identity in storage (not research data), then the new name as an edit.
                let name = self
                    .project
                    .with_untracked(|p| format!("{} (this tab's version)", p.name));
                self.project.update(|p| p.id = new_id());
                self.saving.forget();
                self.try_apply(Op::RenameProject { name }).ok();
                self.notify(
                    Level::Info,
                    "Both versions are kept: the other tab's under the project's name, this tab's as a new project.",
                );
                self.saving.persist();
            }
        }
    }

    /// Forgets a record kept aside (the researcher exported it, or does not want it).
    pub fn forget_aside(&self, key: &str) {
        let state = *self;
        let key = key.to_string();
        spawn_local(async move {
            match storage::forget_aside(&key).await {
                Ok(()) => state.saving.aside.update(|l| l.retain(|(k, _)| *k != key)),
                Err(e) => state.notify(Level::Error, format!("Could not delete it: {e}.")),
            }
        });
    }
}
