//! Toasts, which the shell shows for any module: every `ToastRequested`
//! (`mf:toast`, `{message, tone}`) becomes a short-lived status line in the
//! server-rendered `[data-mf-toasts]` region. A few lines of DOM here instead of
//! a remote: a sign-in always asks for one, and loading a Leptos remote (53 KB)
//! for it would compete with the page the student is going to.

use js_sys::Reflect;
use wasm_bindgen::prelude::*;
use web_sys::{Document, Element};

/// How long a toast stays, in milliseconds.
const TOAST_MS: i32 = 4000;

/// Shows every toast asked for from now on.
pub(crate) fn install(document: &Document) {
    let Some(region) = document.query_selector("[data-mf-toasts]").ok().flatten() else { return };
    let document = document.clone();
    let event = federation::bus::dom_event_name::<contract::events::ToastRequested>();
    federation::bus::Subscription::listen(event, move |toast| show(&document, &region, &toast)).forget();
}

fn show(document: &Document, region: &Element, toast: &JsValue) {
    let text = |key: &str| Reflect::get(toast, &JsValue::from_str(key)).ok().and_then(|v| v.as_string());
    let Some(message) = text("message") else { return };
    let class = class_of(text("tone").as_deref());
    let Ok(line) = document.create_element("p") else { return };
    line.set_class_name(class);
    line.set_text_content(Some(&message));
    let _ = region.append_child(&line);
    remove_later(&line, TOAST_MS);
}

#[wasm_bindgen(inline_js = "export function remove_later(element, ms) { setTimeout(() => element.remove(), ms); }")]
extern "C" {
    /// Removes `element` from the page after `ms` milliseconds.
    fn remove_later(element: &Element, ms: i32);
}

/// The class of a toast of `tone` (the contract's `ToastTone` on the wire);
/// anything else shows as news.
fn class_of(tone: Option<&str>) -> &'static str {
    match tone {
        Some("success") => "ui-toast ui-toast-success",
        Some("error") => "ui-toast ui-toast-error",
        _ => "ui-toast ui-toast-info",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use contract::events::ToastTone;

    #[test]
    fn each_tone_of_the_contract_has_its_class() {
        for (tone, class) in [
            (ToastTone::Info, "ui-toast ui-toast-info"),
            (ToastTone::Success, "ui-toast ui-toast-success"),
            (ToastTone::Error, "ui-toast ui-toast-error"),
        ] {
            let wire = serde_json::to_value(tone).unwrap();
            assert_eq!(class_of(wire.as_str()), class, "{wire}");
        }
        assert_eq!(class_of(Some("shouting")), "ui-toast ui-toast-info");
    }

    #[test]
    fn the_runtimes_own_toasts_use_the_contracts_event() {
        // navigation.rs' `stay_offline` snippet dispatches `mf:toast` by name.
        assert_eq!(federation::bus::dom_event_name::<contract::events::ToastRequested>(), "mf:toast");
    }
}
