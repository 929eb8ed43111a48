// The mount ABI: 100 mount/unmount cycles of auth's LoginForm leave no DOM nodes
// or event listeners behind.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage } from '../fixtures/browser.mjs';
import { usePlatform } from '../fixtures/platform.mjs';

const platform = usePlatform();

async function counters(cdp) {
  await cdp.send('HeapProfiler.collectGarbage');
  const { nodes, jsEventListeners } = await cdp.send('Memory.getDOMCounters');
  return { nodes, jsEventListeners };
}

test('100 mount/unmount cycles do not grow DOM nodes or listeners', async () => {
  const page = await openPage(platform.browser);
  // A page without the container runtime: this drives the remote's ABI directly.
  await page.goto(platform.url + '/no-such-page');
  // Let the shell's runtime start first.
  await page.locator('html[data-mf-runtime="ready"]').waitFor({ state: 'attached' });
  const manifest = await (await fetch(platform.url + '/remotes/auth/0.1.0/manifest.json')).json();
  const base = platform.url + '/remotes/auth/0.1.0/';
  await page.evaluate(async ({ js, wasm }) => {
    const remote = await import(js);
    await remote.default({ module_or_path: wasm });
    window.remote = remote;
    window.host = document.createElement('div');
    document.body.append(window.host);
  }, { js: base + manifest.assets.js.file, wasm: base + manifest.assets.wasm.file });

  const cycle = (n) => page.evaluate((n) => {
    for (let i = 0; i < n; i++) {
      const handle = window.remote.mount('LoginForm', window.host, { email: 'ana@example.ph' });
      if (!window.host.querySelector('form.login-form')) throw new Error('not mounted');
      handle.unmount();
      handle.free();
      if (window.host.childNodes.length !== 0) throw new Error('unmount left nodes behind');
    }
  }, n);

  const cdp = await page.context().newCDPSession(page);
  await cycle(5); // warm up: first-use allocations are not leaks
  const before = await counters(cdp);
  await cycle(100);
  const afterCycles = await counters(cdp);
  assert.ok(afterCycles.nodes <= before.nodes, `DOM nodes grew: ${before.nodes} -> ${afterCycles.nodes}`);
  assert.ok(
    afterCycles.jsEventListeners <= before.jsEventListeners,
    `listeners grew: ${before.jsEventListeners} -> ${afterCycles.jsEventListeners}`,
  );

  // And a mounted form does add nodes and listeners, so the counters can see a leak.
  await page.evaluate(() => { window.kept = window.remote.mount('LoginForm', window.host, undefined); });
  const mounted = await counters(cdp);
  assert.ok(mounted.nodes > afterCycles.nodes && mounted.jsEventListeners > afterCycles.jsEventListeners);

  const error = await page.evaluate(() => {
    try { window.remote.mount('Nope', window.host, undefined); } catch (e) { return e.message; }
  });
  assert.match(error, /^FED-008: .*`Nope`.*AuthApp, LoginForm/);
  await page.context().close();
});
