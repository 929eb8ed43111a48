//! The loader: from a remote's name to a [`LoadedRemote`].

use alloc::{borrow::ToOwned, rc::Rc, string::String, vec::Vec};
use core::cell::{Cell, RefCell};

use js_sys::{Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use super::fetch::{absolute_url, diagnose, finish, start, FetchFailure, Pending};
use super::read::Entry;
use super::shared_load::{copy_error, SharedLoad};
use super::{describe, LoadedRemote};
use crate::text::{concat, decimal};
use crate::{AssetRef, FederationError, RemoteLocation, RemoteName};

#[wasm_bindgen(inline_js = "export function mf_import(glue) {
  const imported = glue.text().then(async (text) => {
    const url = URL.createObjectURL(new Blob([text], { type: 'text/javascript' }));
    try { return [await import(url), url]; } finally { URL.revokeObjectURL(url); }
  });
  imported.catch(() => {});
  return imported;
}
export function mf_sleep(ms) { return new Promise((resolve) => setTimeout(resolve, ms)); }
export async function mf_init(imported, wasm) {
  const [exports, url] = await imported;
  if (typeof exports.default !== 'function') throw new Error('the JS glue has no default export (init)');
  await exports.default({ module_or_path: wasm });
  return [exports, url];
}")]
extern "C" {
    /// Imports the JS glue `glue` (a verified response) from a `blob:` URL of its
    /// bytes, so what runs is exactly what matched the integrity. Resolves to
    /// `[exports, blob URL]` (the URL names the glue's frames in stack traces).
    fn mf_import(glue: &web_sys::Response) -> Promise;
    /// Runs the `default` export (wasm-bindgen's init) of the glue `imported` (from
    /// [`mf_import`]) on the wasm response `wasm` (compiled with
    /// `instantiateStreaming`; a response fetched with an integrity is complete
    /// and verified by then); resolves to what `imported` did. Each is one promise: the
    /// steps do not cross the boundary one by one.
    fn mf_init(imported: &Promise, wasm: &web_sys::Response) -> Promise;
    /// A promise that resolves after `ms` milliseconds.
    fn mf_sleep(ms: i32) -> Promise;
}

/// Loads remotes for a host, using the versions in its remote map (whose
/// contracts were checked before: by the page's server, or by the dev runtime for
/// an override). Keep one per page: it caches what it loaded.
pub struct Loader {
    /// How long a request may wait for its answer to begin, in milliseconds.
    timeout_ms: i32,
    /// The remote map (a `Cell`, taken and put back: no borrow bookkeeping).
    remotes: Cell<Vec<Entry>>,
    /// Loads by remote (one version per page): a handful, so a list beats a map in bytes.
    loads: RefCell<Vec<(RemoteName, SharedLoad)>>,
    /// Remotes whose instance was forgotten (it crashed, or a developer
    /// reloaded it), with how many times: their next instance gets a wasm URL of
    /// its own.
    crashes: RefCell<Vec<(RemoteName, u32)>>,
    /// Every load so far, for developers' tools.
    #[cfg(feature = "records")]
    pub(super) records: RefCell<Vec<super::LoadRecord>>,
}

impl Loader {
    /// A loader for the remotes in `remotes` (from [`remote_map`](super::remote_map)),
    /// giving up on a request whose answer has not begun within `timeout_ms`
    /// (then retrying, see below).
    pub fn new(remotes: Vec<Entry>, timeout_ms: i32) -> Rc<Self> {
        Rc::new(Self {
            timeout_ms,
            remotes: Cell::new(remotes),
            loads: RefCell::default(),
            crashes: RefCell::default(),
            #[cfg(feature = "records")]
            records: RefCell::default(),
        })
    }

    /// The loaded instance whose code raised `error` (an uncaught exception or
    /// rejection on the page), when it is a trap: a panic or a fault in a remote;
    /// with the trap's message. When several instances are on the stack (one
    /// module's event ran another's listener), the innermost one trapped.
    /// Instances already forgotten are not matched.
    pub fn crashed_by(&self, error: &JsValue) -> Option<(LoadedRemote, String)> {
        if !error.is_instance_of::<js_sys::WebAssembly::RuntimeError>() {
            return None;
        }
        let stack: js_sys::JsString = Reflect::get(error, &JsValue::from_str("stack")).ok()?.dyn_into().ok()?;
        let loads = self.loads.borrow();
        let on_stack = loads.iter().filter_map(|(_, load)| load.ready());
        let (_, instance) = on_stack.filter_map(|l| Some((l.position_in(&stack)?, l))).min_by_key(|(at, _)| *at)?;
        Some((instance, describe(error)))
    }

    /// Whether `instance` is still the one this loader hands out for its remote.
    pub fn is_current(&self, instance: &LoadedRemote) -> bool {
        self.loads.borrow().iter().any(|(_, load)| load.ready().is_some_and(|l| l.is(instance)))
    }

    /// Stops handing out `instance`, which crashed: the next load of its remote
    /// starts a fresh one (its wasm fetched under a URL of its own, so that a trap
    /// in the old instance, from a listener it left behind, is never pinned on the
    /// new one). A newer instance, or a load already under way, is left alone.
    pub fn forget(&self, instance: &LoadedRemote) {
        if self.is_current(instance) {
            self.forget_remote(instance.name());
        }
    }

    /// Stops handing out the loaded instance of `remote`, if any: its next load
    /// starts a fresh instance (see [`forget`](Self::forget)).
    pub fn forget_remote(&self, remote: &RemoteName) {
        self.loads.borrow_mut().retain(|(r, _)| r != remote);
        let mut crashes = self.crashes.borrow_mut();
        match crashes.iter_mut().find(|(r, _)| r == remote) {
            Some((_, count)) => *count += 1,
            None => crashes.push((remote.clone(), 1)),
        }
    }

    /// Loads the remote called `name`: from the cache when it is loaded, by joining
    /// the load in flight when it is loading, by a new load otherwise.
    pub async fn load(self: &Rc<Self>, name: &str) -> Result<LoadedRemote, FederationError> {
        let remotes = self.remotes.take();
        let found = remotes
            .iter()
            .find(|(remote, _)| remote.as_str() == name)
            .map(|(remote, location)| (remote.clone(), location.as_ref().map(Rc::clone).map_err(copy_error)));
        self.remotes.set(remotes);
        let (remote, location) = found.ok_or_else(|| FederationError::UnknownRemote(name.to_owned()))?;
        let location = location?;
        let existing = self.loads.borrow().iter().find(|(r, _)| *r == remote).map(|(_, load)| load.clone());
        let load = match existing {
            Some(load) => load,
            None => {
                let load = SharedLoad::pending();
                self.loads.borrow_mut().push((remote.clone(), load.clone()));
                let (this, slot) = (Rc::clone(self), load.clone());
                let timeout = self.timeout_ms;
                let crashes = self.crashes.borrow().iter().find(|(r, _)| *r == remote).map_or(0, |(_, n)| *n);
                #[cfg(feature = "records")]
                let record = self.record_start(&remote, &location);
                wasm_bindgen_futures::spawn_local(async move {
                    #[cfg(feature = "records")]
                    let downloaded = || this.record_downloaded(record);
                    #[cfg(not(feature = "records"))]
                    let downloaded = || ();
                    let outcome = load_remote(&remote, location, timeout, crashes, downloaded).await;
                    #[cfg(feature = "records")]
                    this.record_end(record, &outcome);
                    if outcome.is_err() {
                        // Forget failures so that Retry loads afresh.
                        this.loads.borrow_mut().retain(|(r, _)| *r != remote);
                    }
                    slot.finish(outcome);
                });
                load
            }
        };
        load.await
    }

    /// The URL (on its first base) and integrity of `name`'s stylesheet, as the
    /// remote map lists it: for starting its download before the remote loads.
    /// None for a remote that cannot be loaded (an unusable entry, a refused
    /// contract): nothing of it is fetched.
    pub fn stylesheet(&self, name: &str) -> Option<(String, String)> {
        let remotes = self.remotes.take();
        let found = remotes.iter().find(|(remote, _)| remote.as_str() == name).and_then(|(_, location)| {
            let location = location.as_ref().ok()?;
            let css = location.css.as_ref()?;
            Some((absolute_url(&css.file, location.bases.first()?).ok()?, css.integrity.as_str().to_owned()))
        });
        self.remotes.set(remotes);
        found
    }

    /// The remote map this loader uses, one entry per remote.
    pub fn entries(&self) -> Vec<Entry> {
        let remotes = self.remotes.take();
        let copy = remotes.clone();
        self.remotes.set(remotes);
        copy
    }

    /// Replaces (or adds) the entry of a remote: later loads use it; a loaded
    /// instance stays until [`forget_remote`](Self::forget_remote).
    pub fn set_entry(&self, entry: Entry) {
        let mut remotes = self.remotes.take();
        remotes.retain(|(name, _)| *name != entry.0);
        remotes.push(entry);
        self.remotes.set(remotes);
    }
}

async fn load_remote(
    remote: &RemoteName,
    location: Rc<RemoteLocation>,
    timeout: i32,
    crashes: u32,
    downloaded: impl FnOnce(),
) -> Result<LoadedRemote, FederationError> {
    // Both downloads start now (served from the page's preloads when it has them).
    let bases = &location.bases;
    // (`first` and `get`, not indexing, here and below: an index's panic
    // message is the only one in the runtime that formats a number, and keeps
    // `fmt`'s integer printing in its wasm.)
    let begin = |asset: &AssetRef| {
        let url = absolute_url(&asset.file, bases.first()?).ok()?;
        Some(start(&url, asset.integrity.as_str(), timeout))
    };
    // After a crash, the fresh instance's wasm has a URL of its own (see `Loader::forget`).
    let wasm_asset = match crashes {
        0 => location.wasm.clone(),
        n => {
            let file = concat(&[&location.wasm.file, "?mf-instance=", &decimal(u64::from(n) + 1)]);
            AssetRef { file, ..location.wasm.clone() }
        }
    };
    let (glue_first, wasm_first) = (begin(&location.js), begin(&wasm_asset));
    let (glue, base) = fetch_asset(remote, bases, &location.js, glue_first, timeout).await?;
    // From the base that answered; attached when a module mounts (see `styles`).
    let stylesheet = location
        .css
        .as_ref()
        .and_then(|css| Some((absolute_url(&css.file, bases.get(base)?).ok()?, css.integrity.as_str().to_owned())));
    // The glue is imported while the wasm downloads.
    let imported = mf_import(&glue);
    let (wasm, _) = fetch_asset(remote, bases, &wasm_asset, wasm_first, timeout).await?;
    let wasm_url = wasm.url();
    downloaded();
    let failed = |e: JsValue| FederationError::InstantiateFailed { remote: remote.clone(), detail: describe(&e) };
    let started = JsFuture::from(mf_init(&imported, &wasm)).await.map_err(failed)?;
    let (exports, glue_url) =
        (Reflect::get_u32(&started, 0).map_err(failed)?, Reflect::get_u32(&started, 1).map_err(failed)?);
    let glue_url = glue_url.as_string().unwrap_or_default();
    Ok(LoadedRemote::new(remote.clone(), location, exports, [wasm_url, glue_url], stylesheet))
}

/// `asset` from the first of `bases` that has it intact (the first request may
/// be under way already), and the index of that base. When every base fails, a
/// refusal is looked into: a tampered file is reported as such.
async fn fetch_asset(
    remote: &RemoteName,
    bases: &[String],
    asset: &AssetRef,
    mut first: Option<Pending>,
    timeout: i32,
) -> Result<(web_sys::Response, usize), FederationError> {
    let mut failure: Option<(String, FetchFailure)> = None;
    // Every base once (falling back at once when one is down), then again after a
    // pause while failures look transient: a flaky mobile network gets three
    // tries before the error shows.
    for (round, pause) in RETRY_PAUSES_MS.iter().enumerate() {
        if round > 0 {
            if !failure.as_ref().is_some_and(|(_, f)| f.is_transient()) {
                break;
            }
            let _ = JsFuture::from(mf_sleep(*pause)).await;
            failure = None;
        }
        for (i, base) in bases.iter().enumerate() {
            let Ok(url) = absolute_url(&asset.file, base) else { continue };
            let pending = match first.take() {
                Some(pending) if i == 0 => pending,
                _ => start(&url, asset.integrity.as_str(), timeout),
            };
            match finish(pending).await {
                Ok(response) => return Ok((response, i)),
                Err(f) => {
                    failure.get_or_insert((url, f));
                }
            }
        }
    }
    let failure = match failure {
        Some((url, FetchFailure::Refused(detail))) => diagnose(&url, detail, timeout).await,
        Some((_, failure)) => failure,
        None => FetchFailure::Refused("no usable base URL".into()),
    };
    Err(match failure {
        FetchFailure::Tampered => {
            FederationError::IntegrityMismatch { remote: remote.clone(), file: asset.file.clone() }
        }
        failure => FederationError::AssetUnavailable {
            remote: remote.clone(),
            file: asset.file.clone(),
            detail: failure.detail(),
        },
    })
}

/// Pauses before each round of tries: none before the first.
const RETRY_PAUSES_MS: [i32; 3] = [0, 400, 1200];
