//! Browser persistence: projects in `localStorage`, one key per project, an index of projects,
//! the current project and the coder's name. Every function reports failure as a message; none
//! panics or drops work silently.

use crate::core::project::Project;
use serde::{Deserialize, Serialize};

const INDEX_KEY: &str = "regime-lens/projects";
const CURRENT_KEY: &str = "regime-lens/current";
const CODER_KEY: &str = "regime-lens/coder";
/// The storage key of a project.
pub fn project_key(id: &str) -> String {
    format!("regime-lens/project/{id}")
}

/// An entry of the project index.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndexEntry {
    /// Project id.
    pub id: String,
    /// Project name.
    pub name: String,
}

fn storage() -> Result<web_sys::Storage, String> {
    web_sys::window()
        .ok_or("no window")?
        .local_storage()
        .map_err(|_| "the browser refuses access to storage (private mode or disabled)".to_string())?
        .ok_or_else(|| "the browser has no local storage".to_string())
}

fn get(key: &str) -> Option<String> {
    storage().ok()?.get_item(key).ok()?
}

fn set(key: &str, value: &str) -> Result<(), String> {
    storage()?.set_item(key, value).map_err(|e| {
        let name = js_sys::Reflect::get(&e, &"name".into())
            .ok()
            .and_then(|n| n.as_string())
            .unwrap_or_default();
        if name.contains("Quota") {
            "the browser's storage is full".to_string()
        } else {
            format!(
                "the browser refused to store it ({})",
                if name.is_empty() { "unknown reason" } else { &name }
            )
        }
    })
}

/// The saved projects.
pub fn index() -> Vec<IndexEntry> {
    get(INDEX_KEY)
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default()
}

fn write_index(entries: &[IndexEntry]) -> Result<(), String> {
    set(
        INDEX_KEY,
        &serde_json::to_string(entries).unwrap_or_else(|_| "[]".into()),
    )
}

/// The revision of a project as stored now, if it is stored.
pub fn stored_revision(id: &str) -> Option<u64> {
    #[derive(Deserialize)]
    struct Head {
        revision: u64,
    }
    get(&project_key(id))
        .and_then(|t| serde_json::from_str::<Head>(&t).ok())
        .map(|h| h.revision)
}

/// Saves a project and lists it in the index.
pub fn save(project: &Project) -> Result<(), String> {
    set(&project_key(&project.id), &project.to_json())?;
    let mut entries = index();
    match entries.iter_mut().find(|e| e.id == project.id) {
        Some(e) => e.name = project.name.clone(),
        None => entries.push(IndexEntry {
            id: project.id.clone(),
            name: project.name.clone(),
        }),
    }
    write_index(&entries)?;
    set(CURRENT_KEY, &project.id)
}

/// Loads a saved project: `Ok(None)` when there is none, `Err` when it is there but unreadable.
pub fn load(id: &str) -> Result<Option<Project>, String> {
    match get(&project_key(id)) {
        None => Ok(None),
        Some(text) => Project::from_json(&format!("saved project {id}"), &text)
            .map(Some)
            .map_err(|e| e.to_string()),
    }
}

/// Deletes a saved project.
pub fn delete(id: &str) -> Result<(), String> {
    storage()?
        .remove_item(&project_key(id))
        .map_err(|_| "the browser refused to delete it".to_string())?;
    let entries: Vec<IndexEntry> = index().into_iter().filter(|e| e.id != id).collect();
    write_index(&entries)
}

/// The id of the project open last.
pub fn current() -> Option<String> {
    get(CURRENT_KEY)
}

/// Remembers the project open now.
pub fn set_current(id: &str) -> Result<(), String> {
    set(CURRENT_KEY, id)
}

/// The coder's name, as remembered.
pub fn coder() -> String {
    get(CODER_KEY).unwrap_or_default()
}

/// Remembers the coder's name.
pub fn set_coder(name: &str) -> Result<(), String> {
    set(CODER_KEY, name)
}
