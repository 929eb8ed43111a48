//! What the browser measured about the files a page fetched.

use alloc::string::String;

use wasm_bindgen::prelude::*;

#[wasm_bindgen(inline_js = "export function encoded_bytes(glue, wasm) {
  let bytes = 0;
  for (const url of [glue, wasm]) bytes += performance.getEntriesByName(url).pop()?.encodedBodySize || 0;
  return bytes;
}")]
extern "C" {
    /// Bytes received for the two URLs (compressed, as on the wire), from the
    /// browser's resource timing (its last entry for each); 0 for a file when it
    /// cannot tell (another origin without `Timing-Allow-Origin`, or from the cache).
    fn encoded_bytes(glue: &str, wasm: &str) -> f64;
}

/// Bytes received for a load's glue and wasm `urls` (see [`encoded_bytes`]).
pub(crate) fn transferred(urls: &[String; 2]) -> f64 {
    encoded_bytes(&urls[0], &urls[1])
}
