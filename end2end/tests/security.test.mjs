// Every page is sent with a strict content security policy: the whole app works
// under it (no violation on any route), and a script injected into the page is
// blocked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage } from '../fixtures/browser.mjs';
import { signUp, usePlatform } from '../fixtures/platform.mjs';

const platform = usePlatform();

/** A page that records every CSP violation from its first byte. */
async function watchedPage() {
  const page = await openPage(platform.browser);
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  return page;
}

test('the whole app works under the policy, with no violation on any route', async () => {
  const page = await watchedPage();
  const response = await page.goto(platform.url + '/login');
  const policy = response.headers()['content-security-policy'];
  assert.match(policy, /script-src 'self' 'nonce-[0-9a-f]{32}' 'wasm-unsafe-eval' blob:/);
  assert.doesNotMatch(policy, /unsafe-inline|'unsafe-eval'/);
  assert.equal(response.headers()['x-content-type-options'], 'nosniff');
  await page.locator('main [data-mf-remote="auth"][data-mf-state="mounted"] form.login-form').waitFor();
  assert.deepEqual(await page.evaluate(() => window.__violations), [], 'none on /login');

  await signUp(page.context(), platform.url);
  await page.goto(platform.url + '/dashboard');
  await page.locator('main [data-mf-remote="dashboard"][data-mf-state="mounted"]').waitFor();
  await page.click('header nav a[href="/exam"]');
  await page.locator('main [data-mf-remote="nursing"][data-mf-state="mounted"]').waitFor();
  await page.click('header [data-mf-theme-toggle]');
  assert.deepEqual(await page.evaluate(() => window.__violations), []);
  assert.ok(!page.consoleErrors.some((e) => /Content Security Policy/.test(e)), page.consoleErrors.join('\n'));
  await page.context().close();
});

test('an injected inline script, event handler or foreign script is blocked', async () => {
  const page = await watchedPage();
  await page.goto(platform.url + '/login');
  await page.locator('html[data-mf-runtime="ready"]').waitFor();
  const ran = await page.evaluate(async () => {
    window.__ran = [];
    const inline = document.createElement('script');
    inline.textContent = "window.__ran.push('inline')";
    document.body.append(inline);
    const handler = document.createElement('img');
    handler.setAttribute('src', 'data:,');
    handler.setAttribute('onerror', "window.__ran.push('handler')");
    document.body.append(handler);
    const foreign = document.createElement('script');
    foreign.src = 'https://evil.example/x.js';
    document.body.append(foreign);
    await new Promise((r) => setTimeout(r, 300));
    return window.__ran;
  });
  assert.deepEqual(ran, [], 'nothing injected ran');
  const violations = await page.evaluate(() => window.__violations);
  assert.ok(violations.filter((v) => v.startsWith('script-src')).length >= 3, violations.join('\n'));
  // The page itself is unharmed.
  await page.locator('main [data-mf-remote="auth"][data-mf-state="mounted"] form.login-form').waitFor();
  await page.context().close();
});
