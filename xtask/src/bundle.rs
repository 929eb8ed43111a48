//! The one pipeline from a cargo-built wasm to browser-ready files, used for every
//! remote and for the container: wasm-bindgen (`--target web`), the closure shims it
//! leaves in the function table freed, then wasm-opt -Oz.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::closure_shims;
use crate::glue;
use crate::process;
use crate::tools::Tools;

/// A bundle after wasm-bindgen and wasm-opt, in a scratch folder.
pub(crate) struct Bundle {
    /// The folder wasm-bindgen wrote to (the glue, the wasm, `snippets/`).
    pub(crate) dir: PathBuf,
    /// The JS glue.
    pub(crate) js: Vec<u8>,
    /// The optimised wasm.
    pub(crate) wasm: Vec<u8>,
    /// Whether the glue is one module with its snippets inside (minified by esbuild);
    /// otherwise it imports them from `dir/snippets/`.
    pub(crate) self_contained: bool,
}

/// Runs wasm-bindgen on `wasm` (named `out_name` in the output) into `scratch`,
/// frees the closure shims it left in the function table (see `closure_shims`),
/// runs wasm-opt -Oz (twice, functions sorted by name) on the result,
/// shortens the import names and minifies the glue.
pub(crate) fn bindgen_and_optimise(
    tools: &Tools,
    wasm: &Path,
    out_name: &str,
    scratch: &Path,
) -> Result<Bundle, String> {
    if scratch.exists() {
        std::fs::remove_dir_all(scratch).map_err(|e| format!("{}: {e}", scratch.display()))?;
    }
    let mut bindgen = Command::new(&tools.wasm_bindgen);
    bindgen.args(["--target", "web", "--no-typescript", "--out-name", out_name, "--out-dir"]).arg(scratch).arg(wasm);
    process::run(bindgen, scratch.parent().unwrap_or(scratch))?;

    let bound = scratch.join(format!("{out_name}_bg.wasm"));
    let read = |p: &Path| std::fs::read(p).map_err(|e| format!("{}: {e}", p.display()));
    let (pruned, repointed) = closure_shims::drop_table_only_shims(&read(&bound)?)?;
    if repointed > 0 {
        std::fs::write(&bound, pruned).map_err(|e| format!("{}: {e}", bound.display()))?;
        println!("  ({repointed} closure shims only the function table held are left for wasm-opt to drop)");
    }
    let glue_path = scratch.join(format!("{out_name}.js"));
    let glue = String::from_utf8(read(&glue_path)?).map_err(|_| format!("{out_name}.js is not UTF-8"))?;
    let optimised = scratch.join(format!("{out_name}.opt.wasm"));
    let mut opt = Command::new(&tools.wasm_opt);
    // -Oz for size; the features come from the target-features section (strip = false).
    // Functions sorted by name first (wasm-bindgen left them demangled), so each
    // crate's code sits together and brotli finds more matches; then -Oz twice,
    // since the first pass leaves work for a second. Both measured on 2026-12-05:
    // each about −0.35 KB brotli per remote, −0.7 KB together, for about 1 s.
    opt.args(["--reorder-functions-by-name", "-Oz", "-Oz", "--strip-debug", "--strip-producers"]);
    opt.arg(&bound).arg("-o").arg(&optimised);
    process::run(opt, scratch)?;

    let (wasm, glue) = glue::shorten_imports(&read(&optimised)?, &glue, &format!("./{out_name}_bg.js"))?;
    let shortened = scratch.join(format!("{out_name}.short.js"));
    std::fs::write(&shortened, &glue).map_err(|e| format!("{}: {e}", shortened.display()))?;
    let (js, self_contained) = match &tools.esbuild {
        Some(esbuild) => (glue::minify(esbuild, &shortened, &scratch.join(format!("{out_name}.min.js")))?, true),
        None => (glue.into_bytes(), false),
    };
    Ok(Bundle { js, wasm, dir: scratch.to_path_buf(), self_contained })
}

/// `rustc --version` of the toolchain [`cargo_build_wasm`] builds with, for the
/// manifest's build facts.
pub(crate) fn wasm_rustc_version(workspace: &crate::workspace::Workspace) -> String {
    if workspace.smallest {
        return crate::smallest::rustc_version();
    }
    let mut version = Command::new("rustc");
    version.arg("--version");
    process::output(version).unwrap_or_default().trim().to_owned()
}

/// Builds the cdylib `packages` for wasm32 with the size profile, in one cargo run
/// (with `--smallest`, the nightly way: see [`crate::smallest`]).
pub(crate) fn cargo_build_wasm(workspace: &crate::workspace::Workspace, packages: &[&str]) -> Result<(), String> {
    cargo_build_wasm_with(workspace, packages, &[])
}

/// [`cargo_build_wasm`] with cargo `features` (`package/feature`) on.
pub(crate) fn cargo_build_wasm_with(
    workspace: &crate::workspace::Workspace,
    packages: &[&str],
    features: &[&str],
) -> Result<(), String> {
    let root = &workspace.root;
    if packages.is_empty() {
        return Ok(());
    }
    let mut build = if workspace.smallest {
        crate::smallest::ensure_toolchain(workspace)?;
        crate::smallest::cargo_build(workspace, packages)
    } else {
        let mut build = Command::new(crate::workspace::cargo());
        build.args(["build", "--target", "wasm32-unknown-unknown", "--profile", crate::workspace::WASM_PROFILE]);
        for package in packages {
            build.args(["--package", package]);
        }
        build
    };
    if !features.is_empty() {
        build.arg("--features").arg(features.join(","));
    }
    process::run(build, root)
}
