//! `SendWrapper<T>` makes a value that must stay on one thread `Send` and `Sync`,
//! and checks on every access that it is still on the thread that made it: Leptos
//! wraps DOM nodes, closures and futures in it.
//!
//! This is the workspace's own implementation of crates.io's `send_wrapper` 0.6
//! API (patched in for every crate that depends on it). On wasm32 without the
//! `atomics` target feature there is only one thread, so the wrapper records and
//! checks nothing: asking std for the current thread allocates a thread handle
//! with std's own allocator (dlmalloc, about 7 KB of wasm), which every remote
//! then carried beside its small allocator. Everywhere else (the server, tests)
//! the thread is recorded and checked, and a wrong-thread access panics.
#![warn(missing_docs)]

#[cfg(feature = "futures")]
mod futures;

use std::fmt;
use std::mem::ManuallyDrop;
use std::ops::{Deref, DerefMut};

/// Whether there can be threads other than the one running now.
const THREADED: bool = !cfg!(all(target_arch = "wasm32", not(target_feature = "atomics")));

/// The thread a wrapper belongs to.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Owner(Option<std::thread::ThreadId>);

impl Owner {
    fn current() -> Self {
        Self(if THREADED { Some(std::thread::current().id()) } else { None })
    }
}

/// A value usable only on the thread that wrapped it, which may nevertheless be
/// moved and shared between threads. Using it (deref, poll, drop, clone, debug)
/// on another thread panics; [`valid`](SendWrapper::valid) says whether it may be used.
pub struct SendWrapper<T> {
    data: ManuallyDrop<T>,
    owner: Owner,
}

impl<T> SendWrapper<T> {
    /// Wraps `data`, which from now on belongs to the calling thread.
    pub fn new(data: T) -> SendWrapper<T> {
        SendWrapper { data: ManuallyDrop::new(data), owner: Owner::current() }
    }

    /// Whether the calling thread is the one the value belongs to.
    pub fn valid(&self) -> bool {
        !THREADED || self.owner == Owner::current()
    }

    /// The value, unwrapped. Panics on another thread.
    pub fn take(self) -> T {
        self.assert_valid("take");
        let mut this = ManuallyDrop::new(self);
        // SAFETY: `this` is never used or dropped again, so the value is moved out once.
        unsafe { ManuallyDrop::take(&mut this.data) }
    }

    fn assert_valid(&self, what: &str) {
        if !self.valid() {
            wrong_thread(what);
        }
    }
}

// SAFETY: every use of the value checks that it happens on the owning thread (on
// single-threaded wasm there is no other thread).
unsafe impl<T> Send for SendWrapper<T> {}
// SAFETY: as above.
unsafe impl<T> Sync for SendWrapper<T> {}

impl<T> Deref for SendWrapper<T> {
    type Target = T;

    /// Panics on another thread.
    fn deref(&self) -> &T {
        self.assert_valid("dereference");
        &self.data
    }
}

impl<T> DerefMut for SendWrapper<T> {
    /// Panics on another thread.
    fn deref_mut(&mut self) -> &mut T {
        self.assert_valid("dereference");
        &mut self.data
    }
}

impl<T> Drop for SendWrapper<T> {
    /// Drops the value. On another thread: panics, unless the value needs no drop
    /// or the thread is already panicking (then the value is leaked).
    fn drop(&mut self) {
        if !std::mem::needs_drop::<T>() || self.valid() {
            // SAFETY: the value is dropped once, here, on its own thread.
            unsafe { ManuallyDrop::drop(&mut self.data) };
        } else if !std::thread::panicking() {
            wrong_thread("drop");
        }
    }
}

impl<T: fmt::Debug> fmt::Debug for SendWrapper<T> {
    /// Panics on another thread.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SendWrapper").field("data", self.deref()).finish()
    }
}

impl<T: Clone> Clone for SendWrapper<T> {
    /// A copy that belongs to the calling thread. Panics on another thread.
    fn clone(&self) -> Self {
        Self::new(self.deref().clone())
    }
}

#[cold]
#[inline(never)]
fn wrong_thread(what: &str) -> ! {
    panic!("SendWrapper: tried to {what} a value on a thread other than the one that wrapped it")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::rc::Rc;
    use std::sync::Arc;

    #[test]
    fn the_owning_thread_uses_the_value() {
        let mut wrapped = SendWrapper::new(vec![1, 2]);
        assert!(wrapped.valid());
        wrapped.push(3);
        assert_eq!(*wrapped, [1, 2, 3]);
        assert_eq!(format!("{:?}", wrapped.clone()), "SendWrapper { data: [1, 2, 3] }");
        assert_eq!(wrapped.take(), [1, 2, 3]);
    }

    #[test]
    fn the_value_is_dropped_once_with_its_wrapper() {
        let counted = Rc::new(());
        let wrapped = SendWrapper::new(Rc::clone(&counted));
        assert_eq!(Rc::strong_count(&counted), 2);
        drop(wrapped);
        assert_eq!(Rc::strong_count(&counted), 1);
        let taken = SendWrapper::new(Rc::clone(&counted)).take();
        assert_eq!(Rc::strong_count(&counted), 2);
        drop(taken);
        assert_eq!(Rc::strong_count(&counted), 1);
    }

    #[test]
    fn another_thread_may_not_use_or_drop_the_value() {
        let wrapped = Arc::new(SendWrapper::new(String::from("mine")));
        let other = Arc::clone(&wrapped);
        let outcome = std::thread::spawn(move || {
            assert!(!other.valid());
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| other.len())).is_err()
        })
        .join()
        .unwrap();
        assert!(outcome, "a deref on another thread panics");
        let moved = Arc::try_unwrap(wrapped).unwrap();
        let dropped = std::thread::spawn(move || drop(moved)).join();
        assert!(dropped.is_err(), "dropping on another thread panics");
        // A value with nothing to drop may be dropped anywhere.
        let plain = SendWrapper::new(7u32);
        std::thread::spawn(move || drop(plain)).join().unwrap();
    }
}
