// The team's sync server (make sync → scripts/sync-server.mjs), started and stopped here: it
// refuses to start without a token, binds 127.0.0.1, admits only members with its token and
// rooms that are opaque ids, relays one member's Yjs changes to another (Hocuspocus's own
// protocol, through @hocuspocus/provider) and keeps them in SQLite under SYNC_DATA.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSync as start, stopSync as stop } from './helpers.mjs';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';

/** A member connected to a room; `failed` resolves with the reason when the server refuses. */
function member(url, room, token) {
  const document = new Y.Doc();
  const websocketProvider = new HocuspocusProviderWebsocket({ url, WebSocketPolyfill: WebSocket });
  let refuse;
  const failed = new Promise((resolve) => { refuse = resolve; });
  let synced;
  const ready = new Promise((resolve) => { synced = resolve; });
  const provider = new HocuspocusProvider({
    websocketProvider,
    name: room,
    token,
    document,
    onSynced: () => synced(),
    onAuthenticationFailed: ({ reason }) => refuse(reason),
  });
  provider.attach?.();
  const close = () => { provider.destroy(); websocketProvider.destroy(); };
  return { document, provider, ready, failed, close };
}

/** Resolves when check() holds, checked on every change of doc. */
function when(doc, check) {
  return new Promise((resolve) => {
    if (check()) return resolve();
    const seen = () => { if (check()) { doc.off('update', seen); resolve(); } };
    doc.on('update', seen);
  });
}

test('the sync server refuses to start without a token and says how to start it', async () => {
  await assert.rejects(start({ SYNC_TOKEN: '', SYNC_PORT: '0' }), (e) => {
    assert.equal(e.code, 2);
    assert.match(e.err, /SYNC_TOKEN is not set/);
    assert.match(e.err, /make sync/);
    return true;
  });
});

test('members with the token share a room live; others are refused; the server keeps the room', async () => {
  const data = mkdtempSync(join(tmpdir(), 'sync-data-'));
  const { child, url } = await start({ SYNC_TOKEN: 'team-secret', SYNC_PORT: '0', SYNC_DATA: data });
  try {
    assert.match(url, /^ws:\/\/127\.0\.0\.1:/, 'binds 127.0.0.1 by default');
    const room = 'r0123456789abcdefXYZ';
    const a = member(url, room, 'team-secret');
    const b = member(url, room, 'team-secret');
    await Promise.all([a.ready, b.ready]);
    a.document.getMap('actions').set('t1', new Uint8Array([1, 2, 3, 250]));
    await when(b.document, () => b.document.getMap('actions').get('t1') !== undefined);
    assert.deepEqual([...b.document.getMap('actions').get('t1')], [1, 2, 3, 250]);

    const wrong = member(url, room, 'guess');
    assert.match(await wrong.failed, /./, 'a wrong token is refused');
    assert.equal(wrong.document.getMap('actions').get('t1'), undefined, 'and reads nothing');
    const titled = member(url, 'TelCo case', 'team-secret');
    assert.match(await titled.failed, /./, 'a room that is not an opaque id is refused');
    for (const m of [a, b, wrong, titled]) m.close();
  } finally {
    await stop(child);
  }
  // Stopped, the server has stored the room in SQLite under SYNC_DATA.
  const files = readdirSync(data);
  assert.ok(files.includes('documents.sqlite'), files.join(', '));
  const stored = readFileSync(join(data, 'documents.sqlite'));
  assert.ok(stored.includes(Buffer.from('r0123456789abcdefXYZ')), 'the room is stored');
  assert.ok(stored.includes(Buffer.from([1, 2, 3, 250])), 'with its values');
  rmSync(data, { recursive: true, force: true });
});
