//! A JS `ReadableStream` made from a Rust [`Stream`](futures_core::Stream), and a
//! JS `ReadableStream` read as one.
//!
//! This is the workspace's own implementation of the part of crates.io's
//! `wasm-streams` 0.5 API that leptos' `server_fn` uses (patched in for every
//! crate that depends on it): [`ReadableStream::from_stream`] and
//! [`ReadableStream::into_raw`] for a streaming request body,
//! [`ReadableStream::from_raw`] and [`ReadableStream::into_stream`] for a
//! streaming response. crates.io's crate bridges with three `#[wasm_bindgen]`
//! classes, and wasm-bindgen exports every class of every linked crate: each
//! Leptos remote carried them, and the futures and io error texts they reach
//! (about 4.4 KB brotli of each remote, measured with `cargo xtask build`),
//! though none streams a server function. Here the JS side
//! of a stream is a plain object of closures, made only when a stream is, so a
//! bundle that never streams links none of it.
#![warn(missing_docs)]

pub mod readable;

pub use readable::ReadableStream;
