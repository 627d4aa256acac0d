//! The one store of the app, created in [`crate::ui::App`] and provided by context.
//!
//! The project changes only through [`AppState::dispatch`] (or [`AppState::try_apply`]),
//! [`AppState::undo`] and [`AppState::redo`], which call the pure `Project::apply`/`undo`/`redo`;
//! every change is then saved by [`AppState::persist`]. The case is derived from the project:
//! `case` hands out the project's own shared case, which changes identity only when an edit
//! changes the case, so recodes do not redo the case's preparation.

use crate::charts::layout::{timeline_layout, TimelineLayout};
use crate::core::analysis::mechanism::{links_by_aspect, reinforcing_cycles, AspectLinks, CYCLE_LIMIT};
use crate::core::analysis::sensitivity::{
    aspect_pivots, change_across, change_between, AspectPivot, Change, Pivotal, PivotalJob,
};
use crate::core::analysis::{Analysis, Options, Prepared};
use crate::core::coding::{aspects_under, kinds_under, Edit, EditError};
use crate::core::edit::{Op, UNNAMED_CODER};
use crate::core::import::{import_text, is_exchange_file, ImportError};
use crate::core::model::{Aspect, Case, Symbolic};
pub use crate::core::persist::IndexEntry;
use crate::core::project::{load_text_file, Loaded, Project, ViewSettings};
use crate::core::sort::SortErased;
use crate::core::team::{
    agreement, blind_case, coder_of_loaded, project_coding, read_coder_text, Agreement, CoderCoding,
};
use crate::core::update::{preview_update, UpdateReview};
use crate::ui::storage;
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

/// A revised table read and reviewed, waiting for the researcher to apply it.
#[derive(Debug, Clone, PartialEq)]
pub struct PendingUpdate {
    /// The file it came from.
    pub file: String,
    /// The revised case.
    pub case: Shared<Case>,
    /// True when it was a table (not a JSON case or project).
    pub from_table: bool,
    /// The table's columns (`None` for a JSON case or project).
    pub columns: Option<Vec<String>>,
    /// What it would change.
    pub review: UpdateReview,
}

/// The mechanism beyond single links, for the chains panel.
#[derive(Debug, Clone, PartialEq)]
pub struct Mechanism {
    /// Reinforcing cycles, each from its smallest id.
    pub cycles: Vec<Vec<String>>,
    /// False when there were more than were listed.
    pub cycles_complete: bool,
    /// Links by aspect pair and period.
    pub by_aspect: Vec<AspectLinks>,
}

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

/// What would replace the open project.
#[derive(Debug, Clone, PartialEq)]
pub enum Replace {
    /// Switch to a saved project.
    Switch(String),
    /// Open a file (a workbook's named sheet, or else its first with an action table).
    Load {
        name: String,
        bytes: Shared<Vec<u8>>,
        sheet: Option<String>,
    },
    /// Open TelCo fresh.
    Telco,
    /// Start an empty case.
    NewCase,
    /// Start a blind coding of the open case.
    Blind,
}

/// What the action editor is open on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EditorFor {
    /// A new action.
    New,
    /// The action with this id.
    Action(String),
}

/// The app's state. Cheap to copy: every field is a signal handle.
#[derive(Clone, Copy)]
pub struct AppState {
    /// The open project: case, coding layers, history and view settings.
    pub project: RwSignal<Project>,
    /// The open case: the project's own (shared), with a new identity after each edit of it.
    pub case: Memo<Shared<Case>>,
    /// The action editor, when open.
    pub editor: RwSignal<Option<EditorFor>>,
    /// A revised table under review.
    pub pending_update: RwSignal<Option<PendingUpdate>>,
    /// The selected action id, shared by every view.
    pub selected: RwSignal<Option<String>>,
    /// A chain (action ids) highlighted from the analysis panel.
    pub highlight: RwSignal<Option<Vec<String>>>,
    /// Notices, newest last.
    pub notices: RwSignal<Vec<Notice>>,
    /// The coder's name (remembered in the browser).
    pub coder: RwSignal<String>,
    /// A coding was just recorded as unnamed: the name is asked for in place.
    pub coder_prompt: RwSignal<bool>,
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
    /// The browser's storage has been read (until then nothing is saved).
    pub ready: RwSignal<bool>,
    /// The space used and left, in words.
    pub space: RwSignal<Option<String>>,
    /// The save state in words, for the status line: saving, saved, or not saved.
    pub save_status: RwSignal<SaveStatus>,
    /// Whether the browser promised to keep this site's storage when space runs short.
    pub persisted: RwSignal<Option<bool>>,
    /// Set while space runs short.
    pub space_warning: RwSignal<Option<String>>,
    /// Stored records that did not read, kept aside: `(key, text)`.
    pub aside: RwSignal<Vec<(String, String)>>,
    /// A replacement of the open project waiting for the researcher's word (the project is not
    /// saved).
    pub confirm_replace: RwSignal<Option<Replace>>,
    pub(crate) next_notice: StoredValue<u64>,
    /// Counts the replacements of the open project: a file read in the worker opens only if
    /// nothing else was opened while it was read.
    pub(crate) replacements: StoredValue<u64>,
    /// The hash of the save this tab last wrote or loaded.
    pub(crate) saved_hash: StoredValue<Option<String>>,
    /// The revision of that save.
    pub(crate) saved_revision: StoredValue<Option<u64>>,
    /// A save is under way.
    pub(crate) saving: StoredValue<bool>,
    /// The project changed since the save under way began.
    pub(crate) dirty: StoredValue<bool>,
    /// The coding-independent structure of the case.
    pub prepared: Memo<Shared<Prepared>>,
    /// The current kind of every action, in table order.
    pub kinds: Memo<Vec<Symbolic>>,
    /// The current aspect of every action, in table order.
    pub aspects: Memo<Vec<Option<Aspect>>>,
    /// The analysis under the current coding.
    pub analysis: Memo<Shared<Analysis>>,
    /// The timeline layout.
    pub layout: Memo<Shared<TimelineLayout>>,
    /// Reinforcing cycles and links by aspect pair.
    pub mechanism: Memo<Shared<Mechanism>>,
    /// Pivotal codings, as far as assessed under the current coding.
    pub pivots: RwSignal<PivotsState>,
    /// The aspect codings the movement between aspects hinges on.
    pub aspect_pivots: Memo<Shared<Vec<AspectPivot>>>,
    /// The tour of the open case, if it has one.
    pub tour: RwSignal<Option<crate::core::tour::Tour>>,
    /// The tour step shown (`None`: the tour is not open).
    pub tour_step: RwSignal<Option<usize>>,
    /// The workbook opened last, when it has several sheets (to read another).
    pub workbook: RwSignal<Option<Workbook>>,
    /// The other coders' codings of the case.
    pub coders: Memo<Vec<CoderCoding>>,
    /// Their agreement (`None` without other coders).
    pub agreement: Memo<Option<Shared<Agreement>>>,
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
        self.push_notice(level, text.into());
    }

    /// Adds a notice; returns its id.
    fn push_notice(&self, level: Level, text: String) -> u64 {
        let id = self.next_notice.get_value();
        self.next_notice.set_value(id + 1);
        self.notices.update(|list| list.push(Notice { id, level, text }));
        id
    }

    /// Reads a workbook or QDPX file in the exchange worker, saying so while it reads (the first
    /// one also fetches and starts the worker).
    async fn read_in_worker(&self, name: &str, bytes: &[u8], sheet: Option<&str>) -> Result<Loaded, ImportError> {
        let reading = self.push_notice(Level::Info, format!("Reading {name}…"));
        let loaded = crate::ui::exchange::load(name, bytes, sheet).await;
        self.dismiss(reading);
        loaded
    }

    /// Removes one notice.
    pub fn dismiss(&self, id: u64) {
        self.notices.update(|list| list.retain(|n| n.id != id));
    }

    /// Opens a project: it becomes the one on screen and is saved. `seen`: the hash of the
    /// stored save it was read from (none for a new project).
    pub fn open_project(&self, project: Project, seen: Option<String>) {
        self.selected.set(None);
        self.highlight.set(None);
        self.last_change.set(None);
        self.conflict.set(false);
        self.editor.set(None);
        self.pending_update.set(None);
        self.saved_revision.set_value(seen.as_ref().map(|_| project.revision));
        self.saved_hash.set_value(seen);
        self.storage_problem.set(None);
        self.project.set(project);
        self.persist();
    }

    /// Opens a file: a project file opens as it was saved; a case or table starts a new project.
    /// On failure the open project stays and the error is shown. Asks first when the open
    /// project is not saved.
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
            bytes: Shared(Arc::new(bytes.to_vec())),
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
        match crate::core::tour::read_tour(text) {
            Ok(tour) => {
                let unknown = self.case.with_untracked(|c| crate::core::tour::unknown_ids(&tour, c));
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

    /// Opens a file now (see [`AppState::load_file`]). A workbook or QDPX file is read in the
    /// exchange worker ([`crate::ui::exchange`]) and opened when its answer comes, unless
    /// something else was opened meanwhile.
    pub(crate) fn load_file_now(&self, name: &str, bytes: &[u8], sheet: Option<&str>) {
        if sheet.is_none() && !is_exchange_file(name, bytes) {
            self.opened(name, bytes, load_text_file(name, bytes));
            return;
        }
        let state = *self;
        let opening = self.replacements.get_value();
        let (name, bytes, sheet) = (name.to_string(), bytes.to_vec(), sheet.map(str::to_string));
        leptos::task::spawn_local(async move {
            let loaded = state.read_in_worker(&name, &bytes, sheet.as_deref()).await;
            if state.replacements.get_value() == opening {
                state.opened(&name, &bytes, loaded);
            }
        });
    }

    /// Opens what a file held, or shows why it did not read.
    fn opened(&self, name: &str, bytes: &[u8], loaded: Result<Loaded, ImportError>) {
        match loaded {
            Ok(loaded) => {
                let warnings = loaded.warnings().to_vec();
                // A workbook of several sheets: its sheets are offered, the one read first.
                let sheets = warnings.iter().find_map(|w| match &w.kind {
                    crate::core::import::WarningKind::SheetChosen { sheet, others } => Some(
                        std::iter::once(sheet.clone())
                            .chain(others.iter().cloned())
                            .collect::<Vec<_>>(),
                    ),
                    _ => None,
                });
                let chosen = sheets.as_ref().and_then(|s| s.first().cloned());
                self.workbook.set(match (sheets, chosen) {
                    (Some(mut sheets), Some(chosen)) => {
                        sheets.erased_sort_by_key(|s| *s != chosen);
                        Some(Workbook {
                            name: name.to_string(),
                            bytes: Shared(Arc::new(bytes.to_vec())),
                            sheets,
                            chosen,
                        })
                    }
                    _ => None,
                });
                let project = match loaded {
                    Loaded::Project(p) => *p,
                    Loaded::Case(imported) => {
                        let case = imported.case;
                        let title = case.title.clone();
                        Project::new(new_id(), title, case)
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
                self.open_project(project, None);
            }
            Err(error) => self.reject(&error),
        }
    }

    fn reject(&self, error: &ImportError) {
        self.notify(Level::Error, format!("Not imported. {error}"));
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

    /// Starts a blind coding of the open case as a new project: the same actions, nothing coded
    /// (asking first when the open project is not saved).
    pub fn start_blind_coding(&self) {
        self.replace(Replace::Blind);
    }

    /// Starts the blind coding now (see [`AppState::start_blind_coding`]).
    pub(crate) fn start_blind_coding_now(&self) {
        let case = self.case.with_untracked(|c| blind_case(c));
        let name = case.title.clone();
        self.notices.update(Vec::clear);
        self.notify(
            Level::Info,
            format!(
                "A blind coding of {} actions: code each one's kind, aspect and triggers, then export the project or the coded case and give it to whoever compares the codings.",
                case.actions.len()
            ),
        );
        self.open_project(Project::new(new_id(), name, case), None);
    }

    /// Reads other coders' files and adds their codings to the project as one undoable edit;
    /// a file that does not read is named with its error, and the others are still added.
    pub async fn add_coder_files(&self, files: Vec<(String, Vec<u8>)>) {
        let mut coders: Vec<CoderCoding> = Vec::new();
        let opening = self.replacements.get_value();
        for (name, bytes) in files {
            let read = if is_exchange_file(&name, &bytes) {
                let loaded = self.read_in_worker(&name, &bytes, None).await;
                if self.replacements.get_value() != opening {
                    self.notify(Level::Warning, format!("Not added. Another project was opened while {name} was read; add the codings again to the project they belong to."));
                    return;
                }
                loaded.and_then(|loaded| coder_of_loaded(&name, loaded))
            } else {
                read_coder_text(&name, &bytes)
            };
            match read {
                Ok((coding, _)) => {
                    let (known, total) = self.case.with_untracked(|c| {
                        (
                            c.actions.iter().filter(|a| coding.labels.contains_key(&a.id)).count(),
                            c.actions.len(),
                        )
                    });
                    if known == 0 {
                        self.notify(
                            Level::Error,
                            format!("Not added. {name}: none of its {} action ids is an action of this case; is it a coding of another case?", coding.labels.len()),
                        );
                        continue;
                    }
                    if known < total || known < coding.labels.len() {
                        let extra = coding.labels.len() - known;
                        self.notify(
                            Level::Warning,
                            format!(
                                "{name}: {known} of the case's {total} actions matched by id{}. Ids a coder lacks are listed in the agreement panel, never guessed.",
                                if extra > 0 { format!("; {extra} of its ids are not in the case") } else { String::new() }
                            ),
                        );
                    }
                    coders.retain(|c| c.coder != coding.coder);
                    coders.push(coding);
                }
                Err(error) => self.notify(Level::Error, format!("Not added. {error}")),
            }
        }
        if coders.is_empty() {
            return;
        }
        // The first time, the project's own coding joins as a coder too, as it is now: the
        // reliability data stay the independent codings while settling changes the project.
        if self.project.with_untracked(|p| p.coders.is_empty()) {
            let me = self.coder.get_untracked();
            let name = if me.trim().is_empty() {
                "this project".to_string()
            } else {
                me.trim().to_string()
            };
            let own = self.project.with_untracked(|p| project_coding(p, &name));
            if !coders.iter().any(|c| c.coder == own.coder) {
                coders.insert(0, own);
            }
        }
        let names: Vec<String> = coders.iter().map(|c| c.coder.clone()).collect();
        if self.dispatch(Op::AddCoders { coders }) {
            self.notify(Level::Info, format!("Added the coding of {}.", names.join(", ")));
        }
    }

    /// Starts an empty case now (see [`AppState::new_case`]).
    pub(crate) fn new_case_now(&self) {
        let case = Case {
            title: "Untitled case".into(),
            ..Case::default()
        };
        self.notices.update(Vec::clear);
        self.notify(
            Level::Info,
            "A new, empty case. Add its first action: type a new actor group and period in the editor.",
        );
        self.open_project(Project::new(new_id(), "Untitled case", case), None);
        self.editor.set(Some(EditorFor::New));
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
        leptos::task::spawn_local(async move {
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
        let loaded = match loaded {
            Ok(loaded) => loaded,
            Err(error) => {
                self.notify(Level::Error, format!("Not read. {error}"));
                return;
            }
        };
        let (case, columns) = match loaded {
            Loaded::Project(p) => ((*p.case).clone(), None),
            Loaded::Case(imported) => (imported.case, imported.columns),
        };
        let from_table = columns.is_some();
        let review = self
            .project
            .with_untracked(|p| preview_update(p, &case, from_table, columns.as_deref()));
        self.pending_update.set(Some(PendingUpdate {
            file: name.to_string(),
            case: Shared(Arc::new(case)),
            from_table,
            columns,
            review,
        }));
    }

    /// Applies the revised table under review as one undoable edit.
    pub fn apply_update(&self) {
        let Some(pending) = self.pending_update.get_untracked() else {
            return;
        };
        let op = Op::UpdateCase {
            case: Box::new((*pending.case).clone()),
            from_table: pending.from_table,
            columns: pending.columns.clone(),
        };
        if self.dispatch(op) {
            self.pending_update.set(None);
            let flagged = self.project.with_untracked(|p| p.to_review().len());
            self.notify(
                Level::Info,
                format!(
                    "Updated from {}: {} added, {} removed, {} changed; {} recodes to review, {} removed actions kept aside.",
                    pending.file,
                    pending.review.added.len(),
                    pending.review.removed.len(),
                    pending.review.changed.len(),
                    flagged,
                    pending.review.retired.len()
                ),
            );
        }
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
        let after = self.analysis.get_untracked();
        let after_case = self.case.get_untracked();
        let change = if after_case == *before_case {
            change_between(&after_case, &before.reinforcement, &after.reinforcement)
        } else {
            change_across(before_case, &after_case, &before.reinforcement, &after.reinforcement)
        };
        self.last_change.set(Some(LastChange { what, change }));
    }

    /// Applies a change as the current coder, now; summarises and saves it. The error, if any,
    /// is returned for the caller to show (the editor shows it beside its field).
    pub fn try_apply(&self, op: Op) -> Result<(), EditError> {
        let before_case = self.case.get_untracked();
        let before = self.analysis.get_untracked();
        // Without a coder name the edit is recorded as unnamed, and the name is asked for in
        // place (see [`AppState::name_coder`]): a student's first click is never dropped.
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
        crate::ui::charts::after_paint(move || state.summarise(what, &before_case, &before));
        self.persist();
        Ok(())
    }

    /// Sets the coder's name, remembers it, and puts it on the codings recorded as unnamed (one
    /// undoable edit).
    pub fn name_coder(&self, name: &str) {
        let name = name.trim().to_string();
        self.coder.set(name.clone());
        self.coder_prompt.set(false);
        if let Err(e) = storage::set_coder(&name) {
            self.notify(Level::Warning, format!("Your name could not be remembered: {e}."));
        }
        if name.is_empty() {
            return;
        }
        let unnamed = self.project.with_untracked(|p| {
            p.coding.values().any(|e| e.coder == UNNAMED_CODER)
                || p.aspects.values().any(|e| e.coder == UNNAMED_CODER)
                || p.settlements.iter().any(|s| s.by == UNNAMED_CODER)
        });
        if unnamed {
            self.dispatch(Op::NameCoder {
                from: UNNAMED_CODER.into(),
                to: name,
            });
        }
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

    /// Sets the kind of an action, as the current coder.
    pub fn relabel(&self, action: &str, kind: Symbolic, memo: Option<String>) {
        self.dispatch(Op::Relabel {
            action: action.to_string(),
            kind,
            memo,
        });
        self.clear_saved_draft(action);
    }

    /// Writes the memo of an action. Its draft is kept until the memo is saved.
    pub fn set_memo(&self, action: &str, memo: String) {
        self.dispatch(Op::Memo {
            action: action.to_string(),
            memo,
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
        self.dispatch(Op::Reset {
            action: action.to_string(),
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
        let before_case = self.case.get_untracked();
        let before = self.analysis.get_untracked();
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
                self.persist();
            }
            Some(Err(e)) => self.notify(Level::Info, format!("Nothing changed: {e}")),
            None => {}
        }
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

/// Creates the store with TelCo open, provides it to the tree, and starts reading the browser's
/// storage (which then opens the last project, or keeps TelCo and saves it).
pub fn provide_app_state() -> AppState {
    let telco = import_text(TELCO_FILE, TELCO_JSON).map(|i| i.case).unwrap_or_default();
    let title = telco.title.clone();
    let project = RwSignal::new(Project::new(new_id(), title, telco));
    // Compared by identity: a recode keeps the case's identity, an edit of the case makes a new one.
    let case = Memo::new(move |_| project.with(|p| Shared(Arc::clone(&p.case))));
    let options = Memo::new(move |_| {
        project.with(|p| Options {
            with_mentions: p.view.with_mentions,
        })
    });
    let prepared = Memo::new(move |_| {
        let options = options.get();
        Shared(Arc::new(case.with(|c| Prepared::new_with(c, options))))
    });
    let kinds = Memo::new(move |_| project.with(|p| kinds_under(&p.case, &p.coding)));
    let aspects = Memo::new(move |_| project.with(|p| aspects_under(&p.case, &p.aspects)));
    let analysis = Memo::new(move |_| {
        let prepared = prepared.get();
        kinds.with(|k| aspects.with(|x| case.with(|c| Shared(Arc::new(prepared.analyze_coded(c, k, x))))))
    });
    let layout = Memo::new(move |_| Shared(Arc::new(case.with(|c| timeline_layout(c)))));
    let mechanism = Memo::new(move |_| {
        let (prepared, analysis) = (prepared.get(), analysis.get());
        let cycles = case.with(|c| reinforcing_cycles(&prepared, c, &analysis.reinforcement, CYCLE_LIMIT));
        let by_aspect = aspects.with(|x| case.with(|c| links_by_aspect(c, &prepared, &analysis.reinforcement, x)));
        Shared(Arc::new(Mechanism {
            cycles: cycles.0,
            cycles_complete: cycles.1,
            by_aspect,
        }))
    });
    let pivots = pivots_in_slices(prepared, kinds, case);
    let coders = Memo::new(move |_| project.with(|p| p.coders.clone()));
    let agreement = Memo::new(move |_| {
        coders.with(|list| (!list.is_empty()).then(|| case.with(|c| Shared(Arc::new(agreement(list, Some(c), true))))))
    });
    let aspect_pivots = Memo::new(move |_| {
        let analysis = analysis.get();
        aspects.with(|x| case.with(|c| Shared(Arc::new(aspect_pivots(c, &analysis.reinforcement, x)))))
    });
    let state = AppState {
        project,
        case,
        editor: RwSignal::new(None),
        pending_update: RwSignal::new(None),
        selected: RwSignal::new(None),
        highlight: RwSignal::new(None),
        notices: RwSignal::new(Vec::new()),
        coder: RwSignal::new(storage::coder()),
        coder_prompt: RwSignal::new(false),
        storage_problem: RwSignal::new(None),
        conflict: RwSignal::new(false),
        last_change: RwSignal::new(None),
        memo_drafts: RwSignal::new(std::collections::HashMap::new()),
        projects: RwSignal::new(Vec::new()),
        ready: RwSignal::new(false),
        space: RwSignal::new(None),
        persisted: RwSignal::new(None),
        save_status: RwSignal::new(SaveStatus::Loading),
        space_warning: RwSignal::new(None),
        aside: RwSignal::new(Vec::new()),
        confirm_replace: RwSignal::new(None),
        next_notice: StoredValue::new(0),
        replacements: StoredValue::new(0),
        saved_hash: StoredValue::new(None),
        saved_revision: StoredValue::new(None),
        saving: StoredValue::new(false),
        dirty: StoredValue::new(false),
        prepared,
        kinds,
        aspects,
        analysis,
        layout,
        mechanism,
        pivots,
        aspect_pivots,
        workbook: RwSignal::new(None),
        tour: RwSignal::new(None),
        tour_step: RwSignal::new(None),
        coders,
        agreement,
    };
    provide_context(state);
    // TelCo comes with its tour; another case keeps a tour opened beside it while every action
    // the tour names is in the case.
    Effect::new(move |_| {
        case.with(|c| {
            let is_telco = c.title == crate::core::builtin::telco().title;
            state.tour.update(|t| {
                let fits = t
                    .as_ref()
                    .is_some_and(|t| crate::core::tour::unknown_ids(t, c).is_empty());
                if is_telco && !fits {
                    *t = crate::core::tour::telco_tour();
                } else if !fits {
                    *t = None;
                }
            });
        });
        state.tour_step.set(None);
    });
    state.start_storage();
    state
}

/// A workbook of several sheets, kept to read another sheet of it.
#[derive(Debug, Clone, PartialEq)]
pub struct Workbook {
    /// Its file name.
    pub name: String,
    /// Its bytes.
    pub bytes: Shared<Vec<u8>>,
    /// Its sheets, the one read first.
    pub sheets: Vec<String>,
    /// The sheet read.
    pub chosen: String,
}

/// Pivotal codings while they are being assessed, and once they are.
#[derive(Debug, Clone, PartialEq)]
pub enum PivotsState {
    /// `done` of `of` actions assessed so far.
    Assessing { done: usize, of: usize },
    /// Every flip assessed.
    Ready(Shared<Pivotal>),
}

/// How long one slice of the pivotal assessment may hold the page, in milliseconds.
const PIVOT_SLICE_MS: f64 = 8.0;

/// Pivotal codings assessed in slices of a few milliseconds after each change of coding or case,
/// so that the change itself paints at once and input stays answered; a newer coding drops the
/// job of an older one.
fn pivots_in_slices(
    prepared: Memo<Shared<Prepared>>,
    kinds: Memo<Vec<Symbolic>>,
    case: Memo<Shared<Case>>,
) -> RwSignal<PivotsState> {
    use std::cell::{Cell, RefCell};
    use std::rc::Rc;
    /// One assessment: the coding it is for, and its job once made.
    struct Run {
        mine: u64,
        generation: Rc<Cell<u64>>,
        prepared: Shared<Prepared>,
        case: Shared<Case>,
        kinds: Vec<Symbolic>,
        state: RwSignal<PivotsState>,
        job: RefCell<Option<PivotalJob>>,
    }
    /// One slice in a task of its own. The first makes the job (an analysis of its own); each
    /// other steps it for up to `PIVOT_SLICE_MS`. A newer coding's run stops this one.
    fn slice(run: Rc<Run>) {
        gloo::timers::callback::Timeout::new(0, move || {
            if run.generation.get() != run.mine {
                return;
            }
            let made = run.job.borrow().is_some();
            let more = if made {
                let start = js_sys::Date::now();
                let mut more = true;
                if let Some(job) = run.job.borrow_mut().as_mut() {
                    while more && js_sys::Date::now() - start < PIVOT_SLICE_MS {
                        more = job.step(&run.prepared.0, &run.case.0);
                    }
                }
                more
            } else {
                *run.job.borrow_mut() = Some(PivotalJob::new(&run.prepared, &run.case, &run.kinds));
                true
            };
            if more {
                if let Some((done, of)) = run.job.borrow().as_ref().map(PivotalJob::progress) {
                    run.state.set(PivotsState::Assessing { done, of });
                }
                slice(run);
            } else if let Some(finished) = run.job.borrow_mut().take() {
                run.state.set(PivotsState::Ready(Shared(Arc::new(finished.finish()))));
            }
        })
        .forget();
    }
    let state = RwSignal::new(PivotsState::Assessing { done: 0, of: 0 });
    let generation = Rc::new(Cell::new(0u64));
    Effect::new(move |_| {
        generation.set(generation.get() + 1);
        // The last assessment is dropped after the paint: freeing it (every flip of every
        // action) took about 6 ms of a recode's first frame at 1,000 actions.
        let last = state.try_update(|s| std::mem::replace(s, PivotsState::Assessing { done: 0, of: 0 }));
        let run = Rc::new(Run {
            mine: generation.get(),
            generation: Rc::clone(&generation),
            prepared: prepared.get(),
            case: case.get(),
            kinds: kinds.get(),
            state,
            job: RefCell::new(None),
        });
        // The first slice waits for the paint: a timeout of 0 ms would run before the change's
        // first frame, and hold it up by a slice.
        crate::ui::charts::after_paint(move || {
            drop(last);
            slice(run);
        });
    });
    state
}

/// The store, from any component under [`crate::ui::App`].
pub fn use_app_state() -> AppState {
    expect_context::<AppState>()
}
