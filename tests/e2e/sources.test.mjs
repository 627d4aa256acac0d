// Journey: field material opens in the app. A Word transcript and another tool's QDPX (two
// interviews, a code tree, coded passages) each open as a project of their sources with no
// actions yet, say what was read, survive a reload, and break nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openApp, reloadApp, root, saved, storeOp, until, useApp } from './helpers.mjs';

const app = useApp();
const fixture = (name) => readFileSync(join(root, 'tests', 'fixtures', 'sources', name));

test('a Word transcript and another tool\'s QDPX open as projects of their sources', async () => {
  const { page, context, errors } = await openApp(app.browser, app.origin);
  try {
    const notices = () => page.getByTestId('notices').textContent();
    await page.getByTestId('import-input').setInputFiles({
      name: 'kate.docx',
      mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      buffer: fixture('kate.docx'),
    });
    assert.match(
      await until(notices, (t) => t.includes('Opened kate.docx')),
      /Opened kate\.docx: 1 source, 0 codes, 0 coded passages, 0 notes; no actions yet\./,
    );
    await saved(page);
    await page.getByTestId('import-input').setInputFiles({ name: 'interviews.qdpx', mimeType: 'application/zip', buffer: fixture('interviews.qdpx') });
    assert.match(
      await until(notices, (t) => t.includes('Opened interviews.qdpx')),
      /Opened interviews\.qdpx: 2 sources, 3 codes, 2 coded passages, 1 note; no actions yet\./,
    );
    await saved(page);
    // Saved with its sources: the stored project holds them after a reload.
    await reloadApp(page);
    const stored = JSON.parse(await storeOp(page, 'current'));
    assert.equal(stored.name, 'interviews');
    assert.equal(stored.library.sources.length, 2);
    assert.equal(stored.library.sources[0].text, 'Kate: yes, “Gérard’s 🙂 show” was for them.');
    assert.equal(stored.library.passages[0].start, 11);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});
