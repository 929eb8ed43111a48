//! Leptos hooks over the event bus, shared state and async reads, tied to the
//! component's owner: what a component subscribes to ends when it is unmounted.

use std::cell::Cell;
use std::future::Future;
use std::rc::Rc;

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

/// A signal holding the value of `load`'s future once it has resolved (`None`
/// until then). `load` runs again when a signal it reads (before its future
/// starts) changes; the last value stays until the new one arrives, and an older
/// future that resolves later is ignored. A value that arrives after the
/// component is unmounted is dropped.
///
/// Remotes use this for their reads instead of Leptos' `LocalResource`, whose
/// async machinery (transitions over a std channel, which asks std for the
/// current thread and so keeps std's dlmalloc in the bundle) cost dashboard and
/// nursing about 13 KB of brotli each for what is, here, one fetch per render.
pub fn use_async<T, F>(load: impl Fn() -> F + 'static) -> ReadSignal<Option<T>>
where
    T: Send + Sync + 'static,
    F: Future<Output = T> + 'static,
{
    let value = RwSignal::new(None);
    let runs = Rc::new(Cell::new(0u32));
    Effect::new(move |_| {
        let run = runs.get().wrapping_add(1);
        runs.set(run);
        let future = load();
        let runs = Rc::clone(&runs);
        leptos::task::spawn_local(async move {
            let loaded = future.await;
            if runs.get() == run {
                value.try_set(Some(loaded));
            }
        });
    });
    value.read_only()
}
