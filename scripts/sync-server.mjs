// The team's sync server: Hocuspocus (the Yjs server, from npm) storing each shared project in
// SQLite. It relays and stores the members' Yjs updates; every value in them is sealed in the
// members' browsers (see src/core/project/sync.rs), so it stores and relays no word of a case.
//
//   SYNC_TOKEN  required: members present it to connect (the server refuses to start without one)
//   SYNC_PORT   default 1234 (0: any free port; the port taken is printed)
//   SYNC_ADDRESS default 127.0.0.1 (put a TLS proxy in front to serve a team: README, "Working as a team")
//   SYNC_DATA   default sync-data/ (the SQLite file documents.sqlite is kept there)
//
// Prints one line "sync: listening on ws://ADDRESS:PORT" once it accepts members, and stops on
// SIGINT or SIGTERM after storing what it holds.
import { Server } from '@hocuspocus/server';
import { SQLite } from '@hocuspocus/extension-sqlite';
import { createHash, timingSafeEqual } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

const fail = (message) => {
  console.error(`sync: ${message}`);
  process.exit(2);
};

const token = process.env.SYNC_TOKEN ?? '';
if (token.trim() === '') {
  fail(
    'SYNC_TOKEN is not set, so the server would admit anyone. Start it with a token the team shares, '
      + 'for example: SYNC_TOKEN="$(openssl rand -hex 24)" make sync',
  );
}
const port = Number(process.env.SYNC_PORT ?? 1234);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  fail(`SYNC_PORT "${process.env.SYNC_PORT}" is not a port number (0 to 65535).`);
}
const address = process.env.SYNC_ADDRESS || '127.0.0.1';
const data = resolve(process.env.SYNC_DATA || 'sync-data');
try {
  mkdirSync(data, { recursive: true });
} catch (e) {
  fail(`cannot make the data folder ${data} (${e.message}); set SYNC_DATA to a folder the server may write.`);
}

// A room is an opaque id the app makes when a project is first shared: never a title.
const ROOM = /^[A-Za-z0-9_-]{16,64}$/;
const digest = (text) => createHash('sha256').update(String(text)).digest();
const expected = digest(token);

const server = new Server({
  port,
  address,
  quiet: true,
  stopOnSignals: true,
  extensions: [new SQLite({ database: join(data, 'documents.sqlite') })],
  async onAuthenticate({ token: given, documentName }) {
    if (!ROOM.test(documentName)) {
      throw new Error('a room is an opaque id of 16 to 64 letters, digits, - or _');
    }
    if (!timingSafeEqual(digest(given ?? ''), expected)) {
      throw new Error('the token is not this server\'s');
    }
  },
});

try {
  await server.listen();
} catch (e) {
  fail(`cannot listen on ${address}:${port} (${e.code ?? e.message}); choose another SYNC_PORT.`);
}
console.log(`sync: listening on ws://${address}:${server.address.port} (documents in ${data})`);
