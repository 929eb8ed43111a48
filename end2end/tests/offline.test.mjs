// Offline start: after one online visit, the platform starts with no network
// and the routes a student used work from the service worker's cache; cached
// remote files are verified (a corrupted one is fetched again, never run); a
// new deploy, or a rollback, is what the next online load uses, and caches of
// versions no longer live go; on Save-Data nothing is fetched ahead.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { signUp, usePlatform } from '../fixtures/platform.mjs';
import { ADMIN_ENV, admin, release } from '../fixtures/releases.mjs';
import { LIVE, cached, until, withWorker as workerPage } from '../fixtures/offline.mjs';
import { ROW } from '../fixtures/remote-map.mjs';

const platform = usePlatform({ ownRemotes: true, env: ADMIN_ENV, link: true });
const AUTH_FORM = 'main [data-mf-remote="auth"][data-mf-state="mounted"] form';
const withWorker = () => workerPage(platform);

const DASHBOARD = 'main [data-mf-remote="dashboard"][data-mf-state="mounted"]';

/** A signed-in /dashboard, with every live remote kept, reloaded so that the
 * worker controls it (and its API reads went through the worker too). */
async function controlledDashboard() {
  const page = await withWorker();
  await signUp(page.context(), platform.url);
  await page.goto(platform.url + '/dashboard');
  await page.locator(DASHBOARD).waitFor({ timeout: 20000 });
  await cached(page, LIVE);
  await page.reload();
  await page.locator(DASHBOARD).waitFor({ timeout: 20000 });
  return page;
}

test('after one online visit the shell and the visited routes start with no network', async () => {
  const page = await controlledDashboard();

  await page.context().setOffline(true);
  await page.reload();
  await page.locator('header.shell-header').waitFor();
  await page.locator(DASHBOARD).waitFor({ timeout: 20000 });
  await page.click('header [data-mf-theme-toggle]');
  assert.equal(await page.getAttribute('html', 'data-theme'), 'dark', 'the shell works offline');
  assert.deepEqual(page.consoleErrors.filter((e) => !/ERR_INTERNET_DISCONNECTED|Failed to fetch/.test(e)), []);

  // Signing out forgets the kept pages and API answers (a shared phone).
  await page.context().setOffline(false);
  const signedOut = await page.evaluate(async () => (await fetch('/api/auth/logout', { method: 'POST' })).status);
  assert.equal(signedOut, 204);
  assert.equal(await page.evaluate(() => caches.has('mf-shell-v2')), false);
  await page.context().close();
});

test('a route reached by in-app navigation is kept too: it reloads, and is navigated to, with no network', async () => {
  const page = await controlledDashboard();
  // The exam page comes through the runtime's own fetch, which the worker answers.
  await page.click('header nav a[href="/exam"]');
  await page.locator('main [data-mf-remote="nursing"][data-mf-state="mounted"] .exam-chooser').waitFor({ timeout: 20000 });
  await until(page, async () => (await (await caches.open('mf-shell-v2')).match(location.href)) !== undefined);

  await page.context().setOffline(true);
  await page.reload();
  await page.locator('main [data-mf-remote="nursing"][data-mf-state="mounted"] .exam-chooser').waitFor({ timeout: 20000 });
  // In-app navigation with no network: the kept page is swapped in, no page load.
  await page.evaluate(() => { window.sameDocument = true; });
  await page.click('header nav a[href="/dashboard"]');
  await page.locator(DASHBOARD).waitFor({ timeout: 20000 });
  assert.equal(new URL(page.url()).pathname, '/dashboard');
  assert.equal(await page.evaluate(() => window.sameDocument), true, 'no page load');
  await page.context().close();
});

test('on a connection that carries nothing, a kept page is served after a few seconds instead of hanging', async () => {
  const page = await controlledDashboard();
  platform.link.stall();
  try {
    const started = Date.now();
    await page.reload({ waitUntil: 'commit', timeout: 20000 });
    await page.locator(DASHBOARD).waitFor({ timeout: 20000 });
    const waited = Date.now() - started;
    assert.ok(waited >= 3500, `the network had its chance first: ${waited} ms`);
  } finally {
    platform.link.restore();
  }
  await page.context().close();
});

test('a corrupted cached file is never served: it is dropped and fetched again', async () => {
  const page = await withWorker();
  await page.goto(platform.url + '/login');
  await page.locator(AUTH_FORM).waitFor({ timeout: 20000 });
  await cached(page, LIVE);
  const corrupt = () =>
    page.evaluate(async () => {
      const cache = await caches.open('mf-remote-auth@0.1.0');
      const wasm = (await cache.keys()).find((r) => r.url.endsWith('.wasm'));
      // A valid wasm header and nothing else: not the file the manifest names.
      await cache.put(wasm.url, new Response(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]), {
        headers: { 'content-type': 'application/wasm' },
      }));
      return wasm.url;
    });
  const repaired = (url) =>
    page.evaluate(async ({ url, ROW }) => {
      const row = JSON.parse(document.getElementById('mf-remotes').textContent).find((r) => r[ROW.NAME] === 'auth');
      const kept = await (await caches.open('mf-remote-auth@0.1.0')).match(url);
      const digest = await crypto.subtle.digest('SHA-384', await kept.arrayBuffer());
      return 'sha384-' + btoa(String.fromCharCode(...new Uint8Array(digest))) === row[ROW.WASM + 1];
    }, { url, ROW });

  const url = await corrupt();
  assert.equal(await repaired(url), false, 'corrupted');
  await page.reload();
  await page.locator(AUTH_FORM).waitFor({ timeout: 20000 });
  assert.ok(await repaired(url), 'fetched again, the cache holds the right bytes');

  // Offline too: the worker still refuses the bad copy; the right bytes come
  // from the browser's own HTTP cache (the file is immutable) and the form works.
  await corrupt();
  await page.context().setOffline(true);
  await page.reload();
  await page.locator(AUTH_FORM).waitFor({ timeout: 20000 });
  assert.ok(await repaired(url), 'repaired offline');
  await page.fill('main form input[type="email"]', 'ana@example.ph');
  await page.context().close();
});

test('a new deploy is used on the next online load, old caches go, and a rollback is honoured', async () => {
  const page = await withWorker();
  await page.goto(platform.url + '/login');
  await page.locator(AUTH_FORM).waitFor({ timeout: 20000 });
  await cached(page, LIVE);

  release(platform.remotes.dir, 'dashboard', '0.1.0', '0.2.0', { css: '\n/* v2 */\n' });
  const deployed = await admin(platform.url, '/remotes/dashboard/deploy', { version: '0.2.0' });
  assert.equal(deployed.status, 200, JSON.stringify(deployed.body));
  await page.reload();
  await cached(page, ['mf-remote-dashboard@0.2.0']);
  await until(page, async () => !(await caches.keys()).includes('mf-remote-dashboard@0.1.0'));

  const rolledBack = await admin(platform.url, '/remotes/dashboard/rollback', {});
  assert.equal(rolledBack.status, 200, JSON.stringify(rolledBack.body));
  await page.reload();
  await cached(page, ['mf-remote-dashboard@0.1.0']);
  await until(page, async () => !(await caches.keys()).includes('mf-remote-dashboard@0.2.0'));
  await page.context().close();
});

test('on Save-Data nothing is fetched ahead', async () => {
  const page = await withWorker();
  await page.addInitScript(() => Object.defineProperty(navigator, 'connection', { value: { saveData: true } }));
  await page.goto(platform.url + '/login');
  await page.locator(AUTH_FORM).waitFor({ timeout: 20000 });
  // The page itself is kept (it was fetched anyway); no other remote is fetched.
  await until(page, async () => (await (await caches.open('mf-shell-v2')).match(location.href)) !== undefined);
  await page.waitForTimeout(1000);
  const keys = await page.evaluate(() => caches.keys());
  assert.ok(!keys.includes('mf-remote-nursing@0.1.0') && !keys.includes('mf-remote-dashboard@0.1.0'), keys.join(' '));
  await page.context().close();
});
