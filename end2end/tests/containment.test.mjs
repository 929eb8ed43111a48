// A remote that crashes (a Rust panic, or a wasm trap that is not a panic) while
// mounting or later, in an event handler, fails in its own slot with Retry; the
// shell and the other remotes keep working; Retry starts a fresh instance.
// The crashing remote is the `faulty` fixture (end2end/remotes/faulty), deployed
// as dashboard 9.0.0.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage } from '../fixtures/browser.mjs';
import { signUp, usePlatform } from '../fixtures/platform.mjs';
import { impersonate } from '../fixtures/releases.mjs';

const platform = usePlatform({ prepare: (dir) => impersonate(dir, 'faulty', 'dashboard', '9.0.0') });

const slot = 'main [data-mf-remote="dashboard"]';

/** A signed-in page on `path` (the dashboard, where the faulty remote mounts). */
async function signedInPage(path = '/dashboard') {
  const page = await openPage(platform.browser);
  await signUp(page.context(), platform.url);
  await page.goto(platform.url + path);
  return page;
}

/** Waits until the faulty remote's instance `n` is mounted in the slot. */
function mountedInstance(page, n) {
  const instance = n === undefined ? '' : `[data-instance="${n}"]`;
  return page.locator(`${slot}[data-mf-state="mounted"] .faulty${instance}`).waitFor();
}

/** Retry in the failed slot mounts a fresh instance (the second). */
async function retryMountsAFreshInstance(page) {
  await page.click(`${slot} button.mf-retry`);
  await mountedInstance(page, 2);
}

let toasts = 0;

/** The shell still works: the session corner, the theme, toasts. */
async function assertRestOfPageWorks(page) {
  await page.locator('header .session-name').waitFor();
  const theme = await page.getAttribute('html', 'data-theme');
  await page.click('header [data-mf-theme-toggle]');
  assert.notEqual(await page.getAttribute('html', 'data-theme'), theme, 'the theme toggle still works');
  await page.click('header [data-mf-theme-toggle]');
  const message = `still here ${++toasts}`;
  await page.evaluate((message) => window.dispatchEvent(new CustomEvent('mf:toast', { detail: { message, tone: 'info' } })), message);
  await page.locator('.ui-toast', { hasText: message }).waitFor();
}

test('a panic in an event handler fails its slot only; Retry starts a fresh instance', async () => {
  const page = await signedInPage();
  await mountedInstance(page, 1);
  await page.click(`${slot} .faulty-count`);
  assert.equal(await page.textContent(`${slot} .faulty-count`), 'Count: 1', 'it works before the crash');

  await page.click(`${slot} .faulty-panic`);
  const failed = page.locator(`${slot}[data-mf-state="error"][data-mf-error="FED-010"]`);
  await failed.waitFor();
  assert.match(await failed.textContent(), /crashed \(unreachable\) and was stopped/);
  assert.equal(await page.locator(`${slot} .faulty`).count(), 0, 'its dead view is gone');
  await assertRestOfPageWorks(page);

  await retryMountsAFreshInstance(page);
  assert.ok(page.requests.some((u) => /\/remotes\/dashboard\/9\.0\.0\/faulty-[0-9a-f]+\.wasm\?mf-instance=2$/.test(u)));
  await page.click(`${slot} .faulty-count`);
  assert.equal(await page.textContent(`${slot} .faulty-count`), 'Count: 1', 'the fresh instance starts from scratch');

  // Navigating away and back still works, with the fresh instance.
  await page.click('header nav a[href="/exam"]');
  await page.locator('main [data-mf-remote="nursing"][data-mf-state="mounted"]').waitFor();
  await page.click('header nav a[href="/dashboard"]');
  await mountedInstance(page, 2);
  await page.context().close();
});

test('a trap that is not a panic is contained the same way; other remotes load after it', async () => {
  const page = await signedInPage();
  await mountedInstance(page);
  await page.click(`${slot} .faulty-trap`);
  await page.locator(`${slot}[data-mf-error="FED-010"]`).waitFor();
  await assertRestOfPageWorks(page);
  // Another remote loads and mounts after the crash.
  await page.click('header nav a[href="/exam"]');
  await page.locator('main [data-mf-remote="nursing"][data-mf-state="mounted"] .exam-chooser').waitFor();
  // Coming back mounts a fresh instance of the crashed one, no Retry needed.
  await page.click('header nav a[href="/dashboard"]');
  await mountedInstance(page, 2);
  await page.context().close();
});

test('a panic in an async task is contained the same way', async () => {
  const page = await signedInPage();
  await mountedInstance(page);
  await assertRestOfPageWorks(page);
  await page.click(`${slot} .faulty-task`);
  await page.locator(`${slot}[data-mf-error="FED-010"]`).waitFor();
  await assertRestOfPageWorks(page);
  await retryMountsAFreshInstance(page);
  await page.context().close();
});

test('a panic while mounting fails the slot with Retry, and Retry mounts a fresh instance', async () => {
  const page = await signedInPage('/dashboard?fault=mount');
  const failed = page.locator(`${slot}[data-mf-state="error"][data-mf-error="FED-010"]`);
  await failed.waitFor();
  assert.ok(page.consoleErrors.some((e) => /FED-010/.test(e)), page.consoleErrors.join('\n'));
  await assertRestOfPageWorks(page);
  await retryMountsAFreshInstance(page);
  await page.context().close();
});
