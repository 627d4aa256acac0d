// Journey: build a three-action case from nothing in the editor, with triggers; recode, memo and
// quote; reload; update it from a revised table after reviewing the change; find the memo and the
// recode still there; restore what the revision removed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { useApp, openApp, screenshot, chartOption, saved, reloadApp, until } from './helpers.mjs';

const app = useApp();

const rowIds = async (page) =>
  page.locator('[data-testid^="action-row-"]').evaluateAll((rows) => rows.map((r) => r.dataset.testid.slice('action-row-'.length)));

async function fillAction(page, { id, actor, newActor, period, newPeriod, description, kind, aspect, triggers = [] }) {
  const editor = page.getByTestId('action-editor');
  await editor.getByTestId('editor-id').fill(id);
  if (newActor) {
    if (await editor.getByTestId('editor-actor').count()) await editor.getByTestId('editor-actor').selectOption({ label: 'New actor group…' });
    await editor.getByTestId('editor-actor-new').fill(newActor);
  } else {
    await editor.getByTestId('editor-actor').selectOption(actor);
  }
  if (newPeriod) {
    if (await editor.getByTestId('editor-period').count()) await editor.getByTestId('editor-period').selectOption({ label: 'New period…' });
    await editor.getByTestId('editor-period-new').fill(newPeriod);
  } else {
    await editor.getByTestId('editor-period').selectOption(period);
  }
  await editor.getByTestId('editor-description').fill(description);
  await editor.getByTestId('editor-symbolic').selectOption(kind);
  if (aspect) await editor.getByTestId('editor-aspect').selectOption(aspect);
  for (const t of triggers) {
    await editor.getByTestId('editor-trigger-search').fill(t);
    await editor.getByTestId(`editor-add-trigger-${t}`).click();
  }
}

test('a case built in the editor survives a reload and an update from a revised table', async () => {
  const { page, errors } = await openApp(app.browser, app.origin);
  await page.getByTestId('coder-name').fill('Ana');
  await page.getByTestId('coder-name').blur();

  // An empty case; the editor opens on its first action. Every field has a visible label.
  await page.getByTestId('new-case').click();
  const editor = page.getByTestId('action-editor');
  await editor.waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'editor-id', 'the dialog takes the focus');
  for (const label of ['Id', 'Actor', 'Period', 'Description', 'Symbolic nature', 'Why symbolic', 'Aim', 'Aspect',
    'Triggers', 'External triggers', 'Consequence', 'Impact', 'Date', 'Order']) {
    assert.equal(await editor.locator('.field-label', { hasText: new RegExp(`^${label}$`) }).count(), 1, `label ${label}`);
  }
  assert.deepEqual(await rowIds(page), []);
  // The charts say there is no action yet, and show none of the last case's categories.
  const matrixPeriods = async () => (await chartOption(page, 'regime-matrix'))?.yAxis?.[0]?.data ?? [];
  for (const empty of ['timeline-empty', 'network-empty', 'matrix-empty']) {
    assert.match(await page.getByTestId(empty).textContent(), /^No actions yet\./, empty);
  }
  assert.equal(await page.getByTestId('regime-matrix').count(), 0);
  await fillAction(page, {
    id: 'T1', newActor: 'Technologists', newPeriod: 'Period 1', description: 'Present the tool as a success',
    kind: 'advocacy', aspect: 'authority_arrangements',
  });
  await editor.getByTestId('editor-date').fill('2012-03');
  await editor.getByTestId('editor-external').fill('Pressure from headquarters');
  await screenshot(page, 'editor-new-action.png');
  await editor.getByTestId('save-action').click();
  await editor.waitFor({ state: 'detached' });
  assert.deepEqual(await rowIds(page), ['T1']);
  assert.deepEqual(await until(matrixPeriods, (p) => p.length === 1), ['Period 1']);
  assert.equal(await page.getByTestId('matrix-empty').count(), 0);

  // A second action by a new group, triggered by T1.
  await page.getByTestId('add-action').click();
  await fillAction(page, {
    id: 'I1', newActor: 'Incumbents', period: 'Period 1', description: 'Attend the training, keep the old way',
    kind: 'conformity', aspect: 'knowing_practices', triggers: ['T1'],
  });
  await editor.getByTestId('save-action').click();
  await editor.waitFor({ state: 'detached' });

  // The editor refuses what the importer would refuse, names the field, and keeps what was typed.
  await page.getByTestId('add-action').click();
  await fillAction(page, {
    id: 'T1', actor: 'Technologists', newPeriod: 'Period 2', description: 'Report success upwards',
    kind: 'advocacy', triggers: ['I1'],
  });
  await editor.getByTestId('editor-date').fill('2013-13');
  await editor.getByTestId('save-action').click();
  const idError = editor.getByTestId('editor-field-error');
  assert.match(await idError.textContent(), /^Id: "T1" is the id of another action\. Ids must be unique\./);
  assert.equal(await editor.getByTestId('editor-description').inputValue(), 'Report success upwards', 'what was typed stays');
  await editor.getByTestId('editor-id').fill('T2');
  await editor.getByTestId('save-action').click();
  assert.match(await editor.getByTestId('editor-field-error').textContent(), /^Date: invalid date "2013-13"/);
  await editor.getByTestId('editor-date').fill('2013-Q2');
  await editor.getByTestId('save-action').click();
  await editor.waitFor({ state: 'detached' });
  assert.deepEqual(await rowIds(page), ['T1', 'I1', 'T2']);
  assert.match(await page.getByTestId('action-row-T2').textContent(), /I1/);
  // The mechanism is computed on the new case: T1 ⇒ I1 ⇒ T2.
  assert.match(await page.getByTestId('chains-summary').textContent(), /2 reinforcing links\. Longest chain: 3 actions/);

  // Recode I1 with a memo, and attach a quote.
  await page.getByTestId('action-row-I1').click();
  await page.getByTestId('memo-input').fill('They did use it, in the end.');
  await page.getByTestId('relabel-substantive').click();
  await page.getByTestId('recoded-badge').waitFor();
  await page.getByTestId('evidence-text').fill('We log in when the manager looks');
  await page.getByTestId('evidence-source').fill('Interview AM 3');
  await page.getByTestId('add-evidence').click();
  await page.getByTestId('evidence-item').waitFor();
  // An aspect recode of T2, which the revised table will drop.
  await page.getByTestId('action-row-T2').click();
  await page.getByTestId('aspect-select').selectOption('valuation_scheme');
  await page.getByTestId('aspect-meta').waitFor();
  assert.match(await page.getByTestId('recode-aspect-T2').textContent(), /Aspect.*none.*Valuation scheme.*Ana/);

  // Edit I1 from the details panel: its description changes, the recode stays.
  await page.getByTestId('action-row-I1').click();
  await page.getByTestId('edit-action').click();
  assert.equal(await editor.getByTestId('editor-symbolic').inputValue(), 'substantive', 'the editor shows the current kind');
  await editor.getByTestId('editor-consequence').fill('Managers stop checking');
  await editor.getByTestId('save-action').click();
  await editor.waitFor({ state: 'detached' });
  assert.equal(await page.getByTestId('details-consequence').textContent(), 'Managers stop checking');
  await screenshot(page, 'editor-case-built.png');

  // Reload: the project is restored from the browser.
  await saved(page);
  await reloadApp(page);
  assert.deepEqual(await rowIds(page), ['T1', 'I1', 'T2']);
  assert.equal(await page.getByTestId('case-title').textContent(), 'Untitled case');

  // A revised table: I1's description changes, T2 is gone, N1 is new.
  const revised = [
    'id,actor,period,action,symbolic,aspect,triggers',
    'T1,Technologists,Period 1,Present the tool as a success,advocacy,authority arrangements,Pressure from headquarters',
    'I1,Incumbents,Period 1,"Attend the training, keep the old way, mostly",conformity,knowing practices,T1',
    'N1,Management,Period 2,Ask for the figures,advocacy,valuation scheme,I1',
  ].join('\n');
  await page.getByTestId('update-input').setInputFiles({ name: 'revised.csv', mimeType: 'text/csv', buffer: Buffer.from(revised) });
  const review = page.getByTestId('update-review');
  await review.waitFor();
  assert.match(await review.getByTestId('update-added').textContent(), /Added: N1/);
  assert.match(await review.getByTestId('update-removed').textContent(), /Removed: T2 \(T2 carry codings or quotes/);
  const change = await review.getByTestId('update-change-I1').allTextContents();
  assert.ok(change.some((t) => t.includes('Description') && t.includes('mostly')), change.join(' | '));
  assert.equal(change.length, 1, `only the description changes: ${change.join(' | ')}`);
  assert.equal(await review.getByTestId('update-change-T1').count(), 0, 'T1 keeps its date and external trigger');
  assert.deepEqual(await rowIds(page), ['T1', 'I1', 'T2'], 'nothing changes before it is applied');
  await screenshot(page, 'editor-update-review.png');
  await review.getByTestId('apply-update').click();
  await review.waitFor({ state: 'detached' });
  assert.deepEqual(await rowIds(page), ['T1', 'I1', 'N1']);

  // The memo, the recode and the quote are still there.
  await page.getByTestId('action-row-I1').click();
  assert.equal((await page.getByTestId('details-kind').textContent()).trim(), 'Substantive');
  await page.getByTestId('recoded-badge').waitFor();
  assert.equal(await page.getByTestId('memo-input').inputValue(), 'They did use it, in the end.');
  assert.match(await page.getByTestId('evidence').textContent(), /We log in when the manager looks/);
  assert.match(await page.getByTestId('details-description').textContent(), /mostly/);
  // The revised table has no consequence column: what was typed in the app stays.
  assert.equal(await page.getByTestId('details-consequence').textContent(), 'Managers stop checking');

  // T2's aspect recode was kept aside with it; it can be restored.
  await page.getByTestId('case-panel').locator('summary').click();
  await page.getByTestId('retired-list').getByTestId('restore-T2').waitFor();
  await screenshot(page, 'editor-case-panel.png');

  // Reload once more: the update and the codings are saved.
  await saved(page);
  await reloadApp(page);
  assert.deepEqual(await rowIds(page), ['T1', 'I1', 'N1']);
  await page.getByTestId('action-row-I1').click();
  assert.equal(await page.getByTestId('memo-input').inputValue(), 'They did use it, in the end.');
  await page.getByTestId('case-panel').locator('summary').click();
  await page.getByTestId('restore-T2').click();
  assert.deepEqual(await rowIds(page), ['T1', 'I1', 'N1', 'T2']);
  await page.getByTestId('action-row-T2').click();
  assert.equal(await page.getByTestId('aspect-select').inputValue(), 'valuation_scheme');

  // The update is one undoable edit.
  await page.getByTestId('undo').click();
  await page.getByTestId('undo').click();
  assert.deepEqual(await rowIds(page), ['T1', 'I1', 'T2']);
  assert.deepEqual(errors, []);
});

test('deleting an action shows its followers and rewires them on request; actors merge; the template imports', async () => {
  const { page, errors } = await openApp(app.browser, app.origin);
  await page.getByTestId('coder-name').fill('Ana');
  await page.getByTestId('coder-name').blur();
  // AM4 triggers DS5, DS6 and DS8 (TelCo); DS4 triggered it.
  await page.getByTestId('action-row-AM4').click();
  await page.getByTestId('delete-action').click();
  const confirm = page.getByTestId('delete-confirm');
  assert.match(await confirm.textContent(), /DS5, DS6, DS8 name AM4 as a trigger.*Rewire them to AM4's own triggers \(DS4\)/);
  await confirm.getByTestId('delete-rewire').check();
  await confirm.getByTestId('confirm-delete-action').click();
  assert.equal(await page.getByTestId('action-row-AM4').count(), 0);
  await page.getByTestId('action-row-DS5').click();
  const triggers = await page.getByTestId('details-triggers').textContent();
  assert.ok(!triggers.includes('AM4') && triggers.includes('DS4'), triggers);
  await page.getByTestId('undo').click();
  await page.getByTestId('action-row-AM4').waitFor();

  // Actor groups: rename and merge, as edits.
  await page.getByTestId('case-panel').locator('summary').click();
  await page.getByTestId('actor-name-MG').fill('Higher management');
  await page.getByTestId('actor-name-MG').blur();
  await page.getByTestId('actor-memo-MG').fill('Kate and her directors');
  await page.getByTestId('actor-memo-MG').blur();
  await page.getByTestId('action-row-MG1').click();
  assert.equal(await page.getByTestId('details-actor-memo').textContent(), 'Kate and her directors');
  await page.getByTestId('merge-from').selectOption('MG');
  await page.getByTestId('merge-into').selectOption('DS');
  await page.getByTestId('merge-actors').click();
  await page.getByTestId('actor-MG').waitFor({ state: 'detached' });
  assert.match(await page.getByTestId('action-row-MG1').textContent(), /Data scientists/);
  await page.getByTestId('undo').click();
  await page.getByTestId('actor-MG').waitFor();
  assert.equal(await page.getByTestId('actor-name-MG').inputValue(), 'Higher management');

  // Periods: add one, date it, move it first, write its impact on an aspect; all undoable edits.
  await page.getByTestId('new-period-name').fill('Pilot');
  await page.getByTestId('add-period').click();
  await page.getByTestId('period-Pilot').waitFor();
  await page.getByTestId('period-start-Pilot').fill('2011-Q3');
  await page.getByTestId('period-start-Pilot').blur();
  await page.getByTestId('period-end-Pilot').fill('2011-12');
  await page.getByTestId('period-end-Pilot').blur();
  await page.getByTestId('period-Pilot').getByRole('button', { name: 'Move Pilot earlier' }).click();
  await page.getByTestId('period-Pilot').getByRole('button', { name: 'Move Pilot earlier' }).click();
  await page.getByTestId('period-Pilot').getByRole('button', { name: 'Move Pilot earlier' }).click();
  const periodOrder = () => page.locator('tr[data-testid^="period-"]').evaluateAll((rows) =>
    rows.map((r) => r.dataset.testid.slice('period-'.length)));
  assert.deepEqual(await periodOrder(), ['Pilot', 'P1', 'P2', 'P3']);
  await page.getByTestId('period-impact-Pilot-valuation_scheme').fill('Leads start to count');
  await page.getByTestId('period-impact-Pilot-valuation_scheme').blur();
  assert.match(await page.getByTestId('regime-valuation_scheme').textContent(), /Leads start to count/, 'the impact shows in the regime view');
  assert.match(await page.getByTestId('period-Pilot').textContent(), /2011-Q3 – 2011-12/);
  // A period that would end before it starts is refused, and says so.
  await page.getByTestId('period-end-Pilot').fill('2010');
  await page.getByTestId('period-end-Pilot').blur();
  assert.match(await page.getByTestId('notices').textContent(), /Not changed: End: the period ends before it starts/);
  await page.getByTestId('undo').click();
  assert.doesNotMatch(await page.getByTestId('regime-valuation_scheme').textContent(), /Leads start to count/, 'undone');

  // The table template downloads and imports as it is.
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-template').click()]);
  const template = await readFile(await file.path());
  await page.getByTestId('import-input').setInputFiles({ name: file.suggestedFilename(), mimeType: 'text/csv', buffer: template });
  await page.getByTestId('action-row-I1').waitFor();
  assert.match(await page.getByTestId('notices').textContent(), /2 actions, 2 actors, 1 periods, 0 recodes, 0 warnings/);
  assert.deepEqual(errors, []);
});
