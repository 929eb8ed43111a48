//! Leptos hooks over the event bus, shared state and async reads, tied to the
//! component's owner: what a component subscribes to ends when it is unmounted.

use std::cell::Cell;
use std::future::Future;
use std::rc::Rc;

use leptos::prelude::*;
use send_wrapper::SendWrapper;

use crate::bus::{self, Event};
use crate::state::SharedState;

/// Calls `handler` with every `E` emitted in the page while the calling
/// component is mounted.
pub fn use_event<E: Event>(handler: impl FnMut(E) + 'static) {
    // Rendering HTML (at build time or on the server): no page, no events.
    if cfg!(feature = "prerender") {
        return;
    }
    let subscription = SendWrapper::new(bus::subscribe(handler));
    // Wasm is single-threaded: the wrapper is dropped on the thread that made it.
    on_cleanup(move || drop(subscription));
}

/// A signal holding `T`'s page-wide value: it starts with the current value (so a
/// module mounted later sees what was set before), follows writes from every
/// module, tab and plain JS, and writing it updates them all.
pub fn use_shared<T: SharedState + Send + Sync>() -> RwSignal<T> {
    // Rendering HTML: what the server knows (the session), else the default.
    #[cfg(feature = "prerender")]
    return RwSignal::new(rendered_state::<T>());
    #[cfg(not(feature = "prerender"))]
    shared_in_page()
}

/// [`use_shared`] in a page.
#[cfg(not(feature = "prerender"))]
fn shared_in_page<T: SharedState + Send + Sync>() -> RwSignal<T> {
    let signal = RwSignal::new(crate::state::get::<T>());
    let subscription = SendWrapper::new(crate::state::watch::<T>(move |value| {
        if signal.get_untracked() != value {
            signal.set(value);
        }
    }));
    on_cleanup(move || drop(subscription));
    Effect::new(move |_| {
        let value = signal.get();
        // Values that came from the store are already there: do not echo them.
        if crate::state::get::<T>() != value {
            crate::state::set(&value);
        }
    });
    signal
}

/// The value of `T` a server render was given, else its default.
#[cfg(feature = "prerender")]
fn rendered_state<T: SharedState>() -> T {
    #[cfg(feature = "server-render")]
    if let Some(value) = super::server_render::state::<T>(T::KEY) {
        return value;
    }
    T::default()
}

/// A signal holding the value of `load`'s future once it has resolved (`None`
/// until then; a future ready at once, such as a read the page's data answers,
/// gives its value to the first render, so HTML the server rendered with that
/// data is taken over without a loading state in between). `load` runs again
/// when a signal it reads (before its future starts) changes; the last value
/// stays until the new one arrives, and an older future that resolves later is
/// ignored. A value that arrives after the component is unmounted is dropped.
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
    let mut first = Box::pin(load());
    let ready = poll_once(first.as_mut());
    // Rendering HTML: effects never run; what is ready is all there is.
    if cfg!(feature = "prerender") {
        return RwSignal::new(ready).read_only();
    }
    let mut first = if ready.is_some() { None } else { Some(first) };
    let mut skip = ready.is_some();
    let value = RwSignal::new(ready);
    let runs = Rc::new(Cell::new(0u32));
    Effect::new(move |_| {
        // The first run reads what `load` reads (to run again when it changes),
        // and goes on with the future the render started, or with nothing when
        // that one was ready.
        let future = load();
        if std::mem::take(&mut skip) {
            return;
        }
        let future: std::pin::Pin<Box<dyn Future<Output = T>>> = match first.take() {
            Some(started) => started,
            None => Box::pin(future),
        };
        let run = runs.get().wrapping_add(1);
        runs.set(run);
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

/// Polls `future` once: its value if it is ready now.
fn poll_once<T>(future: std::pin::Pin<&mut impl Future<Output = T>>) -> Option<T> {
    let mut context = std::task::Context::from_waker(std::task::Waker::noop());
    match future.poll(&mut context) {
        std::task::Poll::Ready(value) => Some(value),
        std::task::Poll::Pending => None,
    }
}
