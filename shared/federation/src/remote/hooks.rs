//! Leptos hooks over the event bus and shared state, tied to the component's
//! owner: what a component subscribes to ends when it is unmounted.

use leptos::prelude::*;
use send_wrapper::SendWrapper;

use crate::bus::{self, Event};
use crate::state::{self, SharedState};

/// Calls `handler` with every `E` emitted in the page while the calling
/// component is mounted.
pub fn use_event<E: Event>(handler: impl FnMut(E) + 'static) {
    let subscription = SendWrapper::new(bus::subscribe(handler));
    // Wasm is single-threaded: the wrapper is dropped on the thread that made it.
    on_cleanup(move || drop(subscription));
}

/// A signal holding `T`'s page-wide value: it starts with the current value (so a
/// module mounted later sees what was set before), follows writes from every
/// module, tab and plain JS, and writing it updates them all.
pub fn use_shared<T: SharedState + Send + Sync>() -> RwSignal<T> {
    let signal = RwSignal::new(state::get::<T>());
    let subscription = SendWrapper::new(state::watch::<T>(move |value| {
        if signal.get_untracked() != value {
            signal.set(value);
        }
    }));
    on_cleanup(move || drop(subscription));
    Effect::new(move |_| {
        let value = signal.get();
        // Values that came from the store are already there: do not echo them.
        if state::get::<T>() != value {
            state::set(&value);
        }
    });
    signal
}
