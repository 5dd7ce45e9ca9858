// What the browser tests share: Debian's Chromium driven by playwright-core (never a downloaded
// browser), signing in as the demo administrator, and an axe-core check of every page visited.
//
// The server is started by crates/cli/tests/main/browser.rs (`assure serve --demo` on a free
// port), which passes ASSURE_BASE_URL and ASSURE_ADMIN_PASSWORD.

import { chromium } from 'playwright-core';
import AxeBuilder from '@axe-core/playwright';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';

export const BASE = process.env.ASSURE_BASE_URL ?? 'http://127.0.0.1:8080';
export const PASSWORD = process.env.ASSURE_ADMIN_PASSWORD ?? '';
const CHROMIUM = process.env.ASSURE_CHROMIUM ?? '/usr/bin/chromium';

/** A fresh Chromium with a fresh profile, and a page in it. */
export async function browser() {
  const profile = mkdtempSync(join(tmpdir(), 'assure-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    acceptDownloads: true,
    viewport: { width: 1280, height: 900 },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  // Nothing may come from anywhere but the server under test.
  await context.route('**/*', (route) =>
    route.request().url().startsWith(BASE) ? route.continue() : route.abort(),
  );
  return { context, page };
}

/** Pages checked by axe-core in this run, so each is checked once. */
const checked = new Set();

/** Runs axe-core (WCAG 2.0-2.2 A and AA rules) on the page; fails on any violation. */
export async function accessible(page) {
  const key = new URL(page.url()).pathname + (await page.title());
  if (checked.has(key)) return;
  checked.add(key);
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  const problems = results.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.map((n) => n.target.join(' ')).join('\n    ')}`,
  );
  assert.deepEqual(problems, [], `axe-core on ${page.url()}:\n${problems.join('\n')}`);
}

/** Goes to `path`, checks the page is accessible, and returns the response. */
export async function visit(page, path) {
  const response = await page.goto(BASE + path);
  await accessible(page);
  return response;
}

/** Signs in as the demo administrator through the sign-in form. */
export async function signIn(page, next = '/') {
  await page.goto(`${BASE}/login?next=${encodeURIComponent(next)}`);
  await accessible(page);
  await page.getByLabel('User name').fill('admin');
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  await accessible(page);
}

/** Fills a GOV.UK date input whose inputs are `${id}-day`, `${id}-month`, `${id}-year`. */
export async function fillDate(page, id, day, month, year) {
  await page.locator(`#${id}-day`).fill(String(day));
  await page.locator(`#${id}-month`).fill(String(month));
  await page.locator(`#${id}-year`).fill(String(year));
}
