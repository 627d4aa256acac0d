// Journey: drop a table on the page, keep several projects, switch, rename and delete them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useApp, openApp, saved, reloadApp } from './helpers.mjs';

const app = useApp();

const optionsOf = (page) => page.getByTestId('project-select').locator('option').allTextContents();

test('drag and drop opens a table as a new project; projects switch, rename and delete', async () => {
  const { page, context, errors } = await openApp(app.browser, app.origin);
  const csv = 'id;actor;period;action;symbolic;triggers\nK1;Clerks;Before;File the form;conformity;\nK2;Analysts;After;Praise the dashboard;advocacy;K1\n';
  const dt = await page.evaluateHandle((text) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([text], 'dropped.csv', { type: 'text/csv' }));
    return transfer;
  }, csv);
  await page.dispatchEvent('.app', 'drop', { dataTransfer: dt });
  await page.getByTestId('action-row-K2').waitFor();
  assert.equal(await page.getByTestId('case-title').textContent(), 'dropped');
  assert.match(await page.getByTestId('chains-summary').textContent(), /1 reinforcing links/);
  assert.deepEqual((await optionsOf(page)).sort(), ['TelCo Sales Medium: the CLM model and the regime of knowing (2012–2014)', 'dropped'].sort());

  // Switch back to TelCo, then to the dropped case again: each keeps its own state.
  const telcoId = await page.getByTestId('project-select').locator('option', { hasText: 'TelCo' }).getAttribute('value');
  await page.getByTestId('project-select').selectOption(telcoId);
  await page.getByTestId('action-row-DS8').waitFor();
  assert.equal(await page.locator('[data-testid^="action-row-"]').count(), 22);

  // Rename survives a reload.
  await page.getByTestId('project-rename').click();
  await page.getByTestId('project-name').fill('TelCo, second coder');
  await page.getByTestId('project-rename-save').click();
  await saved(page);
  await reloadApp(page);
  assert.ok((await optionsOf(page)).includes('TelCo, second coder'));
  assert.equal(await page.locator('[data-testid^="action-row-"]').count(), 22, 'the current project is reopened');

  // Delete asks first; keeping changes nothing, deleting opens the other project.
  await page.getByTestId('project-delete').click();
  await page.getByTestId('cancel-delete').click();
  assert.equal((await optionsOf(page)).length, 2);
  await page.getByTestId('project-delete').click();
  await page.getByTestId('confirm-delete').click();
  await page.getByTestId('action-row-K1').waitFor();
  assert.deepEqual(await optionsOf(page), ['dropped']);
  // TelCo can always be reopened fresh.
  await page.getByTestId('open-telco').click();
  await page.getByTestId('action-row-DS8').waitFor();
  assert.equal((await optionsOf(page)).length, 2);
  assert.deepEqual(errors, []);
  await context.close();
});
