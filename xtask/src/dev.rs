//! The developer loop: each remote alone under trunk (its config, and the
//! manifest its dev server serves so a container can load it as an override),
//! and rebuilding changed remotes under `cargo leptos watch`.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::SystemTime;

use federation::{Asset, Assets, BuildInfo, ContractInfo, Manifest, MANIFEST_SCHEMA};

use crate::compress::encode;
use crate::workspace::{cargo, RemoteCrate, Workspace};

/// Each remote's dev server port under `trunk serve`.
pub(crate) const PORTS: &[(&str, u16)] =
    &[("auth", 3001), ("dashboard", 3002), ("nursing", 3003), ("ui-components", 3010)];

/// The line of the root `Trunk.toml` that each remote's copy replaces with its port.
const PORT_LINE: &str = "# port: each remote's own, written by `cargo xtask trunk-configs`";

/// `apps/<name>/Trunk.toml` for `remote`: the root `Trunk.toml` with its port.
fn trunk_config(root_config: &str, remote: &str) -> Result<String, String> {
    let port = PORTS
        .iter()
        .find(|(name, _)| *name == remote)
        .map(|(_, port)| *port)
        .ok_or_else(|| format!("remote `{remote}` has no dev server port: add one to PORTS in xtask/src/dev.rs"))?;
    if !root_config.contains(PORT_LINE) {
        return Err(format!("Trunk.toml has lost the line `{PORT_LINE}` under [serve]"));
    }
    let header = "# Written by `cargo xtask trunk-configs` from ../../Trunk.toml: edit that one.\n";
    Ok(format!("{header}{}", root_config.replace(PORT_LINE, &format!("port = {port}"))))
}

/// Writes every remote's `Trunk.toml` (or, with `check`, fails when one differs
/// from what it would write).
pub(crate) fn trunk_configs(workspace: &Workspace, check: bool) -> Result<(), String> {
    let root = std::fs::read_to_string(workspace.root.join("Trunk.toml")).map_err(|e| format!("Trunk.toml: {e}"))?;
    for remote in &workspace.remotes(&[])? {
        let path = remote.dir.join("Trunk.toml");
        let wanted = trunk_config(&root, remote.name.as_str())?;
        let current = std::fs::read_to_string(&path).unwrap_or_default();
        if current == wanted {
            continue;
        }
        if check {
            return Err(format!("{} is out of date: run `cargo xtask trunk-configs`", path.display()));
        }
        std::fs::write(&path, wanted).map_err(|e| format!("{}: {e}", path.display()))?;
        eprintln!("wrote {}", path.display());
    }
    Ok(())
}

/// Trunk's post-build hook: writes `manifest.json` next to the files trunk
/// built (`TRUNK_STAGING_DIR`) for the remote in `TRUNK_SOURCE_DIR`, with each
/// file's integrity and the contract types it uses, so that a container's
/// override (`?remote.auth=http://127.0.0.1:3001`) loads and verifies it like a
/// deployed version.
pub(crate) fn dev_manifest(workspace: &Workspace) -> Result<(), String> {
    let env = |name: &str| std::env::var_os(name).map(PathBuf::from).ok_or(format!("{name} is not set: run by trunk"));
    let (source, staging) = (env("TRUNK_SOURCE_DIR")?, env("TRUNK_STAGING_DIR")?);
    let source = source.canonicalize().map_err(|e| format!("{}: {e}", source.display()))?;
    let remotes = workspace.remotes(&[])?;
    let remote = remotes
        .iter()
        .find(|r| r.dir.canonicalize().is_ok_and(|d| d == source))
        .ok_or_else(|| format!("{} is not a remote's folder", source.display()))?;
    let manifest = manifest_of(workspace, remote, &staging)?;
    let path = staging.join("manifest.json");
    std::fs::write(&path, manifest.to_json()).map_err(|e| format!("{}: {e}", path.display()))?;
    eprintln!("wrote {} ({}@{})", path.display(), remote.name, remote.version);
    Ok(())
}

/// The manifest of the files trunk built for `remote` in `dir`.
fn manifest_of(workspace: &Workspace, remote: &RemoteCrate, dir: &Path) -> Result<Manifest, String> {
    let files: Vec<String> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    let wasm_file = files
        .iter()
        .find(|f| f.ends_with("_bg.wasm"))
        .ok_or_else(|| format!("no wasm in {}: did trunk build it?", dir.display()))?;
    let js_file = format!("{}.js", wasm_file.trim_end_matches("_bg.wasm"));
    // Trunk's glue imports wasm-bindgen's snippets from `snippets/`; the loader
    // imports exactly the verified glue, as one module (from a `blob:` URL, where
    // relative imports do not resolve): an override gets it with them bundled in.
    // The harness page keeps trunk's own.
    let js_file = if dir.join("snippets").is_dir() { bundled_glue(workspace, dir, &js_file)? } else { js_file };
    // The remote's own stylesheet (`style.css`; the harness's are not part of it),
    // scoped to its mount points as `cargo xtask build` does (see css_scope), so
    // a remote loaded from its dev server (an override) behaves as deployed. The
    // harness page keeps trunk's copy.
    let css_file = match files.iter().find(|f| f.starts_with("style-") && f.ends_with(".css")) {
        Some(file) => Some(scoped_copy(remote.name.as_str(), dir, file)?),
        None => None,
    };
    let read = |file: &str| std::fs::read(dir.join(file)).map_err(|e| format!("{file}: {e}"));
    let asset = |file: &str| -> Result<(Asset, Vec<u8>), String> {
        let bytes = read(file)?;
        let encoded = encode(&bytes)?;
        Ok((Asset { file: file.to_owned(), size: encoded.sizes, integrity: encoded.integrity }, bytes))
    };
    let (wasm, wasm_bytes) = asset(wasm_file)?;
    let (exposes, prefetch, _) = crate::remotes::declarations(remote.name.as_str(), &wasm_bytes)?;
    let manifest = Manifest {
        schema: MANIFEST_SCHEMA,
        name: remote.name.clone(),
        version: remote.version.clone(),
        contract: ContractInfo {
            types: crate::used_types::used_types(&wasm_bytes, &contract::fingerprints())?,
            ..contract::info()
        },
        build: BuildInfo {
            profile: std::env::var("TRUNK_PROFILE").map(|p| format!("trunk-{p}")).unwrap_or("trunk".into()),
            rustc: String::new(),
            wasm_bindgen: String::new(),
            built_at: SystemTime::now().duration_since(SystemTime::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0),
        },
        exposes,
        prefetch,
        assets: Assets {
            js: asset(&js_file)?.0,
            wasm,
            css: css_file.map(|f| asset(&f)).transpose()?.map(|(a, _)| a),
            prerendered: None,
            server_render: None,
        },
    };
    crate::remotes::finished(manifest)
}

/// Writes trunk's glue `file` in `dir` with the snippets it imports bundled in,
/// as `<stem>-bundled.js` beside it; returns that name.
fn bundled_glue(workspace: &Workspace, dir: &Path, file: &str) -> Result<String, String> {
    let esbuild = crate::tools::ensure_esbuild(workspace).ok_or(
        "this remote uses wasm-bindgen inline JS snippets, which an override needs bundled into its glue: install Node.js and npm so esbuild can do it",
    )?;
    let name = format!("{}-bundled.js", file.trim_end_matches(".js"));
    let mut command = std::process::Command::new(esbuild);
    command.arg(dir.join(file)).args(["--bundle", "--format=esm", "--log-level=warning"]);
    command.arg(format!("--outfile={}", dir.join(&name).display()));
    crate::process::run(command, dir)?;
    Ok(name)
}

/// Writes trunk's `file` in `dir`, scoped to `remote`'s mount points, as
/// `<remote>-<hash>.css` beside it; returns that name.
fn scoped_copy(remote: &str, dir: &Path, file: &str) -> Result<String, String> {
    let source = std::fs::read_to_string(dir.join(file)).map_err(|e| format!("{file}: {e}"))?;
    let scoped = crate::css_scope::scope(remote, &source).map_err(|e| format!("{file}: {e}"))?;
    let name = format!("{remote}-{}.css", encode(scoped.as_bytes())?.hash);
    std::fs::write(dir.join(&name), scoped).map_err(|e| format!("{name}: {e}"))?;
    Ok(name)
}

/// cargo-leptos' server build command (`bin-cargo-command` in `Cargo.toml`):
/// rebuilds each remote whose sources changed since its last build, then runs
/// `cargo` with the arguments cargo-leptos gave. So under `cargo leptos watch`,
/// a change in `apps/<name>` (watched, see `watch-additional-files`) rebuilds
/// that remote; cargo-leptos then restarts the server and reloads the page.
pub(crate) fn leptos_server_build(workspace: &Workspace, cargo_args: &[String]) -> Result<(), String> {
    let stale: Vec<String> =
        workspace.remotes(&[])?.iter().filter(|r| is_stale(workspace, r)).map(|r| r.name.as_str().to_owned()).collect();
    if !stale.is_empty() {
        eprintln!("remotes changed since their last build: {}", stale.join(", "));
        let tools = crate::tools::ensure_build_tools(workspace)?;
        let remotes = workspace.remotes(&stale)?;
        crate::remotes::build(
            workspace,
            &tools,
            &remotes,
            crate::remotes::Versions::Rebuild,
            &workspace.dist_remotes(),
        )?;
    }
    // The dev runtime's and the admin page's styles (cargo-leptos only knows the shell's).
    let pkg = workspace.target.join("site").join("pkg");
    std::fs::create_dir_all(&pkg).map_err(|e| format!("{}: {e}", pkg.display()))?;
    for css in ["dev.css", "admin.css"] {
        std::fs::copy(workspace.root.join("style").join(css), pkg.join(css))
            .map_err(|e| format!("style/{css}: {e}"))?;
    }
    let mut build = Command::new(cargo());
    build.args(cargo_args);
    crate::process::run(build, &workspace.root)
}

/// Whether a file of `remote`'s crate, of the shared crates or the lock file is
/// newer than its built manifest (or it has none).
fn is_stale(workspace: &Workspace, remote: &RemoteCrate) -> bool {
    let manifest =
        workspace.dist_remotes().join(remote.name.as_str()).join(remote.version.to_string()).join("manifest.json");
    let Ok(built) = std::fs::metadata(&manifest).and_then(|m| m.modified()) else { return true };
    let sources = [remote.dir.join("src"), remote.dir.join("Cargo.toml"), remote.dir.join("style.css")];
    let shared = [workspace.root.join("shared"), workspace.root.join("Cargo.lock")];
    sources.iter().chain(&shared).any(|path| newest(path).is_some_and(|t| t > built))
}

/// The newest modification time of `path` and, for a folder, of its files.
fn newest(path: &Path) -> Option<SystemTime> {
    let meta = std::fs::metadata(path).ok()?;
    if !meta.is_dir() {
        return meta.modified().ok();
    }
    std::fs::read_dir(path).ok()?.flatten().filter_map(|e| newest(&e.path())).max()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_remotes_trunk_config_is_the_root_one_with_its_port() {
        let root = format!("[build]\noffline = true\n\n[serve]\n{PORT_LINE}\naddresses = [\"127.0.0.1\"]\n");
        let auth = trunk_config(&root, "auth").unwrap();
        assert!(auth.contains("\nport = 3001\n") && auth.contains("offline = true") && !auth.contains(PORT_LINE));
        assert!(trunk_config(&root, "nope").unwrap_err().contains("PORTS"));
        assert!(trunk_config("[serve]\n", "auth").unwrap_err().contains("lost the line"));
    }

    #[test]
    fn every_remotes_trunk_config_is_up_to_date() {
        let workspace = Workspace::load().unwrap();
        trunk_configs(&workspace, true).unwrap();
    }
}
