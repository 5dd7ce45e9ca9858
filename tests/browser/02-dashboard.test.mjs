// A council's arrangements at a past date, its timeline, and its reports.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { BASE, browser, signIn, visit, fillDate, accessible } from './lib.mjs';

test('Coventry on 12 February 2019 shows its roles and its findings with citations', async () => {
  const { context, page } = await browser();
  try {
    await signIn(page, '/councils/coventry');
    await fillDate(page, 'at', 12, 2, 2019);
    await page.getByRole('button', { name: 'Show' }).click();
    await page.getByRole('heading', { name: 'Statutory roles on 12 February 2019' }).waitFor();
    await accessible(page);
    const text = await page.locator('main').innerText();
    assert.match(text, /Director of Children's Services/);
    assert.match(text, /Children Act 2004 s18/);
    // An impossible date is explained, not ignored.
    await fillDate(page, 'at', 30, 2, 2019);
    await page.getByRole('button', { name: 'Show' }).click();
    await page.getByText('There is a problem').waitFor();
    await accessible(page);
  } finally {
    await context.close();
  }
});

test('the timeline shows who held each role with a table alternative', async () => {
  const { context, page } = await browser();
  try {
    await signIn(page);
    await visit(page, '/councils/coventry/timeline?from=2013-01-01&to=2024-01-01');
    assert.ok(await page.locator('main svg[role="img"]').count() > 0);
    assert.ok(await page.locator('main table').count() > 0);
  } finally {
    await context.close();
  }
});

test('a statement of assurance is generated as a PDF from the dashboard', async () => {
  const { context, page } = await browser();
  try {
    await signIn(page);
    await visit(page, '/councils/coventry?at=2019-02-12');
    await page.getByLabel('Format', { exact: true }).selectOption('pdf');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Generate the report' }).click(),
    ]);
    assert.match(download.suggestedFilename(), /^coventry-.*\.pdf$/);
    const bytes = readFileSync(await download.path());
    assert.equal(bytes.subarray(0, 5).toString(), '%PDF-');
  } finally {
    await context.close();
  }
});

test('the audit log says who changed what', async () => {
  const { context, page } = await browser();
  try {
    await signIn(page);
    await visit(page, '/audit?council=coventry');
    const text = await page.locator('main').innerText();
    assert.match(text, /demo/);
    assert.match(text, /designations/);
  } finally {
    await context.close();
  }
});

test('the councils list filters as you type, without JavaScript being required', async () => {
  const { context, page } = await browser();
  try {
    await signIn(page);
    await page.locator('#q').fill('sand');
    await page.getByText('1 of 3 councils').waitFor();
    assert.equal(await page.locator('main').getByText('Coventry City Council').count(), 0);
    assert.match(page.url(), /q=sand/);
    await accessible(page);
  } finally {
    await context.close();
  }
});
