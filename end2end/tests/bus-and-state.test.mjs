// The typed event bus and shared state across wasm modules, tabs and plain JS.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage } from '../fixtures/browser.mjs';
import { signUp, usePlatform } from '../fixtures/platform.mjs';

const platform = usePlatform();


/** Sets a shared state key the way any non-Rust code may: store, storage, event. */
function setShared(page, key, value, persistent = true) {
  return page.evaluate(({ key, value, persistent }) => {
    (window.__mfState ??= {})[key] = value;
    if (persistent) localStorage.setItem('mf:state:' + key, JSON.stringify(value));
    window.dispatchEvent(new CustomEvent('mf:state:' + key, { detail: value }));
  }, { key, value, persistent });
}

function emit(page, name, detail) {
  return page.evaluate(({ name, detail }) => window.dispatchEvent(new CustomEvent('mf:' + name, { detail })), { name, detail });
}

async function openDashboard(context) {
  const page = await context.newPage();
  page.consoleErrors = [];
  page.on('pageerror', (e) => page.consoleErrors.push(String(e)));
  await page.goto(platform.url + '/dashboard');
  await page.locator('[data-mf-state="mounted"] .dashboard-home').waitFor({ timeout: 15000 });
  return page;
}

test('an event emitted from plain JavaScript reaches the Rust dashboard', async () => {
  const page = await openPage(platform.browser);
  await signUp(page.context(), platform.url);
  await page.goto(platform.url + '/dashboard');
  await page.locator('[data-mf-state="mounted"] .dashboard-home').waitFor({ timeout: 15000 });
  assert.equal(await page.locator('.latest-result').count(), 0);
  await emit(page, 'exam-completed', { attempt_id: 7, topic: 'pharmacology', score: 8, total: 10 });
  assert.equal(await page.locator('.latest-result').textContent(), 'Latest result: Pharmacology, 8 of 10');
  await page.context().close();
});

test('an ExamCompleted reloads the dashboard\'s history from the server', async () => {
  const page = await openPage(platform.browser);
  await signUp(page.context(), platform.url);
  await page.goto(platform.url + '/dashboard');
  await page.locator('[data-mf-state="mounted"] .empty-history').waitFor({ timeout: 15000 });
  // An attempt the dashboard has not read yet; the event makes it read again.
  const started = await page.context().request.post(platform.url + '/api/attempts', { data: { topic: 'pharmacology', length: 3 } });
  assert.equal(started.status(), 201, await started.text());
  const { id } = await started.json();
  assert.equal(await page.locator('.continue').count(), 0);
  await emit(page, 'exam-completed', { attempt_id: 7, topic: 'pharmacology', score: 8, total: 10 });
  await page.locator(`.continue a[href="/exam/attempt/${id}/question/1"]`).waitFor({ timeout: 5000 });
  assert.equal(await page.locator('.latest-result').textContent(), 'Latest result: Pharmacology, 8 of 10');
  await page.context().close();
});

test('a payload that does not decode is dropped and counted, never a panic', async () => {
  const page = await openPage(platform.browser);
  await signUp(page.context(), platform.url);
  await page.goto(platform.url + '/dashboard');
  await page.locator('[data-mf-state="mounted"] .dashboard-home').waitFor({ timeout: 15000 });
  await emit(page, 'exam-completed', { attempt_id: 'seven', topic: 'astrology' });
  assert.equal(await page.evaluate(() => window.__mfBus?.decodeErrors), 1);
  assert.equal(await page.locator('.latest-result').count(), 0);
  assert.ok(page.consoleErrors.some((e) => e.startsWith('FED-201: dropped a `mf:exam-completed` event')), page.consoleErrors.join('\n'));
  assert.ok(!page.consoleErrors.some((e) => /unreachable|panicked/.test(e)), 'no panic');
  // Each kind of mistake is named (the value itself is not printed).
  for (const [detail, reason] of [
    [{ attempt_id: 7.5, topic: 'fundamentals', score: 9, total: 10 }, /expected a whole number in range at `attempt_id`/],
    [{ attempt_id: 7, topic: 'fundamentals', score: 9 }, /expected a value at `total`/],
    [{ attempt_id: 7, topic: 'astrology', score: 9, total: 10 }, /expected a known variant at `topic`/],
    ['seven', /expected an object\)/],
    [{ attempt_id: 7, topic: 9, score: 9, total: 10 }, /expected a variant name at `topic`/],
  ]) {
    await emit(page, 'exam-completed', detail);
    await page.waitForFunction((n) => window.__mfBus?.decodeErrors === n, page.consoleErrors.length + 1, { timeout: 5000 }).catch(() => {});
    await page.waitForTimeout(100);
    assert.ok(page.consoleErrors.some((e) => reason.test(e)), `${reason} in ${page.consoleErrors.join('\n')}`);
  }
  // Hostile shapes: a sparse array claiming 2^32-1 items, and a payload whose extra
  // field holds things JSON cannot carry (ignored, the event is delivered).
  await page.evaluate(() => window.dispatchEvent(new CustomEvent('mf:exam-completed', { detail: new Array(2 ** 32 - 1) })));
  assert.equal(await page.evaluate(() => window.__mfBus?.decodeErrors), 7);
  await page.evaluate(() => window.dispatchEvent(new CustomEvent('mf:exam-completed', {
    detail: { attempt_id: 9, topic: 'pharmacology', score: 3, total: 10, extra: { node: window, f: () => 1 } },
  })));
  await page.locator('.latest-result', { hasText: 'Pharmacology, 3 of 10' }).waitFor({ timeout: 5000 });
  assert.equal(await page.evaluate(() => window.__mfBus?.decodeErrors), 7);
  // The module is alive: the next good event still arrives.
  await emit(page, 'exam-completed', { attempt_id: 8, topic: 'fundamentals', score: 9, total: 10 });
  assert.equal(await page.locator('.latest-result').textContent(), 'Latest result: Fundamentals, 9 of 10');
  await page.context().close();
});

test('a component\'s subscription ends when it is unmounted', async () => {
  const page = await openPage(platform.browser);
  await signUp(page.context(), platform.url);
  await page.goto(platform.url + '/dashboard');
  await page.locator('[data-mf-state="mounted"] .dashboard-home').waitFor({ timeout: 15000 });
  const cdp = await page.context().newCDPSession(page);
  const listeners = async (type) => {
    const { result } = await cdp.send('Runtime.evaluate', { expression: 'window' });
    const { listeners } = await cdp.send('DOMDebugger.getEventListeners', { objectId: result.objectId });
    return listeners.filter((l) => l.type === type).length;
  };
  // The dashboard and the container follow the session (its header corner, and
  // the page fetched ahead, dropped when the session changes).
  await page.locator('html[data-mf-runtime="ready"]').waitFor({ state: 'attached' });
  assert.equal(await listeners('mf:exam-completed'), 1);
  assert.equal(await listeners('mf:state:session'), 3);
  await page.click('nav a[href="/exam"]');
  await page.locator('[data-mf-state="mounted"] .exam-chooser').waitFor({ timeout: 15000 });
  assert.equal(await listeners('mf:exam-completed'), 0);
  assert.equal(await listeners('mf:state:session'), 2, 'only the container\'s two are left');
  await page.context().close();
});

test('shared session: seen live, by modules mounted later, after a reload and in other tabs', async () => {
  const context = await platform.browser.newContext({ serviceWorkers: 'block' });
  await signUp(context, platform.url, 'Ana Santos');
  const first = await context.newPage();
  await first.goto(platform.url + '/');
  await first.locator('html[data-mf-runtime="ready"]').waitFor({ state: 'attached' });
  // This user as the page has it (pages bring the server's session: another id would be replaced).
  const me = await first.evaluate(() => window.__mfState.session);
  // Set before the dashboard exists: it must start with the current value.
  await setShared(first, 'session', { ...me, name: 'Ana S.' });
  await first.click('nav a[href="/dashboard"]');
  const greeting = first.locator('[data-mf-state="mounted"] .greeting');
  await greeting.waitFor({ timeout: 15000 });
  assert.equal(await greeting.textContent(), 'Welcome back, Ana S.');
  // The header's session corner (the container's) shows the same.
  assert.equal(await first.locator('header .session-name').textContent(), 'Ana S.');

  // Live, while mounted.
  await setShared(first, 'session', { ...me, name: 'Ana Santos' });
  assert.equal(await greeting.textContent(), 'Welcome back, Ana Santos');

  // Another tab starts with the server's session, and follows a change made in the first tab.
  const second = await openDashboard(context);
  assert.equal(await second.locator('.greeting').textContent(), 'Welcome back, Ana Santos');
  await setShared(first, 'session', { ...me, name: 'Ana from tab one' });
  await second.locator('.greeting', { hasText: 'Welcome back, Ana from tab one' }).waitFor({ timeout: 5000 });
  // The other tab's header corner (the container's) follows too.
  await second.locator('header .session-name', { hasText: 'Ana from tab one' }).waitFor({ timeout: 5000 });
  assert.deepEqual(second.consoleErrors, []);
  await context.close();
});

test('the theme is shared state: set from anywhere, applied by the shell, kept as JSON', async () => {
  const page = await openPage(platform.browser);
  await page.goto(platform.url + '/');
  await page.locator('html[data-mf-runtime="ready"]').waitFor({ state: 'attached' });
  await setShared(page, 'theme', 'dark');
  assert.equal(await page.getAttribute('html', 'data-theme'), 'dark');
  await page.click('[data-mf-theme-toggle]');
  assert.equal(await page.getAttribute('html', 'data-theme'), 'light');
  assert.equal(await page.evaluate(() => localStorage.getItem('mf:state:theme')), '"light"');
  assert.equal(await page.evaluate(() => window.__mfState.theme), 'light');
  await page.context().close();
});
