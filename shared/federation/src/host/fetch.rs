//! Fetching verified assets, and telling network failures from integrity failures.

use alloc::string::String;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::Response;

use super::describe;
use crate::text::{concat, decimal};

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

#[wasm_bindgen(inline_js = "export function mf_fetch(url, integrity, ms) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort('no answer within ' + ms + ' ms'), ms);
  const init = { signal: controller.signal };
  if (integrity) init.integrity = integrity;
  return fetch(url, init).finally(() => clearTimeout(timer));
}
export function mf_url(path, base) { return new URL(path, new URL(base, location.href)).href; }")]
extern "C" {
    /// `fetch(url)` with the SRI `integrity` (none when empty), given up when its
    /// answer has not begun within `ms` milliseconds (a hung load shows its error
    /// and Retry instead of loading forever); the body may then take as long as
    /// it needs. One call across the boundary for the request and its timer.
    fn mf_fetch(url: &str, integrity: &str, ms: i32) -> js_sys::Promise;
    /// `path` resolved against `base`, itself resolved against the page's URL.
    #[wasm_bindgen(catch)]
    fn mf_url(path: &str, base: &str) -> Result<String, JsValue>;
}

/// A request under way (see [`start`]).
pub(crate) struct Pending(JsFuture);

/// Sends a request for `url` with an SRI `integrity` now, so that several
/// downloads overlap; the browser refuses bytes that do not match.
pub(crate) fn start(url: &str, integrity: &str, timeout_ms: i32) -> Pending {
    Pending(JsFuture::from(mf_fetch(url, integrity, timeout_ms)))
}

/// The response of a request from [`start`], when it succeeded.
pub(crate) async fn finish(pending: Pending) -> Result<Response, FetchFailure> {
    let response: Response = pending.0.await.map_err(|e| FetchFailure::Refused(describe(&e)))?.unchecked_into();
    if response.ok() {
        Ok(response)
    } else {
        Err(FetchFailure::Status(concat(&["HTTP ", &decimal(u64::from(response.status()))])))
    }
}

/// After the browser refused `url` with an integrity: a plain request tells a
/// tampered file (it arrives fine without the check) from a network failure.
pub(crate) async fn diagnose(url: &str, refused: String, timeout_ms: i32) -> FetchFailure {
    match finish(start(url, "", timeout_ms)).await {
        Ok(_) => FetchFailure::Tampered,
        Err(FetchFailure::Refused(_)) => FetchFailure::Refused(refused),
        Err(failure) => failure,
    }
}

/// Resolves `path` against `base` (an absolute URL, or one relative to the page).
pub(crate) fn absolute_url(path: &str, base: &str) -> Result<String, FetchFailure> {
    mf_url(path, base).map_err(|e| FetchFailure::Refused(describe(&e)))
}
