//! The remote side: the mount ABI a remote's wasm bundle exports.
//!
//! A remote declares its exposed modules once with [`expose!`](crate::expose) and
//! gets one export: `mount(module, element, props)`, returning a [`MountHandle`].
//! The module names are written into the wasm custom section
//! [`EXPOSES_SECTION`](crate::EXPOSES_SECTION), from which the build tool writes
//! the manifest (the container reads them there, so the bundle exports no list).
//!
//! Components talk to the rest of the page through [`use_event`] (the typed event
//! bus) and [`use_shared`] (shared state), and read data with [`use_async`]; all
//! end with the component.
//!
//! A module marked `#[prerender]` is also rendered at build time (natively, with
//! the remote's `prerender` feature): its first render goes into the pages that
//! mount it, so students see it before any wasm has arrived (see [`prerender`]).

mod handoff;
mod hooks;
#[cfg(feature = "prerender")]
mod prerender;
#[cfg(feature = "server-render")]
#[doc(hidden)]
pub mod server_render;

#[cfg(feature = "prerender")]
pub use prerender::prerender;

/// While rendering on the server: the student's browser's offset from UTC in
/// minutes (Manila: 480), when the page request said it, so that dates render
/// as the live module will show them. `None` elsewhere (in the page, use the
/// browser's own clock and zone).
pub fn rendering_utc_offset_minutes() -> Option<i32> {
    #[cfg(feature = "server-render")]
    {
        server_render::utc_offset_minutes()
    }
    #[cfg(not(feature = "server-render"))]
    {
        None
    }
}

/// Declines rendering on the server: call it while rendering a page of a
/// `#[server_render]` module whose content is only in the browser (the page
/// then shows the module's skeleton until it mounts). Does nothing elsewhere.
pub fn decline_server_render() {
    #[cfg(feature = "server-render")]
    server_render::decline();
}

pub use hooks::{use_async, use_event, use_shared};

use std::any::Any;

use leptos::prelude::AnyView;
use wasm_bindgen::prelude::*;

#[doc(hidden)]
pub use web_sys::HtmlElement;

/// The props a host passes to a mounted module: a plain JS object, or `undefined`.
/// When a module is prerendered at build time it has no props: every one is absent.
#[derive(Clone, Debug)]
pub struct Props(JsValue);

impl Props {
    /// No props (`undefined`): what a prerendered module gets.
    pub fn none() -> Self {
        Self(JsValue::UNDEFINED)
    }

    /// The string property `key`, if the host set it to a string.
    pub fn get_string(&self, key: &str) -> Option<String> {
        // Rendering on the server: the page's props come with the render request
        // (none when prerendering at build time). There are no JS values there.
        #[cfg(feature = "server-render")]
        {
            server_render::prop(key)
        }
        #[cfg(not(feature = "server-render"))]
        {
            if cfg!(feature = "prerender") || !self.0.is_object() {
                return None;
            }
            js_sys::Reflect::get(&self.0, &JsValue::from_str(key)).ok()?.as_string()
        }
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
///
/// With `TAKES_OVER` (the remote has `#[prerender]` or `#[server_render]`
/// modules), a module mounted where the server put its rendered HTML replaces that HTML, carrying over
/// what was typed, focused and submitted in it (see `handoff`); without it, that
/// code is not in the bundle.
pub fn mount<const TAKES_OVER: bool>(
    module: &str,
    element: HtmlElement,
    props: JsValue,
    exposed: &[(&str, Render)],
) -> Result<MountHandle, JsValue> {
    let Some((_, render)) = exposed.iter().find(|(name, _)| *name == module) else {
        let names: Vec<&str> = exposed.iter().map(|(name, _)| *name).collect();
        let message =
            format!("FED-008: this remote does not expose `{module}` (it exposes: {})", crate::js::comma_list(&names));
        return Err(js_sys::Error::new(&message).into());
    };
    let (render, props) = (*render, Props(props));
    if !TAKES_OVER {
        let handle = leptos::mount::mount_to(element, move || render(props));
        return Ok(MountHandle { mounted: Some(Box::new(handle)) });
    }
    let handoff = handoff::Handoff::take(&element);
    element.set_inner_html("");
    let handle = leptos::mount::mount_to(element.clone(), move || render(props));
    handoff.restore(&element);
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
/// Mark a module `#[prerender]` when its first render depends on nothing but
/// itself (no props, no data, no browser API while rendering): the build renders
/// it once, natively, and the server sends that HTML in the pages that mount it.
/// The crate then has a `prerender` feature (`["federation/prerender"]`, without
/// Leptos' `csr`) and a `prerender` binary calling [`prerender()`] with
/// `prerendered_modules()`, which this macro generates for native builds.
///
/// Mark a module `#[server_render]` when the server should render it for each
/// page with the page's data (its `#[prefetch]` reads, answered by the server,
/// and the shared state it knows): students see their content in the first
/// paint. The crate then has a `server-render` feature (`["federation/server-render"]`,
/// without Leptos' `csr`), which `cargo xtask build` compiles to the wasm the
/// server runs; the live module takes over the HTML like a prerendered one, and
/// its first reads are answered from the data the page carries.
///
/// Mark a module `#[prefetch("page" => "url", …)]` with the API reads its first
/// render makes: pages whose path matches `page` (`*` for every page; `{name}`
/// matches one segment) start reading `url` (`{name}` filled in from the page)
/// while the remote's code downloads, and the module's own request is answered
/// from that ([`Prefetch`](crate::Prefetch)).
///
/// ```ignore
/// federation::expose! {
///     #[prerender]
///     AuthApp => |_| view! { <AuthApp/> }.into_any(),
///     LoginForm => |props| view! { <LoginForm redirect=props.get_string("redirect")/> }.into_any(),
///     #[prefetch("*" => "/api/attempts")]
///     History => |_| view! { <History/> }.into_any(),
/// }
/// ```
#[macro_export]
macro_rules! expose {
    ($($(#[$flag:ident $(($($arg:tt)*))?])* $module:ident => $render:expr),+ $(,)?) => {
        /// The modules marked `#[prerender]`, for the build's `prerender` binary
        /// (native: prerendering happens at build time).
        #[cfg(not(target_arch = "wasm32"))]
        pub fn prerendered_modules() -> ::std::vec::Vec<(&'static str, $crate::remote::Render)> {
            let mut modules = ::std::vec::Vec::new();
            $(if $crate::__prerender_flag!($($flag)*) {
                modules.push((::core::stringify!($module), ($render) as $crate::remote::Render));
            })+
            modules
        }

        /// Mounts one of this remote's exposed modules into `element`.
        #[::wasm_bindgen::prelude::wasm_bindgen]
        pub fn mount(
            module: &str,
            element: $crate::remote::HtmlElement,
            props: ::wasm_bindgen::JsValue,
        ) -> ::core::result::Result<$crate::remote::MountHandle, ::wasm_bindgen::JsValue> {
            // Whether any module is prerendered: only then is the code that takes
            // over from prerendered HTML in the bundle.
            const TAKES_OVER: bool =
                false $(|| $crate::__prerender_flag!($($flag)*) || $crate::__server_render_flag!($($flag)*))+;
            $crate::remote::mount::<TAKES_OVER>(module, element, props, &[
                $((::core::stringify!($module), ($render) as $crate::remote::Render)),+
            ])
        }

        $crate::__server_render_exports! {
            /// The address of `len` bytes for a render request (server rendering).
            #[unsafe(no_mangle)]
            pub extern "C" fn mf_alloc(len: usize) -> usize {
                $crate::remote::server_render::alloc(len) as usize
            }

            /// Renders the request of `len` bytes at `at` (server rendering).
            #[unsafe(no_mangle)]
            pub extern "C" fn mf_render(at: usize, len: usize) -> u64 {
                let mut modules: ::std::vec::Vec<(&str, $crate::remote::Render)> = ::std::vec::Vec::new();
                $(if $crate::__server_render_flag!($($flag)*) {
                    modules.push((::core::stringify!($module), ($render) as $crate::remote::Render));
                })+
                // SAFETY: the server wrote `len` bytes at `at`, which `mf_alloc(len)` gave it.
                unsafe { $crate::remote::server_render::render(at as *mut u8, len, &modules) }
            }
        }

        const _: () = {
            const NAMES: &[u8] = ::core::concat!($(::core::stringify!($module), "\n"),+).as_bytes();
            #[link_section = "mf_exposes"]
            #[used]
            static EXPOSES: [u8; NAMES.len()] = $crate::remote::section_bytes::<{ NAMES.len() }>(NAMES);
            const PREFETCHES: &[u8] =
                ::core::concat!("" $(, $crate::__prefetch_lines!($module; $($flag $(($($arg)*))?)*))+).as_bytes();
            #[link_section = "mf_prefetch"]
            #[used]
            static PREFETCH: [u8; PREFETCHES.len()] = $crate::remote::section_bytes::<{ PREFETCHES.len() }>(PREFETCHES);
        };
    };
}

/// Whether an entry of `expose!` is flagged `#[prerender]` (its flags are
/// `prerender`, `server_render` and `prefetch`; any other is a compile error
/// in `__prefetch_lines!`).
#[doc(hidden)]
#[macro_export]
macro_rules! __prerender_flag {
    () => {
        false
    };
    (prerender $($rest:ident)*) => {
        true
    };
    ($other:ident $($rest:ident)*) => {
        $crate::__prerender_flag!($($rest)*)
    };
}

/// Whether an entry of `expose!` is flagged `#[server_render]`.
#[doc(hidden)]
#[macro_export]
macro_rules! __server_render_flag {
    () => {
        false
    };
    (server_render $($rest:ident)*) => {
        true
    };
    ($other:ident $($rest:ident)*) => {
        $crate::__server_render_flag!($($rest)*)
    };
}

/// The exports of a `server-render` build (`mf_alloc`, `mf_render`): the items
/// given, in that build only.
#[cfg(feature = "server-render")]
#[doc(hidden)]
#[macro_export]
macro_rules! __server_render_exports {
    ($($item:item)*) => {
        $($item)*
    };
}

/// The exports of a `server-render` build: none in other builds.
#[cfg(not(feature = "server-render"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __server_render_exports {
    ($($item:item)*) => {};
}

/// The `module<TAB>page<TAB>url` lines of an entry's `#[prefetch(...)]` flags.
#[doc(hidden)]
#[macro_export]
macro_rules! __prefetch_lines {
    ($module:ident;) => {
        ""
    };
    ($module:ident; prerender ($($arg:tt)*) $($rest:tt)*) => {
        ::core::compile_error!(::core::concat!(
            "expose!: `#[prerender]` on `", ::core::stringify!($module), "` takes no arguments: write `#[prerender]`"
        ))
    };
    ($module:ident; prerender $($rest:tt)*) => {
        $crate::__prefetch_lines!($module; $($rest)*)
    };
    ($module:ident; server_render ($($arg:tt)*) $($rest:tt)*) => {
        ::core::compile_error!(::core::concat!(
            "expose!: `#[server_render]` on `", ::core::stringify!($module), "` takes no arguments: write `#[server_render]`"
        ))
    };
    ($module:ident; server_render $($rest:tt)*) => {
        $crate::__prefetch_lines!($module; $($rest)*)
    };
    ($module:ident; prefetch ($($page:literal => $url:literal),+ $(,)?) $($rest:tt)*) => {
        ::core::concat!($(::core::stringify!($module), "\t", $page, "\t", $url, "\n",)+ $crate::__prefetch_lines!($module; $($rest)*))
    };
    ($module:ident; prefetch $($rest:tt)*) => {
        ::core::compile_error!(::core::concat!(
            "expose!: `#[prefetch]` on `", ::core::stringify!($module),
            "` needs its reads: `#[prefetch(\"/page/{id}\" => \"/api/things/{id}\", …)]` (`\"*\"` for every page)"
        ))
    };
    ($module:ident; $other:ident $($rest:tt)*) => {
        ::core::compile_error!(::core::concat!(
            "expose!: unknown flag `#[", ::core::stringify!($other), "]` on `", ::core::stringify!($module),
            "`: the flags are `#[prerender]`, `#[server_render]` and `#[prefetch(\"page\" => \"url\", …)]`"
        ))
    };
}
