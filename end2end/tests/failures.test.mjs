// A missing or tampered remote shows a clear error with its code and Retry, and
// the rest of the shell keeps working.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openPage } from '../fixtures/browser.mjs';
import { usePlatform } from '../fixtures/platform.mjs';
import { ROW, remoteRow } from '../fixtures/remote-map.mjs';

const platform = usePlatform({ ownRemotes: true });

const authDir = () => join(platform.remotes.dir, 'auth', '0.1.0');
const manifest = () => JSON.parse(readFileSync(join(authDir(), 'manifest.json'), 'utf8'));

test('a tampered wasm is refused (FED-006) and never runs', async () => {
  const wasm = join(authDir(), manifest().assets.wasm.file);
  const original = readFileSync(wasm);
  const tampered = Buffer.from(original);
  tampered[tampered.length - 1] ^= 0xff;
  // The server would otherwise send the untouched precompressed siblings.
  for (const suffix of ['', '.br', '.gz']) renameSync(wasm + suffix, wasm + suffix + '.orig');
  writeFileSync(wasm, tampered);
  try {
    const page = await openPage(platform.browser);
    await page.goto(platform.url + '/login');
    const error = page.locator('main [data-mf-remote="auth"][data-mf-error="FED-006"] .mf-error[role="alert"]');
    await error.waitFor({ timeout: 15000 });
    assert.match(await error.textContent(), /does not match the integrity.*redeploy the remote/);
    assert.equal(await page.locator('form.login-form').count(), 0);
    assert.equal(await page.locator('header.shell-header nav a').count(), 2, 'the shell still works');
    await page.context().close();
  } finally {
    for (const suffix of ['', '.br', '.gz']) renameSync(wasm + suffix + '.orig', wasm + suffix);
  }
});

test('a tampered JS glue is refused (FED-006) and never runs', async () => {
  const glue = join(authDir(), manifest().assets.js.file);
  const original = readFileSync(glue);
  for (const suffix of ['', '.br', '.gz']) renameSync(glue + suffix, glue + suffix + '.orig');
  // What an attacker on the CDN would add.
  writeFileSync(glue, Buffer.concat([original, Buffer.from('\nglobalThis.__tampered = true;\n')]));
  try {
    const page = await openPage(platform.browser);
    await page.goto(platform.url + '/login');
    const error = page.locator('main [data-mf-remote="auth"][data-mf-error="FED-006"]');
    await error.waitFor({ timeout: 15000 });
    assert.match(await error.textContent(), /auth-[0-9a-f]+\.js` of `auth` does not match the integrity/);
    assert.equal(await page.evaluate(() => globalThis.__tampered ?? false), false, 'the tampered code never ran');
    await page.click('header [data-mf-theme-toggle]');
    assert.equal(await page.getAttribute('html', 'data-theme'), 'dark', 'the shell still works');
    await page.context().close();
  } finally {
    for (const suffix of ['', '.br', '.gz']) renameSync(glue + suffix + '.orig', glue + suffix);
  }
});

test('a remote whose files are all gone (404) fails in its slots only', async () => {
  renameSync(authDir(), authDir() + '.away');
  try {
    const page = await openPage(platform.browser);
    await page.goto(platform.url + '/login');
    await page.locator('main [data-mf-remote="auth"][data-mf-error="FED-005"] button.mf-retry').waitFor({ timeout: 15000 });
    assert.match(await page.textContent('main [data-mf-remote="auth"]'), /HTTP 404/);
    await page.click('header [data-mf-theme-toggle]');
    assert.equal(await page.getAttribute('html', 'data-theme'), 'dark', 'the shell still works');
    await page.context().close();
  } finally {
    renameSync(authDir() + '.away', authDir());
  }
});

test('a missing glue file shows FED-005 with Retry, and Retry recovers', async () => {
  const glue = join(authDir(), manifest().assets.js.file);
  const move = (from, to) => ['', '.br', '.gz'].forEach((suffix) => renameSync(from + suffix, to + suffix));
  move(glue, glue + '.away');
  let restored = false;
  try {
    const page = await openPage(platform.browser);
    await page.goto(platform.url + '/login');
    const point = page.locator('main [data-mf-remote="auth"]');
    await page.locator('main [data-mf-remote="auth"][data-mf-error="FED-005"]').waitFor({ timeout: 15000 });
    assert.match(await point.textContent(), /FED-005: asset `auth-[0-9a-f]+\.js` of `auth` could not be fetched \(HTTP 404\)/);

    move(glue + '.away', glue);
    restored = true;
    await page.click('main [data-mf-remote="auth"] button.mf-retry');
    await page.locator('main [data-mf-remote="auth"][data-mf-state="mounted"] form.login-form').waitFor({ timeout: 15000 });
    await page.context().close();
  } finally {
    if (!restored) move(glue + '.away', glue);
  }
});

test('a remote-map entry with a malformed integrity is refused with FED-003 (FED-104); the shell works', async () => {
  const page = await openPage(platform.browser);
  // Hostile or broken page data: a malformed integrity, which a browser would
  // ignore (failing open), is refused, while the rest of the page works.
  await page.route(platform.url + '/login', async (route) => {
    const response = await route.fetch();
    const html = (await response.text()).replace(/(<script type="application\/json" id="mf-remotes">)(.*?)(<\/script>)/, (_, open, json, close) => {
      const map = JSON.parse(json);
      remoteRow(map, 'auth')[ROW.JS + 1] = 'md5-nope';
      return open + JSON.stringify(map) + close;
    });
    await route.fulfill({ response, body: html });
  });
  await page.goto(platform.url + '/login');
  const point = page.locator('main [data-mf-remote="auth"][data-mf-error="FED-003"]');
  await point.waitFor({ timeout: 15000 });
  assert.match(await point.textContent(), /FED-104: asset `auth-[0-9a-f]+\.js` has integrity `md5-nope`/);
  assert.equal(await page.locator('[data-mf-css="auth"]').count(), 0, 'auth was not loaded (no link, no inlined styles left)');
  assert.equal(await page.locator('form').count(), 0);
  const before = await page.getAttribute('html', 'data-theme');
  await page.click('[data-mf-theme-toggle]');
  assert.notEqual(await page.getAttribute('html', 'data-theme'), before, 'the shell still works');
  await page.context().close();
});

test('a flaky network is retried with backoff before any error shows', async () => {
  const page = await openPage(platform.browser);
  let attempts = 0;
  // The first two requests for auth's wasm fail like a dropped mobile connection.
  await page.route(/\/remotes\/auth\/0\.1\.0\/auth-[0-9a-f]+\.wasm$/, (route) => {
    attempts++;
    return attempts <= 2 ? route.abort('connectionreset') : route.continue();
  });
  await page.goto(platform.url + '/login');
  await page.locator('main [data-mf-remote="auth"][data-mf-state="mounted"] form.login-form').waitFor({ timeout: 15000 });
  assert.equal(attempts, 3);
  assert.equal(await page.locator('[data-mf-state="error"]').count(), 0);
  await page.context().close();
});
