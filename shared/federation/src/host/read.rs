//! Reading a manifest and the remote map from JS values (as parsed by the
//! browser's `JSON.parse`) into this crate's types, without serde. Serde's
//! visitors, its error formatting and the float formatting they pull in cost more
//! bytes than the rest of the runtime; the types and the validation stay the same
//! as on the server.

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

use crate::{
    Asset, Assets, BuildInfo, ContractInfo, ExposedModule, Integrity, Manifest, ManifestError, RemoteLocation,
    RemoteName, Sizes, TypeFingerprints, Version,
};

/// Reads and validates a manifest.
pub(crate) fn manifest(value: &JsValue) -> Result<Manifest, ManifestError> {
    let at = At(value.clone(), String::new());
    at.only(&["schema", "name", "version", "contract", "build", "exposes", "assets"])?;
    let assets = at.object("assets")?;
    assets.only(&["js", "wasm", "css"])?;
    let build = at.object("build")?;
    build.only(&["profile", "rustc", "wasm_bindgen", "built_at"])?;
    let manifest = Manifest {
        schema: at.number("schema")? as u32,
        name: RemoteName(at.string("name")?),
        version: at.version("version")?,
        contract: contract(&at.object("contract")?)?,
        build: BuildInfo {
            profile: build.string("profile")?,
            rustc: build.string("rustc")?,
            wasm_bindgen: build.string("wasm_bindgen")?,
            built_at: build.number("built_at")?,
        },
        exposes: at.strings("exposes")?.into_iter().map(ExposedModule).collect(),
        assets: Assets {
            js: asset(&assets.object("js")?)?,
            wasm: asset(&assets.object("wasm")?)?,
            css: if assets.has("css") { Some(asset(&assets.object("css")?)?) } else { None },
        },
    };
    manifest.validate()?;
    Ok(manifest)
}

/// Reads the remote map the server wrote into the page (a [`RemoteMap`](crate::RemoteMap)
/// as JSON), as a list: a page names a handful of remotes, and a list costs far
/// fewer bytes of wasm than a map.
pub fn remote_map(value: &JsValue) -> Result<Vec<(RemoteName, RemoteLocation)>, ManifestError> {
    let mut map = Vec::new();
    let root = At(value.clone(), String::new());
    root.object_itself()?;
    for key in Object::keys(value.unchecked_ref::<Object>()).iter() {
        let key = key.as_string().unwrap_or_default();
        let name = RemoteName::new(&key).ok_or_else(|| ManifestError::InvalidName(key.clone()))?;
        let entry = root.object(&key)?;
        let bases = entry.strings("bases")?;
        if bases.is_empty() {
            return Err(entry.malformed("no URL in", "bases"));
        }
        map.push((name, RemoteLocation { version: entry.version("version")?, bases }));
    }
    Ok(map)
}

/// Reads a contract (from a manifest, or the page's `#mf-contract`).
pub(crate) fn contract(at: &At) -> Result<ContractInfo, ManifestError> {
    at.only(&["name", "version", "types"])?;
    let mut types = TypeFingerprints::default();
    if at.has("types") {
        let map = at.object("types")?;
        for name in Object::keys(map.0.unchecked_ref::<Object>()).iter() {
            let name = name.as_string().unwrap_or_default();
            let fingerprint = map.string(&name)?;
            types.0.push((name, fingerprint));
        }
    }
    Ok(ContractInfo { name: at.string("name")?, version: at.version("version")?, types })
}

/// Reads the host's contract from the page (`#mf-contract`).
pub fn host_contract(value: &JsValue) -> Result<ContractInfo, ManifestError> {
    contract(&At(value.clone(), String::new()))
}

fn asset(at: &At) -> Result<Asset, ManifestError> {
    at.only(&["file", "size", "integrity"])?;
    let size = at.object("size")?;
    size.only(&["raw", "gzip", "brotli"])?;
    Ok(Asset {
        file: at.string("file")?,
        size: Sizes { raw: size.number("raw")?, gzip: size.number("gzip")?, brotli: size.number("brotli")? },
        integrity: Integrity(at.string("integrity")?),
    })
}

/// A JS object and its path from the manifest's root, for error messages.
pub(crate) struct At(JsValue, String);

impl At {
    fn malformed(&self, problem: &str, key: &str) -> ManifestError {
        let mut detail = String::from(problem);
        detail.push_str(" `");
        if !self.1.is_empty() {
            detail.push_str(&self.1);
            detail.push('.');
        }
        detail.push_str(key);
        detail.push('`');
        ManifestError::Malformed { detail }
    }

    fn object_itself(&self) -> Result<(), ManifestError> {
        if self.0.is_object() && !Array::is_array(&self.0) {
            Ok(())
        } else {
            Err(ManifestError::Malformed { detail: String::from("expected a JSON object") })
        }
    }

    fn has(&self, key: &str) -> bool {
        Reflect::get(&self.0, &JsValue::from_str(key)).is_ok_and(|v| !v.is_undefined())
    }

    fn get(&self, key: &str) -> Result<JsValue, ManifestError> {
        match Reflect::get(&self.0, &JsValue::from_str(key)) {
            Ok(value) if !value.is_undefined() => Ok(value),
            _ => Err(self.malformed("missing field", key)),
        }
    }

    fn string(&self, key: &str) -> Result<String, ManifestError> {
        self.get(key)?.as_string().ok_or_else(|| self.malformed("expected a string at", key))
    }

    fn number(&self, key: &str) -> Result<u64, ManifestError> {
        let value = self.get(key)?.as_f64().ok_or_else(|| self.malformed("expected u64 at", key))?;
        let whole = (0.0..=9_007_199_254_740_991.0).contains(&value) && value == (value as u64) as f64;
        whole.then_some(value as u64).ok_or_else(|| self.malformed("expected u64 at", key))
    }

    fn version(&self, key: &str) -> Result<Version, ManifestError> {
        let text = self.string(key)?;
        text.parse().map_err(|_| self.malformed("expected a version like 1.4.0 at", key))
    }

    fn strings(&self, key: &str) -> Result<Vec<String>, ManifestError> {
        let value = self.get(key)?;
        let array: &Array = value.dyn_ref().ok_or_else(|| self.malformed("expected an array at", key))?;
        array.iter().map(|v| v.as_string().ok_or_else(|| self.malformed("expected strings in", key))).collect()
    }

    fn object(&self, key: &str) -> Result<At, ManifestError> {
        let value = self.get(key)?;
        let mut path = self.1.clone();
        if !path.is_empty() {
            path.push('.');
        }
        path.push_str(key);
        if !value.is_object() || Array::is_array(&value) {
            return Err(self.malformed("expected an object at", key));
        }
        Ok(At(value, path))
    }

    /// Refuses keys other than `known`, like the server's `deny_unknown_fields`.
    fn only(&self, known: &[&str]) -> Result<(), ManifestError> {
        self.object_itself()?;
        for key in Object::keys(self.0.unchecked_ref::<Object>()).iter() {
            let key = key.as_string().unwrap_or_default();
            if !known.contains(&key.as_str()) {
                return Err(self.malformed("unknown field", &key));
            }
        }
        Ok(())
    }
}
