//! `ReadableStream` on real JS streams: wasm run in Node (whose `ReadableStream`
//! is the WHATWG one), by wasm-bindgen-test-runner; `cargo xtask test` runs it.
#![cfg(target_arch = "wasm32")]

use std::cell::Cell;
use std::rc::Rc;
use std::task::Poll;

use futures_util::{stream, StreamExt};
use js_sys::{Function, Promise};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::wasm_bindgen_test;
use wasm_streams::ReadableStream;

fn numbers(items: &[Result<JsValue, JsValue>]) -> Vec<Result<f64, String>> {
    items
        .iter()
        .map(|item| match item {
            Ok(value) => Ok(value.as_f64().expect("a number")),
            Err(error) => Err(error.as_string().expect("a string")),
        })
        .collect()
}

/// Runs a JS function body and returns what it returns.
fn js(body: &str) -> JsValue {
    Function::new_no_args(body).call0(&JsValue::NULL).unwrap()
}

/// A JS stream made by a JS function body.
fn js_stream(body: &str) -> ReadableStream {
    ReadableStream::from_raw(js(body).unchecked_into())
}

/// Lets JS run its queued work (pulls, cancels) before the test goes on.
async fn settle() {
    let promise = js("return new Promise(resolve => setTimeout(resolve, 0))").unchecked_into::<Promise>();
    JsFuture::from(promise).await.unwrap();
}

/// What a watched stream saw: how often it was polled, and whether it was dropped.
#[derive(Clone, Default)]
struct Probe {
    polls: Rc<Cell<u32>>,
    dropped: Rc<Cell<bool>>,
}

/// The state of a watched stream: tells its probe when it is dropped.
struct Watched(Probe);

impl Drop for Watched {
    fn drop(&mut self) {
        self.0.dropped.set(true);
    }
}

/// A stream whose `n`th poll (from 1) answers `answer(n)`, with its probe.
fn watched(
    answer: impl Fn(u32) -> Poll<Option<Result<JsValue, JsValue>>>,
) -> (impl futures_util::Stream<Item = Result<JsValue, JsValue>>, Probe) {
    let probe = Probe::default();
    let state = Watched(probe.clone());
    let stream = stream::poll_fn(move |_| {
        let polls = &state.0.polls;
        polls.set(polls.get() + 1);
        answer(polls.get())
    });
    (stream, probe)
}

/// 1, 2, 3, ... forever.
fn counting(n: u32) -> Poll<Option<Result<JsValue, JsValue>>> {
    Poll::Ready(Some(Ok(JsValue::from(n))))
}

#[wasm_bindgen_test]
async fn a_rust_stream_goes_through_js_and_back_in_order() {
    let items = stream::iter([1.0, 2.0, 3.0].map(|n| Ok(JsValue::from(n))));
    let raw = ReadableStream::from_stream(items).into_raw();
    let read: Vec<_> = ReadableStream::from_raw(raw).into_stream().collect().await;
    assert_eq!(numbers(&read), vec![Ok(1.0), Ok(2.0), Ok(3.0)]);
}

#[wasm_bindgen_test]
async fn an_error_item_errors_the_js_stream_and_ends_the_read() {
    let items = stream::iter([Ok(JsValue::from(1.0)), Err(JsValue::from_str("broken")), Ok(JsValue::from(3.0))]);
    let raw = ReadableStream::from_stream(items).into_raw();
    let read: Vec<_> = ReadableStream::from_raw(raw).into_stream().collect().await;
    assert_eq!(numbers(&read), vec![Ok(1.0), Err("broken".to_owned())]);
}

#[wasm_bindgen_test]
async fn an_empty_rust_stream_closes_the_js_stream() {
    let raw = ReadableStream::from_stream(stream::empty()).into_raw();
    let read: Vec<_> = ReadableStream::from_raw(raw).into_stream().collect().await;
    assert!(read.is_empty());
}

#[wasm_bindgen_test]
async fn an_item_that_is_not_ready_yet_is_read_when_its_stream_wakes() {
    let later = stream::once(async {
        settle().await;
        Ok(JsValue::from(7.0))
    });
    let raw = ReadableStream::from_stream(later).into_raw();
    let read: Vec<_> = ReadableStream::from_raw(raw).into_stream().collect().await;
    assert_eq!(numbers(&read), vec![Ok(7.0)]);
}

#[wasm_bindgen_test]
async fn a_stream_made_in_js_reads_as_a_rust_stream() {
    let made = js_stream("return new ReadableStream({ start(c) { c.enqueue(10); c.enqueue(20); c.close(); } })");
    let read: Vec<_> = made.into_stream().collect().await;
    assert_eq!(numbers(&read), vec![Ok(10.0), Ok(20.0)]);
}

#[wasm_bindgen_test]
async fn a_stream_errored_in_js_gives_its_error_then_ends() {
    let made = js_stream(
        "let pulls = 0; return new ReadableStream({ pull(c) { if (pulls++ === 0) c.enqueue(1); else c.error('gone'); } })",
    );
    let mut reader = made.into_stream();
    assert_eq!(numbers(&[reader.next().await.unwrap()]), vec![Ok(1.0)]);
    assert_eq!(numbers(&[reader.next().await.unwrap()]), vec![Err("gone".to_owned())]);
    assert!(reader.next().await.is_none(), "nothing is read after the error");
}

#[wasm_bindgen_test]
async fn dropping_the_reader_of_an_errored_stream_leaves_no_unhandled_rejection() {
    // Node reports a rejected promise nobody handles; the test counts them.
    js("globalThis.unhandled = 0; process.on('unhandledRejection', () => { globalThis.unhandled += 1; })");
    let reader = js_stream("return new ReadableStream({ start(c) { c.error('gone'); } })").into_stream();
    drop(reader);
    settle().await;
    settle().await;
    assert_eq!(js("return globalThis.unhandled").as_f64(), Some(0.0));
}

#[wasm_bindgen_test]
async fn the_rust_stream_is_polled_only_when_js_reads() {
    let (items, probe) = watched(counting);
    let stream = ReadableStream::from_stream(items);
    settle().await;
    assert_eq!(probe.polls.get(), 0, "nothing is pulled before a read");
    let mut reader = stream.into_stream();
    assert_eq!(numbers(&[reader.next().await.unwrap()]), vec![Ok(1.0)]);
    settle().await;
    assert_eq!(probe.polls.get(), 1, "one read, one poll: nothing is queued ahead");
}

#[wasm_bindgen_test]
async fn cancelling_while_a_read_awaits_the_rust_stream_drops_it_at_once() {
    let (never, probe) = watched(|_| Poll::Pending);
    let raw = ReadableStream::from_stream(never).into_raw();
    let reader = raw.get_reader().unchecked_into::<web_sys::ReadableStreamDefaultReader>();
    let read = reader.read();
    settle().await;
    assert_eq!(probe.polls.get(), 1, "the read is waiting on the Rust stream");
    let _ = reader.cancel();
    settle().await;
    assert!(probe.dropped.get(), "the cancel reaches the waiting read");
    let done = JsFuture::from(read).await.unwrap();
    assert_eq!(js_sys::Reflect::get(&done, &"done".into()).unwrap(), JsValue::TRUE);
}

#[wasm_bindgen_test]
async fn dropping_the_reader_cancels_the_stream_and_drops_its_source() {
    let (items, probe) = watched(counting);
    let mut reader = ReadableStream::from_stream(items).into_stream();
    assert_eq!(numbers(&[reader.next().await.unwrap()]), vec![Ok(1.0)]);
    assert!(!probe.dropped.get());
    drop(reader);
    settle().await;
    assert!(probe.dropped.get(), "cancelling the JS stream drops the Rust one");
}
