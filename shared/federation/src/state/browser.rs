//! Shared state in the browser: the raw protocol (JS values, in `protocol.js`),
//! and typed access over it.

use wasm_bindgen::prelude::*;

use super::storage_key_of;
use crate::bus::browser::report_undecodable;
#[cfg(feature = "bus")]
use {
    super::{storage_key, SharedState},
    crate::bus::browser::from_js,
    crate::bus::Subscription,
};

#[wasm_bindgen(module = "/src/state/protocol.js")]
extern "C" {
    /// The value of `key`: the page's, else (persistent) the saved one, else
    /// `undefined`; an error when the saved text is not JSON.
    #[wasm_bindgen(catch, js_name = get_raw)]
    fn protocol_get(key: &str, persistent: bool) -> Result<JsValue, JsValue>;
    /// Sets `key` to `value` for the page (persistent: in localStorage too), and
    /// dispatches `mf:state:<key>` with it.
    #[wasm_bindgen(js_name = set_raw)]
    fn protocol_set(key: &str, persistent: bool, value: &JsValue);
}

/// The current value of `key` as a JS value: from the page's store, else (for
/// persistent keys) from localStorage, else `undefined`. Saved text that is not
/// JSON is reported (FED-201) and read as `undefined`.
pub fn get_raw(key: &str, persistent: bool) -> JsValue {
    protocol_get(key, persistent).unwrap_or_else(|problem| {
        report_undecodable(&storage_key_of(key), crate::js::describe(&problem));
        JsValue::UNDEFINED
    })
}

/// Sets `key` to `value` (JSON-compatible) for the whole page (and, for persistent
/// keys, for later visits and other tabs), and announces it as `mf:state:<key>`.
pub fn set_raw(key: &str, persistent: bool, value: &JsValue) {
    protocol_set(key, persistent, value);
}

/// The current value of `T`, or its default. A stored value that does not decode
/// is reported (FED-201) and the default is used.
#[cfg(feature = "bus")]
pub fn get<T: SharedState>() -> T {
    let value = get_raw(T::KEY, T::PERSISTENT);
    if value.is_undefined() {
        return T::default();
    }
    from_js(&value).unwrap_or_else(|problem| {
        report_undecodable(&storage_key::<T>(), problem);
        T::default()
    })
}

/// Sets `T` for the whole page and tells every module.
#[cfg(feature = "bus")]
pub fn set<T: SharedState>(value: &T) {
    set_raw(T::KEY, T::PERSISTENT, &value.to_json());
}

/// Calls `handler` with every new value of `T`, from any module, tab or plain JS,
/// until the returned subscription is dropped.
#[cfg(feature = "bus")]
pub fn watch<T: SharedState>(mut handler: impl FnMut(T) + 'static) -> Subscription {
    // The store (and its bridge from other tabs) exists before the first write.
    let _ = get_raw(T::KEY, false);
    Subscription::listen(storage_key::<T>(), move |detail| match from_js::<T>(&detail) {
        Ok(value) => handler(value),
        Err(problem) => report_undecodable(&storage_key::<T>(), problem),
    })
}
