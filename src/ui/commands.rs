//! The researcher's commands that are one edit each, as the views call them: recode, memo, reset,
//! view settings, rename, and the coder's name (put on the codings made before it was given).
//! Each is an `Op` dispatched through the store; memo drafts are dropped once the memo is saved.

use crate::core::coding::UNNAMED_CODER;
use crate::core::model::Symbolic;
use crate::core::project::edit::{Op, ViewSettings};
use crate::ui::state::{AppState, Level};
use crate::ui::storage;
use leptos::prelude::*;

impl AppState {
    /// Sets the coder's name, remembers it, and puts it on the codings recorded as unnamed (one
    /// undoable edit).
    pub fn name_coder(&self, name: &str) {
        let name = name.trim().to_string();
        self.coder.set(name.clone());
        self.coder_prompt.set(false);
        if let Err(e) = storage::set_coder(&name) {
            self.notify(Level::Warning, format!("Your name could not be remembered: {e}."));
        }
        if !name.is_empty() && self.project.with_untracked(|p| p.has_unnamed_codings()) {
            self.dispatch(Op::NameCoder {
                from: UNNAMED_CODER.into(),
                to: name,
            });
        }
    }

    /// Sets the kind of an action, as the current coder.
    pub fn relabel(&self, action: &str, kind: Symbolic, memo: Option<String>) {
        self.dispatch(Op::Relabel {
            action: action.to_string(),
            kind,
            memo,
        });
    }

    /// Writes the memo of an action. Its draft is kept until the project carrying the memo is
    /// written to the browser's storage ([`AppState::drop_saved_drafts`]): a tab closed before
    /// that write keeps the draft for the next one.
    pub fn set_memo(&self, action: &str, memo: String) {
        self.dispatch(Op::Memo {
            action: action.to_string(),
            memo,
        });
    }

    /// The key of an action's memo draft: drafts of different projects never mix.
    pub fn draft_key(&self, action: &str) -> String {
        self.project.with_untracked(|p| format!("{}\u{1f}{action}", p.id))
    }

    /// Drops the drafts of the open project that its memos now say: called once the project is
    /// written to the browser's storage.
    pub fn drop_saved_drafts(&self) {
        let stale: Vec<String> = self.project.with_untracked(|p| {
            self.memo_drafts.with_untracked(|d| {
                d.iter()
                    .filter_map(|(key, draft)| {
                        let (project, action) = key.split_once('\u{1f}')?;
                        let memo = p.coding.get(action).map(|e| e.memo.as_str()).unwrap_or_default();
                        (project == p.id && draft == memo).then(|| key.clone())
                    })
                    .collect()
            })
        });
        if !stale.is_empty() {
            self.memo_drafts.update(|d| {
                for key in &stale {
                    d.remove(key);
                }
            });
        }
    }

    /// Returns an action to its original kind.
    pub fn reset(&self, action: &str) {
        self.dispatch(Op::Reset {
            action: action.to_string(),
        });
    }

    /// Changes the view settings (an edit like any other: saved, undoable).
    pub fn set_view(&self, change: impl FnOnce(&mut ViewSettings)) {
        let mut view = self.project.with_untracked(|p| p.view.clone());
        change(&mut view);
        self.dispatch(Op::SetView { view });
    }

    /// Renames the open project.
    pub fn rename(&self, name: String) {
        self.dispatch(Op::RenameProject { name });
    }
}
