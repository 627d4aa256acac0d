// The browser side of a team's shared project: the Yjs document (yjs), its connection to the
// team's Hocuspocus server (@hocuspocus/provider), its copy in IndexedDB for offline work
// (y-indexeddb), and the sealing of every value with WebCrypto (PBKDF2-SHA-256 → AES-256-GCM, the
// format of src/core/project/sync.rs, `seal`; ./seal.js). Bundled by scripts/sync-bundle.mjs into
// vendor/sync.min.js, served from the app's own origin, loaded only when a member joins.
//
// What a value is and where it goes is the Rust core's (`core::project::sync`): this file only
// carries its `Change`s (JSON) to the document and back. The passphrase and the key never leave
// this page; the document and the server hold sealed bytes only.
import * as Y from 'yjs';
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import { IndexeddbPersistence } from 'y-indexeddb';
import { aad, CHECK_TEXT, deriveKey, open, seal, SALT_BYTES } from './seal.js';

const META = 'meta';
const SINGLE = '_';
const ROOTS = ['project', 'actions', 'actors', 'periods', 'settlements', 'sources', 'codes', 'passages', 'notes', 'coders'];
const LISTS = ['history'];
const LOCAL = 'regime-lens-local';

const utf8 = new TextEncoder();
const text = new TextDecoder();

class Undecryptable extends Error {}

// The team's key of each room this browser is in, kept so that a reload reconnects by itself:
// a WebCrypto key made not extractable (the page can use it, not read it out); the passphrase
// itself is never kept.
const KEYS_DB = 'regime-lens-sync';
const KEYS = 'keys';

function keys(mode, act) {
  return new Promise((resolve, reject) => {
    const opening = indexedDB.open(KEYS_DB, 1);
    opening.onupgradeneeded = () => opening.result.createObjectStore(KEYS);
    opening.onerror = () => reject(opening.error);
    opening.onsuccess = () => {
      const db = opening.result;
      const tx = db.transaction(KEYS, mode);
      const request = act(tx.objectStore(KEYS));
      tx.oncomplete = () => { db.close(); resolve(request.result); };
      tx.onerror = tx.onabort = () => { db.close(); reject(tx.error); };
    };
  });
}
const keptKey = (room) => keys('readonly', (store) => store.get(room));
const keepKey = (room, key) => keys('readwrite', (store) => store.put(key, room));
const forgetKey = (room) => keys('readwrite', (store) => store.delete(room));

/**
 * Joins a room. `o`: { url, room, token, passphrase, resume, me, onStatus(status, detail),
 * onReady(fresh, changesJson), onChanges(changesJson), onPeers(peersJson) }.
 * Statuses: "connecting", "connected", "offline", "refused", "cannot-decrypt".
 *
 * `resume` (a reload, or the project opened again): the key kept for the room is used (unless a
 * passphrase is typed again), and the document starts from the copy this browser kept, before the server is reached
 * (offline first: it may never be), so that what the server holds and this browser lacks arrives
 * as the other members' changes. Otherwise the server is reached first: a new room is made
 * there, or the room's project is read from it.
 */
function join(o) {
  const doc = new Y.Doc();
  const local = new IndexeddbPersistence(`regime-lens-sync-${o.room}`, doc);
  const websocketProvider = new HocuspocusProviderWebsocket({ url: o.url, autoConnect: false });
  let key = null;
  let ready = false;
  let left = false;
  let online = false;
  let stopped = false;
  let starting = null;
  // Remote changes are opened in the order they came, one transaction after another.
  let queue = Promise.resolve();
  const status = (s, detail = '') => { if (!left) o.onStatus(s, detail); };

  const provider = new HocuspocusProvider({
    websocketProvider,
    name: o.room,
    token: o.token,
    document: doc,
    onAuthenticationFailed: ({ reason }) => {
      // Hocuspocus tells the client only "permission-denied", whatever the server's reason.
      status('refused', reason === 'permission-denied' || !reason
        ? 'the server did not admit this token or this room; check both with your team and join again.'
        : reason);
      stopped = true;
      websocketProvider.disconnect();
    },
    onStatus: ({ status: s }) => {
      online = s === 'connected';
      if (s === 'disconnected' && ready) status('offline');
      if (s === 'connected' && ready) status('connected');
    },
    onSynced: () => { start().catch(fail); },
  });
  provider.attach?.();
  // Back online: reach the server now rather than at the next retry (up to 30 s away). Offline:
  // stop trying until the browser is online again (each try would fail, and say so in the console).
  const reconnect = () => { if (!left && !stopped && navigator.onLine) websocketProvider.connect(); };
  const pause = () => { if (!left) websocketProvider.disconnect(); };
  window.addEventListener('online', reconnect);
  window.addEventListener('offline', pause);


  const fail = (e) => {
    if (e instanceof Undecryptable) {
      status('cannot-decrypt', e.message);
      stopped = true;
      websocketProvider.disconnect();
    }
    else status('refused', String(e?.message || e));
  };

  /** Every value of the document, opened, as the core's Set and Append changes. */
  async function readAll() {
    const changes = [];
    for (const root of ROOTS) {
      for (const [entry, fields] of doc.getMap(root).entries()) {
        if (!(fields instanceof Y.Map)) continue;
        for (const [field, stored] of fields.entries()) {
          changes.push(await setChange(root, entry, field, stored));
        }
      }
    }
    for (const list of LISTS) {
      for (const stored of doc.getArray(list).toArray()) changes.push(await appendChange(list, stored));
    }
    return changes;
  }

  async function opened(root, entry, field, stored) {
    const plain = await open(key, aad(root, entry, field), stored);
    if (plain === null) throw new Undecryptable(`a value of the shared project does not open with this passphrase (${root})`);
    return JSON.parse(text.decode(plain));
  }
  const setChange = async (root, entry, field, stored) => ({
    change: 'set', place: { root, entry, field }, value: await opened(root, entry, field, stored),
  });
  const appendChange = async (list, stored) => ({
    change: 'append', list, value: await opened(list, '', '', stored),
  });

  /** Opens the document once (from this browser's copy, or once the server synced it). */
  function start() {
    starting ??= begin();
    return starting;
  }

  async function begin() {
    if (ready || left) return;
    await local.whenSynced;
    const meta = doc.getMap(META);
    let fresh = false;
    if (key) {
      // Resumed with the kept key: it must still open the room's check.
      const check = await open(key, aad(META, SINGLE, 'check'), meta.get('check'));
      if (check === null || text.decode(check) !== CHECK_TEXT) {
        throw new Undecryptable('the key this browser kept does not open this project any more; enter the passphrase and join again.');
      }
    } else if (!meta.has('salt')) {
      // The first member: the room is new; make its salt and check.
      const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES));
      key = await deriveKey(o.passphrase, salt);
      const check = await seal(key, aad(META, SINGLE, 'check'), utf8.encode(CHECK_TEXT));
      doc.transact(() => { meta.set('salt', salt); meta.set('check', check); }, LOCAL);
      fresh = true;
    } else {
      key = await deriveKey(o.passphrase, meta.get('salt'));
      const check = await open(key, aad(META, SINGLE, 'check'), meta.get('check'));
      if (check === null || text.decode(check) !== CHECK_TEXT) {
        throw new Undecryptable('the passphrase is not this project\'s. Nothing was read; ask your team for it and join again.');
      }
    }
    const changes = fresh ? [] : await readAll();
    if (left) return;
    if (o.passphrase) await keepKey(o.room, key);
    ready = true;
    observe();
    provider.setAwarenessField('user', { name: o.me, action: null });
    provider.awareness?.on('change', peers);
    status(online ? 'connected' : 'offline');
    o.onReady(fresh, JSON.stringify(changes));
    peers();
  }

  function peers() {
    if (left || !provider.awareness) return;
    const list = [];
    provider.awareness.getStates().forEach((state, client) => {
      if (state.user) list.push({ name: state.user.name, action: state.user.action, me: client === doc.clientID });
    });
    o.onPeers(JSON.stringify(list));
  }

  function observe() {
    for (const root of ROOTS) {
      doc.getMap(root).observeDeep((events, txn) => {
        if (txn.origin === LOCAL) return;
        const raw = collect(root, events);
        queue = queue.then(() => remote(raw)).catch(fail);
      });
    }
    for (const list of LISTS) {
      doc.getArray(list).observe((event, txn) => {
        if (txn.origin === LOCAL) return;
        const added = event.changes.delta.flatMap((d) => d.insert ?? []);
        queue = queue.then(async () => {
          const changes = [];
          for (const stored of added) changes.push(await appendChange(list, stored));
          if (changes.length) o.onChanges(JSON.stringify(changes));
        }).catch(fail);
      });
    }
  }

  /**
   * What one remote transaction changed on a root, read while its events are current (Yjs
   * computes an event's changes only inside the handler): drops, unsets, and sets with the
   * stored (sealed) bytes, opened afterwards.
   */
  function collect(root, events) {
    const raw = [];
    const top = doc.getMap(root);
    for (const event of events) {
      if (event.target === top) {
        for (const [entry, change] of event.changes.keys) {
          if (change.action === 'delete') {
            raw.push({ change: 'drop', root, entry });
            continue;
          }
          const fields = top.get(entry);
          if (!(fields instanceof Y.Map)) continue;
          for (const [field, stored] of fields.entries()) raw.push({ change: 'set', place: { root, entry, field }, stored });
        }
      } else if (event.target.parent === top) {
        const fields = event.target;
        const entry = event.path[0];
        for (const [field, change] of event.changes.keys) {
          if (change.action === 'delete') raw.push({ change: 'unset', place: { root, entry, field } });
          else raw.push({ change: 'set', place: { root, entry, field }, stored: fields.get(field) });
        }
      }
    }
    return raw;
  }

  /** Opens what `collect` read and hands it to the core. */
  async function remote(raw) {
    const changes = [];
    for (const c of raw) {
      if (c.change === 'set') {
        const { root, entry, field } = c.place;
        changes.push(await setChange(root, entry, field, c.stored));
      } else {
        changes.push(c);
      }
    }
    if (changes.length) o.onChanges(JSON.stringify(changes));
  }

  /** Writes the core's changes (JSON), every value sealed, in one transaction. */
  async function write(json) {
    if (!ready || left) return;
    const changes = JSON.parse(json);
    const sealed = [];
    for (const c of changes) {
      if (c.change === 'set') {
        const { root, entry, field } = c.place;
        sealed.push([c, await seal(key, aad(root, entry, field), utf8.encode(JSON.stringify(c.value)))]);
      } else if (c.change === 'append') {
        sealed.push([c, await seal(key, aad(c.list, '', ''), utf8.encode(JSON.stringify(c.value)))]);
      } else {
        sealed.push([c, null]);
      }
    }
    doc.transact(() => {
      for (const [c, bytes] of sealed) {
        if (c.change === 'set') {
          const top = doc.getMap(c.place.root);
          let fields = top.get(c.place.entry);
          if (!(fields instanceof Y.Map)) {
            fields = new Y.Map();
            top.set(c.place.entry, fields);
          }
          fields.set(c.place.field, bytes);
        } else if (c.change === 'unset') {
          const fields = doc.getMap(c.place.root).get(c.place.entry);
          if (fields instanceof Y.Map) fields.delete(c.place.field);
        } else if (c.change === 'drop') {
          doc.getMap(c.root).delete(c.entry);
        } else if (c.change === 'append') {
          doc.getArray(c.list).push([bytes]);
        }
      }
    }, LOCAL);
  }

  (async () => {
    if (o.resume) {
      // With a passphrase typed again, the key is made from it (and the room's salt) in begin().
      if (!o.passphrase) key = await keptKey(o.room);
      if (!key && !o.passphrase) throw new Undecryptable('this browser no longer holds the team\'s key; enter the passphrase and join again.');
      await local.whenSynced;
      if (doc.getMap(META).has('salt')) await start();
    }
    if (!navigator.onLine && !ready) status('offline');
    reconnect();
  })().catch(fail);

  return {
    write: (json) => write(json).catch(fail),
    look: (action) => { if (ready) provider.setAwarenessField('user', { name: o.me, action: action || null }); },
    // `forget`: the member stops sharing; this browser's copy of the document and the key go.
    // Otherwise (another project is opened) they stay, for the project's next opening.
    leave: (forget) => {
      left = true;
      window.removeEventListener('online', reconnect);
      window.removeEventListener('offline', pause);
      provider.destroy();
      websocketProvider.destroy();
      if (forget) {
        local.clearData().catch(() => {});
        forgetKey(o.room).catch(() => {});
      } else {
        local.destroy();
      }
      doc.destroy();
    },
  };
}

globalThis.RegimeSync = { join };
