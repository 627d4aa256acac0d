// The sealing of a team's shared document with WebCrypto, in the format of
// src/core/project/sync.rs (`seal`): a key from PBKDF2-SHA-256 (600,000 rounds) over the team's
// passphrase and the room's salt; each value sealed with AES-256-GCM under a random 12-byte IV,
// stored before the ciphertext, with the value's place as additional data. Imported by
// sync-client.js; tests/e2e/seal-format.test.mjs checks it against the native tests' RustCrypto.
export const ITERATIONS = 600000;
export const IV_BYTES = 12;
export const SALT_BYTES = 16;
export const CHECK_TEXT = 'Regime Lens shared project';

const utf8 = new TextEncoder();

/** The team's key, made from the passphrase and the room's salt; it cannot be read out. */
export async function deriveKey(passphrase, salt) {
  const base = await crypto.subtle.importKey('raw', utf8.encode(passphrase), 'PBKDF2', false, ['deriveKey']);
  return crypto.subtle.deriveKey(
    { name: 'PBKDF2', hash: 'SHA-256', salt, iterations: ITERATIONS },
    base,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}

/** A value's place as additional data: `root/entry/field` (`history//` for the list). */
export const aad = (root, entry, field) => utf8.encode(`${root}/${entry}/${field}`);

/** `plain` (bytes) sealed at `place`: the IV, then the ciphertext and its tag. */
export async function seal(key, place, plain) {
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const sealed = new Uint8Array(
    await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: place }, key, plain),
  );
  const out = new Uint8Array(iv.length + sealed.length);
  out.set(iv);
  out.set(sealed, iv.length);
  return out;
}

/** The opened bytes, or null when they do not open with this key at this place. */
export async function open(key, place, stored) {
  if (!(stored instanceof Uint8Array) || stored.length < IV_BYTES + 16) return null;
  try {
    const plain = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: stored.subarray(0, IV_BYTES), additionalData: place },
      key,
      stored.subarray(IV_BYTES),
    );
    return new Uint8Array(plain);
  } catch {
    return null;
  }
}
