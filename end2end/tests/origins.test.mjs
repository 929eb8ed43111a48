// An origin taken off the allow-list (MF_REMOTE_ORIGINS) serves nothing to the
// page any more, even to a version deployed while it was allowed: the page's
// content security policy names only the allowed origins, so the browser itself
// refuses the fetch (after parsing the URL; scheme and host compared
// case-insensitively); the remote fails in its slot and the rest works.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch, openPage } from '../fixtures/browser.mjs';
import { signUp } from '../fixtures/platform.mjs';
import { ADMIN_ENV, admin } from '../fixtures/releases.mjs';
import { copyRemotes, SPARE_PORT, startServer } from '../fixtures/server.mjs';

const CDN = `http://127.0.0.1:${SPARE_PORT}`;
const dataDir = mkdtempSync(join(tmpdir(), 'mf-origins-'));
const remotes = copyRemotes();
const running = [];
let browser;

after(async () => {
  await browser?.close();
  for (const server of running) await server.stop();
  rmSync(dataDir, { recursive: true, force: true });
  remotes.remove();
});

test('a remote on an origin no longer allowed is refused by the browser; the page goes on', async () => {
  const cdn = await startServer({ remotesDir: remotes.dir, port: SPARE_PORT });
  running.push(cdn);
  // Upper case on purpose: origins compare case-insensitively.
  const allowing = await startServer({
    remotesDir: remotes.dir,
    dataDir,
    env: { ...ADMIN_ENV, MF_REMOTE_ORIGINS: CDN.replace('http', 'HTTP') },
  });
  const deployed = await admin(allowing.url, '/remotes/dashboard/deploy', {
    version: '0.1.0',
    bases: [`${CDN}/remotes/dashboard/0.1.0/`],
  });
  assert.equal(deployed.status, 200, JSON.stringify(deployed.body));
  await allowing.stop();

  // The same database, the CDN no longer allowed.
  const server = await startServer({ remotesDir: remotes.dir, dataDir });
  running.push(server);
  browser = await launch();
  const page = await openPage(browser);
  const violations = [];
  page.on('console', (m) => /Content Security Policy/.test(m.text()) && violations.push(m.text()));
  await signUp(page.context(), server.url);
  const response = await page.goto(server.url + '/dashboard');
  assert.doesNotMatch(response.headers()['content-security-policy'], /127\.0\.0\.1:\d+/);
  const slot = page.locator('main [data-mf-remote="dashboard"][data-mf-state="error"]');
  await slot.waitFor({ timeout: 20000 });
  assert.ok(violations.some((v) => v.includes(CDN)), violations.join('\n'));
  await page.locator('header .session-name').waitFor();
  await page.click('header [data-mf-theme-toggle]');
  assert.equal(await page.getAttribute('html', 'data-theme'), 'dark', 'the shell still works');
  await page.context().close();
});
