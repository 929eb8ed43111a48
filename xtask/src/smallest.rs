//! The opt-in smallest wasm (`--smallest`): the nightly toolchain rebuilds the
//! standard library with `-Cpanic=immediate-abort`, so a panic is a bare trap:
//! no panic messages, locations or formatting machinery in any bundle (auth:
//! about 10% fewer brotli bytes). A panic still stops its remote (the container
//! contains it, FED-010); only its message is gone. Stable stays the default.
//! Built into a target folder of its own, so the two never rebuild each other.

use std::process::Command;

use crate::process;
use crate::workspace::{Workspace, WASM_PROFILE};

/// The toolchain, installed (with the standard library's source) on first use.
/// Not pinned to a date: measured with rustc 1.97.0-nightly (2026-05-19); it needs
/// a nightly that knows `-Cpanic=immediate-abort` (`rustup update nightly` if not).
const TOOLCHAIN: &str = "nightly";

/// `rustup run nightly …`: the toolchain's own tools, whatever rustup pinned here.
fn rustup_run(tool: &str) -> Command {
    let mut command = Command::new("rustup");
    command.args(["run", TOOLCHAIN, tool]);
    command
}

/// Installs the nightly toolchain and `rust-src` if missing.
pub(crate) fn ensure_toolchain(workspace: &Workspace) -> Result<(), String> {
    let mut version = rustup_run("rustc");
    version.arg("--version");
    if process::output(version).is_none() {
        eprintln!("installing the {TOOLCHAIN} toolchain for --smallest (once)");
        let mut install = Command::new("rustup");
        install.args(["toolchain", "install", TOOLCHAIN, "--profile", "minimal", "--component", "rust-src"]);
        return process::run(install, &workspace.root);
    }
    let mut installed = Command::new("rustup");
    installed.args(["component", "list", "--installed", "--toolchain", TOOLCHAIN]);
    if !process::output(installed).is_some_and(|list| list.lines().any(|l| l.starts_with("rust-src"))) {
        let mut add = Command::new("rustup");
        add.args(["component", "add", "rust-src", "--toolchain", TOOLCHAIN]);
        process::run(add, &workspace.root)?;
    }
    Ok(())
}

/// The cargo command that builds `packages` the smallest way.
pub(crate) fn cargo_build(workspace: &Workspace, packages: &[&str]) -> Command {
    let mut build = rustup_run("cargo");
    build.args(["build", "--target", "wasm32-unknown-unknown", "--profile", WASM_PROFILE]);
    build.args(["-Z", "build-std=std,panic_abort"]);
    for package in packages {
        build.args(["--package", package]);
    }
    build.env("CARGO_TARGET_DIR", target_dir(workspace));
    // The one flag this build is about; an encoded set from the caller would win over it.
    build.env_remove("CARGO_ENCODED_RUSTFLAGS");
    build.env("RUSTFLAGS", "-Zunstable-options -Cpanic=immediate-abort");
    build
}

/// Where these builds go: `target/smallest`.
pub(crate) fn target_dir(workspace: &Workspace) -> std::path::PathBuf {
    workspace.target.join("smallest")
}

/// `rustc --version` of the toolchain, for the manifest's build facts.
pub(crate) fn rustc_version() -> String {
    let mut version = rustup_run("rustc");
    version.arg("--version");
    process::output(version).unwrap_or_default().trim().to_owned()
}
