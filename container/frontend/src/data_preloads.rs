//! The cold page's data preloads (`<link rel="preload" data-mf-data>` in a mount
//! point, whose `data-mf-reads` lists them: the API reads of its module's first
//! render). Chromium keeps a preload that no request used and answers the next
//! request for its URL with it, however late, and whoever is signed in by then.
//! So when the page's first route is left, or the session changes, each preload
//! of a module that never mounted (its load failed, or the student left first)
//! is used up: asked for once, the answer dropped. A mounted module used its own
//! at its first render.

use wasm_bindgen::JsCast;
use web_sys::Element;

/// Uses up the preloads of modules that did not mount (each list once).
pub(crate) fn use_up() {
    let Some(window) = web_sys::window() else { return };
    let Some(points) = window.document().and_then(|d| d.query_selector_all("[data-mf-reads]").ok()) else { return };
    for i in 0..points.length() {
        let Some(point) = points.item(i).and_then(|n| n.dyn_into::<Element>().ok()) else { continue };
        let reads = point.get_attribute("data-mf-reads").unwrap_or_default();
        let _ = point.remove_attribute("data-mf-reads");
        if point.get_attribute("data-mf-state").as_deref() != Some("mounted") {
            for url in reads.split(' ') {
                drop(window.fetch_with_str(url));
            }
        }
    }
}
