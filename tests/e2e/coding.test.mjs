// Journey: recode AM4 with a memo, see the analysis change, reload, undo, export and re-import
// the project, export the codings, survive full storage, and notice an edit in another tab.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { useApp, openApp, screenshot, chartOption, saved, clearStorage, storedCurrent, failProjectWrites, reloadApp } from './helpers.mjs';

const app = useApp();

async function download(page, testid) {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testid).click()]);
  return { name: file.suggestedFilename(), text: await readFile(await file.path(), 'utf8') };
}

const kindOf = async (page, id) => (await page.getByTestId(`action-row-${id}`).locator('.badge').textContent()).trim();

test('recode AM4, see what it changes, reload, undo, export, re-import', async () => {
  const { page, context, errors } = await openApp(app.browser, app.origin);
  const pivotalBefore = await page.getByTestId('pivotal-panel').textContent();
  assert.match(await page.getByTestId('chains-summary').textContent(), /12 reinforcing links\. Longest chain: 8 actions/);

  // Without a coder name, a relabel is applied as unnamed and the name is asked for in place;
  // naming it puts the name on the recode (one more undoable edit).
  await page.getByTestId('action-row-AM4').click();
  await page.getByTestId('relabel-substantive').click();
  assert.equal(await kindOf(page, 'AM4'), 'Substantive');
  await page.getByTestId('coder-prompt').waitFor();
  await page.getByTestId('coder-prompt-name').fill('Ana Researcher');
  await page.getByTestId('coder-prompt-save').click();
  await page.getByTestId('coder-prompt').waitFor({ state: 'detached' });
  assert.equal(await page.getByTestId('coder-name').inputValue(), 'Ana Researcher');
  assert.match(await page.getByTestId('recode-AM4').textContent(), /Ana Researcher/);
  await page.getByTestId('undo').click();
  assert.match(await page.getByTestId('recode-AM4').textContent(), /\(unnamed\)/);
  await page.getByTestId('undo').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="action-row-AM4"] .badge')?.textContent.trim() === 'Conformity');

  await page.getByTestId('coder-name').fill('Ana Researcher');
  await page.getByTestId('coder-name').press('Enter');
  await page.getByTestId('coder-name').blur();
  await page.getByTestId('memo-input').fill("Kate's team may really have used the model.");
  await page.getByTestId('relabel-substantive').click();
  assert.equal(await kindOf(page, 'AM4'), 'Substantive');
  await page.getByTestId('recoded-badge').waitFor();
  assert.match(await page.getByTestId('chains-summary').textContent(), /8 reinforcing links\. Longest chain: 5 actions/);
  const changed = page.getByTestId('what-changed');
  assert.match(await changed.getByTestId('what-changed-links').textContent(), /Lost: AM4 ⇒ DS5, AM4 ⇒ DS6, AM4 ⇒ DS8, DS2 ⇒ AM4/);
  assert.match(await changed.getByTestId('what-changed-chain').textContent(), /before \(8 actions\): AM1 ⇒ DS2 ⇒ AM4 .* After \(5 actions\)/);
  assert.notEqual(await page.getByTestId('pivotal-panel').textContent(), pivotalBefore, 'the pivotal panel is recomputed');
  assert.match(await page.getByTestId('recode-AM4').textContent(), /Symbolic conformity.*Substantive.*Ana Researcher.*Kate's team/);
  // The charts follow, each drawn when it is in view.
  const timelineCategory = (await chartOption(page, 'timeline-chart')).series.find((s) => s.id === 'actions').data.find((d) => d.id === 'AM4').category;
  const networkColor = (await chartOption(page, 'network-chart')).series[0].data.find((d) => d.id === 'AM4').itemStyle.color;
  const matrixCell = (await chartOption(page, 'regime-matrix')).series[0].data.find((d) => d.name === 'P2:knowing_practices').tooltip.formatter;
  assert.equal(timelineCategory, 2, 'substantive on the timeline');
  assert.equal(networkColor, '#9aa3a9', 'substantive in the network');
  assert.match(matrixCell, /By kind: 2 conformity, 1 advocacy, 2 substantive/);
  await screenshot(page, 'recoded-am4.png');

  // Reload: the recode, its memo and the history are back.
  await saved(page);
  await reloadApp(page);
  assert.equal(await kindOf(page, 'AM4'), 'Substantive');
  await page.getByTestId('action-row-AM4').click();
  assert.match(await page.getByTestId('coding-meta').textContent(), /Ana Researcher.*Kate's team may really have used the model\./);
  assert.equal(await page.getByTestId('coder-name').inputValue(), 'Ana Researcher');

  // Undo with the keyboard: conformity again; the redo stack keeps the recode.
  await page.getByTestId('action-row-AM4').focus();
  await page.keyboard.press('Control+z');
  assert.equal(await kindOf(page, 'AM4'), 'Conformity');
  assert.equal(await page.getByTestId('redo').isEnabled(), true);

  // Export the project, clear storage, import it: everything is back, redo included.
  const exported = await download(page, 'export-project');
  assert.match(exported.name, /\.regime-lens\.json$/);
  await clearStorage(page);
  await reloadApp(page);
  assert.equal(await page.getByTestId('redo').isEnabled(), false, 'a fresh TelCo after clearing storage');
  await page.getByTestId('import-input').setInputFiles({ name: exported.name, mimeType: 'application/json', buffer: Buffer.from(exported.text) });
  await page.getByTestId('notices').getByText(`Opened ${exported.name}`).waitFor();
  assert.equal(await kindOf(page, 'AM4'), 'Conformity');
  await page.getByTestId('redo').click();
  assert.equal(await kindOf(page, 'AM4'), 'Substantive');
  await page.getByTestId('action-row-AM4').click();
  assert.match(await page.getByTestId('coding-meta').textContent(), /Kate's team may really have used the model\./);

  // A memo typed and left by clicking elsewhere is kept (and can be undone like any edit).
  await page.getByTestId('action-row-DS3').click();
  await page.getByTestId('memo-input').fill('Typed, then clicked away.');
  await page.getByTestId('action-row-AM3').click();
  await page.getByTestId('action-row-DS3').click();
  assert.equal(await page.getByTestId('memo-input').inputValue(), 'Typed, then clicked away.');

  // Keyboard relabel on a focused row: C codes DS4 as conformity (storage was cleared: the
  // coder is asked for again).
  await page.getByTestId('coder-name').fill('Ana Researcher');
  await page.getByTestId('coder-name').blur();
  await page.getByTestId('action-row-DS4').focus();
  await page.keyboard.press('c');
  assert.equal(await kindOf(page, 'DS4'), 'Conformity');
  assert.match(await page.getByTestId('chains-summary').textContent(), /Longest chain: 8 actions/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('codings CSV neutralises formula memos; PNG export; full storage warns and keeps the edit', async () => {
  const { page, context, errors } = await openApp(app.browser, app.origin);
  await page.getByTestId('coder-name').fill('Ben');
  await page.getByTestId('coder-name').blur();
  await page.getByTestId('action-row-DS5').click();
  await page.getByTestId('memo-input').fill('=HYPERLINK("http://example.invalid","x")');
  await page.getByTestId('relabel-substantive').click();
  const csv = await download(page, 'export-codings');
  assert.ok(csv.text.startsWith('\uFEFF'), 'a UTF-8 byte order mark, so that Excel reads accents right');
  const row = csv.text.split(/\r?\n/).find((l) => l.startsWith('DS5,'));
  // The kind columns come first; the aspect columns, review and evidence follow.
  assert.equal(row, `DS5,advocacy,substantive,yes,Ben,${row.split(',')[5]},"'=HYPERLINK(""http://example.invalid"",""x"")",valuation_scheme,valuation_scheme,no,,,,,`);

  // With a coder set, a memo left by clicking elsewhere is saved as an edit.
  await page.getByTestId('action-row-DS6').click();
  await page.getByTestId('memo-input').fill('Celebrating without checking.');
  await page.getByTestId('action-row-AM6').click();
  await page.getByTestId('action-row-DS6').click();
  assert.match(await page.getByTestId('coding-meta').textContent(), /Ben.*memo: Celebrating without checking\./);

  const png = await download(page, 'export-png-timeline-chart');
  assert.equal(png.name, 'timeline.png');

  // The browser's storage fills up, then an edit: a visible warning, the edit stays.
  await failProjectWrites(page);
  await page.getByTestId('action-row-AM7').click();
  await page.getByTestId('relabel-substantive').click();
  await page.getByTestId('storage-warning').waitFor();
  assert.match(await page.getByTestId('storage-warning').textContent(), /storage is full/);
  assert.equal(await kindOf(page, 'AM7'), 'Substantive', 'the edit stays on screen');
  const rescue = await download(page, 'storage-export');
  assert.match(rescue.text, /"AM7":\{"kind":"substantive"/);
  await screenshot(page, 'storage-full.png');
  assert.equal(await page.getByTestId('save-status').textContent(), 'Not saved');

  // Nothing unsaved is replaced without a question: opening TelCo asks first.
  await page.getByTestId('open-telco').click();
  const ask = page.getByTestId('replace-confirm');
  await ask.waitFor();
  assert.match(await ask.textContent(), /Opening the TelCo case would replace a project that is not saved/);
  await ask.getByTestId('replace-cancel').click();
  assert.equal(await kindOf(page, 'AM7'), 'Substantive', 'cancelled: the unsaved work stays');
  // So does importing a file; the researcher may go ahead once the work is exported.
  await page.getByTestId('import-input').setInputFiles({ name: 'other.csv', mimeType: 'text/csv', buffer: Buffer.from('id,actor,period,action\nX1,A,P1,x\n') });
  await ask.waitFor();
  assert.match(await ask.textContent(), /Opening other\.csv would replace/);
  await ask.getByTestId('replace-anyway').click();
  await page.getByTestId('action-row-X1').waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});

test('two tabs: a tab without changes takes the other\'s save; two saves at the same revision conflict and both can be kept', async () => {
  const { page, context } = await openApp(app.browser, app.origin);
  await page.getByTestId('coder-name').fill('Ana');
  await page.getByTestId('coder-name').blur();
  const other = await context.newPage();
  await other.goto(app.origin + '/');
  await other.getByTestId('action-table').waitFor();
  await saved(other);
  // The other tab recodes DS2; this tab, with no change of its own, shows it.
  await other.getByTestId('action-row-DS2').click();
  await other.getByTestId('relabel-substantive').click();
  await saved(other);
  await page.getByTestId('action-row-DS2').locator('.badge', { hasText: 'Substantive' }).waitFor();
  assert.equal(await page.getByTestId('conflict-warning').count(), 0);

  // Now both tabs edit without hearing of each other (a frozen background tab, say): both reach
  // the same revision with different work. The second save is refused, not written over.
  await other.evaluate(() => { BroadcastChannel.prototype.postMessage = () => {}; });
  await page.evaluate(() => { BroadcastChannel.prototype.postMessage = () => {}; });
  await other.getByTestId('action-row-AM1').click();
  await other.getByTestId('relabel-advocacy').click();
  await saved(other);
  await page.getByTestId('action-row-AM2').click();
  await page.getByTestId('relabel-advocacy').click();
  await page.getByTestId('conflict-warning').waitFor();
  assert.equal(await page.getByTestId('save-status').textContent(), 'Not saved');
  const stored = await storedCurrent(page);
  assert.match(stored, /"AM1":\{"kind":"advocacy"/, 'the other tab\'s save stays');
  assert.doesNotMatch(stored, /"AM2":/);
  // Same revision, different work: a check by revision alone would have let it overwrite.
  const mine = await download(page, 'export-project');
  assert.equal(JSON.parse(mine.text).revision, JSON.parse(stored).revision, 'both tabs reached the same revision');
  // Keep both: the other tab's stays under its name, this tab's is saved as a new project.
  await page.getByTestId('conflict-both').click();
  await saved(page);
  assert.equal(await page.getByTestId('undo').isEnabled(), true);
  assert.match(await page.getByTestId('what-changed').textContent(), /project renamed .*\(this tab's version\)/, 'the rename is an edit');
  const names = await page.getByTestId('project-select').locator('option').allTextContents();
  assert.ok(names.some((n) => n.endsWith("(this tab's version)")), names.join(' | '));
  assert.match(await storedCurrent(page), /"AM2":\{"kind":"advocacy"/);
  await context.close();
});

// The action table's columns: the header lines up with the rows, the action column keeps room
// to read, and a recode (its "recoded" mark) changes no column's width, so the browser lays out
// the recoded row rather than the whole table again (issue 13; PERFORMANCE.md).
async function columns(page) {
  return page.evaluate(() => {
    const table = document.querySelector('[data-testid="action-table"]');
    const rect = (el) => { const r = el.getBoundingClientRect(); return { left: Math.round(r.left), width: Math.round(r.width) }; };
    return {
      rem: parseFloat(getComputedStyle(document.documentElement).fontSize),
      head: [...table.tHead.rows[0].cells].map(rect),
      row: [...table.tBodies[0].rows[0].cells].map(rect),
      scroller: Math.round(table.parentElement.getBoundingClientRect().width),
    };
  });
}

for (const width of [1400, 1024]) {
  test(`at ${width} px the action table's header lines up with its rows, and a recode keeps every column's width`, async () => {
    const { page, context, errors } = await openApp(app.browser, app.origin, { viewport: { width, height: 900 } });
    await page.getByTestId('coder-name').fill('Ana Researcher');
    await page.getByTestId('coder-name').blur();
    const before = await columns(page);
    assert.equal(before.head.length, 7);
    assert.deepEqual(before.head, before.row, 'each header cell stands over its column');
    const action = before.head[3];
    assert.ok(action.width >= 15 * before.rem - 1, `the action column is ${action.width} px wide`);

    await page.getByTestId('action-row-AM4').focus();
    await page.keyboard.press('s');
    await page.getByTestId('action-row-AM4').locator('.recoded').waitFor();
    assert.equal(await kindOf(page, 'AM4'), 'Substantive');
    const after = await columns(page);
    assert.deepEqual(after.head, before.head, 'a recode changes no column');
    assert.deepEqual(after.row, before.row);
    await screenshot(page, `table-columns-${width}.png`);
    assert.deepEqual(errors, []);
    await context.close();
  });
}
