//! The session, which the container owns. The server's view of the shared state
//! (`<script id="mf-state">`) is applied before any remote mounts: a session that
//! expired on the server does not linger in localStorage, and a fresh sign-in is
//! seen at once. The header's session corner (rendered by the server) follows
//! the shared `session` state, and its Sign out button ends the session.

use contract::state::Session;
use federation::state::{set_raw, SharedState};
use js_sys::Reflect;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Document, Element};

/// What signing out tells the page, as the contract's events: `UserLoggedOut`,
/// `ToastRequested` and `NavigationRequested` (checked by the tests below).
const SIGNED_OUT: [(&str, &str); 3] = [
    ("mf:user-logged-out", "{}"),
    ("mf:toast", r#"{"message":"You are signed out.","tone":"info"}"#),
    ("mf:navigate", r#"{"to":"/"}"#),
];

pub(crate) fn apply_server_state(document: &Document) {
    let Some(text) = document.get_element_by_id("mf-state").and_then(|e| e.text_content()) else { return };
    let Ok(state) = js_sys::JSON::parse(&text) else { return };
    if let Ok(session) = Reflect::get(&state, &JsValue::from_str(Session::KEY)) {
        if !session.is_undefined() {
            set_raw(Session::KEY, Session::PERSISTENT, &session);
        }
    }
}

/// Keeps the header's session corner in step with the shared session, and
/// signs out from it.
pub(crate) fn install_corner(document: &Document) {
    let Some(corner) = document.query_selector("[data-mf-session]").ok().flatten() else { return };
    let shown = corner.clone();
    let mut event = String::from("mf:state:");
    event.push_str(Session::KEY);
    federation::bus::Subscription::listen(event, move |session| show(&shown, &session)).forget();
    let Some(button) = corner.query_selector(".sign-out").ok().flatten() else { return };
    let on_click = Closure::<dyn Fn()>::new(move || {
        let corner = corner.clone();
        wasm_bindgen_futures::spawn_local(async move { sign_out(&corner).await });
    });
    let _ = button.add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref());
    // For the life of the page, like the header.
    on_click.forget();
}

/// Shows `session` (`null`, or a user with a `name`).
fn show(corner: &Element, session: &JsValue) {
    let name = Reflect::get(session, &JsValue::from_str("name")).ok().and_then(|n| n.as_string());
    let part = |selector: &str| corner.query_selector(selector).ok().flatten();
    if let Some(label) = part(".session-name") {
        label.set_text_content(name.as_deref());
    }
    for (selector, hidden) in [(".session-signed-in", name.is_none()), (".sign-in", name.is_some())] {
        if let Some(element) = part(selector) {
            let _ = element.toggle_attribute_with_force("hidden", hidden);
        }
    }
    problem(corner, None);
}

async fn sign_out(corner: &Element) {
    let Some(window) = web_sys::window() else { return };
    let init = web_sys::RequestInit::new();
    init.set_method("POST");
    let answer = JsFuture::from(window.fetch_with_str_and_init("/api/auth/logout", &init)).await;
    let ended = answer.ok().and_then(|r| r.dyn_into::<web_sys::Response>().ok()).is_some_and(|r| r.ok());
    if !ended {
        problem(corner, Some("Signing out failed: check your connection and try again."));
        return;
    }
    set_raw(Session::KEY, Session::PERSISTENT, &JsValue::NULL);
    for (event, detail) in SIGNED_OUT {
        if let Ok(detail) = js_sys::JSON::parse(detail) {
            let _ = federation::bus::dispatch(event, &detail);
        }
    }
}

fn problem(corner: &Element, message: Option<&str>) {
    if let Some(slot) = corner.query_selector(".session-problem").ok().flatten() {
        slot.set_text_content(message);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use contract::events::{NavigationRequested, ToastRequested, ToastTone, UserLoggedOut};
    use federation::bus::{dom_event_name, Event};

    fn decode<E: Event>(index: usize) -> E {
        assert_eq!(SIGNED_OUT[index].0, dom_event_name::<E>());
        serde_json::from_str(SIGNED_OUT[index].1).unwrap()
    }

    #[test]
    fn signing_out_speaks_the_contract() {
        decode::<UserLoggedOut>(0);
        let toast = decode::<ToastRequested>(1);
        assert_eq!((toast.message.as_str(), toast.tone), ("You are signed out.", ToastTone::Info));
        assert_eq!(decode::<NavigationRequested>(2).to, "/");
    }
}
