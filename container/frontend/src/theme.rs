//! The theme toggle: light or dark, remembered in localStorage. A tiny inline
//! script in the server-rendered head applies the saved theme before first paint.

use wasm_bindgen::prelude::*;
use web_sys::{Document, Event};

/// The localStorage key of the saved theme.
const THEME_KEY: &str = "mf-theme";

/// Makes every `[data-mf-theme-toggle]` button switch the theme.
pub(crate) fn install(document: &Document) {
    let doc = document.clone();
    let on_click = Closure::<dyn Fn(Event)>::new(move |event: Event| {
        let toggled = event
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|e| e.closest("[data-mf-theme-toggle]").ok().flatten());
        if toggled.is_some() {
            toggle(&doc);
        }
    });
    let _ = document.add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref());
    // The shell lives as long as the page.
    on_click.forget();
}

fn toggle(document: &Document) {
    let Some(root) = document.document_element() else {
        return;
    };
    let next = if root.get_attribute("data-theme").as_deref() == Some("dark") {
        "light"
    } else {
        "dark"
    };
    let _ = root.set_attribute("data-theme", next);
    if let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        // Private mode may refuse storage; the theme still applies to this page.
        let _ = storage.set_item(THEME_KEY, next);
    }
}
