//! What replaces the open project, and what is read into it: a file opened (workbooks and QDPX
//! read in the exchange worker), a saved project switched to or deleted, TelCo, a new case, a
//! blind coding; a tour beside the case, other coders' files, a revised table under review.
//! Asked about first when the open project is not saved. What a file becomes is the core's
//! (`core::open`); this service reads the bytes, waits for the worker and shows the result.

use crate::core::analysis::team::blind_case;
use crate::core::builtin::{telco, TELCO_FILE};
use crate::core::import::Imported;
use crate::core::model::Case;
use crate::core::open::{
    coder_of_loaded, coders_from_files, is_exchange_file, load_text_file, opened, read_coder_text, Loaded,
};
use crate::core::persist::index_without;
use crate::core::project::edit::Op;
use crate::core::project::update::Revision;
use crate::core::project::Project;
use crate::core::report::ImportError;
use crate::core::tour::{read_tour, unknown_ids};
use crate::ui::saving::Replace;
use crate::ui::state::{new_id, now_iso, AppState, EditorFor, Level};
use crate::ui::storage;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::sync::Arc;

impl AppState {
    /// Replaces the open project, asking first when it is not saved.
    pub fn replace(&self, what: Replace) {
        if self.saving.unsaved() {
            self.saving.confirm_replace.set(Some(what));
        } else {
            self.replace_now(what);
        }
    }

    /// Replaces the open project without asking (the researcher said so, or it is saved).
    pub fn replace_now(&self, what: Replace) {
        self.saving.confirm_replace.set(None);
        self.replacements.update_value(|n| *n += 1);
        match what {
            Replace::Switch(id) => {
                let state = *self;
                spawn_local(async move { state.open_saved_now(&id).await });
            }
            Replace::Load { name, bytes, sheet } => self.load_file_now(&name, &bytes, sheet.as_deref()),
            Replace::Telco => {
                // TelCo as imported once this session, opened as any case file is.
                let loaded = Loaded::Case(Box::new(Imported {
                    case: telco(),
                    warnings: Vec::new(),
                    columns: None,
                }));
                self.open_loaded(TELCO_FILE, &[], Ok(loaded));
            }
            Replace::NewCase => self.new_case_now(),
            Replace::Blind => self.start_blind_coding_now(),
        }
    }

    /// Switches to a saved project (asking first when the open one is not saved).
    pub fn switch_to(&self, id: &str) {
        self.replace(Replace::Switch(id.to_string()));
    }

    /// Opens a file: a project file opens as it was saved; a case or table starts a new project;
    /// a tour opens beside the case. On failure the open project stays and the error is shown.
    pub fn load_file(&self, name: &str, bytes: &[u8]) {
        if let Some(text) = std::str::from_utf8(bytes)
            .ok()
            .filter(|t| crate::core::tour::is_tour(t))
        {
            self.load_tour(name, text);
            return;
        }
        self.replace(Replace::Load {
            name: name.to_string(),
            bytes: Arc::new(bytes.to_vec()),
            sheet: None,
        });
    }

    /// Opens another sheet of the workbook opened last.
    pub fn load_sheet(&self, sheet: &str) {
        if let Some(book) = self.workbook.get_untracked() {
            self.replace(Replace::Load {
                name: book.name.clone(),
                bytes: book.bytes.clone(),
                sheet: Some(sheet.to_string()),
            });
        }
    }

    /// Opens a tour file for the open case; ids it names that the case lacks are refused.
    fn load_tour(&self, name: &str, text: &str) {
        match read_tour(text) {
            Ok(tour) => {
                let unknown = self.case.with_untracked(|c| unknown_ids(&tour, c));
                if let Some((step, id)) = unknown.first() {
                    self.notify(
                        Level::Error,
                        format!("Not opened. {name}: step {step} names {id}, which is not an action of the open case; open the case the tour was written for first."),
                    );
                    return;
                }
                self.notify(
                    Level::Info,
                    format!(
                        "Tour \"{}\" ready: {} steps. Click Guided tour.",
                        tour.title,
                        tour.steps.len()
                    ),
                );
                storage::set_tour_step(None);
                self.tour.set(Some(tour));
            }
            Err(e) => self.notify(Level::Error, format!("Not opened. {name}: {e}.")),
        }
    }

    /// Reads a workbook or QDPX file in the exchange worker, saying so while it reads (the first
    /// one also fetches and starts the worker).
    async fn read_in_worker(&self, name: &str, bytes: &[u8], sheet: Option<&str>) -> Result<Loaded, ImportError> {
        let reading = self.notices.push(Level::Info, format!("Reading {name}…"));
        let loaded = crate::ui::exchange::load(name, bytes, sheet).await;
        self.notices.dismiss(reading);
        loaded
    }

    /// Opens a file now (see [`AppState::load_file`]). A workbook or QDPX file is read in the
    /// exchange worker ([`crate::ui::exchange`]) and opened when its answer comes, unless
    /// something else was opened meanwhile.
    fn load_file_now(&self, name: &str, bytes: &[u8], sheet: Option<&str>) {
        if sheet.is_none() && !is_exchange_file(name, bytes) {
            self.open_loaded(name, bytes, load_text_file(name, bytes));
            return;
        }
        let state = *self;
        let opening = self.replacements.get_value();
        let (name, bytes, sheet) = (name.to_string(), bytes.to_vec(), sheet.map(str::to_string));
        spawn_local(async move {
            let loaded = state.read_in_worker(&name, &bytes, sheet.as_deref()).await;
            if state.replacements.get_value() == opening {
                state.open_loaded(&name, &bytes, loaded);
            }
        });
    }

    /// Opens what a file held ([`opened`]), or shows why it did not read.
    fn open_loaded(&self, name: &str, bytes: &[u8], loaded: Result<Loaded, ImportError>) {
        match loaded {
            Ok(loaded) => {
                let file = opened(name, bytes, loaded, &new_id());
                self.workbook.set(file.workbook);
                self.notices.clear();
                self.notices.tell(file.notes);
                self.open_project(file.project, None);
            }
            Err(error) => self.notify(Level::Error, format!("Not imported. {error}")),
        }
    }

    /// Opens the built-in TelCo case, fresh, as a new project (asking first when the open project
    /// is not saved).
    pub fn open_telco(&self) {
        self.replace(Replace::Telco);
    }

    /// Starts an empty case as a new project, with the action editor open on a first action
    /// (asking first when the open project is not saved).
    pub fn new_case(&self) {
        self.replace(Replace::NewCase);
    }

    fn new_case_now(&self) {
        let case = Case {
            title: "Untitled case".into(),
            ..Case::default()
        };
        self.notices.clear();
        self.notify(
            Level::Info,
            "A new, empty case. Add its first action: type a new actor group and period in the editor.",
        );
        self.open_project(Project::new(new_id(), "Untitled case", case), None);
        self.editor.set(Some(EditorFor::New));
    }

    /// Starts a blind coding of the open case as a new project: the same actions, nothing coded
    /// (asking first when the open project is not saved).
    pub fn start_blind_coding(&self) {
        self.replace(Replace::Blind);
    }

    fn start_blind_coding_now(&self) {
        let case = self.case.with_untracked(|c| blind_case(c));
        let name = case.title.clone();
        self.notices.clear();
        self.notify(
            Level::Info,
            format!(
                "A blind coding of {} actions: code each one's kind, aspect and triggers, then export the project or the coded case and give it to whoever compares the codings.",
                case.actions.len()
            ),
        );
        self.open_project(Project::new(new_id(), name, case), None);
    }

    /// Opens a saved project (no question asked); one that does not read is kept aside, untouched.
    pub(crate) async fn open_saved_now(&self, id: &str) {
        match storage::load(id).await {
            Ok(Some((text, hash))) => match Project::from_json(&format!("saved project {id}"), &text) {
                Ok(project) => self.open_project(project, hash),
                Err(e) => {
                    // Never overwritten, never lost: kept aside for export.
                    let kept = storage::set_aside(id, &text, &now_iso()).await;
                    self.saving
                        .projects
                        .update(|l| *l = index_without(std::mem::take(l), id));
                    if let Ok(list) = storage::aside().await {
                        self.saving.aside.set(list);
                    }
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

    /// Deletes the open project and opens another (or TelCo, fresh).
    pub fn delete_current(&self) {
        let id = self.project.with_untracked(|p| p.id.clone());
        let state = *self;
        spawn_local(async move {
            if let Err(e) = storage::delete(&id).await {
                state.notify(Level::Error, format!("Could not delete the project: {e}."));
                return;
            }
            state.saving.forget();
            state
                .saving
                .projects
                .update(|l| *l = index_without(std::mem::take(l), &id));
            let next = state
                .saving
                .projects
                .with_untracked(|l| l.first().map(|e| e.id.clone()));
            match next {
                Some(next) => state.open_saved_now(&next).await,
                None => state.replace_now(Replace::Telco),
            }
        });
    }

    /// Reads other coders' files and adds their codings to the project as one undoable edit;
    /// a file that does not read is named with its error, and the others are still added
    /// ([`coders_from_files`] decides).
    pub async fn add_coder_files(&self, files: Vec<(String, Vec<u8>)>) {
        let opening = self.replacements.get_value();
        let mut read = Vec::new();
        for (name, bytes) in files {
            let coding = if is_exchange_file(&name, &bytes) {
                let loaded = self.read_in_worker(&name, &bytes, None).await;
                if self.replacements.get_value() != opening {
                    self.notify(Level::Warning, format!("Not added. Another project was opened while {name} was read; add the codings again to the project they belong to."));
                    return;
                }
                loaded.and_then(|loaded| coder_of_loaded(&name, loaded))
            } else {
                read_coder_text(&name, &bytes)
            };
            read.push((name, coding.map(|(coding, _)| coding)));
        }
        let me = self.coder.get_untracked();
        let (coders, notes) = self.project.with_untracked(|p| coders_from_files(p, read, &me));
        self.notices.tell(notes);
        if coders.is_empty() {
            return;
        }
        let names: Vec<String> = coders.iter().map(|c| c.coder.clone()).collect();
        if self.dispatch(Op::AddCoders { coders }) {
            self.notify(Level::Info, format!("Added the coding of {}.", names.join(", ")));
        }
    }

    /// Reads a revised table of the open case and shows what it would change; nothing changes
    /// until [`AppState::apply_update`].
    pub fn review_update_file(&self, name: &str, bytes: &[u8]) {
        if !is_exchange_file(name, bytes) {
            self.review_update(name, load_text_file(name, bytes));
            return;
        }
        let state = *self;
        let opening = self.replacements.get_value();
        let (name, bytes) = (name.to_string(), bytes.to_vec());
        spawn_local(async move {
            let loaded = state.read_in_worker(&name, &bytes, None).await;
            if state.replacements.get_value() == opening {
                state.review_update(&name, loaded);
            } else {
                state.notify(Level::Warning, format!("Not reviewed. Another project was opened while {name} was read; open it again as a revised table of this one if it is."));
            }
        });
    }

    /// Shows what a revised table (read, or not) would change.
    fn review_update(&self, name: &str, loaded: Result<Loaded, ImportError>) {
        match loaded {
            Ok(loaded) => {
                let (case, columns) = loaded.into_revision();
                let revision = self.project.with_untracked(|p| Revision::of(p, name, case, columns));
                self.pending_update.set(Some(revision));
            }
            Err(error) => self.notify(Level::Error, format!("Not read. {error}")),
        }
    }

    /// Applies the revised table under review as one undoable edit.
    pub fn apply_update(&self) {
        let Some(pending) = self.pending_update.get_untracked() else {
            return;
        };
        if self.dispatch(pending.op()) {
            self.pending_update.set(None);
            let flagged = self.project.with_untracked(|p| p.to_review().len());
            self.notify(Level::Info, pending.summary(flagged));
        }
    }
}
