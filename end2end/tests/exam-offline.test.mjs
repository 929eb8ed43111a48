// An exam through a dropped connection: answers given offline are kept on the
// phone (IndexedDB), survive a reload with no network, and reach the server
// exactly once when the connection returns, even when a reply is lost on the
// way back; the countdown and the result stay right; the student sees where the
// answers are (offline / syncing / saved). With the page closed, the service
// worker's background sync sends them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { signUp, usePlatform } from '../fixtures/platform.mjs';
import { rows } from '../fixtures/database.mjs';
import { LIVE, cached, until, withWorker } from '../fixtures/offline.mjs';

const platform = usePlatform({ link: true });
const WAIT = { timeout: 20000 };
const QUESTION = 'main [data-mf-remote="nursing"][data-mf-state="mounted"] .exam-question';

/** Signs up in a page that runs the service worker, starts an attempt of
 * `length` questions and opens its first question once the worker controls
 * the page (so the attempt's API read is kept too). */
async function startedExam(length, { backgroundSync = true, storage = true } = {}) {
  const page = await withWorker(platform);
  if (!storage) {
    // Storage turned off (a private window, a policy): IndexedDB refuses to open.
    await page.addInitScript(() => { IDBFactory.prototype.open = () => { throw new DOMException('refused', 'SecurityError'); }; });
  }
  if (!backgroundSync) {
    // This page alone sends the answers (its order of events is then fixed).
    await page.addInitScript(() => Object.defineProperty(ServiceWorkerRegistration.prototype, 'sync', { get: () => undefined }));
  }
  const account = await signUp(page.context(), platform.url);
  const started = await page.context().request.post(platform.url + '/api/attempts', {
    data: { topic: 'fundamentals', length },
  });
  assert.equal(started.status(), 201);
  const attempt = await started.json();
  await page.goto(`${platform.url}/exam/attempt/${attempt.id}/question/1`);
  await page.locator(`${QUESTION} .choices`).waitFor(WAIT);
  await cached(page, LIVE);
  await page.reload();
  await page.locator(`${QUESTION} .choices`).waitFor(WAIT);
  return { page, attempt, account };
}

/** Answers the shown question with choice `choice` (0 to 3). */
const choose = (page, choice) => page.click(`${QUESTION} .choices li:nth-child(${choice + 1}) .choice`);

/** Waits for the save status `state` (`offline`, `syncing`, `saved`, …) and gives its text. */
async function status(page, state, timeout = 20000) {
  const element = page.locator(`${QUESTION} .save-status[data-sync="${state}"]`);
  await element.waitFor({ timeout });
  return element.textContent();
}

/** Takes `page`'s context offline: the link to the server is cut (nothing the
 * page or its service worker sends reaches the server), and the browser is told
 * (`navigator.onLine`, the `online` event when it comes back); waits until the
 * page's own requests fail. */
async function goOffline(page) {
  platform.link.cut();
  await page.context().setOffline(true);
  await until(page, () => fetch('/mf-offline-probe', { method: 'HEAD', cache: 'no-store' }).then(() => false, () => true));
}

/** Brings `page`'s context back online (undoes `goOffline`). */
async function goOnline(page) {
  platform.link.restore();
  await page.context().setOffline(false);
}

/** What the server has for the attempt: the chosen answer of each question
 * (asked past the link, which may be cut). */
async function serverChoices(page, attempt) {
  const answer = await page.context().request.get(`${platform.server.url}/api/attempts/${attempt.id}`);
  return (await answer.json()).questions.map((q) => q.chosen ?? null);
}

test('answers given offline survive a reload and reach the server exactly once; the result is right', async () => {
  const { page, attempt } = await startedExam(5, { backgroundSync: false });
  const picks = [1, 3, 0];
  const countdown = () => page.locator(`${QUESTION} .countdown`).textContent();

  await goOffline(page);
  await page.evaluate(() => { window.sameDocument = true; });
  for (const [i, choice] of picks.entries()) {
    await page.locator(`${QUESTION} .exam-position`, { hasText: `Question ${i + 1} of 5` }).waitFor(WAIT);
    await choose(page, choice);
    assert.match(await status(page, 'offline'), new RegExp(`Offline: ${i === 0 ? '1 answer' : `${i + 1} answers`} kept on this phone`));
    // The next question's page was never loaded: the worker serves the exam's kept page for it.
    if (i < picks.length - 1) await page.click(`${QUESTION} .exam-nav .next`);
  }
  assert.deepEqual(await serverChoices(page, attempt), [null, null, null, null, null], 'nothing reached the server');
  assert.equal(await page.evaluate(() => window.sameDocument), true, 'each next question was swapped in, no page load');

  // A reload with no network: the answers are still there, and so is the countdown.
  const before = await countdown();
  await page.reload();
  await page.locator(`${QUESTION} .exam-position`, { hasText: 'Question 3 of 5' }).waitFor(WAIT);
  assert.match(await status(page, 'offline'), /3 answers kept on this phone/);
  await page.locator(`${QUESTION} .choices li:nth-child(1) .choice[aria-pressed="true"]`).waitFor(WAIT);
  assert.match(await countdown(), /^\d+:\d\d left$/);
  const seconds = (text) => Number(text.split(':')[0]) * 60 + Number(text.split(':')[1].slice(0, 2));
  const left = seconds(await countdown());
  assert.ok(left <= seconds(before) && left > 5 * 60 - 120, `the countdown runs from the attempt's start: ${before} → ${left}`);

  // Back online, the first answer reaches the server but its reply is lost: it is sent again.
  const sent = [];
  let lost = 0;
  await page.route('**/api/attempts/*/answers/*', async (route) => {
    const reply = await route.fetch();
    sent.push({ key: route.request().headers()['idempotency-key'], replayed: reply.headers()['idempotent-replayed'] === 'true' });
    if (lost++ === 0) await route.abort('connectionreset');
    else await route.fulfill({ response: reply });
  });
  await goOnline(page);
  assert.equal(await status(page, 'saved', 30000), 'Saved');
  assert.deepEqual(await serverChoices(page, attempt), [...picks, null, null]);
  // Three answers and at least the one resend (a retry may race the first send).
  assert.ok(sent.length >= 4, JSON.stringify(sent));
  assert.equal(new Set(sent.map((s) => s.key)).size, 3, 'one key per answer, however often it was sent');
  assert.equal(sent[1].key, sent[0].key, 'the resend carries the lost one\'s key');
  assert.equal(sent[1].replayed, true, 'the server saw the resend and did not save it again');
  const keys = rows(platform.server.database, 'SELECT COUNT(*), COUNT(DISTINCT question_id) FROM answer_keys WHERE attempt_id = ?', [attempt.id]);
  assert.deepEqual(keys, [[3, 3]], 'one saved answer per answer given');

  // The result counts exactly those answers.
  await page.click(`${QUESTION} .exam-nav .finish`);
  await page.locator('main .exam-result .score').waitFor(WAIT);
  const result = await (await page.context().request.get(`${platform.url}/api/attempts/${attempt.id}`)).json();
  const right = result.questions.filter((q, i) => i < 3 && q.answer === picks[i]).length;
  assert.equal(result.score, right);
  assert.match(await page.locator('main .exam-result .score').textContent(), new RegExp(`${right} of 5 correct`));
  await page.context().close();
});

test('with storage turned off, answers are kept for the page and still reach the server once', async () => {
  const { page, attempt } = await startedExam(3, { backgroundSync: false, storage: false });
  const keys = [];
  await page.route('**/api/attempts/*/answers/*', (route) => {
    keys.push(route.request().headers()['idempotency-key']);
    return route.continue();
  });
  await goOffline(page);
  await choose(page, 3);
  assert.match(await status(page, 'offline'), /Offline: 1 answer kept on this phone/);
  await goOnline(page);
  assert.equal(await status(page, 'saved', 30000), 'Saved');
  assert.deepEqual(await serverChoices(page, attempt), [3, null, null]);
  assert.ok(keys.length >= 1 && keys.every((key) => key === keys[0]), JSON.stringify(keys));
  assert.match(keys[0], /^[0-9a-f]{32}$/, 'an idempotency key of 128 random bits');
  await page.context().close();
});

test('finishing offline is kept too: the score comes once back online', async () => {
  const { page, attempt } = await startedExam(3, { backgroundSync: false });
  await goOffline(page);
  await choose(page, 2);
  await status(page, 'offline');
  await page.click(`${QUESTION} .exam-nav .finish`);
  assert.match(await status(page, 'offline'), /finished on this phone; your score comes when you are back online/);
  await goOnline(page);
  await page.locator('main .exam-result .score').waitFor({ timeout: 30000 });
  const result = await (await page.context().request.get(`${platform.url}/api/attempts/${attempt.id}`)).json();
  assert.ok(result.finished_at, 'finished on the server');
  assert.equal(result.questions[0].chosen, 2, 'the answer before the finish was saved first');
  await page.context().close();
});

test('an answer kept while the session ended is not dropped: it is sent after signing in again', async () => {
  const { page, attempt, account } = await startedExam(3, { backgroundSync: false });
  await goOffline(page);
  await choose(page, 1);
  await status(page, 'offline');
  // Signed out meanwhile (the session expired, say): the server answers 401.
  await page.context().clearCookies();
  await goOnline(page);
  await page.waitForTimeout(6000); // a retry or two, each refused
  assert.match(await status(page, 'offline'), /1 answer kept on this phone/);
  const login = await page.context().request.post(platform.url + '/api/auth/login', {
    data: { email: account.email, password: account.password },
  });
  assert.equal(login.status(), 200);
  assert.equal(await status(page, 'saved'), 'Saved');
  assert.equal((await serverChoices(page, attempt))[0], 1);
  await page.context().close();
});

test('with the page closed, the service worker sends the kept answers when the connection returns', async () => {
  const { page, attempt } = await startedExam(3);
  const context = page.context();
  // A page with no exam on it keeps the worker alive; the exam page goes.
  const other = await context.newPage();
  await other.goto(platform.url + '/');
  await goOffline(page);
  await choose(page, 3);
  await status(page, 'offline');
  await page.close();
  await goOnline(other);
  for (let waited = 0; (await serverChoices(other, attempt))[0] !== 3; waited += 500) {
    if (waited > 30000) assert.fail('the background sync never sent the answer');
    await new Promise((r) => setTimeout(r, 500));
  }
  const keys = rows(platform.server.database, 'SELECT COUNT(*) FROM answer_keys WHERE attempt_id = ?', [attempt.id]);
  assert.deepEqual(keys, [[1]]);
  await context.close();
});
