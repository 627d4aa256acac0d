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

// Journey: workbooks and REFI-QDA files are read and written in a worker with a module of its own,
// fetched only when such a file is first opened. A worker that cannot start is said in a notice
// (the open case stays) and the next file starts a new one; a coder's QDPX and a revised workbook
// go through it as well.
test('the workbook and QDPX reader loads only when needed, and a reader that fails is said and replaced', async () => {
  const { page, errors } = await openApp(app.browser, app.origin);
  const context = page.context();
  const fetched = [];
  const urls = [];
  context.on('request', (r) => { urls.push(r.url()); fetched.push(new URL(r.url()).pathname); });
  const worker = () => fetched.filter((p) => p.endsWith('/exchange_bg.wasm')).length;

  // Working on TelCo and exporting its codings fetch nothing of the reader.
  await page.getByTestId('coder-name').fill('Ana');
  await page.getByTestId('coder-name').press('Enter');
  await page.getByTestId('row-kind-AM4').selectOption('substantive');
  await download(page, 'export-codings');
  assert.equal(worker(), 0, `no reader fetched: ${fetched.join(' ')}`);

  // The reader's module does not load: the workbook is not opened, the notice says what to do.
  const readerModule = (url) => url.pathname.endsWith('/exchange_bg.wasm');
  await context.route(readerModule, (route) => route.fulfill({ status: 404, body: 'gone' }));
  const book = await readFile(new URL('../fixtures/good/telco-workbook.xlsx', import.meta.url));
  const title = await page.getByTestId('case-title').textContent();
  await page.getByTestId('import-input').setInputFiles({ name: 'telco-workbook.xlsx', mimeType: 'application/octet-stream', buffer: book });
  await page.waitForFunction(() => document.querySelector('[data-testid="notices"]')?.textContent.includes('telco-workbook.xlsx: the reader of workbooks'));
  assert.match(await page.getByTestId('notices').textContent(), /did not answer \(.+\)\. Reload the page and try again/);
  assert.equal(await page.getByTestId('case-title').textContent(), title, 'the open case stays');
  assert.equal(await kindOf(page, 'AM4'), 'Substantive', 'and its recode');

  // Once it loads again, the next workbook starts a new reader.
  await context.unroute(readerModule);
  const tried = worker();
  await page.getByTestId('import-input').setInputFiles({ name: 'telco-workbook.xlsx', mimeType: 'application/octet-stream', buffer: book });
  const confirm = page.getByTestId('confirm-replace');
  await page.waitForFunction(() => document.querySelector('[data-testid="case-title"]')?.textContent.includes('(Actions)')
    || document.querySelector('[data-testid="confirm-replace"]'));
  if (await confirm.count()) await confirm.getByRole('button').first().click();
  await page.waitForFunction(() => document.querySelector('[data-testid="case-title"]')?.textContent.includes('(Actions)'));
  assert.ok(worker() > tried, 'a new reader was fetched');
  // Its files carry this build's mark (the hash in the app's file name), so no cached reader of
  // another build answers this app.
  const mark = (await page.evaluate(() => document.querySelector('link[rel=modulepreload]').getAttribute('href'))).match(/app-[0-9a-f]+/)[0];
  for (const file of ['exchange-worker.js', 'exchange.js', 'exchange_bg.wasm']) {
    assert.ok(urls.some((u) => u.endsWith(`/${file}?v=${mark}`)), `${file} asked for with ?v=${mark}: ${urls.join(' ')}`);
  }
  assert.match(await page.getByTestId('row-count').textContent(), /^22 of 22 actions/);

  // A revised workbook is read for review, and a coder's QDPX is added as a coding.
  await page.getByTestId('update-input').setInputFiles({ name: 'telco-workbook.xlsx', mimeType: 'application/octet-stream', buffer: book });
  await page.getByTestId('update-review').waitFor();
  await page.getByTestId('open-telco').click();
  if (await confirm.count()) await confirm.getByRole('button').first().click();
  await page.waitForFunction(() => !document.querySelector('[data-testid="case-title"]')?.textContent.includes('(Actions)'));
  await page.getByTestId('row-kind-AM4').selectOption('substantive');
  const qdpx = await download(page, 'export-qdpx');
  await page.getByTestId('row-kind-AM4').selectOption('conformity');
  await page.getByTestId('coders-input').setInputFiles({ name: 'bea.qdpx', mimeType: 'application/zip', buffer: qdpx.bytes });
  const panel = page.getByTestId('agreement-panel');
  await panel.getByTestId('agreement-figures').waitFor();
  assert.match(await panel.getByTestId('coder-list').textContent(), /bea/);
  assert.deepEqual(errors, []);
});

// Journey: the reader is started as soon as the researcher points at a file button (or drags a
// file over the page), so its module is fetched and compiled while the file is being chosen.
test('pointing at the import button starts the reader before a file is chosen', async () => {
  const { page, errors } = await openApp(app.browser, app.origin);
  const fetched = [];
  // The page's own requests (the service worker also fetches the app's files to keep them).
  page.context().on('request', (r) => { if (!r.serviceWorker()) fetched.push(new URL(r.url()).pathname); });
  const worker = () => fetched.filter((p) => p.endsWith('/exchange_bg.wasm')).length;
  await page.waitForTimeout(300);
  assert.equal(worker(), 0, 'nothing of the reader before');
  const loaded = page.waitForRequest((r) => new URL(r.url()).pathname.endsWith('/exchange_bg.wasm'));
  await page.getByText('Import table or case…').hover();
  await loaded;
  const book = await readFile(new URL('../fixtures/good/telco-workbook.xlsx', import.meta.url));
  await page.getByTestId('import-input').setInputFiles({ name: 'telco-workbook.xlsx', mimeType: 'application/octet-stream', buffer: book });
  await page.waitForFunction(() => document.querySelector('[data-testid="case-title"]')?.textContent.includes('(Actions)'));
  assert.equal(worker(), 1, 'the reader started by the pointer read the file');
  assert.deepEqual(errors, []);
});

test('the app\'s own module carries none of the zip readers the exchange worker holds', async () => {
  // A .txt or .md opens in the app itself; a .docx, a QDPX or a workbook (each a zip) in the
  // worker. A call path from the app to those readers would link them back into the app's wasm.
  const { readdir } = await import('node:fs/promises');
  const { join } = await import('node:path');
  const { root } = await import('./helpers.mjs');
  const dist = join(root, 'dist');
  const app = (await readdir(dist)).find((f) => /^app-.*_bg\.wasm$/.test(f));
  assert.ok(app, 'the app\'s wasm is built');
  const bytes = await readFile(join(dist, app));
  for (const mark of ['word/document.xml', 'project.qde', 'PlainTextSelection', 'xl/workbook.xml']) {
    assert.equal(bytes.includes(Buffer.from(mark)), false, `${mark} is read in the worker, not in the app`);
  }
  const worker = await readFile(join(dist, 'exchange_bg.wasm'));
  for (const mark of ['word/document.xml', 'project.qde', 'PlainTextSelection']) {
    assert.ok(worker.includes(Buffer.from(mark)), `${mark} is in the worker`);
  }
});
