// Where a recode's first frame goes (not a test: nothing is asserted). A Chromium trace of one
// recode on the release build, summed by phase up to the frame's commit: the app's own work in the
// key's handler (EventDispatch), then the browser's style, layout, pre-paint, paint and layerize.
//   trunk build --release && node tests/perf/frame-trace.mjs [N] [RUNS]   (default 1000 actions, 3 runs)
// CSS='...' adds a style sheet first, to try a layout change before making it; SHOT=file.png
// saves the page after the last run. Tracing slows the page: compare runs of this script with
// each other, not with tests/perf/interactions.mjs.
import { serveDist, launch, openApp } from '../e2e/helpers.mjs';
import { importSeeded, nameCoder } from './cases.mjs';
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';

const n = Number(process.argv[2] ?? 1000);
const runs = Number(process.argv[3] ?? 3);
const dir = mkdtempSync(join(tmpdir(), 'frame-trace-'));
const { server, origin } = await serveDist();
const browser = await launch();
const phases = ['EventDispatch', 'UpdateLayoutTree', 'Layout', 'PrePaint', 'Paint', 'Layerize'];
for (let run = 0; run < runs; run++) {
  const { page, context } = await openApp(browser, origin);
  const { symbolic } = await importSeeded(page, n, 42 + run);
  await nameCoder(page);
  if (process.env.CSS) await page.addStyleTag({ content: process.env.CSS });
  await page.waitForTimeout(3000);
  // A symbolic action among the rows shown first, recoded to substantive by its key.
  const shown = symbolic.filter((i) => i < 500);
  const id = `A${shown[Math.floor(shown.length / 3)]}`;
  await page.getByTestId(`action-row-${id}`).click();
  await page.waitForTimeout(1500);
  await page.getByTestId(`action-row-${id}`).focus();
  await page.waitForTimeout(500);
  const path = join(dir, `run${run}.json`);
  await browser.startTracing(page, { path, categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink'] });
  await page.keyboard.press('s');
  await page.waitForTimeout(1500);
  await browser.stopTracing();
  const trace = JSON.parse(readFileSync(path, 'utf8'));
  const events = trace.traceEvents ?? trace;
  const key = events.find((e) => e.name === 'EventDispatch' && e.args?.data?.type === 'keydown');
  if (!key) { console.log(JSON.stringify({ run, error: 'no keydown in the trace' })); continue; }
  const sums = Object.fromEntries(phases.map((p) => [p, 0]));
  let commit = null;
  for (const e of events.filter((x) => x.tid === key.tid && x.ph === 'X' && x.ts >= key.ts).sort((a, b) => a.ts - b.ts)) {
    if (e.name === 'Commit') { commit = (e.ts - key.ts) / 1000; break; }
    if (e.name in sums) sums[e.name] += e.dur / 1000;
  }
  const interaction = events.find((e) => e.name === 'Responsiveness.Renderer.UserInteraction' && e.ts > key.ts);
  const elements = await page.evaluate(() => document.querySelectorAll('*').length);
  console.log(JSON.stringify({
    run, action: id, elements, commit_ms: commit, interaction_ms: interaction?.args?.data?.maxDuration ?? null,
    ...Object.fromEntries(Object.entries(sums).map(([k, v]) => [k, Math.round(v * 10) / 10])),
  }));
  if (process.env.SHOT && run === runs - 1) await page.screenshot({ path: process.env.SHOT });
  await context.close();
}
rmSync(dir, { recursive: true, force: true });
await browser.close();
server.close();
