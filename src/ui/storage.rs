//! Browser persistence: projects in IndexedDB, one database (`regime-lens`) with one key-value
//! store (`kv`), keys and formats from `core::persist`.
//!
//! Written by hand over web-sys rather than through an IndexedDB crate: what it needs is small
//! (get, put, delete and all keys of one store) but must be exact, and a save is a
//! compare-and-swap: one read-write transaction reads the hash of the stored save, refuses when
//! another tab wrote it, and writes the project, its hash, the project list and the current id
//! together, so that a failure between them cannot leave a project unlisted. Every function
//! returns a typed `PersistError`; none panics or drops work silently. The coder's name and the
//! memo drafts also go to `localStorage`, which writes at once (a closing tab gives IndexedDB no
//! time).

use crate::core::persist::{
    self, aside_key, content_hash, hash_key, index_with, index_without, link_key, project_key, read_index,
    rebuild_index, save_conflict, write_index, IndexEntry, PersistError, ASIDE_PREFIX, CURRENT_KEY, DRAFTS_KEY,
    INDEX_KEY, LEGACY_CURRENT_KEY, LEGACY_INDEX_KEY, LEGACY_PROJECT_PREFIX, PROJECT_PREFIX,
};
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbObjectStore, IdbRequest, IdbTransaction, IdbTransactionMode};

const DB_NAME: &str = "regime-lens";
const STORE: &str = "kv";
const CODER_KEY: &str = "regime-lens/coder";
const LOCAL_DRAFTS_KEY: &str = "regime-lens/drafts";
/// The channel on which tabs tell each other of their saves.
pub const CHANNEL: &str = "regime-lens";

thread_local! {
    static DB: RefCell<Option<IdbDatabase>> = const { RefCell::new(None) };
    /// This tab's id, so that it does not take its own save announcements for another tab's.
    static TAB: String = format!("{:016x}", (js_sys::Math::random() * 9e15) as u64);
}

/// This tab's id.
pub fn tab_id() -> String {
    TAB.with(Clone::clone)
}

fn error_name_and_message(e: &JsValue) -> (String, String) {
    let get = |k: &str| {
        js_sys::Reflect::get(e, &JsValue::from_str(k))
            .ok()
            .and_then(|v| v.as_string())
            .unwrap_or_default()
    };
    (get("name"), get("message"))
}

fn browser_error(operation: &str, e: &JsValue) -> PersistError {
    let (name, message) = error_name_and_message(e);
    PersistError::from_browser(operation, &name, &message)
}

/// A request as a future of its result.
fn request(req: &IdbRequest) -> JsFuture {
    let promise = js_sys::Promise::new(&mut |resolve: js_sys::Function, reject: js_sys::Function| {
        let ok_req = req.clone();
        let on_ok = Closure::once_into_js(move |_: web_sys::Event| {
            let _ = resolve.call1(&JsValue::NULL, &ok_req.result().unwrap_or(JsValue::UNDEFINED));
        });
        let err_req = req.clone();
        let on_err = Closure::once_into_js(move |ev: web_sys::Event| {
            // Handled here: the error must not also abort the transaction's other work unseen.
            ev.prevent_default();
            let error = err_req
                .error()
                .ok()
                .flatten()
                .map(JsValue::from)
                .unwrap_or(JsValue::UNDEFINED);
            let _ = reject.call1(&JsValue::NULL, &error);
        });
        req.set_onsuccess(Some(on_ok.unchecked_ref()));
        req.set_onerror(Some(on_err.unchecked_ref()));
    });
    JsFuture::from(promise)
}

/// A transaction's end as a future: `Ok` when it committed.
fn finished(tx: &IdbTransaction) -> JsFuture {
    let promise = js_sys::Promise::new(&mut |resolve: js_sys::Function, reject: js_sys::Function| {
        let on_done = Closure::once_into_js(move |_: web_sys::Event| {
            let _ = resolve.call0(&JsValue::NULL);
        });
        let tx_err = tx.clone();
        let reject_abort = reject.clone();
        let on_error = Closure::once_into_js(move |_: web_sys::Event| {
            let error = tx_err.error().map(JsValue::from).unwrap_or(JsValue::UNDEFINED);
            let _ = reject.call1(&JsValue::NULL, &error);
        });
        let tx_abort = tx.clone();
        let on_abort = Closure::once_into_js(move |_: web_sys::Event| {
            let error = tx_abort.error().map(JsValue::from).unwrap_or(JsValue::UNDEFINED);
            let _ = reject_abort.call1(&JsValue::NULL, &error);
        });
        tx.set_oncomplete(Some(on_done.unchecked_ref()));
        tx.set_onerror(Some(on_error.unchecked_ref()));
        tx.set_onabort(Some(on_abort.unchecked_ref()));
    });
    JsFuture::from(promise)
}

/// Opens the database (once per page), creating its store on first use.
pub async fn open() -> Result<IdbDatabase, PersistError> {
    if let Some(db) = DB.with(|d| d.borrow().clone()) {
        return Ok(db);
    }
    let unavailable = |reason: &str| PersistError::Unavailable {
        reason: reason.to_string(),
    };
    let window = web_sys::window().ok_or_else(|| unavailable("no window"))?;
    let factory = window
        .indexed_db()
        .map_err(|e| browser_error("open the database", &e))?
        .ok_or_else(|| unavailable("this browser has no IndexedDB"))?;
    let req = factory
        .open_with_u32(DB_NAME, 1)
        .map_err(|e| browser_error("open the database", &e))?;
    let upgrade = Closure::once_into_js(move |ev: web_sys::IdbVersionChangeEvent| {
        let db = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::IdbOpenDbRequest>().ok())
            .and_then(|r| r.result().ok())
            .and_then(|r| r.dyn_into::<IdbDatabase>().ok());
        if let Some(db) = db {
            if !db.object_store_names().contains(STORE) {
                let _ = db.create_object_store(STORE);
            }
        }
    });
    req.set_onupgradeneeded(Some(upgrade.unchecked_ref()));
    let db: IdbDatabase = request(&req)
        .await
        .map_err(|e| browser_error("open the database", &e))?
        .dyn_into()
        .map_err(|_| unavailable("the database did not open"))?;
    DB.with(|d| *d.borrow_mut() = Some(db.clone()));
    Ok(db)
}

fn transaction(db: &IdbDatabase, write: bool) -> Result<(IdbTransaction, IdbObjectStore), PersistError> {
    let mode = if write {
        IdbTransactionMode::Readwrite
    } else {
        IdbTransactionMode::Readonly
    };
    let tx = db
        .transaction_with_str_and_mode(STORE, mode)
        .map_err(|e| browser_error("start a transaction", &e))?;
    let store = tx
        .object_store(STORE)
        .map_err(|e| browser_error("open the store", &e))?;
    Ok((tx, store))
}

async fn get_in(store: &IdbObjectStore, key: &str) -> Result<Option<String>, PersistError> {
    let req = store
        .get(&JsValue::from_str(key))
        .map_err(|e| browser_error("read", &e))?;
    let value = request(&req).await.map_err(|e| browser_error("read", &e))?;
    Ok(value.as_string())
}

fn put_in(store: &IdbObjectStore, key: &str, value: &str) -> Result<(), PersistError> {
    store
        .put_with_key(&JsValue::from_str(value), &JsValue::from_str(key))
        .map(|_| ())
        .map_err(|e| browser_error("write", &e))
}

fn delete_in(store: &IdbObjectStore, key: &str) -> Result<(), PersistError> {
    store
        .delete(&JsValue::from_str(key))
        .map(|_| ())
        .map_err(|e| browser_error("delete", &e))
}

async fn keys_in(store: &IdbObjectStore, prefix: &str) -> Result<Vec<String>, PersistError> {
    let req = store.get_all_keys().map_err(|e| browser_error("list", &e))?;
    let keys = request(&req).await.map_err(|e| browser_error("list", &e))?;
    Ok(js_sys::Array::from(&keys)
        .iter()
        .filter_map(|k| k.as_string())
        .filter(|k| k.starts_with(prefix))
        .collect())
}

/// Reads one value.
pub async fn get(key: &str) -> Result<Option<String>, PersistError> {
    let db = open().await?;
    let (_tx, store) = transaction(&db, false)?;
    get_in(&store, key).await
}

/// The project list in a write transaction, rebuilt from the stored projects when it does not
/// read; the second value says whether it was rebuilt.
async fn index_in(store: &IdbObjectStore) -> Result<(Vec<IndexEntry>, bool), PersistError> {
    let text = get_in(store, INDEX_KEY).await?;
    match read_index(text.as_deref()) {
        Ok(entries) => Ok((entries, false)),
        Err(_) => {
            let mut records = Vec::new();
            for key in keys_in(store, PROJECT_PREFIX).await? {
                if let Some(text) = get_in(store, &key).await? {
                    records.push((key, text));
                }
            }
            let (entries, _unreadable) = rebuild_index(&records);
            put_in(store, INDEX_KEY, &write_index(&entries))?;
            Ok((entries, true))
        }
    }
}

/// The project list; rebuilt (and written back) from the stored projects when it does not read.
pub async fn index() -> Result<(Vec<IndexEntry>, bool), PersistError> {
    let db = open().await?;
    let (tx, store) = transaction(&db, true)?;
    let result = index_in(&store).await?;
    finished(&tx)
        .await
        .map_err(|e| browser_error("rebuild the project list", &e))?;
    Ok(result)
}

/// Saves a project in one transaction: refuses (`Conflict`) when the stored save is not `seen`
/// (unless `force`), else writes the project, its hash, the list and the current id. Returns
/// the hash of this save.
pub async fn save(id: &str, name: &str, json: &str, seen: Option<&str>, force: bool) -> Result<String, PersistError> {
    let db = open().await?;
    let (tx, store) = transaction(&db, true)?;
    let stored = get_in(&store, &hash_key(id)).await?;
    if !force && save_conflict(stored.as_deref(), seen) {
        let _ = tx.abort();
        return Err(PersistError::Conflict { id: id.to_string() });
    }
    let hash = content_hash(json);
    let (entries, _) = index_in(&store).await?;
    put_in(&store, &project_key(id), json)?;
    put_in(&store, &hash_key(id), &hash)?;
    put_in(&store, INDEX_KEY, &write_index(&index_with(entries, id, name)))?;
    put_in(&store, CURRENT_KEY, id)?;
    finished(&tx).await.map_err(|e| browser_error("save", &e))?;
    Ok(hash)
}

/// A stored project's text and the hash of its save: `Ok(None)` when there is none.
pub async fn load(id: &str) -> Result<Option<(String, Option<String>)>, PersistError> {
    let db = open().await?;
    let (_tx, store) = transaction(&db, false)?;
    let Some(text) = get_in(&store, &project_key(id)).await? else {
        return Ok(None);
    };
    let hash = get_in(&store, &hash_key(id)).await?;
    Ok(Some((text, hash)))
}

/// Deletes a project and its list entry, in one transaction.
pub async fn delete(id: &str) -> Result<(), PersistError> {
    let db = open().await?;
    let (tx, store) = transaction(&db, true)?;
    let (entries, _) = index_in(&store).await?;
    delete_in(&store, &project_key(id))?;
    delete_in(&store, &hash_key(id))?;
    delete_in(&store, &link_key(id))?;
    put_in(&store, INDEX_KEY, &write_index(&index_without(entries, id)))?;
    finished(&tx).await.map(|_| ()).map_err(|e| browser_error("delete", &e))
}

/// The link of a project shared with a team ([`crate::core::project::sync::Link`], as JSON), if
/// it is shared.
pub async fn link(id: &str) -> Option<String> {
    get(&link_key(id)).await.ok().flatten()
}

/// Remembers (`Some`) or forgets (`None`) the link of a project shared with a team.
pub async fn set_link(id: &str, link: Option<&str>) -> Result<(), PersistError> {
    let db = open().await?;
    let (tx, store) = transaction(&db, true)?;
    match link {
        Some(text) => put_in(&store, &link_key(id), text)?,
        None => delete_in(&store, &link_key(id))?,
    }
    finished(&tx)
        .await
        .map(|_| ())
        .map_err(|e| browser_error("remember the team's server", &e))
}

/// Moves an unreadable project aside (never to be overwritten) and off the list; returns the key
/// it is kept under.
pub async fn set_aside(id: &str, text: &str, at: &str) -> Result<String, PersistError> {
    let db = open().await?;
    let (tx, store) = transaction(&db, true)?;
    let (entries, _) = index_in(&store).await?;
    let key = aside_key(id, at);
    put_in(&store, &key, text)?;
    delete_in(&store, &project_key(id))?;
    delete_in(&store, &hash_key(id))?;
    put_in(&store, INDEX_KEY, &write_index(&index_without(entries, id)))?;
    finished(&tx)
        .await
        .map_err(|e| browser_error("keep the record aside", &e))?;
    Ok(key)
}

/// The records kept aside: `(key, text)`.
pub async fn aside() -> Result<Vec<(String, String)>, PersistError> {
    let db = open().await?;
    let (_tx, store) = transaction(&db, false)?;
    let mut out = Vec::new();
    for key in keys_in(&store, ASIDE_PREFIX).await? {
        if let Some(text) = get_in(&store, &key).await? {
            out.push((key, text));
        }
    }
    Ok(out)
}

/// Deletes a record kept aside (after the researcher exported it).
pub async fn forget_aside(key: &str) -> Result<(), PersistError> {
    let db = open().await?;
    let (tx, store) = transaction(&db, true)?;
    delete_in(&store, key)?;
    finished(&tx).await.map(|_| ()).map_err(|e| browser_error("delete", &e))
}

/// Deletes everything stored (the browser tests start from nothing with it).
pub async fn clear_all() -> Result<(), PersistError> {
    let db = open().await?;
    let (tx, store) = transaction(&db, true)?;
    store.clear().map_err(|e| browser_error("clear", &e))?;
    finished(&tx).await.map(|_| ()).map_err(|e| browser_error("clear", &e))
}

/// The id of the project open last.
pub async fn current() -> Option<String> {
    get(CURRENT_KEY).await.ok().flatten()
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// Moves the projects an earlier version kept in `localStorage` into IndexedDB, in one
/// transaction; the old copies are removed only after each was read back equal. Returns how
/// many moved.
pub async fn migrate_legacy() -> Result<usize, PersistError> {
    let Some(local) = local_storage() else {
        return Ok(0);
    };
    let mut projects = Vec::new();
    for i in 0..local.length().unwrap_or(0) {
        let Some(key) = local.key(i).ok().flatten() else {
            continue;
        };
        if let Some(id) = key.strip_prefix(LEGACY_PROJECT_PREFIX) {
            if let Some(text) = local.get_item(&key).ok().flatten() {
                projects.push((key.clone(), id.to_string(), text));
            }
        }
    }
    if projects.is_empty() {
        return Ok(0);
    }
    let legacy_index = local.get_item(LEGACY_INDEX_KEY).ok().flatten();
    let legacy_current = local.get_item(LEGACY_CURRENT_KEY).ok().flatten();
    let db = open().await?;
    let (tx, store) = transaction(&db, true)?;
    let (mut entries, _) = index_in(&store).await?;
    let legacy_entries = read_index(legacy_index.as_deref()).unwrap_or_default();
    for (_, id, text) in &projects {
        let name = legacy_entries
            .iter()
            .find(|e| e.id == *id)
            .map(|e| e.name.clone())
            .or_else(|| persist::project_header(text).map(|h| h.name))
            .unwrap_or_else(|| id.clone());
        if get_in(&store, &project_key(id)).await?.is_none() {
            put_in(&store, &project_key(id), text)?;
            put_in(&store, &hash_key(id), &content_hash(text))?;
        }
        entries = index_with(entries, id, &name);
    }
    put_in(&store, INDEX_KEY, &write_index(&entries))?;
    if let Some(current) = &legacy_current {
        if get_in(&store, CURRENT_KEY).await?.is_none() {
            put_in(&store, CURRENT_KEY, current)?;
        }
    }
    finished(&tx)
        .await
        .map_err(|e| browser_error("move the projects into IndexedDB", &e))?;
    // Read back; only what reads back the same is removed from localStorage.
    let mut moved = 0;
    for (key, id, text) in &projects {
        if load(id).await?.is_some_and(|(stored, _)| stored == *text) {
            let _ = local.remove_item(key);
            moved += 1;
        }
    }
    if moved == projects.len() {
        let _ = local.remove_item(LEGACY_INDEX_KEY);
        let _ = local.remove_item(LEGACY_CURRENT_KEY);
    }
    Ok(moved)
}

/// The space used and the quota, in bytes, if the browser tells.
pub async fn estimate() -> Option<(f64, f64)> {
    let storage = web_sys::window()?.navigator().storage();
    let promise = storage.estimate().ok()?;
    let value = JsFuture::from(promise).await.ok()?;
    let field = |k: &str| {
        js_sys::Reflect::get(&value, &JsValue::from_str(k))
            .ok()
            .and_then(|v| v.as_f64())
    };
    Some((field("usage")?, field("quota")?))
}

/// Asks the browser to keep this origin's storage when space runs short; its answer.
pub async fn persist_storage() -> Option<bool> {
    let storage = web_sys::window()?.navigator().storage();
    let promise = storage.persist().ok()?;
    JsFuture::from(promise).await.ok()?.as_bool()
}

/// Writes the memo drafts at once (`localStorage`), and to IndexedDB as well where it has time.
pub fn save_drafts(json: &str) {
    let written = local_storage().is_some_and(|s| s.set_item(LOCAL_DRAFTS_KEY, json).is_ok());
    let json = json.to_string();
    if !written {
        // localStorage is full: IndexedDB keeps them, if the page lives long enough.
        wasm_bindgen_futures::spawn_local(async move {
            if let Ok(db) = open().await {
                if let Ok((_tx, store)) = transaction(&db, true) {
                    let _ = put_in(&store, DRAFTS_KEY, &json);
                }
            }
        });
    }
}

/// The memo drafts kept by [`save_drafts`], as JSON.
pub async fn load_drafts() -> Option<String> {
    let local = local_storage().and_then(|s| s.get_item(LOCAL_DRAFTS_KEY).ok().flatten());
    match local {
        Some(text) => Some(text),
        None => get(DRAFTS_KEY).await.ok().flatten(),
    }
}

/// The coder's name, as remembered.
pub fn coder() -> String {
    local_storage()
        .and_then(|s| s.get_item(CODER_KEY).ok().flatten())
        .unwrap_or_default()
}

/// The tour step a student left at, if any (`regime-lens/tour-step`).
pub fn tour_step() -> Option<usize> {
    local_storage()
        .and_then(|s| s.get_item("regime-lens/tour-step").ok().flatten())
        .and_then(|v| v.parse().ok())
}

/// Remembers the tour step a student is at (`None`: the tour was finished).
pub fn set_tour_step(step: Option<usize>) {
    if let Some(s) = local_storage() {
        let _ = match step {
            Some(k) => s.set_item("regime-lens/tour-step", &k.to_string()),
            None => s.remove_item("regime-lens/tour-step"),
        };
    }
}

/// Remembers the coder's name.
pub fn set_coder(name: &str) -> Result<(), PersistError> {
    local_storage()
        .ok_or(PersistError::Unavailable {
            reason: "no local storage".into(),
        })?
        .set_item(CODER_KEY, name)
        .map_err(|e| browser_error("remember your name", &e))
}

/// Tells the other tabs of a save.
pub fn announce(id: &str, hash: &str) {
    if let Ok(channel) = web_sys::BroadcastChannel::new(CHANNEL) {
        let message = serde_json::json!({"tab": tab_id(), "id": id, "hash": hash}).to_string();
        let _ = channel.post_message(&JsValue::from_str(&message));
        channel.close();
    }
}
