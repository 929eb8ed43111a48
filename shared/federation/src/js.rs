//! Small helpers for JS values, shared by the browser-side modules.

use wasm_bindgen::{JsCast, JsValue};

/// The message of a JS exception or rejection, for error details.
pub fn describe(value: &JsValue) -> String {
    if let Some(error) = value.dyn_ref::<js_sys::Error>() {
        return String::from(error.message());
    }
    value.as_string().unwrap_or_else(|| String::from("unknown error"))
}
