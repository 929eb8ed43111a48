//! `cargo xtask test`: every test, in the order that fails fastest. Installs only
//! what the tests need and is missing (Chromium, the end-to-end npm packages).

use std::path::Path;
use std::process::Command;

use crate::postgres::Postgres;
use crate::process;
use crate::workspace::{cargo, Workspace};

/// Native crates and the features their tests need.
const NATIVE_TESTS: &[&str] = &[
    "--package",
    "federation",
    "--features",
    "federation/json",
    "--package",
    "federation-derive",
    "--package",
    "contract",
    "--package",
    "xtask",
    "--package",
    "container-app",
    "--package",
    "container-server",
    "--package",
    "container-frontend",
    "--package",
    "send_wrapper",
    "--features",
    "send_wrapper/futures",
];

/// The Chromium the browser tests drive.
const CHROMIUM: &str = "/usr/bin/chromium";

pub(crate) fn run(workspace: &Workspace, build: impl Fn(&Workspace) -> Result<(), String>) -> Result<(), String> {
    let root = &workspace.root;
    eprintln!("== unit and server tests");
    let mut native = Command::new(cargo());
    native.arg("test").args(NATIVE_TESTS);
    process::run(native, root)?;

    eprintln!("== server-render unit tests (the remote side, natively)");
    let mut server_render = Command::new(cargo());
    server_render.args(["test", "--lib", "--package", "federation", "--package", "dashboard", "--no-default-features"]);
    server_render.args(["--features", "federation/server-render,dashboard/server-render"]);
    process::run(server_render, root)?;

    eprintln!("== server tests on PostgreSQL");
    let postgres = Postgres::start(&workspace.target)?;
    // The same selection as above, so nothing is rebuilt; the server's tests use
    // the database in MF_TEST_POSTGRES, the others simply run again.
    let mut on_postgres = Command::new(cargo());
    on_postgres.arg("test").args(NATIVE_TESTS).env("MF_TEST_POSTGRES", &postgres.url);
    process::run(on_postgres, root)?;
    drop(postgres);

    eprintln!("== build");
    build(workspace)?;

    eprintln!("== the browser's JSON readers and writers, and its streams (wasm, run in Node)");
    // After the build, which installed wasm-bindgen-cli and its test runner.
    let runner = crate::tools::ensure_build_tools(workspace)?.wasm_bindgen.with_file_name("wasm-bindgen-test-runner");
    let mut wasm = Command::new(cargo());
    wasm.args(["test", "--target", "wasm32-unknown-unknown", "--package", "federation", "--package", "contract"]);
    wasm.args(["--package", "wasm-streams", "--test", "answer", "--test", "browser_shapes", "--test", "streams"]);
    wasm.env("CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER", runner);
    process::run(wasm, root)?;

    eprintln!("== browser tests");
    let trunk = crate::tools::ensure_trunk(workspace)?;
    let mut e2e = browser_command(workspace)?;
    e2e.env("MF_TRUNK", trunk);
    e2e.args(["--test", "--test-concurrency=1", "tests/"]);
    process::run(e2e, &root.join("end2end"))
}

/// `cargo xtask bench`: builds, then runs the cold-load benchmark (not a test:
/// it prints numbers).
pub(crate) fn bench(workspace: &Workspace, build: impl Fn(&Workspace) -> Result<(), String>) -> Result<(), String> {
    build(workspace)?;
    let mut bench = browser_command(workspace)?;
    bench.arg("bench/cold-load.mjs");
    process::run(bench, &workspace.root.join("end2end"))
}

/// `cargo xtask screenshots`: builds, then takes a screenshot of every route in
/// both themes at 360 px wide into `docs/screenshots/` (for the README).
pub(crate) fn screenshots(
    workspace: &Workspace,
    build: impl Fn(&Workspace) -> Result<(), String>,
) -> Result<(), String> {
    build(workspace)?;
    let mut shots = browser_command(workspace)?;
    shots.arg("bench/screenshots.mjs");
    process::run(shots, &workspace.root.join("end2end"))
}

/// `node` in `end2end/`, with Chromium and the npm packages installed if missing,
/// and the paths of the built server and of this tool in its environment.
fn browser_command(workspace: &Workspace) -> Result<Command, String> {
    let root = &workspace.root;
    ensure_chromium(root)?;
    let end2end = root.join("end2end");
    if ["playwright-core", "axe-core"].iter().any(|package| !end2end.join("node_modules").join(package).exists()) {
        let mut install = Command::new("npm");
        install.args(["ci", "--no-audit", "--no-fund"]);
        process::run(install, &end2end)?;
    }
    let mut node = Command::new("node");
    node.env("MF_SERVER_BINARY", workspace.target.join("release").join("container-server"));
    if let Ok(xtask) = std::env::current_exe() {
        node.env("MF_XTASK_BINARY", xtask);
    }
    node.env("MF_ROOT", root);
    node.env("MF_FIXTURE_REMOTES", workspace.fixture_remotes());
    Ok(node)
}

fn ensure_chromium(root: &Path) -> Result<(), String> {
    if Path::new(CHROMIUM).exists() {
        return Ok(());
    }
    eprintln!("installing Debian's chromium for the browser tests (once)");
    apt_install("chromium", root)
}

/// Installs a Debian package.
pub(crate) fn apt_install(package: &str, dir: &Path) -> Result<(), String> {
    let mut update = Command::new("apt-get");
    update.args(["update", "-qq"]);
    process::run(update, dir)?;
    let mut install = Command::new("apt-get");
    install.args(["install", "-y", "-qq", package]).env("DEBIAN_FRONTEND", "noninteractive");
    process::run(install, dir)
}
