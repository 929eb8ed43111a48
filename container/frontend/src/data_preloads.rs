//! The cold page's data preloads (`<link rel="preload" data-mf-data>` in a mount
//! point, whose `data-mf-reads` lists them: the API reads of its module's first
//! render). Chromium keeps a preload that no request used and answers the next
//! request for its URL with it, however late, and whoever is signed in by then.
//! So when the page's first route is left, or the session changes, each preload
//! of a module that never mounted (its load failed, or the student left first)
//! is used up: asked for once, the answer dropped. A mounted module used its own
//! at its first render.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(inline_js = "export function use_up() {
  for (const point of document.querySelectorAll('[data-mf-reads]')) {
    const reads = point.getAttribute('data-mf-reads') || '';
    point.removeAttribute('data-mf-reads');
    if (point.getAttribute('data-mf-state') !== 'mounted') {
      for (const url of reads.split(' ')) fetch(url).catch(() => {});
    }
  }
}")]
extern "C" {
    /// Uses up the preloads of modules that did not mount (each list once): a
    /// few DOM steps, so in JS (each step from wasm would cost an import and
    /// its glue). The answers are dropped, and so is a failed request.
    pub(crate) fn use_up();
}
