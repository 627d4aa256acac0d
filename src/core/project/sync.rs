//! The project as a shared document, for a team working live on a sync server (Yjs with a
//! Hocuspocus server; the document itself lives in the browser, in `yjs`).
//!
//! This module owns the *mapping*: which value of a [`Project`] sits where in the shared
//! document, what a local change writes there ([`Mirror::local_changes`]) and what the document
//! holds as a project ([`Mirror::state`]). It holds no Yjs type: a [`Change`] names a place and a
//! value, and a small adapter on each side (the app's `yjs`, the native tests' `yrs`) carries it
//! out on the document's maps. Yjs then merges the members' changes; this module keeps a plain
//! copy of what the document holds (a mirror), so that it can tell what changed.
//!
//! The document's layout (every value is sealed by the app before it is written, see
//! [`Place::aad`]; the server sees the layout, never a value):
//! - `project`, entry `_`: `name`, `view`, `head` (the case's title, source, series, regime,
//!   events and memo), `retired`;
//! - `actions`: an entry per action under an opaque token, a field per field of the action (so
//!   that two people editing different fields of one action both keep their change), `pos`, its
//!   place in the table, and its recodes (`recode.kind`, `recode.aspect`);
//! - `actors`, `periods`, `settlements`, and the field material `sources`, `codes`, `passages`,
//!   `notes`: an entry per item under an opaque token: `value`, `pos`;
//! - `coders`: an entry per coder under an opaque token: `name`, `source`, `pos`, a field per
//!   action token (`l.` and the token: that coder's labels of it) and `other` (labels of ids the
//!   case does not hold);
//! - the list `history`: the audit trail, the applied edits, append only.
//!
//! Keys are tokens made here ([`Mirror::token`]) from the member's random client id, never an
//! action id, a title or a coder's name. Each value carries who wrote it, when, and a fingerprint
//! of the value it replaced ([`Stamped`]); a value arriving over another than the one this member
//! holds was written at the same time as it, and is reported as a [`Conflict`].
//!
//! Written here, not taken from a library: no crate maps a domain model onto CRDT maps; the
//! merging itself is Yjs's. The document is `yjs` in the page rather than `yrs` in the wasm: the
//! Hocuspocus client needs `yjs` anyway, and `yrs` would add a second engine of about 99 KB
//! gzipped to the 37 KB of `yjs` with the client (measured in docs/PERFORMANCE.md). The native
//! tests merge real Yjs updates with `yrs`.

use super::edit::{Edit, SharedState};
use super::Project;
use crate::core::coding::{AspectEntry, CodeEntry, CoderCoding, Labels, Settlement};
use crate::core::model::{Action, Actor, Case, Event, Period, Regime, Series};
use crate::core::sources::Library;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, HashMap};

/// The entry of a root that holds one item (`project`).
pub const SINGLE: &str = "_";
/// The list of applied edits.
pub const HISTORY: &str = "history";
/// The field of an action's entry that holds its kind recode.
pub const RECODE_KIND: &str = "recode.kind";
/// The prefix of a coder's entry's fields that hold the coder's labels of one action (the
/// action's token follows).
pub const LABELS: &str = "l.";
/// The field of an action's entry that holds its aspect recode.
pub const RECODE_ASPECT: &str = "recode.aspect";

/// Where a value sits: a root map of the document, an entry of it (a token), a field of that.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Place {
    /// The root map (`project`, `actions`, ...).
    pub root: String,
    /// The entry: an opaque token, or [`SINGLE`].
    pub entry: String,
    /// The field.
    pub field: String,
}

impl Place {
    /// A place.
    pub fn new(root: &str, entry: &str, field: &str) -> Self {
        Place {
            root: root.to_string(),
            entry: entry.to_string(),
            field: field.to_string(),
        }
    }

    /// The data a sealed value is bound to (AES-GCM's additional data): its place, so that the
    /// server cannot move a value to another place without the move being found. A list's
    /// values are bound to the list (`history//`): members append at once, so a value's index
    /// is not known when it is sealed.
    pub fn aad(&self) -> String {
        format!("{}/{}/{}", self.root, self.entry, self.field)
    }
}

/// A value as the document holds it once opened: the value, who wrote it and when, and the
/// fingerprint of the value it replaced (empty: it replaced none).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Stamped {
    /// The value.
    pub v: Value,
    /// The coder who wrote it.
    #[serde(default)]
    pub by: String,
    /// When (ISO 8601, UTC).
    #[serde(default)]
    pub at: String,
    /// [`fingerprint`] of the value it replaced.
    #[serde(default)]
    pub over: String,
}

/// One change to the shared document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum Change {
    /// Set a field of an entry (the entry is made when it does not exist).
    Set { place: Place, value: Stamped },
    /// Remove a field of an entry.
    Unset { place: Place },
    /// Remove an entry with all its fields.
    Drop { root: String, entry: String },
    /// Append a value to a list.
    Append { list: String, value: Stamped },
}

/// Two members changed one value at once: Yjs kept one value on every machine, and the other is
/// here for review.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Conflict {
    /// What was changed, in words ("DS3: description").
    pub what: String,
    /// Where.
    pub place: Place,
    /// The value kept, who wrote it and when.
    pub kept: Stamped,
    /// The value that lost, who wrote it and when.
    pub lost: Stamped,
}

/// What a browser keeps of a project shared with a team, so that a reload reconnects by itself:
/// the server, the room and the token. The key made from the passphrase is kept beside it by the
/// browser side (a WebCrypto key that cannot be read out); the passphrase is never kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    /// The server's address (`wss://…`, or `ws://` on one's own machine).
    pub url: String,
    /// The room: the shared project's opaque id.
    pub room: String,
    /// The token the server admits.
    pub token: String,
}

impl Link {
    /// The link as stored.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// A stored link; `None` when it does not read (the project is then not reconnected).
    pub fn from_json(text: &str) -> Option<Self> {
        serde_json::from_str(text).ok()
    }
}

impl Project {
    /// True when the project already holds `state` (compared in place, without a copy).
    pub fn shares(&self, state: &SharedState) -> bool {
        self.name == state.name
            && self.view == state.view
            && *self.case == state.case
            && self.coding == state.coding
            && self.aspects == state.aspects
            && self.retired == state.retired
            && self.coders == state.coders
            && self.settlements == state.settlements
            && self.library == state.library
    }

    /// What this project shares with a team.
    pub fn shared_state(&self) -> SharedState {
        SharedState {
            name: self.name.clone(),
            view: self.view.clone(),
            case: (*self.case).clone(),
            coding: self.coding.clone(),
            aspects: self.aspects.clone(),
            retired: self.retired.clone(),
            coders: self.coders.clone(),
            settlements: self.settlements.clone(),
            library: self.library.clone(),
        }
    }
}

/// The case's own fields besides its actors, periods and actions.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
struct Head {
    title: String,
    #[serde(default)]
    source: String,
    #[serde(default)]
    series: Vec<Series>,
    #[serde(default)]
    regime: Option<Regime>,
    #[serde(default)]
    events: Vec<Event>,
    #[serde(default)]
    memo: String,
}

/// A plain copy of what the shared document holds, and the tokens this member makes.
#[derive(Debug, Clone, Default)]
pub struct Mirror {
    client: String,
    made: u64,
    /// root → entry → field → value.
    entries: BTreeMap<String, BTreeMap<String, BTreeMap<String, Stamped>>>,
    /// list → values.
    lists: BTreeMap<String, Vec<Stamped>>,
}

/// The fingerprint of a value: FNV-1a (64 bits) over its JSON, in hex, with every number as the
/// float it stands for (a value read back through JavaScript writes `1.0` as `1`). It only tells
/// values apart inside a sealed envelope; it is not a cryptographic hash and needs not be.
pub fn fingerprint(value: &Value) -> String {
    fn feed(hash: &mut u64, bytes: &[u8]) {
        for byte in bytes {
            *hash ^= u64::from(*byte);
            *hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    fn walk(hash: &mut u64, value: &Value) {
        match value {
            Value::Number(n) => feed(hash, &n.as_f64().unwrap_or(f64::NAN).to_bits().to_le_bytes()),
            Value::Array(items) => {
                feed(hash, b"[");
                for item in items {
                    walk(hash, item);
                    feed(hash, b",");
                }
                feed(hash, b"]");
            }
            Value::Object(map) => {
                feed(hash, b"{");
                for (key, item) in map {
                    walk(hash, &Value::String(key.clone()));
                    feed(hash, b":");
                    walk(hash, item);
                    feed(hash, b",");
                }
                feed(hash, b"}");
            }
            other => feed(hash, other.to_string().as_bytes()),
        }
    }
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    walk(&mut hash, value);
    format!("{hash:016x}")
}

/// A value of the shared document in words, for the review of a conflict: a text as it is, a
/// recode as its kind or aspect (and its memo), a list item by item, a record field by field.
pub fn in_words(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => "nothing".to_string(),
        Value::Array(items) if items.is_empty() => "none".to_string(),
        Value::Array(items) => items.iter().map(in_words).collect::<Vec<_>>().join("; "),
        Value::Object(map) => {
            let recoded = map
                .get("kind")
                .or_else(|| map.get("aspect"))
                .filter(|_| map.contains_key("coder"));
            if let Some(to) = recoded {
                let memo = map.get("memo").and_then(Value::as_str).unwrap_or_default();
                let to = in_words(to).replace('_', " ");
                return if memo.is_empty() {
                    to
                } else {
                    format!("{to} (memo: {memo})")
                };
            }
            map.iter()
                .filter(|(_, v)| !matches!(v, Value::Null) && *v != &Value::String(String::new()))
                .map(|(k, v)| format!("{}: {}", k.replace('_', " "), in_words(v)))
                .collect::<Vec<_>>()
                .join(", ")
        }
        other => other.to_string(),
    }
}

/// A time of the shared document (ISO 8601, UTC) to the minute, for the review of a conflict.
pub fn to_the_minute(at: &str) -> String {
    match (at.get(..10), at.get(11..16)) {
        (Some(day), Some(time)) if at.as_bytes().get(10) == Some(&b'T') => format!("{day} {time} UTC"),
        _ => at.to_string(),
    }
}

/// True when two values are the same, every number compared as the float it stands for (`1` and
/// `1.0` are one value: JavaScript does not tell them apart).
pub fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same(x, y)),
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}

/// A value as JSON. Through the JSON text, not `serde_json`'s value serializer: the app already
/// holds the code that writes each type as text (the project file), and a second writer and
/// reader per type for values added a tenth to the app's wasm.
fn json<T: Serialize>(value: &T) -> Value {
    serde_json::to_string(value)
        .ok()
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or(Value::Null)
}

/// A value read from JSON, through its text (see [`json`]: the readers of the project file).
fn from_json<T: for<'de> Deserialize<'de>>(value: &Value) -> Option<T> {
    serde_json::from_str(&value.to_string()).ok()
}

fn parse<T: for<'de> Deserialize<'de>>(value: Option<&Stamped>) -> Option<T> {
    value.and_then(|s| from_json(&s.v))
}

/// The fields an entry should hold, built from the project.
type Fields = BTreeMap<String, Value>;

impl Mirror {
    /// An empty mirror for a member whose client id is `client` (random, made by the app; it
    /// prefixes the tokens this member makes, so that members never make the same token).
    pub fn new(client: &str) -> Self {
        Mirror {
            client: client.to_string(),
            ..Mirror::default()
        }
    }

    /// A new opaque token.
    pub fn token(&mut self) -> String {
        self.made += 1;
        format!("{}.{:x}", self.client, self.made)
    }

    /// The value at a place, if the document holds one.
    pub fn get(&self, place: &Place) -> Option<&Stamped> {
        self.entries.get(&place.root)?.get(&place.entry)?.get(&place.field)
    }

    /// The values of a list.
    pub fn list(&self, name: &str) -> &[Stamped] {
        self.lists.get(name).map_or(&[], Vec::as_slice)
    }

    /// True when the document holds nothing yet (a room nobody has shared a project into).
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty() && self.lists.is_empty()
    }

    /// The entries of a root.
    fn root(&self, root: &str) -> impl Iterator<Item = (&String, &BTreeMap<String, Stamped>)> {
        self.entries.get(root).into_iter().flatten()
    }

    /// Tokens by the value of a field of a root's entries (actions by id, coders by name).
    fn tokens_by(&self, root: &str, field: &str) -> HashMap<String, String> {
        self.root(root)
            .filter_map(|(token, fields)| {
                let key = fields.get(field)?.v.as_str()?.to_string();
                Some((key, token.clone()))
            })
            .collect()
    }

    /// The changes that bring the document to `project`, by `coder` at `at`; the mirror takes
    /// them too. `renamed`: actions whose id changed (old, new), so that they keep their entry
    /// and a change another member makes to them meanwhile is not lost.
    pub fn local_changes(
        &mut self,
        project: &Project,
        renamed: &[(String, String)],
        coder: &str,
        at: &str,
    ) -> Vec<Change> {
        let wanted = self.wanted(project, renamed);
        let mut changes = Vec::new();
        for (root, entries) in &wanted {
            let current = self.entries.get(root);
            if let Some(current) = current {
                for token in current.keys().filter(|t| !entries.contains_key(*t)) {
                    changes.push(Change::Drop {
                        root: root.clone(),
                        entry: token.clone(),
                    });
                }
            }
            for (token, fields) in entries {
                let held = current.and_then(|c| c.get(token));
                for (field, value) in fields {
                    let was = held.and_then(|h| h.get(field));
                    if was.is_some_and(|w| same(&w.v, value)) {
                        continue;
                    }
                    changes.push(Change::Set {
                        place: Place::new(root, token, field),
                        value: Stamped {
                            v: value.clone(),
                            by: coder.to_string(),
                            at: at.to_string(),
                            over: was.map(|w| fingerprint(&w.v)).unwrap_or_default(),
                        },
                    });
                }
                for field in held
                    .into_iter()
                    .flat_map(|h| h.keys())
                    .filter(|f| !fields.contains_key(*f))
                {
                    changes.push(Change::Unset {
                        place: Place::new(root, token, field),
                    });
                }
            }
        }
        for change in &changes {
            self.take(change);
        }
        changes
    }

    /// The changes that bring the document, as this browser kept it, to `project` when the
    /// project is opened again (a reload, possibly with no network): `project` is what this
    /// member last saw and did, so where the two differ the project's value is written. A value
    /// written over one another member wrote is also returned as a [`Conflict`] for review
    /// (their change reached this browser's copy of the document but not the saved project,
    /// when the page closed between the two), never overwritten in silence.
    pub fn resume(&mut self, project: &Project, coder: &str, at: &str) -> (Vec<Change>, Vec<Conflict>) {
        let before = self.clone();
        let changes = self.local_changes(project, &[], coder, at);
        let conflicts = changes
            .iter()
            .filter_map(|change| match change {
                Change::Set { place, value } => {
                    let theirs = before.get(place)?;
                    (theirs.by != coder).then(|| Conflict {
                        what: self.describe(place),
                        place: place.clone(),
                        kept: value.clone(),
                        lost: theirs.clone(),
                    })
                }
                _ => None,
            })
            .collect();
        (changes, conflicts)
    }

    /// The change that records an applied edit in the audit trail; the mirror takes it too.
    pub fn record(&mut self, edit: &Edit) -> Change {
        let change = Change::Append {
            list: HISTORY.to_string(),
            value: Stamped {
                v: json(edit),
                by: edit.coder.clone(),
                at: edit.at.clone(),
                over: String::new(),
            },
        };
        self.take(&change);
        change
    }

    /// Takes changes another member made (as the document now holds them) into the mirror, and
    /// returns the conflicts they carry: a value that arrives over another value than the one
    /// `me` wrote here was written at the same time as it, and one of the two lost.
    pub fn remote_changes(&mut self, changes: &[Change], me: &str) -> Vec<Conflict> {
        let mut conflicts = Vec::new();
        for change in changes {
            if let Change::Set { place, value } = change {
                if let Some(mine) = self.get(place) {
                    // Written over another value than the one held here (or over none): the writer had
                    // not seen this one.
                    let concurrent = value.over != fingerprint(&mine.v);
                    if concurrent && mine.by == me && !same(&mine.v, &value.v) {
                        conflicts.push(Conflict {
                            what: self.describe(place),
                            place: place.clone(),
                            kept: value.clone(),
                            lost: mine.clone(),
                        });
                    }
                }
            }
            self.take(change);
        }
        conflicts
    }

    /// A place in words: the action's id or the item's name, and the field.
    pub fn describe(&self, place: &Place) -> String {
        let of = |field: &str| {
            self.get(&Place::new(&place.root, &place.entry, field))
                .and_then(|s| s.v.as_str().map(str::to_string))
        };
        let name = |s: &Stamped| s.v.get("name").and_then(Value::as_str).map(str::to_string);
        let item = match place.root.as_str() {
            "actions" => of("id"),
            "coders" => of("name"),
            "actors" | "periods" | SOURCES | CODES | NOTES => {
                self.get(&Place::new(&place.root, &place.entry, "value")).and_then(name)
            }
            _ => None,
        };
        let field = match place.field.as_str() {
            RECODE_KIND => "recode of the symbolic kind".to_string(),
            RECODE_ASPECT => "recode of the aspect".to_string(),
            "other" => "labels of actions the case does not hold".to_string(),
            field => match field.strip_prefix(LABELS) {
                Some(token) => {
                    let action = self
                        .get(&Place::new("actions", token, "id"))
                        .and_then(|s| s.v.as_str().map(str::to_string))
                        .unwrap_or_else(|| "an action".to_string());
                    format!("labels of {action}")
                }
                None => field.replace('_', " "),
            },
        };
        match item {
            Some(item) => format!("{item}: {field}"),
            None => format!("{}: {field}", place.root),
        }
    }

    /// Carries out one change on the mirror.
    pub fn take(&mut self, change: &Change) {
        match change {
            Change::Set { place, value } => {
                self.entries
                    .entry(place.root.clone())
                    .or_default()
                    .entry(place.entry.clone())
                    .or_default()
                    .insert(place.field.clone(), value.clone());
            }
            Change::Unset { place } => {
                if let Some(entry) = self.entries.get_mut(&place.root).and_then(|r| r.get_mut(&place.entry)) {
                    entry.remove(&place.field);
                }
            }
            Change::Drop { root, entry } => {
                if let Some(r) = self.entries.get_mut(root) {
                    r.remove(entry);
                }
            }
            Change::Append { list, value } => self.lists.entry(list.clone()).or_default().push(value.clone()),
        }
    }

    /// Everything the mirror holds, as changes that build it in an empty document (what a
    /// member writes when first sharing a project, and what the tests compare).
    pub fn snapshot(&self) -> Vec<Change> {
        let mut changes = Vec::new();
        for (root, entries) in &self.entries {
            for (token, fields) in entries {
                for (field, value) in fields {
                    changes.push(Change::Set {
                        place: Place::new(root, token, field),
                        value: value.clone(),
                    });
                }
            }
        }
        for (list, values) in &self.lists {
            for value in values {
                changes.push(Change::Append {
                    list: list.clone(),
                    value: value.clone(),
                });
            }
        }
        changes
    }

    /// The edits of the audit trail, oldest first (values that do not read as an edit are left out).
    pub fn history(&self) -> Vec<Edit> {
        self.list(HISTORY).iter().filter_map(|s| from_json(&s.v)).collect()
    }

    /// What every root should hold for `project`, with tokens for its items (kept where the
    /// mirror has them, made where it does not).
    fn wanted(
        &mut self,
        project: &Project,
        renamed: &[(String, String)],
    ) -> BTreeMap<String, BTreeMap<String, Fields>> {
        let mut wanted: BTreeMap<String, BTreeMap<String, Fields>> = BTreeMap::new();
        let case = &project.case;
        let head = Head {
            title: case.title.clone(),
            source: case.source.clone(),
            series: case.series.clone(),
            regime: case.regime.clone(),
            events: case.events.clone(),
            memo: case.memo.clone(),
        };
        let single = Fields::from([
            ("name".to_string(), json(&project.name)),
            ("view".to_string(), json(&project.view)),
            ("head".to_string(), json(&head)),
            ("retired".to_string(), json(&project.retired)),
        ]);
        wanted
            .entry("project".into())
            .or_default()
            .insert(SINGLE.into(), single);

        // Actions: an entry each, a field per field.
        let mut by_id = self.tokens_by("actions", "id");
        for (old, new) in renamed {
            if let Some(token) = by_id.remove(old) {
                by_id.insert(new.clone(), token);
            }
        }
        let ids: Vec<&str> = case.actions.iter().map(|a| a.id.as_str()).collect();
        let tokens = self.tokens_for(&ids, &mut by_id);
        let positions = self.positions("actions", &tokens);
        let actions = wanted.entry("actions".into()).or_default();
        for ((action, token), pos) in case.actions.iter().zip(&tokens).zip(&positions) {
            let mut fields: Fields = match json(action) {
                Value::Object(map) => map.into_iter().collect(),
                _ => Fields::new(),
            };
            fields.insert("pos".into(), json(pos));
            // The recodes are fields of the action's entry, which its maker made: two members
            // recoding an action for the first time write into the same map, not two new ones.
            if let Some(entry) = project.coding.get(&action.id) {
                fields.insert(RECODE_KIND.into(), json(entry));
            }
            if let Some(entry) = project.aspects.get(&action.id) {
                fields.insert(RECODE_ASPECT.into(), json(entry));
            }
            actions.insert(token.clone(), fields);
        }
        let token_of: HashMap<&str, &String> = ids.iter().copied().zip(&tokens).collect();

        // Actor groups, periods and settlements: an entry each.
        let actor_ids: Vec<&str> = case.actors.iter().map(|a| a.id.as_str()).collect();
        self.items(&mut wanted, "actors", &actor_ids, &case.actors);
        let period_ids: Vec<&str> = case.periods.iter().map(|p| p.id.as_str()).collect();
        self.items(&mut wanted, "periods", &period_ids, &case.periods);
        let settled: Vec<String> = project.settlements.iter().map(settlement_key).collect();
        let settled: Vec<&str> = settled.iter().map(String::as_str).collect();
        self.items(&mut wanted, "settlements", &settled, &project.settlements);
        // The field material: an entry per source, code, passage and note (by id).
        let library = &project.library;
        self.items(
            &mut wanted,
            SOURCES,
            &library.sources.iter().map(|x| x.id.as_str()).collect::<Vec<_>>(),
            &library.sources,
        );
        self.items(
            &mut wanted,
            CODES,
            &library.codes.iter().map(|x| x.id.as_str()).collect::<Vec<_>>(),
            &library.codes,
        );
        self.items(
            &mut wanted,
            PASSAGES,
            &library.passages.iter().map(|x| x.id.as_str()).collect::<Vec<_>>(),
            &library.passages,
        );
        self.items(
            &mut wanted,
            NOTES,
            &library.notes.iter().map(|x| x.id.as_str()).collect::<Vec<_>>(),
            &library.notes,
        );

        // Coders: an entry each, a field per action.
        let mut by_name = self.tokens_by("coders", "name");
        let names: Vec<&str> = project.coders.iter().map(|c| c.coder.as_str()).collect();
        let coder_tokens = self.tokens_for(&names, &mut by_name);
        let positions = self.positions("coders", &coder_tokens);
        let coders = wanted.entry("coders".into()).or_default();
        for ((coder, token), pos) in project.coders.iter().zip(coder_tokens).zip(positions) {
            let mut fields = Fields::from([
                ("name".to_string(), json(&coder.coder)),
                ("source".to_string(), json(&coder.source)),
                ("pos".to_string(), json(&pos)),
            ]);
            let mut other = BTreeMap::new();
            for (id, labels) in &coder.labels {
                match token_of.get(id.as_str()) {
                    Some(t) => {
                        fields.insert(format!("{LABELS}{t}"), json(labels));
                    }
                    None => {
                        other.insert(id.clone(), labels.clone());
                    }
                }
            }
            if !other.is_empty() {
                fields.insert("other".into(), json(&other));
            }
            coders.insert(token, fields);
        }
        wanted
    }

    /// Tokens for items named by `keys`: the mirror's where it has the key, new ones elsewhere.
    /// A key given twice gets a token each time (the second a new one).
    fn tokens_for(&mut self, keys: &[&str], known: &mut HashMap<String, String>) -> Vec<String> {
        keys.iter()
            .map(|key| known.remove(*key).unwrap_or_else(|| self.token()))
            .collect()
    }

    /// Items kept whole under a `value` field with their place (`pos`).
    fn items<T: Serialize>(
        &mut self,
        wanted: &mut BTreeMap<String, BTreeMap<String, Fields>>,
        root: &str,
        keys: &[&str],
        items: &[T],
    ) {
        let mut known: HashMap<String, String> = self
            .root(root)
            .filter_map(|(token, fields)| Some((item_key(root, &fields.get("value")?.v)?, token.clone())))
            .collect();
        let tokens = self.tokens_for(keys, &mut known);
        let positions = self.positions(root, &tokens);
        let entries = wanted.entry(root.to_string()).or_default();
        for ((item, token), pos) in items.iter().zip(tokens).zip(positions) {
            entries.insert(
                token,
                Fields::from([("value".to_string(), json(item)), ("pos".to_string(), json(&pos))]),
            );
        }
    }

    /// Places for entries in this order: each keeps its place where it still falls in order, and
    /// takes one between its neighbours where it does not (so that a member's insert moves no
    /// other entry, and two members' inserts do not touch each other's).
    fn positions(&self, root: &str, tokens: &[String]) -> Vec<f64> {
        let held: Vec<Option<f64>> = tokens
            .iter()
            .map(|t| self.get(&Place::new(root, t, "pos")).and_then(|s| s.v.as_f64()))
            .collect();
        // Keep the longest run of held places that is already in order (greedy: good enough for
        // appends, removals and single moves, which are what edits do).
        let mut keep = vec![false; tokens.len()];
        let mut last = f64::NEG_INFINITY;
        for (i, pos) in held.iter().enumerate() {
            if let Some(p) = pos {
                if *p > last {
                    keep[i] = true;
                    last = *p;
                }
            }
        }
        let mut out = Vec::with_capacity(tokens.len());
        let mut prev = 0.0_f64;
        for i in 0..tokens.len() {
            if keep[i] {
                let p = held[i].unwrap_or(prev + 1.0);
                out.push(p);
                prev = p;
                continue;
            }
            let next = (i + 1..tokens.len()).find(|&j| keep[j]).and_then(|j| held[j]);
            let p = match next {
                Some(n) if n - prev > 1e-9 => {
                    if n - prev > 2.0 {
                        prev + 1.0
                    } else {
                        prev + (n - prev) / 2.0
                    }
                }
                _ => prev + 1.0,
            };
            out.push(p);
            prev = p;
        }
        out
    }

    /// The entries of a root in their places (ties by token, the same on every machine).
    fn ordered(&self, root: &str) -> Vec<(&String, &BTreeMap<String, Stamped>)> {
        let mut entries: Vec<_> = self.root(root).collect();
        let pos = |f: &BTreeMap<String, Stamped>| f.get("pos").and_then(|s| s.v.as_f64()).unwrap_or(0.0);
        entries.sort_by(|a, b| pos(a.1).total_cmp(&pos(b.1)).then_with(|| a.0.cmp(b.0)));
        entries
    }

    /// What the document holds as a project.
    pub fn state(&self) -> SharedState {
        let single = self.entries.get("project").and_then(|r| r.get(SINGLE));
        let field = |name: &str| single.and_then(|s| s.get(name));
        let head: Head = parse(field("head")).unwrap_or_default();
        let mut token_id: HashMap<&str, String> = HashMap::new();
        let mut ids = std::collections::HashSet::new();
        let mut coding = BTreeMap::new();
        let mut aspects = BTreeMap::new();
        let actions: Vec<Action> = self
            .ordered("actions")
            .into_iter()
            .filter_map(|(token, fields)| {
                let map: Map<String, Value> = fields
                    .iter()
                    .filter(|(f, _)| !matches!(f.as_str(), "pos" | RECODE_KIND | RECODE_ASPECT))
                    .map(|(f, s)| (f.clone(), s.v.clone()))
                    .collect();
                let action: Action = from_json(&Value::Object(map))?;
                if !ids.insert(action.id.clone()) {
                    // Two members added an action of one id at once: the first in the table stays.
                    return None;
                }
                token_id.insert(token.as_str(), action.id.clone());
                if let Some(entry) = parse::<CodeEntry>(fields.get(RECODE_KIND)) {
                    coding.insert(action.id.clone(), entry);
                }
                if let Some(entry) = parse::<AspectEntry>(fields.get(RECODE_ASPECT)) {
                    aspects.insert(action.id.clone(), entry);
                }
                Some(action)
            })
            .collect();
        let values = |root: &str| -> Vec<Value> {
            self.ordered(root)
                .into_iter()
                .filter_map(|(_, f)| f.get("value").map(|s| s.v.clone()))
                .collect()
        };
        let actors: Vec<Actor> = values("actors").into_iter().filter_map(|v| from_json(&v)).collect();
        let periods: Vec<Period> = values("periods").into_iter().filter_map(|v| from_json(&v)).collect();
        let settlements: Vec<Settlement> = values("settlements")
            .into_iter()
            .filter_map(|v| from_json(&v))
            .collect();
        let coders: Vec<(String, CoderCoding)> = self
            .ordered("coders")
            .into_iter()
            .filter_map(|(token, fields)| {
                let coder: String = parse(fields.get("name"))?;
                let source: String = parse(fields.get("source")).unwrap_or_default();
                let mut labels: BTreeMap<String, Labels> = parse(fields.get("other")).unwrap_or_default();
                for (field, value) in fields {
                    let Some(action) = field.strip_prefix(LABELS) else {
                        continue;
                    };
                    if let (Some(id), Some(l)) = (token_id.get(action), parse::<Labels>(Some(value))) {
                        labels.insert(id.clone(), l);
                    }
                }
                Some((token.clone(), CoderCoding { coder, source, labels }))
            })
            .collect();
        // Two members added a coder of one name at once: the first in order stays.
        let mut seen = std::collections::HashSet::new();
        let coders: Vec<(String, CoderCoding)> = coders
            .into_iter()
            .filter(|(_, c)| seen.insert(c.coder.clone()))
            .collect();
        SharedState {
            name: parse(field("name")).unwrap_or_default(),
            view: parse(field("view")).unwrap_or_default(),
            case: Case {
                title: head.title,
                source: head.source,
                actors,
                periods,
                actions,
                series: head.series,
                regime: head.regime,
                events: head.events,
                memo: head.memo,
            },
            coding,
            aspects,
            retired: parse(field("retired")).unwrap_or_default(),
            coders: coders.into_iter().map(|(_, c)| c).collect(),
            settlements,
            library: Library {
                sources: values(SOURCES).into_iter().filter_map(|v| from_json(&v)).collect(),
                codes: values(CODES).into_iter().filter_map(|v| from_json(&v)).collect(),
                passages: values(PASSAGES).into_iter().filter_map(|v| from_json(&v)).collect(),
                notes: values(NOTES).into_iter().filter_map(|v| from_json(&v)).collect(),
            },
        }
    }
}

/// What identifies an item kept whole, so that a changed item keeps its token: an actor's or
/// period's id, a settlement's action, field and time.
fn item_key(root: &str, value: &Value) -> Option<String> {
    match root {
        "settlements" => {
            let s: Settlement = from_json(value)?;
            Some(settlement_key(&s))
        }
        _ => value.get("id")?.as_str().map(str::to_string),
    }
}

fn settlement_key(s: &Settlement) -> String {
    format!("{}\u{1f}{}\u{1f}{}\u{1f}{}", s.action, s.label.field(), s.by, s.at)
}

/// The root of the sources (documents), an entry per source.
pub const SOURCES: &str = "sources";
/// The root of another tool's codes, an entry per code.
pub const CODES: &str = "codes";
/// The root of the coded passages, an entry per passage.
pub const PASSAGES: &str = "passages";
/// The root of the notes, an entry per note.
pub const NOTES: &str = "notes";
/// The roots of the shared document that hold entries (what an adapter reads).
pub const ROOTS: [&str; 9] = [
    "project",
    "actions",
    "actors",
    "periods",
    "settlements",
    SOURCES,
    CODES,
    PASSAGES,
    NOTES,
];
/// The root of the coders (entries too), apart so that it can be read last.
pub const CODERS: &str = "coders";

/// How every value is sealed before it is written to the shared document. The app seals with
/// WebCrypto (never a cipher of its own); this is the format both sides agree on, which the native
/// tests check with the RustCrypto implementations of the same algorithms.
///
/// - The key: PBKDF2 with SHA-256, [`ITERATIONS`] rounds, over the team's passphrase (UTF-8)
///   and the project's salt ([`SALT_BYTES`] random bytes, kept in clear at [`salt_place`]); an AES-GCM
///   key of 256 bits. The passphrase never leaves the browser.
/// - A value: the JSON of its [`Stamped`], sealed with AES-256-GCM under a fresh random IV of
///   [`IV_BYTES`] bytes, the value's place ([`Place::aad`]) as additional data; stored as the IV
///   followed by the ciphertext and its tag ([`pack`]).
/// - [`check_place`] holds [`CHECK_TEXT`] sealed: a member whose passphrase does not open it is told
///   so before anything else is read.
pub mod seal {
    use super::Place;

    /// Rounds of PBKDF2 (OWASP's figure for PBKDF2-HMAC-SHA256 in 2023).
    pub const ITERATIONS: u32 = 600_000;
    /// Bytes of the project's salt.
    pub const SALT_BYTES: usize = 16;
    /// Bytes of a value's IV (AES-GCM's recommended 96 bits).
    pub const IV_BYTES: usize = 12;
    /// Bytes of AES-GCM's tag.
    pub const TAG_BYTES: usize = 16;
    /// The root of the document's own settings (salt and check), apart from the project's.
    pub const META: &str = "meta";
    /// The text [`CHECK`] holds.
    pub const CHECK_TEXT: &str = "Regime Lens shared project";

    /// Where the salt is (in clear).
    pub fn salt_place() -> Place {
        Place::new(META, super::SINGLE, "salt")
    }

    /// Where the sealed [`CHECK_TEXT`] is.
    pub fn check_place() -> Place {
        Place::new(META, super::SINGLE, "check")
    }

    /// A sealed value as stored: the IV, then the ciphertext with its tag.
    pub fn pack(iv: &[u8], sealed: &[u8]) -> Vec<u8> {
        let mut out = Vec::with_capacity(iv.len() + sealed.len());
        out.extend_from_slice(iv);
        out.extend_from_slice(sealed);
        out
    }

    /// The IV and the ciphertext of a stored value; `None` when it is too short to be one.
    pub fn unpack(stored: &[u8]) -> Option<(&[u8], &[u8])> {
        (stored.len() >= IV_BYTES + TAG_BYTES).then(|| stored.split_at(IV_BYTES))
    }
}
