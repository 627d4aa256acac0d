// What a person feels (not a test: nothing is asserted). Issue 13's table, measured in Chromium
// on the release build with the Event Timing API, as INP measures it:
//   trunk build --release && node tests/perf/interactions.mjs [--runs R] [sizes...]
// Sizes are numbers of actions ("telco" for the built-in case); the default is telco 300 1000 5000.
//
// For each size and run, a fresh page imports a seeded case (the same generator as
// tests/perf/large-case.mjs), then:
// - import: from handing the file to the input until the table and the chains summary show;
// - select: clicks five rows, one at a time;
// - recode: on five rows, types the key of another kind, then the key of the row's first kind
//   (each recode and its undoing by hand is measured; before 2026-11-29 the script typed "a"
//   then "c", and on an advocacy action the "a" changed nothing).
// For each interaction it records
// - next paint: the longest Event Timing entry of the interaction (input to the next frame painted);
//   the API reports nothing under 16 ms, so "≤16" stands for that;
// - caught up: from the input until the end of the last long task or long animation frame that
//   followed it (the main thread is idle again, every view redrawn). Work in pieces under 50 ms
//   (such as the pivotal codings' 8 ms slices) is idle time for the page and is not counted.
// - longest task: the longest single task after the input (a click that comes meanwhile waits
//   at most that long);
// With --in-view, the recodes are made with the details panel's buttons while the network is in
// view (scrolled to the top of the page), so that the chart is redrawn within the interaction
// rather than when it next comes into view.
// Prints one JSON line per size and run, then the medians and ranges over the runs.
import { serveDist, launch, openApp } from '../e2e/helpers.mjs';
import { seededCase, importSeeded, nameCoder } from './cases.mjs';

const args = process.argv.slice(2);
let runs = 3;
let inView = false;
const sizes = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--runs') runs = Number(args[++i]);
  else if (args[i] === '--in-view') inView = true;
  else sizes.push(args[i]);
}
if (sizes.length === 0) sizes.push('telco', '300', '1000', '5000');

const { server, origin } = await serveDist();
const browser = await launch();

async function observe(page) {
  await page.evaluate(() => {
    const perf = { events: [], tasks: [] };
    window.__perf = perf;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        perf.events.push({ name: e.name, start: e.startTime, duration: e.duration, id: e.interactionId });
      }
    }).observe({ type: 'event', durationThreshold: 16, buffered: false });
    for (const type of ['longtask', 'long-animation-frame']) {
      try {
        new PerformanceObserver((list) => {
          for (const e of list.getEntries()) perf.tasks.push({ type, start: e.startTime, end: e.startTime + e.duration });
        }).observe({ type, buffered: false });
      } catch { /* not supported: the other one still counts */ }
    }
  });
}

/// Runs `act`, waits until the page is quiet, and reads the interaction's figures.
async function measure(page, act) {
  const t0 = await page.evaluate(() => { window.__perf.events.length = 0; window.__perf.tasks.length = 0; return performance.now(); });
  await act();
  // Quiet: no long task for a second (and at least 1.5 s after the input).
  for (let waited = 0; ; waited += 250) {
    await page.waitForTimeout(250);
    const quiet = await page.evaluate(() => {
      const last = Math.max(0, ...window.__perf.tasks.map((t) => t.end));
      return performance.now() - last;
    });
    if (waited >= 1500 && quiet >= 1000) break;
    if (waited > 60000) break;
  }
  return page.evaluate((t0) => {
    const events = window.__perf.events.filter((e) => e.start >= t0 - 1);
    const start = events.length ? Math.min(...events.map((e) => e.start)) : t0;
    const paint = events.length ? Math.max(...events.map((e) => e.duration)) : 16;
    const ends = [start + paint, ...window.__perf.tasks.filter((t) => t.end > start).map((t) => t.end)];
    // The longest single task (a long animation frame may hold several, with input in between).
    const after = window.__perf.tasks.filter((t) => t.type === 'longtask' && t.end > start);
    const longest = after.length ? Math.max(...after.map((t) => t.end - Math.max(t.start, start))) : 0;
    return { paint, painted: events.length > 0, caught: Math.max(...ends) - start, longest };
  }, t0);
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

const results = {};
for (const size of sizes) {
  for (let run = 0; run < runs; run++) {
    const { page, context, errors } = await openApp(browser, origin);
    await observe(page);
    let importMs = null;
    let ids;
    if (size !== 'telco') {
      const n = Number(size);
      const seeded = seededCase(n, 42 + run);
      const t = Date.now();
      const { symbolic } = await importSeeded(page, n, 42 + run, seeded);
      await page.getByTestId(`action-row-A${n - 1 < 500 ? n - 1 : 0}`).waitFor({ timeout: 300000 });
      importMs = Date.now() - t;
      // Spread over the rows the table shows first.
      const shown = symbolic.filter((i) => i < 500);
      ids = [0, 1, 2, 3, 4].map((k) => `A${shown[Math.floor((k * shown.length) / 5)]}`);
      await measure(page, async () => {}); // let the import settle
    } else {
      ids = await page.locator('[data-testid^="action-row-"]').evaluateAll((rows) =>
        rows.map((r) => r.dataset.testid.replace('action-row-', '')));
      ids = [0, 1, 2, 3, 4].map((k) => ids[Math.floor((k * ids.length) / 5)]);
    }
    await nameCoder(page);
    await measure(page, async () => {});
    const select = [];
    for (const id of ids) {
      select.push(await measure(page, () => page.getByTestId(`action-row-${id}`).click()));
    }
    const recode = [];
    for (const id of ids) {
      if (inView) {
        await page.getByTestId(`action-row-${id}`).click();
        await page.getByTestId('network-chart').scrollIntoViewIfNeeded();
        await measure(page, async () => {});
        const kind = await page.getByTestId(`row-kind-${id}`).inputValue();
        const other = kind === 'conformity' ? 'advocacy' : 'conformity';
        for (const k of [other, kind]) {
          recode.push(await measure(page, () => page.getByTestId(`relabel-${k}`).click()));
        }
        continue;
      }
      await page.getByTestId(`action-row-${id}`).focus();
      await measure(page, async () => {});
      // Two recodes: to another kind, then back to the first. (Pressing the key of the kind an
      // action already has changes nothing, and would be measured as a recode that costs nothing.)
      const kind = await page.getByTestId(`row-kind-${id}`).inputValue();
      const other = kind === 'conformity' ? 'a' : 'c';
      for (const key of [other, kind[0]]) {
        recode.push(await measure(page, () => page.keyboard.press(key)));
      }
    }
    const line = {
      size, run, import_ms: importMs,
      select_paint: select.map((m) => m.paint), select_caught: select.map((m) => Math.round(m.caught)),
      recode_paint: recode.map((m) => m.paint), recode_caught: recode.map((m) => Math.round(m.caught)),
      recode_longest: recode.map((m) => Math.round(m.longest)),
      errors,
    };
    console.log(JSON.stringify(line));
    (results[size] ??= []).push(line);
    await context.close();
  }
}

const fmt = (xs) => {
  const lo = Math.round(Math.min(...xs));
  const hi = Math.round(Math.max(...xs));
  return lo === hi ? `${lo}` : `${lo}–${hi}`;
};
console.log('\n| case | select: next paint / caught up | recode: next paint / caught up | recode: longest task | import |');
console.log('|---|---|---|---|---|');
for (const [size, lines] of Object.entries(results)) {
  // Median of each run's interactions, then the range of those medians over the runs.
  const per = (key) => fmt(lines.map((l) => median(l[key])));
  const imp = lines[0].import_ms == null ? '–' : `${fmt(lines.map((l) => l.import_ms))} ms`;
  console.log(`| ${size} | ${per('select_paint')} ms / ${per('select_caught')} ms | ${per('recode_paint')} ms / ${per('recode_caught')} ms | ${per('recode_longest')} ms | ${imp} |`);
}
await browser.close();
server.close();
