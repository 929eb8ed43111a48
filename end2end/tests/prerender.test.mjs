// Prerendered modules: /login carries auth's sign-in form in the server's HTML
// (made at build time from the remote's own code), so it shows before any wasm
// runs; what a student types and submits before the live form mounts is kept.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage } from '../fixtures/browser.mjs';
import { usePlatform } from '../fixtures/platform.mjs';

const platform = usePlatform();
const AUTH_WASM = /\/remotes\/auth\/[^/]+\/auth-[0-9a-f]+\.wasm$/;
const SLOT = 'main [data-mf-remote="auth"]';

test('with scripts off, /login still shows the sign-in form, from the server', async () => {
  const page = await openPage(platform.browser, { javaScriptEnabled: false });
  await page.goto(platform.url + '/login');
  const form = page.locator(`${SLOT}[data-mf-prerendered] form.login-form`);
  assert.ok(await form.isVisible(), 'the prerendered form is visible');
  assert.ok(await page.locator('#login-email').isVisible());
  assert.ok(await page.locator('#login-password').isVisible());
  assert.equal((await form.locator('button[type="submit"]').textContent()).trim(), 'Sign in');
  assert.equal(await page.locator(`${SLOT} .mf-loading`).count(), 0, 'no spinner where the form is');
  await page.context().close();
});

test('what is typed and submitted before the wasm arrives goes to the live form, and nothing moves', async () => {
  const page = await openPage(platform.browser);
  // Hold auth's wasm back, like a slow mobile connection.
  const held = [];
  await page.route(AUTH_WASM, (route) => held.push(route));
  await page.goto(platform.url + '/login');
  const prerendered = page.locator(`${SLOT}[data-mf-prerendered] form.login-form`);
  await prerendered.waitFor({ timeout: 15000 });
  const before = await prerendered.boundingBox();
  const styled = await page.$eval(`${SLOT} form.login-form button[type="submit"]`, (b) => getComputedStyle(b).backgroundColor);
  assert.notEqual(styled, 'rgba(0, 0, 0, 0)', 'the prerendered form has the remote stylesheet');

  await page.fill('#login-email', 'ana@example.ph');
  await page.click(`${SLOT} button[type="submit"]`);
  // Held back by the page's guard: no navigation, no field in the address.
  assert.equal(await page.locator(`${SLOT}[data-mf-submit]`).count(), 1, 'the submit is held for the live form');
  assert.equal(new URL(page.url()).search, '');
  await page.focus('#login-email');

  while (held.length === 0) await new Promise((r) => setTimeout(r, 50));
  for (const route of held.splice(0)) await route.continue();
  await page.unroute(AUTH_WASM);

  const live = page.locator(`${SLOT}[data-mf-state="mounted"] form.login-form`);
  await live.waitFor({ timeout: 15000 });
  assert.equal(await page.locator(`${SLOT}[data-mf-prerendered]`).count(), 0);
  assert.equal(await page.inputValue('#login-email'), 'ana@example.ph', 'the typed email is kept');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'login-email', 'focus is kept');
  // The held submit was made again by the live form: its own check of the empty password.
  const error = live.locator('#login-password ~ .field-error, .field-error').filter({ hasText: /\S/ });
  await error.first().waitFor({ timeout: 5000 });
  assert.equal(new URL(page.url()).pathname, '/login');
  assert.equal(await page.$eval(`${SLOT} form.login-form button[type="submit"]`, (b) => getComputedStyle(b).backgroundColor), styled);
  const after = await live.boundingBox();
  for (const side of ['x', 'y', 'width']) {
    assert.ok(Math.abs(after[side] - before[side]) <= 1, `${side}: ${before[side]} → ${after[side]}`);
  }
  assert.deepEqual(page.consoleErrors, []);
  await page.context().close();
});
