//! The bus in the browser: `CustomEvent`s on `window` (the raw protocol in
//! `protocol.js`).

use alloc::{borrow::ToOwned, boxed::Box, string::String};

use core::sync::atomic::{AtomicU32, Ordering};

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::CustomEvent;

use crate::text::concat;

#[cfg(feature = "bus")]
use super::{dom_event_name, Event};

/// A payload that could not be sent or was dropped. Codes `FED-2xx`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BusError {
    /// A received payload does not decode as the event type (another contract
    /// version, or hand-made): it was dropped.
    Undecodable {
        /// The DOM event name.
        event: String,
        /// What did not match.
        detail: String,
    },
    /// The event could not be dispatched.
    NotSent {
        /// The DOM event name.
        event: String,
        /// Why.
        detail: String,
    },
}

impl BusError {
    /// The stable code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Undecodable { .. } => "FED-201",
            Self::NotSent { .. } => "FED-202",
        }
    }

    /// The message, starting with the code (built without `fmt`: see
    /// [`crate::text`]; `Display` prints it).
    pub fn message(&self) -> String {
        match self {
            Self::Undecodable { event, detail } => concat(&[
                "FED-201: dropped a `",
                event,
                "` event whose payload does not match its type (",
                detail,
                "); the sender speaks another contract version",
            ]),
            Self::NotSent { event, detail } => {
                concat(&["FED-202: could not send a `", event, "` event (", detail, ")"])
            }
        }
    }

    /// Writes the message to the browser's console, as an error: what a sender
    /// does with an event it could not send.
    pub fn log(&self) {
        web_sys::console::error_1(&JsValue::from_str(&self.message()));
    }
}

crate::text::display_message!(BusError);

impl core::error::Error for BusError {}

#[wasm_bindgen(module = "/src/bus/protocol.js")]
extern "C" {
    /// Dispatches the `CustomEvent` `name` with `detail` on `window`.
    #[wasm_bindgen(catch, js_name = dispatch)]
    fn protocol_dispatch(name: &str, detail: &JsValue) -> Result<(), JsValue>;
    /// Adds one to `window.__mfBus.decodeErrors`.
    fn count_decode_error();
}

/// A static, not a thread-local: a thread-local's access brings its own panic
/// path and message into every bundle (on wasm without threads, an atomic is a
/// plain load and store).
static DECODE_ERRORS: AtomicU32 = AtomicU32::new(0);

/// How many payloads this wasm module dropped because they did not decode. The
/// page-wide count, over every module and plain JS, is `window.__mfBus.decodeErrors`.
pub fn decode_errors() -> u32 {
    DECODE_ERRORS.load(Ordering::Relaxed)
}

/// Reads a JS value (a payload) as a `T`; the error says what did not match, and where.
#[cfg(feature = "bus")]
pub(crate) fn from_js<T: crate::answer::FromAnswer>(value: &JsValue) -> Result<T, String> {
    T::from_answer(value).map_err(crate::answer::Misread::into_detail)
}

/// Counts and logs a dropped payload; never panics.
pub(crate) fn report_undecodable(event: &str, detail: String) {
    DECODE_ERRORS.store(decode_errors().saturating_add(1), Ordering::Relaxed);
    BusError::Undecodable { event: event.to_owned(), detail }.log();
    count_decode_error();
}

/// Dispatches a `CustomEvent` named `name` with `detail` on `window`: the raw
/// protocol under [`emit`](crate::bus::emit), for modules that carry no serde.
pub fn dispatch(name: &str, detail: &JsValue) -> Result<(), BusError> {
    protocol_dispatch(name, detail)
        .map_err(|e| BusError::NotSent { event: name.to_owned(), detail: crate::js::describe(&e) })
}

/// Sends `event` to every listener in the page: Rust modules and plain JS alike.
#[cfg(feature = "bus")]
pub fn emit<E: Event>(event: &E) -> Result<(), BusError> {
    dispatch(&dom_event_name::<E>(), &event.to_json())
}

/// A listener on `window`. Dropping it (or [`unsubscribe`](Self::unsubscribe))
/// removes the listener; [`forget`](Self::forget) keeps it for the page's life.
pub struct Subscription {
    name: String,
    listener: Option<Closure<dyn FnMut(web_sys::Event)>>,
}

impl Subscription {
    /// Listens for DOM events `name` on `window`, passing each one's `detail`.
    pub fn listen(name: String, on_detail: impl FnMut(JsValue) + 'static) -> Self {
        Self::listen_boxed(name, Box::new(on_detail))
    }

    /// [`listen`](Self::listen), not generic: one copy in the bundle however
    /// many kinds of handler listen.
    #[inline(never)]
    fn listen_boxed(name: String, mut on_detail: Box<dyn FnMut(JsValue)>) -> Self {
        let listener = Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
            let detail = event.dyn_ref::<CustomEvent>().map(CustomEvent::detail).unwrap_or(JsValue::UNDEFINED);
            on_detail(detail);
        });
        if let Some(window) = web_sys::window() {
            let _ = window.add_event_listener_with_callback(&name, listener.as_ref().unchecked_ref());
        }
        Self { name, listener: Some(listener) }
    }

    /// Stops listening.
    pub fn unsubscribe(self) {
        drop(self);
    }

    /// Keeps listening for as long as the page lives.
    pub fn forget(mut self) {
        if let Some(listener) = self.listener.take() {
            listener.forget();
        }
    }
}

impl Drop for Subscription {
    fn drop(&mut self) {
        // The window only for a listener still held (a forgotten one has none).
        if let Some(listener) = self.listener.take() {
            if let Some(window) = web_sys::window() {
                let _ = window.remove_event_listener_with_callback(&self.name, listener.as_ref().unchecked_ref());
            }
        }
    }
}

/// Calls `handler` with every `E` emitted in the page, until the returned
/// subscription is dropped. Payloads that do not decode are dropped, counted
/// ([`decode_errors`]) and logged with code FED-201.
#[cfg(feature = "bus")]
pub fn subscribe<E: Event>(mut handler: impl FnMut(E) + 'static) -> Subscription {
    Subscription::listen(dom_event_name::<E>(), move |detail| match from_js::<E>(&detail) {
        Ok(event) => handler(event),
        Err(problem) => report_undecodable(&dom_event_name::<E>(), problem),
    })
}

/// Calls `handler` with the next `E` emitted in the page (the next one that
/// decodes), once.
#[cfg(feature = "bus")]
pub fn once<E: Event>(handler: impl FnOnce(E) + 'static) -> Subscription {
    let handler = alloc::rc::Rc::new(core::cell::RefCell::new(Some(handler)));
    subscribe::<E>(move |event| {
        if let Some(handler) = handler.borrow_mut().take() {
            handler(event);
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_start_with_their_code_and_name_the_event() {
        let dropped =
            BusError::Undecodable { event: "mf:toast".into(), detail: "expected a string at `message`".into() };
        assert_eq!(
            dropped.to_string(),
            "FED-201: dropped a `mf:toast` event whose payload does not match its type (expected a string at `message`); the sender speaks another contract version"
        );
        let unsent = BusError::NotSent { event: "mf:navigate".into(), detail: "no window".into() };
        assert_eq!(unsent.message(), "FED-202: could not send a `mf:navigate` event (no window)");
        assert!(unsent.message().starts_with(unsent.code()));
    }
}
