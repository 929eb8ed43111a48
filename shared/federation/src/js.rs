//! Small helpers for JS values, shared by the browser-side modules.

use alloc::string::String;

use wasm_bindgen::{JsCast, JsValue};

/// The message of a JS exception or rejection, for error details.
pub fn describe(value: &JsValue) -> String {
    if let Some(error) = value.dyn_ref::<js_sys::Error>() {
        return String::from(error.message());
    }
    value.as_string().unwrap_or_else(|| String::from("unknown error"))
}

/// `items` separated by `, `, for error messages: a loop, not `join` (whose
/// generic code costs every bundle a kilobyte of wasm).
#[cfg(feature = "bus")]
pub(crate) fn comma_list(items: &[&str]) -> String {
    let mut list = String::new();
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            list.push_str(", ");
        }
        list.push_str(item);
    }
    list
}
