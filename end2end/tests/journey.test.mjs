// A student's whole journey, through the real server, SQLite file and every remote.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage } from '../fixtures/browser.mjs';
import { signUp, usePlatform } from '../fixtures/platform.mjs';

const platform = usePlatform();
const WAIT = { timeout: 15000 };

const main = (page, remote) => page.locator(`main [data-mf-remote="${remote}"][data-mf-state="mounted"]`);

async function answerAll(page) {
  for (;;) {
    const question = main(page, 'nursing').locator('.exam-question .stem');
    await question.waitFor(WAIT);
    await page.click('.choices li:first-child .choice');
    await page.locator('.save-status', { hasText: 'Saved' }).waitFor(WAIT);
    if ((await page.locator('.exam-nav .next').count()) === 0) break;
    const before = await question.textContent();
    await page.click('.exam-nav .next');
    await page.waitForFunction((old) => document.querySelector('.exam-question .stem')?.textContent !== old, before);
  }
  await page.click('.exam-nav .finish');
}

test('register, take an exam, see the score on the dashboard, keep session and theme, sign out', async () => {
  const page = await openPage(platform.browser);
  // A guarded route sends a visitor to sign in, and back afterwards.
  await page.goto(platform.url + '/dashboard');
  assert.equal(new URL(page.url()).pathname + new URL(page.url()).search, '/login?next=/dashboard');
  await main(page, 'auth').locator('form.login-form').waitFor(WAIT);
  await page.evaluate(() => { window.sameDocument = true; });

  await page.click('.auth-switch');
  await page.fill('#register-name', 'Rosa Cruz');
  await page.fill('#register-email', `rosa${Date.now()}@example.ph`);
  await page.fill('#register-password', 'correct horse');
  await page.click('form.register-form button[type="submit"]');
  await main(page, 'dashboard').locator('.greeting', { hasText: 'Welcome back, Rosa Cruz' }).waitFor(WAIT);
  assert.equal(new URL(page.url()).pathname, '/dashboard');
  assert.equal(await page.locator('header .session-name').textContent(), 'Rosa Cruz');
  // The shell shows the welcome toast, without loading a remote for it.
  await page.locator('.ui-toast', { hasText: 'Welcome, Rosa Cruz!' }).waitFor(WAIT);
  assert.ok(!page.requests.some((u) => u.includes('/remotes/ui-components/')), 'no remote loaded for a toast');
  await page.locator('.empty-history').waitFor(WAIT);

  await page.click('.empty-history a[href="/exam"]');
  await main(page, 'nursing').locator('.exam-chooser input[value="pharmacology"]').check(WAIT);
  await page.selectOption('#exam-length', '3');
  await page.click('.start-exam');
  await page.waitForURL(/\/exam\/attempt\/\d+\/question\/1$/, WAIT);
  await main(page, 'nursing').locator('.countdown').waitFor(WAIT);
  assert.match(await page.locator('.exam-position').textContent(), /Question 1 of 3/);

  await answerAll(page);
  await page.waitForURL(/\/exam\/attempt\/\d+\/result$/, WAIT);
  const score = await main(page, 'nursing').locator('.score').textContent();
  const [, right] = score.match(/Pharmacology: (\d) of 3 correct/);
  assert.equal(await page.locator('.review .rationale').count(), 3);

  await page.click('.exam-result a[href="/dashboard"]');
  const row = main(page, 'dashboard').locator('table.history tbody tr');
  await row.first().waitFor(WAIT);
  assert.equal(await row.count(), 1);
  assert.equal(await row.locator('.score').textContent(), `${right} / 3`);
  assert.equal(await page.locator('.topic-chart [data-topic="Pharmacology"]').getAttribute('width'), String(Math.floor((right * 100) / 3) * 2));
  assert.equal(await page.evaluate(() => window.sameDocument), true, 'all of it without a page load');

  // Reload: the session (server cookie) and the theme (shared, persistent) stay.
  await page.locator('html[data-mf-runtime="ready"]').waitFor({ state: 'attached' });
  await page.click('[data-mf-theme-toggle]');
  await page.reload();
  assert.equal(await page.getAttribute('html', 'data-theme'), 'dark');
  await main(page, 'dashboard').locator('.greeting', { hasText: 'Rosa Cruz' }).waitFor(WAIT);

  await page.click('header .sign-out');
  await page.locator('header a.sign-in').waitFor(WAIT);
  await page.waitForURL(platform.url + '/', WAIT);
  const response = await page.request.get(platform.url + '/api/me');
  assert.equal(response.status(), 401, 'the session ended on the server');
  await page.goto(platform.url + '/exam');
  assert.equal(new URL(page.url()).pathname, '/login');
  await page.context().close();
});

test('a wrong password is refused with a clear message and nothing changes', async () => {
  const page = await openPage(platform.browser);
  const account = await signUp(page.context(), platform.url);
  await page.context().clearCookies();
  await page.goto(platform.url + '/login');
  await main(page, 'auth').locator('form.login-form').waitFor(WAIT);
  await page.fill('#login-email', account.email);
  await page.fill('#login-password', 'not the password');
  await page.click('form.login-form button[type="submit"]');
  await page.locator('form.login-form .form-error', { hasText: 'The email or password is wrong.' }).waitFor(WAIT);
  assert.ok(await page.locator('header a.sign-in').isVisible(), 'still signed out');
  assert.ok(!(await page.locator('header .sign-out').isVisible()));

  await page.fill('#login-password', account.password);
  await page.click('form.login-form button[type="submit"]');
  await main(page, 'dashboard').locator('.greeting', { hasText: account.name }).waitFor(WAIT);
  await page.context().close();
});

test('an attempt resumes after a reload, with its saved answers', async () => {
  const page = await openPage(platform.browser);
  await signUp(page.context(), platform.url);
  await page.goto(platform.url + '/exam');
  await main(page, 'nursing').locator('.exam-chooser input[value="fundamentals"]').check(WAIT);
  await page.selectOption('#exam-length', '3');
  await page.click('.start-exam');
  await page.waitForURL(/question\/1$/, WAIT);
  await main(page, 'nursing').locator('.choices').waitFor(WAIT);
  await page.click('.choices li:nth-child(2) .choice');
  await page.locator('.save-status', { hasText: 'Saved' }).waitFor(WAIT);
  await page.click('.exam-nav .next');
  await page.waitForURL(/question\/2$/, WAIT);

  // A deep link survives a reload: the same attempt, question 2, progress kept.
  await page.reload();
  await main(page, 'nursing').locator('.exam-position', { hasText: 'Question 2 of 3' }).waitFor(WAIT);
  assert.equal(await page.locator('.exam-progress').getAttribute('value'), '1');
  await page.click('.exam-nav .previous');
  await page.waitForURL(/question\/1$/, WAIT);
  await page.locator('.choices li:nth-child(2) .choice[aria-pressed="true"]').waitFor(WAIT);

  // The dashboard offers to continue it.
  await page.click('nav a[href="/dashboard"]');
  await main(page, 'dashboard').locator('.continue a').waitFor(WAIT);
  await page.context().close();
});

test('the countdown submits at zero, and the exam emits its events', async () => {
  const page = await openPage(platform.browser);
  await signUp(page.context(), platform.url);
  await page.goto(platform.url + '/exam');
  await main(page, 'nursing').locator('.exam-chooser input[value="maternal_child"]').check(WAIT);
  await page.evaluate(() => {
    window.examEvents = [];
    for (const name of ['exam-started', 'progress-updated', 'exam-completed']) {
      window.addEventListener('mf:' + name, (e) => window.examEvents.push([name, e.detail]));
    }
  });
  await page.selectOption('#exam-length', '3');
  await page.click('.start-exam');
  await main(page, 'nursing').locator('.choices').waitFor(WAIT);
  await page.click('.choices li:first-child .choice');
  await page.locator('.save-status', { hasText: 'Saved' }).waitFor(WAIT);

  // Three questions get three minutes: jump the page's clock past them.
  await page.clock.install();
  await page.clock.setSystemTime(new Date(Date.now() + 4 * 60 * 1000));
  await page.waitForURL(/\/result$/, WAIT);
  await main(page, 'nursing').locator('.score', { hasText: 'of 3 correct' }).waitFor(WAIT);

  const events = await page.evaluate(() => window.examEvents);
  const names = events.map(([name]) => name);
  assert.deepEqual(names, ['exam-started', 'progress-updated', 'exam-completed'], JSON.stringify(events));
  assert.equal(events[0][1].topic, 'maternal_child');
  assert.equal(events[0][1].total, 3);
  assert.deepEqual([events[1][1].answered, events[1][1].total], [1, 3]);
  assert.equal(events[2][1].attempt_id, events[0][1].attempt_id);
  await page.context().close();
});

/** A new student's page with the dashboard mounted. */
async function onDashboard() {
  const page = await openPage(platform.browser);
  const account = await signUp(page.context(), platform.url);
  await page.goto(platform.url + '/dashboard');
  await main(page, 'dashboard').locator('.greeting').waitFor(WAIT);
  return { page, account };
}

test('the session corner follows the server: a session ended elsewhere shows as signed out on the next page', async () => {
  const { page, account } = await onDashboard();
  assert.equal(await page.locator('header .session-name').textContent(), account.name);
  // Signed out behind the page's back (another tab, an expiry): the cookie's session ends on the server.
  await page.context().request.post(platform.url + '/api/auth/logout');
  await page.click('header nav a[href="/exam"]');
  await page.waitForURL(/\/login\?next=\/exam$/, WAIT);
  await page.locator('header a.sign-in').waitFor(WAIT);
  assert.ok(!(await page.locator('header .session-name').isVisible()));
  assert.equal(await page.evaluate(() => localStorage.getItem('mf:state:session')), 'null');
  await page.context().close();
});

test('a sign-out that cannot reach the server says so, and the student stays signed in', async () => {
  const { page, account } = await onDashboard();
  await page.route('**/api/auth/logout', (route) => route.abort('internetdisconnected'));
  await page.click('header .sign-out');
  await page.locator('header .session-problem', { hasText: 'Signing out failed' }).waitFor(WAIT);
  assert.equal(await page.locator('header .session-name').textContent(), account.name);
  assert.equal(await page.locator('header .sign-out').isEnabled(), true, 'it can be tried again');
  await page.unroute('**/api/auth/logout');
  await page.click('header .sign-out');
  await page.locator('header a.sign-in').waitFor(WAIT);
  assert.equal(await page.locator('header .session-problem').textContent(), '');
  await page.context().close();
});
