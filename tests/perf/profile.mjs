// Where the time of a click goes (not a test: nothing is asserted). A CPU profile (Chrome DevTools
// protocol, sampling every 0.2 ms) of an import, three selections and three recodes, on a build
// that keeps the wasm function names:
//   sed 's|data-wasm-opt="z"|data-wasm-opt="0" data-keep-debug|' index.html > index-prof.html
//   trunk build index-prof.html --release true --dist /tmp/prof-dist
//   node tests/perf/profile.mjs [N]        (N actions, default 5000; DIST=... for another build)
// Prints the functions with the most time of their own. For the recodes, only the work between
// the key and the next animation frame (what delays the next paint) is counted; ONLY_RECODE=1
// skips the selections, and WHOLE=1 counts the whole 1.5 s after each key (the charts redrawn
// after the paint too).
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { join, extname } from 'node:path';
import { launch } from '../e2e/helpers.mjs';
import { seededCase } from './cases.mjs';
const dist = process.env.DIST ?? '/tmp/prof-dist';
const types = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css', '.json': 'application/json' };
const server = createServer(async (req, res) => {
  let p = new URL(req.url, 'http://x').pathname; if (p.endsWith('/')) p += 'index.html';
  try { const b = await readFile(join(dist, p)); res.writeHead(200, { 'content-type': types[extname(p)] ?? 'application/octet-stream' }); res.end(b); }
  catch { res.writeHead(404); res.end(); }
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const origin = `http://127.0.0.1:${server.address().port}`;
const browser = await launch();
const n = Number(process.argv[2] ?? 5000);
const page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
page.on('pageerror', (e) => console.log('ERR', String(e)));
await page.goto(origin + '/');
await page.getByTestId('action-table').waitFor();
const { csv, symbolic } = seededCase(n, 42);
const client = await page.context().newCDPSession(page);
await client.send('Profiler.enable');
await client.send('Profiler.setSamplingInterval', { interval: 200 });
async function prof(label, act, sync = false) {
  if (sync) await page.evaluate(() => {
    window.__spans = [];
    document.addEventListener('keydown', () => { const t0 = performance.now(); requestAnimationFrame(() => window.__spans.push(performance.now() - t0)); }, { capture: true });
  });
  const self = new Map();
  let total = 0;
  const runs = sync ? 3 : 1;
  for (let r = 0; r < runs; r++) {
    await client.send('Profiler.start');
    await act(r);
    await page.waitForTimeout(1500);
    const { profile } = await client.send('Profiler.stop');
    const byId = new Map(profile.nodes.map((x) => [x.id, x]));
    const span = sync && !process.env.WHOLE ? (await page.evaluate(() => window.__spans.at(-1))) : Infinity;
    total += sync ? span : 0;
    let t = 0; let begun = null;
    profile.samples.forEach((id, k) => {
      t += (profile.timeDeltas[k] ?? 0) / 1000;
      const node = byId.get(id);
      const name = node.callFrame.functionName || `(${node.callFrame.url.split('/').pop()}:${node.callFrame.lineNumber})`;
      if (begun === null && (name.includes('::') || node.callFrame.url.includes('wasm'))) begun = t;
      if (begun === null || t - begun > span) return;
      self.set(name, (self.get(name) ?? 0) + (profile.timeDeltas[k] ?? 0) / 1000);
    });
  }
  const top = [...self.entries()].filter(([n]) => n !== '(idle)').sort((a, b) => b[1] - a[1]).slice(0, 40);
  console.log(`\n== ${label}${sync && !process.env.WHOLE ? ` (input to the next frame: ${(total / runs).toFixed(0)} ms on average)` : ''}`);
  if (process.env.WHOLE) console.log(`(all of the 1.5 s after the key: ${([...self.entries()].filter(([n]) => n !== '(idle)').reduce((a, [, ms]) => a + ms, 0) / runs).toFixed(0)} ms busy on average, idle excluded)`);
  for (const [name, ms] of top) console.log(`${(ms / runs).toFixed(1).padStart(8)} ms  ${name.slice(0, 150)}`);
}
await prof('import', async () => {
  await page.getByTestId('import-input').setInputFiles({ name: 'n.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.getByTestId('chains-summary').getByText('reinforcing links').waitFor({ timeout: 300000 });
});
await page.waitForTimeout(2000);
await page.getByTestId('coder-name').fill('B'); await page.getByTestId('coder-name').blur();
await page.waitForTimeout(1000);
const ids = [1, 2, 3].map((k) => `A${symbolic[Math.min(k * 10, Math.floor((k * symbolic.length) / 4))]}`);
if (!process.env.ONLY_RECODE) await prof('select x3', async () => { for (const id of ids) { await page.getByTestId(`action-row-${id}`).click(); await page.waitForTimeout(300); } });
for (const id of ids) { await page.getByTestId(`action-row-${id}`).focus(); }
await prof('recode, before the next frame', async (r) => { await page.getByTestId(`action-row-${ids[r]}`).focus(); await page.waitForTimeout(500); await page.keyboard.press('s'); }, true);
await browser.close(); server.close();
