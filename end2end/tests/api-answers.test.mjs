// The remotes read the API's answers field by field (federation's `answer`
// module, no serde in the bundle): a right answer works, the server's error
// answers show their messages (with a message per field), and an answer of the
// wrong shape (a server of another version, a proxy's page) is said to be not
// understood, with nothing started and nothing lost.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage } from '../fixtures/browser.mjs';
import { signUp, usePlatform } from '../fixtures/platform.mjs';

const platform = usePlatform();
const WAIT = { timeout: 15000 };
const main = (page, remote) => page.locator(`main [data-mf-remote="${remote}"][data-mf-state="mounted"]`);

test('registering a taken email shows the server\'s message for the email field', async () => {
  const page = await openPage(platform.browser);
  const account = await signUp(page.context(), platform.url);
  await page.context().clearCookies();
  await page.goto(platform.url + '/login');
  await main(page, 'auth').locator('form.login-form').waitFor(WAIT);
  await page.click('.auth-switch');
  await page.fill('#register-name', 'Ana Again');
  await page.fill('#register-email', account.email);
  await page.fill('#register-password', 'another horse');
  await page.click('form.register-form button[type="submit"]');
  const emailError = page.locator('form.register-form .field-error', { hasText: 'An account with this email already exists.' });
  await emailError.waitFor(WAIT);
  assert.ok(await page.locator('header a.sign-in').isVisible(), 'still signed out');
  await page.context().close();
});

test('an answer of the wrong shape is not understood: nothing starts, and the right answer then works', async () => {
  const page = await openPage(platform.browser);
  await signUp(page.context(), platform.url);
  await page.goto(platform.url + '/exam');
  await main(page, 'nursing').locator('.exam-chooser input[value="fundamentals"]').check(WAIT);
  await page.selectOption('#exam-length', '3');

  // An attempt whose questions carry a number where the text goes.
  const wrong = { id: 1, topic: 'fundamentals', started_at: 0, total: 3, answered: 0, questions: [{ id: 4, stem: 7, choices: [] }] };
  await page.route('**/api/attempts', (route) =>
    route.request().method() === 'POST' ? route.fulfill({ status: 201, json: wrong }) : route.fallback(),
  );
  await page.click('.start-exam');
  const problem = main(page, 'nursing').locator('.exam-chooser .form-error', { hasText: 'The server\'s answer was not understood; reload the page.' });
  await problem.waitFor(WAIT);
  assert.equal(new URL(page.url()).pathname, '/exam', 'still choosing');
  const started = await (await page.context().request.get(platform.url + '/api/attempts')).json();
  assert.deepEqual(started, [], 'no attempt was started');

  await page.unroute('**/api/attempts');
  await page.click('.start-exam');
  await page.waitForURL(/question\/1$/, WAIT);
  await main(page, 'nursing').locator('.exam-position', { hasText: 'Question 1 of 3' }).waitFor(WAIT);
  await page.context().close();
});
