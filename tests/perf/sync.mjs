// A team's shared project, timed (not a test: nothing is asserted). On the release build, with
// the team's sync server started here on loopback (as `make sync` starts it):
//   trunk build --release && node tests/perf/sync.mjs [--recodes N] [--size N]
// - recode reaching the other browser: member A recodes an action (the details panel's button);
//   from the click until member B's table shows the new kind (B's page polls every frame), for
//   N recodes (default 20), alternating two actions' kinds; prints the median and the range;
// - joining: A opens a seeded case of --size actions (default 5000) and shares it (from the
//   click until the status reads "Connected" and the project is written); B joins the room (from
//   the click until B's table counts every action).
// Prints one JSON line per measure.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch, openApp, serveDist, startSync, stopSync, until } from '../e2e/helpers.mjs';
import { importSeeded, nameCoder } from './cases.mjs';

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const recodes = opt('--recodes', 20);
const size = opt('--size', 5000);
const TOKEN = 'perf-token';
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };

async function joinRoom(page, url, room = '') {
  await page.getByTestId('sync-server').fill(url);
  await page.getByTestId('sync-token').fill(TOKEN);
  await page.getByTestId('sync-passphrase').fill('a passphrase for timing');
  if (room) await page.getByTestId('sync-room').fill(room);
  const start = Date.now();
  await page.getByTestId('sync-join').click();
  await page.getByTestId('sync-status').filter({ hasText: /^Connected$/ }).waitFor({ timeout: 600000 });
  return start;
}

const { server, origin } = await serveDist();
const browser = await launch();
const data = mkdtempSync(join(tmpdir(), 'sync-perf-'));
const { child, url } = await startSync({ SYNC_TOKEN: TOKEN, SYNC_PORT: '0', SYNC_DATA: data });
try {
  // Recodes between two members on TelCo.
  {
    const a = await openApp(browser, origin);
    const b = await openApp(browser, origin);
    await nameCoder(a.page, 'A');
    await nameCoder(b.page, 'B');
    await joinRoom(a.page, url);
    const room = await a.page.getByTestId('sync-room').inputValue();
    await joinRoom(b.page, url, room);
    const times = [];
    for (let i = 0; i < recodes; i++) {
      const id = i % 2 ? 'AM4' : 'DS5';
      await a.page.getByTestId(`action-row-${id}`).click();
      const current = await a.page.$eval(`[data-testid="action-row-${id}"] .badge`, (e) => e.textContent.trim());
      const [button, label] = current === 'Substantive' ? ['relabel-conformity', 'Conformity'] : ['relabel-substantive', 'Substantive'];
      const start = Date.now();
      await a.page.getByTestId(button).click();
      await b.page.waitForFunction(
        ([id, label]) => document.querySelector(`[data-testid="action-row-${id}"] .badge`)?.textContent.trim() === label,
        [id, label],
        { polling: 'raf', timeout: 30000 },
      );
      times.push(Date.now() - start);
    }
    console.log(JSON.stringify({ measure: 'recode reaching the other browser', recodes, median_ms: median(times), min_ms: Math.min(...times), max_ms: Math.max(...times) }));
    await a.context.close();
    await b.context.close();
  }
  // Sharing and joining a large project.
  {
    const a = await openApp(browser, origin);
    await importSeeded(a.page, size);
    const sharing = await joinRoom(a.page, url);
    const shared = Date.now() - sharing;
    const room = await a.page.getByTestId('sync-room').inputValue();
    // Let the sharer's write reach the server before the other joins.
    await new Promise((r) => setTimeout(r, 2000));
    const b = await openApp(browser, origin);
    const joining = await joinRoom(b.page, url, room);
    await until(() => b.page.getByTestId('row-count').textContent(), (t) => t.endsWith(`of ${size} actions`), 600000);
    const joined = Date.now() - joining;
    console.log(JSON.stringify({ measure: 'sharing and joining', actions: size, share_ms: shared, join_ms: joined }));
    await a.context.close();
    await b.context.close();
  }
} finally {
  await browser.close();
  server.close();
  await stopSync(child);
  rmSync(data, { recursive: true, force: true });
}
