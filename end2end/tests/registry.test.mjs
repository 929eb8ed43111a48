// Independent deployment through the remote registry: a new version goes live on
// the next page load without touching the container, rollback brings the old one
// back, an incompatible remote is refused at deploy and by the loader, and assets
// fall back to the next origin when the first is down.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { openPage } from '../fixtures/browser.mjs';
import { signUp, usePlatform } from '../fixtures/platform.mjs';
import { ADMIN_ENV, ADMIN_TOKEN, admin, release } from '../fixtures/releases.mjs';
import { ROOT, SPARE_PORT, startServer } from '../fixtures/server.mjs';

// A port nothing listens on: the "down" origin.
const deadPort = await new Promise((resolve) => {
  const probe = createServer().listen(0, '127.0.0.1', () => {
    const { port } = probe.address();
    probe.close(() => resolve(port));
  });
});
const DEAD_ORIGIN = `http://127.0.0.1:${deadPort}`;
// The "CDN": a second server on loopback whose origin the platform allows.
const CDN_ORIGIN = `http://127.0.0.1:${SPARE_PORT}`;

const platform = usePlatform({
  ownRemotes: true,
  env: { ...ADMIN_ENV, MF_REMOTE_ORIGINS: `${DEAD_ORIGIN},${CDN_ORIGIN}` },
});
const WAIT = { timeout: 20000 };

/** Runs the build tool (`cargo xtask …`) against this platform's server. */
function xtask(...args) {
  return xtaskWith({}, ...args);
}

function xtaskWith(env, ...args) {
  const [command, prefix] = process.env.MF_XTASK_BINARY
    ? [process.env.MF_XTASK_BINARY, []]
    : ['cargo', ['run', '--quiet', '--package', 'xtask', '--']];
  return spawnSync(command, [...prefix, ...args, '--server', platform.url], {
    cwd: ROOT,
    env: { ...process.env, MF_ADMIN_TOKEN: ADMIN_TOKEN, ...env },
    encoding: 'utf8',
  });
}

async function dashboardPage() {
  const page = await openPage(platform.browser);
  await signUp(page.context(), platform.url, 'Lea Ramos');
  return page;
}

async function containerBytes() {
  const files = {};
  for (const name of ['container.js', 'container.wasm']) {
    const response = await fetch(`${platform.url}/pkg/${name}`, { headers: { 'accept-encoding': 'identity' } });
    files[name] = Buffer.from(await response.arrayBuffer()).toString('base64');
  }
  return files;
}

const greetingAfter = (page) =>
  page.evaluate(() => getComputedStyle(document.querySelector('main .greeting'), '::after').content);

test('publishing dashboard 0.2.0 goes live on the next page load; rollback brings 0.1.0 back', async () => {
  const containerBefore = await containerBytes();
  const page = await dashboardPage();
  await page.goto(platform.url + '/dashboard');
  await page.locator('main [data-mf-remote="dashboard"] .greeting').waitFor(WAIT);
  assert.equal(await greetingAfter(page), 'none');

  release(platform.remotes.dir, 'dashboard', '0.1.0', '0.2.0', {
    css: '\n.dashboard-home .greeting::after { content: " · v2"; }\n',
  });
  const deployed = await admin(platform.url, '/remotes/dashboard/deploy', { version: '0.2.0' });
  assert.equal(deployed.status, 200, JSON.stringify(deployed.body));
  assert.equal(deployed.body.live.deployed_by, 'e2e');

  // The open page keeps the version it loaded: navigating inside it mixes nothing.
  await page.click('header nav a[href="/exam"]');
  await page.click('header nav a[href="/dashboard"]');
  await page.locator('main [data-mf-remote="dashboard"] .greeting').waitFor(WAIT);
  assert.equal(await greetingAfter(page), 'none');
  assert.ok(!page.requests.some((u) => u.includes('/remotes/dashboard/0.2.0/')));

  await page.reload();
  await page.locator('main [data-mf-remote="dashboard"][data-mf-state="mounted"] .greeting').waitFor(WAIT);
  assert.equal(await greetingAfter(page), '" · v2"');
  assert.ok(page.requests.some((u) => u.includes('/remotes/dashboard/0.2.0/')));
  assert.deepEqual(await containerBytes(), containerBefore, 'the container was not rebuilt or redeployed');

  // Roll back with the build tool's CLI, as a team would.
  const rolledBack = xtask('rollback', 'dashboard');
  assert.equal(rolledBack.status, 0, rolledBack.stderr);
  assert.match(rolledBack.stdout, /dashboard@0\.1\.0 is live again/);
  await page.reload();
  await page.locator('main [data-mf-remote="dashboard"][data-mf-state="mounted"] .greeting').waitFor(WAIT);
  assert.equal(await greetingAfter(page), 'none');

  const list = await admin(platform.url, '/remotes');
  const dashboard = list.body.remotes.find((r) => r.name === 'dashboard');
  assert.deepEqual(dashboard.history.slice(0, 2).map((d) => [d.action, d.version]), [['rollback', '0.1.0'], ['deploy', '0.2.0']]);
  const listed = xtask('remotes');
  assert.equal(listed.status, 0, listed.stderr);
  assert.match(listed.stdout, /dashboard\s+live 0\.1\.0\s+health ok\s+\(rollback by e2e\)/);
  const refused = xtask('rollback', 'dashboard', '7.0.0');
  assert.notEqual(refused.status, 0);
  assert.match(refused.stderr, /registry_nothing_to_roll_back_to/);
  await page.context().close();
});

test('an incompatible contract is refused at deploy (409); forced onto the page, the loader refuses it', async () => {
  release(platform.remotes.dir, 'dashboard', '0.1.0', '0.3.0', {
    edit: (manifest) => {
      manifest.contract.types['state:session'] = '0000000000000000';
    },
  });
  const refused = await admin(platform.url, '/remotes/dashboard/deploy', { version: '0.3.0' });
  assert.equal(refused.status, 409);
  assert.equal(refused.body.error.code, 'registry_incompatible');
  assert.match(refused.body.error.message, /state:session/);

  const forced = await admin(platform.url, '/remotes/dashboard/deploy', { version: '0.3.0', force: true });
  assert.equal(forced.status, 200, JSON.stringify(forced.body));
  const page = await dashboardPage();
  await page.goto(platform.url + '/dashboard');
  const error = page.locator('main [data-mf-remote="dashboard"][data-mf-error="FED-004"] .mf-error[role="alert"]');
  await error.waitFor(WAIT);
  assert.match(await error.textContent(), /state:session/);
  assert.ok(!page.requests.some((u) => u.includes('/remotes/dashboard/0.3.0/') && u.endsWith('.wasm')), 'never fetched');
  // The rest of the page works: the session corner, the theme switch.
  await page.locator('header .session-name').waitFor(WAIT);
  const before = await page.getAttribute('html', 'data-theme');
  await page.click('[data-mf-theme-toggle]');
  assert.notEqual(await page.getAttribute('html', 'data-theme'), before);

  assert.equal((await admin(platform.url, '/remotes/dashboard/rollback', { version: '0.1.0' })).status, 200);
  await page.context().close();
});

test('when the first origin is down, the loader takes the assets from the next one', async () => {
  const cdn = await startServer({ remotesDir: platform.remotes.dir, port: SPARE_PORT });
  try {
    const cdnOrigin = CDN_ORIGIN;
    const allowed = await admin(platform.url, '/remotes/dashboard/deploy', {
      version: '0.1.0',
      bases: [`${DEAD_ORIGIN}/remotes/dashboard/0.1.0/`, `${cdnOrigin}/remotes/dashboard/0.1.0/`],
    });
    assert.equal(allowed.status, 200, JSON.stringify(allowed.body));
    const page = await dashboardPage();
    await page.goto(platform.url + '/dashboard');
    await page.locator('main [data-mf-remote="dashboard"][data-mf-state="mounted"] .greeting').waitFor(WAIT);
    assert.ok(page.requests.some((u) => u.startsWith(DEAD_ORIGIN)), 'the first origin was tried');
    const fromCdn = page.requests.filter((u) => u.startsWith(cdnOrigin + '/remotes/dashboard/0.1.0/'));
    assert.ok(fromCdn.some((u) => u.endsWith('.wasm')), `wasm from the CDN: ${fromCdn}`);
    assert.ok(fromCdn.some((u) => u.endsWith('.js')), `glue from the CDN: ${fromCdn}`);
    // Its styles came inline with the server's render of the dashboard: no request anywhere.
    assert.deepEqual(page.requests.filter((u) => u.endsWith('.css')), [], 'no stylesheet request');
    assert.equal(await page.locator('head style[data-mf-css="dashboard"]').count(), 1);
    await page.context().close();
  } finally {
    await cdn.stop();
  }
});

test('cargo xtask publish builds one remote into the server\'s remotes folder and deploys it', async () => {
  const published = xtaskWith({ MF_REMOTES_DIR: platform.remotes.dir }, 'publish', 'ui-components');
  assert.equal(published.status, 0, published.stderr);
  assert.match(published.stdout, /ui-components@0\.1\.0 is live/);
  const list = await admin(platform.url, '/remotes');
  const ui = list.body.remotes.find((r) => r.name === 'ui-components');
  assert.deepEqual([ui.active.action, ui.active.deployed_by, ui.health], ['deploy', 'e2e', 'ok']);
});
