//! Client-side navigation between the shell's routes with the History API: a click
//! on a same-origin link, or a remote's `mf:navigate` event (`{to: "/path"}`),
//! fetches the target page, swaps the shell's `<main>`, unmounts the old route's
//! remotes and mounts the new route's. Server redirects (a guarded route sending
//! to `/login?next=…`) are followed into the address bar. Anything that fails
//! falls back to an ordinary page load, but a link followed with no network to
//! a page the service worker does not keep: the student stays, and is told why.
//! Links to a fragment of the page shown are the browser's.
//!
//! What a student sees and hears, as with a page load: while the page is on its
//! way, `<main>` is `aria-busy` (the styles draw a progress bar across the top
//! when it takes more than a moment); then the new page starts at the top, with
//! focus at its `<main>` and its title announced (`#mf-announcer`), and Back
//! and Forward return to where the student had scrolled.

use alloc::{rc::Rc, string::String};
use core::cell::RefCell;
use core::sync::atomic::{AtomicU32, Ordering};

use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Document, Element};

use contract::state::Session;
use federation::state::{storage_key_of, SharedState};

use crate::mounts::Mounts;

/// The id of the shell's `<main>`, the part of the page a route owns.
const MAIN_ID: &str = "mf-main";

/// How long a page fetched ahead stays good to use, in milliseconds.
const AHEAD_FRESH_MS: f64 = 10_000.0;

/// The page fetched ahead for the link under the pointer or focus: its path, when,
/// and the fetch (a promise of the response).
type Ahead = Rc<RefCell<Option<(String, f64, js_sys::Promise)>>>;

/// Intercepts link clicks and back/forward.
pub(crate) fn install(document: &Document, mounts: Rc<Mounts>) {
    keep_scroll();
    let ahead: Ahead = Rc::default();
    let on_click = {
        let (document, mounts, ahead) = (document.clone(), Rc::clone(&mounts), Rc::clone(&ahead));
        Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
            if let Some(path) = link_path(&event, true) {
                event.prevent_default();
                navigate(&document, &mounts, &ahead, path, true);
            }
        })
    };
    let on_approach = {
        let (mounts, ahead) = (Rc::clone(&mounts), Rc::clone(&ahead));
        Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
            if let Some(path) = link_path(&event, false) {
                fetch_ahead(&mounts, &ahead, path);
            }
        })
    };
    let on_popstate = {
        let (document, mounts, ahead) = (document.clone(), Rc::clone(&mounts), Rc::clone(&ahead));
        Closure::<dyn FnMut(web_sys::Event)>::new(move |_: web_sys::Event| {
            // Only a fragment changed (an in-page link, or Back from one): the browser's.
            let Some(path) = popped_path() else { return };
            ahead.borrow_mut().take();
            navigate(&document, &mounts, &ahead, path, false);
        })
    };
    // A page fetched ahead shows the session it was fetched with: a sign-in or
    // sign-out makes it stale.
    let stale = Rc::clone(&ahead);
    federation::bus::Subscription::listen(storage_key_of(Session::KEY), move |_| drop(stale.borrow_mut().take()))
        .forget();
    let on_request = {
        let (document, mounts, ahead) = (document.clone(), Rc::clone(&mounts), Rc::clone(&ahead));
        move |detail: JsValue| {
            let to = js_sys::Reflect::get(&detail, &JsValue::from_str("to")).ok().and_then(|t| t.as_string());
            match to {
                Some(to) if to.starts_with('/') && !to.starts_with("//") => {
                    // Asked by a module (after a sign-in, say): always a fresh page.
                    ahead.borrow_mut().take();
                    navigate(&document, &mounts, &ahead, to, true)
                }
                _ => web_sys::console::error_1(&JsValue::from_str("mf:navigate needs {to: \"/a/local/path\"}")),
            }
        }
    };
    federation::bus::Subscription::listen(String::from("mf:navigate"), on_request).forget();
    let _ = document.add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref());
    for event in ["pointerover", "focusin"] {
        let _ = document.add_event_listener_with_callback(event, on_approach.as_ref().unchecked_ref());
    }
    on_approach.forget();
    if let Some(window) = web_sys::window() {
        let _ = window.add_event_listener_with_callback("popstate", on_popstate.as_ref().unchecked_ref());
    }
    // The shell lives as long as the page.
    on_click.forget();
    on_popstate.forget();
}

/// Fetches the page at `path` ahead and loads its remotes, once per path while
/// fresh; not when the browser asks to save data or is on a 2g connection.
fn fetch_ahead(mounts: &Rc<Mounts>, ahead: &Ahead, path: String) {
    let now = js_sys::Date::now();
    let fresh = ahead.borrow().as_ref().is_some_and(|(p, at, _)| *p == path && now - at < AHEAD_FRESH_MS);
    if fresh || !worth_fetching_ahead(&path) {
        return;
    }
    let promise = fetch_html(&path);
    *ahead.borrow_mut() = Some((path, now, promise.clone()));
    let mounts = Rc::clone(mounts);
    wasm_bindgen_futures::spawn_local(async move {
        // A copy: following the link reads the original.
        if let Ok(page) = JsFuture::from(read_page(&promise, true)).await {
            if let Some(page) = page.dyn_ref::<Document>() {
                mounts.warm(page);
            }
        }
    });
}

#[wasm_bindgen(inline_js = "export function link_path(event, click) {
  if (click && (event.defaultPrevented || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey)) return undefined;
  const anchor = event.target instanceof Element ? event.target.closest('a[href]') : null;
  if (!(anchor instanceof HTMLAnchorElement) || anchor.origin !== location.origin) return undefined;
  if (anchor.target || anchor.hasAttribute('download') || anchor.hasAttribute('data-mf-reload')) return undefined;
  const path = anchor.pathname + anchor.search;
  return anchor.hash && path === shown ? undefined : path;
}
let shown = location.pathname + location.search;
export function worth_fetching_ahead(path) {
  const connection = navigator.connection;
  return path !== shown && !(connection && (connection.saveData || /2g$/.test(connection.effectiveType)));
}
export function popped_path() {
  const path = location.pathname + location.search;
  return path === shown ? undefined : path;
}
export function fetch_html(path) {
  return fetch(path, { headers: { accept: 'text/html' } });
}
export function stay_offline(push) {
  if (!push || navigator.onLine) return false;
  document.getElementById('mf-main')?.removeAttribute('aria-busy');
  dispatchEvent(new CustomEvent('mf:toast', { detail: { message: 'You are offline and this page is not kept on this phone: it opens once you are back online.', tone: 'error' } }));
  return true;
}
const left = new Map();
let key;
export function keep_scroll() {
  key = history.state?.k ?? Math.random();
  history.replaceState({ ...history.state, k: key }, '');
  history.scrollRestoration = 'manual';
  addEventListener('pagehide', () => (history.scrollRestoration = 'auto'));
  addEventListener('pageshow', () => (history.scrollRestoration = 'manual'));
}
export function pending() {
  left.set(key, scrollY);
  document.getElementById('mf-main')?.setAttribute('aria-busy', 'true');
}
export function show_page(document, current, page, next, landed, push) {
  if (push) history.pushState({ k: (key = Math.random()) }, '', landed);
  else history.replaceState(history.state, '', landed), (key = history.state?.k);
  shown = location.pathname + location.search;
  for (const link of next.querySelectorAll('link[rel=preload]')) link.remove();
  current.innerHTML = next.innerHTML;
  current.removeAttribute('aria-busy');
  document.title = page.title;
  const path = location.pathname;
  for (const link of document.querySelectorAll('nav a[href]')) {
    if (link.getAttribute('href') === path) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  scrollTo(0, push ? 0 : left.get(key) || 0);
  current.focus({ preventScroll: true });
  const announcer = document.getElementById('mf-announcer');
  if (announcer) announcer.textContent = page.title;
}
export function follow(path, ahead) {
  return read_page(ahead ?? fetch_html(path), false).catch(() => read_page(fetch_html(path), false));
}
export async function read_page(answer, copy) {
  let response = await answer;
  if (copy) {
    if (!response.ok || !(response.headers.get('content-type') || '').startsWith('text/html')) return null;
    response = response.clone();
  } else if (response.status >= 500) return null;
  const landed = new URL(response.url);
  const page = new DOMParser().parseFromString(await response.text(), 'text/html');
  page.mfLanded = landed.pathname + landed.search;
  return page;
}")]
extern "C" {
    /// The path (and query) of the same-origin link `event` happened on, if the
    /// shell handles it: not one that opens elsewhere, downloads or asks for a
    /// full load (`data-mf-reload`), nor one to a fragment of the page shown
    /// (the browser scrolls to it). With `click`: only for a plain left click,
    /// not one that opens a new tab or window, nor one already handled.
    fn link_path(event: &web_sys::Event, click: bool) -> Option<String>;

    /// Whether to fetch the page at `path` ahead: not the page shown, and not
    /// when the browser asks to save data (Save-Data) or is on a 2g connection.
    fn worth_fetching_ahead(path: &str) -> bool;

    /// After Back or Forward: the path (and query) of the entry reached, unless
    /// it is the page shown (only the fragment changed).
    fn popped_path() -> Option<String>;

    /// Fetches the page at `path` as a page (`Accept: text/html`), so the
    /// service worker keeps it for offline starts as it keeps pages loaded by
    /// the browser (a promise of the response).
    fn fetch_html(path: &str) -> js_sys::Promise;

    /// For a link followed (`push`) with no network, to a page the service
    /// worker does not keep: stays on this page (a page load would show the
    /// browser's offline error instead, and lose this one), no longer busy, and
    /// says why in a toast (`mf:toast`, the contract's `ToastRequested`); true
    /// then. False otherwise (Back or Forward, or the browser says it is online:
    /// a page load is tried).
    fn stay_offline(push: bool) -> bool;

    /// Takes over scrolling on Back and Forward from the browser (which would
    /// restore it on the old page, before the new one is there), but not on a
    /// reload (the browser restores that one). Each history entry of the shell
    /// gets a key (`k` in its state), under which the page keeps where the
    /// student left it.
    fn keep_scroll();

    /// Marks the shell's `<main>` busy: a page is on its way. Keeps where the
    /// student had scrolled on the entry being left, for Back and Forward
    /// (taken now: unmounting the old route's remotes shortens the page), in
    /// memory: it serves the Back and Forward the runtime shows itself.
    fn pending();

    /// Shows `page` (whose `<main>` is `next`) in `document` (whose `<main>` is
    /// `current`) at the address `landed`: a new history entry with `push`, else
    /// the current one. The new `<main>` comes without its preloads (they are
    /// for cold loads: this page keeps the versions it loaded, which may not be
    /// the ones the new page names; and a data preload its module did not use
    /// would answer a later read of its URL with old data) and no longer busy;
    /// then the new title,
    /// `aria-current="page"` on the nav links to the current path, the top of
    /// the page (or, back or forward, where the entry was left), focus on
    /// `<main>` and the title announced.
    fn show_page(document: &Document, current: &Element, page: &Document, next: &Element, landed: &str, push: bool);

    /// The page of `answer` (a promise of a fetch's response) as an inert
    /// document (nothing in it loads or runs), with the path it ended at after
    /// redirects in its `mfLanded`. With `copy`: read from a copy of the
    /// response (whoever follows the link reads the original), and only a page
    /// that answered OK with HTML (null otherwise). Without: any page but a
    /// server error (a 404 page is still a page to show; a server error is left
    /// to a full load: null).
    fn read_page(answer: &js_sys::Promise, copy: bool) -> js_sys::Promise;

    /// [`read_page`] (without `copy`) of the page at `path`, from `ahead` (a
    /// fetch of it made ahead) if given, else fetched now; asked for a second
    /// time when that fails (a connection dropped on a flaky network, or a fetch
    /// ahead that failed before the link was followed).
    fn follow(path: &str, ahead: Option<js_sys::Promise>) -> js_sys::Promise;
}

/// Navigations started so far: a page that arrives after a later navigation
/// started is dropped, so the last link followed wins (not the slowest answer).
static NAVIGATIONS: AtomicU32 = AtomicU32::new(0);

fn navigate(document: &Document, mounts: &Rc<Mounts>, ahead: &Ahead, path: String, push: bool) {
    let (document, mounts) = (document.clone(), Rc::clone(mounts));
    let this = NAVIGATIONS.load(Ordering::Relaxed).wrapping_add(1);
    NAVIGATIONS.store(this, Ordering::Relaxed);
    // The fetch made ahead for this path, if fresh.
    let fetched = ahead
        .borrow_mut()
        .take()
        .filter(|(p, at, _)| *p == path && js_sys::Date::now() - at < AHEAD_FRESH_MS)
        .map(|(_, _, promise)| promise);
    pending();
    wasm_bindgen_futures::spawn_local(async move {
        let page = fetch_page(&path, fetched).await;
        if NAVIGATIONS.load(Ordering::Relaxed) != this {
            return;
        }
        let swapped = match page {
            // The page may have been redirected (a guarded route): the address is where it landed.
            Ok(page) => page.is_some_and(|(page, landed)| swap_main(&document, &mounts, &page, &landed, push)),
            Err(Unreachable) => stay_offline(push),
        };
        if !swapped {
            if let Some(window) = web_sys::window() {
                let _ = window.location().assign(&path);
            }
        }
    });
}

/// The page did not arrive: its fetch failed (no network, and the service worker
/// does not keep it).
struct Unreachable;

/// The page at `path` (see [`follow`]), and the path it ended at after
/// redirects; `None` for an answer that is not a page to show.
async fn fetch_page(path: &str, fetched: Option<js_sys::Promise>) -> Result<Option<(Document, String)>, Unreachable> {
    let read = JsFuture::from(follow(path, fetched)).await.map_err(|_| Unreachable)?;
    let Ok(page) = read.dyn_into::<Document>() else { return Ok(None) };
    let landed = js_sys::Reflect::get(&page, &JsValue::from_str("mfLanded")).ok().and_then(|l| l.as_string());
    Ok(landed.map(|landed| (page, landed)))
}

/// Moves the new page's `<main>` and title into the current page, at `landed`
/// (a new history entry with `push`).
fn swap_main(document: &Document, mounts: &Rc<Mounts>, page: &Document, landed: &str, push: bool) -> bool {
    let (Some(current), Some(next)) = (document.get_element_by_id(MAIN_ID), page.get_element_by_id(MAIN_ID)) else {
        return false;
    };
    mounts.unmount_within(&current, &next);
    crate::toggles::close_sidebar();
    show_page(document, &current, page, &next, landed, push);
    // The server's view of the session travels with every page: a session that
    // ended on the server (expired, signed out elsewhere) ends here too.
    crate::session::follow_server_state(page);
    mounts.mount_all(document);
    true
}
