// Level of detail: a case of more than 500 actions opens with the timeline and the network drawn
// by cell (period, actor group, kind); a selection and a recode show in the marks; a click on a
// mark, a period or an actor group zooms in to every action; "Every action" draws them all.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useApp, openApp, screenshot, itemPoint, chartOption } from './helpers.mjs';
import { seededCase } from '../perf/cases.mjs';

const app = useApp();
const N = 1200;

/// The first series of the chart whose element has this test id, once the next frames are drawn.
async function firstSeries(page, testid) {
  const option = await chartOption(page, testid);
  const s = option.series[0];
  return { data: s.data, links: s.links, xAxis: option.xAxis?.[0] };
}

/// The count a mark's label starts with ("1,234 ↻" → 1234).
const countOf = (node) => Number(String(node.label.formatter).split(' ')[0].split('\n').pop().replace(/,/g, ''));

/// Clicks the data item `id` of the chart's first series at its pixel position.
async function clickItem(page, testid, id) {
  await page.getByTestId(testid).scrollIntoViewIfNeeded();
  const point = await itemPoint(page, testid, id);
  await page.mouse.click(point.x, point.y);
}

test('a large case opens as an overview by cell; selection and recodes show in it; clicks zoom in', async () => {
  const { page, errors } = await openApp(app.browser, app.origin);
  const { csv, symbolic } = seededCase(N, 7);
  await page.getByTestId('import-input').setInputFiles({ name: 'large.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.getByTestId('row-count').filter({ hasText: `of ${N} actions` }).waitFor();
  await page.getByTestId('timeline-overview-note').filter({ hasText: 'Overview of 1,200 actions' }).waitFor();
  await page.getByTestId('network-overview-note').filter({ hasText: 'Overview of 1,200 actions' }).waitFor();

  // The timeline: one mark per period, group and kind; the labels add up to every action.
  let timeline = await firstSeries(page, 'timeline-chart');
  assert.ok(timeline.data.every((d) => d.id.startsWith('cell:')), 'only cells');
  assert.ok(timeline.data.length <= 10 * 3 * 3, `${timeline.data.length} marks`);
  assert.equal(timeline.data.reduce((s, d) => s + countOf(d), 0), N);
  let network = await firstSeries(page, 'network-chart');
  assert.ok(network.data.every((d) => d.id.startsWith('cell:-:')), 'groups and kinds, periods pooled');
  assert.equal(network.data.reduce((s, d) => s + countOf(d), 0), N);
  const reinforcing = network.links.filter((l) => l.name === 'reinforcing');
  assert.ok(reinforcing.length > 0 && reinforcing.every((l) => Number(String(l.label.formatter).replace(/,/g, '')) === l.value));
  await screenshot(page.getByTestId('timeline-chart'), 'timeline-overview-1200.png');
  await screenshot(page.getByTestId('network-chart'), 'network-overview-1200.png');

  // Selecting an action marks its cell.
  const id = `A${symbolic[3]}`;
  await page.getByTestId(`action-row-${id}`).click();
  await page.waitForFunction((id) => document.querySelector('[data-testid="details-id"]')?.textContent === id, id);
  timeline = await firstSeries(page, 'timeline-chart');
  const marked = timeline.data.filter((d) => d.itemStyle.borderWidth === 3);
  assert.equal(marked.length, 1, 'one cell holds the selection');

  // Recoding it moves one action from its cell to the cell of its new kind.
  const kindOf = (cellId) => cellId.split(':')[3];
  const before = marked[0];
  const to = kindOf(before.id) === 'conformity' ? 'advocacy' : 'conformity';
  const target = before.id.replace(/:[a-z]+$/, `:${to}`);
  const countIn = (series, cellId) => countOf(series.data.find((d) => d.id === cellId) ?? { label: { formatter: '0' } });
  const targetBefore = countIn(timeline, target);
  await page.getByTestId(`action-row-${id}`).focus();
  await page.keyboard.press(to === 'conformity' ? 'c' : 'a');
  await page.waitForFunction(({ id, to }) => document.querySelector(`[data-testid="row-kind-${id}"]`)?.value === to, { id, to });
  await page.getByTestId('timeline-chart').scrollIntoViewIfNeeded();
  await page.waitForFunction(({ target, expected }) => {
    const chart = echarts.getInstanceByDom(document.querySelector('[data-testid="timeline-chart"]'));
    const node = chart.getOption().series[0].data.find((d) => d.id === target);
    return node && Number(String(node.label.formatter).split(' ')[0].replace(/,/g, '')) === expected;
  }, { target, expected: targetBefore + 1 });
  timeline = await firstSeries(page, 'timeline-chart');
  assert.equal(countIn(timeline, before.id), countOf(before) - 1, 'one fewer in the old cell');
  assert.equal(timeline.data.find((d) => d.id === target).itemStyle.borderWidth, 3, 'the selection moved with it');

  // A click on a mark zooms into its period: every action of that period, on its band.
  const period = Number(target.split(':')[1]);
  await clickItem(page, 'timeline-chart', target);
  await page.waitForFunction((p) => document.querySelector('[data-testid="timeline-period"]').value === String(p), period);
  await page.getByTestId('timeline-overview-note').waitFor({ state: 'detached' });
  timeline = await firstSeries(page, 'timeline-chart');
  const inPeriod = csv.split('\n').slice(1).filter((r) => r.split(',')[2] === `P${period + 1}`).length;
  assert.equal(timeline.data.length, inPeriod, 'the period\'s actions');
  assert.ok(timeline.data.every((d) => /^A\d+$/.test(d.id)));
  await screenshot(page.getByTestId('timeline-chart'), 'timeline-zoomed-1200.png');
  // Back to all periods: the overview; every action on request.
  await page.getByTestId('timeline-period').selectOption('');
  await page.getByTestId('timeline-overview-note').waitFor();
  await page.getByTestId('timeline-every-action').check();
  await page.getByTestId('timeline-overview-note').waitFor({ state: 'detached' });
  timeline = await firstSeries(page, 'timeline-chart');
  assert.equal(timeline.data.length, N, 'every action drawn');
  await page.getByTestId('timeline-every-action').uncheck();
  await page.getByTestId('timeline-overview-note').waitFor();

  // The network: a click on a node filters to its actor group; a period then brings the actions.
  network = await firstSeries(page, 'network-chart');
  const others = network.data.filter((d) => d.id.endsWith(':substantive')).sort((a, b) => countOf(b) - countOf(a))[0];
  await clickItem(page, 'network-chart', others.id);
  const actor = await page.getByTestId('network-filter-actor').inputValue();
  assert.notEqual(actor, '', 'an actor group is chosen');
  network = await firstSeries(page, 'network-chart');
  const groupCount = network.data.reduce((s, d) => s + countOf(d), 0);
  assert.ok(network.data.every((d) => d.id.split(':')[2] === others.id.split(':')[2]), 'one group');
  await page.getByTestId('network-filter-period').selectOption('P1');
  await page.getByTestId('network-overview-note').waitFor({ state: 'detached' });
  network = await firstSeries(page, 'network-chart');
  const actions = network.data.filter((d) => /^A\d+$/.test(d.id));
  assert.ok(actions.length > 0 && actions.length < groupCount, `${actions.length} actions of P1`);
  assert.deepEqual(errors, []);
});

test('an action whose id looks like an overview mark is selected by a click, not zoomed into', async () => {
  const { page, errors } = await openApp(app.browser, app.origin);
  const csv = 'id,actor,period,action,symbolic,triggers\ncell:0:0:conformity,G,P1,First,conformity,\nX2,G,P2,Second,advocacy,cell:0:0:conformity\n';
  await page.getByTestId('import-input').setInputFiles({ name: 'ids.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.getByTestId('row-count').filter({ hasText: 'of 2 actions' }).waitFor();
  const timeline = await firstSeries(page, 'timeline-chart');
  assert.deepEqual(timeline.data.map((d) => d.id).sort(), ['X2', 'cell:0:0:conformity'], 'every action drawn');
  await clickItem(page, 'timeline-chart', 'cell:0:0:conformity');
  await page.waitForFunction(() => document.querySelector('[data-testid="details-id"]')?.textContent === 'cell:0:0:conformity');
  assert.equal(await page.getByTestId('timeline-period').inputValue(), '', 'no period chosen');
  assert.deepEqual(errors, []);
});
