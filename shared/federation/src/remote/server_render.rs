//! Server rendering: a remote's `#[server_render]` modules rendered by the
//! server for each page, with the page's data, so students see their content
//! (not a skeleton) in the first paint.
//!
//! The remote's `server-render` build is wasm (`wasm32-unknown-unknown`, Leptos'
//! server renderer, no browser), shipped as its `server_render` asset. The
//! server runs it sandboxed (an interpreter with bounded fuel and memory, every
//! import a trap): it writes a [`RenderRequest`] as JSON into memory it got from
//! `mf_alloc`, calls `mf_render`, and reads the answer: `H` and the HTML, or
//! `E` and what went wrong. While rendering, [`Props`](super::Props) come from
//! the request, a module's reads ([`http::request`](crate::http::request)) are
//! answered from the request's `reads` (a read it lacks stays pending: its
//! loading state is rendered), shared state from its `state`, and
//! [`use_async`](super::use_async) resolves what is ready at once.

use std::cell::RefCell;

use serde::de::DeserializeOwned;

use super::Render;
use crate::server_render::{RenderRequest, DECLINED_MARK, ERROR_MARK, HTML_MARK};

thread_local! {
    static REQUEST: RefCell<Option<RenderRequest>> = const { RefCell::new(None) };
    static DECLINED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Called while rendering on the server: this page of the module is not one the
/// server renders (its content is only in the browser, such as what the phone
/// keeps); the page shows the skeleton, and nothing is logged as a failure.
pub fn decline() {
    DECLINED.with(|d| d.set(true));
}

/// The string prop `key` of the module being rendered.
pub(crate) fn prop(key: &str) -> Option<String> {
    REQUEST.with(|r| r.borrow().as_ref()?.props.get(key).cloned())
}

/// The answer to a GET of `url`, if the server gave it: the decoded value, or
/// why it did not decode.
pub(crate) fn answered<T: DeserializeOwned>(url: &str) -> Option<Result<T, String>> {
    let json = REQUEST.with(|r| r.borrow().as_ref()?.reads.get(url).cloned())?;
    Some(serde_json::from_value(json).map_err(|e| e.to_string()))
}

/// The browser's offset from UTC in minutes, if the server was told it.
pub(crate) fn utc_offset_minutes() -> Option<i32> {
    REQUEST.with(|r| r.borrow().as_ref()?.utc_offset_minutes)
}

/// The value of the shared state `key`, if the server gave one that decodes.
pub(crate) fn state<T: DeserializeOwned>(key: &str) -> Option<T> {
    let json = REQUEST.with(|r| r.borrow().as_ref()?.state.get(key).cloned())?;
    serde_json::from_value(json).ok()
}

/// `mf_alloc`: `len` bytes the server writes a request into (given back to
/// [`render`], which frees them).
#[doc(hidden)]
pub fn alloc(len: usize) -> *mut u8 {
    let mut bytes = std::mem::ManuallyDrop::new(Vec::<u8>::with_capacity(len));
    bytes.as_mut_ptr()
}

/// `mf_render`: renders the [`RenderRequest`] in the `len` bytes at `ptr` with
/// one of `modules`; the answer ([`HTML_MARK`] + HTML, or [`ERROR_MARK`] + the
/// problem) is at the high 32 bits of the result, its length in the low 32.
///
/// # Safety
/// `ptr` must come from [`alloc`]`(len)`, with `len` bytes written there.
#[doc(hidden)]
pub unsafe fn render(ptr: *mut u8, len: usize, modules: &[(&str, Render)]) -> u64 {
    // SAFETY: the caller's promise.
    let input = unsafe { Vec::from_raw_parts(ptr, len, len) };
    let answer = match render_request(&input, modules) {
        Ok(_) if DECLINED.with(|d| d.replace(false)) => DECLINED_MARK.to_string(),
        Ok(html) => format!("{HTML_MARK}{html}"),
        Err(problem) => format!("{ERROR_MARK}{problem}"),
    };
    let answer = std::mem::ManuallyDrop::new(answer.into_bytes());
    ((answer.as_ptr() as u64) << 32) | answer.len() as u64
}

fn render_request(input: &[u8], modules: &[(&str, Render)]) -> Result<String, String> {
    let request: RenderRequest =
        serde_json::from_slice(input).map_err(|e| format!("the render request is not understood: {e}"))?;
    let Some((_, render)) = modules.iter().find(|(name, _)| *name == request.module) else {
        return Err(format!("`{}` is not a #[server_render] module of this remote", request.module));
    };
    REQUEST.with(|r| *r.borrow_mut() = Some(request));
    let html = super::prerender::to_html(*render);
    REQUEST.with(|r| r.borrow_mut().take());
    Ok(html)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    #[test]
    fn reads_state_and_props_come_from_the_request() {
        let request = RenderRequest {
            module: "M".into(),
            props: BTreeMap::from([("path".into(), "/exam".into())]),
            reads: BTreeMap::from([("/api/topics".into(), serde_json::json!([1, 2]))]),
            state: BTreeMap::from([("flag".into(), serde_json::json!(true))]),
            utc_offset_minutes: Some(480),
        };
        REQUEST.with(|r| *r.borrow_mut() = Some(request));
        assert_eq!(prop("path").as_deref(), Some("/exam"));
        assert_eq!(answered::<Vec<u32>>("/api/topics"), Some(Ok(vec![1, 2])));
        assert!(matches!(answered::<String>("/api/topics"), Some(Err(_))));
        assert_eq!(answered::<Vec<u32>>("/api/other"), None);
        assert_eq!(state::<bool>("flag"), Some(true));
        assert_eq!(utc_offset_minutes(), Some(480));
        REQUEST.with(|r| r.borrow_mut().take());
        assert_eq!(prop("path"), None);
    }
}
