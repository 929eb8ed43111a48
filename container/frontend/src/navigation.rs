//! Client-side navigation between the shell's routes with the History API: a click
//! on a same-origin link, or a remote's `mf:navigate` event (`{to: "/path"}`),
//! fetches the target page, swaps the shell's `<main>`, unmounts the old route's
//! remotes and mounts the new route's. Server redirects (a guarded route sending
//! to `/login?next=…`) are followed into the address bar. Anything that fails
//! falls back to an ordinary page load.

use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Document, DomParser, Element, MouseEvent, SupportedType};

use crate::mounts::Mounts;

/// The id of the shell's `<main>`, the part of the page a route owns.
const MAIN_ID: &str = "mf-main";

/// Intercepts link clicks and back/forward.
pub(crate) fn install(document: &Document, mounts: Rc<Mounts>) {
    let on_click = {
        let (document, mounts) = (document.clone(), Rc::clone(&mounts));
        Closure::<dyn Fn(MouseEvent)>::new(move |event: MouseEvent| {
            if let Some(path) = internal_link(&event) {
                event.prevent_default();
                navigate(&document, &mounts, path, true);
            }
        })
    };
    let on_popstate = {
        let (document, mounts) = (document.clone(), Rc::clone(&mounts));
        Closure::<dyn Fn()>::new(move || {
            let path = web_sys::window().and_then(|w| w.location().pathname().ok()).unwrap_or_default();
            navigate(&document, &mounts, path, false);
        })
    };
    let on_request = {
        let (document, mounts) = (document.clone(), Rc::clone(&mounts));
        move |detail: JsValue| {
            let to = js_sys::Reflect::get(&detail, &JsValue::from_str("to")).ok().and_then(|t| t.as_string());
            match to {
                Some(to) if to.starts_with('/') && !to.starts_with("//") => navigate(&document, &mounts, to, true),
                _ => web_sys::console::error_1(&JsValue::from_str("mf:navigate needs {to: \"/a/local/path\"}")),
            }
        }
    };
    federation::bus::Subscription::listen(String::from("mf:navigate"), on_request).forget();
    let _ = document.add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref());
    if let Some(window) = web_sys::window() {
        let _ = window.add_event_listener_with_callback("popstate", on_popstate.as_ref().unchecked_ref());
    }
    // The shell lives as long as the page.
    on_click.forget();
    on_popstate.forget();
}

/// The path of a plain left click on a same-origin link that the shell handles.
fn internal_link(event: &MouseEvent) -> Option<String> {
    if event.default_prevented()
        || event.button() != 0
        || event.ctrl_key()
        || event.meta_key()
        || event.shift_key()
        || event.alt_key()
    {
        return None;
    }
    let anchor: web_sys::HtmlAnchorElement =
        event.target()?.dyn_into::<Element>().ok()?.closest("a[href]").ok()??.dyn_into().ok()?;
    let location = web_sys::window()?.location();
    let same_origin = anchor.origin() == location.origin().ok()?;
    let plain =
        anchor.target().is_empty() && !anchor.has_attribute("download") && !anchor.has_attribute("data-mf-reload");
    (same_origin && plain).then(|| format!("{}{}", anchor.pathname(), anchor.search()))
}

fn navigate(document: &Document, mounts: &Rc<Mounts>, path: String, push: bool) {
    let (document, mounts) = (document.clone(), Rc::clone(mounts));
    wasm_bindgen_futures::spawn_local(async move {
        let swapped = match fetch_page(&path).await {
            Some((page, landed)) => {
                if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
                    // The page may have been redirected (a guarded route): show where we landed.
                    let _ = if push {
                        history.push_state_with_url(&JsValue::NULL, "", Some(&landed))
                    } else {
                        history.replace_state_with_url(&JsValue::NULL, "", Some(&landed))
                    };
                }
                swap_main(&document, &mounts, &page)
            }
            None => false,
        };
        if !swapped {
            if let Some(window) = web_sys::window() {
                let _ = window.location().assign(&path);
            }
        }
    });
}

/// The page at `path`, and the path it ended at after redirects.
async fn fetch_page(path: &str) -> Option<(Document, String)> {
    let window = web_sys::window()?;
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str(path)).await.ok()?.dyn_into().ok()?;
    // A 404 page is still a page to show; a server error is left to a full load.
    if response.status() >= 500 {
        return None;
    }
    let landed = web_sys::Url::new(&response.url()).map(|u| format!("{}{}", u.pathname(), u.search())).ok()?;
    let html = JsFuture::from(response.text().ok()?).await.ok()?.as_string()?;
    Some((DomParser::new().ok()?.parse_from_string(&html, SupportedType::TextHtml).ok()?, landed))
}

/// Moves the new page's `<main>` and title into the current page.
fn swap_main(document: &Document, mounts: &Rc<Mounts>, page: &Document) -> bool {
    let (Some(current), Some(next)) = (document.get_element_by_id(MAIN_ID), page.get_element_by_id(MAIN_ID)) else {
        return false;
    };
    mounts.unmount_within(&current);
    crate::toggles::close_sidebar();
    // Preloads are for cold loads: this page keeps the versions it loaded, which
    // may not be the ones the new page's HTML names.
    if let Ok(preloads) = next.query_selector_all("link[rel=preload]") {
        for i in 0..preloads.length() {
            if let Some(link) = preloads.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
                link.remove();
            }
        }
    }
    current.set_inner_html(&next.inner_html());
    document.set_title(&page.title());
    mark_current_link(document);
    if let Some(window) = web_sys::window() {
        window.scroll_to_with_x_and_y(0.0, 0.0);
    }
    mounts.mount_all(document);
    true
}

/// Sets `aria-current="page"` on the nav link of the current path.
fn mark_current_link(document: &Document) {
    let path = web_sys::window().and_then(|w| w.location().pathname().ok()).unwrap_or_default();
    let Ok(links) = document.query_selector_all("nav a[href]") else {
        return;
    };
    for i in 0..links.length() {
        let Some(link) = links.item(i).and_then(|n| n.dyn_into::<Element>().ok()) else {
            continue;
        };
        if link.get_attribute("href").as_deref() == Some(path.as_str()) {
            let _ = link.set_attribute("aria-current", "page");
        } else {
            let _ = link.remove_attribute("aria-current");
        }
    }
}
