//! The page's mount points: `[data-mf-remote]` elements rendered by the server's
//! `<RemoteView/>`. Each is loaded and mounted, shows an error with Retry when that
//! fails, and is unmounted when its route goes. Mount points outside `<main>`
//! stay mounted across navigation.

use alloc::{borrow::ToOwned, rc::Rc, string::String, vec::Vec};
use core::cell::{Cell, RefCell};

use federation::host::{LoadedRemote, Loader, Mounted};
use federation::text::concat;
use federation::FederationError;
use wasm_bindgen::prelude::*;
use web_sys::{Document, Element, HtmlElement};

/// Every module mounted on the current page, with its mount point.
pub(crate) struct Mounts {
    loader: Rc<Loader>,
    mounted: RefCell<Vec<(HtmlElement, Mounted)>>,
    /// Bumped on every route change, so a load that finishes after its page is
    /// gone does not mount into it.
    page: Cell<u32>,
}

impl Mounts {
    pub(crate) fn new(loader: Rc<Loader>) -> Self {
        Self { loader, mounted: RefCell::new(Vec::new()), page: Cell::new(0) }
    }

    /// Loads and mounts every mount point in `root` that is not mounted yet.
    pub(crate) fn mount_all(self: &Rc<Self>, root: &Document) {
        let Ok(points) = root.query_selector_all("[data-mf-remote]:not([data-mf-state])") else { return };
        for i in 0..points.length() {
            if let Some(point) = points.item(i).and_then(|n| n.dyn_into::<HtmlElement>().ok()) {
                self.mount(point);
            }
        }
    }

    /// Loads the remotes that `page`'s mount points need, without mounting: the
    /// route a link leads to is then ready when the link is followed.
    pub(crate) fn warm(&self, page: &Document) {
        let Ok(points) = page.query_selector_all("[data-mf-remote]") else { return };
        for i in 0..points.length() {
            let Some(remote) =
                points.item(i).and_then(|n| n.dyn_into::<Element>().ok()?.get_attribute("data-mf-remote"))
            else {
                continue;
            };
            let loader = Rc::clone(&self.loader);
            // A failure shows when the route mounts, with Retry.
            wasm_bindgen_futures::spawn_local(async move { drop(loader.load(&remote).await) });
        }
    }

    /// Unmounts the modules inside `container` (the route's `<main>`), before the
    /// route changes to `next` (the new route's `<main>`). A remote left with no
    /// module on the page loses its stylesheet, unless `next` mounts it again.
    pub(crate) fn unmount_within(&self, container: &Element, next: &Element) {
        self.page.set(self.page.get().wrapping_add(1));
        crate::data_preloads::use_up();
        let mut mounted = self.mounted.borrow_mut();
        let (leaving, staying): (Vec<_>, Vec<_>) =
            mounted.drain(..).partition(|(point, _)| container.contains(Some(point)));
        *mounted = staying;
        drop(mounted);
        for (_, module) in leaving {
            let remote = module.instance().name().as_str().to_owned();
            module.unmount();
            let selector = concat(&["[data-mf-remote=\"", &remote, "\"]"]);
            if !next.query_selector(&selector).is_ok_and(|found| found.is_some()) {
                self.detach_if_unused(&remote);
            }
        }
    }

    /// Removes `remote`'s stylesheet when none of its modules is mounted.
    fn detach_if_unused(&self, remote: &str) {
        if !self.mounted.borrow().iter().any(|(_, m)| m.instance().name().as_str() == remote) {
            federation::host::detach_stylesheet(remote);
        }
    }

    /// The loader mounts load from.
    #[cfg(feature = "devtools")]
    pub(crate) fn loader(&self) -> Rc<Loader> {
        Rc::clone(&self.loader)
    }

    /// Unmounts every module of `remote` and mounts each again from a fresh
    /// instance (with the loader's entry as it is now), and retries its failed
    /// slots: a developer's reload.
    #[cfg(feature = "devtools")]
    pub(crate) fn reload(self: &Rc<Self>, remote: &str) {
        let mut mounted = self.mounted.borrow_mut();
        let (going, staying): (Vec<_>, Vec<_>) =
            mounted.drain(..).partition(|(_, m)| m.instance().name().as_str() == remote);
        *mounted = staying;
        drop(mounted);
        if let Some(name) = federation::RemoteName::new(remote) {
            self.loader.forget_remote(&name);
        }
        let mut points: Vec<HtmlElement> = going
            .into_iter()
            .map(|(point, module)| {
                module.unmount();
                point
            })
            .collect();
        let failed = format!("[data-mf-remote=\"{remote}\"][data-mf-state=\"error\"]");
        if let Some(document) = web_sys::window().and_then(|w| w.document()) {
            if let Ok(list) = document.query_selector_all(&failed) {
                points.extend((0..list.length()).filter_map(|i| list.item(i)?.dyn_into::<HtmlElement>().ok()));
            }
        }
        for point in points {
            point.set_inner_html("");
            self.mount(point);
        }
    }

    fn mount(self: &Rc<Self>, point: HtmlElement) {
        let _ = point.set_attribute("data-mf-state", "loading");
        let this = Rc::clone(self);
        let page = self.page.get();
        let outside_main = point.closest("main").ok().flatten().is_none();
        wasm_bindgen_futures::spawn_local(async move {
            let remote = point.get_attribute("data-mf-remote").unwrap_or_default();
            let module = point.get_attribute("data-mf-module").unwrap_or_default();
            let props = point
                .get_attribute("data-mf-props")
                .and_then(|p| js_sys::JSON::parse(&p).ok())
                .unwrap_or(JsValue::UNDEFINED);
            // Its stylesheet downloads while the remote loads (not after).
            if !point.has_attribute("data-mf-shadow") {
                let head = point.owner_document().and_then(|d| d.head());
                if let (Some(head), Some((href, integrity))) = (head, this.loader.stylesheet(&remote)) {
                    federation::host::start_stylesheet(&head, &remote, &href, &integrity);
                }
            }
            let mut loaded = this.loader.load(&remote).await;
            if loaded.as_ref().is_ok_and(|instance| !this.loader.is_current(instance)) {
                // It crashed (from another slot) while this one waited: a fresh one.
                loaded = this.loader.load(&remote).await;
            }
            if (!outside_main && this.page.get() != page) || !point.is_connected() {
                return;
            }
            let instance = match loaded {
                Ok(instance) => instance,
                Err(error) => return this.show_error(point, &error),
            };
            // Its stylesheet first: nothing shows unstyled.
            let target = mount_target(&point, &instance).await;
            if (!outside_main && this.page.get() != page) || !point.is_connected() {
                return;
            }
            let Some(target) = target else {
                let detail = String::from("cannot make its mount point (shadow root)");
                let module = module.clone();
                return this.show_error(
                    point,
                    &FederationError::MountFailed { remote: instance.name().clone(), module, detail },
                );
            };
            // A prerendered module's HTML stays until the module takes over from it
            // (keeping what a student typed there): the remote's mount does that.
            if !point.has_attribute("data-mf-prerendered") || point.has_attribute("data-mf-shadow") {
                point.set_inner_html("");
            }
            let started = now();
            let mounted = instance.mount(&module, &target, &props);
            this.loader.record_mount(instance.name(), now() - started);
            let _ = point.set_attribute("aria-busy", "false");
            match mounted {
                Ok(mounted) => {
                    let _ = point.set_attribute("data-mf-state", "mounted");
                    this.mounted.borrow_mut().push((point, mounted));
                }
                Err(FederationError::RemoteCrashed { detail, .. }) => this.crashed(&instance, detail, Some(point)),
                Err(error) => this.show_error(point, &error),
            }
        });
    }

    /// Contains crashes: a trap (a panic or a fault) that escapes a remote's wasm
    /// later, in an event handler or a task, takes that remote's modules off the
    /// page, each slot showing the error with Retry; the rest of the page goes on.
    pub(crate) fn guard_crashes(self: &Rc<Self>) {
        let Some(window) = web_sys::window() else { return };
        for (event, field) in [("error", "error"), ("unhandledrejection", "reason")] {
            let this = Rc::clone(self);
            let listener = Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
                let Ok(error) = js_sys::Reflect::get(&event, &JsValue::from_str(field)) else { return };
                if let Some((instance, detail)) = this.loader.crashed_by(&error) {
                    this.crashed(&instance, detail, None);
                }
            });
            let _ = window.add_event_listener_with_callback(event, listener.as_ref().unchecked_ref());
            // For the life of the page.
            listener.forget();
        }
    }

    /// `instance` crashed: stop using it (Retry loads a fresh one), unmount what
    /// it had mounted (as far as a dead instance can: its listeners go), and show
    /// the error in each of those slots (and in `failed`, the slot whose mount
    /// trapped). Slots of a newer instance of the same remote are left alone.
    fn crashed(self: &Rc<Self>, instance: &LoadedRemote, detail: String, failed: Option<HtmlElement>) {
        self.loader.forget(instance);
        let mut mounted = self.mounted.borrow_mut();
        let (dead, alive): (Vec<_>, Vec<_>) = mounted.drain(..).partition(|(_, m)| m.instance().is(instance));
        *mounted = alive;
        drop(mounted);
        let error = FederationError::RemoteCrashed { remote: instance.name().clone(), detail };
        let points = dead.into_iter().map(|(point, module)| {
            module.unmount();
            point
        });
        for point in points.chain(failed) {
            self.show_error(point, &error);
        }
    }

    /// Replaces the mount point's content with the error, its code and Retry.
    fn show_error(self: &Rc<Self>, point: HtmlElement, error: &FederationError) {
        let retry = error_panel(&point, error.code(), &error.message());
        let this = Rc::clone(self);
        // The listeners' one closure type; the page's JS owns it, and it goes with
        // the button (which the click replaces). Once: the click starts a load (a
        // second click, even on the detached button, finds the point loading or
        // mounted).
        let on_retry = Closure::<dyn FnMut(web_sys::Event)>::new(move |_: web_sys::Event| {
            if retry_starts(&point) {
                this.mount(point.clone());
            }
        })
        .into_js_value();
        let _ = retry.add_event_listener_with_callback("click", on_retry.unchecked_ref());
    }
}

// DOM steps only, so in JS: from wasm each would cost an import and its glue.
#[wasm_bindgen(inline_js = "export function error_panel(point, code, message) {
  console.error(message);
  // A shadow-root module's slot: show the page's own content (the error) again.
  if (point.shadowRoot) point.shadowRoot.innerHTML = '<slot></slot>';
  point.setAttribute('data-mf-state', 'error');
  point.setAttribute('data-mf-error', code);
  const element = (tag, name, text) => {
    const e = point.ownerDocument.createElement(tag);
    e.className = name;
    e.textContent = text;
    return e;
  };
  const panel = element('div', 'mf-error', '');
  panel.setAttribute('role', 'alert');
  const retry = element('button', 'mf-retry', 'Retry');
  retry.setAttribute('type', 'button');
  panel.append(element('p', 'mf-error-message', 'This part of the page could not be loaded.'), element('p', 'mf-error-detail', message), retry);
  point.replaceChildren(panel);
  return retry;
}
export function retry_starts(point) {
  if (point.getAttribute('data-mf-state') !== 'error') return false;
  point.setAttribute('aria-busy', 'true');
  point.removeAttribute('data-mf-error');
  point.innerHTML = '<div class=\"mf-loading\" role=\"status\"><span class=\"mf-spinner\" aria-hidden=\"true\"></span><span>Loading…</span></div>';
  return true;
}")]
extern "C" {
    /// Logs `message` and replaces `point`'s content with an alert panel: the
    /// message, `code` in its `data-mf-error`, and a Retry button (returned).
    fn error_panel(point: &HtmlElement, code: &str, message: &str) -> Element;
    /// When `point` shows an error: shows it loading again and says yes.
    fn retry_starts(point: &HtmlElement) -> bool;
}

/// Where a module of `instance` mounts in `point`, once the remote's stylesheet
/// has loaded: the point itself, with the stylesheet in the page's `<head>`;
/// or, for a point marked `data-mf-shadow`, an element in the point's shadow
/// root (the stylesheet in that root, the tokens inherited from the page), so
/// no rule of the page reaches the module and none of the module's leaves it.
async fn mount_target(point: &HtmlElement, instance: &LoadedRemote) -> Option<HtmlElement> {
    let document = point.owner_document()?;
    if !point.has_attribute("data-mf-shadow") {
        let head: web_sys::Node = document.head()?.into();
        federation::host::attach_stylesheet(instance, &head).await;
        return Some(point.clone());
    }
    let shadow = match point.shadow_root() {
        Some(shadow) => shadow,
        None => point.attach_shadow(&web_sys::ShadowRootInit::new(web_sys::ShadowRootMode::Open)).ok()?,
    };
    shadow.set_inner_html("");
    federation::host::attach_stylesheet(instance, &shadow).await;
    let root: HtmlElement = document.create_element("div").ok()?.dyn_into().ok()?;
    let _ = root.set_attribute("data-mf-remote", instance.name().as_str());
    root.set_class_name("mf-shadow-root");
    shadow.append_child(&root).ok()?;
    Some(root)
}

/// Milliseconds from the page's time origin (sub-millisecond where the browser allows).
fn now() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now())
}
