//! The remote side: the mount ABI a remote's wasm bundle exports.
//!
//! A remote declares its exposed modules once with [`expose!`](crate::expose) and
//! gets two exports: `mount(module, element, props)`, returning a [`MountHandle`],
//! and `exposed()`, listing the module names. The list is also written into the
//! wasm custom section [`EXPOSES_SECTION`](crate::EXPOSES_SECTION), from which the
//! build tool writes the manifest.
//!
//! Components talk to the rest of the page through [`use_event`] (the typed event
//! bus) and [`use_shared`] (shared state), which end with the component.

mod hooks;

pub use hooks::{use_event, use_shared};

use std::any::Any;

use leptos::prelude::AnyView;
use wasm_bindgen::prelude::*;

#[doc(hidden)]
pub use web_sys::HtmlElement;

/// The props a host passes to a mounted module: a plain JS object, or `undefined`.
#[derive(Clone, Debug)]
pub struct Props(JsValue);

impl Props {
    /// The string property `key`, if the host set it to a string.
    pub fn get_string(&self, key: &str) -> Option<String> {
        if !self.0.is_object() {
            return None;
        }
        js_sys::Reflect::get(&self.0, &JsValue::from_str(key)).ok()?.as_string()
    }

    /// The props as the host passed them.
    pub fn raw(&self) -> &JsValue {
        &self.0
    }
}

/// Renders one exposed module from its props.
pub type Render = fn(Props) -> AnyView;

/// A mounted module. `unmount()` disposes its Leptos owner (signals, effects,
/// `on_cleanup` callbacks) and removes its DOM nodes and the listeners on them.
/// Unmounting twice is harmless.
#[wasm_bindgen]
pub struct MountHandle {
    mounted: Option<Box<dyn Any>>,
}

#[wasm_bindgen]
impl MountHandle {
    /// Unmounts the module.
    pub fn unmount(&mut self) {
        // Dropping Leptos' UnmountHandle removes the view and disposes its owner.
        self.mounted.take();
    }

    /// Whether the module is still mounted.
    #[wasm_bindgen(getter)]
    pub fn mounted(&self) -> bool {
        self.mounted.is_some()
    }
}

/// Mounts the module named `module` from `exposed` into `element`. Called by the
/// code `expose!` generates; the error is a JS `Error` whose message starts with
/// `FED-008` when the module is not exposed.
pub fn mount(
    module: &str,
    element: HtmlElement,
    props: JsValue,
    exposed: &[(&str, Render)],
) -> Result<MountHandle, JsValue> {
    let Some((_, render)) = exposed.iter().find(|(name, _)| *name == module) else {
        let names: Vec<&str> = exposed.iter().map(|(name, _)| *name).collect();
        let message = format!("FED-008: this remote does not expose `{module}` (it exposes: {})", names.join(", "));
        return Err(js_sys::Error::new(&message).into());
    };
    let (render, props) = (*render, Props(props));
    let handle = leptos::mount::mount_to(element, move || render(props));
    Ok(MountHandle { mounted: Some(Box::new(handle)) })
}

/// Copies `text` into an array of length `N`, for the custom section `expose!`
/// writes at compile time.
#[doc(hidden)]
pub const fn section_bytes<const N: usize>(text: &[u8]) -> [u8; N] {
    let mut out = [0u8; N];
    let mut i = 0;
    while i < N {
        out[i] = text[i];
        i += 1;
    }
    out
}

/// Declares a remote's exposed modules and generates its exported mount ABI.
///
/// Each entry names a module and gives a non-capturing closure (or function) that
/// renders it from [`Props`]. The crate must depend on `wasm-bindgen` directly.
///
/// ```ignore
/// federation::expose! {
///     AuthApp => |_| view! { <AuthApp/> }.into_any(),
///     LoginForm => |props| view! { <LoginForm redirect=props.get_string("redirect")/> }.into_any(),
/// }
/// ```
#[macro_export]
macro_rules! expose {
    ($($module:ident => $render:expr),+ $(,)?) => {
        /// Mounts one of this remote's exposed modules into `element`.
        #[::wasm_bindgen::prelude::wasm_bindgen]
        pub fn mount(
            module: &str,
            element: $crate::remote::HtmlElement,
            props: ::wasm_bindgen::JsValue,
        ) -> ::core::result::Result<$crate::remote::MountHandle, ::wasm_bindgen::JsValue> {
            $crate::remote::mount(module, element, props, &[
                $((::core::stringify!($module), ($render) as $crate::remote::Render)),+
            ])
        }

        /// The names of the modules this remote exposes.
        #[::wasm_bindgen::prelude::wasm_bindgen]
        pub fn exposed() -> ::std::vec::Vec<::std::string::String> {
            ::std::vec![$(::std::string::String::from(::core::stringify!($module))),+]
        }

        const _: () = {
            const NAMES: &[u8] = ::core::concat!($(::core::stringify!($module), "\n"),+).as_bytes();
            #[link_section = "mf_exposes"]
            #[used]
            static EXPOSES: [u8; NAMES.len()] = $crate::remote::section_bytes::<{ NAMES.len() }>(NAMES);
        };
    };
}
