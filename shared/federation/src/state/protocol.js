// The shared state's page-wide protocol, on `window`: one store (`__mfState`, a
// JSON-compatible value per key), kept in localStorage for persistent keys
// (`mf:state:<key>`) and in step across tabs; each write is announced as the
// DOM event `mf:state:<key>`. Every module, Rust or not, speaks it the same way.
// Each wasm module that uses shared state carries a copy (in its JS glue): as JS
// it costs a few hundred bytes, where in wasm each step would cross the
// boundary. Called from `browser.rs`.
const PREFIX = 'mf:state:';

/** The page's store, made (with the bridge from other tabs) by whichever module asks first. */
function store() {
  const existing = window.__mfState;
  if (existing !== null && typeof existing === 'object') return existing;
  const made = (window.__mfState = {});
  // Another tab changed a persistent key: this page's store follows, and its modules hear of it.
  addEventListener('storage', (event) => {
    if (!event.key || !event.key.startsWith(PREFIX) || event.newValue === null) return;
    let value;
    try {
      value = JSON.parse(event.newValue);
    } catch {
      return;
    }
    // The page's store as it is now (other JS may have replaced it).
    store()[event.key.slice(PREFIX.length)] = value;
    dispatchEvent(new CustomEvent(event.key, { detail: value }));
  });
  return made;
}

/** The value of `key`: the page's, else (for a persistent key) the saved one, else undefined.
 * Throws when the saved text is not JSON. */
export function get_raw(key, persistent) {
  let page;
  try {
    page = store();
  } catch {
    // No window, or a store other JS made read-only: nothing to read.
    return undefined;
  }
  if (page[key] !== undefined || !persistent) return page[key];
  let text = null;
  try {
    text = localStorage.getItem(PREFIX + key);
  } catch {
    // Storage refused (private mode, a policy): nothing saved.
  }
  if (text === null) return undefined;
  let value;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error('localStorage holds text that is not JSON');
  }
  return (page[key] = value);
}

/** Sets `key` to `value` for the page (and, persistent, for later visits and other tabs), and announces it. */
export function set_raw(key, persistent, value) {
  try {
    store()[key] = value;
  } catch {
    // A store other JS made read-only: the modules still hear of the value.
  }
  if (persistent) {
    try {
      localStorage.setItem(PREFIX + key, JSON.stringify(value));
    } catch {
      // Storage may be full or refused: the page still has the value.
    }
  }
  try {
    dispatchEvent(new CustomEvent(PREFIX + key, { detail: value }));
  } catch (error) {
    console.error('FED-202: could not send a `' + PREFIX + key + '` event (' + error + ')');
  }
}
