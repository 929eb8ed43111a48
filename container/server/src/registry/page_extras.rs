//! What pages take from the live remotes' files beyond the remote map: each
//! version's prerendered modules and server render (with its stylesheet's
//! text, inlined where they show) and its modules' data prefetches. Read from the
//! version's folder the first time a page needs them and kept (a version's files
//! never change; a rebuilt one in dev has another wasm, hence another key).

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::{Arc, RwLock};

use federation::{InlineCss, Integrity, PrefetchMap, PrerenderedModules, RemoteMap, RemoteName, Version};

use super::health;
use crate::server_render::ServerRenderer;

/// A remote version, told apart from a rebuild of it by its wasm's integrity.
type Key = (RemoteName, Version, Integrity);

/// One version's extras.
#[derive(Default)]
struct Extras {
    /// `None` for a version without them or whose file could not be used.
    prerendered: Option<Arc<PrerenderedModules>>,
    /// Its server render, compiled (`None` for a version without one or whose
    /// file could not be used).
    server_render: Option<Arc<ServerRenderer>>,
    /// The stylesheet's text, for a version with prerendered modules or a
    /// server render.
    styles: Option<InlineStyles>,
    prefetch: Arc<PrefetchMap>,
}

/// What the pages of the live versions use, by remote version.
#[derive(Clone, Default)]
pub(crate) struct PageExtrasCache {
    kept: Arc<RwLock<HashMap<Key, Arc<Extras>>>>,
}

/// The extras of every remote of a page's map, by remote name.
#[derive(Clone, Debug, Default)]
pub(crate) struct PageExtras {
    /// Prerendered modules (module → HTML), for the remotes that have them.
    pub(crate) prerendered: BTreeMap<String, Arc<PrerenderedModules>>,
    /// Server renders, for the remotes that have them.
    pub(crate) server_renders: BTreeMap<String, Arc<ServerRenderer>>,
    /// Stylesheet text, for the remotes with prerendered modules or a server render.
    pub(crate) styles: BTreeMap<String, InlineStyles>,
    /// Data prefetches, for the remotes that declare them.
    pub(crate) prefetch: BTreeMap<String, Arc<PrefetchMap>>,
}

impl PageExtrasCache {
    /// The extras of every remote in `map`.
    pub(crate) fn for_map(&self, remotes_dir: &Path, map: &RemoteMap) -> PageExtras {
        let mut page = PageExtras::default();
        for (name, location) in map {
            let key = (name.clone(), location.version.clone(), location.wasm.integrity.clone());
            let kept = self.kept.read().ok().and_then(|kept| kept.get(&key).cloned());
            let extras = kept.unwrap_or_else(|| {
                let read = Arc::new(read(remotes_dir, name, &location.version));
                if let Ok(mut kept) = self.kept.write() {
                    kept.insert(key, Arc::clone(&read));
                }
                read
            });
            if let Some(modules) = &extras.prerendered {
                page.prerendered.insert(name.as_str().to_owned(), Arc::clone(modules));
            }
            if let Some(renderer) = &extras.server_render {
                page.server_renders.insert(name.as_str().to_owned(), Arc::clone(renderer));
            }
            if let Some(styles) = &extras.styles {
                page.styles.insert(name.as_str().to_owned(), styles.clone());
            }
            if !extras.prefetch.is_empty() {
                page.prefetch.insert(name.as_str().to_owned(), Arc::clone(&extras.prefetch));
            }
        }
        page
    }
}

/// Reads `name@version`'s manifest, prerendered modules, server render and,
/// with those, its stylesheet (each checked against the manifest's
/// integrity); a problem is logged and the pages do without: the skeleton
/// instead of the prerendered or server-rendered HTML, a stylesheet link
/// instead of its text, the module's own requests instead of prefetches.
fn read(remotes_dir: &Path, name: &RemoteName, version: &Version) -> Extras {
    let Ok(manifest) = health::read_manifest(remotes_dir, name, version) else { return Extras::default() };
    let prefetch = Arc::new(manifest.prefetch);
    let folder = remotes_dir.join(name.as_str()).join(version.to_string());
    let usable = |asset: Option<federation::Asset>, what: &str| {
        let asset = asset?;
        let bytes = verified(&folder, &asset)
            .map_err(|problem| tracing::error!("{name}@{version}'s {what} ({}) is not used: {problem}", asset.file));
        Some((asset.file, bytes.ok()?))
    };
    let prerendered = usable(manifest.assets.prerendered, "prerendered modules").and_then(|(file, bytes)| {
        let modules = health::parse_prerendered(&bytes);
        modules.map_err(|problem| tracing::error!("{name}@{version}'s {file} is not used: {problem}")).ok()
    });
    let server_render = usable(manifest.assets.server_render, "server render").and_then(|(file, bytes)| {
        let renderer = ServerRenderer::new(&bytes);
        renderer.map_err(|problem| tracing::error!("{name}@{version}'s {file} is not used: {problem}")).ok()
    });
    let (prerendered, server_render) = (prerendered.map(Arc::new), server_render.map(Arc::new));
    let renders_html = prerendered.is_some() || server_render.is_some();
    let styles = manifest.assets.css.filter(|_| renders_html).and_then(|css| {
        let text = verified(&folder, &css).and_then(|bytes| String::from_utf8(bytes).map_err(|e| e.to_string()));
        match text {
            Ok(text) => InlineStyles::new(text).or_else(|| {
                tracing::warn!("{name}@{version}'s stylesheet ({}) cannot be inlined: pages link it", css.file);
                None
            }),
            Err(problem) => {
                tracing::error!("{name}@{version}'s stylesheet ({}) is not inlined: {problem}", css.file);
                None
            }
        }
    });
    Extras { prerendered, server_render, styles, prefetch }
}

/// Stylesheet text a page carries in a `<style>`, and its hash, which the
/// page's content security policy allows.
#[derive(Clone, Debug)]
pub(crate) struct InlineStyles {
    pub(crate) css: InlineCss,
    pub(crate) hash: Integrity,
}

impl InlineStyles {
    /// `text` with its hash, when it is safe inside `<style>` ([`InlineCss`]).
    pub(crate) fn new(text: String) -> Option<Self> {
        let hash = Integrity::of(text.as_bytes());
        Some(Self { css: InlineCss::new(text)?, hash })
    }
}

/// The bytes of `asset` in `folder`, when they match its integrity.
fn verified(folder: &Path, asset: &federation::Asset) -> Result<Vec<u8>, String> {
    let bytes = std::fs::read(folder.join(&asset.file)).map_err(|e| e.to_string())?;
    if Integrity::of(&bytes) != asset.integrity {
        return Err(String::from("it does not match its integrity"));
    }
    Ok(bytes)
}
