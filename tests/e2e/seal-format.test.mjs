// The sealing format is one on both sides: values sealed by the native tests' RustCrypto open with
// the app's WebCrypto sealing (src/ui/seal.js), and the values sealed here by WebCrypto, kept in
// tests/fixtures/sync/webcrypto.json, open in the native tests (tests/sync.rs). Regenerate the
// WebCrypto fixture with REGIME_WRITE_FIXTURES=1 node --test tests/e2e/seal-format.test.mjs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { aad, CHECK_TEXT, deriveKey, open, seal } from '../../src/ui/seal.js';
import { root } from './helpers.mjs';

const fixtures = join(root, 'tests', 'fixtures', 'sync');
const hex = (bytes) => Buffer.from(bytes).toString('hex');
const bytes = (text) => new Uint8Array(Buffer.from(text, 'hex'));
const utf8 = new TextEncoder();
const text = new TextDecoder();

/** Opens every value of a fixture; returns the plain texts. */
async function openAll(fixture) {
  const key = await deriveKey(fixture.passphrase, bytes(fixture.salt));
  const out = [];
  for (const v of fixture.values) {
    const plain = await open(key, aad(v.root, v.entry, v.field), bytes(v.sealed));
    assert.ok(plain, `${v.root}/${v.entry}/${v.field} opens`);
    out.push(text.decode(plain));
    // Moved to another place, it does not open.
    assert.equal(await open(key, aad(v.root, v.entry, `${v.field}x`), bytes(v.sealed)), null);
  }
  return out;
}

test('values sealed by RustCrypto open with the app\'s WebCrypto sealing', async () => {
  const fixture = JSON.parse(readFileSync(join(fixtures, 'rustcrypto.json'), 'utf8'));
  assert.ok(fixture.values.length >= 3);
  assert.deepEqual(await openAll(fixture), fixture.values.map((v) => v.plain));
  const wrong = await deriveKey(`${fixture.passphrase}!`, bytes(fixture.salt));
  const v = fixture.values[0];
  assert.equal(await open(wrong, aad(v.root, v.entry, v.field), bytes(v.sealed)), null, 'a wrong passphrase opens nothing');
});

test('the WebCrypto fixture the native tests open is the app\'s sealing', async () => {
  const path = join(fixtures, 'webcrypto.json');
  if (process.env.REGIME_WRITE_FIXTURES) {
    const passphrase = 'une phrase de passe — 🙂';
    const salt = crypto.getRandomValues(new Uint8Array(16));
    const key = await deriveKey(passphrase, salt);
    const places = [
      ['meta', '_', 'check', CHECK_TEXT],
      ['actions', 'f3a9c2d1e0b4a5c6.1', 'description', JSON.stringify({ v: 'Kate’s team shows the model — à l’écran 🙂', by: 'Ana', at: '2026-12-05T21:00:00Z', over: '' })],
      ['history', '', '', JSON.stringify({ v: { op: 'relabel' }, by: 'Ben', at: '2026-12-05T21:01:00Z', over: '' })],
    ];
    const values = [];
    for (const [r, e, f, plain] of places) {
      values.push({ root: r, entry: e, field: f, plain, sealed: hex(await seal(key, aad(r, e, f), utf8.encode(plain))) });
    }
    writeFileSync(path, `${JSON.stringify({ made_by: 'src/ui/seal.js (WebCrypto)', passphrase, salt: hex(salt), values }, null, 1)}\n`);
  }
  const fixture = JSON.parse(readFileSync(path, 'utf8'));
  assert.deepEqual(await openAll(fixture), fixture.values.map((v) => v.plain));
});
