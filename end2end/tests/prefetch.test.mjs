// Data prefetch: the API reads a module's first render makes (`#[prefetch]` in
// its `expose!`) start with the page, next to the remote's code, and the
// module's own requests for them are answered from those preloads: one request
// each, not two, and the data is there when the module mounts. Where the server
// rendered the module with them (`#[server_render]`), the page carries the
// answers instead, and nothing is requested.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage } from '../fixtures/browser.mjs';
import { signUp, usePlatform } from '../fixtures/platform.mjs';

const platform = usePlatform();

/** Opens `route` cold and counts the requests for each API path until `ready` shows. */
async function coldLoad(route, ready) {
  const page = await openPage(platform.browser);
  await signUp(page.context(), platform.url);
  const requests = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    // The page's preload is of type "other"; the module's own request, "fetch".
    if (url.pathname.startsWith('/api/')) requests.push({ path: url.pathname, by: request.resourceType() });
  });
  const unused = [];
  page.on('console', (message) => {
    if (/preloaded using link preload but not used/.test(message.text())) unused.push(message.text());
  });
  await page.goto(platform.url + route);
  await page.locator(ready).first().waitFor({ timeout: 20000 });
  return { page, requests, unused };
}

/** How many requests went out for `path`; it fails when one came from the module rather than the preload. */
function count(requests, path) {
  const sent = requests.filter((r) => r.path === path);
  assert.ok(sent.every((r) => r.by !== 'fetch'), `${path} was read by the module, not from the preload: ${JSON.stringify(sent)}`);
  return sent.length;
}

test('a cold /dashboard reads no history: the server rendered it and the page carries it', async () => {
  const html = await (await fetch(platform.url + '/dashboard', { redirect: 'manual' })).text();
  assert.doesNotMatch(html, /href="\/api\/attempts"/, 'a visitor is sent to sign in, with no data preloaded');

  const { page, requests, unused } = await coldLoad('/dashboard', 'main [data-mf-state="mounted"] .empty-history');
  // (The live page has dropped it with the mount point's server HTML: ask the server.)
  const signedInHtml = await (await page.context().request.get(platform.url + '/dashboard')).text();
  assert.doesNotMatch(signedInHtml, /href="\/api\/attempts"/, 'not preloaded: the answer is in the page');
  assert.match(signedInHtml, /data-mf-answers="">\{"\/api\/attempts":\[\]\}/);
  assert.equal(count(requests, '/api/attempts'), 0, `no request for the history: ${JSON.stringify(requests)}`);
  // Chromium warns of a preload unused a few seconds after the load.
  await page.waitForTimeout(3500);
  assert.deepEqual(unused, [], 'no preload left unused');
  await page.context().close();
});

test('a cold /exam reads neither topics nor history (the page carries them), and a question page its own attempt once', async () => {
  const { page, requests, unused } = await coldLoad('/exam', 'main [data-mf-state="mounted"] .exam-chooser .topics label');
  assert.equal(count(requests, '/api/topics'), 0, `the topics came with the page: ${JSON.stringify(requests)}`);
  assert.equal(count(requests, '/api/attempts'), 0, `the history came with the page: ${JSON.stringify(requests)}`);

  // Start an exam, then load its first question cold.
  await page.locator('main .exam-chooser .topics input').first().check();
  await page.click('main .exam-chooser button.start-exam');
  await page.waitForURL(/\/exam\/attempt\/\d+\/question\/1$/, { timeout: 20000 });
  const attempt = new URL(page.url()).pathname.split('/')[3];
  const stem = page.locator('main [data-mf-remote="nursing"] .exam-question .stem').first();
  await stem.waitFor({ timeout: 20000 });
  requests.length = 0;
  await page.reload();
  await stem.waitFor({ timeout: 20000 });
  assert.equal(count(requests, `/api/attempts/${attempt}`), 1, `one read of the attempt: ${JSON.stringify(requests)}`);
  assert.equal(count(requests, '/api/topics'), 0, 'nothing the question page does not read');
  // Give Chromium's "preloaded but not used" check (a few seconds) its time.
  await page.waitForTimeout(3500);
  assert.deepEqual(unused, [], 'every preload was used');
  await page.context().close();
});

test('a preload its module never used does not answer for the next student signed in on the page', async () => {
  const page = await openPage(platform.browser);
  await signUp(page.context(), platform.url, 'Ana Santos');
  // Ana has an unfinished exam: her dashboard offers to continue it.
  const started = await page.context().request.post(platform.url + '/api/attempts', { data: { topic: 'fundamentals', length: 3 } });
  assert.equal(started.status(), 201);
  // Her dashboard never mounts (its wasm fails), so its history preload is left unused.
  const DASHBOARD_WASM = /\/remotes\/dashboard\/[^/]+\/dashboard-[0-9a-f]+\.wasm$/;
  await page.route(DASHBOARD_WASM, (route) => route.abort());
  await page.goto(platform.url + '/dashboard');
  await page.locator('main [data-mf-remote="dashboard"][data-mf-state="error"]').waitFor({ timeout: 20000 });
  await page.unroute(DASHBOARD_WASM);
  // She signs out; Ben signs up and opens his dashboard, in the same page.
  await page.click('[data-mf-session] .sign-out');
  await page.locator('[data-mf-session] .sign-in:not([hidden])').waitFor({ timeout: 10000 });
  await signUp(page.context(), platform.url, 'Ben Cruz');
  await page.evaluate(() => window.dispatchEvent(new CustomEvent('mf:navigate', { detail: { to: '/dashboard' } })));
  await page.locator('main [data-mf-state="mounted"] .greeting').waitFor({ timeout: 20000 });
  assert.match(await page.locator('main .greeting').textContent(), /Ben Cruz/);
  await page.locator('main [data-mf-state="mounted"] :is(.empty-history, table.history)').waitFor({ timeout: 20000 });
  assert.equal(await page.locator('main .continue').count(), 0, "Ben's dashboard does not offer Ana's unfinished exam");
  await page.context().close();
});
