//! Building and serving the container: its browser runtime and styles go where
//! cargo-leptos puts them (`target/site/pkg/container.{js,wasm,css}`), so the server
//! runs the same under `cargo xtask serve` and `cargo leptos watch`.

use std::path::Path;
use std::process::Command;

use federation::Sizes;

use crate::bundle::{bindgen_and_optimise, cargo_build_wasm, cargo_build_wasm_with};
use crate::compress::{encode, write_with_siblings};
use crate::process;
use crate::tools::Tools;
use crate::workspace::{cargo, Workspace};

/// The container's browser files and their sizes, for the size table.
pub(crate) struct BuiltContainer {
    pub(crate) files: Vec<(String, Sizes)>,
    /// The dev runtime's (overrides and the devtools panel; never sent to students).
    pub(crate) dev_files: Vec<(String, Sizes)>,
}

const FRONTEND: &str = "container-frontend";
const SERVER: &str = "container-server";
const OUTPUT_NAME: &str = "container";
/// The dev runtime: the runtime with the `devtools` feature.
const DEV_OUTPUT_NAME: &str = "container-dev";

/// The address `serve` listens on.
pub(crate) const ADDRESS: &str = "127.0.0.1:3000";

pub(crate) fn build(workspace: &Workspace, tools: &Tools) -> Result<BuiltContainer, String> {
    eprintln!("building the container's browser runtime");
    cargo_build_wasm(workspace, &[FRONTEND])?;
    let compiled = workspace.wasm_out().join(format!("{}.wasm", FRONTEND.replace('-', "_")));
    let scratch = workspace.target.join("xtask").join("container");
    let bundle = bindgen_and_optimise(tools, &compiled, OUTPUT_NAME, &scratch)?;

    let pkg = workspace.target.join("site").join("pkg");
    if pkg.exists() {
        std::fs::remove_dir_all(&pkg).map_err(|e| format!("{}: {e}", pkg.display()))?;
    }
    std::fs::create_dir_all(&pkg).map_err(|e| format!("{}: {e}", pkg.display()))?;
    let files = write_runtime(workspace, &pkg, &bundle, OUTPUT_NAME, "main.css", &format!("{OUTPUT_NAME}.css"))?;

    eprintln!("building the container's dev runtime (overrides, devtools panel)");
    cargo_build_wasm_with(workspace, &[FRONTEND], &[&format!("{FRONTEND}/devtools")])?;
    let dev = bindgen_and_optimise(tools, &compiled, DEV_OUTPUT_NAME, &scratch.with_file_name(DEV_OUTPUT_NAME))?;
    let dev_files = write_runtime(workspace, &pkg, &dev, DEV_OUTPUT_NAME, "dev.css", "dev.css")?;
    // The service worker (served at /sw.js) and the admin page's styles (only that page links them).
    for source in ["container/frontend/js/sw.js", "style/admin.css"] {
        copy_compressed(&workspace.root.join(source), &pkg)?;
    }

    eprintln!("building the container's server");
    let mut server = Command::new(cargo());
    server.args(["build", "--release", "--package", SERVER]);
    process::run(server, &workspace.root)?;
    Ok(BuiltContainer { files, dev_files })
}

/// Writes a runtime `bundle` as `<name>.{js,wasm}` and `style/<style>` as
/// `<style_out>` into `pkg`, each with compressed siblings; returns their sizes.
fn write_runtime(
    workspace: &Workspace,
    pkg: &Path,
    bundle: &crate::bundle::Bundle,
    name: &str,
    style: &str,
    style_out: &str,
) -> Result<Vec<(String, Sizes)>, String> {
    let css =
        std::fs::read_to_string(workspace.root.join("style").join(style)).map_err(|e| format!("style/{style}: {e}"))?;
    // Its comments are for us, not for the students' data plans.
    let css = crate::css_scope::without_comments(&css).map_err(|e| format!("style/{style}: {e}"))?;
    let css = crate::css_scope::compact(&css).into_bytes();
    let mut files = Vec::new();
    for (file, bytes) in
        [(format!("{name}.js"), &bundle.js), (format!("{name}.wasm"), &bundle.wasm), (style_out.to_owned(), &css)]
    {
        let encoded = encode(bytes)?;
        write_with_siblings(&pkg.join(&file), bytes, &encoded)?;
        files.push((file, encoded.sizes));
    }
    if !bundle.self_contained {
        copy_snippets(&bundle.dir.join("snippets"), &pkg.join("snippets"), &mut files)?;
    }
    Ok(files)
}

/// Copies `source` into `pkg` under its file name, with compressed siblings.
fn copy_compressed(source: &Path, pkg: &Path) -> Result<(), String> {
    let bytes = std::fs::read(source).map_err(|e| format!("{}: {e}", source.display()))?;
    let name = source.file_name().ok_or_else(|| format!("{} has no file name", source.display()))?;
    write_with_siblings(&pkg.join(name), &bytes, &encode(&bytes)?)
}

/// Copies wasm-bindgen's `snippets/` (JS the runtime imports), compressed too.
fn copy_snippets(from: &Path, to: &Path, files: &mut Vec<(String, Sizes)>) -> Result<(), String> {
    let Ok(entries) = std::fs::read_dir(from) else {
        return Ok(());
    };
    std::fs::create_dir_all(to).map_err(|e| format!("{}: {e}", to.display()))?;
    for entry in entries.flatten() {
        let (source, target) = (entry.path(), to.join(entry.file_name()));
        if source.is_dir() {
            copy_snippets(&source, &target, files)?;
        } else {
            let bytes = std::fs::read(&source).map_err(|e| format!("{}: {e}", source.display()))?;
            let encoded = encode(&bytes)?;
            write_with_siblings(&target, &bytes, &encoded)?;
            files.push((format!("snippets/…/{}", entry.file_name().to_string_lossy()), encoded.sizes));
        }
    }
    Ok(())
}

/// Runs the built server in the foreground at [`ADDRESS`].
pub(crate) fn serve(workspace: &Workspace) -> Result<(), String> {
    let binary = workspace.target.join("release").join(SERVER);
    eprintln!("serving the platform at http://{ADDRESS} (Ctrl-C to stop)");
    let mut server = Command::new(binary);
    server.env("LEPTOS_SITE_ADDR", ADDRESS);
    process::run(server, &workspace.root)
}
