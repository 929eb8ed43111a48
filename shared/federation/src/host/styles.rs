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

/// The attribute that names the remote a `<link>` (or inlined `<style>`) belongs to.
const OWNER: &str = crate::STYLES_OWNER_ATTRIBUTE;
/// The property of a link we made holding a promise of whether it loaded (see [`mf_link`]).
const SETTLED: &str = "mfSettled";

/// Starts downloading `remote`'s stylesheet into `root` (the document's `<head>`
/// or a shadow root) unless its link is there: called before the remote loads,
/// so the stylesheet is ready when the module mounts. When the server inlined
/// the remote's styles with a prerendered module (a `<style>` in its mount
/// point, applied), that element moves into `root` and is the stylesheet:
/// nothing is downloaded, and it goes when the remote's last module unmounts.
pub fn start_stylesheet(root: &Node, remote: &str, href: &str, integrity: &str) {
    if find(root, remote).is_some() {
        return;
    }
    let document = root.owner_document().or_else(|| web_sys::window()?.document());
    let inlined = document.and_then(|d| d.query_selector(&format!("style[{OWNER}=\"{remote}\"]")).ok().flatten());
    if let Some(styles) = inlined {
        // Applied, unless the page's policy refused it (no sheet): then the link.
        if Reflect::get(&styles, &JsValue::from_str("sheet")).is_ok_and(|sheet| !sheet.is_null()) {
            let _ = root.append_child(&styles);
            return;
        }
        styles.remove();
    }
    add(root, remote, href, integrity);
}

/// Adds `instance`'s stylesheet (with its integrity) to `root` unless it is
/// there, and waits until it has loaded. A link that failed (its base was down,
/// say) is replaced by one from the base the remote's code came from; a
/// stylesheet that fails again is reported in the console and removed, and the
/// module mounts without it rather than not at all.
pub async fn attach_stylesheet(instance: &LoadedRemote, root: &Node) {
    let Some((href, integrity)) = instance.stylesheet() else { return };
    let name = instance.name().as_str();
    for last_try in [false, true] {
        let Some(link) = find(root, name).or_else(|| add(root, name, href, integrity)) else { return };
        let Ok(settled) = Reflect::get(&link, &JsValue::from_str(SETTLED)).and_then(|p| p.dyn_into::<Promise>()) else {
            return; // Not one of ours (written by hand): nothing to wait for.
        };
        if JsFuture::from(settled).await.ok().and_then(|loaded| loaded.as_bool()) != Some(false) {
            return;
        }
        link.remove();
        if last_try {
            let message = format!("the stylesheet of `{name}` ({href}) did not load; its modules show unstyled");
            web_sys::console::error_1(&JsValue::from_str(&message));
        }
    }
}

/// Removes `remote`'s stylesheet (link or inlined styles) from the document's `<head>`.
pub fn detach_stylesheet(remote: &str) {
    let head = web_sys::window().and_then(|w| w.document()).and_then(|d| d.head());
    if let Some(link) = head.and_then(|head| find(&head, remote)) {
        link.remove();
    }
}

#[wasm_bindgen(inline_js = "export function mf_link(root, owner, remote, href, integrity) {
  const link = (root.ownerDocument || document).createElement('link');
  link.rel = 'stylesheet';
  link.crossOrigin = 'anonymous';
  link.integrity = integrity;
  link.href = href;
  link.setAttribute(owner, remote);
  link.mfSettled = new Promise((resolve) => {
    link.addEventListener('load', () => resolve(true));
    link.addEventListener('error', () => resolve(false));
  });
  root.appendChild(link);
  return link;
}")]
extern "C" {
    /// A new `<link rel="stylesheet">` of `remote` (in the attribute `owner`) in
    /// `root`, with `href` and `integrity`, and in its `mfSettled` property a
    /// promise of whether it loaded (its `load` or `error` event may come before
    /// anyone waits for it).
    #[wasm_bindgen(catch)]
    fn mf_link(root: &Node, owner: &str, remote: &str, href: &str, integrity: &str) -> Result<Element, JsValue>;
}

/// A new link of `remote`'s stylesheet in `root` (see [`mf_link`]).
fn add(root: &Node, remote: &str, href: &str, integrity: &str) -> Option<Element> {
    mf_link(root, OWNER, remote, href, integrity).ok()
}

/// The `<link>` (or inlined `<style>`) of `remote` directly in `root`.
fn find(root: &Node, remote: &str) -> Option<Element> {
    let children = root.child_nodes();
    (0..children.length())
        .filter_map(|i| children.item(i)?.dyn_into::<Element>().ok())
        .find(|child| child.get_attribute(OWNER).as_deref() == Some(remote))
}
