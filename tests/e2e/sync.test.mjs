// Journey: two coders work on one project live through the team's own sync server (started and
// stopped here, as `make sync` starts it). One shares TelCo, the other joins with the room id;
// a recode in one shows in the other; both go on working while one is offline (and reloads with
// no network), and both changes are everywhere once it is back; a reload reconnects by itself;
// the server refuses a wrong token, a wrong passphrase reads nothing; and what the server stored
// holds no description, memo or coder name in clear text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { artifacts, openApp, relay, reloadApp, screenshot, startSync, stopSync, until, useApp, root } from './helpers.mjs';

const app = useApp();
const TOKEN = 'team-token-4f1c';
const PASSPHRASE = 'our field notes stay ours';

async function name(page, coder) {
  await page.getByTestId('coder-name').fill(coder);
  await page.getByTestId('coder-name').press('Enter');
  await page.getByTestId('coder-name').blur();
}

async function joinRoom(page, url, { token = TOKEN, passphrase = PASSPHRASE, room = '' } = {}) {
  await page.getByTestId('sync-server').fill(url);
  await page.getByTestId('sync-token').fill(token);
  await page.getByTestId('sync-passphrase').fill(passphrase);
  if (room) await page.getByTestId('sync-room').fill(room);
  await page.getByTestId('sync-join').click();
}

const status = (page) => page.getByTestId('sync-status').textContent();
const kind = (page, id) => page.$eval(`[data-testid="action-row-${id}"] .badge`, (b) => b.textContent.trim());

test('two coders share TelCo through the team server; the server reads nothing', async () => {
  const data = mkdtempSync(join(tmpdir(), 'sync-journey-'));
  const { child, url } = await startSync({ SYNC_TOKEN: TOKEN, SYNC_PORT: '0', SYNC_DATA: data });
  const opened = [];
  const relays = [];
  try {
    // Ana shares the TelCo project she has open.
    const ana = await openApp(app.browser, app.origin);
    opened.push(ana);
    const title = await ana.page.getByTestId('case-title').textContent();
    assert.equal(await status(ana.page), 'Not shared: this project is only in this browser.');
    assert.ok(ana.requests.every((r) => r.startsWith(app.origin)), 'nothing leaves the browser before joining');
    await name(ana.page, 'Ana Researcher');
    await joinRoom(ana.page, url);
    assert.equal(await until(() => status(ana.page), (s) => s !== 'Connecting…'), 'Connected');
    const room = await ana.page.getByTestId('sync-room').inputValue();
    assert.match(room, /^[A-Za-z0-9]{24}$/, 'the room is an opaque id');

    // Ben joins the room from another browser profile and gets the project. His machine
    // reaches the server through its own network (a relay the test can cut).
    const ben = await openApp(app.browser, app.origin);
    opened.push(ben);
    const network = await relay(url);
    relays.push(network);
    await name(ben.page, 'Ben Coder');
    await joinRoom(ben.page, network.url, { room });
    assert.equal(await until(() => status(ben.page), (s) => s !== 'Connecting…'), 'Connected');
    assert.equal(await until(() => ben.page.getByTestId('case-title').textContent(), (t) => t === title), title);
    assert.equal(await kind(ben.page, 'AM4'), 'Conformity');

    // Ana recodes AM4 with a memo; Ben sees it.
    await ana.page.getByTestId('action-row-AM4').click();
    await ana.page.getByTestId('memo-input').fill("Kate's team may really have used the model.");
    await ana.page.getByTestId('relabel-substantive').click();
    assert.equal(await until(() => kind(ben.page, 'AM4'), (k) => k === 'Substantive'), 'Substantive');
    // And Ben's recode reaches Ana.
    await ben.page.getByTestId('action-row-DS5').click();
    await ben.page.getByTestId('relabel-substantive').click();
    assert.equal(await until(() => kind(ana.page, 'DS5'), (k) => k === 'Substantive'), 'Substantive');

    // Both are online, each on the action they look at.
    const peers = await until(
      () => ana.page.getByTestId('sync-peers').textContent(),
      (t) => t.includes('Ben Coder (on DS5)') && t.includes('Ana Researcher (you)'),
    );
    assert.match(peers, /Ben Coder \(on DS5\)/);
    await screenshot(ana.page, 'sync-shared.png');
    await ana.page.getByTestId('sync-panel').screenshot({ path: join(artifacts, 'sync-panel.png') });

    // Ben's network goes. Both go on working: Ana recodes AM1, Ben recodes DS2.
    await ben.context.setOffline(true);
    network.cut();
    assert.equal(await until(() => status(ben.page), (s) => s === 'Offline'), 'Offline');
    await ana.page.getByTestId('action-row-AM1').click();
    await ana.page.getByTestId('relabel-substantive').click();
    await ben.page.getByTestId('action-row-DS2').click();
    await ben.page.getByTestId('relabel-substantive').click();
    // And both recode AM7, differently.
    await ana.page.getByTestId('action-row-AM7').click();
    await ana.page.getByTestId('relabel-substantive').click();
    await ben.page.getByTestId('action-row-AM7').click();
    await ben.page.getByTestId('relabel-advocacy').click();
    await ben.page.getByTestId('save-status').filter({ hasText: 'Saved in this browser' }).waitFor();
    // Still offline, Ben reloads: the app, his project and his recode open from this browser, the
    // project shared still, and he recodes DS6 too.
    await reloadApp(ben.page);
    assert.equal(await until(() => status(ben.page), (s) => s === 'Offline'), 'Offline');
    assert.equal(await kind(ben.page, 'DS2'), 'Substantive');
    assert.equal(await kind(ben.page, 'AM1'), 'Conformity', 'Ana\'s recode has not reached Ben yet');
    await ben.page.getByTestId('action-row-DS6').click();
    await ben.page.getByTestId('relabel-substantive').click();
    // Back online: every change is everywhere.
    network.restore();
    await ben.context.setOffline(false);
    assert.equal(await until(() => status(ben.page), (s) => s === 'Connected'), 'Connected');
    assert.equal(await until(() => kind(ben.page, 'AM1'), (k) => k === 'Substantive'), 'Substantive');
    assert.equal(await until(() => kind(ana.page, 'DS2'), (k) => k === 'Substantive'), 'Substantive');
    assert.equal(await until(() => kind(ana.page, 'DS6'), (k) => k === 'Substantive'), 'Substantive');
    assert.equal(await kind(ben.page, 'DS2'), 'Substantive');
    // AM7 converges to one recode in both browsers, and the one whose recode lost is told.
    const am7 = await until(
      async () => [await kind(ana.page, 'AM7'), await kind(ben.page, 'AM7')],
      ([a, b]) => a === b && a !== 'Conformity',
    );
    assert.equal(am7[0], am7[1], 'one value everywhere');
    const told = await until(
      async () => (await Promise.all([ana.page, ben.page].map((p) => p.locator('[data-testid="sync-conflicts"] li').allTextContents()))).flat(),
      (items) => items.some((t) => t.startsWith('AM7: recode of the symbolic kind')),
    );
    const conflict = told.find((t) => t.startsWith('AM7: recode of the symbolic kind'));
    assert.match(conflict, /Ana Researcher/);
    assert.match(conflict, /Ben Coder/);
    assert.match(conflict, /kept “(advocacy|substantive)” \(\d{4}-\d\d-\d\d \d\d:\d\d UTC\)/, 'in words');
    assert.match(conflict, /had “(advocacy|substantive)”/);
    const loser = (await ana.page.locator('[data-testid="sync-conflicts"] li').count()) ? ana : ben;
    await loser.page.getByTestId('sync-panel').screenshot({ path: join(artifacts, 'sync-conflict.png') });

    // A reload online reconnects by itself, and Ana's next recode reaches Ben.
    await reloadApp(ben.page);
    assert.equal(await until(() => status(ben.page), (s) => s !== 'Connecting…' && s !== 'Offline'), 'Connected');
    assert.equal(await ben.page.getByTestId('sync-room').inputValue(), room);
    await ana.page.getByTestId('action-row-AM5').click();
    await ana.page.getByTestId('relabel-substantive').click();
    assert.equal(await until(() => kind(ben.page, 'AM5'), (k) => k === 'Substantive'), 'Substantive');
    assert.equal(await kind(ben.page, 'DS6'), 'Substantive');

    // Ben opens his own, unshared copy of TelCo: the room is left, and his recode of MG3 there
    // stays his. Back on the shared project, it reconnects by itself.
    const select = ben.page.getByTestId('project-select');
    const shared = await select.inputValue();
    const own = await select.locator('option').evaluateAll((os, id) => os.map((o) => o.value).find((v) => v && v !== id), shared);
    assert.ok(own, 'Ben\'s own project is in the list');
    await select.selectOption(own);
    assert.equal(await until(() => status(ben.page), (s) => s.startsWith('Not shared')), 'Not shared: this project is only in this browser.');
    await ben.page.getByTestId('action-row-MG3').click();
    await ben.page.getByTestId('relabel-substantive').click();
    await ben.page.getByTestId('save-status').filter({ hasText: 'Saved in this browser' }).waitFor();
    await select.selectOption(shared);
    assert.equal(await until(() => status(ben.page), (s) => s === 'Connected'), 'Connected');
    assert.equal(await kind(ben.page, 'MG3'), 'Advocacy');
    await ben.page.getByTestId('action-row-AM8').click();
    await ben.page.getByTestId('relabel-substantive').click();
    assert.equal(await until(() => kind(ana.page, 'AM8'), (k) => k === 'Substantive'), 'Substantive');
    assert.equal(await kind(ana.page, 'MG3'), 'Advocacy', 'nothing of the unshared project reached the room');

    // A wrong token is refused; a wrong passphrase reads nothing.
    const eve = await openApp(app.browser, app.origin);
    opened.push(eve);
    await joinRoom(eve.page, url, { token: 'guess', room });
    assert.match(await until(() => status(eve.page), (s) => s.startsWith('Refused')), /^Refused: /);
    await joinRoom(eve.page, url, { passphrase: 'not the passphrase', room });
    assert.match(await until(() => status(eve.page), (s) => s.startsWith('Cannot decrypt')), /^Cannot decrypt: /);
    assert.notEqual(await eve.page.getByTestId('case-title').textContent(), 'x', 'the page still works');
    await eve.page.getByTestId('sync-panel').screenshot({ path: join(artifacts, 'sync-cannot-decrypt.png') });

    // Leaving keeps the project in the browser.
    await ben.page.getByTestId('sync-leave').click();
    assert.equal(await status(ben.page), 'Not shared: this project is only in this browser.');
    assert.equal(await kind(ben.page, 'AM4'), 'Substantive');
    for (const { errors } of opened) assert.deepEqual(errors, []);
  } finally {
    for (const { context } of opened) await context.close();
    for (const network of relays) await network.close();
    await stopSync(child);
  }

  // What the server stored: no description, memo, coder name or title in clear text.
  const telco = JSON.parse(readFileSync(join(root, 'public', 'cases', 'telco.json'), 'utf8'));
  const stored = Buffer.concat(readdirSync(data).map((f) => readFileSync(join(data, f))));
  assert.ok(stored.length > 10000, `the project was stored (${stored.length} bytes)`);
  const words = [
    "Kate's team may really have used the model.", 'Ana Researcher', 'Ben Coder', telco.title,
    ...telco.actions.map((a) => a.description.slice(0, 30)), ...telco.actors.map((a) => a.name),
  ];
  for (const word of words) {
    for (const encoding of ['utf8', 'utf16le']) {
      assert.ok(!stored.includes(Buffer.from(word, encoding)), `"${word}" is readable in what the server stored`);
    }
  }
  rmSync(data, { recursive: true, force: true });
});
