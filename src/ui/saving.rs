//! The store's side facing the browser's storage: start-up (moving old projects over, reading
//! the list, reopening the last project, restoring memo drafts), saving after every change (one
//! save at a time, the latest state last), conflicts with other tabs, opening and deleting saved
//! projects, records that do not read, and the question asked before unsaved work is replaced.
//! The rules are the core's (`core::persist`); the reading and writing is `ui::storage`'s.

use crate::core::persist::{index_with, index_without, space_text, space_warning, PersistError};
use crate::core::project::Project;
use crate::ui::state::{new_id, now_iso, AppState, Level, Replace, SaveStatus, TELCO_FILE, TELCO_JSON};
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
    /// True when the open project is not (or cannot be) saved: a question comes before it is
    /// replaced, and before the tab closes.
    pub fn unsaved(&self) -> bool {
        self.storage_problem.with_untracked(Option::is_some) || self.conflict.get_untracked()
    }

    /// True while a save is under way or pending.
    pub fn save_pending(&self) -> bool {
        self.saving.get_value() || self.dirty.get_value()
    }

    /// Replaces the open project, asking first when it is not saved.
    pub fn replace(&self, what: Replace) {
        if self.unsaved() {
            self.confirm_replace.set(Some(what));
        } else {
            self.replace_now(what);
        }
    }

    /// Replaces the open project without asking (the researcher said so, or it is saved).
    pub fn replace_now(&self, what: Replace) {
        self.confirm_replace.set(None);
        self.replacements.update_value(|n| *n += 1);
        match what {
            Replace::Switch(id) => self.open_saved(id),
            Replace::Load { name, bytes, sheet } => self.load_file_now(&name, &bytes, sheet.as_deref()),
            Replace::Telco => self.load_file_now(TELCO_FILE, TELCO_JSON, None),
            Replace::NewCase => self.new_case_now(),
            Replace::Blind => self.start_blind_coding_now(),
        }
    }

    /// Switches to a saved project (asking first when the open one is not saved).
    pub fn switch_to(&self, id: &str) {
        self.replace(Replace::Switch(id.to_string()));
    }

    /// Reads the browser's storage and opens the last project: called once, at start.
    pub(crate) fn start_storage(&self) {
        let state = *self;
        // Memo drafts are written as they are typed, once the stored ones were read.
        Effect::new(move |_| {
            if !state.ready.get() {
                return;
            }
            let json = state.memo_drafts.with(|d| serde_json::to_string(d).unwrap_or_default());
            storage::save_drafts(&json);
        });
        spawn_local(async move {
            state.persisted.set(storage::persist_storage().await);
            if let Err(e) = storage::open().await {
                state.storage_problem.set(Some(e.to_string()));
                state.save_status.set(SaveStatus::NotSaved);
                state.ready.set(true);
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
                    state.projects.set(entries);
                }
                Err(e) => state.notify(
                    Level::Warning,
                    format!("The list of saved projects could not be read: {e}."),
                ),
            }
            state.refresh_aside().await;
            state.restore_drafts().await;
            state.ready.set(true);
            if let Some(id) = storage::current().await {
                if state.projects.with_untracked(|l| l.iter().any(|e| e.id == id)) {
                    state.open_saved_now(&id).await;
                }
            }
            // Nothing reopened (none saved, or it did not read): TelCo, fresh, is saved.
            if state.save_status.get_untracked() == SaveStatus::Loading {
                state.persist();
            }
        });
    }

    /// Writes the memo drafts now (the tab is being hidden or closed).
    pub fn flush_drafts(&self) {
        if self.ready.get_untracked() {
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

    async fn refresh_aside(&self) {
        if let Ok(list) = storage::aside().await {
            self.aside.set(list);
        }
    }

    /// Opens a saved project (no question asked).
    fn open_saved(&self, id: String) {
        let state = *self;
        spawn_local(async move { state.open_saved_now(&id).await });
    }

    async fn open_saved_now(&self, id: &str) {
        match storage::load(id).await {
            Ok(Some((text, hash))) => match Project::from_json(&format!("saved project {id}"), &text) {
                Ok(project) => self.open_project(project, hash),
                Err(e) => {
                    // Never overwritten, never lost: kept aside for export.
                    let kept = storage::set_aside(id, &text, &now_iso()).await;
                    self.projects.update(|l| *l = index_without(std::mem::take(l), id));
                    self.refresh_aside().await;
                    match kept {
                        Ok(_) => self.notify(
                            Level::Error,
                            format!("A saved project could not be read ({e}). It is kept aside, untouched: export it from the banner above."),
                        ),
                        Err(k) => self.notify(
                            Level::Error,
                            format!("A saved project could not be read ({e}), and could not be set aside ({k}); it stays stored as it was."),
                        ),
                    }
                }
            },
            Ok(None) => self.notify(Level::Error, "That project is no longer saved in this browser."),
            Err(e) => self.notify(Level::Error, format!("Could not open the project: {e}.")),
        }
    }

    /// Saves the open project, one save at a time; a change during a save is saved after it. A
    /// failure keeps the work in memory and shows a warning that offers an export; a save by
    /// another tab is never overwritten without the researcher's word.
    pub fn persist(&self) {
        if !self.ready.get_untracked() || self.conflict.get_untracked() || self.saving.get_value() {
            self.dirty.set_value(true);
            return;
        }
        self.saving.set_value(true);
        self.save_status.set(SaveStatus::Saving);
        let state = *self;
        spawn_local(async move {
            // The project is written out after the paint that shows the change (it is pending,
            // and a closing tab is asked about it, until then).
            crate::ui::charts::painted().await;
            let saved = loop {
                state.dirty.set_value(false);
                let saved = state.save_once(false).await;
                if !saved || !state.dirty.get_value() {
                    break saved;
                }
            };
            state.saving.set_value(false);
            state
                .save_status
                .set(if saved { SaveStatus::Saved } else { SaveStatus::NotSaved });
        });
    }

    /// One save of the project as it is now; false when it failed.
    async fn save_once(&self, force: bool) -> bool {
        let (id, name, json, revision) = self
            .project
            .with_untracked(|p| (p.id.clone(), p.name.clone(), p.to_json(), p.revision));
        let seen = self.saved_hash.get_value();
        let result = storage::save(&id, &name, &json, seen.as_deref(), force).await;
        let still_open = self.project.with_untracked(|p| p.id == id);
        match result {
            Ok(hash) => {
                if still_open {
                    self.saved_hash.set_value(Some(hash.clone()));
                    self.saved_revision.set_value(Some(revision));
                    self.storage_problem.set(None);
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
                    self.storage_problem.set(Some(e.to_string()));
                }
                false
            }
        }
    }

    /// Another tab saved project `id` as `hash`: if it is the open one, this tab either takes it
    /// (when it has no change of its own since its last save) or shows the conflict.
    pub fn other_tab_saved(&self, id: &str, hash: &str) {
        // The list may have a new name or project.
        let state = *self;
        spawn_local(async move {
            if let Ok((entries, _)) = storage::index().await {
                state.projects.set(entries);
            }
        });
        let (open, revision) = self.project.with_untracked(|p| (p.id.clone(), p.revision));
        if open != id || self.saved_hash.get_value().as_deref() == Some(hash) {
            return;
        }
        let untouched = self.saved_revision.get_value() == Some(revision) && !self.save_pending();
        if untouched && !self.conflict.get_untracked() {
            let state = *self;
            let id = id.to_string();
            spawn_local(async move {
                state.open_saved_now(&id).await;
                state.notify(
                    Level::Info,
                    "This project was changed in another tab; its saved version is shown.",
                );
            });
        } else {
            self.conflict.set(true);
        }
    }

    /// Settles a conflict with another tab.
    pub fn resolve_conflict(&self, how: Settle) {
        let state = *self;
        self.conflict.set(false);
        match how {
            Settle::KeepMine => spawn_local(async move {
                state.saving.set_value(true);
                let saved = state.save_once(true).await;
                state.saving.set_value(false);
                state
                    .save_status
                    .set(if saved { SaveStatus::Saved } else { SaveStatus::NotSaved });
                if state.dirty.get_value() {
                    state.persist();
                }
            }),
            Settle::LoadTheirs => {
                let id = self.project.with_untracked(|p| p.id.clone());
                spawn_local(async move { state.open_saved_now(&id).await });
            }
            Settle::KeepBoth => {
                // A new identity in storage (not research data), then the new name as an edit.
                let name = self
                    .project
                    .with_untracked(|p| format!("{} (this tab's version)", p.name));
                self.project.update(|p| p.id = new_id());
                self.saved_hash.set_value(None);
                self.saved_revision.set_value(None);
                self.try_apply(crate::core::edit::Op::RenameProject { name }).ok();
                self.notify(
                    Level::Info,
                    "Both versions are kept: the other tab's under the project's name, this tab's as a new project.",
                );
                self.persist();
            }
        }
    }

    /// Deletes the open project and opens another (or TelCo, fresh).
    pub fn delete_current(&self) {
        let id = self.project.with_untracked(|p| p.id.clone());
        let state = *self;
        spawn_local(async move {
            if let Err(e) = storage::delete(&id).await {
                state.notify(Level::Error, format!("Could not delete the project: {e}."));
                return;
            }
            state.saved_hash.set_value(None);
            state.projects.update(|l| *l = index_without(std::mem::take(l), &id));
            let next = state.projects.with_untracked(|l| l.first().map(|e| e.id.clone()));
            match next {
                Some(next) => state.open_saved_now(&next).await,
                None => state.replace_now(Replace::Telco),
            }
        });
    }

    /// Forgets a record kept aside (the researcher exported it, or does not want it).
    pub fn forget_aside(&self, key: &str) {
        let state = *self;
        let key = key.to_string();
        spawn_local(async move {
            match storage::forget_aside(&key).await {
                Ok(()) => state.aside.update(|l| l.retain(|(k, _)| *k != key)),
                Err(e) => state.notify(Level::Error, format!("Could not delete it: {e}.")),
            }
        });
    }
}
