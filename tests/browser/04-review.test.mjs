// An assurance review from start to sign-off.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, browser, signIn, visit, fillDate, accessible } from './lib.mjs';

test('an administrator starts a review, adds an action and an approver, and records sign-off', async () => {
  const { context, page } = await browser();
  try {
    await signIn(page);
    await visit(page, '/councils/coventry/reviews');
    await page.getByRole('button', { name: 'Start a review' }).click();
    await accessible(page);
    // Submitting the empty form explains what is missing.
    await page.getByRole('button', { name: 'Start the review' }).click();
    await page.getByText('There is a problem').waitFor();
    await accessible(page);
    await page.locator('#id').fill('coventry-browser');
    await page.locator('input[name="kind"][value="local_test_of_assurance"]').check();
    await page.locator('input[name="roles"][value="dcs"]').check();
    await page.locator('input[name="roles"][value="dass"]').check();
    await fillDate(page, 'started', 1, 10, 2026);
    await page.getByRole('button', { name: 'Start the review' }).click();
    await page.waitForURL(/\/councils\/coventry\/reviews\/coventry-browser\?done=created$/);
    await page.getByText('Review started').waitFor();
    await accessible(page);

    await page.getByRole('button', { name: 'Add an action' }).click();
    await accessible(page);
    await page.locator('#title').fill('Report the review to Cabinet');
    await page.locator('#owner').selectOption({ index: 1 });
    await fillDate(page, 'due', 31, 1, 2027);
    await page.getByRole('button', { name: 'Add the action' }).click();
    await page.getByText('Action added').waitFor();

    await page.getByRole('button', { name: 'Add a contributor or approver' }).click();
    await accessible(page);
    await page.locator('#name').fill('Julie Newman');
    await page.locator('#title').fill('Chief Legal Officer');
    await page.locator('input[name="kind"][value="approver"]').check();
    await fillDate(page, 'sent', 2, 11, 2026);
    await page.getByRole('button', { name: 'Add to the table' }).click();
    await page.getByText('Contributor or approver added').waitFor();
    await accessible(page);

    await page.getByRole('link', { name: 'Record sign-off by Julie Newman' }).click();
    await accessible(page);
    await fillDate(page, 'received', 9, 11, 2026);
    await page.getByRole('button', { name: 'Record sign-off' }).click();
    await page.getByText('Sign-off recorded').waitFor();
    const text = await page.locator('main').innerText();
    assert.match(text, /Report the review to Cabinet/);
    assert.match(text, /9 November 2026/);
    await accessible(page);

    // The change is in the audit log under the administrator.
    await visit(page, '/audit?entity=coventry-browser');
    assert.match(await page.locator('main').innerText(), /admin/);
  } finally {
    await context.close();
  }
});
