//! From a prerendered module to the live one. A mount point the server filled
//! with a module's prerendered HTML (`data-mf-prerendered`) is usable before any
//! wasm arrives: a student may type into it, move focus, even submit (the page's
//! inline guard holds a submit back and marks the point `data-mf-submit`). When
//! the live module replaces the HTML, what was typed and focused is carried over
//! by element id, and a submit held back is made again. HTML the server rendered
//! with the student's data (`#[server_render]`) carries that data
//! (`<script type="application/json" data-mf-answers>`): it is handed to the
//! live module's first reads (see `http`), then dropped. The remote's `mount`
//! does this (only in remotes that have `#[prerender]` or `#[server_render]`
//! modules), since it is the remote's own HTML it takes over.

use wasm_bindgen::prelude::*;
use web_sys::HtmlElement;

#[wasm_bindgen(module = "/src/remote/handoff.js")]
extern "C" {
    #[wasm_bindgen(js_name = take)]
    fn take_js(point: &HtmlElement) -> JsValue;
    #[wasm_bindgen(js_name = restore)]
    fn restore_js(handoff: &JsValue, target: &HtmlElement);
}

/// What a student did in a prerendered module (fields changed from their
/// prerendered state, the focused element, a submit held back), taken before the
/// live module mounts; the DOM work is in `handoff.js`.
pub(crate) struct Handoff(JsValue);

impl Handoff {
    /// Takes what was typed, focused and submitted in `point`'s prerendered HTML
    /// (nothing when it has none), and marks `point` as no longer prerendered.
    pub(crate) fn take(point: &HtmlElement) -> Self {
        Self(take_js(point))
    }

    /// Applies it to the live module just mounted in `target`: each changed field
    /// gets its value (with an `input` or `change` event, so the module's state
    /// follows), focus goes back, and a held-back submit is made again.
    pub(crate) fn restore(self, target: &HtmlElement) {
        restore_js(&self.0, target);
    }
}
