// Monitoring end to end: real page loads in Chromium report each remote load
// with a beacon when the page is left; the server stores them, counts them in
// /metrics, and the admin page shows their numbers; other accounts get 403.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch, openPage } from '../fixtures/browser.mjs';
import { signUp } from '../fixtures/platform.mjs';
import { startServer } from '../fixtures/server.mjs';

const ADMIN = `admin-${process.pid}@example.ph`;
const ENV = { MF_ADMIN_EMAILS: ADMIN };
const dataDir = mkdtempSync(join(tmpdir(), 'mf-monitoring-'));
const platform = {};
before(async () => {
  platform.browser = await launch();
  platform.server = await startServer({ dataDir, env: ENV });
  platform.url = platform.server.url;
});
after(async () => {
  await platform.browser?.close();
  await platform.server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** /metrics, once `wanted` all appear in it (beacons arrive after the page is left). */
async function metricsWith(wanted) {
  for (let tries = 0; ; tries++) {
    const text = await (await fetch(platform.url + '/metrics')).text();
    if (wanted.every((w) => text.includes(w))) return text;
    if (tries > 100) assert.fail(`/metrics never showed ${wanted.join(', ')}:\n${text}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('loads in a browser are reported, counted in /metrics and shown on the admin page', async () => {
  const student = await openPage(platform.browser);
  await student.goto(platform.url + '/login');
  await student.locator('main [data-mf-remote="auth"][data-mf-state="mounted"] form').waitFor({ timeout: 20000 });
  await signUp(student.context(), platform.url);
  // Leaving /login sends its report (auth); leaving /dashboard, the dashboard's.
  await student.goto(platform.url + '/dashboard');
  await student.locator('main [data-mf-remote="dashboard"][data-mf-state="mounted"]').waitFor({ timeout: 20000 });
  await student.goto('about:blank');

  const metrics = await metricsWith([
    'remote_load_seconds_count{remote="auth",version="0.1.0"}',
    'remote_load_seconds_count{remote="dashboard",version="0.1.0"}',
  ]);
  assert.match(metrics, /remote_loads_total\{remote="auth",version="0\.1\.0",outcome="ok"\} [1-9]/);
  assert.match(metrics, /http_requests_total\{method="GET",route="\/login",status="200"\} [1-9]/);

  // A student may not see the numbers.
  const refused = await student.goto(platform.url + '/admin');
  assert.equal(refused.status(), 403);
  assert.equal((await student.context().request.get(platform.url + '/api/telemetry/summary')).status(), 403);

  // The admin's account exists; admins are made when the server starts.
  const admin = await openPage(platform.browser);
  const registered = await admin.context().request.post(platform.url + '/api/auth/register', {
    data: { name: 'Admin', email: ADMIN, password: 'correct horse' },
  });
  assert.equal(registered.status(), 201);
  assert.equal((await admin.goto(platform.url + '/admin')).status(), 403, 'not yet: signing up makes no admin');
  await platform.server.stop();
  platform.server = await startServer({ dataDir, env: ENV });
  platform.url = platform.server.url;
  const response = await admin.goto(platform.url + '/admin');
  assert.equal(response.status(), 200);
  for (const remote of ['auth', 'dashboard']) {
    const row = admin.locator(`tr[data-remote="${remote}"][data-version="0.1.0"]`);
    assert.ok(Number(await row.locator('[data-field="loads"]').textContent()) >= 1, remote);
    const p50 = Number((await row.locator('[data-field="p50"]').textContent()).replace(' ms', ''));
    assert.ok(p50 > 0 && p50 < 30000, `${remote} p50 ${p50}`);
    assert.match(await row.locator('[data-field="bytes"]').textContent(), /^[1-9]\d*\.\d KB$/, remote);
    assert.equal(await admin.locator(`svg.admin-chart g[data-remote="${remote}"]`).count(), 1, remote);
  }
  assert.equal(await admin.locator('article.admin-remote[data-remote="auth"] form button').count(), 1);
  await student.context().close();
  await admin.context().close();
});
