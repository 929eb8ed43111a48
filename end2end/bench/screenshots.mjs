// Screenshots of every route in both themes at 360 px wide (a small phone), for
// the README: docs/screenshots/<route>-<theme>.png. Run with `cargo xtask
// screenshots` (builds, then runs this). Not a test: it only takes pictures.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { signUp } from '../fixtures/platform.mjs';
import { launch } from '../fixtures/browser.mjs';
import { ROOT, startServer } from '../fixtures/server.mjs';

const OUT = join(ROOT, 'docs', 'screenshots');
const mounted = (remote) => `main [data-mf-remote="${remote}"][data-mf-state="mounted"]`;
/** Name, path (a function of the attempt for the question page), what shows when ready, signed in. */
const ROUTES = [
  ['home', () => '/', 'main .home', false],
  ['login', () => '/login', `${mounted('auth')} form`, false],
  ['dashboard', () => '/dashboard', `${mounted('dashboard')} .greeting`, true],
  ['exam', () => '/exam', `${mounted('nursing')} .exam-chooser`, true],
  ['question', (attempt) => `/exam/attempt/${attempt}/question/1`, `${mounted('nursing')} .choices`, true],
  ['not-found', () => '/no-such-page', 'main h1', false],
];

mkdirSync(OUT, { recursive: true });
const server = await startServer();
const browser = await launch();
try {
  for (const theme of ['light', 'dark']) {
    for (const signedIn of [false, true]) {
      const context = await browser.newContext({ viewport: { width: 360, height: 740 }, serviceWorkers: 'block' });
      const page = await context.newPage();
      let attempt;
      if (signedIn) {
        await signUp(context, server.url);
        const started = await context.request.post(server.url + '/api/attempts', { data: { topic: 'pharmacology', length: 5 } });
        attempt = (await started.json()).id;
      }
      for (const [name, path, ready, needsSession] of ROUTES.filter((r) => r[3] === signedIn)) {
        await page.goto(server.url + path(attempt));
        await page.locator(ready).first().waitFor({ timeout: 20000 });
        if ((await page.getAttribute('html', 'data-theme')) !== theme) await page.click('header [data-mf-theme-toggle]');
        await page.waitForTimeout(300);
        const file = join(OUT, `${name}-${theme}.png`);
        await page.screenshot({ path: file, fullPage: true });
        console.log(`${file}${needsSession ? ' (signed in)' : ''}`);
      }
      await context.close();
    }
  }
} finally {
  await browser.close();
  await server.stop();
}
