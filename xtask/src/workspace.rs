//! The workspace as the build sees it: where things are, which crates are remotes,
//! which wasm-bindgen version is locked.

use std::path::{Path, PathBuf};
use std::process::Command;

use federation::Version;
use serde::Deserialize;

use crate::process;

/// A remote crate under `apps/`.
#[derive(Debug, Clone)]
pub(crate) struct RemoteCrate {
    /// The package name, also the remote's name (`ui-components`).
    pub(crate) name: federation::RemoteName,
    /// The package version, also the remote's version.
    pub(crate) version: Version,
    /// The crate's folder.
    pub(crate) dir: PathBuf,
    /// Whether it has a server render (a `server-render` feature; see
    /// [`crate::server_render`]).
    pub(crate) server_render: bool,
}

impl RemoteCrate {
    /// The file name cargo gives the crate's wasm (`ui_components.wasm`).
    pub(crate) fn wasm_file(&self) -> String {
        format!("{}.wasm", self.name.as_str().replace('-', "_"))
    }
}

pub(crate) struct Workspace {
    pub(crate) root: PathBuf,
    pub(crate) target: PathBuf,
    remotes: Vec<RemoteCrate>,
    /// Remotes under `end2end/remotes/`: test fixtures, built for the browser
    /// tests only, never deployed.
    pub(crate) fixtures: Vec<RemoteCrate>,
    /// Build wasm the smallest way (`--smallest`, nightly): see [`crate::smallest`].
    pub(crate) smallest: bool,
}

#[derive(Deserialize)]
struct Metadata {
    workspace_root: PathBuf,
    target_directory: PathBuf,
    packages: Vec<Package>,
}

#[derive(Deserialize)]
struct Package {
    name: String,
    version: String,
    manifest_path: PathBuf,
    features: std::collections::BTreeMap<String, serde_json::Value>,
}

impl Workspace {
    pub(crate) fn load() -> Result<Self, String> {
        let mut command = Command::new(cargo());
        command.args(["metadata", "--format-version", "1", "--no-deps"]);
        let json = process::output(command).ok_or("`cargo metadata` failed: run it to see why")?;
        let metadata: Metadata =
            serde_json::from_str(&json).map_err(|e| format!("unexpected `cargo metadata` output: {e}"))?;
        let apps = metadata.workspace_root.join("apps");
        let fixtures_dir = metadata.workspace_root.join("end2end").join("remotes");
        let (mut remotes, mut fixtures) = (Vec::new(), Vec::new());
        for package in metadata.packages {
            let Some(dir) = package.manifest_path.parent() else {
                continue;
            };
            let list = match dir.parent() {
                Some(parent) if parent == apps => &mut remotes,
                Some(parent) if parent == fixtures_dir => &mut fixtures,
                _ => continue,
            };
            let name = federation::RemoteName::new(&package.name)
                .ok_or_else(|| format!("{}: `{}` is not a valid remote name", dir.display(), package.name))?;
            let version = package.version.parse().map_err(|e| format!("{}: {e}", package.name))?;
            let server_render = package.features.contains_key(crate::server_render::FEATURE);
            list.push(RemoteCrate { name, version, dir: dir.to_path_buf(), server_render });
        }
        remotes.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(Self {
            root: metadata.workspace_root,
            target: metadata.target_directory,
            remotes,
            fixtures,
            smallest: false,
        })
    }

    /// The remotes named in `names`, or all of them when `names` is empty.
    pub(crate) fn remotes(&self, names: &[String]) -> Result<Vec<RemoteCrate>, String> {
        if names.is_empty() {
            return Ok(self.remotes.clone());
        }
        names
            .iter()
            .map(|name| {
                self.remotes.iter().find(|r| r.name.as_str() == name).cloned().ok_or_else(|| {
                    let known: Vec<&str> = self.remotes.iter().map(|r| r.name.as_str()).collect();
                    format!("no remote named `{name}` under apps/ (there are: {})", known.join(", "))
                })
            })
            .collect()
    }

    /// Where built remotes go: the server's remotes folder, `MF_REMOTES_DIR`
    /// (as for the server), default `dist/remotes`.
    pub(crate) fn dist_remotes(&self) -> PathBuf {
        match std::env::var_os("MF_REMOTES_DIR") {
            Some(dir) => self.root.join(dir),
            None => self.root.join("dist").join("remotes"),
        }
    }

    /// Where the test fixture remotes are built: `target/e2e-remotes`.
    pub(crate) fn fixture_remotes(&self) -> PathBuf {
        self.target.join("e2e-remotes")
    }

    /// Where cargo puts wasm built with the size profile.
    pub(crate) fn wasm_out(&self) -> PathBuf {
        let target = if self.smallest { crate::smallest::target_dir(self) } else { self.target.clone() };
        target.join("wasm32-unknown-unknown").join(WASM_PROFILE)
    }

    /// The wasm-bindgen version in Cargo.lock, which the CLI must match exactly.
    pub(crate) fn locked_wasm_bindgen(&self) -> Result<String, String> {
        locked_version(&self.root.join("Cargo.lock"), "wasm-bindgen")
    }
}

/// The cargo profile for every wasm bundle.
pub(crate) const WASM_PROFILE: &str = "wasm-release";

/// The cargo that runs us (so the pinned toolchain is used).
pub(crate) fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".into())
}

fn locked_version(lock: &Path, package: &str) -> Result<String, String> {
    let text = std::fs::read_to_string(lock).map_err(|e| format!("{}: {e}", lock.display()))?;
    let needle = format!("name = \"{package}\"\nversion = \"");
    let start = text.find(&needle).ok_or_else(|| format!("{package} is not in {}", lock.display()))? + needle.len();
    let end = text[start..].find('"').ok_or("Cargo.lock is malformed")?;
    Ok(text[start..start + end].to_owned())
}
