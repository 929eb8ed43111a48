// Client-side navigation: the route's remote is unmounted and the next one mounted,
// without reloading the page; back and forward work; the theme survives reloads.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../fixtures/server.mjs';
import { launch, openPage } from '../fixtures/browser.mjs';

let server, browser;
before(async () => {
  server = await startServer();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test('navigating swaps remotes without a page load', async () => {
  const page = await openPage(browser);
  await page.goto(server.url + '/login');
  await page.locator('form.login-form').waitFor({ timeout: 15000 });
  await page.evaluate(() => { window.sameDocument = true; });

  await page.click('nav a[href="/dashboard"]');
  await page.locator('[data-mf-remote="dashboard"][data-mf-state="mounted"] .dashboard-home').waitFor({ timeout: 15000 });
  assert.equal(new URL(page.url()).pathname, '/dashboard');
  assert.equal(await page.title(), 'Dashboard · NurseReview');
  assert.equal(await page.locator('form.login-form').count(), 0, 'the login form was unmounted');
  assert.equal(await page.getAttribute('nav a[href="/dashboard"]', 'aria-current'), 'page');
  assert.equal(await page.getAttribute('nav a[href="/login"]', 'aria-current'), null);
  assert.equal(await page.evaluate(() => window.sameDocument), true, 'no full page load');

  await page.goBack();
  await page.locator('[data-mf-state="mounted"] form.login-form').waitFor({ timeout: 15000 });
  assert.equal(await page.locator('.dashboard-home').count(), 0);
  assert.equal(await page.evaluate(() => window.sameDocument), true);
  // The auth remote was loaded once: coming back mounts it from the cache.
  assert.equal(page.requests.filter((u) => /\/remotes\/auth\/.*\.wasm$/.test(u)).length, 1);
  assert.deepEqual(page.consoleErrors, []);
  await page.context().close();
});

test('the theme toggle switches and is remembered', async () => {
  const page = await openPage(browser);
  await page.goto(server.url + '/');
  await page.waitForFunction(() => document.querySelector('script[type=module]') && window.wasmReady !== false);
  const theme = () => page.evaluate(() => document.documentElement.dataset.theme ?? '');
  assert.equal(await theme(), '');
  // The runtime installs the toggle once its wasm has started.
  await page.waitForLoadState('networkidle');
  await page.click('[data-mf-theme-toggle]');
  assert.equal(await theme(), 'dark');
  await page.reload();
  assert.equal(await theme(), 'dark', 'applied from storage before the runtime starts');
  await page.waitForLoadState('networkidle');
  await page.click('[data-mf-theme-toggle]');
  assert.equal(await theme(), 'light');
  await page.context().close();
});
