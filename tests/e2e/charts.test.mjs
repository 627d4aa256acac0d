// Journeys through the timeline, the series, the network and the analysis panel, reading chart
// state through ECharts' own instances.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useApp, openApp, screenshot, itemPoint, chartOption, drawnTexts, overlapping, selectLargeLineage, eventually } from './helpers.mjs';
import { importSeeded } from '../perf/cases.mjs';

const app = useApp();

/// Clicks the data item `id` of graph series `seriesId` at its pixel position.
async function clickNode(page, testid, seriesId, id) {
  const point = await itemPoint(page, testid, id, seriesId);
  await page.mouse.click(point.x, point.y);
}

const opacityOf = (opt, seriesId, id) => opt.series.find((s) => s.id === seriesId).data.find((d) => d.id === id).itemStyle.opacity;

test('timeline: click AM4, see its descendants, clear, log scale, screenshots', async () => {
  const { page, context, errors } = await openApp(app.browser, app.origin);
  const chart = page.getByTestId('timeline-chart');
  await chart.scrollIntoViewIfNeeded();
  const opt = await chartOption(page, 'timeline-chart');
  const actions = opt.series.find((s) => s.id === 'actions');
  assert.equal(actions.data.length, 22);
  assert.equal(actions.links.length, 29);
  await screenshot(page.getByTestId('timeline-chart'), 'timeline-telco.png');

  await clickNode(page, 'timeline-chart', 'actions', 'AM4');
  assert.equal(await page.getByTestId('details-id').textContent(), 'AM4');
  assert.equal(await page.getByTestId('action-row-AM4').getAttribute('aria-selected'), 'true');
  const after = await chartOption(page, 'timeline-chart');
  for (const id of ['DS5', 'DS6', 'DS8', 'AM4']) assert.equal(opacityOf(after, 'actions', id), 1, id);
  for (const id of ['DS7', 'AM6', 'AM7']) assert.ok(opacityOf(after, 'actions', id) < 0.5, id);
  await screenshot(page.getByTestId('timeline-chart'), 'timeline-telco-am4.png');

  // Empty space clears the selection.
  const box = await chart.boundingBox();
  await page.mouse.click(box.x + box.width - 40, box.y + box.height - 50);
  await page.getByTestId('details').getByText('Select an action').waitFor();
  assert.equal(opacityOf(await chartOption(page, 'timeline-chart'), 'actions', 'DS7'), 1);

  // The series chart: totals as a line, then a log scale.
  const series = await chartOption(page, 'series-chart');
  assert.equal(series.yAxis[0].type, 'value');
  assert.equal(series.series.find((s) => s.id === 'total').data.at(-1).value[1], 15955);
  await page.getByTestId('series-log').check();
  await page.waitForFunction(() => echarts.getInstanceByDom(document.querySelector('[data-testid="series-chart"]')).getOption().yAxis[0].type === 'log');
  await screenshot(page.getByTestId('series-chart'), 'series-log.png');
  assert.deepEqual(errors, []);
  await context.close();
});

test('timeline of a 4-actor, 5-period case without dates; markup in data never runs', async () => {
  const { page, context, errors, dialogs } = await openApp(app.browser, app.origin);
  const rows = ['id,actor,period,action,symbolic,triggers'];
  const actors = ['Incumbent account managers of the regional sales teams', 'Data scientists', 'Management', 'Consultants'];
  let n = 0;
  for (let p = 1; p <= 5; p++) {
    for (let a = 0; a < 4; a++) {
      n++;
      const kind = a === 0 ? 'conformity' : a === 1 ? 'advocacy' : '';
      const trigger = n > 1 ? `X${n - 1}` : 'Outside pressure';
      const text = n === 3 ? '"<img src=x onerror=alert(1)> and <script>alert(2)</script>"' : `Action ${n}`;
      rows.push(`X${n},${actors[a]},Period ${p},${text},${kind},${trigger}`);
    }
  }
  await page.getByTestId('import-input').setInputFiles({ name: 'no-dates.csv', mimeType: 'text/csv', buffer: Buffer.from(rows.join('\n')) });
  await page.getByTestId('action-row-X20').waitFor();
  const opt = await chartOption(page, 'timeline-chart');
  assert.equal(opt.series.find((s) => s.id === 'actions').data.length, 20);
  assert.equal(opt.series.find((s) => s.id === 'lanes').data.length, 4);
  assert.equal(opt.series.find((s) => s.id === 'actions').markArea.data.length, 5);
  assert.equal(await page.getByTestId('series-chart').count(), 0, 'no series, no series chart');
  await page.getByTestId('timeline-chart').scrollIntoViewIfNeeded();
  await screenshot(page.getByTestId('timeline-chart'), 'timeline-no-dates.png');
  // Hover the action with markup: the tooltip shows it as text.
  await page.getByTestId('action-row-X3').click();
  assert.match(await page.getByTestId('details-description').textContent(), /<img src=x onerror=alert\(1\)>/);
  // The chart in view first (the click on the row scrolled the page to the table), so that the
  // click reaches the node.
  await page.getByTestId('timeline-chart').scrollIntoViewIfNeeded();
  await clickNode(page, 'timeline-chart', 'actions', 'X3');
  // The tooltip draws the markup as text on the chart (rich text: nothing is HTML).
  await page.waitForFunction(() => echarts.getInstanceByDom(document.querySelector('[data-testid="timeline-chart"]'))
    .getZr().storage.getDisplayList(true).some((e) => e.type === 'tspan' && (e.style?.text ?? '').includes('<img src=x onerror=alert(1)>')));
  assert.deepEqual(dialogs, [], 'no script from data ran');
  assert.equal(await page.locator('img[src="x"]').count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});

test('network and chains: a chain lights up in the network, DS8 selects its row', async () => {
  const { page, context, errors } = await openApp(app.browser, app.origin);
  const panel = page.getByTestId('chains-panel');
  await panel.scrollIntoViewIfNeeded();
  assert.match(await page.getByTestId('chains-summary').textContent(), /12 reinforcing links\. Longest chain: 8 actions/);
  await page.getByTestId('chain-0').click();
  const net = await chartOption(page, 'network-chart');
  const nodes = net.series[0].data;
  const strong = nodes.filter((d) => !d.id.startsWith('external') && d.itemStyle.opacity === 1).map((d) => d.id).sort();
  assert.deepEqual(strong, ['AM1', 'AM4', 'AM5', 'AM8', 'DS2', 'DS5', 'DS8', 'MG3']);
  const timeline = await chartOption(page, 'timeline-chart');
  assert.equal(opacityOf(timeline, 'actions', 'DS5'), 1);
  assert.ok(opacityOf(timeline, 'actions', 'DS7') < 0.5);
  await page.getByTestId('network-chart').scrollIntoViewIfNeeded();
  await screenshot(page.getByTestId('network-chart'), 'network-chain.png');

  // Mentions as triggers: TelCo's consequence column closes the cycle AM5 ⇄ DS6, which lights up
  // in the network like a chain; without mentions there is none.
  assert.equal(await page.getByTestId('cycles-none').count(), 1);
  await page.getByTestId('with-mentions').check();
  await page.getByTestId('cycles').waitFor();
  // Marked at all times, with nothing selected: wider links labelled "cycle" in the network, arcs
  // labelled "cycle" on the timeline, and "↻" after the ids of the actions in it.
  const cycleLinks = (opt) => opt.series[0].links.filter((l) => l.label?.formatter === 'cycle').map((l) => `${l.source}>${l.target}`).sort();
  assert.deepEqual(cycleLinks(await chartOption(page, 'network-chart')), ['AM5>DS6', 'DS6>AM5']);
  const timelineWithCycle = await chartOption(page, 'timeline-chart');
  assert.deepEqual(cycleLinks(timelineWithCycle), ['AM5>DS6', 'DS6>AM5']);
  assert.deepEqual(timelineWithCycle.series[0].data.filter((d) => d.label.formatter === '{b}\n↻').map((d) => d.id).sort(), ['AM5', 'DS6']);
  await page.getByTestId('network-chart').scrollIntoViewIfNeeded();
  await screenshot(page.getByTestId('network-chart'), 'network-cycle.png');
  await page.getByTestId('timeline-chart').scrollIntoViewIfNeeded();
  await screenshot(page.getByTestId('timeline-chart'), 'timeline-cycle.png');
  const cycle = page.getByTestId('cycles').getByRole('button', { name: 'AM5 ⇒ DS6 ⇒ AM5' });
  await cycle.click();
  const withCycle = await chartOption(page, 'network-chart');
  const lit = withCycle.series[0].data.filter((d) => !d.id.startsWith('external') && d.itemStyle.opacity === 1).map((d) => d.id).sort();
  assert.deepEqual(lit, ['AM5', 'DS6']);
  assert.match(await page.getByTestId('chains-summary').textContent(), /^14 reinforcing links/);
  assert.ok(await page.getByTestId('links-by-aspect').locator('tbody tr').count() > 0);
  await page.getByTestId('with-mentions').uncheck();
  await page.getByTestId('cycles-none').waitFor();
  assert.deepEqual(cycleLinks(await chartOption(page, 'network-chart')), []);
  await page.getByTestId('network-chart').scrollIntoViewIfNeeded();

  await clickNode(page, 'network-chart', 'network', 'DS8');
  await page.waitForFunction(() => document.querySelector('[data-testid="action-row-DS8"]').getAttribute('aria-selected') === 'true');
  assert.equal(await page.getByTestId('details-id').textContent(), 'DS8');

  // Reinforcing links can be hidden; the force layout is available.
  await page.getByTestId('toggle-reinforcing').uncheck();
  const off = await chartOption(page, 'network-chart');
  assert.equal(off.series[0].links.filter((l) => l.name === 'reinforcing').length, 0);
  await page.getByTestId('network-layout').selectOption('force');
  assert.equal((await chartOption(page, 'network-chart')).series[0].layout, 'force');

  // Diagnostics are listed and clickable.
  const diag = page.getByTestId('diagnostics');
  assert.match(await diag.textContent(), /The consequence of DS6 names AM5/);
  await diag.getByRole('button', { name: 'AM6' }).click();
  assert.equal(await page.getByTestId('details-id').textContent(), 'AM6');
  const matrix = await chartOption(page, 'regime-matrix');
  assert.equal(matrix.series[0].data.length, 9);
  await page.getByTestId('regime-matrix').scrollIntoViewIfNeeded();
  await screenshot(page.getByTestId('regime-matrix'), 'regime-matrix.png');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a case of 400 actions shows a lineage through the charts\' states, and keeps it after hovering', async () => {
  const { page, errors } = await openApp(app.browser, app.origin);
  // Ten streams of 40 actions: each action triggered by the one ten rows before it, so A203's
  // lineage is its stream (A3, A13, …, A393).
  const rows = ['id,actor,period,action,symbolic,triggers'];
  for (let i = 0; i < 400; i++) {
    const kind = i % 7 === 0 ? 'conformity' : i % 7 === 3 ? 'advocacy' : '';
    rows.push(`A${i},Group ${i % 4},P${Math.floor(i / 40)},Action ${i},${kind},${i >= 10 ? 'A' + (i - 10) : ''}`);
  }
  await page.getByTestId('import-input').setInputFiles({ name: 'streams.csv', mimeType: 'text/csv', buffer: Buffer.from(rows.join('\n')) });
  await page.getByTestId('action-row-A203').waitFor();
  // States of the graph elements of a chart's first series, by action id (1 faded, 2 highlighted).
  const states = (testid, ids) => page.evaluate(({ testid, ids }) => {
    const chart = echarts.getInstanceByDom(document.querySelector(`[data-testid="${testid}"]`));
    const data = chart.getModel().getSeriesByIndex(0).getData();
    const out = {};
    for (let i = 0; i < data.count(); i++) {
      if (ids.includes(data.getId(i))) out[data.getId(i)] = data.getItemGraphicEl(i)?.hoverState ?? 0;
    }
    return out;
  }, { testid, ids });
  // The ids of the items of a chart's first series in ECharts' select state.
  const selected = (testid) => page.evaluate((testid) => {
    const chart = echarts.getInstanceByDom(document.querySelector(`[data-testid="${testid}"]`));
    const data = chart.getModel().getSeriesByIndex(0).getData();
    const out = [];
    for (let i = 0; i < data.count(); i++) if (data.getItemGraphicEl(i)?.selected) out.push(data.getId(i));
    return out;
  }, testid);
  for (const testid of ['timeline-chart', 'network-chart']) {
    await page.getByTestId('action-row-A203').click();
    await page.waitForFunction((t) => document.querySelector(`[data-testid="${t}"]`).dataset.focused === '40', testid);
    const s = await states(testid, ['A203', 'A3', 'A393', 'A204', 'A0']);
    assert.deepEqual(s, { A203: 2, A3: 2, A393: 2, A204: 1, A0: 1 }, testid);
    // The selected action stands out of its lineage.
    assert.deepEqual(await selected(testid), ['A203'], `${testid}: A203 selected`);
    // The option itself stays the same whatever is selected: no item is faded in it.
    const opt = await chartOption(page, testid);
    assert.ok(opt.series[0].data.every((d) => d.itemStyle?.opacity !== 0.15), `${testid}: option unchanged`);
    // Hovering other items and leaving the chart brings the lineage back.
    await page.getByTestId(testid).scrollIntoViewIfNeeded();
    const at = await itemPoint(page, testid, 'A204');
    await page.mouse.move(at.x, at.y);
    // Hovering takes over for a while (on the timeline A204 is alone under the pointer; in the
    // network, nodes of 400 actions overlap).
    if (testid === 'timeline-chart') {
      await eventually(async () => (await states(testid, ['A204']))['A204'], 2, `${testid}: hovering A204 brings it forward`);
    }
    await page.mouse.move(2, 2);
    await eventually(() => states(testid, ['A203', 'A204']), { A203: 2, A204: 1 }, `${testid} after hovering`);
    // Another selection moves the focus.
    await page.getByTestId('action-row-A204').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="details-id"]')?.textContent === 'A204');
    await eventually(() => states(testid, ['A203', 'A204', 'A14']), { A203: 1, A204: 2, A14: 2 }, `${testid}: A204`);
    await eventually(() => selected(testid), ['A204'], `${testid}: A204 selected`);
  }
  // A click on the selected node keeps it selected (ECharts would unselect it by itself).
  await page.getByTestId('timeline-chart').scrollIntoViewIfNeeded();
  const at = await itemPoint(page, 'timeline-chart', 'A204');
  await page.mouse.click(at.x, at.y);
  // ECharts unselects a clicked item itself at once; the app selects it again in a task of its own.
  await eventually(() => selected('timeline-chart'), ['A204'], 'still selected after a click on it');
  assert.equal(await page.getByTestId('details-id').textContent(), 'A204');
  await screenshot(page.getByTestId('timeline-chart'), 'timeline-400-focus.png');
  // Empty space clears the selection: nothing faded.
  await page.getByTestId('network-chart').scrollIntoViewIfNeeded();
  const net = await page.getByTestId('network-chart').boundingBox();
  await page.mouse.click(net.x + net.width - 20, net.y + net.height - 20);
  await page.getByTestId('details').getByText('Select an action').waitFor();
  await page.waitForFunction(() => document.querySelector('[data-testid="network-chart"]').dataset.focused === '0');
  assert.deepEqual(await states('network-chart', ['A203', 'A0']), { A203: 0, A0: 0 });
  assert.deepEqual(await selected('network-chart'), [], 'nothing selected');
  assert.deepEqual(errors, []);
});

test('the regime before and after beside the periods, and the robustness table', async () => {
  const { page, errors } = await openApp(app.browser, app.origin);
  const regime = page.getByTestId('regime-panel');
  const knowing = await regime.getByTestId('regime-knowing_practices').locator('td').allTextContents();
  assert.equal(knowing.length, 5, 'before, three periods, after');
  assert.ok(knowing[0].length > 20 && knowing[4].length > 20, knowing.join(' | '));
  await regime.scrollIntoViewIfNeeded();
  await screenshot(regime, 'regime-panel.png');
  const panel = page.getByTestId('robustness-panel');
  await panel.locator('summary').click();
  await panel.getByTestId('robustness-table').waitFor();
  assert.equal(await panel.locator('tbody tr').count(), 9);
  const current = await panel.getByTestId('robustness-current').allTextContents();
  assert.equal(current.length, 1);
  assert.match(current[0], /triggers only; any number of substantive actions between \(in use\)12/);
  await screenshot(panel, 'robustness-panel.png');
  assert.deepEqual(errors, []);
});

test('a chart out of sight draws a recode when it comes into view or the page is printed; its description follows at once', async () => {
  const { page, errors } = await openApp(app.browser, app.origin);
  const net = page.getByTestId('network-chart');
  const kindColor = (o, id) => o.series[0].data.find((d) => d.id === id).itemStyle.color;
  const drawn = () => page.evaluate(() => JSON.parse(JSON.stringify(
    echarts.getInstanceByDom(document.querySelector('[data-testid="network-chart"]')).getOption())));
  const conformity = async () => Number((await net.getAttribute('aria-label')).match(/(\d+) symbolic conformity/)[1]);
  const before = await chartOption(page, 'network-chart');
  const colorBefore = kindColor(before, 'AM4');
  const conformityBefore = await conformity();

  // Far down the page, in the table, AM4 (conformity) is recoded as substantive.
  const row = page.getByTestId('action-row-AM4');
  // Scrolled there, then a few frames (the page learns what is in view at the next one).
  const frames = () => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 0))))));
  await row.scrollIntoViewIfNeeded();
  await frames();
  await row.focus();
  await page.keyboard.press('s');
  await page.waitForFunction(() => document.querySelector('[data-testid="row-kind-AM4"]')?.value === 'substantive');
  await page.locator('[data-testid="network-chart"][data-stale]').waitFor();
  assert.equal(kindColor(await drawn(), 'AM4'), colorBefore, 'not drawn while out of sight');
  assert.equal(await conformity(), conformityBefore - 1, 'the description is current at once');

  // In view, it is drawn.
  const after = await chartOption(page, 'network-chart');
  assert.equal(kindColor(after, 'AM4'), '#9aa3a9');
  assert.notEqual(colorBefore, '#9aa3a9');
  assert.equal(await net.getAttribute('data-stale'), null);

  // Back to conformity out of sight, then a print: drawn for the printed page.
  await row.scrollIntoViewIfNeeded();
  await frames();
  await row.focus();
  await page.keyboard.press('c');
  await page.locator('[data-testid="network-chart"][data-stale]').waitFor();
  await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
  assert.equal(kindColor(await drawn(), 'AM4'), colorBefore);
  assert.equal(await net.getAttribute('data-stale'), null);
  assert.deepEqual(errors, []);
});

test('a dense network says it draws only the longest chains, and stops saying so when a filter leaves few links', async () => {
  const { page, context, errors } = await openApp(app.browser, app.origin);
  await importSeeded(page, 300);
  const subtext = (opt) => (opt.title ?? []).map((t) => t.subtext ?? '').join('');
  const reinforcing = (opt) => opt.series[0].links.filter((l) => l.name === 'reinforcing').length;
  const dense = await chartOption(page, 'network-chart');
  assert.match(subtext(dense), /^\d+ reinforcing links in all, too many to read in one drawing: only those of the longest chains are drawn$/);
  assert.match(await page.getByTestId('network-chart').getAttribute('aria-label'), /of which only those of the longest chains are drawn/);
  const period = await page.getByTestId('network-filter-period').locator('option').nth(5).getAttribute('value');
  await page.getByTestId('network-filter-period').selectOption(period);
  await page.waitForFunction(() => {
    const chart = echarts.getInstanceByDom(document.querySelector('[data-testid="network-chart"]'));
    return chart && chart.getOption().series[0].data.length < 100;
  });
  const filtered = await chartOption(page, 'network-chart');
  assert.ok(reinforcing(filtered) > 0, 'the period has reinforcing links, all drawn');
  assert.equal(subtext(filtered), '', 'the note of the whole case is gone');
  assert.doesNotMatch(await page.getByTestId('network-chart').getAttribute('aria-label'), /only those of the longest chains/);
  await screenshot(page, 'network-300-one-period.png');
  assert.deepEqual(errors, []);
  await context.close();
});

/// The action ids a chart shows (the pieces of text it draws that read as an id; a label left
/// out is not drawn), with their boxes.
async function shownIds(page, testid) {
  return (await drawnTexts(page, testid)).filter((t) => /^A\d+/.test(t.text));
}

test('ids that would cover each other are left out of the timeline and the network, symbolic ones last; one period shows them all', async () => {
  const { page, context, errors } = await openApp(app.browser, app.origin);
  const { symbolic } = await importSeeded(page, 150);
  for (const testid of ['timeline-chart', 'network-chart']) {
    const ids = await shownIds(page, testid);
    assert.ok(ids.length >= 40, `${testid}: ${ids.length} ids shown`);
    assert.ok(ids.length < 150, `${testid}: some of the 150 ids are left out`);
    assert.deepEqual(overlapping(ids), [], `${testid}: no id covers another`);
    // Symbolic actions have larger markers, and keep their ids first.
    const shown = new Set(ids.map((b) => b.text.split(/\s/)[0]));
    const kept = symbolic.filter((i) => shown.has(`A${i}`)).length;
    assert.ok(kept / symbolic.length > 0.6, `${testid}: ${kept} of ${symbolic.length} symbolic ids shown`);
  }
  await screenshot(page.getByTestId('network-chart'), 'network-150.png');
  // One period of the network has room for every id.
  const period = await page.getByTestId('network-filter-period').locator('option').nth(3).getAttribute('value');
  await page.getByTestId('network-filter-period').selectOption(period);
  await page.waitForFunction(() => echarts.getInstanceByDom(document.querySelector('[data-testid="network-chart"]')).getOption().series[0].data.length < 50);
  const opt = await chartOption(page, 'network-chart');
  const actions = opt.series[0].data.filter((d) => /^A\d+$/.test(d.id)).length;
  const ids = await shownIds(page, 'network-chart');
  assert.equal(ids.length, actions, 'every action of the period has its id');
  assert.deepEqual(overlapping(ids), []);
  await screenshot(page.getByTestId('network-chart'), 'network-150-one-period.png');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a large lineage shown through the states keeps its ids apart, and the selected id shows', async () => {
  const { page, context, errors } = await openApp(app.browser, app.origin);
  const { symbolic } = await importSeeded(page, 300);
  const id = await selectLargeLineage(page, symbolic);
  for (const testid of ['timeline-chart', 'network-chart']) {
    const ids = await shownIds(page, testid);
    assert.ok(ids.length >= 30, `${testid}: ${ids.length} ids shown`);
    assert.deepEqual(overlapping(ids), [], `${testid}: no id covers another`);
    assert.ok(ids.some((b) => b.text.split(/\s/)[0] === id), `${testid}: the selected ${id} shows its id`);
  }
  await screenshot(page.getByTestId('network-chart'), 'network-300-lineage.png');
  assert.deepEqual(errors, []);
  await context.close();
});
