//! Shared state in the browser: the raw protocol (JS values), and typed access
//! over it.

use js_sys::{Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::storage_key_of;
use crate::bus::browser::{dispatch, report_undecodable};
#[cfg(feature = "bus")]
use {
    super::{storage_key, SharedState},
    crate::bus::browser::{from_js, to_js},
    crate::bus::Subscription,
};

fn store() -> Option<JsValue> {
    let window = web_sys::window()?;
    let key = JsValue::from_str("__mfState");
    match Reflect::get(&window, &key) {
        Ok(store) if store.is_object() => Some(store),
        _ => {
            let store: JsValue = Object::new().into();
            Reflect::set(&window, &key, &store).ok()?;
            install_storage_bridge(&window);
            Some(store)
        }
    }
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The current value of `key` as a JS value: from the page's store, else (for
/// persistent keys) from localStorage, else `undefined`.
pub fn get_raw(key: &str, persistent: bool) -> JsValue {
    let Some(store) = store() else {
        return JsValue::UNDEFINED;
    };
    let value = Reflect::get(&store, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED);
    if !value.is_undefined() || !persistent {
        return value;
    }
    let saved = local_storage().and_then(|s| s.get_item(&storage_key_of(key)).ok().flatten());
    match saved.map(|text| js_sys::JSON::parse(&text)) {
        Some(Ok(parsed)) => {
            let _ = Reflect::set(&store, &JsValue::from_str(key), &parsed);
            parsed
        }
        Some(Err(_)) => {
            report_undecodable(&storage_key_of(key), String::from("localStorage holds text that is not JSON"));
            JsValue::UNDEFINED
        }
        None => JsValue::UNDEFINED,
    }
}

/// Sets `key` to `value` (JSON-compatible) for the whole page (and, for persistent
/// keys, for later visits and other tabs), and announces it as `mf:state:<key>`.
pub fn set_raw(key: &str, persistent: bool, value: &JsValue) {
    let Some(store) = store() else { return };
    let _ = Reflect::set(&store, &JsValue::from_str(key), value);
    if persistent {
        if let (Some(storage), Ok(text)) = (local_storage(), js_sys::JSON::stringify(value)) {
            // Storage may be full or refused (private mode): the page still has the value.
            let _ = storage.set_item(&storage_key_of(key), &String::from(text));
        }
    }
    if let Err(error) = dispatch(&storage_key_of(key), value) {
        web_sys::console::error_1(&JsValue::from_str(&error.to_string()));
    }
}

/// The current value of `T`, or its default. A stored value that does not decode
/// is reported (FED-201) and the default is used.
#[cfg(feature = "bus")]
pub fn get<T: SharedState>() -> T {
    let value = get_raw(T::KEY, T::PERSISTENT);
    if value.is_undefined() {
        return T::default();
    }
    from_js(value).unwrap_or_else(|problem| {
        report_undecodable(&storage_key::<T>(), problem);
        T::default()
    })
}

/// Sets `T` for the whole page and tells every module.
#[cfg(feature = "bus")]
pub fn set<T: SharedState>(value: &T) {
    match to_js(value) {
        Ok(js) => set_raw(T::KEY, T::PERSISTENT, &js),
        Err(problem) => web_sys::console::error_1(&JsValue::from_str(&problem)),
    }
}

/// Calls `handler` with every new value of `T`, from any module, tab or plain JS,
/// until the returned subscription is dropped.
#[cfg(feature = "bus")]
pub fn watch<T: SharedState>(mut handler: impl FnMut(T) + 'static) -> Subscription {
    let _ = store();
    Subscription::listen(storage_key::<T>(), move |detail| match from_js::<T>(detail) {
        Ok(value) => handler(value),
        Err(problem) => report_undecodable(&storage_key::<T>(), problem),
    })
}

/// Another tab changed a persistent key: update this page's store and tell its
/// modules. Installed once per page, by whichever module creates the store.
fn install_storage_bridge(window: &web_sys::Window) {
    // The same closure type as the bus's listeners: one adapter for both.
    let on_storage = Closure::<dyn FnMut(web_sys::Event)>::new(|event: web_sys::Event| {
        let event: &web_sys::StorageEvent = event.unchecked_ref();
        let Some(key) = event.key() else { return };
        let Some(name) = key.strip_prefix("mf:state:") else {
            return;
        };
        let (Some(store), Some(text)) = (store(), event.new_value()) else {
            return;
        };
        let Ok(value) = js_sys::JSON::parse(&text) else {
            return;
        };
        let _ = Reflect::set(&store, &JsValue::from_str(name), &value);
        let _ = dispatch(&key, &value);
    });
    let _ = window.add_event_listener_with_callback("storage", on_storage.as_ref().unchecked_ref());
    // The bridge serves the page for its whole life.
    on_storage.forget();
}
