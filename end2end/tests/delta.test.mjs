// Delta downloads: after a team deploys a new version of its remote, a student's
// browser that already has the previous version downloads only what changed
// (Compression Dictionary Transport: the old wasm is the dictionary, `dcz`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { openPage } from '../fixtures/browser.mjs';
import { signUp, usePlatform } from '../fixtures/platform.mjs';
import { cached, LIVE, withWorker } from '../fixtures/offline.mjs';
import { ADMIN_ENV, admin, release } from '../fixtures/releases.mjs';

const platform = usePlatform({ ownRemotes: true, env: ADMIN_ENV });
const WAIT = { timeout: 20000 };

/** Waits until dashboard is mounted and showing its greeting. */
const dashboardMounted = (page) =>
  page.locator('main [data-mf-remote="dashboard"][data-mf-state="mounted"] .greeting').waitFor(WAIT);

/** The next response for dashboard's wasm of `version`. */
const dashboardWasm = (page, version) =>
  page.waitForResponse((r) => r.url().includes(`/remotes/dashboard/${version}/`) && r.url().endsWith('.wasm'), WAIT);

test('a new version of a remote downloads as a delta against the version the browser has', async () => {
  const page = await openPage(platform.browser);
  await signUp(page.context(), platform.url, 'Lea Ramos');
  const first = dashboardWasm(page, '0.1.0');
  await page.goto(platform.url + '/dashboard');
  assert.equal((await first).headers()['content-encoding'], 'br');
  await dashboardMounted(page);

  // The team's next build: 2 KB more wasm (changed code, as far as bytes go).
  const manifest = release(platform.remotes.dir, 'dashboard', '0.1.0', '0.2.0', { wasmExtra: randomBytes(2048) });
  const deployed = await admin(platform.url, '/remotes/dashboard/deploy', { version: '0.2.0' });
  assert.equal(deployed.status, 200, JSON.stringify(deployed.body));

  const next = dashboardWasm(page, '0.2.0');
  await page.reload();
  const delta = await next;
  assert.equal(delta.headers()['content-encoding'], 'dcz');
  const { responseBodySize } = await delta.request().sizes();
  // The whole new wasm is its brotli size; the delta is the 2 KB that changed and little more.
  const whole = manifest.assets.wasm.size.brotli;
  assert.ok(responseBodySize < 4096, `the delta is ${responseBodySize} bytes; the whole file ${whole}`);
  assert.ok(whole > 20000, `the whole file is ${whole} bytes`);
  // It decoded to the exact file: the loader's integrity check passed and the remote runs.
  await dashboardMounted(page);
  assert.deepEqual(page.consoleErrors, []);
  console.log(`dashboard 0.1.0 -> 0.2.0: ${responseBodySize} bytes on the wire instead of ${whole}`);
  await page.context().close();
});

test("the service worker's fetch of a new live version is a delta too", async () => {
  // dashboard 0.2.0 is live (the test above). A student whose service worker
  // keeps every live version: after the next deploy it fetches the new one.
  const page = await withWorker(platform);
  await signUp(page.context(), platform.url, 'Ana Cruz');
  const fetched = [];
  page.context().on('response', async (response) => {
    if (!response.url().includes('/remotes/dashboard/0.3.0/') || !response.url().endsWith('.wasm')) return;
    if (response.fromServiceWorker()) return; // the page's copy, answered by the worker
    const { responseBodySize } = await response.request().sizes();
    fetched.push({ encoding: response.headers()['content-encoding'], bytes: responseBodySize });
  });
  await page.goto(platform.url + '/dashboard');
  await cached(page, [...LIVE.filter((name) => !name.startsWith('mf-remote-dashboard')), 'mf-remote-dashboard@0.2.0']);

  const manifest = release(platform.remotes.dir, 'dashboard', '0.2.0', '0.3.0', { wasmExtra: randomBytes(2048) });
  const deployed = await admin(platform.url, '/remotes/dashboard/deploy', { version: '0.3.0' });
  assert.equal(deployed.status, 200, JSON.stringify(deployed.body));
  await page.reload();
  await cached(page, ['mf-remote-dashboard@0.3.0']);
  await dashboardMounted(page);
  for (let waited = 0; fetched.length === 0 && waited < 5000; waited += 100) await page.waitForTimeout(100);
  assert.ok(fetched.length > 0, 'the new wasm was fetched from the server');
  for (const { encoding, bytes } of fetched) {
    assert.equal(encoding, 'dcz');
    assert.ok(bytes < 4096, `the delta is ${bytes} bytes; the whole file ${manifest.assets.wasm.size.brotli}`);
  }
  assert.deepEqual(page.consoleErrors, []);
  await page.context().close();
});
