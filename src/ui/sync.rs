//! The team's shared project in the app: joining a room on the team's sync server, carrying the
//! open project's changes to the shared document and the other members' changes back.
//!
//! What goes where is the core's ([`crate::core::project::sync`]): this service keeps the
//! [`Mirror`], hands its `Change`s as JSON to the browser side (`src/ui/sync-client.js`, bundled
//! into `sync.min.js` and loaded only when the researcher joins), which seals them with WebCrypto
//! and writes them to the Yjs document, and takes the other members' changes back through
//! `Project::apply_remote`. Nothing connects anywhere until the researcher clicks "Share or join".

use crate::core::project::edit::{Edit, Op};
use crate::core::project::sync::{Change, Conflict, Link, Mirror};
use crate::core::project::Project;
use crate::ui::state::{new_id, now_iso, use_app_state, AppState, Level};
use crate::ui::storage;
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
    /// The project (its id) shared in the room.
    project: String,
    link: Link,
    /// The project was shared in this room before (a reload, or opened again): its own changes
    /// are written over this browser's copy of the document, not the other way round.
    resume: bool,
    ready: bool,
    /// Undo steps already recorded in the shared history.
    recorded: usize,
    _callbacks: Vec<Closure<dyn FnMut(JsValue, JsValue)>>,
}

/// The sync service. Cheap to copy: every field is a handle.
#[derive(Clone, Copy)]
pub struct Sync {
    /// The server's address, as typed or remembered.
    pub server: RwSignal<String>,
    /// "" (not shared), "Connecting…", "Connected", "Offline", "Refused: …" or "Cannot decrypt: …".
    pub status: RwSignal<String>,
    /// The room: typed to join one, made when a project is first shared.
    pub room: RwSignal<String>,
    /// The members online.
    pub peers: RwSignal<Vec<Peer>>,
    /// Values two members changed at once, for review.
    pub conflicts: RwSignal<Vec<Conflict>>,
    session: StoredValue<Option<Session>, LocalStorage>,
    /// The open project's link to its room, when it is shared (read from storage when a project
    /// opens).
    linked: StoredValue<Option<(String, Link)>>,
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
            self.pause();
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
        self.connect(
            Link {
                url,
                room,
                token: token.trim().to_string(),
            },
            Some(passphrase),
        );
    }

    /// Reconnects the open project to the room it is shared in, with the key this browser kept.
    fn resume(&self, link: Link) {
        self.server.set(link.url.clone());
        self.room.set(link.room.clone());
        self.connect(link, None);
    }

    fn connect(&self, link: Link, passphrase: Option<String>) {
        self.status.set("Connecting…".into());
        let this = *self;
        leptos::task::spawn_local(async move {
            match load_client().await {
                Ok(join) => this.start(&join, link, passphrase),
                Err(e) => this.status.set(format!("Refused: {e}")),
            }
        });
    }

    fn start(&self, join: &js_sys::Function, link: Link, passphrase: Option<String>) {
        let this = *self;
        let project = self.state.project.with_untracked(|p| p.id.clone());
        let resume = self.linked.with_value(|l| {
            l.as_ref()
                .is_some_and(|(id, known)| *id == project && known.room == link.room)
        });
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
        set("url", &link.url.as_str().into());
        set("room", &link.room.as_str().into());
        set("token", &link.token.as_str().into());
        set("passphrase", &passphrase.unwrap_or_default().into());
        set("resume", &resume.into());
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
            project,
            link,
            resume,
            ready: false,
            recorded: 0,
            _callbacks: vec![on_status, on_ready, on_changes, on_peers],
        }));
    }

    /// The document is open: a new room takes the open project; a room the project was shared
    /// in takes what the project did meanwhile; another room's project opens.
    fn ready(&self, fresh: bool, changes: &str) {
        if fresh {
            self.session.update_value(|s| {
                if let Some(s) = s {
                    s.ready = true;
                    s.recorded = self.state.project.with_untracked(|p| p.undo.len());
                }
            });
            self.push_local();
            self.remember();
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
        if self.session.with_value(|s| s.as_ref().is_some_and(|s| s.resume)) {
            self.resumed(&changes);
            return;
        }
        let id = new_id();
        let state = self.session.try_update_value(|s| {
            let s = s.as_mut()?;
            s.mirror.remote_changes(&changes, &s.me);
            s.ready = true;
            s.project = id.clone();
            Some(s.mirror.state())
        });
        let Some(Some(shared)) = state else { return };
        let mut project = Project::new(id, shared.name.clone(), Default::default());
        let edit = Edit::new(
            Op::Synced {
                state: Box::new(shared),
                from: Vec::new(),
            },
            "",
            now_iso(),
        );
        match project.apply_remote(edit) {
            Ok(()) => {
                self.state.open_project(project, None);
                self.remember();
            }
            Err(e) => self
                .state
                .notify(Level::Error, format!("The team's project did not open: {e}")),
        }
    }

    /// The project was shared in this room before: the document as this browser kept it goes to
    /// the mirror, and what the project holds that the document lacks is written (offline work,
    /// or a change the page closed on); a value of another member's that it overwrites is listed
    /// for review. What the server holds and this browser lacks comes next, as the others' changes.
    fn resumed(&self, changes: &[Change]) {
        let at = now_iso();
        let taken = self.session.try_update_value(|s| {
            let s = s.as_mut()?;
            s.mirror.remote_changes(changes, &s.me);
            s.ready = true;
            Some(self.state.project.with_untracked(|p| {
                s.recorded = p.undo.len();
                let (changes, conflicts) = s.mirror.resume(p, &s.me, &at);
                let json = (!changes.is_empty()).then(|| serde_json::to_string(&changes).unwrap_or_default());
                (json, conflicts)
            }))
        });
        let Some(Some((json, conflicts))) = taken else { return };
        if !conflicts.is_empty() {
            self.conflicts.update(|c| c.extend(conflicts));
        }
        if let Some(json) = json {
            self.call("write", &json.into());
        }
        self.remember();
    }

    /// Keeps the open project's link to its room, so that the next opening reconnects.
    fn remember(&self) {
        let Some((id, link)) = self
            .session
            .with_value(|s| s.as_ref().map(|s| (s.project.clone(), s.link.clone())))
        else {
            return;
        };
        self.linked.set_value(Some((id.clone(), link.clone())));
        leptos::task::spawn_local(async move {
            if let Err(e) = storage::set_link(&id, Some(&link.to_json())).await {
                leptos::logging::warn!("the link to the team's server was not kept: {e}");
            }
        });
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
        let json = self.session.try_update_value(|s| {
            let s = s.as_mut().filter(|s| s.ready)?;
            let coder = s.me.clone();
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

    /// Disconnects while another project is open: the link, the key and this browser's copy of
    /// the document stay, for the project's next opening.
    fn pause(&self) {
        self.call("leave", &JsValue::FALSE);
        self.session.set_value(None);
        self.status.set(String::new());
        self.peers.set(Vec::new());
        self.conflicts.set(Vec::new());
    }

    /// Stops sharing: the project stays in the browser; the link, the key and this browser's copy
    /// of the document go (joining again opens the team's project beside this one).
    pub fn leave(&self) {
        self.call("leave", &JsValue::TRUE);
        self.session.set_value(None);
        self.status.set(String::new());
        self.peers.set(Vec::new());
        let id = self.state.project.with_untracked(|p| p.id.clone());
        self.linked.set_value(None);
        leptos::task::spawn_local(async move {
            let _ = storage::set_link(&id, None).await;
        });
    }

    /// A project was opened: the room of the one before is left (kept for its next opening), and
    /// this one reconnects to its room if it is shared.
    fn opened(&self, id: String) {
        let current = self.session.with_value(|s| s.as_ref().map(|s| s.project.clone()));
        if current.as_deref() == Some(id.as_str()) {
            return;
        }
        if current.is_some() {
            // The room shown was the other project's: joining from here is not joining it.
            self.pause();
            self.room.set(String::new());
        }
        self.linked.set_value(None);
        let this = *self;
        leptos::task::spawn_local(async move {
            let Some(link) = storage::link(&id).await.as_deref().and_then(Link::from_json) else {
                return;
            };
            let still = this.state.project.with_untracked(|p| p.id == id);
            if still && !this.joined() {
                this.linked.set_value(Some((id, link.clone())));
                this.resume(link);
            }
        });
    }
}

/// Provides the sync service: every change of the open project goes to the room once joined.
pub fn provide_sync() -> Sync {
    let state = use_app_state();
    let sync = Sync {
        server: RwSignal::new(String::new()),
        status: RwSignal::new(String::new()),
        room: RwSignal::new(String::new()),
        peers: RwSignal::new(Vec::new()),
        conflicts: RwSignal::new(Vec::new()),
        session: StoredValue::new_local(None),
        linked: StoredValue::new(None),
        state,
    };
    // A project opened (at start, switched to, loaded): its room, if it is shared.
    Effect::new(move |before: Option<String>| {
        let id = state.project.with(|p| p.id.clone());
        if before.as_deref() != Some(id.as_str()) {
            sync.opened(id.clone());
        }
        id
    });
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
