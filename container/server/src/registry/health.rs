//! The health check a version must pass before it goes live: its manifest is
//! valid and names it, every asset is present and matches its integrity, and its
//! contract is compatible with the container's.

use std::path::Path;

use federation::{AssetKind, ContractInfo, Integrity, Manifest, PrerenderedModules, RemoteName, Version};

use super::RegistryError;

/// Checks `<remotes_dir>/<name>/<version>/`; returns its manifest.
pub(crate) fn check(
    remotes_dir: &Path,
    name: &RemoteName,
    version: &Version,
    host: &ContractInfo,
) -> Result<Manifest, RegistryError> {
    let manifest = check_files(remotes_dir, name, version)?;
    check_contract(host, &manifest)?;
    Ok(manifest)
}

/// The files half of the check: the manifest and every asset.
pub(crate) fn check_files(remotes_dir: &Path, name: &RemoteName, version: &Version) -> Result<Manifest, RegistryError> {
    let manifest = read_manifest(remotes_dir, name, version)?;
    check_assets(remotes_dir, &manifest)?;
    Ok(manifest)
}

/// The contract half of the check.
pub(crate) fn check_contract(host: &ContractInfo, manifest: &Manifest) -> Result<(), RegistryError> {
    host.accepts(&manifest.contract).map_err(|reason| RegistryError::Incompatible {
        remote: manifest.name.to_string(),
        version: manifest.version.to_string(),
        reason: reason.to_string(),
    })
}

/// The folder of one version.
fn version_dir(remotes_dir: &Path, name: &RemoteName, version: &Version) -> std::path::PathBuf {
    remotes_dir.join(name.as_str()).join(version.to_string())
}

/// The manifest of `name@version`, parsed, validated, and naming that version.
pub(crate) fn read_manifest(
    remotes_dir: &Path,
    name: &RemoteName,
    version: &Version,
) -> Result<Manifest, RegistryError> {
    let path = version_dir(remotes_dir, name, version).join("manifest.json");
    let unhealthy =
        |problem: String| RegistryError::Unhealthy { remote: name.to_string(), version: version.to_string(), problem };
    let text = std::fs::read_to_string(&path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => {
            RegistryError::UnknownVersion { remote: name.to_string(), version: version.to_string() }
        }
        // There, but unreadable: a broken upload, not a missing version.
        _ => unhealthy(format!("its manifest cannot be read ({e}): upload manifest.json again")),
    })?;
    let manifest = Manifest::from_json(&text).map_err(|e| unhealthy(format!("its manifest is invalid: {e}")))?;
    if &manifest.name != name || &manifest.version != version {
        return Err(unhealthy(format!("its manifest describes {}@{}", manifest.name, manifest.version)));
    }
    Ok(manifest)
}

fn check_assets(remotes_dir: &Path, manifest: &Manifest) -> Result<(), RegistryError> {
    let dir = version_dir(remotes_dir, &manifest.name, &manifest.version);
    for (kind, asset) in manifest.assets.iter() {
        let unhealthy = |problem: String| RegistryError::Unhealthy {
            remote: manifest.name.to_string(),
            version: manifest.version.to_string(),
            problem,
        };
        let bytes = std::fs::read(dir.join(&asset.file))
            .map_err(|_| unhealthy(format!("asset {} is missing: upload every file of the build", asset.file)))?;
        if Integrity::of(&bytes) != asset.integrity {
            return Err(unhealthy(format!(
                "asset {} does not match its integrity: the upload is incomplete or the file was changed",
                asset.file
            )));
        }
        if kind == AssetKind::Prerendered {
            parse_prerendered(&bytes).map_err(|problem| unhealthy(format!("asset {}: {problem}", asset.file)))?;
        }
    }
    Ok(())
}

/// A `prerendered` asset's modules (module name → HTML).
pub(crate) fn parse_prerendered(bytes: &[u8]) -> Result<PrerenderedModules, String> {
    serde_json::from_slice(bytes)
        .map_err(|e| format!("is not a JSON object of module → HTML ({e}): build the remote again"))
}
