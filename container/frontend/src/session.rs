//! The session, which the container owns. The server's view of the shared state
//! (`<script id="mf-state">`) is applied before any remote mounts: a session that
//! expired on the server does not linger in localStorage, and a fresh sign-in is
//! seen at once. The header's session corner (rendered by the server) follows
//! the shared `session` state, and its Sign out button ends the session.

use contract::state::Session;
use federation::state::{get_raw, set_raw, SharedState};
use js_sys::Reflect;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Document, Element, HtmlElement};

/// What signing out tells the page, as the contract's events: `UserLoggedOut`,
/// `ToastRequested` and `NavigationRequested` (checked by the tests below).
const SIGNED_OUT: [(&str, &str); 3] = [
    ("mf:user-logged-out", "{}"),
    ("mf:toast", r#"{"message":"You are signed out.","tone":"info"}"#),
    ("mf:navigate", r#"{"to":"/"}"#),
];

pub(crate) fn apply_server_state(document: &Document) {
    if let Some(session) = server_session(document) {
        set_raw(Session::KEY, Session::PERSISTENT, &session);
    }
}

/// After an in-page navigation: the fetched page's session wins when it names
/// another user, or none (ended on the server: expired, signed out elsewhere).
/// The same user's details as the page already has them are kept.
pub(crate) fn follow_server_state(page: &Document) {
    let Some(server) = server_session(page) else { return };
    let current = get_raw(Session::KEY, Session::PERSISTENT);
    let id = |session: &JsValue| Reflect::get(session, &JsValue::from_str("id")).ok().and_then(|id| id.as_f64());
    if server.is_null() != current.is_null() || id(&server) != id(&current) {
        set_raw(Session::KEY, Session::PERSISTENT, &server);
    }
}

/// The session in a page's `<script id="mf-state">`: a user, or `null`.
fn server_session(document: &Document) -> Option<JsValue> {
    let text = document.get_element_by_id("mf-state")?.text_content()?;
    let state = js_sys::JSON::parse(&text).ok()?;
    Reflect::get(&state, &JsValue::from_str(Session::KEY)).ok().filter(|s| !s.is_undefined())
}

/// Keeps the header's session corner in step with the shared session, and
/// signs out from it.
pub(crate) fn install_corner(document: &Document) {
    let Some(corner) = document.query_selector("[data-mf-session]").ok().flatten() else { return };
    let shown = corner.clone();
    let event = federation::state::storage_key::<Session>();
    federation::bus::Subscription::listen(event, move |session| {
        // A preload read for the previous user must not answer for the next.
        crate::data_preloads::use_up();
        show(&shown, &session);
    })
    .forget();
    let Some(button) = corner.query_selector(".sign-out").ok().flatten() else { return };
    let on_click = Closure::<dyn FnMut(web_sys::Event)>::new(move |_: web_sys::Event| {
        let corner = corner.clone();
        wasm_bindgen_futures::spawn_local(async move {
            // One at a time: the button is disabled while it runs.
            let Some(button) = corner.query_selector(".sign-out").ok().flatten() else { return };
            if button.has_attribute("disabled") {
                return;
            }
            let _ = button.set_attribute("disabled", "");
            sign_out(&corner).await;
            let _ = button.remove_attribute("disabled");
        });
    });
    let _ = button.add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref());
    // For the life of the page, like the header.
    on_click.forget();
}

#[wasm_bindgen(inline_js = "export function show(corner, session) {
  const name = typeof session?.name === 'string' ? session.name : null;
  const part = (selector) => corner.querySelector(selector);
  const label = part('.session-name');
  if (label) label.textContent = name;
  part('.session-signed-in')?.toggleAttribute('hidden', name === null);
  part('.sign-in')?.toggleAttribute('hidden', name !== null);
  const problem = part('.session-problem');
  if (problem) problem.textContent = null;
}")]
extern "C" {
    /// Shows `session` (`null`, or a user with a `name`) in the corner, and
    /// clears the corner's last problem. DOM steps only, so in JS.
    fn show(corner: &Element, session: &JsValue);
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
    // Focus was on the button, now hidden: keep it in the corner.
    if let Some(sign_in) =
        corner.query_selector(".sign-in").ok().flatten().and_then(|a| a.dyn_into::<HtmlElement>().ok())
    {
        let _ = sign_in.focus();
    }
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
