//! The typed event bus. Events are types ([`Event`]), not strings. In the browser
//! (feature `bus`) each event travels as a DOM `CustomEvent` named `mf:<name>` on
//! `window` with a JSON-compatible object as `detail`, so it crosses wasm module
//! boundaries, and code that is not Rust can listen and emit too.

use serde::de::DeserializeOwned;
use serde::Serialize;

#[cfg(feature = "events")]
pub(crate) mod browser;
#[cfg(feature = "bus")]
mod decode;
#[cfg(feature = "events")]
pub use browser::{decode_errors, dispatch, BusError, Subscription};
#[cfg(feature = "bus")]
pub use browser::{emit, once, subscribe};

/// An event of the platform's contract.
///
/// ```
/// use federation::bus::Event;
/// #[derive(serde::Serialize, serde::Deserialize)]
/// struct ExamCompleted { attempt: u64, score: u32 }
/// impl Event for ExamCompleted { const NAME: &'static str = "exam-completed"; }
/// assert_eq!(federation::bus::dom_event_name::<ExamCompleted>(), "mf:exam-completed");
/// ```
pub trait Event: Serialize + DeserializeOwned + 'static {
    /// The event's name, kebab-case; the DOM event is `mf:<NAME>`.
    const NAME: &'static str;
}

/// The DOM event name of `E`: `mf:<NAME>`.
pub fn dom_event_name<E: Event>() -> String {
    let mut name = String::from("mf:");
    name.push_str(E::NAME);
    name
}
