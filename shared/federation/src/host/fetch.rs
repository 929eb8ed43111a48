//! Fetching verified assets, and telling network failures from integrity failures.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{RequestInit, Response};

use super::describe;

/// Why a fetch failed.
pub(crate) enum FetchFailure {
    /// The server answered with an error status.
    Status(String),
    /// The browser refused: a network failure, or bytes that do not match the
    /// integrity (the browser does not say which).
    Refused(String),
    /// The bytes arrived but do not match the expected integrity.
    Tampered,
}

impl FetchFailure {
    /// Whether trying again may help: the network failed (or the browser refused
    /// the bytes, which it does not tell apart: with an integrity, even a 404 is
    /// reported as a network failure, so a missing file gets its tries too), or
    /// the server answered 5xx, 408 or 429.
    pub(crate) fn is_transient(&self) -> bool {
        match self {
            Self::Refused(_) => true,
            Self::Status(status) => status.starts_with("HTTP 5") || status == "HTTP 408" || status == "HTTP 429",
            Self::Tampered => false,
        }
    }

    /// The failure as error detail.
    pub(crate) fn detail(self) -> String {
        match self {
            Self::Status(detail) | Self::Refused(detail) => detail,
            Self::Tampered => "the bytes do not match their integrity".into(),
        }
    }
}

/// A request under way, given up when its answer has not begun within the
/// timeout (a hung load shows its error and Retry instead of loading forever).
pub(crate) struct Pending {
    answer: JsFuture,
    timer: i32,
}

fn send(url: &str, init: &RequestInit, timeout_ms: i32) -> Pending {
    let Some(window) = web_sys::window() else {
        return Pending { answer: JsFuture::from(js_sys::Promise::reject(&JsValue::from_str("no window"))), timer: 0 };
    };
    let mut timer = 0;
    if let Ok(controller) = web_sys::AbortController::new() {
        init.set_signal(Some(&controller.signal()));
        let reason = JsValue::from_str(&format!("no answer within {timeout_ms} ms"));
        let give_up = Closure::once_into_js(move || controller.abort_with_reason(&reason));
        timer = window
            .set_timeout_with_callback_and_timeout_and_arguments_0(give_up.unchecked_ref(), timeout_ms)
            .unwrap_or(0);
    }
    Pending { answer: JsFuture::from(window.fetch_with_str_and_init(url, init)), timer }
}

/// Sends a request for `url` with an SRI `integrity` now, so that several
/// downloads overlap; the browser refuses bytes that do not match.
pub(crate) fn start(url: &str, integrity: &str, timeout_ms: i32) -> Pending {
    let init = RequestInit::new();
    init.set_integrity(integrity);
    send(url, &init, timeout_ms)
}

/// The response of a request from [`start`], when it succeeded.
pub(crate) async fn finish(pending: Pending) -> Result<Response, FetchFailure> {
    let answer = pending.answer.await;
    if let Some(window) = web_sys::window() {
        // The answer has begun: the body may take as long as it needs.
        window.clear_timeout_with_handle(pending.timer);
    }
    let response: Response = answer.map_err(|e| FetchFailure::Refused(describe(&e)))?.unchecked_into();
    if response.ok() {
        Ok(response)
    } else {
        Err(FetchFailure::Status(format!("HTTP {}", response.status())))
    }
}

/// After the browser refused `url` with an integrity: a plain request tells a
/// tampered file (it arrives fine without the check) from a network failure.
pub(crate) async fn diagnose(url: &str, refused: String, timeout_ms: i32) -> FetchFailure {
    match finish(send(url, &RequestInit::new(), timeout_ms)).await {
        Ok(_) => FetchFailure::Tampered,
        Err(FetchFailure::Refused(_)) => FetchFailure::Refused(refused),
        Err(failure) => failure,
    }
}

/// Resolves `path` against `base` (an absolute URL, or one relative to the page).
pub(crate) fn absolute_url(path: &str, base: &str) -> Result<String, FetchFailure> {
    let failed = |e: JsValue| FetchFailure::Refused(describe(&e));
    let page = web_sys::window()
        .ok_or_else(|| FetchFailure::Refused("no window".into()))?
        .location()
        .href()
        .map_err(failed)?;
    let base = web_sys::Url::new_with_base(base, &page).map_err(failed)?;
    let url = web_sys::Url::new_with_base(path, &base.href()).map_err(failed)?;
    Ok(url.href())
}
