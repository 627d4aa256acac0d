// Journey: team coding. A blind coding table is downloaded; a second coder's TelCo (AM4 coded
// substantive, DS11 missing) and a third coder's codings CSV are added at once; the agreement
// figures, the disagreements in the table and the charts, and the findings under each coding are
// shown; AM4 is settled by adopting a coder's label with a memo, and undone; a blind coding starts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { useApp, openApp, screenshot, chartOption } from './helpers.mjs';

const app = useApp();

async function download(page, testid) {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testid).click()]);
  return { name: file.suggestedFilename(), text: await readFile(await file.path(), 'utf8') };
}

const kindOf = async (page, id) => (await page.getByTestId(`action-row-${id}`).locator('.kind-cell .badge').textContent()).trim();

test('add coders, read the agreement, settle a disagreement, undo, start a blind coding', async () => {
  const { page, errors } = await openApp(app.browser, app.origin);
  await page.getByTestId('coder-name').fill('Lead');
  await page.getByTestId('coder-name').press('Enter');
  const panel = page.getByTestId('agreement-panel');
  await panel.scrollIntoViewIfNeeded();
  assert.match(await panel.textContent(), /No other coder yet/);

  // The blind table: every action, nothing coded.
  const blind = await download(page, 'blind-table');
  assert.match(blind.name, /blind-coding\.csv$/);
  const lines = blind.text.replace(/^\uFEFF/, '').trim().split(/\r?\n/);
  assert.equal(lines[0], 'id,actor,period,date,order,action,symbolic,aspect,triggers,aim,symbolic_note');
  assert.equal(lines.length, 23);
  assert.ok(lines.slice(1).every((l) => /,,,,,\s*$/.test(l)), 'the coded columns are empty');

  // Two coders at once: bob's JSON case and carol's codings CSV.
  const telco = JSON.parse(await readFile(new URL('../../public/cases/telco.json', import.meta.url), 'utf8'));
  const bob = structuredClone(telco);
  bob.actions = bob.actions.filter((a) => a.id !== 'DS11');
  bob.actions.find((a) => a.id === 'AM4').symbolic = 'substantive';
  const carol = ['id,original_kind,current_kind,recoded,coder,time,memo,original_aspect,current_aspect',
    ...telco.actions.map((a) => `${a.id},${a.symbolic},${a.id === 'AM4' ? 'substantive' : a.symbolic},no,carol,,${a.id === 'AM4' ? 'a formality only' : ''},,${a.aspect ?? ''}`)].join('\r\n');
  await page.getByTestId('coders-input').setInputFiles([
    { name: 'bob.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(bob)) },
    { name: 'carol.csv', mimeType: 'text/csv', buffer: Buffer.from(carol) },
  ]);
  await panel.getByTestId('agreement-figures').waitFor();
  assert.match(await panel.getByTestId('coder-list').textContent(), /Lead.*bob.*carol/s);
  assert.match(await panel.getByTestId('agreement-missing').textContent(), /bob lacks 1: DS11/);
  const kindRow = panel.getByTestId('agreement-figures').locator('tbody tr').first();
  const cells = await kindRow.locator('td').allTextContents();
  const alpha = Number(cells[0]);
  assert.ok(alpha > 0.5 && alpha < 1, `kind alpha ${cells[0]}`);
  assert.match(cells[1], /^\[\d\.\d{3}, \d\.\d{3}\]$/);
  assert.match(cells[2], /\(Fleiss\)/, 'three coders: Fleiss');
  assert.match(await panel.getByTestId('disagreements').textContent(), /AM4: kind/);
  // Under bob's and carol's coding the chain is shorter than under the lead's.
  const findings = await panel.getByTestId('agreement-findings').locator('tbody tr').allTextContents();
  assert.equal(findings.length, 3);
  assert.match(findings[0], /^Lead128/);
  assert.match(await panel.getByTestId('links-agreement').textContent(), /in some codings only: .*AM4/);

  // Marked in the table (and filtered), on the timeline and in the network.
  await page.getByTestId('filter-disagreements').check();
  assert.match(await page.getByTestId('row-count').textContent(), /^1 of 22 actions/);
  assert.match(await page.getByTestId('action-row-AM4').textContent(), /≠ kind/);
  await page.getByTestId('filter-disagreements').uncheck();
  for (const chart of ['timeline-chart', 'network-chart']) {
    const am4 = (await chartOption(page, chart)).series[0].data.find((d) => d.id === 'AM4');
    assert.equal(am4.label.formatter.replace('\n', ' '), '{b} ≠', chart);
  }
  await panel.scrollIntoViewIfNeeded();
  await screenshot(panel, 'agreement-panel.png');

  // Settle AM4 by adopting bob's label, with a memo.
  await page.getByTestId('settle-open-AM4').click();
  const form = page.getByTestId('settle-form');
  await form.waitFor();
  assert.match(await form.textContent(), /carol.*a formality only/s);
  await form.getByTestId('settle-choice-kind').selectOption('adopt:bob');
  await form.getByTestId('settle-memo').fill('Attended and used: not symbolic');
  await form.getByTestId('settle-kind').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="settlements"]')?.textContent.includes('AM4'), null, { timeout: 5000 }).catch(async (e) => { console.log('NOTICES', await page.getByTestId('notices').textContent()); throw e; });
  assert.match(await page.getByTestId('settlements').textContent(), /AM4: kind substantive \(adopted from bob, by Lead\) — Attended and used/);
  assert.equal(await kindOf(page, 'AM4'), 'Substantive');
  assert.match(await page.getByTestId('chains-summary').textContent(), /Longest chain: 5 actions/);
  await form.scrollIntoViewIfNeeded();
  await screenshot(page.getByTestId('agreement-panel'), 'agreement-settle.png');
  // The agreement is the independent codings': settling does not change it.
  assert.deepEqual(await kindRow.locator('td').allTextContents(), cells);

  // Undo puts AM4 and the record back.
  await page.getByTestId('undo').click();
  await page.waitForFunction(() => !document.querySelector('[data-testid="settlements"]')?.textContent.includes('AM4'));
  assert.equal(await kindOf(page, 'AM4'), 'Conformity');

  // A blind coding of the case starts as a new project with nothing coded.
  await page.getByTestId('blind-coding').click();
  const confirm = page.getByTestId('confirm-replace');
  if (await confirm.count()) await confirm.getByRole('button').first().click();
  await page.waitForFunction(() => document.querySelector('[data-testid="case-title"]')?.textContent.includes('(blind coding)'));
  assert.equal(await kindOf(page, 'AM4'), 'Substantive');
  assert.match(await page.getByTestId('chains-summary').textContent(), /^0 reinforcing links|No reinforcing link/);
  assert.deepEqual(errors, []);
});
