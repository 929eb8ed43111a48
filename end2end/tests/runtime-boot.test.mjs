// The container's runtime is on every cold load: when a connection drops while
// its files download (common on mobile data), they are tried again; when they
// cannot be had, the page says so instead of silently holding every tap.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dropFirst, openPage } from '../fixtures/browser.mjs';
import { usePlatform } from '../fixtures/platform.mjs';

const platform = usePlatform();

test("the runtime's glue and wasm are fetched again after a dropped connection, and the page comes alive", async () => {
  const page = await openPage(platform.browser);
  const seen = await dropFirst(page, ['/pkg/container.js', '/pkg/container.wasm'], 1);
  await page.goto(platform.url + '/login');
  await page.locator('html[data-mf-runtime="ready"]').waitFor({ state: 'attached', timeout: 15000 });
  await page.locator('main [data-mf-remote="auth"][data-mf-state="mounted"] form.login-form').waitFor({ timeout: 15000 });
  assert.ok(seen['/pkg/container.js'] >= 2 && seen['/pkg/container.wasm'] >= 2, JSON.stringify(seen));
  assert.equal(await page.locator('[data-mf-toasts] [role="alert"]').count(), 0);
  await page.context().close();
});

test('when the runtime cannot be had, the page says so and its links still work', async () => {
  const page = await openPage(platform.browser);
  const seen = await dropFirst(page, ['/pkg/container.wasm'], Infinity);
  await page.goto(platform.url + '/login');
  const notice = page.locator('[data-mf-toasts] .ui-toast-error[role="alert"]');
  await notice.waitFor({ timeout: 15000 });
  assert.match(await notice.textContent(), /could not finish loading: check your connection, then reload the page/);
  assert.equal(await page.getAttribute('html', 'data-mf-runtime'), 'failed');
  assert.equal(seen['/pkg/container.wasm'], 3, 'three tries');
  // A guarded route: loaded as a page, which sends a student signed out to sign in.
  await page.click('header nav a[href="/exam"]');
  await page.waitForURL((url) => url.pathname === '/login' && url.searchParams.get('next') === '/exam');
  await page.context().close();
});
