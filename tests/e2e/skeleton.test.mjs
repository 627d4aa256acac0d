// Journey: open the app on TelCo, read an action, import a broken and a valid table, and check
// that nothing ever left the app's own origin.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { useApp, openApp, screenshot, root } from './helpers.mjs';

const app = useApp();

const rowCount = (page) => page.locator('[data-testid^="action-row-"]').count();

test('TelCo opens, DS8 reads, imports fail safely and succeed, all requests stay home', async () => {
  const { page, context, requests, errors, dialogs } = await openApp(app.browser, app.origin);
  assert.equal(await rowCount(page), 22);
  assert.match(await page.getByTestId('case-title').textContent(), /TelCo/);

  await page.getByTestId('action-row-DS8').click();
  const details = page.getByTestId('details');
  assert.equal(await details.getByTestId('details-id').textContent(), 'DS8');
  assert.match(await details.getByTestId('details-description').textContent(), /present registration data to higher management/);
  assert.equal(await details.getByTestId('details-triggers').textContent(), 'AM4AM5AM7');
  assert.equal(await page.getByTestId('action-row-DS8').getAttribute('aria-selected'), 'true');
  await screenshot(page, 'telco-ds8-selected.png');

  // A broken CSV: the error names the file and the line; TelCo stays.
  const broken = await readFile(join(root, 'tests/fixtures/bad/wrong-field-count.csv'));
  await page.getByTestId('import-input').setInputFiles({ name: 'wrong-field-count.csv', mimeType: 'text/csv', buffer: broken });
  const error = page.getByTestId('notices').locator('.notice-error');
  await error.waitFor();
  assert.match(await error.textContent(), /wrong-field-count\.csv, line 4/);
  assert.equal(await rowCount(page), 22, 'the TelCo case stays after a failed import');
  assert.match(await page.getByTestId('case-title').textContent(), /TelCo/);
  await screenshot(page, 'import-error.png');

  // A valid semicolon-separated CSV with a BOM replaces the case.
  const good = await readFile(join(root, 'tests/fixtures/good/semicolon-bom.csv'));
  assert.deepEqual([...good.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'the fixture starts with a BOM');
  await page.getByTestId('import-input').setInputFiles({ name: 'semicolon-bom.csv', mimeType: 'text/csv', buffer: good });
  await page.getByTestId('action-row-T4').waitFor();
  assert.equal(await rowCount(page), 5);
  assert.equal(await page.getByTestId('case-title').textContent(), 'semicolon-bom');
  await page.getByTestId('action-row-T4').click();
  assert.equal(await page.getByTestId('details-triggers').textContent(), 'I3');
  // Text with markup stays text.
  assert.match(await page.getByTestId('action-row-I3').textContent(), /<img src=x onerror=alert\(1\)>/);
  assert.equal(await page.locator('img').count(), 0, 'no markup from data became an element');
  await screenshot(page, 'imported-semicolon.png');

  assert.deepEqual(dialogs, [], 'no script from data ran');
  assert.deepEqual(errors, []);
  const foreign = requests.filter((u) => !u.startsWith(app.origin + '/') && !u.startsWith('data:') && !u.startsWith('blob:'));
  assert.deepEqual(foreign, [], 'every request went to the app\'s own origin');
  assert.ok(requests.some((u) => u.endsWith('/echarts.min.js')), 'ECharts is served by the app itself');
  await context.close();
});
