//! The remote map: which version of each remote pages use. Read from the built
//! remotes folder at start; the remote registry (issue 4) replaces this.

use std::path::Path;

use federation::{Manifest, RemoteLocation, RemoteMap, RemoteName, Version};

/// Scans `<dir>/<name>/<version>/manifest.json` and picks, per remote, the newest
/// version whose manifest is valid. Invalid manifests are logged and skipped, so
/// one broken build cannot take the others down.
pub fn scan_remotes(dir: &Path) -> RemoteMap {
    let mut map = RemoteMap::new();
    let Ok(names) = std::fs::read_dir(dir) else {
        tracing::warn!("no remotes folder at {}: build the remotes with `cargo xtask build`", dir.display());
        return map;
    };
    for entry in names.flatten() {
        let Some(name) = entry.file_name().to_str().and_then(RemoteName::new) else {
            continue;
        };
        if let Some(version) = newest_valid_version(&entry.path(), &name) {
            let manifest = format!("/remotes/{name}/{version}/manifest.json");
            map.insert(name, RemoteLocation { version, manifest });
        }
    }
    map
}

fn newest_valid_version(dir: &Path, name: &RemoteName) -> Option<Version> {
    let mut versions: Vec<Version> =
        std::fs::read_dir(dir).ok()?.flatten().filter_map(|e| e.file_name().to_str()?.parse().ok()).collect();
    versions.sort();
    versions.into_iter().rev().find(|version| {
        let path = dir.join(version.to_string()).join("manifest.json");
        let checked = std::fs::read_to_string(&path)
            .map_err(|e| e.to_string())
            .and_then(|text| Manifest::from_json(&text).map_err(|e| e.to_string()))
            .and_then(|m| {
                if &m.name == name && &m.version == version {
                    Ok(())
                } else {
                    Err(format!("it describes {}@{}", m.name, m.version))
                }
            });
        if let Err(problem) = &checked {
            tracing::error!("skipping {}: {problem}", path.display());
        }
        checked.is_ok()
    })
}
