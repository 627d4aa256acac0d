// Journey: field material opens in the app. A Word transcript and another tool's QDPX (two
// interviews, a code tree, coded passages) each open as a project of their sources with no
// actions yet and say what was read; the Sources panel reads, searches and filters them; a
// passage becomes an action and another the evidence of it, each quote opening its source at
// its passage; undo works; all survives a reload.
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
    // No action yet: the charts say so, and how to make one.
    assert.match(await page.getByTestId('timeline-empty').textContent(), /^No actions yet\. Make one from a passage/);
    assert.equal(await page.getByTestId('timeline-chart').count(), 0);
    await saved(page);
    await page.getByTestId('import-input').setInputFiles({ name: 'interviews.qdpx', mimeType: 'application/zip', buffer: fixture('interviews.qdpx') });
    assert.match(
      await until(notices, (t) => t.includes('Opened interviews.qdpx')),
      /Opened interviews\.qdpx: 2 sources, 3 codes, 2 coded passages, 1 note; no actions yet\./,
    );
    assert.match(await notices(), /interviews\.qdpx: it also holds what Regime Lens does not keep: 1 PictureSource, 1 Set\./);
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

    await page.getByTestId('source-code-filter').selectOption({ label: 'any code' });

    // A code mapped to the lens proposes an action for each passage coded with it, which the
    // researcher confirms in the editor or skips; nothing is created before Save.
    assert.equal(await page.getByTestId('proposals').count(), 0, 'no code means anything yet');
    await page.getByTestId('code-meanings').locator('summary').click();
    await page.getByLabel('Symbolic kind of Window dressing').selectOption({ label: 'Symbolic conformity' });
    await page.getByLabel('Aspect of Window dressing').selectOption({ label: 'Valuation scheme' });
    const proposals = page.getByTestId('proposals').locator('li.proposal');
    assert.equal(await until(() => proposals.count(), (n) => n === 1), 1);
    assert.match(await proposals.first().textContent(), /^“Gérard’s 🙂Kate\.txt, line 1, characters 11–22 · coded Window dressing → Symbolic conformity · Valuation scheme/);
    await panel.screenshot({ path: join(artifacts, 'sources-proposals.png') });
    const withProposals = await new AxeBuilder({ page }).include('[data-testid="sources-panel"]')
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    assert.deepEqual(withProposals.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), []);
    // On a phone the codes' table scrolls in its own region; the page does not scroll sideways.
    const wide = page.viewportSize();
    await page.setViewportSize({ width: 420, height: 900 });
    assert.equal(await until(() => page.locator('.code-meanings-scroll').getAttribute('role'), (r) => r === 'region'), 'region');
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth), true, 'no sideways scroll');
    await page.setViewportSize(wide);
    await proposals.first().getByTestId('proposal-skip').click();
    assert.equal(await until(() => proposals.count(), (n) => n === 0), 0);
    await page.getByTestId('proposals-unskip').click();
    assert.equal(await until(() => proposals.count(), (n) => n === 1), 1);
    await proposals.first().getByTestId('proposal-accept').click();
    const proposed = page.getByTestId('action-editor');
    await proposed.waitFor();
    assert.equal(await proposed.getByTestId('editor-description').inputValue(), '“Gérard’s 🙂');
    assert.equal(await proposed.getByTestId('editor-symbolic').inputValue(), 'conformity');
    assert.equal(await proposed.getByTestId('editor-aspect').inputValue(), 'valuation_scheme');
    await proposed.getByTestId('cancel-action').click();
    await proposed.waitFor({ state: 'detached' });
    assert.equal(await page.locator('[data-testid^="action-row-"]').count(), 0, 'nothing created without confirmation');
    // The mapping is an edit: undone, no proposal; redone, back.
    await page.getByTestId('undo').click();
    await page.getByTestId('undo').click();
    assert.equal(await until(() => page.getByTestId('proposals').count(), (n) => n === 0), 0);
    await page.getByTestId('redo').click();
    await page.getByTestId('redo').click();
    assert.equal(await until(() => proposals.count(), (n) => n === 1), 1);

    // A passage selected in Raj's interview (as a mouse drag ends) becomes a new action: the
    // editor opens with it as the description and as evidence pointing back to it.
    const select = async (from, to) => {
      await text.evaluate((el, [a, b]) => {
        // The text nodes in order, and the one holding each character offset.
        const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
        const nodes = [];
        for (let n = walker.nextNode(); n; n = walker.nextNode()) nodes.push(n);
        const at = (k) => {
          let left = k;
          for (const n of nodes) {
            const length = [...n.data].length;
            if (left <= length) return [n, [...n.data].slice(0, left).join('').length];
            left -= length;
          }
          return [nodes.at(-1), nodes.at(-1).data.length];
        };
        const [n1, o1] = at(a);
        const [n2, o2] = at(b);
        getSelection().setBaseAndExtent(n1, o1, n2, o2);
        el.dispatchEvent(new MouseEvent('mouseup', { bubbles: true }));
      }, [from, to]);
    };
    await panel.locator('[data-testid^="source-item-"]').nth(1).click();
    await until(() => text.textContent(), (t) => t.startsWith('Raj'));
    assert.equal(await page.getByTestId('passage-to-action').isDisabled(), true, 'nothing selected yet');
    await select(5, 21);
    assert.equal(await page.getByTestId('passage-picked').textContent(), 'Selected: “the model works.”');
    await page.getByTestId('passage-to-action').click();
    const editor = page.getByTestId('action-editor');
    await editor.waitFor();
    assert.equal(await editor.getByTestId('editor-description').inputValue(), 'the model works.');
    await editor.getByTestId('editor-id').fill('DS1');
    if (await editor.getByTestId('editor-actor').count()) await editor.getByTestId('editor-actor').selectOption({ label: 'New actor group…' });
    await editor.getByTestId('editor-actor-new').fill('Data scientists');
    if (await editor.getByTestId('editor-period').count()) await editor.getByTestId('editor-period').selectOption({ label: 'New period…' });
    await editor.getByTestId('editor-period-new').fill('Pilot');
    await editor.getByTestId('editor-symbolic').selectOption('advocacy');
    await editor.getByTestId('save-action').click();
    await editor.waitFor({ state: 'detached' });
    await page.getByTestId('action-row-DS1').waitFor();
    await page.getByTestId('timeline-chart').waitFor();
    assert.equal(await page.getByTestId('timeline-empty').count(), 0);
    // Another passage, in Kate's interview, as evidence of the selected action (DS1).
    await page.getByTestId('action-row-DS1').click();
    await panel.locator('[data-testid^="source-item-"]').nth(0).click();
    await until(() => text.textContent(), (t) => t.startsWith('Kate'));
    await select(11, 22);
    assert.equal(await page.getByTestId('passage-to-evidence').textContent(), 'Add as evidence to DS1');
    await page.getByTestId('passage-to-evidence').click();
    const quotes = page.getByTestId('evidence').locator('blockquote');
    assert.deepEqual(await until(() => quotes.allTextContents(), (q) => q.length === 2), ['the model works.', '“Gérard’s 🙂']);
    assert.match(await page.getByTestId('evidence').textContent(), /Kate\.txt, line 1, characters 11–22/);
    assert.equal(await until(() => page.getByTestId('proposals').count(), (n) => n === 0), 0, 'a quoted passage is no longer proposed');
    // A quote opens its source at its passage.
    await panel.locator('[data-testid^="source-item-"]').nth(1).click();
    await page.getByTestId('evidence-open').first().click();
    assert.equal(await until(() => page.getByTestId('source-focus').textContent(), (t) => t === 'the model works.'), 'the model works.');
    await page.getByTestId('evidence-open').nth(1).click();
    assert.equal(await until(() => page.getByTestId('source-focus').textContent(), (t) => t === '“Gérard’s 🙂'), '“Gérard’s 🙂');
    assert.equal(await until(() => text.textContent(), (t) => t.startsWith('Kate')), 'Kate: yes, “Gérard’s 🙂 show” was for them.');
    await panel.screenshot({ path: join(artifacts, 'sources-focus.png') });
    // Each was an edit: undo takes the evidence off, then the action.
    await page.getByTestId('undo').click();
    assert.deepEqual(await until(() => quotes.allTextContents(), (q) => q.length === 1), ['the model works.']);

    // Saved with its sources: the stored project holds them after a reload.
    await page.getByTestId('redo').click();
    await until(() => quotes.allTextContents(), (q) => q.length === 2);
    await saved(page);
    await reloadApp(page);
    await page.getByTestId('sources-panel').waitFor();
    await page.getByTestId('action-row-DS1').click();
    assert.equal(await page.getByTestId('evidence').locator('blockquote').count(), 2);
    assert.equal(await page.getByLabel('Symbolic kind of Window dressing').inputValue(), 'conformity', 'the mapping is kept');

    // Exported as a QDPX and read back: the action, its quotes pointing to their passages, and
    // the sources with their coded passages.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-qdpx').click()]);
    const exported = readFileSync(await download.path());
    await page.getByTestId('import-input').setInputFiles({ name: 'again.qdpx', mimeType: 'application/zip', buffer: exported });
    assert.match(
      await until(notices, (t) => t.includes('Opened again.qdpx')),
      /Opened again\.qdpx: 1 actions, 1 actors, 1 periods/,
    );
    await page.getByTestId('action-row-DS1').click();
    assert.deepEqual(await page.getByTestId('evidence').locator('blockquote').allTextContents(), ['the model works.', '“Gérard’s 🙂']);
    assert.equal(await page.getByTestId('sources-panel').locator('[data-testid^="source-item-"]').count(), 2);
    await page.getByTestId('evidence-open').nth(1).click();
    assert.equal(await until(() => page.getByTestId('source-focus').textContent(), (t) => t === '“Gérard’s 🙂'), '“Gérard’s 🙂');
    assert.deepEqual(await marks(), [['“Gérard’s 🙂', 'Trust; Window dressing']], 'the passage and its codes, read back');

    const stored = JSON.parse(await storeOp(page, 'current'));
    assert.equal(stored.name, 'interviews');
    assert.equal(stored.library.sources.length, 2);
    assert.equal(stored.library.sources[0].text, 'Kate: yes, “Gérard’s 🙂 show” was for them.');
    assert.equal(stored.library.passages[0].start, 11);
    // Sources added to TelCo, several files at once, as one edit: an action table is not one.
    await page.getByTestId('open-telco').click();
    const confirm = page.getByTestId('confirm-replace');
    if (await confirm.count()) await confirm.getByRole('button').first().click();
    await page.getByTestId('action-row-AM4').waitFor();
    await until(() => page.getByTestId('sources-panel').count(), (n) => n === 0);
    await page.getByTestId('sources-input').setInputFiles([
      { name: 'kate.docx', mimeType: 'application/octet-stream', buffer: fixture('kate.docx') },
      { name: 'field notes.txt', mimeType: 'text/plain', buffer: Buffer.from('Day 1: the sales floor.\n') },
      { name: 'case.txt', mimeType: 'text/plain', buffer: Buffer.from('id\tactor\tperiod\tdescription\tsymbolic\nA1\tAM\tP1\tShowed\tconformity\n') },
    ]);
    const added = await until(notices, (t) => t.includes('Added 2 sources'));
    assert.match(added, /case\.txt holds no text to add as a source/);
    assert.equal(await page.getByTestId('sources-panel').locator('[data-testid^="source-item-"]').count(), 2);
    assert.ok(await page.getByTestId('action-row-AM4').count(), 'the case is still there');
    await page.getByTestId('undo').click();
    assert.equal(await until(() => page.getByTestId('sources-panel').count(), (n) => n === 0), 0);

    // A QDPX that falls short of a case (QualCoder's export of one without its details note and
    // links) opens with what it has, and says what it lacks.
    await page.getByTestId('import-input').setInputFiles({
      name: 'qualcoder-lean.qdpx',
      mimeType: 'application/zip',
      buffer: readFileSync(join(root, 'tests', 'fixtures', 'refi', 'qualcoder-lean.qdpx')),
    });
    const lean = await until(notices, (t) => t.includes('Opened qualcoder-lean.qdpx'));
    assert.match(lean, /Opened qualcoder-lean\.qdpx: 22 actions, 3 actors, 3 periods, 0 recodes, 2 warnings\./);
    assert.match(lean, /it carries no "Regime Lens: case details" note/);
    assert.match(lean, /no trigger link between its 22 actions/);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});
