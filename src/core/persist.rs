//! Persistence rules and formats, without the browser: what a save writes, how a save by another
//! tab is recognised, how a lost project list is rebuilt, when space runs short, and how a
//! storage failure is told to the researcher.
//!
//! Owns [`PersistError`] (the storage layer's failures, typed), [`IndexEntry`] (one line of the
//! project list), the storage keys, [`content_hash`] (each save is identified by the hash of what
//! it wrote, so two tabs that reach the same revision with different work still see each other),
//! [`save_conflict`], [`rebuild_index`], [`space_warning`], and [`SaveTracker`], the bookkeeping
//! of the open project's saves (one at a time, the latest state last, another tab's save told
//! from this tab's own). The browser adapter
//! (`ui::storage`) does the reading and writing, one transaction per save.

use crate::core::sort::SortErased;
use serde::{Deserialize, Serialize};
use std::fmt;

/// The key of the project list.
pub const INDEX_KEY: &str = "index";
/// The key of the id of the project open last.
pub const CURRENT_KEY: &str = "current";
/// The key of the memos being typed (drafts), kept until they are saved.
pub const DRAFTS_KEY: &str = "drafts";
/// The prefix of the keys of projects.
pub const PROJECT_PREFIX: &str = "project/";
/// The prefix of the keys of the hash of each project's last save.
pub const HASH_PREFIX: &str = "hash/";
/// Key prefix of the links of projects shared with a team (server, room, token).
pub const LINK_PREFIX: &str = "sync/";
/// The prefix of the keys of unreadable records kept aside.
pub const ASIDE_PREFIX: &str = "aside/";
/// The prefix of the projects of earlier versions, which kept them in `localStorage`.
pub const LEGACY_PROJECT_PREFIX: &str = "regime-lens/project/";
/// The key of the project list of earlier versions.
pub const LEGACY_INDEX_KEY: &str = "regime-lens/projects";
/// The key of the current project of earlier versions.
pub const LEGACY_CURRENT_KEY: &str = "regime-lens/current";

/// The key of a project.
pub fn project_key(id: &str) -> String {
    format!("{PROJECT_PREFIX}{id}")
}

/// The key of the hash of a project's last save.
pub fn hash_key(id: &str) -> String {
    format!("{HASH_PREFIX}{id}")
}

/// The key of a shared project's link.
pub fn link_key(id: &str) -> String {
    format!("{LINK_PREFIX}{id}")
}

/// The key under which an unreadable record is kept aside (never overwritten: `at` is the time).
pub fn aside_key(id: &str, at: &str) -> String {
    format!("{ASIDE_PREFIX}{id}/{at}")
}

/// Why the browser's storage did not do what was asked. Nothing the app holds in memory is lost
/// by any of these; each message says what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PersistError {
    /// The browser offers no storage (private window, disabled, blocked).
    Unavailable { reason: String },
    /// The storage is full.
    QuotaExceeded,
    /// Another tab saved this project since this tab last saved or loaded it.
    Conflict { id: String },
    /// A stored record does not read.
    Unreadable { key: String, detail: String },
    /// Any other failure of the storage layer.
    Failed { operation: String, detail: String },
}

impl fmt::Display for PersistError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PersistError::Unavailable { reason } => write!(
                f,
                "the browser offers no storage here ({reason}); export the project to keep your work"
            ),
            PersistError::QuotaExceeded => write!(
                f,
                "the browser's storage is full; export the project, then delete projects you no longer need"
            ),
            PersistError::Conflict { id } => {
                write!(f, "project {id} was saved by another tab; choose which version to keep")
            }
            PersistError::Unreadable { key, detail } => {
                write!(f, "the stored record {key} does not read ({detail}); it is kept aside")
            }
            PersistError::Failed { operation, detail } => write!(
                f,
                "the browser's storage failed to {operation} ({detail}); try again, or export the project"
            ),
        }
    }
}

impl std::error::Error for PersistError {}

impl PersistError {
    /// Reads a browser error name (`QuotaExceededError`, `InvalidStateError`, ...) as a
    /// persistence error of `operation`.
    pub fn from_browser(operation: &str, name: &str, message: &str) -> Self {
        match name {
            "QuotaExceededError" => PersistError::QuotaExceeded,
            "SecurityError" | "InvalidAccessError" => PersistError::Unavailable {
                reason: if message.is_empty() {
                    name.to_string()
                } else {
                    message.to_string()
                },
            },
            _ => PersistError::Failed {
                operation: operation.to_string(),
                detail: if message.is_empty() {
                    name.to_string()
                } else {
                    format!("{name}: {message}")
                },
            },
        }
    }
}

/// An entry of the project list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndexEntry {
    /// Project id.
    pub id: String,
    /// Project name.
    pub name: String,
}

/// The identity of a save: a 64-bit FNV-1a hash of the project as written, in hex. Two saves of
/// different work differ, whatever their revisions.
pub fn content_hash(text: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in text.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}")
}

/// A GUID derived from a key (two [`content_hash`]es of it), in the shape REFI-QDA's schema asks
/// for, so that the same thing always gets the same GUID (a QDPX of the same project is the same
/// file; a document added twice is the same source).
pub fn guid(key: &str) -> String {
    let a = content_hash(key);
    let b = content_hash(&format!("{key}\u{1}regime-lens"));
    let hex = format!("{a}{b}");
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

/// Whether saving now would overwrite another tab's save: something is stored, and it is not
/// the save this tab last wrote or loaded (`seen`).
pub fn save_conflict(stored: Option<&str>, seen: Option<&str>) -> bool {
    stored.is_some() && stored != seen
}

/// Reads the project list; `None` (nothing stored) is an empty list, text that does not read is
/// an error (the caller rebuilds the list rather than taking it for empty).
pub fn read_index(text: Option<&str>) -> Result<Vec<IndexEntry>, PersistError> {
    match text {
        None => Ok(Vec::new()),
        Some(t) => serde_json::from_str(t).map_err(|e| PersistError::Unreadable {
            key: INDEX_KEY.to_string(),
            detail: e.to_string(),
        }),
    }
}

/// The project list as stored.
pub fn write_index(entries: &[IndexEntry]) -> String {
    serde_json::to_string(entries).unwrap_or_else(|_| "[]".to_string())
}

/// The list with `id` named `name` (added at the end when new).
pub fn index_with(mut entries: Vec<IndexEntry>, id: &str, name: &str) -> Vec<IndexEntry> {
    match entries.iter_mut().find(|e| e.id == id) {
        Some(e) => e.name = name.to_string(),
        None => entries.push(IndexEntry {
            id: id.to_string(),
            name: name.to_string(),
        }),
    }
    entries
}

/// The list without `id`.
pub fn index_without(entries: Vec<IndexEntry>, id: &str) -> Vec<IndexEntry> {
    entries.into_iter().filter(|e| e.id != id).collect()
}

/// The id and name a stored project states, read without building the project.
pub fn project_header(text: &str) -> Option<IndexEntry> {
    #[derive(Deserialize)]
    struct Header {
        id: Option<String>,
        name: Option<String>,
    }
    let h: Header = serde_json::from_str(text).ok()?;
    let id = h.id?;
    Some(IndexEntry {
        name: h.name.unwrap_or_else(|| id.clone()),
        id,
    })
}

/// The project list rebuilt from the stored projects (`(key, text)`), in key order, and the
/// keys of those whose text does not even state an id and a name.
pub fn rebuild_index(records: &[(String, String)]) -> (Vec<IndexEntry>, Vec<String>) {
    let mut entries = Vec::new();
    let mut unreadable = Vec::new();
    let mut sorted: Vec<&(String, String)> = records.iter().collect();
    sorted.erased_sort_by(|a, b| a.0.cmp(&b.0));
    for (key, text) in sorted {
        match project_header(text) {
            Some(entry) if key.strip_prefix(PROJECT_PREFIX) == Some(entry.id.as_str()) => entries.push(entry),
            // A record whose id is not its key's, or none at all: listed by its key.
            Some(entry) => entries.push(IndexEntry {
                id: key.strip_prefix(PROJECT_PREFIX).unwrap_or(key).to_string(),
                name: entry.name,
            }),
            None => unreadable.push(key.clone()),
        }
    }
    (entries, unreadable)
}

/// Bytes in people's units.
pub fn bytes_text(bytes: f64) -> String {
    const UNITS: [&str; 5] = ["bytes", "KB", "MB", "GB", "TB"];
    let mut value = bytes.max(0.0);
    let mut unit = 0;
    while value >= 1000.0 && unit + 1 < UNITS.len() {
        value /= 1000.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{value:.0} {}", UNITS[0])
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

/// The space used and left, in words.
pub fn space_text(usage: f64, quota: f64) -> String {
    format!(
        "{} used of {} ({} left)",
        bytes_text(usage),
        bytes_text(quota),
        bytes_text((quota - usage).max(0.0))
    )
}

/// A warning when space runs short: less than ten saves of the open project left, or less than a
/// tenth of the quota. `project_bytes` is the size of one save of the open project.
pub fn space_warning(usage: f64, quota: f64, project_bytes: usize) -> Option<String> {
    if quota <= 0.0 {
        return None;
    }
    let left = (quota - usage).max(0.0);
    let saves_left = left / (project_bytes.max(1) as f64);
    (saves_left < 10.0 || left < quota / 10.0).then(|| {
        format!(
            "The browser's storage for Regime Lens is running out: {}. Export the project now, and delete projects you no longer need.",
            space_text(usage, quota)
        )
    })
}

/// The bookkeeping of the open project's saves: which save this tab last wrote or loaded (its
/// hash and the project's revision then), whether a save is under way, and whether the project
/// changed since it began. One save at a time: a change during a save is saved after it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SaveTracker {
    seen: Option<String>,
    seen_revision: Option<u64>,
    saving: bool,
    dirty: bool,
}

/// What to do when another tab saved the open project.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OtherSave {
    /// It is this tab's own save (or another project's): nothing.
    Ignore,
    /// This tab changed nothing since: show the other tab's version.
    Reload,
    /// Both changed it: the researcher decides.
    Conflict,
}

impl SaveTracker {
    /// A project opened from a stored save of hash `seen` (none: a new project, never saved) at
    /// `revision`.
    pub fn opened(seen: Option<String>, revision: u64) -> Self {
        SaveTracker {
            seen_revision: seen.as_ref().map(|_| revision),
            seen,
            ..SaveTracker::default()
        }
    }

    /// The project changed. Returns true when a save should start now; when saving is not
    /// possible now (`can_save` false: storage not read yet, or a conflict waits) or one is under
    /// way, the change waits for the next.
    pub fn changed(&mut self, can_save: bool) -> bool {
        if !can_save || self.saving {
            self.dirty = true;
            return false;
        }
        self.saving = true;
        true
    }

    /// A save (or a forced one) begins writing the project as it is now.
    pub fn begin(&mut self) {
        self.saving = true;
        self.dirty = false;
    }

    /// The save wrote `hash` for the project at `revision`.
    pub fn written(&mut self, hash: &str, revision: u64) {
        self.seen = Some(hash.to_string());
        self.seen_revision = Some(revision);
    }

    /// After one save: true when it succeeded and the project changed meanwhile, so that it is
    /// saved again at once; otherwise the save is over.
    pub fn again(&mut self, saved: bool) -> bool {
        let again = saved && self.dirty;
        if !again {
            self.saving = false;
        }
        again
    }

    /// True while a save is under way or a change waits for one.
    pub fn pending(&self) -> bool {
        self.saving || self.dirty
    }

    /// The hash of the save this tab last wrote or loaded.
    pub fn seen(&self) -> Option<&str> {
        self.seen.as_deref()
    }

    /// The project takes a new identity in storage (kept beside another tab's): never saved.
    pub fn forget(&mut self) {
        self.seen = None;
        self.seen_revision = None;
    }

    /// What to do about a save of the open project by another tab, as `hash`, while the project
    /// is at `revision` (`conflict`: a conflict is already shown).
    pub fn other_save(&self, hash: &str, revision: u64, conflict: bool) -> OtherSave {
        if self.seen.as_deref() == Some(hash) {
            return OtherSave::Ignore;
        }
        let untouched = self.seen_revision == Some(revision) && !self.pending();
        if untouched && !conflict {
            OtherSave::Reload
        } else {
            OtherSave::Conflict
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_save_is_identified_by_its_content() {
        let a = content_hash("{\"revision\":3,\"coding\":{\"AM4\":1}}");
        let b = content_hash("{\"revision\":3,\"coding\":{\"DS2\":1}}");
        assert_ne!(a, b, "same revision, different work");
        assert_eq!(a, content_hash("{\"revision\":3,\"coding\":{\"AM4\":1}}"));
        assert_eq!(a.len(), 16);
        // The FNV-1a reference value of the empty string.
        assert_eq!(content_hash(""), "cbf29ce484222325");
    }

    #[test]
    fn a_conflict_is_a_stored_save_this_tab_did_not_make_or_see() {
        assert!(!save_conflict(None, None), "nothing stored yet");
        assert!(!save_conflict(Some("ab"), Some("ab")));
        assert!(save_conflict(Some("cd"), Some("ab")), "another tab saved");
        assert!(save_conflict(Some("cd"), None), "stored before this tab ever saw it");
    }

    #[test]
    fn an_unreadable_index_is_an_error_not_an_empty_list() {
        assert_eq!(read_index(None), Ok(Vec::new()));
        assert!(matches!(
            read_index(Some("[{\"id\":")),
            Err(PersistError::Unreadable { .. })
        ));
        let list = index_with(Vec::new(), "p1", "One");
        let list = index_with(list, "p2", "Two");
        let list = index_with(list, "p1", "One, renamed");
        assert_eq!(read_index(Some(&write_index(&list))), Ok(list.clone()));
        assert_eq!(index_without(list, "p1").len(), 1);
    }

    #[test]
    fn the_index_is_rebuilt_from_the_stored_projects() {
        let records = vec![
            (
                "project/p2".to_string(),
                r#"{"format":"regime-lens/project","id":"p2","name":"Second"}"#.to_string(),
            ),
            (
                "project/p1".to_string(),
                r#"{"name":"First","id":"p1","case":{}}"#.to_string(),
            ),
            ("project/p3".to_string(), "{not json".to_string()),
        ];
        let (entries, unreadable) = rebuild_index(&records);
        assert_eq!(
            entries,
            vec![
                IndexEntry {
                    id: "p1".into(),
                    name: "First".into()
                },
                IndexEntry {
                    id: "p2".into(),
                    name: "Second".into()
                }
            ]
        );
        assert_eq!(unreadable, vec!["project/p3"]);
    }

    #[test]
    fn space_runs_short_by_saves_left_or_by_share() {
        assert_eq!(bytes_text(1_234_567.0), "1.2 MB");
        assert_eq!(space_text(1e6, 1e9), "1.0 MB used of 1.0 GB (999.0 MB left)");
        assert!(space_warning(1e6, 1e9, 1_000_000).is_none());
        assert!(space_warning(9.95e8, 1e9, 1_000_000).is_some(), "five saves left");
        assert!(space_warning(9.1e8, 1e9, 1_000).is_some(), "under a tenth left");
        assert!(space_warning(0.0, 0.0, 1).is_none(), "no quota known");
    }

    #[test]
    fn browser_errors_are_typed() {
        assert_eq!(
            PersistError::from_browser("save", "QuotaExceededError", "full"),
            PersistError::QuotaExceeded
        );
        assert!(matches!(
            PersistError::from_browser("open", "SecurityError", ""),
            PersistError::Unavailable { .. }
        ));
        let other = PersistError::from_browser("save", "AbortError", "aborted");
        assert_eq!(
            other.to_string(),
            "the browser's storage failed to save (AbortError: aborted); try again, or export the project"
        );
    }

    #[test]
    fn a_change_during_a_save_is_saved_after_it_and_one_save_runs_at_a_time() {
        let mut t = SaveTracker::opened(None, 0);
        assert!(!t.pending());
        assert!(!t.changed(false), "storage not read yet: the change waits");
        assert!(t.pending());
        assert!(t.changed(true), "the first change starts a save");
        t.begin();
        assert!(!t.changed(true), "a second change during the save waits for it");
        t.written("h1", 1);
        assert!(t.again(true), "the change made during the save is saved next");
        t.begin();
        t.written("h2", 2);
        assert!(!t.again(true), "nothing changed since: done");
        assert!(!t.pending());
        assert_eq!(t.seen(), Some("h2"));
        // A failed save ends the round, whatever changed meanwhile.
        assert!(t.changed(true));
        t.begin();
        assert!(!t.changed(true));
        assert!(!t.again(false));
        assert!(t.pending(), "the change waits for the next save");
    }

    #[test]
    fn another_tabs_save_reloads_an_untouched_project_and_else_is_a_conflict() {
        let t = SaveTracker::opened(Some("h1".into()), 4);
        assert_eq!(t.other_save("h1", 4, false), OtherSave::Ignore, "its own save");
        assert_eq!(t.other_save("h9", 4, false), OtherSave::Reload, "nothing changed here");
        assert_eq!(t.other_save("h9", 5, false), OtherSave::Conflict, "changed here too");
        assert_eq!(t.other_save("h9", 4, true), OtherSave::Conflict, "a conflict is shown");
        let mut busy = t.clone();
        assert!(busy.changed(true));
        assert_eq!(busy.other_save("h9", 4, false), OtherSave::Conflict, "a save under way");
        let fresh = SaveTracker::opened(None, 0);
        assert_eq!(
            fresh.other_save("h9", 0, false),
            OtherSave::Conflict,
            "never saved here"
        );
        let mut forgotten = t;
        forgotten.forget();
        assert_eq!(forgotten.seen(), None);
        assert_eq!(forgotten.other_save("h1", 4, false), OtherSave::Conflict);
    }
}
