//! The server's view of the shared state (`<script id="mf-state">`, today the
//! session) is applied before any remote mounts: a session that expired on the
//! server does not linger in localStorage, and a fresh sign-in is seen at once.

use contract::state::Session;
use federation::state::{set_raw, SharedState};
use wasm_bindgen::JsValue;
use web_sys::Document;

pub(crate) fn apply_server_state(document: &Document) {
    let Some(text) = document.get_element_by_id("mf-state").and_then(|e| e.text_content()) else { return };
    let Ok(state) = js_sys::JSON::parse(&text) else { return };
    if let Ok(session) = js_sys::Reflect::get(&state, &JsValue::from_str(Session::KEY)) {
        if !session.is_undefined() {
            set_raw(Session::KEY, Session::PERSISTENT, &session);
        }
    }
}
