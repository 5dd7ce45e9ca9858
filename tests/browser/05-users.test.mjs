// An administrator adds a user, who signs in with the password shown once and changes it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, browser, signIn, accessible } from './lib.mjs';

test('an admin adds a user, who signs in and changes their password', async () => {
  const { context, page } = await browser();
  const username = `jo.bloggs.${Date.now()}`;
  try {
    await signIn(page);
    await page.getByRole('link', { name: 'Users', exact: true }).click();
    await page.getByRole('heading', { name: 'Users', level: 1 }).waitFor();
    await accessible(page);
    await page.getByRole('button', { name: 'Add a user' }).click();
    await page.getByRole('heading', { name: 'Add a user' }).waitFor();
    await accessible(page);
    await page.getByLabel('User name').fill(username);
    await page.getByLabel('Full name').fill('Jo Bloggs');
    await page.getByLabel('Council').selectOption({ label: 'Coventry City Council' });
    await page.getByLabel('Role').selectOption('editor');
    await page.getByRole('button', { name: 'Add user' }).click();
    await page.getByRole('heading', { name: 'User added' }).waitFor();
    await accessible(page);
    const password = (await page.locator('#password').textContent()).trim();
    assert.ok(password.length >= 12, password);
    await page.getByRole('button', { name: /Sign out/ }).click();
    await page.waitForURL(/\/login$/);

    await page.getByLabel('User name').fill(username);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
    const main = page.locator('main');
    assert.ok((await main.getByText('Coventry City Council').count()) > 0);
    assert.equal(await main.getByText('Sandwell Metropolitan Borough Council').count(), 0);
    assert.equal(await page.getByRole('link', { name: 'Users', exact: true }).count(), 0, 'not an admin');

    await page.getByRole('link', { name: /Your account/ }).click();
    await page.getByRole('heading', { name: 'Your account' }).waitFor();
    await accessible(page);
    // GOV.UK Frontend's script runs: a form with errors moves focus to the error summary.
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByText('There is a problem').waitFor();
    await page.waitForFunction(() => document.activeElement?.classList.contains('govuk-error-summary'));
    await accessible(page);
    await page.getByLabel('Current password').fill(password);
    await page.getByLabel('New password (12 characters or more)', { exact: true }).fill('a long new password');
    await page.getByLabel('Confirm new password').fill('a long new password');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByText('Your password has been changed').waitFor();
    assert.match(new URL(page.url()).pathname, /^\/account$/);
  } finally {
    await context.close();
  }
});
