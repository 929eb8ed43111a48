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
    federation::bus::Subscription::listen(String::from("mf:toast"), move |toast| show(&document, &region, &toast))
        .forget();
}

fn show(document: &Document, region: &Element, toast: &JsValue) {
    let text = |key: &str| Reflect::get(toast, &JsValue::from_str(key)).ok().and_then(|v| v.as_string());
    let Some(message) = text("message") else { return };
    // The contract's tones; anything else shows as news.
    let class = match text("tone").as_deref() {
        Some("success") => "ui-toast ui-toast-success",
        Some("error") => "ui-toast ui-toast-error",
        _ => "ui-toast ui-toast-info",
    };
    let Ok(line) = document.create_element("p") else { return };
    line.set_class_name(class);
    line.set_text_content(Some(&message));
    let _ = region.append_child(&line);
    let remove = Closure::once_into_js(move || line.remove());
    if let Some(window) = web_sys::window() {
        let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(remove.unchecked_ref(), TOAST_MS);
    }
}
