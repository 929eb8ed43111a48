//! The container's browser runtime. Leptos renders the shell on the server; this
//! small module (web-sys only, no Leptos) then takes over the few things the shell
//! does in the browser: it loads and mounts the route's remotes through the
//! federation loader, navigates between routes without reloading, keeps the
//! header's session corner current (and signs out), shows toasts, and toggles the
//! theme and the sidebar.

// In the browser, `no_std` (with `alloc`): a panic is a trap (see `panic` below),
// so std's panic machinery and its message formatting stay out of the wasm.
#![cfg_attr(target_arch = "wasm32", no_std)]

// `format!`, for the dev runtime.
#[cfg_attr(all(target_arch = "wasm32", feature = "devtools"), macro_use)]
extern crate alloc;

mod data_preloads;
#[cfg(feature = "devtools")]
mod devtools;
mod mounts;
mod navigation;
mod page_data;
mod resource_timing;
mod session;
// Developers' loads (overrides, rebuilds) are not the students' numbers: the dev
// runtime sends no reports.
#[cfg(not(feature = "devtools"))]
mod telemetry;
mod toasts;
mod toggles;

use alloc::{rc::Rc, vec::Vec};

use federation::host::Loader;
use wasm_bindgen::prelude::*;

use mounts::Mounts;

/// A panic stops the runtime with a trap (`unreachable`), which the browser
/// reports as a `RuntimeError` with the wasm stack: with std, it would also have
/// formatted a message for a console this target does not have.
#[cfg(target_arch = "wasm32")]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    core::arch::wasm32::unreachable()
}

/// Starts the runtime once the module is instantiated.
#[wasm_bindgen(start)]
pub fn start() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let remotes = page_data::remote_map(&document).unwrap_or_else(|problem| {
        web_sys::console::error_1(&JsValue::from_str(&problem));
        Default::default()
    });
    #[cfg(feature = "devtools")]
    wasm_bindgen_futures::spawn_local(async move {
        let mut remotes = remotes;
        devtools::apply_overrides(&document, &mut remotes).await;
        run(&document, remotes);
    });
    #[cfg(not(feature = "devtools"))]
    run(&document, remotes);
}

/// Runs the shell with the remotes of `remotes`.
fn run(document: &web_sys::Document, remotes: Vec<federation::host::Entry>) {
    // The server's view of the session wins over a stale saved one, before any
    // module reads it.
    session::apply_server_state(document);
    let loader = Loader::new(remotes, page_data::load_timeout_ms(document));
    #[cfg(not(feature = "devtools"))]
    telemetry::install(Rc::clone(&loader));
    let mounts = Rc::new(Mounts::new(loader));
    mounts.guard_crashes();
    #[cfg(feature = "devtools")]
    devtools::install_panel(document, Rc::clone(&mounts));
    mounts.mount_all(document);
    navigation::install(document, Rc::clone(&mounts));
    toggles::install(document);
    session::install_corner(document);
    toasts::install(document);
    if let Some(root) = document.document_element() {
        // For styles and tests: the shell's behaviours are live from here on.
        let _ = root.set_attribute("data-mf-runtime", "ready");
    }
}
