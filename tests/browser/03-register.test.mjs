// Recording a change as it happens: the DCS resigns and another director is designated DCS on
// an interim basis; the dashboard follows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browser, signIn, visit, fillDate, accessible } from './lib.mjs';

async function dcsRow(page) {
  return page.locator('main table tr', { hasText: "Director of Children's Services" }).first().innerText();
}

test('a resignation and an interim designation are recorded and the dashboard changes', async () => {
  const { context, page } = await browser();
  try {
    await signIn(page);
    await visit(page, '/councils/coventry?at=2021-04-01');
    assert.match(await dcsRow(page), /John Gregg/);

    // John Gregg resigns: his last day is 31 March 2021.
    await visit(page, '/councils/coventry/register?at=2021-04-01');
    assert.ok(await page.locator('svg[role="img"]').count() > 0, 'the org chart');
    await page.getByRole('link', { name: /^Change appointment: John Gregg/ }).first().click();
    await accessible(page);
    await fillDate(page, 'to', 31, 3, 2021);
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Appointment updated').waitFor();
    await accessible(page);
    await visit(page, '/councils/coventry?at=2021-04-01');
    assert.match(await dcsRow(page), /Vacant/);

    // An impossible date is refused with the error summary.
    await visit(page, '/councils/coventry/register/designations/new?at=2021-04-01');
    await page.locator('#role').selectOption('dcs');
    await page.locator('#post').selectOption('cov-deputy-chief-executive-people');
    await fillDate(page, 'from', 31, 2, 2021);
    await page.getByRole('button', { name: 'Add designation' }).click();
    await page.getByText('There is a problem').waitFor();
    assert.match(await page.title(), /^Error: /);
    await accessible(page);

    // The Deputy Chief Executive (People) becomes DCS on an interim basis from 1 April 2021.
    await fillDate(page, 'from', 1, 4, 2021);
    await page.locator('#basis').selectOption('interim');
    await page.getByRole('button', { name: 'Add designation' }).click();
    await page.getByText('Designation added').waitFor();
    await accessible(page);

    // The old designation ends with the resignation.
    await page
      .getByRole('link', { name: /^Change designation: Director of Children's Services, Director of Children's Services/ })
      .first()
      .click();
    await fillDate(page, 'to', 31, 3, 2021);
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Designation updated').waitFor();

    await visit(page, '/councils/coventry?at=2021-04-01');
    const row = await dcsRow(page);
    assert.match(row, /Deputy Chief Executive \(People\)/);
    assert.match(row, /Interim/);
  } finally {
    await context.close();
  }
});
