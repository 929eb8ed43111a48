// A missing or tampered remote shows a clear error with its code and Retry, and
// the rest of the shell keeps working.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openPage } from '../fixtures/browser.mjs';
import { usePlatform } from '../fixtures/platform.mjs';

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

test('a missing manifest shows FED-002 with Retry, and Retry recovers', async () => {
  const path = join(authDir(), 'manifest.json');
  renameSync(path, path + '.away');
  let restored = false;
  try {
    const page = await openPage(platform.browser);
    await page.goto(platform.url + '/login');
    const point = page.locator('main [data-mf-remote="auth"]');
    await page.locator('main [data-mf-remote="auth"][data-mf-error="FED-002"]').waitFor({ timeout: 15000 });
    assert.match(await point.textContent(), /FED-002: the manifest of `auth` could not be fetched .*HTTP 404/);

    renameSync(path + '.away', path);
    restored = true;
    await page.click('main [data-mf-remote="auth"] button.mf-retry');
    await page.locator('main [data-mf-remote="auth"][data-mf-state="mounted"] form.login-form').waitFor({ timeout: 15000 });
    await page.context().close();
  } finally {
    if (!restored) renameSync(path + '.away', path);
  }
});

test('a malformed manifest is refused with FED-003 naming the problem', async () => {
  const path = join(authDir(), 'manifest.json');
  const original = readFileSync(path, 'utf8');
  const broken = JSON.parse(original);
  delete broken.assets.wasm;
  writeFileSync(path, JSON.stringify(broken));
  try {
    const page = await openPage(platform.browser);
    await page.goto(platform.url + '/login');
    const point = page.locator('main [data-mf-remote="auth"][data-mf-error="FED-003"]');
    await point.waitFor({ timeout: 15000 });
    assert.match(await point.textContent(), /FED-101.*missing field `assets\.wasm`/);
    await page.context().close();
  } finally {
    writeFileSync(path, original);
  }
});
