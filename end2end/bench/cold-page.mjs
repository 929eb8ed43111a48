// A page for a cold load: a new browser context (empty cache, no service worker:
// a first visit, since the worker only starts after the page has loaded), signed
// in when asked, with `initScript` run before the page's own scripts, the HTTP
// cache off and `profile`'s network and CPU throttling applied through CDP.
import { signUp } from '../fixtures/platform.mjs';

/** @returns {Promise<{context, page, cdp}>} the caller closes `context`. */
export async function coldPage(browser, url, { signedIn, profile, initScript }) {
  const context = await browser.newContext({ serviceWorkers: 'block' });
  if (signedIn) await signUp(context, url, 'Bench Student');
  const page = await context.newPage();
  await page.addInitScript(initScript);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  if (profile.network) await cdp.send('Network.emulateNetworkConditions', profile.network);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: profile.cpu });
  return { context, page, cdp };
}
