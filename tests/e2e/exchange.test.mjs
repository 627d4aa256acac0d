// Journey: exchange with other tools. A recoded TelCo is exported as a QDPX and read back with its
// recode; the network is saved as SVG (vectors, text as text) and its data as CSV; an XLSX
// workbook is imported from its action sheet, another sheet is picked, and a bad cell is named.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { useApp, openApp } from './helpers.mjs';

const app = useApp();

async function download(page, testid) {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testid).click()]);
  return { name: file.suggestedFilename(), bytes: await readFile(await file.path()) };
}

const kindOf = async (page, id) => (await page.getByTestId(`action-row-${id}`).locator('.kind-cell .badge').textContent()).trim();

test('QDPX out and back in, SVG and data of a chart, an XLSX workbook in', async () => {
  const { page, errors } = await openApp(app.browser, app.origin);
  await page.getByTestId('coder-name').fill('Ana');
  await page.getByTestId('coder-name').press('Enter');
  await page.getByTestId('row-kind-AM4').selectOption('substantive');
  assert.equal(await kindOf(page, 'AM4'), 'Substantive');

  // QDPX: a zip with project.qde; opened again, the recode is there.
  const qdpx = await download(page, 'export-qdpx');
  assert.match(qdpx.name, /\.qdpx$/);
  assert.equal(qdpx.bytes.subarray(0, 2).toString(), 'PK');
  assert.ok(qdpx.bytes.includes(Buffer.from('project.qde')));
  const qdc = await download(page, 'export-qdc');
  assert.match(qdc.bytes.toString(), /urn:QDA-XML:codebook:1\.0[\s\S]*Symbolic conformity/);
  await page.getByTestId('open-telco').click();
  const confirm = page.getByTestId('confirm-replace');
  if (await confirm.count()) await confirm.getByRole('button').first().click();
  await page.waitForFunction(() => document.querySelector('[data-testid="action-row-AM4"] .kind-cell .badge')?.textContent.trim() === 'Conformity');
  await page.getByTestId('import-input').setInputFiles({ name: qdpx.name, mimeType: 'application/zip', buffer: qdpx.bytes });
  await page.waitForFunction(() => document.querySelector('[data-testid="action-row-AM4"] .kind-cell .badge')?.textContent.trim() === 'Substantive');
  assert.match(await page.getByTestId('chains-summary').textContent(), /Longest chain: 5 actions/);

  // The network as SVG and its data as CSV.
  await page.getByTestId('network-chart').scrollIntoViewIfNeeded();
  const svg = (await download(page, 'export-svg-network-chart')).bytes.toString();
  await (await import('node:fs/promises')).writeFile(new URL('./artifacts/network.svg', import.meta.url), svg);
  assert.match(svg, /^<svg[\s\S]*<\/svg>\s*$/);
  assert.match(svg, /<text[^>]*>[^<]*AM4/, 'labels are text, not pixels');
  assert.ok(!svg.includes('<image'), 'no embedded bitmap');
  const data = (await download(page, 'export-csv-network-chart')).bytes.toString();
  assert.match(data, /^\uFEFF?series,row,id,name,value,category,source,target,about/);
  assert.match(data, /Network,point,AM4,AM4,/);

  // An XLSX workbook: the notes sheet is passed over, the sheets are offered, a bad cell named.
  const book = await readFile(new URL('../fixtures/good/telco-workbook.xlsx', import.meta.url));
  await page.getByTestId('import-input').setInputFiles({ name: 'telco-workbook.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: book });
  await page.waitForFunction(() => document.querySelector('[data-testid="case-title"]')?.textContent.includes('(Actions)'));
  assert.match(await page.getByTestId('row-count').textContent(), /^22 of 22 actions/);
  assert.match(await page.getByTestId('notices').textContent(), /sheet "Actions"; the workbook also has Notes, Pilot/);
  await page.getByTestId('import-sheet').selectOption('Pilot');
  if (await confirm.count()) await confirm.getByRole('button').first().click();
  await page.waitForFunction(() => document.querySelector('[data-testid="case-title"]')?.textContent.includes('(Pilot)'));
  assert.match(await page.getByTestId('row-count').textContent(), /^2 of 2 actions/);
  await page.getByTestId('import-input').setInputFiles({ name: 'broken.xlsx', mimeType: 'application/octet-stream', buffer: Buffer.from('PK\x03\x04 not a workbook') });
  await page.waitForFunction(() => document.querySelector('[data-testid="notices"]')?.textContent.includes('broken.xlsx: the workbook could not be read'));
  assert.match(await page.getByTestId('row-count').textContent(), /^2 of 2 actions/, 'the open case stays');
  assert.deepEqual(errors, []);
});
