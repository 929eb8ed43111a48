// Data prefetch: the API reads a module's first render makes (`#[prefetch]` in
// its `expose!`) start with the page, next to the remote's code, and the
// module's own requests for them are answered from those preloads: one request
// each, not two, and the data is there when the module mounts.
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

test('a cold /dashboard reads its history once, from the preload the page started', async () => {
  const html = await (await fetch(platform.url + '/dashboard', { redirect: 'manual' })).text();
  assert.doesNotMatch(html, /href="\/api\/attempts"/, 'a visitor is sent to sign in, with no data preloaded');

  const { page, requests } = await coldLoad('/dashboard', 'main [data-mf-state="mounted"] .empty-history');
  // (The live page has dropped it with the mount point's loading state: ask the server.)
  const signedInHtml = await (await page.context().request.get(platform.url + '/dashboard')).text();
  assert.match(signedInHtml, /<link rel="preload" as="fetch" crossorigin="anonymous" href="\/api\/attempts" data-mf-data="">/);
  assert.equal(count(requests, '/api/attempts'), 1, `one request for the history: ${JSON.stringify(requests)}`);
  await page.context().close();
});

test('a cold /exam reads its topics and history once each, and a question page its own attempt', async () => {
  const { page, requests, unused } = await coldLoad('/exam', 'main .exam-chooser .topics label');
  assert.equal(count(requests, '/api/topics'), 1, `one request for the topics: ${JSON.stringify(requests)}`);
  assert.equal(count(requests, '/api/attempts'), 1, `one request for the history: ${JSON.stringify(requests)}`);

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

test('following a link in the page starts the new route\'s reads with the swap, and the module uses them', async () => {
  const { page, requests } = await coldLoad('/', 'html[data-mf-runtime="ready"]');
  requests.length = 0;
  await page.click('header nav a[href="/dashboard"]');
  await page.locator('main [data-mf-state="mounted"] .empty-history').waitFor({ timeout: 20000 });
  assert.equal(new URL(page.url()).pathname, '/dashboard');
  assert.equal(count(requests, '/api/attempts'), 1, `one request for the history: ${JSON.stringify(requests)}`);
  await page.context().close();
});
