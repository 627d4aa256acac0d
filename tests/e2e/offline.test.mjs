// Journey: after a first visit the app opens with no network at all, with its projects: the
// service worker (public/sw.js) keeps the app's own files, IndexedDB keeps the projects.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openApp, saved, until, useApp } from './helpers.mjs';

const app = useApp();

test('with the network cut after a first visit, a reload opens the app and its projects', async () => {
  const { page, context, errors } = await openApp(app.browser, app.origin);
  // The first visit installs the service worker, which then controls the page.
  const controlled = await until(
    () => page.evaluate(() => Promise.race([
      navigator.serviceWorker.ready.then(() => !!navigator.serviceWorker.controller),
      new Promise((resolve) => setTimeout(() => resolve(false), 500)),
    ])),
    (c) => c,
  );
  assert.ok(controlled, 'the service worker controls the page');
  const manifest = await page.evaluate(() => fetch('manifest.webmanifest').then((r) => r.json()));
  assert.equal(manifest.name, 'Regime Lens');

  // A recode, saved in the browser.
  await page.getByTestId('coder-name').fill('Ana Researcher');
  await page.getByTestId('coder-name').press('Enter');
  await page.getByTestId('action-row-AM4').click();
  await page.getByTestId('relabel-substantive').click();
  await saved(page);

  await context.setOffline(true);
  try {
    assert.equal(await page.evaluate(() => fetch('cases/telco.json').then(() => 'fetched', () => 'offline')), 'fetched',
      'served from the kept copy');
    await page.reload();
    await page.getByTestId('action-table').waitFor();
    await saved(page);
    const kind = await page.$eval('[data-testid="action-row-AM4"] .badge', (b) => b.textContent.trim());
    assert.equal(kind, 'Substantive', 'the project is there, with its recode');
    assert.match(await page.getByTestId('case-title').textContent(), /TelCo/);
    // The charts drew (ECharts came from the kept copy too).
    await page.getByTestId('timeline-chart').locator('canvas, svg').first().waitFor();
  } finally {
    await context.setOffline(false);
  }
  assert.deepEqual(errors, []);
  await context.close();
});
