//! A remote's stylesheet on the page: attached before its first module mounts
//! (the mount waits until it has loaded, so nothing shows unstyled) and detached
//! when its last module unmounts, so no rule of a remote that left stays behind.
//! A module mounted into a shadow root gets its own copy of the link inside that
//! root; the design tokens (custom properties) inherit into it from the page.

use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Element, Node};

use super::LoadedRemote;

/// The attribute that names the remote a `<link>` (or inlined `<style>`) belongs to.
const OWNER: &str = crate::STYLES_OWNER_ATTRIBUTE;

/// Starts downloading `remote`'s stylesheet into `root` (the document's `<head>`
/// or a shadow root) unless its link is there: called before the remote loads,
/// so the stylesheet is ready when the module mounts. When the server inlined
/// the remote's styles with a prerendered module (a `<style>` in its mount
/// point, applied), that element moves into `root` and is the stylesheet:
/// nothing is downloaded, and it goes when the remote's last module unmounts.
pub fn start_stylesheet(root: &Node, remote: &str, href: &str, integrity: &str) {
    mf_start(root, OWNER, remote, href, integrity);
}

/// Adds `instance`'s stylesheet (with its integrity) to `root` unless it is
/// there, and waits until it has loaded. A link that failed (its base was down,
/// say) is replaced by one from the base the remote's code came from; a
/// stylesheet that fails again is reported in the console and removed, and the
/// module mounts without it rather than not at all.
pub async fn attach_stylesheet(instance: &LoadedRemote, root: &Node) {
    let Some((href, integrity)) = instance.stylesheet() else { return };
    drop(JsFuture::from(mf_attach(root, OWNER, instance.name().as_str(), href, integrity)).await);
}

/// Removes `remote`'s stylesheet (link or inlined styles) from the document's `<head>`.
pub fn detach_stylesheet(remote: &str) {
    let head = web_sys::window().and_then(|w| w.document()).and_then(|d| d.head());
    if let Some(link) = head.and_then(|head| mf_find(&head, OWNER, remote)) {
        link.remove();
    }
}

// DOM steps only, so in JS: from wasm each would cost an import and its glue.
// None throws into wasm.
#[wasm_bindgen(inline_js = "export function mf_find(root, owner, remote) {
  for (const child of root.children) if (child.getAttribute(owner) === remote) return child;
  return undefined;
}
function link(root, owner, remote, href, integrity) {
  try {
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
  } catch {
    return undefined;
  }
}
export function mf_start(root, owner, remote, href, integrity) {
  if (mf_find(root, owner, remote)) return;
  const inlined = (root.ownerDocument || document).querySelector(`style[${owner}=\"${remote}\"]`);
  if (inlined) {
    // Applied, unless the page's policy refused it (no sheet): then the link.
    if (inlined.sheet !== null) return void root.appendChild(inlined);
    inlined.remove();
  }
  link(root, owner, remote, href, integrity);
}
export async function mf_attach(root, owner, remote, href, integrity) {
  for (const lastTry of [false, true]) {
    const found = mf_find(root, owner, remote) || link(root, owner, remote, href, integrity);
    // None, or not one of ours (written by hand): nothing to wait for.
    if (!found || !(found.mfSettled instanceof Promise)) return;
    if ((await found.mfSettled.catch(() => undefined)) !== false) return;
    found.remove();
    if (lastTry) console.error('the stylesheet of `' + remote + '` (' + href + ') did not load; its modules show unstyled');
  }
}")]
extern "C" {
    /// The `<link>` (or inlined `<style>`) of `remote` (in the attribute `owner`)
    /// directly in `root`.
    fn mf_find(root: &Node, owner: &str, remote: &str) -> Option<Element>;
    /// [`start_stylesheet`]: a new link is a `<link rel="stylesheet">` with
    /// `href` and `integrity`, and in its `mfSettled` property a promise of
    /// whether it loaded (its `load` or `error` event may come before anyone
    /// waits for it).
    fn mf_start(root: &Node, owner: &str, remote: &str, href: &str, integrity: &str);
    /// [`attach_stylesheet`]'s steps; resolves when they are done.
    fn mf_attach(root: &Node, owner: &str, remote: &str, href: &str, integrity: &str) -> js_sys::Promise;
}
