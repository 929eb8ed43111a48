// Client-side navigation: the route's remote is unmounted and the next one mounted,
// without reloading the page; back and forward work; the theme survives reloads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dropFirst, openPage } from '../fixtures/browser.mjs';
import { signUp, usePlatform } from '../fixtures/platform.mjs';

const platform = usePlatform();

test('navigating swaps remotes without a page load', async () => {
  const page = await openPage(platform.browser);
  await signUp(page.context(), platform.url);
  await page.goto(platform.url + '/login');
  await page.locator('form.login-form').waitFor({ timeout: 15000 });
  await page.evaluate(() => { window.sameDocument = true; });

  await page.click('nav a[href="/dashboard"]');
  await page.locator('[data-mf-remote="dashboard"][data-mf-state="mounted"] .dashboard-home').waitFor({ timeout: 15000 });
  assert.equal(new URL(page.url()).pathname, '/dashboard');
  assert.equal(await page.title(), 'Dashboard · NurseReview');
  assert.equal(await page.locator('form.login-form').count(), 0, 'the login form was unmounted');
  assert.equal(await page.getAttribute('nav a[href="/dashboard"]', 'aria-current'), 'page');
  assert.equal(await page.getAttribute('nav a[href="/exam"]', 'aria-current'), null);
  assert.equal(await page.evaluate(() => window.sameDocument), true, 'no full page load');

  await page.goBack();
  await page.locator('[data-mf-state="mounted"] form.login-form').waitFor({ timeout: 15000 });
  assert.equal(await page.locator('.dashboard-home').count(), 0);
  assert.equal(await page.evaluate(() => window.sameDocument), true);
  // The auth remote was loaded once (header and page share it): coming back mounts it from the cache.
  assert.equal(page.requests.filter((u) => /\/remotes\/auth\/.*\.wasm$/.test(u)).length, 1);
  assert.deepEqual(page.consoleErrors, []);
  await page.context().close();
});

test('the theme toggle switches and is remembered', async () => {
  const page = await openPage(platform.browser);
  await page.goto(platform.url + '/');
  const ready = () => page.locator('html[data-mf-runtime="ready"]').waitFor({ state: 'attached' });
  const theme = () => page.evaluate(() => document.documentElement.dataset.theme ?? '');
  assert.ok(['', 'light'].includes(await theme()));
  // The runtime installs the toggle once its wasm has started.
  await ready();
  await page.click('[data-mf-theme-toggle]');
  assert.equal(await theme(), 'dark');
  await page.reload();
  assert.equal(await theme(), 'dark', 'applied from storage before the runtime starts');
  await ready();
  await page.click('[data-mf-theme-toggle]');
  assert.equal(await theme(), 'light');
  await page.context().close();
});

test('a load in flight is shared: a link hovered and followed at once loads its remote once', async () => {
  const page = await openPage(platform.browser);
  await signUp(page.context(), platform.url);
  await page.goto(platform.url + '/dashboard');
  await page.locator('main [data-mf-remote="dashboard"][data-mf-state="mounted"]').waitFor({ timeout: 15000 });
  // Hover (the runtime fetches the page and starts loading nursing), then follow
  // the link in the same task, while that load is still in flight.
  await page.evaluate(() => {
    const link = document.querySelector('header nav a[href="/exam"]');
    link.dispatchEvent(new PointerEvent('pointerover', { bubbles: true }));
    link.click();
  });
  await page.locator('main [data-mf-remote="nursing"][data-mf-state="mounted"] .exam-chooser').waitFor({ timeout: 15000 });
  const loads = (pattern) => page.requests.filter((u) => pattern.test(u)).length;
  assert.equal(loads(/\/remotes\/nursing\/.*\.wasm$/), 1);
  assert.equal(loads(/\/remotes\/nursing\/.*\.js$/), 1);
  await page.context().close();
});

test('the exam page needs no ui-components: its badges are rendered by the server', async () => {
  const page = await openPage(platform.browser);
  await signUp(page.context(), platform.url);
  await page.goto(platform.url + '/exam');
  await page.locator('[data-mf-remote="nursing"][data-mf-state="mounted"] .exam-chooser').waitFor({ timeout: 15000 });
  assert.deepEqual(await page.locator('.exam-badges .badge').allTextContents(), ['4 topics', 'Answers saved as you go']);
  assert.ok(!page.requests.some((u) => u.includes('/remotes/ui-components/')), page.requests.join('\n'));
  await page.context().close();
});

test('the sidebar opens from the menu, is shared state, and closes on navigation', async () => {
  const page = await openPage(platform.browser);
  await page.goto(platform.url + '/');
  await page.locator('html[data-mf-runtime="ready"]').waitFor({ state: 'attached' });
  assert.equal(await page.getAttribute('html', 'data-sidebar'), 'closed');
  await page.click('header [data-mf-sidebar-toggle]');
  assert.equal(await page.getAttribute('html', 'data-sidebar'), 'open');
  assert.equal(await page.evaluate(() => window.__mfState['sidebar-open']), true);
  assert.equal(await page.getAttribute('header [data-mf-sidebar-toggle]', 'aria-pressed'), 'true');
  await page.click('.shell-sidebar a[href="/login"], .shell-sidebar a[href="/exam"]');
  await page.waitForURL(/\/login/);
  await page.locator('html[data-sidebar="closed"]').waitFor({ state: 'attached' });
  // Any module (or plain JS) may open it through the shared state.
  await page.evaluate(() => window.dispatchEvent(new CustomEvent('mf:state:sidebar-open', { detail: true })));
  assert.equal(await page.getAttribute('html', 'data-sidebar'), 'open');
  await page.context().close();
});

test('hovering a link fetches its page and loads its remotes ahead; the click reuses the fetch', async () => {
  const page = await openPage(platform.browser);
  await signUp(page.context(), platform.url);
  await page.goto(platform.url + '/dashboard');
  await page.locator('main [data-mf-remote="dashboard"][data-mf-state="mounted"]').waitFor({ timeout: 15000 });
  assert.ok(!page.requests.some((u) => u.includes('/remotes/nursing/')));
  await page.hover('header nav a[href="/exam"]');
  await page.waitForFunction(() => performance.getEntriesByType('resource').some((e) => /\/remotes\/nursing\/.*\.wasm$/.test(e.name)), null, { timeout: 15000 });
  await page.click('header nav a[href="/exam"]');
  await page.locator('main [data-mf-remote="nursing"][data-mf-state="mounted"] .exam-chooser').waitFor({ timeout: 15000 });
  const examPages = page.requests.filter((u) => new URL(u).pathname === '/exam');
  assert.equal(examPages.length, 1, `the page was fetched once: ${examPages}`);
  assert.equal(page.requests.filter((u) => /\/remotes\/nursing\/.*\.wasm$/.test(u)).length, 1);
  await page.context().close();
});

test('a page fetched ahead that failed (a dropped connection) is fetched again when the link is followed, not loaded whole', async () => {
  const page = await openPage(platform.browser);
  await signUp(page.context(), platform.url);
  await page.goto(platform.url + '/dashboard');
  await page.locator('main [data-mf-remote="dashboard"][data-mf-state="mounted"]').waitFor({ timeout: 15000 });
  await page.evaluate(() => { window.sameDocument = true; });
  // The first request for /exam drops, as on a flaky mobile network; the next goes through.
  const seen = await dropFirst(page, ['/exam'], 1);
  await page.hover('header nav a[href="/exam"]');
  await page.waitForFunction(() => performance.getEntriesByType('resource').some((e) => new URL(e.name).pathname === '/exam'), null, { timeout: 10000 });
  assert.equal(seen['/exam'], 1, 'the page was fetched ahead, and that fetch dropped');
  await page.click('header nav a[href="/exam"]');
  await page.locator('main [data-mf-remote="nursing"][data-mf-state="mounted"] .exam-chooser').waitFor({ timeout: 15000 });
  assert.equal(seen['/exam'], 2, 'following the link fetched the page again');
  assert.equal(await page.evaluate(() => window.sameDocument), true, 'no full page load');
  await page.context().close();
});

test('with Save-Data, or on a 2g connection, hovering fetches nothing ahead', async () => {
  for (const connection of [{ saveData: true, effectiveType: '4g' }, { saveData: false, effectiveType: 'slow-2g' }]) {
    const page = await openPage(platform.browser);
    await page.addInitScript((value) => Object.defineProperty(navigator, 'connection', { value }), connection);
    await signUp(page.context(), platform.url);
    await page.goto(platform.url + '/dashboard');
    await page.locator('main [data-mf-remote="dashboard"][data-mf-state="mounted"]').waitFor({ timeout: 15000 });
    await page.hover('header nav a[href="/exam"]');
    await page.waitForTimeout(1500);
    const ahead = page.requests.filter((u) => new URL(u).pathname === '/exam' || u.includes('/remotes/nursing/'));
    assert.deepEqual(ahead, [], JSON.stringify(connection));
    await page.context().close();
  }
});

test('a page fetched ahead before signing in is not shown after it', async () => {
  const page = await openPage(platform.browser);
  const account = await signUp(page.context(), platform.url, 'Mara Lim');
  await page.context().clearCookies();
  await page.goto(platform.url + '/login?next=/dashboard');
  await page.locator('main form.login-form').waitFor({ timeout: 15000 });
  // Fetched ahead while signed out: the guard answers with the login page.
  await page.hover('header nav a[href="/dashboard"]');
  await page.waitForFunction(() => performance.getEntriesByType('resource').some((e) => new URL(e.name).pathname === '/dashboard'), null, { timeout: 10000 });
  await page.fill('#login-email', account.email);
  await page.fill('#login-password', account.password);
  await page.click('main form.login-form button[type="submit"]');
  await page.locator('main [data-mf-remote="dashboard"][data-mf-state="mounted"] .greeting', { hasText: 'Mara Lim' }).waitFor({ timeout: 15000 });
  assert.equal(new URL(page.url()).pathname, '/dashboard');
  await page.context().close();
});

test('the last link followed wins: a slower page asked for before it is dropped', async () => {
  const page = await openPage(platform.browser);
  await signUp(page.context(), platform.url);
  await page.goto(platform.url + '/login');
  await page.locator('[data-mf-state="mounted"] form.login-form').waitFor({ timeout: 15000 });
  // The exam page answers late, as on a slow network.
  let examAsked;
  const examAnswered = new Promise((resolve) => (examAsked = resolve));
  await page.route((url) => url.pathname === '/exam', async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await route.continue();
    examAsked();
  });
  await page.evaluate(() => { window.sameDocument = true; });
  await page.click('header nav a[href="/exam"]');
  await page.click('header nav a[href="/dashboard"]');
  await page.locator('main [data-mf-remote="dashboard"][data-mf-state="mounted"] .greeting').waitFor({ timeout: 15000 });
  await examAnswered;
  // The late exam page arrived after the dashboard's: it is not shown.
  await page.waitForTimeout(500);
  assert.equal(await page.locator('main [data-mf-remote="nursing"]').count(), 0);
  assert.equal(await page.locator('main [data-mf-remote="dashboard"][data-mf-state="mounted"] .greeting').count(), 1);
  assert.equal(new URL(page.url()).pathname, '/dashboard');
  assert.equal(await page.evaluate(() => window.sameDocument), true, 'no full page load');
  await page.context().close();
});

test('a page on its way shows a progress bar; then focus and the announced title are the new page\'s, and Back and Forward return to where the student was', async () => {
  const page = await openPage(platform.browser, { viewport: { width: 800, height: 200 } });
  await signUp(page.context(), platform.url);
  await page.goto(platform.url + '/exam');
  await page.locator('main [data-mf-remote="nursing"][data-mf-state="mounted"] .exam-chooser').waitFor({ timeout: 15000 });
  const room = await page.evaluate(() => document.documentElement.scrollHeight - innerHeight);
  assert.ok(room >= 150, `the exam page scrolls at this size: ${room} px`);
  await page.evaluate(() => scrollTo(0, 150));
  await page.evaluate(() => { window.sameDocument = true; });
  // The dashboard answers late, as on a slow network.
  let answer;
  const held = new Promise((resolve) => (answer = resolve));
  await page.route((url) => url.pathname === '/dashboard', async (route) => {
    await held;
    await route.continue();
  });

  await page.click('header nav a[href="/dashboard"]');
  await page.locator('#mf-main[aria-busy="true"]').waitFor({ state: 'attached' });
  await page.waitForTimeout(800);
  const bar = await page.evaluate(() => {
    const style = getComputedStyle(document.getElementById('mf-main'), '::before');
    return { position: style.position, height: style.height, grown: new DOMMatrix(style.transform).a };
  });
  assert.deepEqual([bar.position, bar.height], ['fixed', '3px'], JSON.stringify(bar));
  assert.ok(bar.grown > 0.05, `the bar grows while the page is on its way: ${JSON.stringify(bar)}`);
  answer();

  await page.locator('main [data-mf-remote="dashboard"][data-mf-state="mounted"] .greeting').waitFor({ timeout: 15000 });
  assert.equal(await page.getAttribute('#mf-main', 'aria-busy'), null, 'no longer busy');
  assert.equal(await page.evaluate(() => scrollY), 0, 'the new page starts at the top');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'mf-main', 'focus starts at the new page');
  assert.equal(await page.textContent('#mf-announcer'), await page.title());
  assert.equal(await page.title(), 'Dashboard · NurseReview');
  const down = await page.evaluate(() => Math.min(60, document.documentElement.scrollHeight - innerHeight));
  assert.ok(down >= 40, `the dashboard scrolls at this size: ${down} px`);
  await page.evaluate((y) => scrollTo(0, y), down);

  await page.goBack();
  await page.locator('main [data-mf-remote="nursing"][data-mf-state="mounted"] .exam-chooser').waitFor({ timeout: 15000 });
  assert.equal(await page.evaluate(() => Math.round(scrollY)), 150, 'Back returns to where the student had scrolled');
  assert.equal(await page.textContent('#mf-announcer'), await page.title());

  await page.goForward();
  await page.locator('main [data-mf-remote="dashboard"][data-mf-state="mounted"] .greeting').waitFor({ timeout: 15000 });
  assert.equal(await page.evaluate(() => Math.round(scrollY)), down, 'Forward returns to where the student had scrolled');
  assert.equal(await page.evaluate(() => window.sameDocument), true, 'no full page load');
  assert.deepEqual(page.consoleErrors, []);
  await page.context().close();
});

test('with no network, a link to a page not kept on the phone keeps the student where they are and says why', async () => {
  const page = await openPage(platform.browser);
  await signUp(page.context(), platform.url);
  await page.goto(platform.url + '/dashboard');
  await page.locator('main [data-mf-remote="dashboard"][data-mf-state="mounted"] .greeting').waitFor({ timeout: 15000 });
  await page.evaluate(() => { window.sameDocument = true; });
  await page.context().setOffline(true);
  await page.click('header nav a[href="/exam"]');
  const toast = page.locator('[data-mf-toasts] .ui-toast-error');
  await toast.waitFor({ timeout: 10000 });
  assert.match(await toast.textContent(), /offline.*not kept on this phone.*back online/);
  assert.equal(new URL(page.url()).pathname, '/dashboard');
  assert.equal(await page.locator('main [data-mf-remote="dashboard"][data-mf-state="mounted"] .greeting').count(), 1, 'the page stays');
  assert.equal(await page.getAttribute('#mf-main', 'aria-busy'), null, 'no longer busy');
  assert.equal(await page.evaluate(() => window.sameDocument), true, 'no page load');
  // Back online, the same link works.
  await page.context().setOffline(false);
  await page.click('header nav a[href="/exam"]');
  await page.locator('main [data-mf-remote="nursing"][data-mf-state="mounted"] .exam-chooser').waitFor({ timeout: 15000 });
  await page.context().close();
});

test('a link to a fragment of the page stays in the page, Back from it too; Back keeps the query of the page it returns to', async () => {
  const page = await openPage(platform.browser);
  await page.goto(platform.url + '/login?next=/exam');
  await page.locator('main [data-mf-remote="auth"][data-mf-state="mounted"] form.login-form').waitFor({ timeout: 15000 });
  await page.evaluate(() => {
    window.sameDocument = true;
    document.querySelector('main [data-mf-remote="auth"]').mfMarked = true;
    document.querySelector('main').insertAdjacentHTML('afterbegin', '<a id="to-toasts" href="#mf-announcer">Skip to the end</a>');
  });
  const pageFetches = () => page.requests.filter((u) => new URL(u).pathname === '/login').length;
  const before = pageFetches();
  const sameMount = () => page.evaluate(() => document.querySelector('main [data-mf-remote="auth"]')?.mfMarked === true);

  await page.click('#to-toasts');
  await page.waitForURL(/#mf-announcer$/);
  await page.goBack();
  await page.waitForURL((url) => url.hash === '');
  await page.waitForTimeout(500);
  assert.equal(pageFetches(), before, 'neither the fragment link nor Back from it fetched the page');
  assert.ok(await sameMount(), 'the module was not mounted again');

  await page.click('header a.brand');
  await page.waitForURL((url) => url.pathname === '/');
  await page.goBack();
  await page.locator('main [data-mf-remote="auth"][data-mf-state="mounted"] form.login-form').waitFor({ timeout: 15000 });
  assert.equal(new URL(page.url()).search, '?next=/exam', 'Back returned to the page with its query');
  assert.equal(await page.evaluate(() => window.sameDocument), true, 'no page load');
  await page.context().close();
});
