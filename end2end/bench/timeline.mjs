// One throttled cold load of a route as a timeline: when each request was sent
// and finished (with its bytes on the wire), when each wasm module finished
// instantiating, when each mount point changed state, and when the route's
// content showed. It tells a route bound by its bytes (content soon after the
// last byte) from one bound by work in the page (a long gap after it).
//
// Used by cold-load.mjs (`cargo xtask bench`); times from the navigation's start.
import { coldPage } from './cold-page.mjs';

/** Records, in the page, instantiations, mount-point states and the content. */
function probe(contentSelector) {
  return `
  window.__mfTimeline = [];
  const mark = (what) => window.__mfTimeline.push([performance.now(), what]);
  const original = WebAssembly.instantiateStreaming;
  WebAssembly.instantiateStreaming = async (...args) => {
    const result = await original.apply(WebAssembly, args);
    mark('wasm instantiated (' + (args[0]?.url ?? '').split('/').pop() + ')');
    return result;
  };
  let contentShown = false;
  new MutationObserver((changes) => {
    for (const change of changes) {
      if (change.attributeName === 'data-mf-state') {
        mark('mount point ' + change.target.getAttribute('data-mf-remote') + ': ' + change.target.getAttribute('data-mf-state'));
      }
    }
    if (!contentShown && document.querySelector(${JSON.stringify(contentSelector)})) {
      contentShown = true;
      mark('CONTENT in the DOM');
    }
  }).observe(document, { subtree: true, attributes: true, childList: true, attributeFilter: ['data-mf-state'] });
  `;
}

/**
 * Loads `route` once, cold, with `profile`'s throttling (signed in or not);
 * returns the events sorted by time and the two figures that say what bounds
 * the route.
 */
export async function timeline(browser, url, route, contentSelector, profile, signedIn) {
  const { context, page, cdp } = await coldPage(browser, url, { signedIn, profile, initScript: probe(contentSelector) });
  const requests = new Map();
  let document = null;
  cdp.on('Network.requestWillBeSent', (e) => {
    if (e.request.url.startsWith('blob:')) return;
    const request = { url: e.request.url.replace(url, ''), sent: e.timestamp, wallTime: e.wallTime };
    document ??= request;
    requests.set(e.requestId, request);
  });
  cdp.on('Network.loadingFinished', (e) => {
    const request = requests.get(e.requestId);
    if (request) Object.assign(request, { finished: e.timestamp, bytes: e.encodedDataLength });
  });
  await page.goto(url + route, { waitUntil: 'commit' });
  await page.locator(contentSelector).first().waitFor({ timeout: 60000 });
  await page.waitForLoadState('load');
  const { origin, marks } = await page.evaluate(() => ({ origin: performance.timeOrigin, marks: window.__mfTimeline }));
  await context.close();

  // CDP's clock to the page's: the document's request was sent at its wall time.
  const offset = document.wallTime * 1000 - origin;
  const at = (timestamp) => (timestamp - document.sent) * 1000 + offset;
  const events = marks.map(([time, what]) => ({ time, what }));
  const content = marks.find(([, what]) => what.startsWith('CONTENT'))?.[0] ?? NaN;
  let lastByte = 0;
  for (const request of requests.values()) {
    events.push({ time: at(request.sent), what: `request ${request.url}` });
    if (request.finished === undefined) continue;
    const finished = at(request.finished);
    if (finished <= content) lastByte = Math.max(lastByte, finished);
    events.push({ time: finished, what: `finished ${request.url} (${request.bytes} B)` });
  }
  events.sort((a, b) => a.time - b.time);
  return { events, lastByte, content };
}

/** Prints a timeline as a Markdown table with its summary line. */
export function printTimeline(route, { events, lastByte, content }) {
  console.log(`\nTimeline of one throttled cold load of ${route} (ms from navigation start)\n`);
  console.log('| ms | event |');
  console.log('|--:|---|');
  for (const { time, what } of events) console.log(`| ${Math.round(time)} | ${what} |`);
  console.log(
    `\nLast byte of the requests made before the content showed: ${Math.round(lastByte)} ms; content in the DOM: ${Math.round(content)} ms (${Math.round(content - lastByte)} ms after it).`,
  );
}
