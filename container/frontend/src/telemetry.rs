//! Load reports, for the platform's monitoring: every finished load of a remote
//! (its phase times, bytes on the wire, error code) goes to `POST /api/telemetry`
//! in one batch with `navigator.sendBeacon` when the page is hidden or left, so
//! reporting never competes with the page for the network.

use std::cell::Cell;
use std::rc::Rc;

use federation::host::{LoadRecord, Loader};
use js_sys::{Array, Object, Reflect};
use wasm_bindgen::prelude::*;

/// Where reports go.
const ENDPOINT: &str = "/api/telemetry";

/// Sends the loader's finished loads whenever the page is hidden or left.
pub(crate) fn install(loader: Rc<Loader>) {
    let Some(window) = web_sys::window() else { return };
    let sent = Rc::new(Cell::new(0));
    let flush = Closure::<dyn FnMut(web_sys::Event)>::new(move |_: web_sys::Event| {
        let hidden = web_sys::window()
            .and_then(|w| w.document())
            .is_some_and(|d| d.visibility_state() == web_sys::VisibilityState::Hidden);
        if hidden {
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
    // In order: a load still under way waits for the next report.
    let loads = loader.read_records(|records| {
        let loads = Array::new();
        for record in records.iter().skip(sent.get()).take_while(|r| r.took_ms.is_some()) {
            loads.push(&load(record));
        }
        loads
    });
    if loads.length() == 0 {
        return;
    }
    let report = Object::new();
    let _ = Reflect::set(&report, &"loads".into(), &loads);
    let Ok(text) = js_sys::JSON::stringify(&report) else { return };
    let Some(window) = web_sys::window() else { return };
    // As text: a beacon with a JSON content type would need a CORS preflight.
    if window.navigator().send_beacon_with_opt_str(ENDPOINT, text.as_string().as_deref()).unwrap_or(false) {
        sent.set(sent.get() + loads.length() as usize);
    }
}

/// One load as the report's JSON object.
fn load(record: &LoadRecord) -> Object {
    let took = record.took_ms.unwrap_or(0.0);
    let downloaded = record.downloaded_ms.unwrap_or(took);
    let mount = record.mount_ms.unwrap_or(-1.0);
    let object = Object::new();
    let set = |key: &str, value: JsValue| {
        let _ = Reflect::set(&object, &key.into(), &value);
    };
    set("remote", record.remote.as_str().into());
    set("version", record.version.to_string().into());
    // Whole numbers (a cast, not `round`: no float library in the runtime).
    let whole = |ms: f64| JsValue::from(ms as i32);
    set("download_ms", whole(downloaded));
    set("instantiate_ms", whole(took - downloaded));
    set("mount_ms", whole(mount));
    set("total_ms", whole(took + mount.max(0.0)));
    set("bytes", whole(crate::resource_timing::transferred(&record.urls)));
    if let Some((code, _)) = &record.error {
        set("error", (*code).into());
    }
    object
}
