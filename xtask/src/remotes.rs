//! Building remotes: each into `dist/remotes/<name>/<version>/` with hashed files,
//! compressed siblings and a manifest.

use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use federation::{
    Asset, Assets, BuildInfo, ContractInfo, ExposedModule, Manifest, Prefetch, PrefetchMap, MANIFEST_SCHEMA,
};

use crate::bundle::{bindgen_and_optimise, cargo_build_wasm, wasm_rustc_version};
use crate::compress::{encode, write_with_siblings};
use crate::css_scope;
use crate::tools::Tools;
use crate::used_types::used_types;
use crate::wasm_sections::take_custom_section;
use crate::workspace::{RemoteCrate, Workspace, WASM_PROFILE};

/// A remote after the build.
pub(crate) struct BuiltRemote {
    pub(crate) manifest: Manifest,
    pub(crate) dir: PathBuf,
}

/// Whether a build may replace a version folder's files.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Versions {
    /// Developing: rebuilding a version replaces its files.
    Rebuild,
    /// Publishing: a version folder that holds other files is left alone, and the
    /// build refused (versions are immutable once published).
    Immutable,
}

/// Builds `remotes`, writing each into its own version folder under `into` (the
/// server's remotes folder) and nothing else.
pub(crate) fn build(
    workspace: &Workspace,
    tools: &Tools,
    remotes: &[RemoteCrate],
    versions: Versions,
    into: &Path,
) -> Result<Vec<BuiltRemote>, String> {
    let packages: Vec<&str> = remotes.iter().map(|r| r.name.as_str()).collect();
    eprintln!("building remotes: {}", packages.join(", "));
    cargo_build_wasm(workspace, &packages)?;
    crate::server_render::compile(workspace, remotes)?;
    let rustc = wasm_rustc_version(workspace);
    remotes.iter().map(|remote| package(workspace, tools, remote, rustc.trim(), versions, into)).collect()
}

fn package(
    workspace: &Workspace,
    tools: &Tools,
    remote: &RemoteCrate,
    rustc: &str,
    versions: Versions,
    into: &Path,
) -> Result<BuiltRemote, String> {
    let name = remote.name.as_str();
    let compiled = workspace.wasm_out().join(remote.wasm_file());
    let module = std::fs::read(&compiled).map_err(|e| format!("{}: {e}", compiled.display()))?;
    let (exposes, prefetch, module) = declarations(name, &module)?;

    let scratch = workspace.target.join("xtask").join("remotes").join(name);
    std::fs::create_dir_all(&scratch).map_err(|e| format!("{}: {e}", scratch.display()))?;
    let stripped = workspace.target.join("xtask").join(format!("{}.wasm", name.replace('-', "_")));
    std::fs::write(&stripped, &module).map_err(|e| format!("{}: {e}", stripped.display()))?;
    let bundle = bindgen_and_optimise(tools, &stripped, name, &scratch)?;
    if !bundle.self_contained && bundle.dir.join("snippets").exists() {
        return Err(format!(
            "remote `{name}` uses wasm-bindgen inline JS snippets, which only a minified build bundles into its glue (the loader imports exactly the verified glue, one module): install Node.js and npm so the build can minify"
        ));
    }

    let dir = into.join(name).join(remote.version.to_string());
    let css_path = remote.dir.join("style.css");
    let css = if css_path.exists() {
        let source = std::fs::read_to_string(&css_path).map_err(|e| format!("{}: {e}", css_path.display()))?;
        // Scoped to the remote's mount points (see css_scope).
        let scoped = css_scope::scope(name, &source).map_err(|e| format!("{}: {e}", css_path.display()))?;
        Some(css_scope::compact(&scoped).into_bytes())
    } else {
        None
    };

    let prerendered = crate::prerender::render(workspace, remote, &exposes)?;
    let server_render = crate::server_render::bundle(workspace, tools, remote)?;

    // (bytes, what it is: the file name's tail before the hash, and its extension)
    let files = [
        Some((&bundle.js[..], ("", "js"))),
        Some((&bundle.wasm[..], ("", "wasm"))),
        css.as_deref().map(|c| (c, ("", "css"))),
        prerendered.as_deref().map(|p| (p, ("", "json"))),
        server_render.as_deref().map(|w| (w, ("server-", "wasm"))),
    ];
    let mut encoded = Vec::new();
    for (bytes, kind) in files.into_iter().flatten() {
        encoded.push((bytes, kind, encode(bytes)?));
    }
    if versions == Versions::Immutable {
        refuse_changed_version(&dir, remote, encoded.iter().map(|(_, _, e)| &e.integrity), &prefetch)?;
    }
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut written = Vec::new();
    for (bytes, (tail, extension), encoded) in encoded {
        let file = format!("{name}-{tail}{}.{extension}", encoded.hash);
        write_with_siblings(&dir.join(&file), bytes, &encoded)?;
        written.push(((tail, extension), Asset { file, size: encoded.sizes, integrity: encoded.integrity }));
    }
    let mut take = |kind: (&str, &str)| {
        let at = written.iter().position(|(k, _)| *k == kind)?;
        Some(written.remove(at).1)
    };
    let (Some(js), Some(wasm)) = (take(("", "js")), take(("", "wasm"))) else {
        return Err("internal: the glue and the wasm were not written".into());
    };
    let assets = Assets {
        js,
        wasm,
        css: take(("", "css")),
        prerendered: take(("", "json")),
        server_render: take(("server-", "wasm")),
    };
    let manifest = Manifest {
        schema: MANIFEST_SCHEMA,
        name: remote.name.clone(),
        version: remote.version.clone(),
        // The fingerprints of the contract types this remote uses.
        contract: ContractInfo { types: used_types(&bundle.wasm, &contract::fingerprints())?, ..contract::info() },
        build: BuildInfo {
            profile: if workspace.smallest { format!("{WASM_PROFILE}+immediate-abort") } else { WASM_PROFILE.into() },
            rustc: rustc.into(),
            wasm_bindgen: tools.wasm_bindgen_version.clone(),
            built_at: SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0),
        },
        exposes,
        prefetch,
        assets,
    };
    let manifest = finished(manifest)?;
    let path = dir.join("manifest.json");
    std::fs::write(&path, manifest.to_json()).map_err(|e| format!("{}: {e}", path.display()))?;
    if versions == Versions::Rebuild {
        // Developing: files of earlier builds of this version go. A published
        // version keeps every file it ever had.
        remove_stale_files(&dir, &manifest)?;
    }
    Ok(BuiltRemote { manifest, dir })
}

/// A published version keeps its files: refuses a build of `remote` whose files
/// differ from those already in its version folder.
fn refuse_changed_version<'a>(
    dir: &std::path::Path,
    remote: &RemoteCrate,
    integrities: impl Iterator<Item = &'a federation::Integrity>,
    prefetch: &PrefetchMap,
) -> Result<(), String> {
    let unreadable = || {
        format!(
            "{} holds files but no readable manifest.json: a published version is never overwritten; move it away or bump the version",
            dir.display()
        )
    };
    let holds_files = std::fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_some());
    if !holds_files {
        return Ok(());
    }
    let text = std::fs::read_to_string(dir.join("manifest.json")).map_err(|_| unreadable())?;
    let existing = Manifest::from_json(&text).map_err(|_| unreadable())?;
    let before: Vec<&federation::Integrity> = existing.assets.iter().map(|(_, a)| &a.integrity).collect();
    // The prefetches too: they are not in the wasm that ships, only in the manifest.
    if integrities.collect::<Vec<_>>() == before && existing.prefetch == *prefetch {
        return Ok(());
    }
    Err(format!(
        "{}@{} is already published with other files, and versions are immutable: bump the version in {}",
        remote.name,
        remote.version,
        remote.dir.join("Cargo.toml").display()
    ))
}

/// What `expose!` declared in `module` (its exposed modules and their
/// prefetches), and the module without those sections.
pub(crate) fn declarations(name: &str, module: &[u8]) -> Result<(Vec<ExposedModule>, PrefetchMap, Vec<u8>), String> {
    let (section, module) = take_custom_section(module, federation::EXPOSES_SECTION)?;
    let exposes = parse_exposes(name, section)?;
    let (section, module) = take_custom_section(&module, federation::PREFETCH_SECTION)?;
    Ok((exposes, parse_prefetch(name, section)?, module))
}

fn parse_exposes(name: &str, section: Option<Vec<u8>>) -> Result<Vec<ExposedModule>, String> {
    let section = section
        .ok_or_else(|| format!("remote `{name}` exposes nothing: declare its modules with `federation::expose!`"))?;
    let text = String::from_utf8(section).map_err(|_| format!("remote `{name}`: the exposes section is not UTF-8"))?;
    text.lines()
        .filter(|l| !l.is_empty())
        .map(|l| ExposedModule::new(l).ok_or_else(|| format!("remote `{name}`: `{l}` is not a valid module name")))
        .collect()
}

/// The prefetches `expose!` recorded (`module<TAB>page<TAB>url` lines), by
/// module; the manifest's validation checks them.
fn parse_prefetch(name: &str, section: Option<Vec<u8>>) -> Result<PrefetchMap, String> {
    let text = String::from_utf8(section.unwrap_or_default())
        .map_err(|_| format!("remote `{name}`: the prefetch section is not UTF-8"))?;
    let mut map = PrefetchMap::new();
    for line in text.lines().filter(|l| !l.is_empty()) {
        let mut fields = line.split('\t');
        let (Some(module), Some(page), Some(url), None) = (fields.next(), fields.next(), fields.next(), fields.next())
        else {
            return Err(format!("remote `{name}`: the prefetch section has a malformed line `{line}`"));
        };
        let module = ExposedModule::new(module)
            .ok_or_else(|| format!("remote `{name}`: `{module}` is not a valid module name"))?;
        map.entry(module).or_default().push(Prefetch { page: page.into(), url: url.into() });
    }
    Ok(map)
}

/// Rebuilding the same version replaces its files: drop hashed files the new
/// manifest no longer names.
fn remove_stale_files(dir: &std::path::Path, manifest: &Manifest) -> Result<(), String> {
    let keep: Vec<&str> = manifest.assets.iter().map(|(_, a)| a.file.as_str()).collect();
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for entry in entries.flatten() {
        let file = entry.file_name().to_string_lossy().into_owned();
        let base = file.trim_end_matches(".br").trim_end_matches(".gz");
        if base != "manifest.json" && !keep.contains(&base) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
    Ok(())
}

/// `manifest` with the oldest schema that has its fields (so containers that
/// know only that one read it), validated: what the build and the dev server write.
pub(crate) fn finished(mut manifest: Manifest) -> Result<Manifest, String> {
    manifest.schema = manifest.oldest_schema();
    manifest.validate().map_err(|e| format!("remote `{}`: {e}", manifest.name))?;
    Ok(manifest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefetch_lines_become_the_manifest_map() {
        let section = b"ExamApp\t/exam\t/api/topics\nExamApp\t/exam/attempt/{id}/result\t/api/attempts/{id}\n".to_vec();
        let map = parse_prefetch("nursing", Some(section)).unwrap();
        let entries = &map[&ExposedModule::new("ExamApp").unwrap()];
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[1].url, "/api/attempts/{id}");
        assert!(parse_prefetch("nursing", None).unwrap().is_empty());
        let error = parse_prefetch("nursing", Some(b"ExamApp\t/exam\n".to_vec())).unwrap_err();
        assert!(error.contains("malformed line"), "{error}");
    }
}
