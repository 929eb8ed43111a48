//! Shell toggles backed by the contract's shared state: the theme (persistent
//! "light"/"dark") and the sidebar (open or not). Each is reflected as an
//! attribute on `<html>` for CSS, switched by buttons, and follows writes from any
//! module, tab or plain JS. The runtime speaks the raw protocol (no serde) to stay
//! small.

use contract::state::{SidebarOpen, Theme};
use federation::bus::Subscription;
use federation::state::{get_raw, set_raw, storage_key_of, SharedState};
use wasm_bindgen::prelude::*;
use web_sys::{Document, Event};

/// One shared-state key shown as an attribute on `<html>`.
struct Toggle {
    key: &'static str,
    persistent: bool,
    /// Buttons that switch it.
    button: &'static str,
    /// The attribute on `<html>`.
    attribute: &'static str,
    /// The two states: (attribute value, shared value).
    on: (&'static str, fn() -> JsValue),
    off: (&'static str, fn() -> JsValue),
}

const THEME: Toggle = Toggle {
    key: Theme::KEY,
    persistent: Theme::PERSISTENT,
    button: "[data-mf-theme-toggle]",
    attribute: "data-theme",
    on: ("dark", || JsValue::from_str("dark")),
    off: ("light", || JsValue::from_str("light")),
};

const SIDEBAR: Toggle = Toggle {
    key: SidebarOpen::KEY,
    persistent: SidebarOpen::PERSISTENT,
    button: "[data-mf-sidebar-toggle]",
    attribute: "data-sidebar",
    on: ("open", || JsValue::TRUE),
    off: ("closed", || JsValue::FALSE),
};

/// Installs the theme and sidebar toggles.
pub(crate) fn install(document: &Document) {
    for toggle in [&THEME, &SIDEBAR] {
        install_one(document, toggle);
    }
}

/// Closes the sidebar (after navigating).
pub(crate) fn close_sidebar() {
    set_raw(SIDEBAR.key, SIDEBAR.persistent, &(SIDEBAR.off.1)());
}

fn install_one(document: &Document, toggle: &'static Toggle) {
    let current = get_raw(toggle.key, toggle.persistent);
    // Nothing saved yet: the "off" state (light theme, closed sidebar).
    apply(document, toggle, &if current.is_undefined() { (toggle.off.1)() } else { current });
    let doc = document.clone();
    Subscription::listen(storage_key_of(toggle.key), move |value| apply(&doc, toggle, &value)).forget();

    let doc = document.clone();
    let on_click = Closure::<dyn FnMut(Event)>::new(move |event: Event| {
        let pressed = event
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|e| e.closest(toggle.button).ok().flatten());
        if pressed.is_some() {
            let on =
                doc.document_element().and_then(|r| r.get_attribute(toggle.attribute)).as_deref() == Some(toggle.on.0);
            let next = if on { (toggle.off.1)() } else { (toggle.on.1)() };
            set_raw(toggle.key, toggle.persistent, &next);
        }
    });
    let _ = document.add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref());
    // The shell lives as long as the page.
    on_click.forget();
}

/// Reflects a shared value; values that are neither state are ignored.
fn apply(document: &Document, toggle: &Toggle, value: &JsValue) {
    let on = *value == (toggle.on.1)();
    if on || *value == (toggle.off.1)() {
        reflect(document, toggle.attribute, if on { toggle.on.0 } else { toggle.off.0 }, toggle.button, on);
    }
}

#[wasm_bindgen(inline_js = "export function reflect(document, attribute, state, buttons, on) {
  document.documentElement?.setAttribute(attribute, state);
  for (const button of document.querySelectorAll(buttons)) button.setAttribute('aria-pressed', String(on));
}")]
extern "C" {
    /// Sets `attribute` on `<html>` to `state`, and `aria-pressed` on the
    /// `buttons` (a selector) to whether it is on.
    fn reflect(document: &Document, attribute: &str, state: &str, buttons: &str, on: bool);
}
