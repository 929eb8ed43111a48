// Styles that don't leak: each remote's stylesheet is scoped to its mount points
// by the build (two remotes' `.button` stay their own, and the shell's rules do
// not reach into a remote), is attached before its module mounts (no unstyled
// flash) and removed when its last module unmounts; the design tokens restyle
// every remote live on a theme switch; a module can mount into a shadow root and
// still gets the tokens. Every route passes axe-core (no serious or critical
// violations) in both themes at 360 px, without horizontal scrolling, with tap
// targets of at least 44 px and a visible focus ring.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { openPage } from '../fixtures/browser.mjs';
import { signUp, usePlatform } from '../fixtures/platform.mjs';

const platform = usePlatform();
const WAIT = { timeout: 20000 };
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const mounted = (remote) => `[data-mf-remote="${remote}"][data-mf-state="mounted"]`;

/** A signed-in page whose server-rendered `path` gets `slot` (HTML) added to
 * its `<main>`: a page that uses one more remote. */
async function pageWith(path, slot, options = {}) {
  const page = await openPage(platform.browser, options);
  await signUp(page.context(), platform.url);
  if (slot) {
    await page.route(platform.url + path, async (route) => {
      const response = await route.fetch();
      const html = (await response.text()).replace('</main>', `${slot}</main>`);
      await route.fulfill({ response, body: html });
    });
  }
  await page.goto(platform.url + path);
  return page;
}

const style = (page, selector, property) =>
  page.locator(selector).first().evaluate((e, p) => getComputedStyle(e)[p], property);

test("two remotes' .button rules each style only their own, and the shell's do not reach them", async () => {
  const nursing = `<div class="mf-remote" data-mf-remote="nursing" data-mf-module="ExamApp" data-mf-props='{"path":"/exam"}'></div>`;
  const page = await pageWith('/dashboard', nursing);
  const [dashboardButton, nursingButton] = [`main ${mounted('dashboard')} .button`, `main ${mounted('nursing')} .button`];
  await page.locator(dashboardButton).waitFor(WAIT);
  await page.locator(nursingButton).waitFor(WAIT);
  // dashboard's are outlined, nursing's filled: both sheets are on the page, neither wins over the other.
  assert.equal(await style(page, dashboardButton, 'backgroundColor'), 'rgba(0, 0, 0, 0)');
  assert.equal(await style(page, dashboardButton, 'borderTopWidth'), '2px');
  assert.equal(await style(page, nursingButton, 'backgroundColor'), 'rgb(11, 110, 79)');
  assert.equal(await style(page, nursingButton, 'borderTopWidth'), '0px');
  // The shell's own `.button` (padding .7rem) stops at the mount points.
  assert.equal(await style(page, dashboardButton, 'paddingTop'), '0px');
  await page.goto(platform.url + '/');
  assert.equal(await style(page, 'main .home .button', 'paddingTop'), '11.2px', 'the shell keeps its own');
  await page.context().close();
});

/** A signed-in page at the first question of a new attempt: a page the server
 * leaves to the browser (nursing's stylesheet comes as a link, not inline). */
async function questionPage() {
  const page = await openPage(platform.browser);
  await signUp(page.context(), platform.url);
  const started = await page.context().request.post(platform.url + '/api/attempts', { data: { topic: 'pharmacology', length: 3 } });
  const { id } = await started.json();
  return { page, path: `/exam/attempt/${id}/question/1` };
}

/** The remotes whose stylesheet (a link, or the text the server inlined) is in the `<head>`. */
const styledRemotes = (page) =>
  page.evaluate(() => [...document.head.querySelectorAll('[data-mf-css]')].map((e) => e.dataset.mfCss).sort());

test('a remote\'s stylesheet is loaded before it mounts and gone after its last module unmounts', async () => {
  const { page, path } = await questionPage();
  // When each slot turns mounted, is its remote's stylesheet applied already?
  await page.addInitScript(() => {
    window.__styledAtMount = {};
    new MutationObserver((changes) => {
      for (const change of changes) {
        const slot = change.target;
        if (slot.dataset?.mfState !== 'mounted') continue;
        const sheet = document.head.querySelector(`[data-mf-css="${slot.dataset.mfRemote}"]`);
        window.__styledAtMount[slot.dataset.mfRemote] = Boolean(sheet?.sheet);
      }
    }).observe(document, { subtree: true, attributeFilter: ['data-mf-state'] });
  });
  await page.goto(platform.url + path);
  await page.locator(`main ${mounted('nursing')} .stem`).waitFor(WAIT);
  assert.equal(await page.locator('head link[data-mf-css="nursing"]').count(), 1, 'linked, then attached');
  assert.deepEqual(await styledRemotes(page), ['nursing']);

  // To the dashboard (its page comes with its styles inline): nursing's goes.
  await page.click('header nav a[href="/dashboard"]');
  await page.locator(`main ${mounted('dashboard')} .greeting`).waitFor(WAIT);
  assert.deepEqual(await styledRemotes(page), ['dashboard'], 'nursing\'s stylesheet is gone');
  assert.deepEqual(await page.evaluate(() => window.__styledAtMount), { nursing: true, dashboard: true });

  // Back: nursing's comes again, dashboard's goes.
  await page.goBack();
  await page.locator(`main ${mounted('nursing')} .stem`).waitFor(WAIT);
  assert.deepEqual(await styledRemotes(page), ['nursing']);
  await page.context().close();
});

test('a stylesheet that does not load is reported and the remote mounts without it, every time', async () => {
  const { page, path } = await questionPage();
  await page.route(/\/remotes\/nursing\/[^/]+\/[^/]+\.css$/, (route) => route.abort('connectionreset'));
  await page.goto(platform.url + path);
  await page.locator(`main ${mounted('nursing')} .stem`).waitFor(WAIT);
  assert.ok(page.consoleErrors.some((e) => /the stylesheet of `nursing` .* did not load/.test(e)), page.consoleErrors.join('\n'));
  assert.equal(await page.locator('link[data-mf-css="nursing"]').count(), 0, 'the failed link is not left behind');
  // Away and back: a fresh try, and no wait on the failed one.
  await page.click('header nav a[href="/dashboard"]');
  await page.locator(`main ${mounted('dashboard')} .greeting`).waitFor(WAIT);
  await page.goBack();
  await page.locator(`main ${mounted('nursing')} .stem`).waitFor(WAIT);
  await page.context().close();
});

test('the theme toggle restyles a mounted remote live, without reloading it', async () => {
  const page = await pageWith('/dashboard');
  const button = `main ${mounted('dashboard')} .button`;
  await page.locator(button).waitFor(WAIT);
  const loads = () => page.requests.filter((u) => /\/remotes\/dashboard\/.*\.wasm/.test(u)).length;
  const before = loads();
  assert.equal(await style(page, button, 'color'), 'rgb(11, 110, 79)');
  await page.click('header [data-mf-theme-toggle]');
  assert.equal(await style(page, button, 'color'), 'rgb(60, 207, 145)', 'the dark accent');
  assert.equal(loads(), before, 'the remote was not loaded again');
  await page.context().close();
});

test('a module mounted into a shadow root renders with the tokens, and its styles stay inside', async () => {
  const badge = `<div class="mf-remote" data-mf-remote="ui-components" data-mf-module="Badge" data-mf-shadow data-mf-props='{"text":"In a shadow root"}'></div>`;
  const page = await pageWith('/dashboard', badge);
  const slot = page.locator(`main ${mounted('ui-components')}`);
  await slot.waitFor(WAIT);
  const inside = () =>
    slot.evaluate((host) => {
      const badge = host.shadowRoot?.querySelector('.ui-badge');
      return badge && { text: badge.textContent, background: getComputedStyle(badge).backgroundColor, color: getComputedStyle(badge).color };
    });
  assert.deepEqual(await inside(), { text: 'In a shadow root', background: 'rgb(11, 110, 79)', color: 'rgb(255, 255, 255)' });
  assert.equal(await page.locator('head link[data-mf-css="ui-components"]').count(), 0, 'its stylesheet is in the shadow root, not the page');
  assert.equal(await slot.evaluate((host) => host.shadowRoot.querySelectorAll('link[data-mf-css="ui-components"]').length), 1);
  await page.click('header [data-mf-theme-toggle]');
  assert.deepEqual(await inside(), { text: 'In a shadow root', background: 'rgb(60, 207, 145)', color: 'rgb(6, 40, 27)' }, 'the tokens reach into it');
  await page.context().close();
});

/** The routes, each with what shows once its remotes are mounted. */
const ROUTES = [
  ['/', 'main .home'],
  ['/login', `main ${mounted('auth')} form`],
  ['/dashboard', `main ${mounted('dashboard')} .greeting`],
  ['/exam', `main ${mounted('nursing')} .exam-chooser`],
  ['question', `main ${mounted('nursing')} .exam-question .choices`],
  ['/no-such-page', 'main h1'],
];

for (const theme of ['light', 'dark']) {
  test(`every route in the ${theme} theme at 360 px: axe finds nothing serious, no sideways scroll, 44 px targets, visible focus`, async () => {
    const page = await openPage(platform.browser, { viewport: { width: 360, height: 740 }, bypassCSP: true });
    for (const [route, ready] of ROUTES) {
      if (route === '/dashboard') await signUp(page.context(), platform.url);
      let path = route;
      if (route === 'question') {
        const started = await page.context().request.post(platform.url + '/api/attempts', { data: { topic: 'pharmacology', length: 3 } });
        path = `/exam/attempt/${(await started.json()).id}/question/1`;
      }
      await page.goto(platform.url + path);
      await page.locator(ready).first().waitFor(WAIT);
      if ((await page.getAttribute('html', 'data-theme')) !== theme) await page.click('header [data-mf-theme-toggle]');
      assert.equal(await page.getAttribute('html', 'data-theme'), theme);

      await page.addScriptTag({ content: AXE });
      const violations = await page.evaluate(async () => {
        const result = await window.axe.run(document, { resultTypes: ['violations'] });
        return result.violations
          .filter((v) => v.impact === 'serious' || v.impact === 'critical')
          .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
      });
      assert.deepEqual(violations, [], `${path} (${theme})`);

      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 360, `${path} (${theme}) scrolls sideways: ${width} px wide`);

      const small = await page.evaluate(() =>
        [...document.querySelectorAll('button, input, select, textarea, .button, nav a')]
          .filter((e) => e.offsetParent !== null && !e.closest('[hidden]'))
          // A radio or checkbox is tapped through its label.
          .map((e) => (/^(radio|checkbox)$/.test(e.type) ? e.closest('label') ?? e : e))
          .map((e) => ({ e, box: e.getBoundingClientRect() }))
          .filter(({ box }) => box.height < 44 || box.width < 44)
          .map(({ e, box }) => `${e.tagName.toLowerCase()}.${e.className} "${e.textContent.trim().slice(0, 20)}" ${Math.round(box.width)}x${Math.round(box.height)}`),
      );
      assert.deepEqual(small, [], `${path} (${theme}): tap targets under 44 px`);

      await page.keyboard.press('Tab');
      const focus = await page.evaluate(() => {
        const e = document.activeElement;
        const s = getComputedStyle(e);
        return { tag: e.tagName, outline: s.outlineStyle, width: s.outlineWidth };
      });
      assert.notEqual(focus.tag, 'BODY', `${path}: Tab reaches something`);
      assert.ok(focus.outline !== 'none' && focus.width !== '0px', `${path} (${theme}): no visible focus on ${focus.tag}`);
    }
    await page.context().close();
  });
}
