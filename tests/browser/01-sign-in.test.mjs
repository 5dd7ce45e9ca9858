// Signing in, and what a signed-in administrator sees first.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, browser, signIn, accessible } from './lib.mjs';

test('an anonymous visitor is asked to sign in, and a wrong password is explained', async () => {
  const { context, page } = await browser();
  try {
    await page.goto(BASE + '/');
    assert.match(new URL(page.url()).pathname, /^\/login$/);
    await accessible(page);
    await page.getByLabel('User name').fill('admin');
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('There is a problem').waitFor();
    assert.match(await page.title(), /^Error: Sign in/);
    await accessible(page);
  } finally {
    await context.close();
  }
});

test('the administrator signs in and sees every example council', async () => {
  const { context, page } = await browser();
  try {
    await signIn(page);
    const main = page.locator('main');
    for (const name of ['Coventry City Council', 'Sandwell Metropolitan Borough Council', 'St Helens Metropolitan Borough Council']) {
      assert.ok(await main.getByText(name).count() > 0, name);
    }
    await page.getByRole('button', { name: /Sign out/ }).click();
    await page.waitForURL(/\/login$/);
  } finally {
    await context.close();
  }
});
