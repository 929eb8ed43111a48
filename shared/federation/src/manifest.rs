//! The manifest: what a remote is, which contract it speaks, what it exposes, and
//! every file it needs with sizes and integrity. The build tool writes it next to
//! the assets (`dist/remotes/<name>/<version>/manifest.json`); the server and the
//! browser read it with these same types.

use alloc::{
    string::{String, ToString},
    vec::Vec,
};

use serde::{Deserialize, Serialize};

use crate::{
    ContractInfo, ExposedModule, Integrity, ManifestError, PrefetchMap, RemoteName, Version, MANIFEST_SCHEMA,
    MAX_PREFETCHES,
};

/// A remote's manifest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// The manifest schema version: the [oldest](Manifest::oldest_schema) that
    /// has the fields used, at most [`MANIFEST_SCHEMA`].
    pub schema: u32,
    /// The remote's name.
    pub name: RemoteName,
    /// The remote's own version.
    pub version: Version,
    /// The contract the remote was built against.
    pub contract: ContractInfo,
    /// How the remote was built.
    pub build: BuildInfo,
    /// The modules the remote exposes, mountable by name.
    pub exposes: Vec<ExposedModule>,
    /// The API reads each module's first render makes (`#[prefetch]` in
    /// `expose!`), which pages start with the remote's code.
    #[serde(default, skip_serializing_if = "PrefetchMap::is_empty")]
    pub prefetch: PrefetchMap,
    /// The files the remote needs.
    pub assets: Assets,
}

/// How a remote was built, for support and for reproducing a build.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BuildInfo {
    /// The cargo profile, e.g. `wasm-release`.
    pub profile: String,
    /// `rustc --version` of the compiler used.
    pub rustc: String,
    /// The wasm-bindgen version of the JS glue.
    pub wasm_bindgen: String,
    /// When it was built, in seconds since the Unix epoch.
    pub built_at: u64,
}

/// The files of a remote: its JS glue, its wasm and, if it has styles, its CSS.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Assets {
    /// The wasm-bindgen JS glue (an ES module).
    pub js: Asset,
    /// The wasm module.
    pub wasm: Asset,
    /// The remote's stylesheet, if it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub css: Option<Asset>,
    /// The first render of the modules marked `#[prerender]` in `expose!`, made at
    /// build time: a JSON object, module name → HTML. The server puts a module's
    /// HTML into the pages that mount it, so the content shows before any wasm
    /// runs; the browser never downloads this file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prerendered: Option<Asset>,
    /// The remote's `server-render` build: wasm the server runs (sandboxed) to
    /// render the modules marked `#[server_render]` in `expose!` for each page,
    /// with the page's data. The browser never downloads this file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server_render: Option<Asset>,
}

/// A remote's prerendered modules, as its `prerendered` asset holds them: module
/// name → the HTML of its first render.
pub type PrerenderedModules = alloc::collections::BTreeMap<String, String>;

/// The attribute naming the remote a stylesheet (`<link>`, or `<style>` inlined
/// by the server) on the page belongs to, which the host runtime attaches and
/// detaches as the remote's modules come and go.
pub const STYLES_OWNER_ATTRIBUTE: &str = "data-mf-css";

/// Stylesheet text that can go inside a page's `<style>` as it is (to paint
/// without a stylesheet request): nothing in it can end the element (`</style`)
/// or start markup (`<!--`). Checked once, when made; cheap to clone. For
/// servers rendering pages (the browser runtime never makes one).
#[cfg(any(feature = "json", feature = "view"))]
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InlineCss(alloc::sync::Arc<str>);

#[cfg(any(feature = "json", feature = "view"))]
impl InlineCss {
    /// `css`, when it is safe inside `<style>`.
    pub fn new(css: String) -> Option<Self> {
        (!css.contains("</") && !css.contains("<!--")).then(|| Self(css.into()))
    }

    /// The stylesheet text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The kinds of asset a remote ships.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AssetKind {
    /// JS glue.
    Js,
    /// WebAssembly.
    Wasm,
    /// CSS.
    Css,
    /// Prerendered modules (JSON, read by the server).
    Prerendered,
    /// The server's render of `#[server_render]` modules (wasm, run by the server).
    ServerRender,
}

impl AssetKind {
    /// Whether browsers download assets of this kind (the server reads the others).
    pub const fn downloaded(self) -> bool {
        matches!(self, Self::Js | Self::Wasm | Self::Css)
    }

    /// The file extension assets of this kind must have.
    pub const fn extension(self) -> &'static str {
        match self {
            Self::Js => ".js",
            Self::Wasm => ".wasm",
            Self::Css => ".css",
            Self::Prerendered => ".json",
            Self::ServerRender => ".wasm",
        }
    }
}

/// One file: its content-hashed name, its sizes and its integrity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Asset {
    /// The file name, relative to the manifest, with a content hash in it.
    pub file: String,
    /// Its size in bytes as stored and as sent compressed.
    pub size: Sizes,
    /// SRI (SHA-384) of the uncompressed bytes.
    pub integrity: Integrity,
}

/// Byte sizes of one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sizes {
    /// Uncompressed.
    pub raw: u64,
    /// Gzip (level 9).
    pub gzip: u64,
    /// Brotli (quality 11).
    pub brotli: u64,
}

impl Sizes {
    /// Adds two sizes, field by field.
    pub fn plus(self, other: Sizes) -> Sizes {
        Sizes { raw: self.raw + other.raw, gzip: self.gzip + other.gzip, brotli: self.brotli + other.brotli }
    }
}

impl Assets {
    /// Every asset with its kind, JS first.
    pub fn iter(&self) -> impl Iterator<Item = (AssetKind, &Asset)> {
        [
            (AssetKind::Js, Some(&self.js)),
            (AssetKind::Wasm, Some(&self.wasm)),
            (AssetKind::Css, self.css.as_ref()),
            (AssetKind::Prerendered, self.prerendered.as_ref()),
            (AssetKind::ServerRender, self.server_render.as_ref()),
        ]
        .into_iter()
        .filter_map(|(kind, asset)| asset.map(|a| (kind, a)))
    }

    /// The sum of the sizes of every file the browser downloads: what the remote
    /// costs (its prerendered HTML travels inside the pages, not as a file, and
    /// its server render stays on the server).
    pub fn total(&self) -> Sizes {
        self.iter()
            .filter(|(kind, _)| kind.downloaded())
            .fold(Sizes { raw: 0, gzip: 0, brotli: 0 }, |sum, (_, a)| sum.plus(a.size))
    }
}

impl Manifest {
    /// Checks everything the types alone do not: schema, names, file names,
    /// integrity format, exposed modules, prefetches.
    pub fn validate(&self) -> Result<(), ManifestError> {
        if self.schema == 0 || self.schema > MANIFEST_SCHEMA {
            return Err(ManifestError::UnsupportedSchema { found: self.schema, supported: MANIFEST_SCHEMA });
        }
        if !self.name.is_valid() {
            return Err(ManifestError::InvalidName(self.name.to_string()));
        }
        for (kind, asset) in self.assets.iter() {
            let extension = kind.extension();
            let plain = !asset.file.contains(['/', '\\']) && !asset.file.starts_with('.');
            if !plain || !asset.file.ends_with(extension) || asset.file.len() == extension.len() {
                return Err(ManifestError::InvalidAssetFile { file: asset.file.clone(), extension });
            }
            if !asset.integrity.is_valid() {
                return Err(ManifestError::InvalidIntegrity {
                    file: asset.file.clone(),
                    value: asset.integrity.to_string(),
                });
            }
        }
        if self.exposes.is_empty() {
            return Err(ManifestError::InvalidExposes(
                "the remote exposes no module; declare them with `federation::expose!`".into(),
            ));
        }
        for (i, module) in self.exposes.iter().enumerate() {
            if !module.is_valid() {
                return Err(ManifestError::InvalidExposes(format!(
                    "`{module}` is not a component name (start with an uppercase letter; letters, digits, `_`)"
                )));
            }
            if self.exposes[..i].contains(module) {
                return Err(ManifestError::InvalidExposes(format!("`{module}` is listed twice")));
            }
        }
        for (module, entries) in &self.prefetch {
            let invalid = |detail: String| {
                ManifestError::InvalidExposes(format!("the prefetches of `{module}`: {detail}; fix its `#[prefetch]`"))
            };
            if !self.exposes.contains(module) {
                return Err(invalid(String::from("the remote does not expose it")));
            }
            if entries.len() > MAX_PREFETCHES {
                return Err(invalid(format!("{} entries, {MAX_PREFETCHES} at most", entries.len())));
            }
            for entry in entries {
                entry.check().map_err(invalid)?;
            }
        }
        Ok(())
    }

    /// The oldest schema with every field this manifest uses: what the build
    /// writes, so a container that knows only an older schema still reads a
    /// manifest that needs nothing newer.
    pub fn oldest_schema(&self) -> u32 {
        if self.assets.server_render.is_some() {
            3
        } else if self.prefetch.is_empty() && self.assets.prerendered.is_none() {
            1
        } else {
            2
        }
    }

    /// Whether the remote exposes `module`.
    pub fn exposes(&self, module: &str) -> bool {
        self.exposes.iter().any(|m| m.as_str() == module)
    }

    /// Parses and validates manifest JSON.
    #[cfg(feature = "json")]
    pub fn from_json(text: &str) -> Result<Manifest, ManifestError> {
        let manifest: Manifest = serde_json::from_str(text).map_err(|e| {
            // A newer schema may have fields this one does not know: then say
            // "newer schema", not "malformed" (looked at only when parsing failed).
            #[derive(Deserialize)]
            struct SchemaOnly {
                schema: u32,
            }
            match serde_json::from_str(text) {
                Ok(SchemaOnly { schema }) if schema > MANIFEST_SCHEMA => {
                    ManifestError::UnsupportedSchema { found: schema, supported: MANIFEST_SCHEMA }
                }
                _ => ManifestError::Malformed { detail: e.to_string() },
            }
        })?;
        manifest.validate()?;
        Ok(manifest)
    }

    /// The manifest as pretty-printed JSON.
    #[cfg(feature = "json")]
    pub fn to_json(&self) -> String {
        // Serialising these plain types cannot fail: no maps with non-string keys.
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}

#[cfg(all(test, feature = "json"))]
mod tests;
