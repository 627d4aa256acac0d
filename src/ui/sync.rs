//! The team's shared project in the app: joining a room on the team's sync server, carrying the
//! open project's changes to the shared document and the other members' changes back.
//!
//! What goes where is the core's ([`crate::core::project::sync`]): this service keeps the
//! [`Mirror`], hands its `Change`s as JSON to the browser side (`src/ui/sync-client.js`, bundled
//! into `sync.min.js` and loaded only when the researcher joins), which seals them with WebCrypto
//! and writes them to the Yjs document, and takes the other members' changes back through
//! `Project::apply_remote`. Nothing connects anywhere until the researcher clicks "Share or join".

use crate::core::project::edit::{Edit, Op};
use crate::core::project::sync::{Change, Conflict, Mirror};
use crate::core::project::Project;
use crate::ui::state::{new_id, now_iso, use_app_state, AppState, Level};
use leptos::prelude::*;
use serde::Deserialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// A member online in the room.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Peer {
    /// The coder's name.
    pub name: String,
    /// The action they are looking at.
    #[serde(default)]
    pub action: Option<String>,
    /// This browser.
    #[serde(default)]
    pub me: bool,
}

/// One connection to a room: the browser side's handle, the mirror, and what is recorded.
struct Session {
    client: JsValue,
    mirror: Mirror,
    me: String,
    ready: bool,
    /// Undo steps already recorded in the shared history.
    recorded: usize,
    _callbacks: Vec<Closure<dyn FnMut(JsValue, JsValue)>>,
}

/// The sync service. Cheap to copy: every field is a handle.
#[derive(Clone, Copy)]
pub struct Sync {
    /// "" (not shared), "Connecting…", "Connected", "Offline", "Refused: …" or "Cannot decrypt: …".
    pub status: RwSignal<String>,
    /// The room: typed to join one, made when a project is first shared.
    pub room: RwSignal<String>,
    /// The members online.
    pub peers: RwSignal<Vec<Peer>>,
    /// Values two members changed at once, for review.
    pub conflicts: RwSignal<Vec<Conflict>>,
    session: StoredValue<Option<Session>, LocalStorage>,
    state: AppState,
}

/// A random token for this browser's mirror (prefixes the entries it makes).
fn client_id() -> String {
    let part = || (js_sys::Math::random() * 4_294_967_296.0) as u32;
    format!("{:08x}{:08x}", part(), part())
}

/// A new room id: opaque, 24 letters and digits.
fn room_id() -> String {
    const ALPHABET: &[u8] = b"abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut bytes = [0u8; 24];
    if let Some(crypto) = web_sys::window().and_then(|w| w.crypto().ok()) {
        let _ = crypto.get_random_values_with_u8_array(&mut bytes);
    }
    bytes
        .iter()
        .map(|b| ALPHABET[*b as usize % ALPHABET.len()] as char)
        .collect()
}

/// Loads sync.min.js once; resolves when `RegimeSync` is there.
async fn load_client() -> Result<js_sys::Function, String> {
    let global = js_sys::global();
    let find = || {
        js_sys::Reflect::get(&global, &"RegimeSync".into())
            .ok()
            .filter(|v| !v.is_undefined())
            .and_then(|s| js_sys::Reflect::get(&s, &"join".into()).ok())
            .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
    };
    if let Some(join) = find() {
        return Ok(join);
    }
    let document = web_sys::window().and_then(|w| w.document()).ok_or("no document")?;
    let script = document.create_element("script").map_err(|_| "no script element")?;
    script.set_attribute("src", "sync.min.js").map_err(|_| "no src")?;
    let loaded = js_sys::Promise::new(&mut |resolve, reject| {
        let _ = script.add_event_listener_with_callback("load", &resolve);
        let _ = script.add_event_listener_with_callback("error", &reject);
    });
    document
        .head()
        .ok_or("no head")?
        .append_child(&script)
        .map_err(|_| "not appended")?;
    wasm_bindgen_futures::JsFuture::from(loaded)
        .await
        .map_err(|_| "the app's sync client (sync.min.js) did not load; reload the page".to_string())?;
    find().ok_or_else(|| "the app's sync client did not start; reload the page".to_string())
}

impl Sync {
    /// True while the project is shared (connected or not).
    pub fn joined(&self) -> bool {
        self.session.with_value(Option::is_some)
    }

    /// Joins `room` (a new one when empty: the open project is shared into it).
    pub fn join(&self, url: String, token: String, passphrase: String) {
        if self.joined() {
            self.leave();
        }
        let url = url.trim().to_string();
        if !(url.starts_with("ws://") || url.starts_with("wss://")) {
            self.status
                .set("Refused: the server address starts with wss:// (or ws:// on this machine).".into());
            return;
        }
        if token.trim().is_empty() || passphrase.is_empty() {
            self.status
                .set("Refused: enter the team's token and passphrase.".into());
            return;
        }
        let mut room = self.room.get_untracked().trim().to_string();
        if room.is_empty() {
            room = room_id();
            self.room.set(room.clone());
        }
        self.status.set("Connecting…".into());
        let this = *self;
        leptos::task::spawn_local(async move {
            match load_client().await {
                Ok(join) => this.start(&join, &url, &room, &token, &passphrase),
                Err(e) => this.status.set(format!("Refused: {e}")),
            }
        });
    }

    fn start(&self, join: &js_sys::Function, url: &str, room: &str, token: &str, passphrase: &str) {
        let this = *self;
        let me = {
            let coder = self.state.coder.get_untracked();
            if coder.trim().is_empty() {
                "a member".to_string()
            } else {
                coder
            }
        };
        let on_status = Closure::<dyn FnMut(JsValue, JsValue)>::new(move |status: JsValue, detail: JsValue| {
            let detail = detail.as_string().unwrap_or_default();
            let text = match status.as_string().unwrap_or_default().as_str() {
                "connected" => "Connected".to_string(),
                "offline" => "Offline".to_string(),
                "refused" => format!("Refused: {detail}"),
                "cannot-decrypt" => format!("Cannot decrypt: {detail}"),
                _ => "Connecting…".to_string(),
            };
            this.status.set(text);
        });
        let on_ready = Closure::<dyn FnMut(JsValue, JsValue)>::new(move |fresh: JsValue, changes: JsValue| {
            this.ready(
                fresh.as_bool().unwrap_or(false),
                &changes.as_string().unwrap_or_default(),
            );
        });
        let on_changes = Closure::<dyn FnMut(JsValue, JsValue)>::new(move |changes: JsValue, _: JsValue| {
            this.remote(&changes.as_string().unwrap_or_default());
        });
        let on_peers = Closure::<dyn FnMut(JsValue, JsValue)>::new(move |peers: JsValue, _: JsValue| {
            let peers: Vec<Peer> = serde_json::from_str(&peers.as_string().unwrap_or_default()).unwrap_or_default();
            this.peers.set(peers);
        });
        let options = js_sys::Object::new();
        let set = |k: &str, v: &JsValue| {
            let _ = js_sys::Reflect::set(&options, &k.into(), v);
        };
        set("url", &url.into());
        set("room", &room.into());
        set("token", &token.into());
        set("passphrase", &passphrase.into());
        set("me", &me.as_str().into());
        set("onStatus", on_status.as_ref());
        set("onReady", on_ready.as_ref());
        set("onChanges", on_changes.as_ref());
        set("onPeers", on_peers.as_ref());
        let client = match join.call1(&JsValue::NULL, &options) {
            Ok(client) => client,
            Err(_) => {
                self.status.set("Refused: the sync client could not start.".into());
                return;
            }
        };
        self.session.set_value(Some(Session {
            client,
            mirror: Mirror::new(&client_id()),
            me,
            ready: false,
            recorded: 0,
            _callbacks: vec![on_status, on_ready, on_changes, on_peers],
        }));
    }

    /// The document is open: a new room takes the open project; a room with a project opens it.
    fn ready(&self, fresh: bool, changes: &str) {
        if fresh {
            self.session.update_value(|s| {
                if let Some(s) = s {
                    s.ready = true;
                    s.recorded = self.state.project.with_untracked(|p| p.undo.len());
                }
            });
            self.push_local();
            self.state.notify(
                Level::Info,
                "Shared. Give the room id, the token and the passphrase to your team.",
            );
            return;
        }
        let changes: Vec<Change> = match serde_json::from_str(changes) {
            Ok(c) => c,
            Err(e) => {
                self.status
                    .set(format!("Cannot decrypt: the shared project does not read ({e})."));
                return;
            }
        };
        let state = self.session.try_update_value(|s| {
            let s = s.as_mut()?;
            s.mirror.remote_changes(&changes, &s.me);
            s.ready = true;
            Some(s.mirror.state())
        });
        let Some(Some(shared)) = state else { return };
        let mut project = Project::new(new_id(), shared.name.clone(), Default::default());
        let edit = Edit::new(
            Op::Synced {
                state: Box::new(shared),
                from: Vec::new(),
            },
            "",
            now_iso(),
        );
        match project.apply_remote(edit) {
            Ok(()) => self.state.open_project(project, None),
            Err(e) => self
                .state
                .notify(Level::Error, format!("The team's project did not open: {e}")),
        }
    }

    /// The other members' changes.
    fn remote(&self, changes: &str) {
        let Ok(changes) = serde_json::from_str::<Vec<Change>>(changes) else {
            return;
        };
        let from: Vec<String> = {
            let mut names: Vec<String> = changes
                .iter()
                .filter_map(|c| match c {
                    Change::Set { value, .. } | Change::Append { value, .. } => Some(value.by.clone()),
                    _ => None,
                })
                .filter(|n| !n.is_empty())
                .collect();
            names.sort();
            names.dedup();
            names
        };
        let taken = self.session.try_update_value(|s| {
            let s = s.as_mut()?;
            let conflicts = s.mirror.remote_changes(&changes, &s.me);
            Some((conflicts, s.mirror.state()))
        });
        let Some(Some((conflicts, shared))) = taken else { return };
        if !conflicts.is_empty() {
            self.conflicts.update(|c| c.extend(conflicts));
        }
        if self.state.project.with_untracked(|p| p.shares(&shared)) {
            return;
        }
        let edit = Edit::new(
            Op::Synced {
                state: Box::new(shared),
                from,
            },
            "",
            now_iso(),
        );
        let mut result = Ok(());
        self.state.project.update(|p| result = p.apply_remote(edit));
        if let Err(e) = result {
            self.state
                .notify(Level::Error, format!("A change of the team was not taken: {e}"));
        } else {
            self.state.saving.persist();
        }
    }

    /// Writes what changed in the open project since the last write.
    fn push_local(&self) {
        let coder = self.state.coder.get_untracked();
        let json = self.session.try_update_value(|s| {
            let s = s.as_mut().filter(|s| s.ready)?;
            self.state.project.with_untracked(|p| {
                let new_steps = p.undo.get(s.recorded..).unwrap_or_default();
                let renamed: Vec<(String, String)> = new_steps
                    .iter()
                    .filter_map(|step| match &step.edit.op {
                        Op::UpdateAction { id, action, .. } if *id != action.id => {
                            Some((id.clone(), action.id.clone()))
                        }
                        _ => None,
                    })
                    .collect();
                let mut changes = s.mirror.local_changes(p, &renamed, &coder, &now_iso());
                for step in new_steps {
                    changes.push(s.mirror.record(&step.edit));
                }
                s.recorded = p.undo.len();
                (!changes.is_empty()).then(|| serde_json::to_string(&changes).unwrap_or_default())
            })
        });
        let Some(Some(json)) = json else { return };
        self.call("write", &json.into());
    }

    fn call(&self, method: &str, arg: &JsValue) {
        self.session.with_value(|s| {
            if let Some(s) = s {
                if let Ok(f) =
                    js_sys::Reflect::get(&s.client, &method.into()).and_then(|f| f.dyn_into::<js_sys::Function>())
                {
                    let _ = f.call1(&s.client, arg);
                }
            }
        });
    }

    /// Tells the others which action this member looks at.
    pub fn look(&self, action: Option<String>) {
        self.call("look", &action.map_or(JsValue::NULL, JsValue::from));
    }

    /// Stops sharing: the project stays in the browser.
    pub fn leave(&self) {
        self.call("leave", &JsValue::NULL);
        self.session.set_value(None);
        self.status.set(String::new());
        self.peers.set(Vec::new());
    }
}

/// Provides the sync service: every change of the open project goes to the room once joined.
pub fn provide_sync() -> Sync {
    let state = use_app_state();
    let sync = Sync {
        status: RwSignal::new(String::new()),
        room: RwSignal::new(String::new()),
        peers: RwSignal::new(Vec::new()),
        conflicts: RwSignal::new(Vec::new()),
        session: StoredValue::new_local(None),
        state,
    };
    Effect::new(move |_| {
        state.project.with(|p| p.revision);
        sync.push_local();
    });
    Effect::new(move |_| {
        let selected = state.selected.get();
        sync.look(selected);
    });
    provide_context(sync);
    sync
}

/// The sync service.
pub fn use_sync() -> Sync {
    expect_context::<Sync>()
}
