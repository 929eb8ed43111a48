// The platform's service worker: after one online visit, the platform starts
// with no network, and the routes a student used work from the cache.
//
// - Pages (loaded by the browser, or fetched by the runtime for in-app
//   navigation), the container's runtime (/pkg/) and API reads: from the network
//   when it answers (within 4 s when a copy is kept: a connection that carries
//   nothing must not hang the page), else the copy kept from the last time
//   (network first). A page never kept is served offline from a kept page of
//   the same section (`/exam/attempt/3/question/2` from
//   `/exam/attempt/3/question/1`): a section's pages are one shell whose remote
//   reads the address bar.
// - Exam answers kept offline (the nursing remote's IndexedDB outbox) are sent
//   on a background sync, even with the page closed (see apps/nursing/src/outbox.rs).
// - Remote files (content-hashed, immutable): from the cache, kept per remote
//   version (`mf-remote-<name>@<version>`); a copy whose bytes do not match the
//   integrity the page asks for is dropped and fetched again, never served.
// - The live versions come from the registry's remote map (/api/remotes): their
//   files are fetched ahead after each online page load (not on Save-Data or a
//   2g connection), and caches of versions no longer live are deleted, so a new
//   deploy or a rollback is what the next online load uses.
// v2 (2026-12-04): pages carry the remote map as rows (`federation::PageRows`), which a
// runtime kept earlier cannot read, nor the new runtime a page kept earlier: kept pages
// and runtime go together, so the older kind is dropped when this worker activates.
const SHELL = 'mf-shell-v2';
const REMOTE_PREFIX = 'mf-remote-';

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(forgetOldShells().then(() => self.clients.claim())));

/** Deletes what older workers kept of pages and the runtime, of another kind than `SHELL`. */
async function forgetOldShells() {
  for (const name of await caches.keys()) {
    if (name.startsWith('mf-shell-') && name !== SHELL) await caches.delete(name);
  }
}

self.addEventListener('message', (event) => {
  // A page loaded online: follow the registry (prefetch unless told to save data).
  const data = event.data || {};
  if (data.type === 'mf:sync') event.waitUntil(sync(data.saveData, data.controlled ? null : data.page));
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method === 'POST' && /^\/api\/auth\//.test(new URL(request.url).pathname)) {
    // Signing in, up or out: what was kept belongs to the previous session
    // (pages and API reads carry its user); on a shared phone it must go.
    event.respondWith(forgetSessionAfter(request));
    return;
  }
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (/\/remotes\/[a-z][a-z0-9-]*\/[^/]+\/[^/]+\.(js|wasm|css)$/.test(url.pathname) && !url.pathname.endsWith('manifest.json')) {
    event.respondWith(remoteFile(request));
  } else if (url.origin === self.location.origin && keptFromNetwork(url, request)) {
    event.respondWith(networkFirst(request));
  }
});

async function forgetSessionAfter(request) {
  const response = await fetch(request);
  if (response.ok) await caches.delete(SHELL);
  return response;
}

/** Same-origin requests kept for offline use (never the admin page): pages the
 * browser loads, and those the runtime fetches for in-app navigation (they ask
 * for `text/html`), the runtime's files and the API's reads. */
function keptFromNetwork(url, request) {
  if (url.pathname.startsWith('/admin')) return false;
  if (request.mode === 'navigate' || url.pathname.startsWith('/pkg/')) return true;
  if ((request.headers.get('accept') || '').startsWith('text/html')) return true;
  const api = url.pathname.startsWith('/api/');
  return api && !/^\/api\/(auth|admin|telemetry)\b/.test(url.pathname);
}

/** How long a page or an API read waits for the network before a kept copy is
 * served instead: on a connection that carries nothing ("lie-fi"), a request
 * can hang for minutes. Without a kept copy, it goes on waiting. */
const NETWORK_PATIENCE_MS = 4000;

async function networkFirst(request) {
  const cache = await caches.open(SHELL);
  const kept = async () => (await cache.match(request, { ignoreVary: true })) ?? (await sectionPage(cache, request));
  const network = fetch(request).then(async (response) => {
    // Not a redirect's end (a guarded page answered with the sign-in page): it
    // would be kept under the address asked for.
    if (response.ok && !response.redirected) await cache.put(request, response.clone());
    return response;
  });
  try {
    const slow = new Promise((resolve) => setTimeout(resolve, NETWORK_PATIENCE_MS, null));
    const first = await Promise.race([network, slow]);
    if (first) return first;
    const copy = await kept();
    if (!copy) return await network;
    // The network's answer, if it comes, still refreshes the kept copy.
    network.catch(() => {});
    return copy;
  } catch (offline) {
    const copy = await kept();
    if (copy) return copy;
    throw offline;
  }
}

/** For a page never kept: a kept page of the same section (first path segment),
 * answered as if it were this one (its URL is the one asked for). */
async function sectionPage(cache, request) {
  const url = new URL(request.url);
  const section = url.pathname.split('/')[1];
  if (!section || /^(api|pkg|remotes)$/.test(section)) return undefined;
  for (const key of (await cache.keys()).reverse()) {
    const kept = new URL(key.url);
    if (kept.pathname.split('/')[1] !== section) continue;
    const page = await cache.match(key);
    if (!page || !(page.headers.get('content-type') || '').startsWith('text/html')) continue;
    return new Response(await page.blob(), { status: page.status, statusText: page.statusText, headers: page.headers });
  }
  return undefined;
}

self.addEventListener('sync', (event) => {
  if (event.tag === 'mf-outbox') event.waitUntil(sendOutbox());
});

/** Sends the exam outbox in order, each entry removed once the server has it;
 * stops (and fails, so the browser tries again later) at the first that cannot
 * reach the server. Entries carry idempotency keys: the page sending the same
 * ones at the same time saves nothing twice. */
async function sendOutbox() {
  const db = await new Promise((resolve, reject) => {
    const open = indexedDB.open('mf-nursing', 1);
    open.onupgradeneeded = () => open.result.createObjectStore('outbox', { keyPath: 'seq', autoIncrement: true });
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
  const inStore = (mode, use) =>
    new Promise((resolve, reject) => {
      const request = use(db.transaction('outbox', mode).objectStore('outbox'));
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  try {
    for (const entry of await inStore('readonly', (store) => store.getAll())) {
      const base = `/api/attempts/${entry.attempt}`;
      const response = entry.finish
        ? await fetch(`${base}/finish`, { method: 'POST', credentials: 'same-origin' })
        : await fetch(`${base}/answers/${entry.question}`, {
            method: 'PUT',
            credentials: 'same-origin',
            headers: { 'content-type': 'application/json', 'idempotency-key': entry.key },
            body: JSON.stringify({ choice: entry.choice }),
          });
      // Kept for later: a server in trouble, a session that ended (sent after a sign-in), too busy.
      if (response.status >= 500 || response.status === 401 || response.status === 429) {
        throw new Error(`the server answered ${response.status}`);
      }
      // Saved, or refused for good (the page shows why when it sends the rest).
      await inStore('readwrite', (store) => store.delete(entry.seq));
    }
  } finally {
    db.close();
  }
}

/** A remote's hashed file: the verified cached copy, else the network (kept). */
async function remoteFile(request) {
  const url = new URL(request.url);
  const cache = await caches.open(cacheNameOf(url.pathname));
  const kept = await cache.match(url.href);
  if (kept) {
    if (!request.integrity || (await matches(kept.clone(), request.integrity))) return kept;
    // Corrupted in the cache: never served; fetched again below.
    await cache.delete(url.href);
  }
  const response = await fetch(request);
  if (response.ok) await cache.put(url.href, response.clone());
  return response;
}

/** `mf-remote-<name>@<version>` for `/remotes/<name>/<version>/<file>`. */
function cacheNameOf(pathname) {
  const [name, version] = pathname.split('/').slice(-3, -1);
  return `${REMOTE_PREFIX}${name}@${version}`;
}

/** Whether `response`'s body has the SRI `integrity` (`sha384-…`). */
async function matches(response, integrity) {
  const [algorithm, expected] = integrity.split(/-(.*)/s);
  const names = { sha256: 'SHA-256', sha384: 'SHA-384', sha512: 'SHA-512' };
  if (!names[algorithm]) return false;
  const digest = await crypto.subtle.digest(names[algorithm], await response.arrayBuffer());
  return btoa(String.fromCharCode(...new Uint8Array(digest))) === expected;
}

/** Follows the registry: drops caches of versions no longer live and, unless
 * saving data, fetches the live versions' files ahead (verified). */
async function sync(saveData, page) {
  // The runtime, and this page when the worker did not see it load (its first
  // visit), for a start with no network.
  const shell = await caches.open(SHELL);
  for (const url of [page, '/pkg/container.js', '/pkg/container.wasm']) {
    if (!url || (await shell.match(url))) continue;
    try {
      const response = await fetch(url, { credentials: 'same-origin' });
      if (response.ok) await shell.put(url, response);
    } catch {}
  }
  let map;
  try {
    const answer = await fetch('/api/remotes', { cache: 'no-store' });
    if (!answer.ok) return; // A server in trouble: keep everything.
    map = await answer.json();
  } catch {
    return; // Offline: keep everything.
  }
  const usable = (entry) => entry && typeof entry.version === 'string' && Array.isArray(entry.bases) && entry.bases.length;
  if (typeof map !== 'object' || !Object.values(map).every(usable)) return;
  const live = new Set();
  const wanted = [];
  for (const [name, entry] of Object.entries(map)) {
    const cacheName = `${REMOTE_PREFIX}${name}@${entry.version}`;
    live.add(cacheName);
    for (const asset of [entry.js, entry.wasm, entry.css].filter(Boolean)) {
      wanted.push({ cacheName, url: new URL(asset.file, new URL(entry.bases[0], self.location.origin)).href, integrity: asset.integrity });
    }
  }
  for (const name of await caches.keys()) {
    if (name.startsWith(REMOTE_PREFIX) && !live.has(name)) await caches.delete(name);
  }
  if (saveData) return;
  for (const { cacheName, url, integrity } of wanted) {
    const cache = await caches.open(cacheName);
    if (await cache.match(url)) continue;
    try {
      const response = await fetch(url, { integrity, mode: 'cors', credentials: 'omit' });
      if (response.ok) await cache.put(url, response);
    } catch {
      // Offline again, or a file that does not match: fetched on use instead.
    }
  }
}
