//! A test fixture, never deployed: a remote that crashes on purpose, so the
//! browser tests can check that the container contains the crash to its slot.
//! It implements the mount ABI by hand (no Leptos, so it builds in seconds) and
//! takes the place of `dashboard` (module `DashboardHome`) in those tests.
//!
//! - `?fault=mount` in the page's address: the first mount in a tab panics.
//! - Otherwise it mounts a counter (it works), a Panic button (`panic!` in an
//!   event handler), a Trap button (a wasm `unreachable`, not a panic) and a
//!   Task button (a panic in an async task, as a Leptos resource would run it).
//!
//! Each instance numbers itself from a counter in `sessionStorage`, so a test
//! sees whether Retry started a fresh one.

use std::cell::Cell;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, Storage};

/// The one module it exposes, as the dashboard does.
const MODULE: &str = "DashboardHome";

thread_local! {
    static INSTANCE: Cell<u32> = const { Cell::new(0) };
}

#[link_section = "mf_exposes"]
#[used]
static EXPOSES: [u8; 14] = *b"DashboardHome\n";

fn storage() -> Option<Storage> {
    web_sys::window()?.session_storage().ok()?
}

fn fault() -> Option<String> {
    let search = web_sys::window()?.location().search().ok()?;
    web_sys::UrlSearchParams::new_with_str(&search).ok()?.get("fault")
}

/// Numbers this instance: 1 for the first in the tab, then 2, …
#[wasm_bindgen(start)]
pub fn start() {
    let storage = storage();
    let previous = storage.as_ref().and_then(|s| s.get_item("faulty:instances").ok().flatten());
    let number = previous.and_then(|n| n.parse::<u32>().ok()).unwrap_or(0) + 1;
    if let Some(storage) = storage {
        let _ = storage.set_item("faulty:instances", &number.to_string());
    }
    INSTANCE.with(|i| i.set(number));
}

/// A mounted module; `unmount` empties its element.
#[wasm_bindgen]
pub struct Mounted {
    element: Option<HtmlElement>,
}

#[wasm_bindgen]
impl Mounted {
    /// Removes what `mount` rendered.
    pub fn unmount(&mut self) {
        if let Some(element) = self.element.take() {
            element.set_inner_html("");
        }
    }
}

/// Mounts `DashboardHome` into `element`, or crashes as the page asked.
#[wasm_bindgen]
pub fn mount(module: &str, element: HtmlElement, _props: JsValue) -> Result<Mounted, JsValue> {
    if module != MODULE {
        return Err(js_sys::Error::new(&format!("FED-008: this remote does not expose `{module}`")).into());
    }
    if fault().as_deref() == Some("mount") {
        let storage = storage();
        let crashed = storage.as_ref().and_then(|s| s.get_item("faulty:mount-crashed").ok().flatten()).is_some();
        if !crashed {
            if let Some(storage) = storage {
                let _ = storage.set_item("faulty:mount-crashed", "1");
            }
            panic!("faulty: panicked while mounting, on purpose");
        }
    }
    let instance = INSTANCE.with(Cell::get);
    element.set_inner_html(&format!(
        "<section class=\"faulty\" data-instance=\"{instance}\"><p class=\"faulty-instance\">instance {instance}</p>\
         <button type=\"button\" class=\"faulty-count\">Count: 0</button>\
         <button type=\"button\" class=\"faulty-panic\">Panic</button>\
         <button type=\"button\" class=\"faulty-trap\">Trap</button>\
         <button type=\"button\" class=\"faulty-task\">Task</button></section>"
    ));
    let count = Cell::new(0u32);
    on_click(&element, ".faulty-count", move |button| {
        count.set(count.get() + 1);
        button.set_text_content(Some(&format!("Count: {}", count.get())));
    });
    on_click(&element, ".faulty-panic", |_| panic!("faulty: panicked in a click handler, on purpose"));
    on_click(&element, ".faulty-trap", |_| trap());
    on_click(&element, ".faulty-task", |_| {
        wasm_bindgen_futures::spawn_local(async { panic!("faulty: panicked in an async task, on purpose") })
    });
    Ok(Mounted { element: Some(element) })
}

/// A wasm trap that is not a panic: no panic machinery runs.
fn trap() {
    #[cfg(target_arch = "wasm32")]
    core::arch::wasm32::unreachable();
    #[cfg(not(target_arch = "wasm32"))]
    std::process::abort();
}

fn on_click(root: &HtmlElement, selector: &str, handler: impl Fn(&web_sys::Element) + 'static) {
    let Some(button) = root.query_selector(selector).ok().flatten() else { return };
    let target = button.clone();
    let listener = Closure::<dyn Fn()>::new(move || handler(&target));
    let _ = button.add_event_listener_with_callback("click", listener.as_ref().unchecked_ref());
    // A fixture: the listener lives as long as its button's page.
    listener.forget();
}
