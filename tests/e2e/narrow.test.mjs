// Journeys in narrow windows: the charts are planned for the width they are drawn at (their
// labels, node sizes and wrapped names), they are never drawn narrower than 600 pixels (a
// narrower panel scrolls them sideways and makes them a keyboard stop), and their export
// buttons stand above them instead of over their legend or title.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AxeBuilder } from '@axe-core/playwright';
import { useApp, openApp, chartOption, screenshot, drawnTexts, overlapping, selectLargeLineage, until } from './helpers.mjs';
import { importSeeded } from '../perf/cases.mjs';

const app = useApp();
const CHARTS = ['timeline-chart', 'series-chart', 'network-chart', 'regime-matrix'];

/// The export buttons above a chart, as boxes in page pixels.
async function buttons(page, testid) {
  return page.evaluate((testid) => {
    const frame = document.querySelector(`[data-testid="${testid}"]`).closest('.chart-frame');
    return [...frame.querySelectorAll('.chart-exports button')].map((b) => {
      const r = b.getBoundingClientRect();
      return { text: b.textContent, x: r.left, y: r.top, width: r.width, height: r.height };
    });
  }, testid);
}

async function axe(page, where) {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), [], where);
}

test('TelCo in windows 390 and 664 pixels wide: no text on another, no button over a chart, the page itself never scrolls sideways', async () => {
  for (const width of [390, 664, 1400]) {
    const { page, context, errors } = await openApp(app.browser, app.origin, { viewport: { width, height: 900 } });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `${width}: the page is ${overflow} px wider than the window`);
    for (const testid of CHARTS) {
      const texts = await drawnTexts(page, testid);
      assert.ok(texts.length > 5, `${width}, ${testid}: ${texts.length} texts`);
      assert.deepEqual(overlapping(texts), [], `${width}, ${testid}: texts on each other`);
      assert.deepEqual(overlapping(await buttons(page, testid), texts), [], `${width}, ${testid}: a button over the chart`);
      const { chart, frame, tabindex, role } = await page.evaluate((testid) => {
        const el = document.querySelector(`[data-testid="${testid}"]`);
        const scroller = el.closest('.chart-scroll');
        return { chart: el.clientWidth, frame: scroller.clientWidth, tabindex: scroller.getAttribute('tabindex'), role: scroller.getAttribute('role') };
      }, testid);
      assert.ok(chart >= 600, `${width}, ${testid}: drawn ${chart} px wide`);
      // A chart wider than its panel scrolls, and the keyboard reaches it; otherwise it is no stop.
      const scrolls = chart > frame + 1;
      assert.equal(scrolls, width === 390, `${width}, ${testid}: chart ${chart} px in ${frame} px`);
      assert.equal(tabindex, scrolls ? '0' : null, `${width}, ${testid}: tabindex`);
      assert.equal(role, scrolls ? 'region' : null, `${width}, ${testid}: role`);
    }
    // Every aspect is named under the matrix.
    const names = (await drawnTexts(page, 'regime-matrix')).map((t) => t.text).join(' ');
    for (const aspect of ['Knowing practices', 'Valuation scheme', 'Authority']) assert.ok(names.includes(aspect), `${width}: ${aspect} in ${names}`);
    if (width === 390) {
      await axe(page, 'a window 390 pixels wide');
      // The keyboard scrolls a chart sideways.
      const scroller = page.locator('[data-testid="timeline-chart"]').locator('xpath=..');
      await scroller.focus();
      assert.equal(await scroller.evaluate((el) => getComputedStyle(el).outlineStyle), 'solid', 'a focused chart shows its focus');
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('ArrowRight');
      await page.waitForFunction(() => document.querySelector('[data-testid="timeline-chart"]').parentElement.scrollLeft > 0);
    }
    if (width === 664) await screenshot(page, 'narrow-664.png');
    assert.deepEqual(errors, []);
    await context.close();
  }
});

test('a window growing from 664 to 1400 pixels plans the charts anew: more ticks, whole band names, larger network nodes', async () => {
  const { page, context, errors } = await openApp(app.browser, app.origin, { viewport: { width: 664, height: 900 } });
  const read = async () => {
    const timeline = await chartOption(page, 'timeline-chart');
    const network = await chartOption(page, 'network-chart');
    const bands = timeline.series.find((s) => s.id === 'actions').markArea.data.map((b) => b[0].name);
    const size = Math.min(...network.series[0].data.filter((d) => !d.id.startsWith('external')).map((d) => d.symbolSize));
    return { bands, size };
  };
  const narrow = await read();
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.waitForFunction(() => echarts.getInstanceByDom(document.querySelector('[data-testid="timeline-chart"]')).getWidth() > 900);
  // Each chart's option follows its width after the next paint: wait for the new options
  // themselves (the assertions below say what was there if they never come).
  const wide = await until(read, (w) => w.bands.join() !== narrow.bands.join() && w.size !== narrow.size);
  assert.ok(narrow.bands.some((b) => b.endsWith('…')), `cut in 600 px: ${narrow.bands}`);
  assert.ok(wide.bands.every((b) => !b.endsWith('…')), `whole in 960 px: ${wide.bands}`);
  assert.ok(narrow.size < wide.size, `nodes ${narrow.size} px, then ${wide.size} px`);
  assert.deepEqual(errors, []);
  await context.close();
});

test('300 actions in a window 664 pixels wide: a large lineage shown through the states keeps its ids apart, the selected one on a white ground', async () => {
  const { page, context, errors } = await openApp(app.browser, app.origin, { viewport: { width: 664, height: 900 } });
  const { symbolic } = await importSeeded(page, 300);
  const id = await selectLargeLineage(page, symbolic);
  for (const testid of ['timeline-chart', 'network-chart']) {
    const ids = (await drawnTexts(page, testid)).filter((t) => /^A\d+/.test(t.text));
    assert.ok(ids.length >= 20, `${testid}: ${ids.length} ids`);
    // The ids with room are chosen when the option is built, which a selection does not do: the
    // selected id may meet one of them, and is then drawn on a white ground.
    const selected = ids.filter((t) => t.text === id);
    assert.equal(selected.length, 1, `${testid}: the selected ${id} shows`);
    assert.equal(selected[0].ground, '#fff', `${testid}: the selected id on a white ground`);
    assert.deepEqual(overlapping(ids.filter((t) => t.text !== id)), [], `${testid}: ids on each other`);
  }
  await screenshot(page.getByTestId('timeline-chart'), 'narrow-300-lineage.png');
  assert.deepEqual(errors, []);
  await context.close();
});
