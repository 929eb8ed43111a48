// /login: the shell comes from the server's HTML; the form comes from auth's own bundle.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage } from '../fixtures/browser.mjs';
import { usePlatform } from '../fixtures/platform.mjs';

const platform = usePlatform();

test('the shell is in the HTML before any script runs', async () => {
  const html = await (await fetch(platform.url + '/login')).text();
  assert.match(html, /<header class="shell-header">/);
  assert.match(html, /<nav aria-label="Main">/);
  assert.match(html, /<main id="mf-main" tabindex="-1">/);
  assert.match(html, /data-mf-remote="auth" data-mf-module="AuthApp"/);
  // Auth's form, prerendered at build time, until the live one takes over.
  assert.match(html, /data-mf-prerendered=""[^>]*>.*<form data-remote="auth" novalidate class="login-form">/s);

  const page = await openPage(platform.browser, { javaScriptEnabled: false });
  await page.goto(platform.url + '/login');
  assert.equal(await page.locator('header.shell-header nav a').count(), 2);
  assert.equal(await page.locator('main [data-mf-remote="auth"] [role="status"]').count(), 0, 'no spinner');
  assert.equal(await page.locator('main [data-mf-remote="auth"][data-mf-prerendered] form.login-form').count(), 1);
  await page.context().close();
});

test('the login form is mounted from the auth bundle, loaded at run time', async () => {
  const page = await openPage(platform.browser);
  await page.goto(platform.url + '/login');
  const form = page.locator('main [data-mf-remote="auth"][data-mf-state="mounted"] form.login-form[data-remote="auth"]');
  await form.waitFor({ timeout: 15000 });
  const fromAuth = page.requests.filter((u) => u.includes('/remotes/auth/'));
  // The page's remote map carries the manifest's facts: no manifest round trip first.
  assert.ok(!fromAuth.some((u) => u.endsWith('manifest.json')), fromAuth.join('\n'));
  assert.ok(fromAuth.some((u) => /\/remotes\/auth\/0\.1\.0\/auth-[0-9a-f]+\.wasm$/.test(u)), fromAuth.join('\n'));
  assert.ok(fromAuth.some((u) => /\/remotes\/auth\/0\.1\.0\/auth-[0-9a-f]+\.js$/.test(u)), fromAuth.join('\n'));
  assert.ok(!page.requests.some((u) => u.includes('/remotes/dashboard/')), 'only the route\'s remote loads');
  assert.ok(!page.requests.some((u) => u.includes('/remotes/ui-components/')), 'no ui-components on /login');
  assert.equal(await page.getAttribute('main [data-mf-remote="auth"]', 'aria-busy'), 'false');
  assert.deepEqual(page.consoleErrors, []);
  await page.context().close();
});

test('the login form checks its fields in the browser', async () => {
  const page = await openPage(platform.browser);
  await page.goto(platform.url + '/login');
  await page.locator('form.login-form').waitFor({ timeout: 15000 });
  const emailError = page.locator('#login-email-error');
  const passwordError = page.locator('#login-password-error');

  await page.click('form.login-form button[type="submit"]');
  assert.equal(await emailError.textContent(), 'Enter your email address.');
  assert.equal(await passwordError.textContent(), 'Enter your password.');
  assert.equal(await page.getAttribute('#login-email', 'aria-invalid'), 'true');

  await page.fill('#login-email', 'ana@example');
  await page.fill('#login-password', 'short');
  await page.click('form.login-form button[type="submit"]');
  assert.equal(await emailError.textContent(), 'Enter an email address like name@example.com.');
  assert.equal(await passwordError.textContent(), 'Your password has at least 8 characters.');

  // Valid input goes to the server, which knows no such account.
  await page.fill('#login-email', 'nobody@example.ph');
  await page.fill('#login-password', 'correct horse');
  await page.click('form.login-form button[type="submit"]');
  assert.equal(await emailError.textContent(), '');
  assert.equal(await passwordError.textContent(), '');
  assert.equal(await page.getAttribute('#login-email', 'aria-invalid'), 'false');
  await page.locator('form.login-form .form-error', { hasText: 'The email or password is wrong.' }).waitFor();
  assert.equal(new URL(page.url()).pathname, '/login', 'still on the sign-in page');
  await page.context().close();
});

test('an unknown path is a 404 page inside the shell', async () => {
  const response = await fetch(platform.url + '/no-such-page');
  assert.equal(response.status, 404);
  const html = await response.text();
  assert.match(html, /Page not found/);
  assert.match(html, /<header class="shell-header">/);
});

test('the route\'s remote downloads from the HTML\'s preloads, in parallel with the runtime, once', async () => {
  const page = await openPage(platform.browser);
  await page.goto(platform.url + '/login');
  await page.locator('main [data-mf-remote="auth"][data-mf-state="mounted"] form.login-form').waitFor({ timeout: 15000 });
  const entries = await page.evaluate(() =>
    performance.getEntriesByType('resource').map((e) => ({ name: e.name, initiator: e.initiatorType, start: e.startTime })),
  );
  const auth = entries.filter((e) => e.name.includes('/remotes/auth/'));
  // Its styles come inline with the prerendered form: no stylesheet download.
  assert.deepEqual(auth.map((e) => e.name.split('.').pop()).sort(), ['js', 'wasm'], JSON.stringify(auth));
  assert.ok(auth.every((e) => e.initiator === 'link'), `started by the preload links: ${JSON.stringify(auth)}`);
  const runtime = entries.find((e) => e.name.endsWith('/pkg/container.wasm'));
  const wasm = auth.find((e) => e.name.endsWith('.wasm'));
  assert.ok(wasm.start <= runtime.start + 50, `no waterfall: auth wasm at ${wasm.start} ms, runtime wasm at ${runtime.start} ms`);
  assert.equal(page.requests.filter((u) => u.includes('/remotes/auth/')).length, 2, 'each file once');
  assert.equal(runtime.initiator, 'link', 'the runtime\'s wasm is preloaded too');
  assert.equal(page.requests.filter((u) => u.endsWith('/pkg/container.wasm')).length, 1);
  assert.deepEqual(page.consoleErrors, []);
  await page.context().close();
});
