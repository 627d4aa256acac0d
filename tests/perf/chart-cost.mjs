// What each chart costs ECharts on a recode while it is in view (not a test: nothing is asserted).
//   trunk build --release && node tests/perf/chart-cost.mjs [N] [RECODES]   (default 300 actions, 3)
// Imports the seeded case of N actions, selects a symbolic action, scrolls the network into view
// (the timeline above it is within the half screen that counts as in view), recodes the action
// with the details panel's buttons, and prints the time of every setOption and dispatchAction
// each chart instance took, with the number of links its graph series drew.
import { serveDist, launch, openApp } from '../e2e/helpers.mjs';
import { importSeeded, nameCoder } from './cases.mjs';

const n = Number(process.argv[2] ?? 300);
const recodes = Number(process.argv[3] ?? 3);
const { server, origin } = await serveDist();
const browser = await launch();
const { page, context } = await openApp(browser, origin);
const { symbolic } = await importSeeded(page, n);
await nameCoder(page);
for (let k = 0; k < recodes; k++) {
  const id = `A${symbolic[(10 + k * 7) % symbolic.length]}`;
  await page.getByTestId(`action-row-${id}`).click();
  await page.getByTestId('network-chart').scrollIntoViewIfNeeded();
  await page.waitForTimeout(1500);
  await page.evaluate(() => {
    window.__calls = [];
    for (const el of document.querySelectorAll('[_echarts_instance_]')) {
      const inst = echarts.getInstanceByDom(el);
      if (inst.__timed) continue;
      inst.__timed = true;
      for (const m of ['setOption', 'dispatchAction']) {
        const original = inst[m].bind(inst);
        inst[m] = (o, opts) => {
          const t = performance.now();
          const r = original(o, opts);
          const links = o?.series?.find?.((s) => s.links)?.links?.length;
          window.__calls.push({ chart: el.dataset.testid, call: m, ms: Math.round(performance.now() - t), links });
          return r;
        };
      }
    }
  });
  const kind = await page.getByTestId(`row-kind-${id}`).inputValue();
  await page.getByTestId(`relabel-${kind === 'conformity' ? 'advocacy' : 'conformity'}`).click();
  await page.waitForTimeout(2000);
  console.log(JSON.stringify({ action: id, calls: await page.evaluate(() => window.__calls) }));
}
await context.close();
await browser.close();
server.close();
