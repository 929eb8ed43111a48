// A team's dev loop: its remote built and served alone by trunk (no network),
// with the standalone harness; a running container pointed at that dev server
// with `?remote.auth=…` (dev mode or an allowed origin only, shown while
// active, cleared with one link); and the devtools panel of the dev runtime.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch, openPage } from '../fixtures/browser.mjs';
import { REMOTES, ROOT, SPARE_PORT, startServer } from '../fixtures/server.mjs';
import { createServer } from 'node:http';

const TRUNK = process.env.MF_TRUNK ?? 'trunk';
const AUTH = join(ROOT, 'apps', 'auth');
const DEV_SERVER = `http://127.0.0.1:${SPARE_PORT}`;
const TRUNK_ENV = { ...process.env, TRUNK_SKIP_VERSION_CHECK: 'true', CARGO_NET_OFFLINE: 'true' };
const scratch = mkdtempSync(join(tmpdir(), 'mf-trunk-'));
const servers = [];
let browser;
let trunk;

before(async () => {
  browser = await launch();
});

after(async () => {
  await browser?.close();
  for (const server of servers) await server.stop();
  if (trunk) {
    // trunk and the cargo it runs: the whole process group.
    try {
      process.kill(-trunk.pid, 'SIGINT');
    } catch {}
    await new Promise((resolve) => (trunk.exitCode !== null ? resolve() : trunk.once('exit', resolve)));
  }
  rmSync(scratch, { recursive: true, force: true });
});

/** Runs trunk with no network at all: a network namespace of its own when the
 * machine allows one, else proxies that lead nowhere. */
function offline(args) {
  const unshare = spawnSync('unshare', ['-n', 'true']).status === 0;
  const env = unshare ? TRUNK_ENV : { ...TRUNK_ENV, HTTP_PROXY: 'http://127.0.0.1:9', HTTPS_PROXY: 'http://127.0.0.1:9' };
  return unshare ? spawnSync('unshare', ['-n', TRUNK, ...args], { cwd: AUTH, env, encoding: 'utf8' })
    : spawnSync(TRUNK, args, { cwd: AUTH, env, encoding: 'utf8' });
}

const sri = (bytes) => 'sha384-' + createHash('sha384').update(bytes).digest('base64');

test('trunk builds a remote alone with no network, with a manifest a container can verify', () => {
  // Offline means after the crates were fetched once, as for any offline build
  // (trunk's `cargo metadata` wants every crate of the lock file, even those of
  // other platforms, which no build here downloads).
  const fetched = spawnSync('cargo', ['fetch'], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(fetched.status, 0, fetched.stderr);
  const dist = join(scratch, 'build');
  const built = offline(['build', '--dist', dist]);
  assert.equal(built.status, 0, built.stdout + built.stderr);
  const files = readdirSync(dist);
  assert.ok(files.includes('index.html'), files.join(' '));
  const manifest = JSON.parse(readFileSync(join(dist, 'manifest.json'), 'utf8'));
  assert.equal(manifest.name, 'auth');
  assert.deepEqual(manifest.exposes.sort(), ['AuthApp', 'LoginForm']);
  for (const kind of ['js', 'wasm', 'css']) {
    const asset = manifest.assets[kind];
    assert.ok(files.includes(asset.file), `${kind}: ${asset.file} in ${files.join(' ')}`);
    assert.equal(asset.integrity, sri(readFileSync(join(dist, asset.file))), kind);
  }
  assert.ok('state:session' in manifest.contract.types, JSON.stringify(manifest.contract));
  assert.match(readFileSync(join(dist, manifest.assets.css.file), 'utf8'), /^@scope \(\[data-mf-remote="auth"\]\)/m, 'scoped as deployed');
  // The harness page: the remote's own styles, the shared tokens and the harness script.
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  assert.match(html, /data-mf-harness="auth"/);
  assert.match(html, /window\.wasmBindings|wasmBindings/);
});

/** `trunk serve` of auth on the spare port, as its team runs it; resolves once it serves a manifest. */
async function serveAuth() {
  if (trunk) return;
  trunk = spawn(TRUNK, ['serve', '--port', String(SPARE_PORT), '--dist', join(scratch, 'serve')], {
    cwd: AUTH,
    env: TRUNK_ENV,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // trunk serve keeps running after a failed build: watch its log for one.
  let log = '';
  for (const stream of [trunk.stdout, trunk.stderr]) stream.on('data', (chunk) => (log += chunk));
  for (let waited = 0; ; waited += 500) {
    try {
      if ((await fetch(DEV_SERVER + '/manifest.json')).ok) return;
    } catch {}
    if (trunk.exitCode !== null || /error from build pipeline/.test(log) || waited > 300_000) {
      throw new Error(`trunk serve did not start:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}

test('the harness runs the remote alone with the session, the theme and an event log', async () => {
  await serveAuth();
  const manifest = await fetch(DEV_SERVER + '/manifest.json');
  assert.equal(manifest.headers.get('access-control-allow-origin'), '*', 'a container on another origin may load it');
  const page = await openPage(browser);
  await page.goto(DEV_SERVER + '/');
  await page.locator('[data-harness="slot"] form.login-form').waitFor({ timeout: 30000 });
  await page.click('[data-harness="theme"]');
  assert.equal(await page.getAttribute('html', 'data-theme'), 'dark');
  await page.locator('[data-harness="events"] li[data-event="mf:state:theme"]', { hasText: '"dark"' }).waitFor();
  await page.selectOption('[data-harness="session"]', 'student');
  await page.locator('[data-harness="events"] li[data-event="mf:state:session"]', { hasText: 'Ana Santos' }).waitFor();
  await page.selectOption('[data-harness="module"]', 'AuthApp');
  await page.locator('[data-harness="slot"] form').first().waitFor();
  assert.deepEqual(page.consoleErrors, []);
  await page.context().close();
});

test('an override points a running container at the dev server, is shown while active, and clears', async () => {
  await serveAuth();
  const server = await startServer({ env: { MF_DEV: '1' } });
  servers.push(server);
  const page = await openPage(browser);
  const response = await page.goto(`${server.url}/login?remote.auth=${DEV_SERVER}`);
  assert.match(response.headers()['content-security-policy'], new RegExp(`connect-src 'self' ${DEV_SERVER};`));
  const banner = page.locator('[data-mf-dev-banner] [data-mf-override="auth"]');
  assert.match(await banner.textContent(), new RegExp(`auth from ${DEV_SERVER}/`));
  await page.locator('main [data-mf-remote="auth"][data-mf-state="mounted"] form.login-form').waitFor({ timeout: 30000 });
  assert.ok(page.requests.some((u) => u.startsWith(DEV_SERVER) && u.endsWith('_bg.wasm')), page.requests.join('\n'));
  assert.ok(!page.requests.some((u) => u.includes('/remotes/auth/')), 'the live version is not loaded');

  // Kept for this browser: a plain reload still uses the dev server.
  page.requests.length = 0;
  await page.goto(server.url + '/login');
  await page.locator('main [data-mf-remote="auth"][data-mf-state="mounted"] form').waitFor({ timeout: 30000 });
  assert.ok(page.requests.some((u) => u.startsWith(DEV_SERVER)), 'still overridden');

  // Clear: back to the live version, no banner.
  page.requests.length = 0;
  await banner.getByRole('link', { name: 'Clear' }).click();
  await page.locator('main [data-mf-remote="auth"][data-mf-state="mounted"] form').waitFor({ timeout: 30000 });
  assert.equal(await page.locator('[data-mf-dev-banner]').count(), 0);
  assert.ok(page.requests.some((u) => u.includes('/remotes/auth/0.1.0/')), page.requests.join('\n'));
  assert.ok(!page.requests.some((u) => u.startsWith(DEV_SERVER)));
  await page.context().close();
});

test('outside dev mode an override works only for a signed-in admin and an allowed origin', async () => {
  await serveAuth();
  const plain = await startServer();
  servers.push(plain);
  const page = await openPage(browser);
  const refused = await page.goto(`${plain.url}/login?remote.auth=${DEV_SERVER}`);
  // The dev server's origin, not its bare port: a random nonce may contain the port's digits.
  assert.ok(!refused.headers()['content-security-policy'].includes(DEV_SERVER), 'the CSP does not allow the dev server');
  await page.locator('main [data-mf-remote="auth"][data-mf-state="mounted"] form').waitFor({ timeout: 30000 });
  assert.equal(await page.locator('[data-mf-dev-banner]').count(), 0, 'a student never sees it');
  assert.ok(!page.requests.some((u) => u.startsWith(DEV_SERVER)), 'never loaded from there');
  assert.ok(page.requests.some((u) => u.endsWith('/pkg/container.wasm')), 'the students\' runtime');
  await page.context().close();

  // A server allowing the dev server's origin, with an admin (made at start).
  const dataDir = mkdtempSync(join(tmpdir(), 'mf-overrides-'));
  const env = { MF_OVERRIDE_ORIGINS: DEV_SERVER, MF_ADMIN_EMAILS: 'dev@example.ph' };
  const first = await startServer({ dataDir, env });
  const developer = await openPage(browser);
  const registered = await developer.context().request.post(first.url + '/api/auth/register', {
    data: { name: 'Dev', email: 'dev@example.ph', password: 'correct horse' },
  });
  assert.equal(registered.status(), 201);
  await first.stop();
  const allowing = await startServer({ dataDir, env });
  servers.push(allowing);
  try {
    const student = await openPage(browser);
    await student.goto(`${allowing.url}/login?remote.auth=${DEV_SERVER}`);
    await student.locator('main [data-mf-remote="auth"][data-mf-state="mounted"] form').waitFor({ timeout: 30000 });
    assert.equal(await student.locator('[data-mf-dev-banner]').count(), 0, 'a link does nothing for a student');
    await student.context().close();

    await developer.goto(`${allowing.url}/login?remote.auth=${DEV_SERVER}`);
    await developer.locator('[data-mf-dev-banner] [data-mf-override="auth"]').waitFor();
    await developer.locator('main [data-mf-remote="auth"][data-mf-state="mounted"] form').waitFor({ timeout: 30000 });
    assert.ok(developer.requests.some((u) => u.startsWith(DEV_SERVER) && u.endsWith('_bg.wasm')));
    const other = await developer.goto(`${allowing.url}/login?remote.nursing=http://127.0.0.1:9/`);
    assert.match(await developer.locator('[data-mf-dev-banner] .mf-dev-refused').textContent(), /MF_OVERRIDE_ORIGINS/);
    assert.doesNotMatch(other.headers()['content-security-policy'], /127\.0\.0\.1:9[ ;]/);
  } finally {
    await developer.context().close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('an override whose dev server is down fails in its slot with what to do', async () => {
  const server = await startServer({ env: { MF_DEV: '1' } });
  servers.push(server);
  const page = await openPage(browser);
  await page.goto(`${server.url}/login?remote.auth=http://127.0.0.1:9`);
  const slot = page.locator('main [data-mf-remote="auth"][data-mf-state="error"]');
  await slot.waitFor({ timeout: 30000 });
  assert.equal(await slot.getAttribute('data-mf-error'), 'FED-003');
  assert.match(await slot.textContent(), /is its dev server running \(`trunk serve` in apps\/auth\)/);
  await page.click('header [data-mf-theme-toggle]');
  assert.equal(await page.getAttribute('html', 'data-theme'), 'dark', 'the shell still works');
  await page.context().close();
});

test('an override built against another shape of a contract type is refused in its slot (FED-004), nothing of it fetched', async () => {
  // No server checked an override: the dev runtime checks its contract itself.
  const server = await startServer({ env: { MF_DEV: '1' } });
  servers.push(server);
  const manifest = JSON.parse(readFileSync(join(REMOTES, 'auth', '0.1.0', 'manifest.json'), 'utf8'));
  assert.ok('state:session' in manifest.contract.types, JSON.stringify(manifest.contract));
  manifest.contract.types['state:session'] = '0000000000000000';
  const asked = [];
  const dev = createServer((request, response) => {
    asked.push(request.url);
    const body = request.url === '/manifest.json' ? JSON.stringify(manifest) : '';
    response.writeHead(body ? 200 : 404, { 'content-type': 'application/json', 'access-control-allow-origin': '*' });
    response.end(body);
  });
  await new Promise((resolve) => dev.listen(0, '127.0.0.1', resolve));
  const page = await openPage(browser);
  try {
    await page.goto(`${server.url}/login?remote.auth=http://127.0.0.1:${dev.address().port}/`);
    const slot = page.locator('main [data-mf-remote="auth"][data-mf-state="error"]');
    await slot.waitFor({ timeout: 30000 });
    assert.equal(await slot.getAttribute('data-mf-error'), 'FED-004');
    assert.match(await slot.textContent(), /another shape of `state:session`/);
    assert.deepEqual(asked, ['/manifest.json'], 'only the manifest was asked for');
    const before = await page.getAttribute('html', 'data-theme');
    await page.click('header [data-mf-theme-toggle]');
    assert.notEqual(await page.getAttribute('html', 'data-theme'), before, 'the shell still works');
  } finally {
    await page.context().close();
    dev.close();
  }
});

test('the devtools panel shows remotes, shared state and events, and reloads a remote', async () => {
  const server = await startServer({ env: { MF_DEV: '1' } });
  servers.push(server);
  const page = await openPage(browser);
  await page.goto(server.url + '/login?devtools');
  await page.locator('main [data-mf-remote="auth"][data-mf-state="mounted"] form').waitFor({ timeout: 30000 });
  const panel = page.locator('#mf-devtools');
  await panel.waitFor();
  const auth = panel.locator('tr[data-remote="auth"]');
  await auth.locator('[data-field="status"]', { hasText: 'ready' }).waitFor();
  assert.equal(await auth.locator('[data-field="version"]').textContent(), '0.1.0');
  assert.equal(await auth.locator('[data-field="from"]').textContent(), 'live');
  assert.match(await auth.locator('[data-field="contract"]').textContent(), /^nursing-review@0\.1\.0$/);
  assert.match(await auth.locator('[data-field="load"]').textContent(), /^\d+ ms$/);
  assert.match(await auth.locator('[data-field="bytes"]').textContent(), /^\d+\.\d KB$/);
  assert.equal(await panel.locator('tr[data-remote="nursing"] [data-field="status"]').textContent(), 'not loaded');

  // Shared state and the live event log.
  await page.click('header [data-mf-theme-toggle]');
  await panel.locator('li[data-event="mf:state:theme"]', { hasText: '"dark"' }).waitFor();
  assert.equal(await panel.locator('dd[data-key="theme"]').textContent(), '"dark"');

  // Reload: a fresh instance, mounted where the old one was, and working.
  page.requests.length = 0;
  await auth.locator('button', { hasText: 'Reload' }).click();
  await page.locator('main [data-mf-remote="auth"][data-mf-state="mounted"] form').waitFor({ timeout: 30000 });
  await page.waitForFunction(() => performance.getEntriesByType('resource').some((e) => e.name.includes('mf-instance=2')));
  await page.fill('main form input[type="email"]', 'ana@example.ph');
  assert.equal(await page.inputValue('main form input[type="email"]'), 'ana@example.ph');

  // The ` key closes and opens it, but not while typing.
  await page.press('main form input[type="email"]', '`');
  assert.equal(await panel.isVisible(), true, 'typed into the field');
  await page.evaluate(() => document.activeElement.blur());
  await page.keyboard.press('`');
  assert.equal(await panel.isVisible(), false);
  await page.keyboard.press('`');
  assert.equal(await panel.isVisible(), true);
  assert.deepEqual(page.consoleErrors, []);
  await page.context().close();
});

test('students get neither the panel nor the dev runtime', async () => {
  const server = await startServer();
  servers.push(server);
  const page = await openPage(browser);
  await page.goto(server.url + '/login?devtools');
  await page.locator('main [data-mf-remote="auth"][data-mf-state="mounted"] form').waitFor({ timeout: 30000 });
  await page.keyboard.press('`');
  assert.equal(await page.locator('#mf-devtools').count(), 0);
  assert.ok(!page.requests.some((u) => u.includes('container-dev') || u.endsWith('/dev.css')), page.requests.join('\n'));
  assert.ok(existsSync(join(ROOT, 'target', 'site', 'pkg', 'container-dev.wasm')), 'the build made one');
  await page.context().close();
});
