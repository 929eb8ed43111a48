//! The theme: the contract's shared, persistent `theme` key ("light" or "dark"),
//! applied as `data-theme` on `<html>`. The toggle writes it for every module and
//! tab; a write from anywhere else (a remote, another tab, plain JS) is applied
//! here. A tiny inline script in the server-rendered head applies the saved theme
//! before first paint. The runtime speaks the raw protocol (no serde) to stay small.

use contract::state::Theme;
use federation::bus::Subscription;
use federation::state::{get_raw, set_raw, storage_key_of, SharedState};
use wasm_bindgen::prelude::*;
use web_sys::{Document, Event};

/// Applies theme changes from anywhere and makes every `[data-mf-theme-toggle]`
/// button switch the theme.
pub(crate) fn install(document: &Document) {
    apply(document, &get_raw(Theme::KEY, Theme::PERSISTENT));
    let doc = document.clone();
    Subscription::listen(storage_key_of(Theme::KEY), move |theme| apply(&doc, &theme)).forget();

    let doc = document.clone();
    let on_click = Closure::<dyn Fn(Event)>::new(move |event: Event| {
        let toggled = event
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|e| e.closest("[data-mf-theme-toggle]").ok().flatten());
        if toggled.is_some() {
            let dark = current(&doc).as_deref() == Some("dark");
            set_raw(Theme::KEY, Theme::PERSISTENT, &JsValue::from_str(if dark { "light" } else { "dark" }));
        }
    });
    let _ = document.add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref());
    // The shell lives as long as the page.
    on_click.forget();
}

fn current(document: &Document) -> Option<String> {
    document.document_element()?.get_attribute("data-theme")
}

/// Applies a theme value; anything but "light" or "dark" is ignored.
fn apply(document: &Document, theme: &JsValue) {
    let Some(root) = document.document_element() else {
        return;
    };
    if let Some(theme @ ("light" | "dark")) = theme.as_string().as_deref() {
        let _ = root.set_attribute("data-theme", theme);
    }
}
