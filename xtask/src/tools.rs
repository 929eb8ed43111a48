//! The external tools the build needs, installed once and skipped when present.

use std::path::PathBuf;
use std::process::Command;

use crate::process;
use crate::workspace::{cargo, Workspace};

/// The oldest binaryen whose wasm-opt is trusted (Debian's 108 breaks wasm).
const MIN_BINARYEN: u32 = 116;

/// Paths of the build tools.
pub(crate) struct Tools {
    pub(crate) wasm_bindgen: PathBuf,
    pub(crate) wasm_opt: PathBuf,
    pub(crate) wasm_bindgen_version: String,
    /// esbuild, to minify the glue and bundle wasm-bindgen's snippets into it.
    /// Without it the container's glue ships unminified, and a remote (whose glue
    /// has snippets: the shared state's and the bus's protocol) does not build.
    pub(crate) esbuild: Option<PathBuf>,
}

/// Makes sure wasm-bindgen (the locked version) and wasm-opt (binaryen >= 116) are
/// installed, and the wasm32 target: installs what is missing, once.
pub(crate) fn ensure_build_tools(workspace: &Workspace) -> Result<Tools, String> {
    ensure_wasm_target()?;
    let version = workspace.locked_wasm_bindgen()?;
    let wasm_bindgen = match find_wasm_bindgen(&version) {
        Some(path) => path,
        None => {
            eprintln!("installing wasm-bindgen-cli {version} (matches Cargo.lock; takes about 5 minutes, once)");
            let mut install = Command::new(cargo());
            install.args(["install", "wasm-bindgen-cli", "--version", &format!("={version}")]);
            process::run(install, &workspace.root)?;
            find_wasm_bindgen(&version)
                .ok_or("wasm-bindgen was installed but is not on PATH: add ~/.cargo/bin to PATH")?
        }
    };
    let wasm_opt = match find_wasm_opt() {
        Some(path) => path,
        None => {
            eprintln!("installing wasm-opt (binaryen {MIN_BINARYEN}+; takes about 7 minutes, once)");
            let mut install = Command::new(cargo());
            install.args(["install", "--locked", "wasm-opt"]);
            process::run(install, &workspace.root)?;
            find_wasm_opt().ok_or("wasm-opt was installed but is not on PATH: add ~/.cargo/bin to PATH")?
        }
    };
    let esbuild = ensure_esbuild(workspace);
    Ok(Tools { wasm_bindgen, wasm_opt, wasm_bindgen_version: version, esbuild })
}

/// The trunk teams run their remote alone with (see `Trunk.toml`).
pub(crate) const TRUNK_VERSION: &str = "0.21.14";

/// Makes sure trunk is installed (for the browser test of a remote built and
/// served alone): installs it once, about 6 minutes.
pub(crate) fn ensure_trunk(workspace: &Workspace) -> Result<PathBuf, String> {
    let find = || {
        candidates("trunk")
            .into_iter()
            .find(|tool| version_of(tool).is_some_and(|v| v.split_whitespace().nth(1) == Some(TRUNK_VERSION)))
    };
    if let Some(trunk) = find() {
        return Ok(trunk);
    }
    eprintln!("installing trunk {TRUNK_VERSION} (takes about 6 minutes, once)");
    let mut install = Command::new(cargo());
    install.args(["install", "trunk", "--locked", "--version", &format!("={TRUNK_VERSION}")]);
    process::run(install, &workspace.root)?;
    find().ok_or_else(|| String::from("trunk was installed but is not on PATH: add ~/.cargo/bin to PATH"))
}

/// esbuild from `xtask/js` (pinned in its package-lock), installed with `npm ci`
/// when missing (npm itself from Debian when it is not on PATH). Without it the
/// container builds with bigger glue and the remotes do not build.
pub(crate) fn ensure_esbuild(workspace: &Workspace) -> Option<PathBuf> {
    let dir = workspace.root.join("xtask").join("js");
    let esbuild = dir.join("node_modules").join(".bin").join("esbuild");
    if !esbuild.exists() {
        let has_npm = Command::new("npm").arg("--version").output().is_ok_and(|o| o.status.success());
        if !has_npm {
            eprintln!("installing Debian's npm (and Node.js), once, for esbuild");
            if let Err(problem) = crate::tests::apt_install("npm", &dir) {
                eprintln!("warning: npm could not be installed ({problem})");
            }
        }
        eprintln!("installing esbuild (npm ci in xtask/js, once) to minify the JS glue and bundle its snippets");
        let mut install = Command::new("npm");
        install.args(["ci", "--no-audit", "--no-fund"]);
        if let Err(problem) = process::run(install, &dir) {
            eprintln!("warning: esbuild could not be installed ({problem}); the container's JS glue ships unminified (about 2.5 KB brotli more) and the remotes cannot be built. Install Node.js and npm to fix.");
            return None;
        }
    }
    esbuild.exists().then_some(esbuild)
}

fn ensure_wasm_target() -> Result<(), String> {
    let installed = process::output({
        let mut c = Command::new("rustup");
        c.args(["target", "list", "--installed"]);
        c
    });
    match installed {
        Some(list) if list.lines().any(|l| l.trim() == "wasm32-unknown-unknown") => Ok(()),
        // Without rustup the toolchain is managed elsewhere; cargo will say if the target is missing.
        None => Ok(()),
        Some(_) => {
            let mut add = Command::new("rustup");
            add.args(["target", "add", "wasm32-unknown-unknown"]);
            process::run(add, &std::env::current_dir().unwrap_or_default())
        }
    }
}

/// Candidates for a tool: on PATH, then in cargo's bin folder.
fn candidates(tool: &str) -> Vec<PathBuf> {
    let mut found = vec![PathBuf::from(tool)];
    if let Some(home) = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
    {
        found.push(home.join("bin").join(tool));
    }
    found
}

fn version_of(tool: &PathBuf) -> Option<String> {
    let mut command = Command::new(tool);
    command.arg("--version");
    process::output(command)
}

fn find_wasm_bindgen(version: &str) -> Option<PathBuf> {
    candidates("wasm-bindgen")
        .into_iter()
        .find(|tool| version_of(tool).is_some_and(|v| v.split_whitespace().nth(1) == Some(version)))
}

fn find_wasm_opt() -> Option<PathBuf> {
    candidates("wasm-opt").into_iter().find(|tool| {
        // "wasm-opt version 116 (version_116)"
        version_of(tool)
            .and_then(|v| v.split_whitespace().nth(2).and_then(|n| n.parse::<u32>().ok()))
            .is_some_and(|n| n >= MIN_BINARYEN)
    })
}
