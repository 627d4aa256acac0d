// Shared by the Playwright journeys: a static server for dist/ on 127.0.0.1 and a headless
// Chromium (Debian's, at /usr/bin/chromium) that records every request the page makes.
import { createServer } from 'node:http';
import { createServer as createTcpServer, connect as connectTcp } from 'node:net';
import { readFile, mkdir } from 'node:fs/promises';
import { extname, join, normalize, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { before, after } from 'node:test';
import { spawn } from 'node:child_process';
import assert from 'node:assert/strict';
import { isDeepStrictEqual } from 'node:util';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const artifacts = join(root, 'tests', 'e2e', 'artifacts');
const dist = join(root, 'dist');
const types = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm',
  '.css': 'text/css', '.json': 'application/json', '.png': 'image/png',
};

export async function serveDist() {
  const server = createServer(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    const file = join(dist, path.endsWith('/') ? join(path, 'index.html') : path);
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404);
      res.end('not found');
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return { server, origin: `http://127.0.0.1:${port}` };
}

export async function launch() {
  // Playwright starts Chromium with a fresh, empty profile of its own each time.
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
  return browser;
}

/// Opens the app; returns the page, the requests it made and the errors it raised.
export async function openApp(browser, origin, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, acceptDownloads: true, ...options });
  const page = await context.newPage();
  const requests = [];
  const errors = [];
  const dialogs = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('dialog', async (d) => { dialogs.push(d.message()); await d.dismiss(); });
  await page.goto(origin + '/');
  await page.getByTestId('action-table').waitFor();
  await saved(page);
  return { page, context, requests, errors, dialogs };
}

/// Reloads the page and waits until the stored project is open and saved.
export async function reloadApp(page) {
  await page.reload();
  await page.getByTestId('action-table').waitFor();
  await saved(page);
}

/// Waits until every change is saved in the browser (the status line says so).
export async function saved(page) {
  await page.getByTestId('save-status').filter({ hasText: 'Saved in this browser' }).waitFor();
}

/// One operation on the app's IndexedDB store, in the page: `op` is 'clear', 'get' (of `key`),
/// 'put' (`value` at `key`) or 'current' (the text of the project open last). The page's CSP
/// forbids eval, so the operations are written out here rather than passed as code.
export async function storeOp(page, op, key = null, value = null) {
  return page.evaluate(([op, key, value]) => new Promise((resolve, reject) => {
    const open = indexedDB.open('regime-lens');
    open.onerror = () => reject(new Error(`open: ${open.error}`));
    open.onsuccess = () => {
      const db = open.result;
      const tx = db.transaction('kv', 'readwrite');
      const store = tx.objectStore('kv');
      let result = null;
      const get = (k, then) => { const q = store.get(k); q.onsuccess = () => then(q.result ?? null); };
      if (op === 'clear') store.clear();
      else if (op === 'get') get(key, (v) => { result = v; });
      else if (op === 'put') store.put(value, key);
      else if (op === 'current') get('current', (id) => get(`project/${id}`, (v) => { result = v; }));
      else reject(new Error(`unknown op ${op}`));
      tx.oncomplete = () => { db.close(); resolve(result); };
      tx.onerror = () => { db.close(); reject(new Error(`transaction: ${tx.error}`)); };
      tx.onabort = () => { db.close(); reject(new Error(`aborted: ${tx.error}`)); };
    };
  }), [op, key, value]);
}

/// Empties the app's storage (projects and list) and its localStorage.
export async function clearStorage(page) {
  await storeOp(page, 'clear');
  await page.evaluate(() => localStorage.clear());
}

/// The stored text of the project open last.
export async function storedCurrent(page) {
  return storeOp(page, 'current');
}

/// Makes every later write of a project fail as a full disk does (QuotaExceededError).
export async function failProjectWrites(page) {
  await page.evaluate(() => {
    const put = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function (value, key) {
      if (String(key).startsWith('project/')) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return put.call(this, value, key);
    };
  });
}

/// The option a chart draws, as a person sees it: the chart scrolled into view (a chart out of
/// sight keeps its latest option, marked data-stale, and draws it when it comes into view), read
/// once it is drawn and the next frames are painted.
export async function chartOption(page, testid) {
  const chart = page.locator(`[data-testid="${testid}"]`).first();
  await chart.scrollIntoViewIfNeeded();
  await page.locator(`[data-testid="${testid}"]:not([data-stale])`).first().waitFor();
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 0)))));
  return page.evaluate((id) => {
    const el = document.querySelector(`[data-testid="${id}"]`);
    const instance = el && echarts.getInstanceByDom(el);
    return instance ? JSON.parse(JSON.stringify(instance.getOption())) : null;
  }, testid);
}

/// The page coordinates of the data item `id` of a chart's series (`seriesId`, or the first).
export async function itemPoint(page, testid, id, seriesId = null) {
  return page.evaluate(({ testid, id, seriesId }) => {
    const el = document.querySelector(`[data-testid="${testid}"]`);
    const chart = echarts.getInstanceByDom(el);
    const series = chart.getOption().series;
    const index = seriesId === null ? 0 : series.findIndex((s) => s.id === seriesId);
    const node = series[index].data.find((d) => d.id === id);
    const [x, y] = chart.convertToPixel({ seriesIndex: index }, node.value ?? [node.x, node.y]);
    const box = el.getBoundingClientRect();
    return { x: box.left + x, y: box.top + y };
  }, { testid, id, seriesId });
}

/// Every piece of text a chart draws (not one its label layout left out), with its box in page
/// pixels and the colour of its ground, if it has one (the selected action's id does).
export async function drawnTexts(page, testid) {
  await chartOption(page, testid);
  return page.evaluate((testid) => {
    const el = document.querySelector(`[data-testid="${testid}"]`);
    const box = el.getBoundingClientRect();
    const chart = echarts.getInstanceByDom(el);
    return chart.getZr().storage.getDisplayList(true)
      .filter((e) => e.type === 'tspan' && !e.ignore && !e.invisible && (e.style?.text ?? '').trim())
      .map((e) => {
        const r = e.getBoundingRect().clone();
        const m = e.getComputedTransform();
        if (m) r.applyTransform(m);
        const ground = e.parent?.style?.backgroundColor ?? null;
        return { text: e.style.text, x: box.left + r.x, y: box.top + r.y, width: r.width, height: r.height, ground };
      });
  }, testid);
}

/// The pairs of boxes (`{text, x, y, width, height}`) that cover each other: among `boxes`, or
/// each of `boxes` with each of `others`. A pixel of touching is not covering.
export function overlapping(boxes, others = null) {
  const covering = (a, b) => a.x + a.width - 1 > b.x && b.x + b.width - 1 > a.x && a.y + a.height - 1 > b.y && b.y + b.height - 1 > a.y;
  const found = [];
  for (let i = 0; i < boxes.length; i++) {
    for (const b of others ?? boxes.slice(i + 1)) {
      if (covering(boxes[i], b)) found.push(`${boxes[i].text} / ${b.text}`);
    }
  }
  return found;
}

/// Selects the symbolic action in the middle of a seeded case (`symbolic`: its symbolic actions'
/// numbers), which in the seeded 300-action case has most of the case in its lineage; returns its
/// id once both charts show the lineage through the states. The row is checked to be the one
/// selected before the charts are waited for, and a wait that runs out says where each chart
/// stood, so that a failure names its cause instead of a bare timeout.
export async function selectLargeLineage(page, symbolic) {
  const id = `A${symbolic[Math.floor(symbolic.length / 2)]}`;
  const row = page.getByTestId(`action-row-${id}`);
  await row.click();
  await page.locator(`[data-testid="action-row-${id}"][aria-selected="true"]`).waitFor();
  for (const testid of ['timeline-chart', 'network-chart']) {
    await page.getByTestId(testid).scrollIntoViewIfNeeded();
    try {
      await page.waitForFunction((t) => Number(document.querySelector(`[data-testid="${t}"]`).dataset.focused) > 100, testid);
    } catch (e) {
      const where = await page.evaluate((t) => {
        const el = document.querySelector(`[data-testid="${t}"]`);
        const selected = [...document.querySelectorAll('[aria-selected="true"]')].map((r) => r.dataset.testid);
        return { focused: el.dataset.focused ?? null, stale: el.dataset.stale !== undefined, selected, title: document.querySelector('[data-testid="case-title"]')?.textContent };
      }, testid);
      throw new Error(`${testid}: the lineage of ${id} was not shown (${JSON.stringify(where)}): ${e.message}`);
    }
  }
  return id;
}

/// Reads `read()` until `done(value)` holds, and returns the last value read: a wait for a
/// condition itself (a change the page makes after a paint, or a task of its own), never for a
/// guessed time. Gives up after `timeout` ms, the bound of Playwright's own waits; the caller then
/// asserts on the value, so a condition that never comes fails with what was there instead.
export async function until(read, done, timeout = 30000) {
  const start = Date.now();
  let value = await read();
  while (!done(value) && Date.now() - start < timeout) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    value = await read();
  }
  return value;
}

/// Reads `read()` until it deep-equals `expected`, then asserts it (see [`until`]).
export async function eventually(read, expected, message, timeout = 30000) {
  assert.deepEqual(await until(read, (value) => isDeepStrictEqual(value, expected), timeout), expected, message);
}

export async function screenshot(page, name) {
  await mkdir(artifacts, { recursive: true });
  const path = join(artifacts, name);
  // A picture of the whole page, like a print: the charts out of sight draw what they kept.
  await page.evaluate(() => new Promise((r) => {
    window.dispatchEvent(new Event('beforeprint'));
    requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 0)));
  }));
  await page.screenshot({ path, fullPage: true });
  return path;
}

/// Serves dist/ and starts Chromium once for a test file; `app.origin` and `app.browser` are set
/// before the first test and closed after the last.
export function useApp() {
  const app = {};
  before(async () => {
    ({ server: app.server, origin: app.origin } = await serveDist());
    app.browser = await launch();
  });
  after(async () => {
    await app.browser?.close();
    app.server?.close();
  });
  return app;
}

/** Starts the team's sync server (scripts/sync.sh, as `make sync` does) with env; resolves with
 * the child and its URL once it listens, or rejects with its exit code and what it said. */
export function startSync(env) {
  const child = spawn('scripts/sync.sh', [], { cwd: root, env: { ...process.env, ...env } });
  let out = '';
  let err = '';
  child.stderr.on('data', (d) => { err += d; });
  const ready = new Promise((resolve, reject) => {
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/listening on (ws:\/\/[\d.]+:\d+)/);
      if (m) resolve({ child, url: m[1] });
    });
    child.on('exit', (code) => reject(Object.assign(new Error(`exited ${code}: ${err}`), { code, err })));
  });
  return ready;
}

export function stopSync(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.on('exit', resolve);
    child.kill('SIGTERM');
  });
}


/// One machine's network to the sync server, which a test can cut and bring back: a TCP relay on
/// 127.0.0.1 in front of `url`. Cut, it drops every connection through it and refuses new ones,
/// as a lost network does (Chromium's offline emulation leaves open WebSockets open).
export async function relay(url) {
  const target = new URL(url);
  const open = new Set();
  let cut = false;
  const server = createTcpServer((client) => {
    if (cut) return client.destroy();
    const upstream = connectTcp(Number(target.port), target.hostname);
    open.add(client);
    open.add(upstream);
    const drop = () => { client.destroy(); upstream.destroy(); open.delete(client); open.delete(upstream); };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `ws://127.0.0.1:${server.address().port}`,
    cut() {
      cut = true;
      for (const socket of open) socket.destroy();
      open.clear();
    },
    restore() { cut = false; },
    close() {
      this.cut();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}
