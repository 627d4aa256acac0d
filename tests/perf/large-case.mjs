// How the app behaves with a large case (not a test: nothing is asserted).
//   trunk build --release && node tests/perf/large-case.mjs [N]
// Imports a seeded CSV of N actions (default 5,000) shaped like the analysis benchmark's synthetic
// cases, then times a selection and a relabel through the UI, as a researcher would do them.
import { serveDist, launch, openApp } from '../e2e/helpers.mjs';
import { seededCase } from './cases.mjs';

const N = Number(process.argv[2] ?? 5000);
const { server, origin } = await serveDist();
const browser = await launch();
const { page, errors } = await openApp(browser, origin);
const { csv } = seededCase(N);
const rows = csv.split('\n');
let t = Date.now();
await page.getByTestId('import-input').setInputFiles({ name: 'large.csv', mimeType: 'text/csv', buffer: Buffer.from(rows.join('\n')) });
await page.getByTestId('action-row-A0').waitFor({ timeout: 300000 });
await page.getByTestId('chains-summary').getByText('reinforcing links').waitFor({ timeout: 300000 });
const importMs = Date.now() - t;
await page.getByTestId('coder-name').fill('Benchmark');
await page.getByTestId('coder-name').blur();
const target = rows.findIndex((r, i) => i > 0 && r.includes(',conformity,')) - 1;
t = Date.now();
await page.getByTestId(`action-row-A${target}`).click();
await page.getByTestId('details-id').getByText(`A${target}`).waitFor();
const selectMs = Date.now() - t;
t = Date.now();
await page.getByTestId(`action-row-A${target}`).press('s');
await page.getByTestId('what-changed').waitFor();
const relabelMs = Date.now() - t;
console.log(JSON.stringify({ n: N, import_and_render_ms: importMs, select_ms: selectMs, relabel_ms: relabelMs,
  summary: await page.getByTestId('chains-summary').textContent(), errors }));
await browser.close();
server.close();
