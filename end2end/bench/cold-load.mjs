// Cold-load benchmark: /login, /dashboard and /exam in Chromium, each loaded with
// an empty cache, throttled like a low-end phone on mobile data (CDP: 150 ms
// latency, 1.6 Mbit/s down, 750 kbit/s up, 4x CPU slowdown) and unthrottled.
// Prints the medians of requests, bytes on the wire, first contentful paint, the
// time until the route's remote content is visible and until it answers a click;
// then one throttled cold load of each route as a timeline of its requests and
// mounts; then the page's memory after the first route and after 20 route changes.
// MF_BENCH_ONLY=timeline prints only the timelines.
//
// Run with `cargo xtask bench` (builds, then runs this). Not part of the tests:
// times vary from machine to machine.
import { signUp } from '../fixtures/platform.mjs';
import { launch } from '../fixtures/browser.mjs';
import { startServer } from '../fixtures/server.mjs';
import { coldPage } from './cold-page.mjs';
import { printTimeline, timeline } from './timeline.mjs';

const RUNS = Number(process.env.MF_BENCH_RUNS ?? 5);
const ONLY_TIMELINES = process.env.MF_BENCH_ONLY === 'timeline';
const PROFILES = {
  throttled: {
    network: { offline: false, latency: 150, downloadThroughput: (1.6e6 / 8) | 0, uploadThroughput: (750e3 / 8) | 0 },
    cpu: 4,
  },
  unthrottled: { network: null, cpu: 1 },
};

/** What "content visible" and "responds to a click" mean on each route. */
const ROUTES = {
  '/login': {
    // Auth's form is prerendered: it is visible from the server's HTML (styled,
    // typeable) before its wasm runs; the click's answer needs the live form.
    content: 'main [data-mf-remote="auth"] form.login-form',
    // Submitting the empty form shows the remote's own validation: its message
    // slots are in the HTML from the start, empty until the live form fills one.
    click: 'main form.login-form button[type="submit"]',
    response: 'main form.login-form .field-error:not(:empty)',
  },
  '/dashboard': {
    // The student's history (a new student's: none yet), not just the greeting:
    // rendered by the server with the student's data, so in the HTML.
    content: 'main [data-mf-remote="dashboard"] :is(.empty-history, table.history)',
    click: '[data-mf-theme-toggle]',
    response: 'html[data-theme="dark"]',
  },
  '/exam': {
    // The topics to choose from, not just the chooser's frame (rendered by the
    // server with them, so in the HTML).
    content: 'main [data-mf-remote="nursing"] .exam-chooser .topics label',
    // Starting with no topic chosen shows the chooser's own message (its slot
    // is there from the first render, empty); a click before the live chooser
    // is there is made again on it once it mounts (the page's guard).
    click: 'main .exam-chooser button.start-exam',
    response: 'main .exam-chooser .form-error:not(:empty)',
  },
};

// Records in the page every wasm instance's memory and, for a cold load, when
// the route's content (then the click's response) is first on screen: checked
// at the start of every frame; when a frame has it, the time is taken at the
// start of the next frame, once the one that has it was painted. The times are
// the page's own, not when the test driver next looked (under 4x CPU slowdown
// the driver's polling and round trips lag the page by 100-400 ms).
const PROBE = `
  window.__mfBench = { memories: [], seen: {} };
  window.__mfBench.watch = (name, selector) => {
    const frame = () => {
      const found = document.querySelector(selector);
      if (found && found.getClientRects().length > 0) {
        requestAnimationFrame(() => (window.__mfBench.seen[name] = performance.now()));
      } else requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  };
  for (const name of ['instantiate', 'instantiateStreaming']) {
    const original = WebAssembly[name];
    WebAssembly[name] = async (...args) => {
      const result = await original.apply(WebAssembly, args);
      const instance = result.instance ?? result;
      for (const value of Object.values(instance.exports)) {
        if (value instanceof WebAssembly.Memory) window.__mfBench.memories.push(new WeakRef(value));
      }
      return result;
    };
  }
`;

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function coldLoad(browser, url, route, profile, signedIn) {
  const spec = ROUTES[route];
  const { context, page, cdp } = await coldPage(browser, url, {
    signedIn,
    profile,
    initScript: `${PROBE}; __mfBench.watch('content', ${JSON.stringify(spec.content)}); __mfBench.watch('response', ${JSON.stringify(spec.response)});`,
  });
  let requests = 0;
  let bytes = 0;
  cdp.on('Network.requestWillBeSent', () => requests++);
  cdp.on('Network.loadingFinished', (e) => (bytes += e.encodedDataLength));

  await page.goto(url + route, { waitUntil: 'commit' });
  await page.locator(spec.content).first().waitFor({ timeout: 60000 });
  const contentSeen = await page.evaluate(() => performance.now());
  // The driver clicks as soon as it sees the content (as a student would).
  await page.click(spec.click);
  await page.locator(spec.response).first().waitFor({ timeout: 60000 });
  const respondedSeen = await page.evaluate(() => performance.now());
  await page.waitForLoadState('load');
  // The page records a frame after the driver may have seen it.
  await page.waitForFunction(() => ['content', 'response'].every((k) => window.__mfBench.seen[k] !== undefined), null, {
    timeout: 10000,
  });
  const { fcp, seen } = await page.evaluate(() => ({
    fcp: performance.getEntriesByType('paint').find((p) => p.name === 'first-contentful-paint')?.startTime ?? NaN,
    seen: window.__mfBench.seen,
  }));
  await context.close();
  return {
    requests,
    bytes,
    fcp,
    content: seen.content ?? NaN,
    interactive: seen.response ?? NaN,
    contentSeen,
    respondedSeen,
  };
}

/** JS heap plus every live wasm memory, in bytes. */
async function memory(page, cdp) {
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = (await cdp.send('Runtime.getHeapUsage')).usedSize;
  const wasm = await page.evaluate(() =>
    window.__mfBench.memories.map((r) => r.deref()).filter(Boolean).reduce((sum, m) => sum + m.buffer.byteLength, 0),
  );
  return { heap, wasm, instances: await page.evaluate(() => window.__mfBench.memories.length) };
}

async function navigationMemory(browser, url) {
  const context = await browser.newContext({ serviceWorkers: 'block' });
  await signUp(context, url, 'Bench Student');
  const page = await context.newPage();
  await page.addInitScript(PROBE);
  const cdp = await context.newCDPSession(page);
  await cdp.send('HeapProfiler.enable');
  await page.goto(url + '/dashboard');
  await page.locator(ROUTES['/dashboard'].content).waitFor({ timeout: 60000 });
  const first = await memory(page, cdp);
  // Through every remote: the exam (nursing), home, the dashboard.
  const cycle = ['/exam', '/', '/dashboard'];
  const go = async (to) => {
    await page.evaluate((t) => window.dispatchEvent(new CustomEvent('mf:navigate', { detail: { to: t } })), to);
    await page.waitForFunction((t) => location.pathname === t, to, { timeout: 60000 });
    await page.waitForFunction(() => !document.querySelector('main [data-mf-state="loading"]'), null, { timeout: 60000 });
  };
  for (const to of cycle) await go(to);
  const warm = await memory(page, cdp);
  for (let i = 0; i < 20; i++) await go(cycle[i % cycle.length]);
  const after = await memory(page, cdp);
  const domNodes = await page.evaluate(() => document.getElementsByTagName('*').length);
  await context.close();
  return { first, warm, after, domNodes };
}

const kb = (n) => (n / 1024).toFixed(1);
const ms = (n) => (Number.isFinite(n) ? Math.round(n) : '-');

const server = await startServer();
const browser = await launch();
try {
  if (!ONLY_TIMELINES) await medians(browser, server.url);
  for (const route of Object.keys(ROUTES)) {
    const signedIn = route !== '/login';
    printTimeline(route, await timeline(browser, server.url, route, ROUTES[route].content, PROFILES.throttled, signedIn));
  }
  if (!ONLY_TIMELINES) await printMemory(browser, server.url);
} finally {
  await browser.close();
  await server.stop();
}

/** The medians of cold loads of every route with every profile, as a table. */
async function medians(browser, url) {
  console.log(`\nCold loads, median of ${RUNS} runs (Chromium ${browser.version()})\n`);
  console.log(
    '| route | profile | requests | KB on the wire | FCP ms | content visible ms | responds to a click ms | (driver saw: visible / click ms) |',
  );
  console.log('|---|---|--:|--:|--:|--:|--:|--:|');
  for (const [profileName, profile] of Object.entries(PROFILES)) {
    for (const route of Object.keys(ROUTES)) {
      const runs = [];
      for (let i = 0; i < RUNS; i++) runs.push(await coldLoad(browser, url, route, profile, route !== '/login'));
      const m = (key) => median(runs.map((r) => r[key]));
      console.log(
        `| ${route} | ${profileName} | ${m('requests')} | ${kb(m('bytes'))} | ${ms(m('fcp'))} | ${ms(m('content'))} | ${ms(m('interactive'))} | ${ms(m('contentSeen'))} / ${ms(m('respondedSeen'))} |`,
      );
    }
  }
}

/** The page's memory after the first route, every route, and 20 more route changes. */
async function printMemory(browser, url) {
  const mem = await navigationMemory(browser, url);
  console.log('\nMemory (after a forced GC): JS heap + wasm linear memory of live instances');
  console.log('| moment | JS heap KB | wasm memory KB | wasm instances created |');
  console.log('|---|--:|--:|--:|');
  console.log(`| after the first route | ${kb(mem.first.heap)} | ${kb(mem.first.wasm)} | ${mem.first.instances} |`);
  console.log(`| after visiting every route once | ${kb(mem.warm.heap)} | ${kb(mem.warm.wasm)} | ${mem.warm.instances} |`);
  console.log(`| after 20 more route changes | ${kb(mem.after.heap)} | ${kb(mem.after.wasm)} | ${mem.after.instances} |`);
  console.log(`DOM elements at the end: ${mem.domNodes}`);
}
