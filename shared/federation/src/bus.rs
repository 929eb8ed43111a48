//! The typed event bus. Events are types ([`Event`]), not strings. In the browser
//! (feature `bus`) each event travels as a DOM `CustomEvent` named `mf:<name>` on
//! `window` with a JSON-compatible object as `detail`, so it crosses wasm module
//! boundaries, and code that is not Rust can listen and emit too.

use alloc::string::String;

use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::answer::{FromAnswer, ToJson};

#[cfg(feature = "events")]
pub(crate) mod browser;
#[cfg(feature = "events")]
pub use browser::{decode_errors, dispatch, BusError, Subscription};
#[cfg(feature = "bus")]
pub use browser::{emit, once, subscribe};

/// An event of the platform's contract. serde gives its shape to the server and
/// the contract's fingerprints; in the browser it is read and written with
/// [`FromAnswer`] and [`ToJson`], derived from the same shape.
///
/// ```
/// use federation::answer::{FromAnswer, ToJson};
/// use federation::bus::Event;
/// #[derive(serde::Serialize, serde::Deserialize, FromAnswer, ToJson)]
/// struct ExamCompleted { attempt: u64, score: u32 }
/// impl Event for ExamCompleted { const NAME: &'static str = "exam-completed"; }
/// assert_eq!(federation::bus::dom_event_name::<ExamCompleted>(), "mf:exam-completed");
/// ```
pub trait Event: Serialize + DeserializeOwned + FromAnswer + ToJson + 'static {
    /// The event's name, kebab-case; the DOM event is `mf:<NAME>`.
    const NAME: &'static str;
}

/// The DOM event name of `E`: `mf:<NAME>`.
pub fn dom_event_name<E: Event>() -> String {
    let mut name = String::from("mf:");
    name.push_str(E::NAME);
    name
}
