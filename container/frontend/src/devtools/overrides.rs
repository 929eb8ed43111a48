//! Remote overrides: the server lists them in `#mf-overrides` (`{"auth":
//! "http://127.0.0.1:3001/"}`, from `?remote.auth=…`); each is read from its dev
//! server's `manifest.json`, checked against the page's contract (no server
//! checked it), and replaces the live version in the loader's map. Its files are
//! still fetched with the integrity that manifest gives.

use alloc::{
    rc::Rc,
    string::{String, ToString},
    vec::Vec,
};

use federation::host::{manifest_location, Entry, Loader};
use federation::{FederationError, ManifestError, RemoteLocation, RemoteName, OVERRIDES_ELEMENT_ID};
use js_sys::{Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::Document;

/// The overrides on the page: remote name and base URL.
pub(crate) fn listed(document: &Document) -> Vec<(String, String)> {
    let Some(text) = document.get_element_by_id(OVERRIDES_ELEMENT_ID).and_then(|e| e.text_content()) else {
        return Vec::new();
    };
    let Ok(map) = js_sys::JSON::parse(&text) else { return Vec::new() };
    let Some(map) = map.dyn_ref::<Object>() else { return Vec::new() };
    Object::entries(map)
        .iter()
        .filter_map(|pair| {
            let pair: js_sys::Array = pair.dyn_into().ok()?;
            Some((pair.get(0).as_string()?, pair.get(1).as_string()?))
        })
        .collect()
}

/// Replaces the entries of overridden remotes in `entries` with their dev
/// servers' manifests (or the reason it could not be read, shown in its slots).
pub(crate) async fn apply(document: &Document, entries: &mut Vec<Entry>) {
    for (name, base) in listed(document) {
        let Some(remote) = RemoteName::new(&name) else { continue };
        let entry = (remote.clone(), read(document, &remote, &base).await);
        entries.retain(|(n, _)| *n != entry.0);
        entries.push(entry);
    }
}

/// Reads the override of `name` at `base` again, for the loader (after its dev
/// server rebuilt it).
pub(crate) async fn reread(document: &Document, loader: &Loader, name: &str) {
    let Some((_, base)) = listed(document).into_iter().find(|(n, _)| n == name) else { return };
    if let Some(remote) = RemoteName::new(name) {
        loader.set_entry((remote.clone(), read(document, &remote, &base).await));
    }
}

/// The override of `remote` at `base`, if its manifest is usable and its
/// contract is one the page's host accepts.
async fn read(document: &Document, remote: &RemoteName, base: &str) -> Result<Rc<RemoteLocation>, FederationError> {
    let location = read_manifest(remote.as_str(), base)
        .await
        .map_err(|source| FederationError::ManifestInvalid { remote: remote.clone(), source })?;
    location.check_contract(&crate::page_data::host_contract(document)).map_err(|reason| {
        FederationError::ContractIncompatible { remote: remote.clone(), reason: reason.to_string() }
    })?;
    Ok(Rc::new(location))
}

async fn read_manifest(name: &str, base: &str) -> Result<RemoteLocation, ManifestError> {
    let url = format!("{base}manifest.json");
    let problem = |what: String| ManifestError::Malformed {
        detail: format!(
            "the override of `{name}` at {url}: {what}; is its dev server running (`trunk serve` in apps/{name})?"
        ),
    };
    let manifest = fetch_json(&url).await.map_err(problem)?;
    let location = manifest_location(&manifest, base)?;
    let found = Reflect::get(&manifest, &JsValue::from_str("name")).ok().and_then(|n| n.as_string());
    if found.as_deref() != Some(name) {
        return Err(problem(format!("it is the manifest of `{}`", found.unwrap_or_default())));
    }
    Ok(location)
}

/// `url`'s body as JSON, never from the HTTP cache (a dev server rebuilds often).
async fn fetch_json(url: &str) -> Result<JsValue, String> {
    let window = web_sys::window().ok_or("no window")?;
    let init = web_sys::RequestInit::new();
    init.set_cache(web_sys::RequestCache::NoStore);
    let describe = |e: JsValue| federation::describe(&e);
    let response: web_sys::Response =
        JsFuture::from(window.fetch_with_str_and_init(url, &init)).await.map_err(describe)?.unchecked_into();
    if !response.ok() {
        return Err(format!("HTTP {}", response.status()));
    }
    JsFuture::from(response.json().map_err(describe)?).await.map_err(|_| String::from("not JSON"))
}
