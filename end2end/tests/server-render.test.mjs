// Server rendering: a signed-in /dashboard or /exam arrives with the student's
// own content in the HTML (rendered by the server with the remote's own code,
// its `server-render` build, sandboxed), so it shows before any wasm runs; the
// live module takes it over with the data the page carries: no second read, no
// loading state in between, and what the student picked meanwhile stays.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage } from '../fixtures/browser.mjs';
import { signUp, usePlatform } from '../fixtures/platform.mjs';

const platform = usePlatform();
const DASHBOARD = 'main [data-mf-remote="dashboard"]';
const EXAM = 'main [data-mf-remote="nursing"]';

/** A signed-in student with one finished exam (pharmacology, 3 questions). */
async function studentWithHistory(page) {
  await signUp(page.context(), platform.url, 'Bea Reyes');
  const api = page.context().request;
  const attempt = await (await api.post(platform.url + '/api/attempts', { data: { topic: 'pharmacology', length: 3 } })).json();
  for (const question of attempt.questions) {
    const saved = await api.put(`${platform.url}/api/attempts/${attempt.id}/answers/${question.id}`, { data: { choice: 0 } });
    assert.equal(saved.status(), 204, await saved.text());
  }
  const finished = await api.post(`${platform.url}/api/attempts/${attempt.id}/finish`);
  assert.equal(finished.status(), 200, await finished.text());
  return attempt;
}

/** Holds back the requests for `url` (a RegExp) like a slow connection; the
 * returned function lets them through once the first has been asked for. */
async function holdBack(page, url) {
  const held = [];
  await page.route(url, (route) => held.push(route));
  return async () => {
    while (held.length === 0) await new Promise((r) => setTimeout(r, 50));
    for (const route of held.splice(0)) await route.continue();
    await page.unroute(url);
  };
}

/** Records, from the first byte of the page, whether `text` ever showed inside `selector`. */
async function watchFor(page, selector, text) {
  await page.addInitScript(([selector, text]) => {
    window.__seen = false;
    new MutationObserver(() => {
      const slot = document.querySelector(selector);
      if (slot && slot.textContent.includes(text)) window.__seen = true;
    }).observe(document, { subtree: true, childList: true, characterData: true });
  }, [selector, text]);
}

test('a signed-in /dashboard arrives with the student\'s history, which shows with scripts off', async () => {
  const page = await openPage(platform.browser, { javaScriptEnabled: false });
  await studentWithHistory(page);
  const html = await (await page.context().request.get(platform.url + '/dashboard')).text();
  assert.match(html, /<h1 class="greeting">Welcome back, Bea Reyes<\/h1>/);
  assert.match(html, /<table class="history">.*<td>Pharmacology<\/td>/s);
  assert.match(html, /<script type="application\/json" data-mf-answers="">\{"\/api\/attempts":\[\{/);
  assert.doesNotMatch(html, /href="\/api\/attempts"/, 'the history is in the page: not preloaded');

  await page.goto(platform.url + '/dashboard');
  const table = page.locator(`${DASHBOARD}[data-mf-prerendered] table.history`);
  assert.ok(await table.isVisible(), 'the history is on screen without any script');
  assert.equal(await table.locator('tbody tr').count(), 1);
  assert.equal(await page.locator(`${DASHBOARD} .mf-loading`).count(), 0, 'no loading state where the history is');
  const bar = await page.$eval(`${DASHBOARD} .chart-bar[data-topic="Pharmacology"]`, (b) => getComputedStyle(b).fill);
  assert.notEqual(bar, 'rgb(0, 0, 0)', 'the chart has the remote\'s inlined styles');
  await page.context().close();
});

test('the live dashboard takes over the server\'s HTML with the page\'s data: no second read, no loading state', async () => {
  const page = await openPage(platform.browser);
  await studentWithHistory(page);
  await watchFor(page, DASHBOARD, 'Loading your history');
  const release = await holdBack(page, /\/remotes\/dashboard\/[^/]+\/dashboard-[0-9a-f]+\.wasm$/);
  await page.goto(platform.url + '/dashboard');
  await page.locator(`${DASHBOARD}[data-mf-prerendered] table.history`).waitFor({ timeout: 15000 });
  const before = await page.locator(`${DASHBOARD} table.history`).boundingBox();

  await release();
  const live = page.locator(`${DASHBOARD}[data-mf-state="mounted"] table.history`);
  await live.waitFor({ timeout: 15000 });
  assert.equal(await page.locator(`${DASHBOARD}[data-mf-prerendered]`).count(), 0, 'the live module took over');
  assert.equal(await live.locator('tbody tr').count(), 1);
  assert.equal(await page.locator(`${DASHBOARD} script[data-mf-answers]`).count(), 0);
  assert.equal(await page.evaluate(() => window.__seen), false, 'the history never gave way to a loading state');
  assert.deepEqual(page.requests.filter((u) => new URL(u).pathname.startsWith('/api/attempts')), [], 'the history was read from the page');
  const after = await live.boundingBox();
  for (const side of ['x', 'y', 'width']) {
    assert.ok(Math.abs(after[side] - before[side]) <= 1, `${side}: ${before[side]} → ${after[side]}`);
  }
  assert.deepEqual(page.consoleErrors, []);

  // The page's data answered the first read only: an ExamCompleted reads afresh.
  const api = page.context().request;
  const started = await (await api.post(platform.url + '/api/attempts', { data: { topic: 'fundamentals', length: 3 } })).json();
  await page.evaluate((id) => {
    const detail = { attempt_id: id, topic: 'fundamentals', score: 0, total: 3 };
    window.dispatchEvent(new CustomEvent('mf:exam-completed', { detail }));
  }, started.id);
  await page.locator(`${DASHBOARD} .continue a`).waitFor({ timeout: 10000 });
  assert.equal(page.requests.filter((u) => new URL(u).pathname === '/api/attempts').length, 1);
  await page.context().close();
});

test('/exam arrives with the topics, and a topic picked before the wasm arrives is the one the exam starts with', async () => {
  const page = await openPage(platform.browser);
  await signUp(page.context(), platform.url);
  const release = await holdBack(page, /\/remotes\/nursing\/[^/]+\/nursing-[0-9a-f]+\.wasm$/);
  await page.goto(platform.url + '/exam');
  const radio = page.locator(`${EXAM}[data-mf-prerendered] #topic-maternal_child`);
  await radio.waitFor({ timeout: 15000 });
  assert.equal(await page.locator(`${EXAM} .topics label`).count(), 4, 'every topic is in the server\'s HTML');
  await radio.check();

  await release();
  await page.locator(`${EXAM}[data-mf-state="mounted"] .exam-chooser`).waitFor({ timeout: 15000 });
  assert.ok(await page.locator('#topic-maternal_child').isChecked(), 'the pick is kept');
  assert.deepEqual(page.requests.filter((u) => /\/api\/(topics|attempts)$/.test(new URL(u).pathname)), [], 'read from the page');
  await page.click(`${EXAM} button.start-exam`);
  await page.waitForURL(/\/exam\/attempt\/\d+\/question\/1$/, { timeout: 15000 });
  await page.locator(`${EXAM} .exam-topic`).waitFor({ timeout: 15000 });
  assert.equal((await page.locator(`${EXAM} .exam-topic`).textContent()).trim(), 'Maternal and child health');
  assert.deepEqual(page.consoleErrors, []);
  await page.context().close();
});

test('a click on the server-rendered Start exam, before the wasm arrives, is answered once it mounts', async () => {
  const page = await openPage(platform.browser);
  await signUp(page.context(), platform.url);
  const release = await holdBack(page, /\/remotes\/nursing\/[^/]+\/nursing-[0-9a-f]+\.wasm$/);
  await page.goto(platform.url + '/exam');
  await page.locator(`${EXAM}[data-mf-prerendered] button.start-exam`).click();
  assert.equal(await page.locator(`${EXAM}[data-mf-click]`).count(), 1, 'the click is noted for the live chooser');
  await release();
  // No topic was chosen: the live chooser's own answer to that click.
  await page.locator(`${EXAM}[data-mf-state="mounted"] .form-error`).filter({ hasText: 'Choose a topic first.' }).waitFor({ timeout: 15000 });
  assert.equal(await page.locator(`${EXAM}[data-mf-click]`).count(), 0);
  assert.deepEqual(page.consoleErrors, []);
  await page.context().close();
});

test('a click on the shell\'s theme toggle before the runtime has started is made once it has', async () => {
  const page = await openPage(platform.browser);
  await studentWithHistory(page);
  const release = await holdBack(page, /\/pkg\/container\.wasm$/);
  await page.goto(platform.url + '/dashboard');
  await page.locator(`${DASHBOARD} table.history`).waitFor({ timeout: 15000 });
  await page.click('header [data-mf-theme-toggle]');
  assert.equal(await page.locator('html[data-mf-runtime]').count(), 0, 'the runtime has not started');
  assert.equal(await page.locator('html[data-theme="dark"]').count(), 0, 'held, not lost');
  await release();
  await page.locator('html[data-theme="dark"]').waitFor({ timeout: 15000 });
  // Once: a second click turns it back.
  await page.locator(`${DASHBOARD}[data-mf-state="mounted"]`).waitFor({ timeout: 15000 });
  await page.click('header [data-mf-theme-toggle]');
  await page.locator('html[data-theme="light"]').waitFor({ timeout: 5000 });
  assert.deepEqual(page.consoleErrors, []);
  await page.context().close();
});

test('dates the server renders are in the student\'s time zone, as the live dashboard shows them', async () => {
  // Manila (UTC+8): the server knows the zone from the cookie the page sets.
  const page = await openPage(platform.browser, { timezoneId: 'Asia/Manila' });
  await studentWithHistory(page);
  await page.goto(platform.url + '/dashboard');
  await page.locator(`${DASHBOARD}[data-mf-state="mounted"] table.history`).waitFor({ timeout: 15000 });
  const live = (await page.locator(`${DASHBOARD} table.history tbody td`).first().textContent()).trim();
  const manila = await page.evaluate(() => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Manila' }).format(new Date()));
  assert.equal(live, manila, 'the live dashboard shows the browser\'s date');
  const cookies = await page.context().cookies(platform.url);
  assert.equal(cookies.find((c) => c.name === 'mf-tz')?.value, '-480');
  const html = await (await page.context().request.get(platform.url + '/dashboard')).text();
  assert.match(html, new RegExp(`<tbody><tr><td>${live}</td>`), 'the server rendered the same date');
  await page.context().close();
});

test('a question page is left to the browser (its answers may be on the phone): the skeleton, then the question', async () => {
  const page = await openPage(platform.browser);
  await signUp(page.context(), platform.url);
  const attempt = await (await page.context().request.post(platform.url + '/api/attempts', { data: { topic: 'fundamentals', length: 3 } })).json();
  const path = `/exam/attempt/${attempt.id}/question/1`;
  const html = await (await page.context().request.get(platform.url + path)).text();
  assert.match(html, /data-mf-skeleton="exam"/);
  assert.doesNotMatch(html, /data-mf-answers/);
  assert.match(html, new RegExp(`href="/api/attempts/${attempt.id}" data-mf-data=""`), 'its read is preloaded instead');
  await page.goto(platform.url + path);
  await page.locator(`${EXAM}[data-mf-state="mounted"] .stem`).waitFor({ timeout: 15000 });
  assert.deepEqual(page.consoleErrors, []);
  await page.context().close();
});
