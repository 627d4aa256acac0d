// In-browser performance of the release build (not a test: nothing is asserted).
//   trunk build --release && node tests/perf/browser-bench.mjs
// Prints the median times of the core at N = 1,000 and 10,000 in Chromium, and the time a
// selection takes to reach the details panel with a 300-action case open.
import { serveDist, launch, openApp } from '../e2e/helpers.mjs';
import { importSeeded } from './cases.mjs';

const { server, origin } = await serveDist();
const browser = await launch();
const { page } = await openApp(browser, origin);
for (const n of [1000, 10000]) {
  const result = await page.evaluate(([n]) => window.wasmBindings.regime_lens_benchmark(n, 42n, 15), [n]);
  console.log(result);
}
console.log(await page.evaluate(() => window.wasmBindings.regime_lens_benchmark_parts(10000, 42n, 15)));
// Team agreement: five coders of 10,000 actions.
console.log(await page.evaluate(() => window.wasmBindings.regime_lens_benchmark_agreement(10000, 42n, 5)));
// Pivotal codings: every flip of every action at 1,000 actions, and a sampled 5,000.
for (const n of [300, 1000, 5000]) {
  console.log(await page.evaluate(([n]) => window.wasmBindings.regime_lens_benchmark_pivotal(n, 42n, 5), [n]));
}
// Selection with 300 actions (the seeded case of tests/perf/cases.mjs: each action's lineage is a
// part of the case, so a selection changes what the charts emphasise).
const { symbolic } = await importSeeded(page, 300);
await page.getByTestId('action-row-A299').waitFor();
// The charts in view (a chart out of sight waits until it is seen); the rows are clicked by
// script, which does not scroll.
await page.getByTestId('network-chart').scrollIntoViewIfNeeded();
await page.waitForTimeout(1000);
// From the click to the first frame painted with the details open and the row highlighted, and
// to the last frame each chart painted after it (ECharts' 'rendered' event), waiting until
// neither has painted for a second. A chart with nothing to change paints nothing: its time is
// then null, and the median is over the selections that redrew it.
const answered = [];
const charts = [];
const timelines = [];
const ids = [0, 1, 2, 3, 4].map((k) => `A${symbolic[Math.floor(((2 * k + 1) * symbolic.length) / 10)]}`);
for (const id of ids) {
  const [a, c, tl] = await page.evaluate(async (id) => {
    const row = document.querySelector(`[data-testid="action-row-${id}"]`);
    const last = {};
    const off = [];
    const t0 = performance.now();
    for (const testid of ['timeline-chart', 'network-chart']) {
      const inst = echarts.getInstanceByDom(document.querySelector(`[data-testid="${testid}"]`));
      const painted = () => { last[testid] = performance.now() - t0; };
      inst.on('rendered', painted);
      off.push(() => inst.off('rendered', painted));
    }
    row.click();
    // Checked at the start of each frame: the first frame that finds it shown paints it.
    const answeredMs = await new Promise((resolve) => {
      const check = () => (document.querySelector('[data-testid="details-id"]')?.textContent === id
        && row.getAttribute('aria-selected') === 'true' ? resolve(performance.now() - t0) : requestAnimationFrame(check));
      requestAnimationFrame(check);
    });
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      const now = performance.now() - t0;
      const latest = Math.max(answeredMs, ...Object.values(last));
      if (now - latest >= 1000 || now > 30000) break;
    }
    off.forEach((f) => f());
    const timeline = last['timeline-chart'] ?? null;
    const network = last['network-chart'] ?? null;
    return [answeredMs, timeline == null && network == null ? null : Math.max(timeline ?? 0, network ?? 0), timeline];
  }, id);
  answered.push(a);
  charts.push(c);
  timelines.push(tl);
}
const med = (xs) => {
  const s = xs.filter((x) => x != null).sort((a, b) => a - b);
  return s.length ? Number(s[Math.floor((s.length - 1) / 2)].toFixed(1)) : null;
};
console.log(JSON.stringify({ n: 300, ids, selection_answered_ms_median: med(answered), timeline_redrawn_ms_median: med(timelines), both_charts_redrawn_ms_median: med(charts), redrawn: charts.filter((c) => c != null).length }));
await browser.close();
server.close();
