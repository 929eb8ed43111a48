//! [`ReadableStream`]: a JS stream, from and into a Rust [`Stream`].

use std::cell::{Cell, RefCell};
use std::future::{poll_fn, Future};
use std::panic::AssertUnwindSafe;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{ready, Context, Poll, Waker};

use futures_core::Stream;
use js_sys::{Object, Promise, Reflect};
use wasm_bindgen::{closure::Closure, JsCast, JsValue, UnwrapThrowExt};
use wasm_bindgen_futures::{future_to_promise, JsFuture};
use web_sys::{QueuingStrategy, ReadableStreamDefaultController, ReadableStreamDefaultReader};

/// What a JS stream is made from: chunks and errors as JS values.
type Source = Pin<Box<dyn Stream<Item = Result<JsValue, JsValue>>>>;

/// A JS `ReadableStream`.
#[derive(Debug)]
pub struct ReadableStream {
    raw: web_sys::ReadableStream,
}

impl ReadableStream {
    /// Wraps a JS stream.
    pub fn from_raw(raw: web_sys::ReadableStream) -> Self {
        Self { raw }
    }

    /// A JS stream whose chunks are `stream`'s items. The stream is polled only
    /// when JS reads (the stream queues nothing ahead); an `Err` item errors the
    /// JS stream, and a JS `cancel()` drops `stream` at once, even while a read
    /// awaits it.
    ///
    /// Built with `panic = "unwind"`, a panic inside `stream` becomes a JS
    /// exception; the stream is gone then, and a read still waiting is never
    /// answered.
    pub fn from_stream<St>(stream: St) -> Self
    where
        St: Stream<Item = Result<JsValue, JsValue>> + 'static,
    {
        let pulled = Rc::new(Pulled {
            source: RefCell::new(Some(Box::pin(stream))),
            cancelled: Cell::new(false),
            waiting: Cell::new(None),
        });
        let on_pull = pulled.clone();
        // The unwind assertions: after a panic, the source has been dropped
        // (see the doc above); nothing half-changed is read again.
        let pull = Closure::<dyn FnMut(ReadableStreamDefaultController) -> Promise>::own_assert_unwind_safe(
            move |controller: ReadableStreamDefaultController| {
                future_to_promise(AssertUnwindSafe(on_pull.clone().pull(controller)))
            },
        );
        let cancel = Closure::<dyn FnMut(JsValue)>::own_assert_unwind_safe(move |_reason: JsValue| pulled.cancel());
        let source = Object::new();
        // Setting a property on a new plain object cannot fail.
        let _ = Reflect::set(&source, &JsValue::from_str("pull"), &pull.into_js_value());
        let _ = Reflect::set(&source, &JsValue::from_str("cancel"), &cancel.into_js_value());
        let strategy = QueuingStrategy::new();
        strategy.set_high_water_mark(0.0);
        let raw = web_sys::ReadableStream::new_with_underlying_source_and_strategy(&source, &strategy)
            .expect_throw("ReadableStream refused a source with pull and cancel");
        Self { raw }
    }

    /// The JS stream.
    pub fn as_raw(&self) -> &web_sys::ReadableStream {
        &self.raw
    }

    /// The JS stream, giving up the wrapper.
    pub fn into_raw(self) -> web_sys::ReadableStream {
        self.raw
    }

    /// Reads the JS stream as a Rust stream: each chunk, then `None` when it
    /// closes; an error is the last item. Dropping the Rust stream before the end
    /// cancels the JS one. Throws if the stream is already locked to a reader;
    /// it stays locked to this one, also after the end.
    pub fn into_stream(self) -> IntoStream {
        let reader = self.raw.get_reader().unchecked_into::<ReadableStreamDefaultReader>();
        IntoStream { reader: Some(reader), read: None }
    }
}

/// The Rust side of a stream made by [`ReadableStream::from_stream`].
struct Pulled {
    /// Taken out while an item is awaited (JS pulls again only after the last
    /// pull's promise settles) and for good at the end.
    source: RefCell<Option<Source>>,
    /// JS cancelled the stream: a pull awaiting the source gives it up.
    cancelled: Cell<bool>,
    /// Wakes the pull awaiting the source, so that a cancel reaches it.
    waiting: Cell<Option<Waker>>,
}

impl Pulled {
    /// Answers one JS pull with the next item.
    async fn pull(self: Rc<Self>, controller: ReadableStreamDefaultController) -> Result<JsValue, JsValue> {
        let Some(mut source) = self.source.borrow_mut().take() else {
            return Ok(JsValue::UNDEFINED);
        };
        let next = poll_fn(|cx| {
            if self.cancelled.get() {
                return Poll::Ready(None);
            }
            self.waiting.set(Some(cx.waker().clone()));
            source.as_mut().poll_next(cx).map(Some)
        })
        .await;
        self.waiting.take();
        // Cancelled: `source` is dropped on return.
        let Some(next) = next else {
            return Ok(JsValue::UNDEFINED);
        };
        match next {
            Some(Ok(chunk)) => {
                *self.source.borrow_mut() = Some(source);
                controller.enqueue_with_chunk(&chunk)?;
            }
            // A rejected pull errors the JS stream with this value.
            Some(Err(error)) => return Err(error),
            None => controller.close()?,
        }
        Ok(JsValue::UNDEFINED)
    }

    /// The JS stream was cancelled: the Rust one is dropped now or, if a pull
    /// awaits it, as soon as that pull is woken (here).
    fn cancel(&self) {
        self.cancelled.set(true);
        self.source.borrow_mut().take();
        if let Some(waker) = self.waiting.take() {
            waker.wake();
        }
    }
}

/// A JS stream read as a Rust [`Stream`] (see [`ReadableStream::into_stream`]).
#[derive(Debug)]
pub struct IntoStream {
    /// `None` once the stream closed or errored.
    reader: Option<ReadableStreamDefaultReader>,
    /// The read in flight.
    read: Option<JsFuture>,
}

impl Stream for IntoStream {
    type Item = Result<JsValue, JsValue>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        let Some(reader) = &this.reader else {
            return Poll::Ready(None);
        };
        let read = this.read.get_or_insert_with(|| JsFuture::from(reader.read()));
        let result = ready!(Pin::new(read).poll(cx));
        this.read = None;
        let result = match result {
            Ok(result) => result,
            Err(error) => {
                this.reader = None;
                return Poll::Ready(Some(Err(error)));
            }
        };
        let field = |name: &str| Reflect::get(&result, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED);
        if field("done").is_truthy() {
            this.reader = None;
            return Poll::Ready(None);
        }
        Poll::Ready(Some(Ok(field("value"))))
    }
}

impl Drop for IntoStream {
    fn drop(&mut self) {
        if let Some(reader) = self.reader.take() {
            // Nobody reads on: let the stream's source stop. The promise says
            // when it has, or rejects if the stream errored meanwhile; the
            // future handles either, so no rejection goes unhandled.
            drop(JsFuture::from(reader.cancel()));
        }
    }
}
