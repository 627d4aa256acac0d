// Journey: field material opens in the app. A Word transcript and another tool's QDPX (two
// interviews, a code tree, coded passages) each open as a project of their sources with no
// actions yet, say what was read, survive a reload, and break nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { artifacts, openApp, reloadApp, root, saved, storeOp, until, useApp } from './helpers.mjs';

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

    // The sources panel: the list, the reader with the coded passages marked, the codes beside.
    const panel = page.getByTestId('sources-panel');
    await panel.waitFor();
    assert.equal(await panel.locator('[data-testid^="source-item-"]').count(), 2);
    const text = page.getByTestId('source-text');
    assert.equal(await text.textContent(), 'Kate: yes, “Gérard’s 🙂 show” was for them.');
    const marks = () => text.locator('mark').evaluateAll((ms) => ms.map((m) => [m.textContent, m.title]));
    assert.deepEqual(await marks(), [['“Gérard’s 🙂', 'Trust; Window dressing']]);
    assert.match(await page.getByTestId('source-codes').textContent(), /Window dressing \(1\)/);
    await panel.locator('[data-testid^="source-item-"]').nth(1).click();
    assert.equal(await until(() => text.textContent(), (t) => t.startsWith('Raj')), 'Raj: the model works.');
    assert.deepEqual(await marks(), [['the model works.', 'Impression management']]);
    // Search across the sources, the words around each hit; a hit opens its source.
    await panel.locator('[data-testid^="source-item-"]').nth(0).click();
    await page.getByTestId('source-search').fill('MODEL');
    assert.equal(await page.getByTestId('source-hit-count').textContent(), '1 found');
    const hit = page.getByTestId('source-hits').locator('button');
    assert.equal(await hit.textContent(), 'Raj: Raj: the model works.');
    await panel.screenshot({ path: join(artifacts, 'sources-panel.png') });
    // No serious or critical accessibility violation in the panel, hits listed.
    const result = await new AxeBuilder({ page }).include('[data-testid="sources-panel"]')
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    assert.deepEqual(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), []);
    await hit.click();
    assert.equal(await until(() => text.textContent(), (t) => t.startsWith('Raj')), 'Raj: the model works.');
    // Filtered by a code: only its passages are marked.
    await page.getByTestId('source-search').fill('');
    await page.getByTestId('source-code-filter').selectOption({ label: 'Trust' });
    assert.deepEqual(await marks(), []);
    await panel.locator('[data-testid^="source-item-"]').nth(0).click();
    assert.deepEqual(await marks(), [['“Gérard’s 🙂', 'Trust; Window dressing']]);

    // Saved with its sources: the stored project holds them after a reload.
    await reloadApp(page);
    await page.getByTestId('sources-panel').waitFor();
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
