//! A loaded remote, and modules mounted from it.

use alloc::{borrow::ToOwned, rc::Rc, string::String};

use js_sys::{Function, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::HtmlElement;

use super::describe;
use crate::{FederationError, RemoteLocation, RemoteName};

/// A remote whose wasm is instantiated and ready to mount modules. Cheap to clone.
#[derive(Clone)]
pub struct LoadedRemote(Rc<Inner>);

struct Inner {
    name: RemoteName,
    location: Rc<RemoteLocation>,
    /// The JS glue's module namespace, with the `mount` export.
    exports: JsValue,
    /// Where this instance's code comes from, as browsers name it in the stack
    /// of a trap, each unique per instance so a crash is pinned on the right one:
    /// the URL the wasm was compiled from (Chromium and Firefox name wasm frames
    /// by it) and the `blob:` URL of its glue (every engine names JS frames by it).
    sources: [String; 2],
    /// Its stylesheet's URL and integrity, if it has one.
    stylesheet: Option<(String, String)>,
}

impl LoadedRemote {
    pub(crate) fn new(
        name: RemoteName,
        location: Rc<RemoteLocation>,
        exports: JsValue,
        sources: [String; 2],
        stylesheet: Option<(String, String)>,
    ) -> Self {
        Self(Rc::new(Inner { name, location, exports, sources, stylesheet }))
    }

    /// Its stylesheet's URL (on the base its code came from) and integrity.
    pub(crate) fn stylesheet(&self) -> Option<(&str, &str)> {
        self.0.stylesheet.as_ref().map(|(href, integrity)| (href.as_str(), integrity.as_str()))
    }

    /// The remote's name.
    pub fn name(&self) -> &RemoteName {
        &self.0.name
    }

    /// Whether `other` is this very instance (not merely the same remote).
    pub fn is(&self, other: &LoadedRemote) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }

    /// Where in `stack` (of a trap) this instance's code first appears, if it
    /// does: the innermost frames come first. (A JS string search: Rust's
    /// substring search costs kilobytes of wasm.)
    pub(crate) fn position_in(&self, stack: &js_sys::JsString) -> Option<u32> {
        let [wasm, glue] = &self.0.sources;
        let mut frame = wasm.clone();
        frame.push_str(":wasm-function");
        [stack.index_of(&frame, 0), stack.index_of(glue, 0)].into_iter().filter_map(|i| u32::try_from(i).ok()).min()
    }

    /// Its entry in the remote map: version, files, contract, exposed modules.
    pub fn location(&self) -> &RemoteLocation {
        &self.0.location
    }

    /// Mounts `module` into `element` with `props` (a plain JS object or
    /// `undefined`), replacing nothing: the caller clears the element first.
    pub fn mount(&self, module: &str, element: &HtmlElement, props: &JsValue) -> Result<Mounted, FederationError> {
        let (name, location) = (&self.0.name, &self.0.location);
        if !location.exposes(module) {
            // By hand: `join` is a kilobyte of generic code in the runtime.
            let mut exposed = String::new();
            for (i, m) in location.exposes.iter().enumerate() {
                if i > 0 {
                    exposed.push_str(", ");
                }
                exposed.push_str(m.as_str());
            }
            return Err(FederationError::ModuleNotExposed { remote: name.clone(), module: module.to_owned(), exposed });
        }
        let failed =
            |detail: String| FederationError::MountFailed { remote: name.clone(), module: module.to_owned(), detail };
        let mount: Function = Reflect::get(&self.0.exports, &JsValue::from_str("mount"))
            .ok()
            .and_then(|f| f.dyn_into().ok())
            .ok_or_else(|| failed("the bundle has no `mount` export".into()))?;
        let handle = mount.call3(&JsValue::NULL, &JsValue::from_str(module), element, props).map_err(|e| {
            if e.is_instance_of::<js_sys::WebAssembly::RuntimeError>() {
                FederationError::RemoteCrashed { remote: name.clone(), detail: describe(&e) }
            } else {
                failed(describe(&e))
            }
        })?;
        Ok(Mounted { handle, instance: self.clone() })
    }
}

/// A module mounted by [`LoadedRemote::mount`]. Unmount it when its route goes.
pub struct Mounted {
    handle: JsValue,
    instance: LoadedRemote,
}

impl Mounted {
    /// The instance it was mounted from.
    pub fn instance(&self) -> &LoadedRemote {
        &self.instance
    }

    /// Unmounts the module: disposes its Leptos owner and removes its DOM and
    /// listeners, then frees the handle in the remote's memory.
    pub fn unmount(self) {
        mf_unmount(&self.handle);
    }
}

// A remote that traps while unmounting is dead; nothing to recover (a caught
// exception: it never reaches the page's error handlers).
#[wasm_bindgen(inline_js = "export function mf_unmount(handle) {
  for (const method of ['unmount', 'free']) {
    try {
      if (typeof handle[method] === 'function') handle[method]();
    } catch {}
  }
}")]
extern "C" {
    /// Calls the handle's `unmount`, then its `free` (each if it has it, each
    /// whatever the other did).
    fn mf_unmount(handle: &JsValue);
}
