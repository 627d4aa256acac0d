// In-browser performance of the release build (not a test: nothing is asserted).
//   trunk build --release && node tests/perf/browser-bench.mjs
// Prints the median times of the core at N = 1,000 and 10,000 in Chromium, and the time a
// selection takes to reach the details panel with a 300-action case open.
import { serveDist, launch, openApp } from '../e2e/helpers.mjs';

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
// Selection with 300 actions.
const rows = ['id,actor,period,action,symbolic,triggers'];
for (let i = 0; i < 300; i++) {
  const kind = i % 10 === 0 ? 'conformity' : i % 10 === 5 ? 'advocacy' : '';
  rows.push(`A${i},Group ${i % 6},Period ${Math.floor(i / 30)},Action ${i},${kind},${i > 0 ? 'A' + (i - 1) : ''}${i > 3 ? ';A' + (i - 4) : ''}`);
}
await page.getByTestId('import-input').setInputFiles({ name: 'n300.csv', mimeType: 'text/csv', buffer: Buffer.from(rows.join('\n')) });
await page.getByTestId('action-row-A299').waitFor();
// The charts in view (a chart out of sight waits until it is seen, and would never finish); the
// rows are clicked by script, which does not scroll.
await page.getByTestId('network-chart').scrollIntoViewIfNeeded();
await page.waitForTimeout(1000);
// From the click to the first frame painted with the details open and the row highlighted, and
// to the moment both charts have redrawn with the selection's lineage emphasised.
const answered = [];
const charts = [];
const timelines = [];
for (const id of ['A150', 'A10', 'A299', 'A42', 'A200']) {
  const [a, c, tl] = await page.evaluate(async (id) => {
    const row = document.querySelector(`[data-testid="action-row-${id}"]`);
    const chartDone = (testid) => {
      const inst = echarts.getInstanceByDom(document.querySelector(`[data-testid="${testid}"]`));
      return new Promise((resolve) => inst.on('finished', function done() { inst.off('finished', done); resolve(); }));
    };
    const t0 = performance.now();
    const stamp = (p) => p.then(() => performance.now() - t0);
    const timelineDone = stamp(chartDone('timeline-chart'));
    const both = Promise.all([timelineDone, chartDone('network-chart')]);
    row.click();
    // Checked at the start of each frame: the first frame that finds it shown paints it.
    const answeredMs = await new Promise((resolve) => {
      const check = () => (document.querySelector('[data-testid="details-id"]')?.textContent === id
        && row.getAttribute('aria-selected') === 'true' ? resolve(performance.now() - t0) : requestAnimationFrame(check));
      requestAnimationFrame(check);
    });
    const [timelineMs] = await both;
    return [answeredMs, performance.now() - t0, timelineMs];
  }, id);
  answered.push(a);
  charts.push(c);
  timelines.push(tl);
}
const med = (xs) => Number([...xs].sort((a, b) => a - b)[2].toFixed(1));
console.log(JSON.stringify({ n: 300, selection_answered_ms_median: med(answered), timeline_redrawn_ms_median: med(timelines), both_charts_redrawn_ms_median: med(charts) }));
await browser.close();
server.close();
