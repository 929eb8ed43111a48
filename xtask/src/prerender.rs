//! Prerendering: the first render of a remote's `#[prerender]` modules, made at
//! build time by the remote's own `prerender` binary (natively, with its
//! `prerender` feature) and shipped as its `prerendered` asset. The server puts
//! a module's HTML into the pages that mount it, so students see the content
//! before any wasm has arrived.

use std::collections::BTreeMap;
use std::process::{Command, Stdio};

use federation::ExposedModule;

use crate::workspace::{cargo, RemoteCrate, Workspace};

/// The JSON (module → HTML) of `remote`'s prerendered modules, or `None` when it
/// has no `prerender` binary (`src/bin/prerender.rs`).
pub(crate) fn render(
    workspace: &Workspace,
    remote: &RemoteCrate,
    exposes: &[ExposedModule],
) -> Result<Option<Vec<u8>>, String> {
    if !remote.dir.join("src").join("bin").join("prerender.rs").exists() {
        return Ok(None);
    }
    let name = remote.name.as_str();
    eprintln!("prerendering {name}'s #[prerender] modules (natively)");
    let mut command = Command::new(cargo());
    command
        .args(["run", "--quiet", "--package", name, "--no-default-features", "--features", "prerender"])
        .args(["--bin", "prerender"])
        .current_dir(&workspace.root)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit());
    let output = command.output().map_err(|e| format!("could not start cargo to prerender `{name}`: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "prerendering `{name}` failed ({}): a `#[prerender]` module must render without props, data or browser APIs; the error is above",
            output.status
        ));
    }
    check(name, &output.stdout, exposes)?;
    Ok(Some(output.stdout))
}

/// Checks the binary's output: a JSON object of exposed modules to non-empty HTML.
fn check(name: &str, json: &[u8], exposes: &[ExposedModule]) -> Result<(), String> {
    let modules: BTreeMap<String, String> = serde_json::from_slice(json)
        .map_err(|e| format!("`{name}`'s prerender binary must print a JSON object of module → HTML: {e}"))?;
    if modules.is_empty() {
        return Err(format!("`{name}` has a prerender binary but no module marked #[prerender] in expose!"));
    }
    for (module, html) in &modules {
        if !exposes.iter().any(|m| m.as_str() == module) {
            return Err(format!("`{name}` prerendered `{module}`, which it does not expose"));
        }
        if html.trim().is_empty() {
            return Err(format!("`{name}`'s module `{module}` prerendered to nothing"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::check;
    use federation::ExposedModule;

    fn exposes() -> Vec<ExposedModule> {
        ["AuthApp", "LoginForm"].into_iter().filter_map(ExposedModule::new).collect()
    }

    #[test]
    fn prerendered_html_must_be_of_exposed_modules() {
        assert!(check("auth", br#"{"AuthApp":"<section>Sign in</section>"}"#, &exposes()).is_ok());
        let refused = [
            (&br#"["AuthApp"]"#[..], "JSON object"),
            (br#"{}"#, "no module marked"),
            (br#"{"Nope":"<p>x</p>"}"#, "does not expose"),
            (br#"{"AuthApp":"  "}"#, "prerendered to nothing"),
        ];
        for (json, says) in refused {
            let error = check("auth", json, &exposes()).unwrap_err();
            assert!(error.contains(says), "{error}");
        }
    }
}
