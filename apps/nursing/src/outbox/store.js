// The outbox's storage on the phone: IndexedDB `mf-nursing`, object store
// `outbox` (key `seq`, given by the store). Only moves values: what to keep,
// send and drop is decided in Rust (`outbox.rs`). The service worker
// (`container/frontend/js/sw.js`) opens the same store: keep the two in step.

const DATABASE = 'mf-nursing';
const STORE = 'outbox';
let opened;

/** The database, opened (and created) once per page; a failed open is tried again next time. */
function database() {
  if (!opened) {
    opened = new Promise((resolve, reject) => {
      const request = indexedDB.open(DATABASE, 1);
      request.onupgradeneeded = () =>
        request.result.createObjectStore(STORE, { keyPath: 'seq', autoIncrement: true });
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    opened.catch(() => { opened = undefined; });
  }
  return opened;
}

/** The result of `act` on the store in a transaction of `mode`; rejects when anything fails. */
function run(mode, act) {
  return database().then((db) => new Promise((resolve, reject) => {
    const request = act(db.transaction(STORE, mode).objectStore(STORE));
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  }));
}

/** Adds `entry`; resolves once it is stored. */
export function storeAdd(entry) { return run('readwrite', (store) => store.add(entry)); }

/** Every stored entry, oldest first. */
export function storeAll() { return run('readonly', (store) => store.getAll()); }

/** Removes the entry at `seq`. */
export function storeDelete(seq) { return run('readwrite', (store) => store.delete(seq)); }

/** 128 random bits in hex (an idempotency key); `Math.random` where there is no crypto. */
export function randomKey() {
  const bytes = new Uint8Array(16);
  try { crypto.getRandomValues(bytes); } catch {
    for (let i = 0; i < 16; i++) bytes[i] = Math.floor(Math.random() * 256);
  }
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Asks the service worker to run the background sync `tag` when the connection returns. */
export function askForSync(tag) {
  const workers = navigator.serviceWorker;
  if (!workers) return;
  // Refused (no permission, no support): the page's own retries remain.
  workers.ready.then((registration) => registration.sync && registration.sync.register(tag)).catch(() => {});
}
