// Journeys for students: the guided tour by mouse, then by keyboard only (tour, select, recode,
// undo, with visible focus); axe-core finds no serious or critical violation on the opening page,
// with an action selected, in the tour, in the editor and with each panel open; the layout holds
// at 1280×720 and at tablet width (1024×768).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AxeBuilder } from '@axe-core/playwright';
import { useApp, openApp, screenshot, chartOption } from './helpers.mjs';

const app = useApp();

async function axe(page, where) {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const text = bad.map((v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.slice(0, 4).map((n) => n.target.join(' ')).join('\n  ')}`).join('\n');
  assert.equal(bad.length, 0, `${where}:\n${text}`);
}

const kindOf = async (page, id) => (await page.getByTestId(`action-row-${id}`).locator('.kind-cell .badge').textContent()).trim();

test('the tour: steps, the recode invitation, leave and resume', async () => {
  const { page, errors } = await openApp(app.browser, app.origin);
  await page.getByTestId('tour-start').click();
  const tour = page.getByTestId('tour');
  await tour.waitFor();
  assert.match(await page.getByTestId('tour-count').textContent(), /^Step 1 of 11$/);
  await axe(page, 'in the tour');
  await page.getByTestId('tour-next').click();
  await page.getByTestId('tour-next').click();
  // Step 3 selects AM1 and emphasises DS1 and AM1 in the network.
  assert.equal(await page.getByTestId('details-id').textContent(), 'AM1');
  const net = await chartOption(page, 'network-chart');
  const lit = net.series[0].data.filter((d) => !d.id.startsWith('external') && d.itemStyle.opacity === 1).map((d) => d.id).sort();
  assert.deepEqual(lit, ['AM1', 'DS1']);
  assert.match(await tour.textContent(), /Symbolic conformity is not intended to make a system work\.[\s\S]*Theoretical background/);
  await screenshot(page, 'tour-step-3.png');
  for (let i = 0; i < 5; i++) await page.getByTestId('tour-next').click();
  assert.match(await page.getByTestId('tour-title').textContent(), /Try it: recode AM4/);
  await page.getByTestId('tour-invite').waitFor();
  // Leave, and resume at the same step.
  await page.getByTestId('tour-leave').click();
  await tour.waitFor({ state: 'detached' });
  assert.match(await page.getByTestId('tour-start').textContent(), /Resume the tour \(step 8\)/);
  await page.getByTestId('tour-start').click();
  assert.match(await page.getByTestId('tour-count').textContent(), /^Step 8 of 11$/);
  await page.getByTestId('tour-back').click();
  assert.match(await page.getByTestId('tour-count').textContent(), /^Step 7 of 11$/);
  await page.getByTestId('tour-leave').click();

  // The concepts at hand: "?" beside the kind buttons leads to the glossary.
  await page.getByTestId('action-row-AM4').click();
  await page.getByTestId('help-symbolic-conformity').click();
  await page.waitForFunction(() => location.hash === '#glossary-symbolic-conformity');
  assert.match(await page.getByTestId('glossary').textContent(), /Symbolic conformityAppearing to comply/);
  assert.ok(await page.getByTestId('glossary').isVisible());
  // Every chart has a text alternative.
  for (const chart of ['timeline-chart', 'network-chart', 'series-chart', 'regime-matrix']) {
    const label = await page.getByTestId(chart).getAttribute('aria-label');
    assert.ok(label && label.length > 40, `${chart}: ${label}`);
  }
  assert.match(await page.getByTestId('network-chart').getAttribute('aria-label'), /12 reinforcing links/);
  assert.deepEqual(errors, []);
});

test('keyboard only: take the tour, select an action, recode it, undo, with visible focus', async () => {
  const { page, errors } = await openApp(app.browser, app.origin);
  const focused = () => page.evaluate(() => {
    const el = document.activeElement;
    const style = getComputedStyle(el);
    const visible = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none';
    return { testid: el.getAttribute('data-testid'), visible };
  });
  async function tabTo(testid, max = 300) {
    for (let i = 0; i < max; i++) {
      await page.keyboard.press('Tab');
      const f = await focused();
      if (f.testid === testid) {
        assert.ok(f.visible, `${testid} shows its focus`);
        return;
      }
    }
    assert.fail(`Tab never reached ${testid}`);
  }
  await tabTo('tour-start');
  await page.keyboard.press('Enter');
  await page.getByTestId('tour').waitFor();
  // The dialog takes the focus as soon as it is in the page (a task after it is drawn).
  await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'tour', null, { timeout: 2000 })
    .catch(() => {});
  assert.equal((await focused()).testid, 'tour', 'the tour takes the focus');
  for (let i = 0; i < 7; i++) await page.keyboard.press('ArrowRight');
  assert.match(await page.getByTestId('tour-count').textContent(), /^Step 8 of 11$/);
  assert.equal(await page.getByTestId('details-id').textContent(), 'AM4', 'the step selects AM4');
  await page.keyboard.press('Escape');
  await page.getByTestId('tour').waitFor({ state: 'detached' });
  // Select another action with the keyboard, then come back to AM4's row and code it with S.
  await tabTo('action-row-AM1', 400);
  await page.keyboard.press('Enter');
  assert.equal(await page.getByTestId('details-id').textContent(), 'AM1');
  await tabTo('action-row-AM4');
  await page.keyboard.press('s');
  assert.equal(await kindOf(page, 'AM4'), 'Substantive');
  assert.match(await page.getByTestId('chains-summary').textContent(), /Longest chain: 5 actions/);
  await page.getByTestId('coder-prompt').waitFor();
  await page.keyboard.press('Control+z');
  await page.waitForFunction(() => document.querySelector('[data-testid="action-row-AM4"] .kind-cell .badge')?.textContent.trim() === 'Conformity');
  assert.deepEqual(errors, []);
});

test('no serious accessibility violation: opening page, a selection, the editor, every panel', async () => {
  const { page } = await openApp(app.browser, app.origin);
  await axe(page, 'opening page');
  await page.getByTestId('action-row-AM4').click();
  await axe(page, 'with AM4 selected');
  for (const details of await page.locator('details').all()) {
    await details.evaluate((d) => { d.open = true; });
  }
  await axe(page, 'with every panel open');
  await page.getByTestId('add-action').click();
  await page.getByTestId('action-editor').waitFor();
  await axe(page, 'in the editor');
});

test('the network keeps its nodes one and a half node widths apart at the default size', async () => {
  const { page } = await openApp(app.browser, app.origin);
  const close = await page.evaluate(() => {
    const c = echarts.getInstanceByDom(document.querySelector('[data-testid="network-chart"]'));
    const nodes = c.getOption().series[0].data.filter((d) => !d.id.startsWith('external'));
    const px = nodes.map((d) => ({ id: d.id, size: d.symbolSize, p: c.convertToPixel({ seriesIndex: 0 }, [d.x, d.y]) }));
    const out = [];
    for (let i = 0; i < px.length; i++) for (let j = i + 1; j < px.length; j++) {
      const d = Math.hypot(px[i].p[0] - px[j].p[0], px[i].p[1] - px[j].p[1]);
      if (d < 1.5 * Math.max(px[i].size, px[j].size)) out.push(`${px[i].id}–${px[j].id}: ${d.toFixed(0)} px`);
    }
    return out;
  });
  assert.deepEqual(close, []);
  await page.getByTestId('network-chart').scrollIntoViewIfNeeded();
  await screenshot(page.getByTestId('network-chart'), 'network-layered.png');
});

test('timeline labels overlap neither each other nor a band edge, with and without the cycle marks', async () => {
  const { page } = await openApp(app.browser, app.origin);
  for (const mentions of [false, true]) {
    if (mentions) {
      await page.getByTestId('with-mentions').check();
      await page.getByTestId('cycles').waitFor();
    }
    const r = await page.evaluate(() => {
      const c = echarts.getInstanceByDom(document.querySelector('[data-testid="timeline-chart"]'));
      const o = c.getOption();
      const ids = new Set(o.series[0].data.map((d) => d.id));
      const edges = o.series[0].markArea.data.flatMap((p) => [p[0].xAxis, p[1].xAxis]).map((x) => c.convertToPixel({ xAxisIndex: 0 }, x));
      // Every text ECharts drew, with its box on screen.
      const texts = c.getZr().storage.getDisplayList().filter((e) => e.style && typeof e.style.text === 'string' && e.style.text.trim())
        .map((e) => { const b = e.getBoundingRect().clone(); const m = e.getComputedTransform(); if (m) b.applyTransform(m); return { t: e.style.text, x: b.x, y: b.y, w: b.width, h: b.height }; });
      const labels = texts.filter((t) => ids.has(t.t.split(/\s/)[0]));
      const cross = labels.filter((l) => edges.some((x) => x > l.x + 1 && x < l.x + l.w - 1)).map((l) => l.t);
      const over = [];
      for (let i = 0; i < texts.length; i++) for (let j = i + 1; j < texts.length; j++) {
        const a = texts[i], b = texts[j];
        if (a.x < b.x + b.w - 1 && b.x < a.x + a.w - 1 && a.y < b.y + b.h - 1 && b.y < a.y + a.h - 1) over.push(`${a.t} / ${b.t}`);
      }
      return { labels: labels.length, cross, over };
    });
    assert.equal(r.labels, 22);
    assert.deepEqual(r.cross, [], `labels across a band edge (mentions: ${mentions})`);
    assert.deepEqual(r.over, [], `labels on each other (mentions: ${mentions})`);
  }
});

test('the layout fits 1280×720 and 1024×768 without horizontal scrolling', async () => {
  for (const [width, height] of [[1280, 720], [1024, 768]]) {
    const { page, context } = await openApp(app.browser, app.origin, { viewport: { width, height } });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `${width}×${height}: the page is ${overflow}px wider than the window`);
    await screenshot(page, `layout-${width}x${height}.png`);
    await context.close();
  }
});
