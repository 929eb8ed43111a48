//! The server's build of a remote: its `#[server_render]` modules compiled to
//! wasm with the crate's `server-render` feature (Leptos' server renderer, no
//! `csr`), which the container's server runs sandboxed to render them for each
//! page with the student's data. Shipped as the remote's `server_render` asset;
//! browsers never download it.

use std::path::Path;
use std::process::Command;

use crate::process;
use crate::tools::Tools;
use crate::workspace::{cargo, RemoteCrate, Workspace};

/// The cargo profile of server renders: the size profile's settings, in its own
/// folder (the browser build of the same crate has other features).
pub(crate) const PROFILE: &str = "wasm-server";

/// The cargo feature of a remote that builds its server render.
pub(crate) const FEATURE: &str = "server-render";

/// Compiles the server renders of `remotes` (those with the feature) in one cargo run.
pub(crate) fn compile(workspace: &Workspace, remotes: &[RemoteCrate]) -> Result<(), String> {
    let with: Vec<&RemoteCrate> = remotes.iter().filter(|r| r.server_render).collect();
    if with.is_empty() {
        return Ok(());
    }
    let names: Vec<&str> = with.iter().map(|r| r.name.as_str()).collect();
    eprintln!("building the server renders of: {}", names.join(", "));
    let mut build = Command::new(cargo());
    build.args(["build", "--lib", "--target", "wasm32-unknown-unknown", "--profile", PROFILE, "--no-default-features"]);
    for name in &names {
        build.args(["--package", name]);
    }
    let features: Vec<String> = names.iter().map(|name| format!("{name}/{FEATURE}")).collect();
    build.arg("--features").arg(features.join(","));
    process::run(build, &workspace.root)
}

/// The server render of `remote`, ready to ship (wasm-bindgen's output, whose
/// imports the server refuses): `None` when it has none.
pub(crate) fn bundle(workspace: &Workspace, tools: &Tools, remote: &RemoteCrate) -> Result<Option<Vec<u8>>, String> {
    if !remote.server_render {
        return Ok(None);
    }
    let compiled = workspace.target.join("wasm32-unknown-unknown").join(PROFILE).join(remote.wasm_file());
    let scratch = workspace.target.join("xtask").join("server-render").join(remote.name.as_str());
    if scratch.exists() {
        std::fs::remove_dir_all(&scratch).map_err(|e| format!("{}: {e}", scratch.display()))?;
    }
    // wasm-bindgen turns its intrinsics into plain code and imports; without it
    // the module would call placeholders that exist in no runtime.
    let mut bindgen = Command::new(&tools.wasm_bindgen);
    bindgen.args(["--target", "web", "--no-typescript", "--out-name", "server", "--out-dir"]).arg(&scratch);
    bindgen.arg(&compiled);
    process::run(bindgen, &workspace.root)?;
    read(&scratch.join("server_bg.wasm")).map(Some)
}

fn read(path: &Path) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))
}
