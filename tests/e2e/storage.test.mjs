// Journeys: projects are never lost. A nearly full localStorage does not matter (projects live in
// IndexedDB); a large case keeps every recode across a reload; twenty large projects are kept;
// a broken project list is rebuilt; a broken project is kept aside for export; a memo typed in a
// closing tab survives; projects of the localStorage era move over.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { useApp, openApp, saved, reloadApp, storeOp, clearStorage } from './helpers.mjs';

const app = useApp();

/// A generated action table: `n` actions by three groups over five periods, each triggered by
/// one or two earlier actions; seeded, so the same `n` gives the same table.
function table(n, seed = 1) {
  let s = seed;
  const rand = () => { s = (s * 1103515245 + 12345) % 2147483648; return s / 2147483648; };
  const kinds = ['conformity', 'advocacy', 'substantive'];
  const rows = ['id,actor,period,action,symbolic,triggers'];
  for (let i = 1; i <= n; i++) {
    const period = `P${1 + Math.floor(((i - 1) * 5) / n)}`;
    const triggers = [];
    if (i > 1) triggers.push(`A${1 + Math.floor(rand() * (i - 1))}`);
    if (i > 2 && rand() < 0.5) triggers.push(`A${1 + Math.floor(rand() * (i - 1))}`);
    rows.push(`A${i},G${i % 3},${period},Action number ${i},${kinds[Math.floor(rand() * 3)]},${[...new Set(triggers)].join(';')}`);
  }
  return rows.join('\n');
}

async function importTable(page, name, text) {
  await page.getByTestId('import-input').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });
  await page.getByTestId('notices').getByText(`Opened ${name}`).waitFor({ timeout: 60000 });
  await saved(page);
}

test('with localStorage nearly full, a 5,000-action case keeps 50 recodes across a reload', async () => {
  const { page, errors } = await openApp(app.browser, app.origin);
  // 4.9 MB of someone else's data in this origin's localStorage.
  await page.evaluate(() => {
    const chunk = 'x'.repeat(100 * 1024);
    for (let i = 0; i < 49; i++) localStorage.setItem(`other-app-${i}`, chunk);
  });
  assert.ok(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('other-app-')).length) === 49);
  await page.getByTestId('coder-name').fill('Ana');
  await page.getByTestId('coder-name').blur();
  await importTable(page, 'large.csv', table(5000));
  assert.match(await page.getByTestId('row-count').textContent(), /of 5000 actions/);
  // 50 recodes from the table's kind menus, each saved.
  const recoded = {};
  for (let i = 1; i <= 50; i++) {
    const id = `A${i}`;
    const select = page.getByTestId(`row-kind-${id}`);
    const now = await select.inputValue();
    const next = now === 'advocacy' ? 'conformity' : 'advocacy';
    await select.selectOption(next);
    recoded[id] = next;
  }
  await saved(page);
  assert.equal(await page.getByTestId('storage-warning').count(), 0, 'no storage failure');
  await reloadApp(page);
  assert.match(await page.getByTestId('row-count').textContent(), /of 5000 actions/);
  for (const [id, kind] of Object.entries(recoded)) {
    assert.equal(await page.getByTestId(`row-kind-${id}`).inputValue(), kind, id);
  }
  assert.match(await page.getByTestId('storage-space').textContent(), /used of .* left/);
  assert.deepEqual(errors, []);
});

test('space running short is told, with an export at hand', async () => {
  const { page } = await openApp(app.browser, app.origin);
  // The browser reports 995 MB used of 1 GB: a few saves left.
  await page.evaluate(() => { navigator.storage.estimate = async () => ({ usage: 995e6, quota: 1e9 }); });
  await page.getByTestId('coder-name').fill('Ana');
  await page.getByTestId('coder-name').blur();
  await page.getByTestId('action-row-AM4').click();
  await page.getByTestId('relabel-substantive').click();
  const warning = page.getByTestId('space-warning');
  await warning.waitFor();
  assert.match(await warning.textContent(), /running out: 995\.0 MB used of 1\.0 GB \(5\.0 MB left\)\. Export the project now/);
  const [file] = await Promise.all([page.waitForEvent('download'), warning.getByRole('button', { name: 'Export project' }).click()]);
  assert.match(file.suggestedFilename(), /\.regime-lens\.json$/);
});

test('twenty projects of 2,000 actions are all kept', async () => {
  const { page, errors } = await openApp(app.browser, app.origin);
  await clearStorage(page);
  await reloadApp(page);
  for (let k = 1; k <= 20; k++) {
    await importTable(page, `study-${k}.csv`, table(2000, k));
  }
  await reloadApp(page);
  const names = await page.getByTestId('project-select').locator('option').allTextContents();
  for (let k = 1; k <= 20; k++) assert.ok(names.includes(`study-${k}`), `study-${k} in ${names.join(', ')}`);
  // The first and a middle one open with all their actions.
  for (const k of [1, 11]) {
    const value = await page.getByTestId('project-select').locator('option', { hasText: new RegExp(`^study-${k}$`) }).getAttribute('value');
    await page.getByTestId('project-select').selectOption(value);
    await page.getByTestId('case-title').filter({ hasText: `study-${k}` }).waitFor();
    assert.match(await page.getByTestId('row-count').textContent(), /of 2000 actions/);
  }
  assert.deepEqual(errors, []);
});

test('a broken project list is rebuilt from the stored projects, and the user is told', async () => {
  const { page } = await openApp(app.browser, app.origin);
  await clearStorage(page);
  await reloadApp(page);
  await importTable(page, 'first.csv', table(10, 3));
  await importTable(page, 'second.csv', table(12, 4));
  await storeOp(page, 'put', 'index', '[{"id": "p1", "na');
  await reloadApp(page);
  assert.match(await page.getByTestId('notices').textContent(), /list of saved projects could not be read; it was rebuilt from the 3 projects stored/);
  const names = await page.getByTestId('project-select').locator('option').allTextContents();
  assert.ok(names.includes('first') && names.includes('second'), names.join(', '));
  // The rebuilt list is written back: it reads on the next start.
  assert.ok(JSON.parse(await storeOp(page, 'get', 'index')).length >= 3);
});

test('a broken project is kept aside, offered for export and never overwritten', async () => {
  const { page } = await openApp(app.browser, app.origin);
  await clearStorage(page);
  await reloadApp(page);
  await importTable(page, 'precious.csv', table(8, 5));
  const id = await storeOp(page, 'get', 'current');
  const broken = '{"format":"regime-lens/project","version":3,"id":"' + id + '","name":"precious","case":{"format":"regime-lens/case"';
  await storeOp(page, 'put', `project/${id}`, broken);
  await reloadApp(page);
  const banner = page.getByTestId('aside-warning');
  await banner.waitFor();
  assert.match(await page.getByTestId('notices').textContent(), /could not be read .* kept aside, untouched/);
  const [file] = await Promise.all([page.waitForEvent('download'), banner.getByTestId('aside-export').click()]);
  assert.equal(await readFile(await file.path(), 'utf8'), broken, 'the export is the record as it was');
  // The app goes on (TelCo, saved) and nothing was written over the broken record's copy.
  assert.equal(await page.getByTestId('save-status').textContent(), 'Saved in this browser');
  const asideKey = (await banner.textContent()).match(/aside\/\S+?\/\S+?Z/)[0];
  assert.equal(await storeOp(page, 'get', asideKey), broken);
});

test('a memo typed in a tab that closes is there in the next one', async () => {
  const { page, context } = await openApp(app.browser, app.origin);
  await page.getByTestId('action-row-DS3').click();
  await page.getByTestId('memo-input').fill('Typed, never saved, tab closed.');
  await page.close();
  const next = await context.newPage();
  await next.goto(app.origin + '/');
  await next.getByTestId('action-table').waitFor();
  await saved(next);
  assert.match(await next.getByTestId('notices').textContent(), /Memos you had not saved were kept \(on DS3\)/);
  await next.getByTestId('action-row-DS3').click();
  assert.equal(await next.getByTestId('memo-input').inputValue(), 'Typed, never saved, tab closed.');
});

test('projects kept in localStorage by an earlier version move to IndexedDB without loss', async () => {
  const { page } = await openApp(app.browser, app.origin);
  await clearStorage(page);
  const old = await readFile(new URL('../fixtures/project-v2.json', import.meta.url), 'utf8');
  await page.evaluate((text) => {
    localStorage.setItem('regime-lens/project/p1763900000000-123456', text);
    localStorage.setItem('regime-lens/projects', JSON.stringify([{ id: 'p1763900000000-123456', name: 'Small study' }]));
    localStorage.setItem('regime-lens/current', 'p1763900000000-123456');
  }, old);
  await reloadApp(page);
  assert.match(await page.getByTestId('notices').textContent(), /1 projects saved by an earlier version were moved/);
  assert.equal(await page.getByTestId('case-title').textContent(), 'Small study');
  assert.equal((await page.getByTestId('action-row-I1').locator('.badge').textContent()).trim(), 'Substantive');
  assert.equal(await page.evaluate(() => localStorage.getItem('regime-lens/project/p1763900000000-123456')), null, 'the old copy goes once moved');
  assert.ok(await storeOp(page, 'get', 'project/p1763900000000-123456'));
});
