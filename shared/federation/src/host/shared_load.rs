//! One load in flight, awaited by any number of callers.

use alloc::vec::Vec;

use alloc::rc::Rc;
use core::cell::RefCell;
use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll, Waker};

use super::LoadedRemote;
use crate::FederationError;

type Outcome = Result<LoadedRemote, FederationError>;

enum Slot {
    Loading(Vec<Waker>),
    Done(Outcome),
}

/// A load's outcome, shared: clone it to wait on the same load.
#[derive(Clone)]
pub(crate) struct SharedLoad(Rc<RefCell<Slot>>);

impl SharedLoad {
    /// A load that has not finished yet.
    pub(crate) fn pending() -> Self {
        Self(Rc::new(RefCell::new(Slot::Loading(Vec::new()))))
    }

    /// The loaded remote, when the load has finished well.
    pub(crate) fn ready(&self) -> Option<LoadedRemote> {
        match &*self.0.borrow() {
            Slot::Done(Ok(loaded)) => Some(loaded.clone()),
            _ => None,
        }
    }

    /// Records the outcome and wakes everyone waiting for it.
    pub(crate) fn finish(&self, outcome: Outcome) {
        let previous = core::mem::replace(&mut *self.0.borrow_mut(), Slot::Done(outcome));
        if let Slot::Loading(wakers) = previous {
            wakers.into_iter().for_each(Waker::wake);
        }
    }
}

impl Future for SharedLoad {
    type Output = Outcome;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Outcome> {
        match &mut *self.0.borrow_mut() {
            Slot::Done(Ok(loaded)) => Poll::Ready(Ok(loaded.clone())),
            Slot::Done(Err(error)) => Poll::Ready(Err(copy_error(error))),
            Slot::Loading(wakers) => {
                wakers.push(cx.waker().clone());
                Poll::Pending
            }
        }
    }
}

/// A copy of `error` for one more caller. Out of line, so that the derived clone
/// (every variant's strings) is in the bundle once instead of inlined into each
/// caller: the loader's `load` carried two inlined copies, about 1 KB of wasm.
#[inline(never)]
pub(crate) fn copy_error(error: &FederationError) -> FederationError {
    error.clone()
}
