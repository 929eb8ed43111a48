// A load that hangs gives up after the configured timeout (MF_LOAD_TIMEOUT_MS),
// retries, then shows its error with Retry instead of a spinner forever.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage } from '../fixtures/browser.mjs';
import { usePlatform } from '../fixtures/platform.mjs';

const platform = usePlatform({ env: { MF_LOAD_TIMEOUT_MS: '800' } });

test('a hung remote times out, shows its error with Retry, and Retry recovers', async () => {
  const page = await openPage(platform.browser);
  const wasm = /\/remotes\/auth\/0\.1\.0\/auth-[0-9a-f]+\.wasm$/;
  let hung = 0;
  // Requests that never get an answer, like a stalled mobile connection.
  await page.route(wasm, () => {
    hung++;
  });
  await page.goto(platform.url + '/login');
  assert.equal(await page.getAttribute('html', 'data-mf-load-timeout-ms'), '800');
  const point = page.locator('main [data-mf-remote="auth"][data-mf-error="FED-005"]');
  await point.waitFor({ timeout: 20000 });
  assert.match(await point.textContent(), /no answer within 800 ms/);
  assert.ok(hung >= 3, `tried ${hung} times`);
  assert.equal(await page.locator('header [data-mf-theme-toggle]').count(), 1);

  await page.unroute(wasm);
  await page.click('main [data-mf-remote="auth"] button.mf-retry');
  await page.locator('main [data-mf-remote="auth"][data-mf-state="mounted"] form.login-form').waitFor({ timeout: 15000 });
  await page.context().close();
});
