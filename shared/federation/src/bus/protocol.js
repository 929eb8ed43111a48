// The bus's page-wide protocol, on `window`: `CustomEvent`s with a JSON-compatible
// `detail`, and the page-wide count of dropped payloads. Each wasm module
// carries a copy (in its JS glue). Called from `browser.rs`.

/** Sends the DOM event `name` with `detail` to every listener on `window`. */
export function dispatch(name, detail) {
  dispatchEvent(new CustomEvent(name, { detail }));
}

/** Counts a dropped payload page-wide, in `window.__mfBus.decodeErrors`. */
export function count_decode_error() {
  try {
    const existing = window.__mfBus;
    const bus = existing !== null && typeof existing === 'object' ? existing : (window.__mfBus = {});
    bus.decodeErrors = (typeof bus.decodeErrors === 'number' ? bus.decodeErrors : 0) + 1;
  } catch {
    // No window, or a read-only `__mfBus`: this module's own count still holds it.
  }
}
