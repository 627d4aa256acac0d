// How long a cold visit takes to show the TelCo table (not a test: nothing is asserted): from
// navigation to the first frame painted after the action table is in the page, in a fresh
// browser context each time (no HTTP or code cache), served from 127.0.0.1 (so the download
// costs next to nothing; over a network the module's size adds its transfer time).
//   node tests/perf/startup.mjs DIST [OTHER_DIST] [RUNS]   (default: dist/, 8 runs, alternating)
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { join, extname } from 'node:path';
import { launch, root } from '../e2e/helpers.mjs';

const types = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css', '.json': 'application/json' };
function serve(dist) {
  const server = createServer(async (req, res) => {
    let p = new URL(req.url, 'http://x').pathname;
    if (p.endsWith('/')) p += 'index.html';
    try {
      const body = await readFile(join(dist, p));
      res.writeHead(200, { 'content-type': types[extname(p)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404);
      res.end();
    }
  });
  return new Promise((r) => server.listen(0, '127.0.0.1', () => r({ server, origin: `http://127.0.0.1:${server.address().port}` })));
}

const args = process.argv.slice(2);
const runs = /^\d+$/.test(args.at(-1) ?? '') ? Number(args.pop()) : 8;
const dists = args.length ? args : [join(root, 'dist')];
const servers = await Promise.all(dists.map(serve));
const browser = await launch();
const times = dists.map(() => []);
for (let i = 0; i < runs; i++) {
  for (const [k, { origin }] of servers.entries()) {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    await page.goto(origin + '/');
    await page.getByTestId('action-table').waitFor();
    times[k].push(Math.round(await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(performance.now()))))));
    await context.close();
  }
}
const median = (l) => [...l].sort((x, y) => x - y)[Math.floor(l.length / 2)];
for (const [k, dist] of dists.entries()) console.log(`${dist}: median ${median(times[k])} ms (${times[k].join(' ')})`);
await browser.close();
for (const { server } of servers) server.close();
