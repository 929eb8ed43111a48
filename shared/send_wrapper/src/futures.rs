//! Wrapped futures and streams are futures and streams (polled on their thread).

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;

use crate::SendWrapper;

impl<F: Future> Future for SendWrapper<F> {
    type Output = F::Output;

    /// Panics on another thread.
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        self.assert_valid("poll");
        // SAFETY: the wrapped future is pinned with its wrapper and never moved out
        // of it while pinned (`take` needs the wrapper by value, so unpinned).
        unsafe { self.map_unchecked_mut(|this| &mut *this.data) }.poll(cx)
    }
}

impl<S: Stream> Stream for SendWrapper<S> {
    type Item = S::Item;

    /// Panics on another thread.
    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.assert_valid("poll");
        // SAFETY: as for `Future::poll`.
        unsafe { self.map_unchecked_mut(|this| &mut *this.data) }.poll_next(cx)
    }

    /// Nothing known on another thread.
    fn size_hint(&self) -> (usize, Option<usize>) {
        if self.valid() {
            self.data.size_hint()
        } else {
            (0, None)
        }
    }
}

#[cfg(test)]
mod tests {
    use std::future::{ready, Future};
    use std::pin::pin;
    use std::task::{Context, Poll, Waker};

    use crate::SendWrapper;

    #[test]
    fn a_wrapped_future_is_polled_through_the_wrapper() {
        let mut context = Context::from_waker(Waker::noop());
        let mut future = pin!(SendWrapper::new(ready(42)));
        assert_eq!(future.as_mut().poll(&mut context), Poll::Ready(42));
    }

    #[test]
    fn a_wrapped_future_is_polled_only_on_its_thread() {
        let wrapped = SendWrapper::new(ready(1u8));
        let polled = std::thread::spawn(move || {
            let mut context = Context::from_waker(Waker::noop());
            let mut future = pin!(wrapped);
            let _ = future.as_mut().poll(&mut context);
        })
        .join();
        assert!(polled.is_err(), "polling on another thread panics");
    }
}
