// Nothing lost: answers are stored as they are given, so killing the server in
// the middle of an attempt (no shutdown, like a crash) and starting it again on
// the same database loses no saved answer; the attempt resumes where it was.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch, openPage } from '../fixtures/browser.mjs';
import { signUp } from '../fixtures/platform.mjs';
import { startServer } from '../fixtures/server.mjs';

const WAIT = { timeout: 15000 };
const dataDir = mkdtempSync(join(tmpdir(), 'mf-durable-'));
let browser;
let server;

after(async () => {
  await browser?.close();
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const exam = (page) => page.locator('main [data-mf-remote="nursing"][data-mf-state="mounted"]');

async function answer(page, question, choice) {
  await page.waitForURL(new RegExp(`question/${question}$`), WAIT);
  await exam(page).locator('.choices').waitFor(WAIT);
  await page.click(`.choices li:nth-child(${choice}) .choice`);
  await page.locator('.save-status', { hasText: 'Saved' }).waitFor(WAIT);
}

test('killing the server mid-attempt loses no saved answer', async () => {
  server = await startServer({ dataDir });
  const port = new URL(server.url).port;
  browser = await launch();
  const page = await openPage(browser);
  await signUp(page.context(), server.url);
  await page.goto(server.url + '/exam');
  await exam(page).locator('.exam-chooser input[value="fundamentals"]').check(WAIT);
  await page.selectOption('#exam-length', '3');
  await page.click('.start-exam');
  await answer(page, 1, 2);
  await page.click('.exam-nav .next');
  await answer(page, 2, 3);

  await server.kill();
  server = await startServer({ dataDir, port: Number(port) });

  // Same address, same session cookie: the attempt is there with both answers.
  await page.reload();
  await exam(page).locator('.exam-position', { hasText: 'Question 2 of 3' }).waitFor(WAIT);
  assert.equal(await page.locator('.exam-progress').getAttribute('value'), '2');
  await page.locator('.choices li:nth-child(3) .choice[aria-pressed="true"]').waitFor(WAIT);
  await page.click('.exam-nav .previous');
  await page.waitForURL(/question\/1$/, WAIT);
  await page.locator('.choices li:nth-child(2) .choice[aria-pressed="true"]').waitFor(WAIT);

  // And the attempt goes on after the restart: the third answer saves too.
  await page.click('.exam-nav .next');
  await page.click('.exam-nav .next');
  await answer(page, 3, 1);
  const id = page.url().match(/attempt\/(\d+)\//)[1];
  const saved = await (await page.context().request.get(`${server.url}/api/attempts/${id}`)).json();
  assert.equal(saved.answered, 3);
  assert.deepEqual(saved.questions.map((q) => q.chosen), [1, 2, 0], 'every answer as given (0-based)');
  await page.context().close();
});
