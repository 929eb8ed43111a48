// Nothing moves when the remotes mount: the server render reserves their room
// (skeletons of each route's remote, the header widget's box, no box for a mount
// that waits for an event). Measured as the browser's cumulative layout shift on
// a phone-sized viewport; 0.1 is the "good" threshold of Core Web Vitals.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage } from '../fixtures/browser.mjs';
import { signUp, usePlatform } from '../fixtures/platform.mjs';

const platform = usePlatform();

const SHIFTS = () => {
  window.__shifts = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__shifts.push(entry.value);
  }).observe({ type: 'layout-shift', buffered: true });
};

for (const [route, content] of [
  ['/login', 'main [data-mf-state="mounted"] form.login-form'],
  ['/dashboard', 'main [data-mf-state="mounted"] .greeting'],
  ['/exam', 'main [data-mf-remote="nursing"][data-mf-state="mounted"] .exam-chooser'],
]) {
  test(`${route}: the layout does not shift when its remotes mount`, async () => {
    const page = await openPage(platform.browser, { viewport: { width: 390, height: 800 } });
    if (route !== '/login') await signUp(page.context(), platform.url);
    await page.addInitScript(SHIFTS);
    await page.goto(platform.url + route);
    // Before any wasm: the skeleton holds the remote's room.
    await page.locator(content).waitFor({ timeout: 15000 });
    await page.waitForTimeout(500);
    const shift = await page.evaluate(() => window.__shifts.reduce((sum, v) => sum + v, 0));
    assert.ok(shift < 0.1, `cumulative layout shift ${shift.toFixed(3)} on ${route}`);
    await page.context().close();
  });
}

test('the server render shows a skeleton of the route\'s remote before any script runs', async () => {
  // /login carries auth's prerendered form instead (prerender.test.mjs), /dashboard and /exam
  // their content (server-render.test.mjs); a question page (left to the browser) a skeleton.
  const page = await openPage(platform.browser, { javaScriptEnabled: false, viewport: { width: 390, height: 800 } });
  await signUp(page.context(), platform.url, 'Skeleton Student');
  const started = await page.context().request.post(platform.url + '/api/attempts', { data: { topic: 'fundamentals', length: 3 } });
  const { id } = await started.json();
  await page.goto(`${platform.url}/exam/attempt/${id}/question/1`);
  const point = page.locator('main [data-mf-remote="nursing"][data-mf-skeleton="exam"]');
  const box = await point.boundingBox();
  assert.ok(box.height >= 300, `the skeleton reserves the exam's height: ${box.height}`);
  assert.match(await point.evaluate((e) => getComputedStyle(e).backgroundImage), /linear-gradient/);
  await page.context().close();
});
