//! Fetching verified assets, and telling network failures from integrity failures.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{RequestInit, Response};

use super::describe;

/// Why a fetch failed.
pub(crate) enum FetchFailure {
    /// The network failed or the server answered with an error status.
    Unavailable(String),
    /// The bytes arrived but do not match the expected integrity.
    Tampered,
}

impl FetchFailure {
    /// The failure as error detail.
    pub(crate) fn detail(self) -> String {
        match self {
            Self::Unavailable(detail) => detail,
            Self::Tampered => "the bytes do not match their integrity".into(),
        }
    }
}

fn window() -> Result<web_sys::Window, FetchFailure> {
    web_sys::window().ok_or_else(|| FetchFailure::Unavailable("no window".into()))
}

async fn send(url: &str, init: &RequestInit) -> Result<Response, JsValue> {
    let window = web_sys::window().ok_or_else(|| JsValue::from_str("no window"))?;
    let response = JsFuture::from(window.fetch_with_str_and_init(url, init)).await?;
    Ok(response.unchecked_into())
}

fn ok(response: Response) -> Result<Response, FetchFailure> {
    if response.ok() {
        Ok(response)
    } else {
        Err(FetchFailure::Unavailable(format!("HTTP {}", response.status())))
    }
}

/// Fetches `url` with an SRI `integrity`, so the browser refuses bytes that do
/// not match. When it refuses, a second plain request tells a tampered file
/// (it arrives fine without the check) from a missing one or a network failure.
pub(crate) async fn fetch_verified(url: &str, integrity: &str) -> Result<Response, FetchFailure> {
    let init = RequestInit::new();
    init.set_integrity(integrity);
    match send(url, &init).await {
        Ok(response) => ok(response),
        Err(refused) => match send(url, &RequestInit::new()).await {
            Ok(response) if response.ok() => Err(FetchFailure::Tampered),
            Ok(response) => Err(FetchFailure::Unavailable(format!("HTTP {}", response.status()))),
            Err(_) => Err(FetchFailure::Unavailable(describe(&refused))),
        },
    }
}

/// Resolves `path` against `base` (an absolute URL, or one relative to the page).
pub(crate) fn absolute_url(path: &str, base: &str) -> Result<String, FetchFailure> {
    let page = window()?.location().href().map_err(|e| FetchFailure::Unavailable(describe(&e)))?;
    let base = web_sys::Url::new_with_base(base, &page).map_err(|e| FetchFailure::Unavailable(describe(&e)))?;
    let url = web_sys::Url::new_with_base(path, &base.href()).map_err(|e| FetchFailure::Unavailable(describe(&e)))?;
    Ok(url.href())
}
