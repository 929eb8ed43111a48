//! A remote's stylesheet on the page: attached before its first module mounts
//! (the mount waits until it has loaded, so nothing shows unstyled) and detached
//! when its last module unmounts, so no rule of a remote that left stays behind.
//! A module mounted into a shadow root gets its own copy of the link inside that
//! root; the design tokens (custom properties) inherit into it from the page.

use js_sys::{Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Element, Node};

use super::LoadedRemote;

/// The attribute that names the remote a `<link>` belongs to.
const OWNER: &str = "data-mf-css";

/// Adds `instance`'s stylesheet (with its integrity) to `root`, the document's
/// `<head>` or a shadow root, unless it is there, and waits until it has loaded.
/// A stylesheet that fails to load is reported in the console, and the module
/// mounts without it rather than not at all.
pub async fn attach_stylesheet(instance: &LoadedRemote, root: &Node) {
    let Some((href, integrity)) = instance.stylesheet() else { return };
    let name = instance.name().as_str();
    let link = match find(root, name) {
        Some(link) => link,
        None => {
            let Some(link) = root.owner_document().and_then(|d| d.create_element("link").ok()).or_else(|| {
                web_sys::window()?.document()?.create_element("link").ok()
            }) else {
                return;
            };
            for (attribute, value) in [
                ("rel", "stylesheet"),
                ("href", href),
                ("integrity", integrity),
                ("crossorigin", "anonymous"),
                (OWNER, name),
            ] {
                let _ = link.set_attribute(attribute, value);
            }
            if root.append_child(&link).is_err() {
                return;
            }
            link
        }
    };
    if Reflect::get(&link, &JsValue::from_str("sheet")).is_ok_and(|sheet| sheet.is_truthy()) {
        return; // Loaded already.
    }
    let loaded = Promise::new(&mut |resolve, _| {
        for event in ["load", "error"] {
            let _ = link.add_event_listener_with_callback(event, &resolve);
        }
    });
    let _ = JsFuture::from(loaded).await;
}

/// Removes `remote`'s stylesheet from the document's `<head>`.
pub fn detach_stylesheet(remote: &str) {
    let head = web_sys::window().and_then(|w| w.document()).and_then(|d| d.head());
    if let Some(link) = head.and_then(|head| find(&head, remote)) {
        link.remove();
    }
}

/// The `<link>` of `remote` directly in `root`.
fn find(root: &Node, remote: &str) -> Option<Element> {
    let children = root.child_nodes();
    (0..children.length()).filter_map(|i| children.item(i)?.dyn_into::<Element>().ok()).find(|child| {
        child.tag_name().eq_ignore_ascii_case("link") && child.get_attribute(OWNER).as_deref() == Some(remote)
    })
}
