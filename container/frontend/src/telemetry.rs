//! Load reports, for the platform's monitoring: every finished load of a remote
//! (its phase times, bytes on the wire, error code) goes to `POST /api/telemetry`
//! in one batch with `navigator.sendBeacon` when the page is hidden or left, so
//! reporting never competes with the page for the network.

use alloc::rc::Rc;
use core::cell::Cell;

use federation::host::{LoadRecord, Loader};
use js_sys::Array;
use wasm_bindgen::prelude::*;

/// Where reports go.
const ENDPOINT: &str = "/api/telemetry";

#[wasm_bindgen(inline_js = "export function page_hidden() { return document.visibilityState === 'hidden'; }
export function add_load(loads, remote, major, minor, patch, pre, download, instantiate, mount, total, bytes, error) {
  // The version as `Version`'s Display writes it (formatting u64s in wasm would
  // bring their code into the runtime only for this).
  const load = { remote, version: major + '.' + minor + '.' + patch + (pre === undefined ? '' : '-' + pre) };
  Object.assign(load, { download_ms: download, instantiate_ms: instantiate, mount_ms: mount, total_ms: total, bytes });
  if (error !== undefined) load.error = error;
  loads.push(load);
}
export function beacon(url, loads) {
  try { return navigator.sendBeacon(url, JSON.stringify({ loads })); } catch { return false; }
}")]
extern "C" {
    /// Whether the page is hidden (the student switched apps, or is leaving).
    fn page_hidden() -> bool;
    /// Appends one load to `loads` as the report's JSON object. Built in JS:
    /// from wasm, each field would cost a call across the boundary and its glue.
    #[allow(clippy::too_many_arguments)]
    fn add_load(
        loads: &Array,
        remote: &str,
        major: f64,
        minor: f64,
        patch: f64,
        pre: Option<&str>,
        download_ms: i32,
        instantiate_ms: i32,
        mount_ms: i32,
        total_ms: i32,
        bytes: i32,
        error: Option<&str>,
    );
    /// Sends `{"loads": loads}` to `url` as a beacon (as text: a beacon with a
    /// JSON content type would need a CORS preflight); whether it was queued.
    fn beacon(url: &str, loads: &Array) -> bool;
}

/// Sends the loader's finished loads whenever the page is hidden or left.
pub(crate) fn install(loader: Rc<Loader>) {
    let Some(window) = web_sys::window() else { return };
    let sent = Rc::new(Cell::new(0));
    let flush = Closure::<dyn FnMut(web_sys::Event)>::new(move |_: web_sys::Event| {
        if page_hidden() {
            send(&loader, &sent);
        }
    });
    // `pagehide` comes with the page hidden; `visibilitychange` when the student
    // switches apps (on a phone, perhaps never to come back).
    let _ = window.add_event_listener_with_callback("pagehide", flush.as_ref().unchecked_ref());
    if let Some(document) = window.document() {
        let _ = document.add_event_listener_with_callback("visibilitychange", flush.as_ref().unchecked_ref());
    }
    flush.forget();
}

/// Sends the loads finished since the last report, if any.
fn send(loader: &Loader, sent: &Cell<usize>) {
    let loads = Array::new();
    // In order: a load still under way waits for the next report.
    loader.read_records(|records| {
        for record in records.iter().skip(sent.get()).take_while(|r| r.took_ms.is_some()) {
            add(&loads, record);
        }
    });
    if loads.length() > 0 && beacon(ENDPOINT, &loads) {
        sent.set(sent.get() + loads.length() as usize);
    }
}

/// Appends one load to the report.
fn add(loads: &Array, record: &LoadRecord) {
    let took = record.took_ms.unwrap_or(0.0);
    let downloaded = record.downloaded_ms.unwrap_or(took);
    let mount = record.mount_ms.unwrap_or(-1.0);
    // Whole numbers (a cast, not `round`: no float library in the runtime).
    let whole = |ms: f64| ms as i32;
    let version = &record.version;
    add_load(
        loads,
        record.remote.as_str(),
        version.major as f64,
        version.minor as f64,
        version.patch as f64,
        version.pre.as_deref(),
        whole(downloaded),
        whole(took - downloaded),
        whole(mount),
        whole(took + mount.max(0.0)),
        whole(crate::resource_timing::transferred(&record.urls)),
        record.error.as_ref().map(|(code, _)| *code),
    );
}
