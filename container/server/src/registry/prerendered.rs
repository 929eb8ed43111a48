//! The prerendered modules of the live remotes, for pages: read from each
//! version's folder the first time a page needs them and kept (a version's files
//! never change; a rebuilt one in dev has another wasm, hence another key).

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::{Arc, RwLock};

use federation::{Integrity, PrerenderedModules, RemoteMap, RemoteName, Version};

use super::health;

/// A remote version, told apart from a rebuild of it by its wasm's integrity.
type Key = (RemoteName, Version, Integrity);

/// Prerendered modules by remote version; `None` for a version without them or
/// whose file could not be used.
#[derive(Clone, Default)]
pub(crate) struct PrerenderedCache {
    kept: Arc<RwLock<HashMap<Key, Option<Arc<PrerenderedModules>>>>>,
}

impl PrerenderedCache {
    /// The prerendered modules of every remote in `map` that has them, by remote name.
    pub(crate) fn for_map(&self, remotes_dir: &Path, map: &RemoteMap) -> BTreeMap<String, Arc<PrerenderedModules>> {
        map.iter()
            .filter_map(|(name, location)| {
                let key = (name.clone(), location.version.clone(), location.wasm.integrity.clone());
                let kept = self.kept.read().ok().and_then(|kept| kept.get(&key).cloned());
                let modules = kept.unwrap_or_else(|| {
                    let read = read(remotes_dir, name, &location.version).map(Arc::new);
                    if let Ok(mut kept) = self.kept.write() {
                        kept.insert(key, read.clone());
                    }
                    read
                })?;
                Some((name.as_str().to_owned(), modules))
            })
            .collect()
    }
}

/// Reads `name@version`'s prerendered modules, checked against the manifest's
/// integrity; a problem is logged and the pages show the skeleton instead.
fn read(remotes_dir: &Path, name: &RemoteName, version: &Version) -> Option<PrerenderedModules> {
    let manifest = health::read_manifest(remotes_dir, name, version).ok()?;
    let asset = manifest.assets.prerendered?;
    let path = remotes_dir.join(name.as_str()).join(version.to_string()).join(&asset.file);
    let used = std::fs::read(&path).map_err(|e| e.to_string()).and_then(|bytes| {
        if Integrity::of(&bytes) != asset.integrity {
            return Err(String::from("it does not match its integrity"));
        }
        health::parse_prerendered(&bytes)
    });
    used.map_err(|problem| {
        tracing::error!("{name}@{version}'s prerendered modules ({}) are not used: {problem}", path.display());
    })
    .ok()
}
