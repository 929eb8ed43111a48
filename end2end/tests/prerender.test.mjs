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

test('the first paint needs no stylesheet request: the shell\'s styles and the prerendered module\'s come inline, allowed by their hashes', async () => {
  const page = await openPage(platform.browser);
  const policy = new Promise((resolve) => page.on('response', (r) => r.url().endsWith('/login') && resolve(r.headers()['content-security-policy'])));
  await page.goto(platform.url + '/login');
  await page.locator(`${SLOT}[data-mf-state="mounted"] form.login-form`).waitFor({ timeout: 15000 });
  assert.deepEqual(page.requests.filter((u) => u.endsWith('.css')), [], 'no stylesheet was downloaded');
  assert.equal(await page.locator('link[rel="stylesheet"]').count(), 0);
  // The shell is styled from the <head>; auth's inlined styles became its
  // stylesheet there when the live form mounted (the slot's copy is gone).
  assert.equal(await page.$eval('body', (b) => getComputedStyle(b).margin), '0px');
  assert.equal(await page.locator('head style[data-mf-css="auth"]').count(), 1);
  assert.equal(await page.locator(`${SLOT} style`).count(), 0);
  const styled = await page.$eval(`${SLOT} form.login-form button[type="submit"]`, (b) => getComputedStyle(b).backgroundColor);
  assert.notEqual(styled, 'rgba(0, 0, 0, 0)');
  // Inline styles by hash only: no 'unsafe-inline'.
  const styleSrc = (await policy).split(';').find((d) => d.trim().startsWith('style-src'));
  assert.match(styleSrc, /'sha384-[A-Za-z0-9+/=]+' '(sha384-[A-Za-z0-9+/=]+)'/, styleSrc);
  assert.ok(!styleSrc.includes('unsafe-inline'), styleSrc);

  // Away and back by client-side navigation: auth's styles go with its form,
  // then come inline again with the fetched page, still allowed, still no request.
  await page.evaluate(() => window.dispatchEvent(new CustomEvent('mf:navigate', { detail: { to: '/' } })));
  await page.waitForFunction(() => location.pathname === '/');
  assert.equal(await page.locator('[data-mf-css="auth"]').count(), 0, 'auth\'s styles left with it');
  await page.evaluate(() => window.dispatchEvent(new CustomEvent('mf:navigate', { detail: { to: '/login' } })));
  await page.locator(`${SLOT}[data-mf-state="mounted"] form.login-form`).waitFor({ timeout: 15000 });
  assert.equal(await page.$eval(`${SLOT} form.login-form button[type="submit"]`, (b) => getComputedStyle(b).backgroundColor), styled);
  assert.deepEqual(page.requests.filter((u) => u.endsWith('.css')), [], 'still no stylesheet download');
  assert.deepEqual(page.consoleErrors, [], 'no policy violation');
  await page.context().close();
});
