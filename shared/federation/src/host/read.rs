//! Reading the page's remote map and the host's contract from JS values (as parsed
//! by the browser's `JSON.parse`) into this crate's types, without serde: serde's
//! visitors, its error formatting and the float formatting they pull in cost more
//! bytes than the rest of the runtime. The server checked every manifest when it
//! was deployed; what is checked here is what the loader relies on (names,
//! versions, and integrity values, which a browser would otherwise ignore when
//! malformed, failing open).

use alloc::{borrow::ToOwned, rc::Rc, string::String, vec::Vec};

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

use crate::{
    page_row, AssetRef, ContractInfo, ExposedModule, FederationError, Integrity, ManifestError, RemoteLocation,
    RemoteName, TypeFingerprints,
};

/// One remote's entry in the page's remote map, or why it cannot be loaded (its
/// entry is malformed, FED-003; its server refused its contract, FED-004): that
/// remote then fails to load with that error; the others are not affected.
/// Shared: the loader hands out the entry without copying it.
pub type Entry = (RemoteName, Result<Rc<RemoteLocation>, FederationError>);

/// Reads the remote map the server wrote into the page (a [`PageRows`](crate::PageRows)
/// as JSON), as a list: a page names a handful of remotes, and a list costs far
/// fewer bytes of wasm than a map. The server checked each remote's contract,
/// so a location's contract is not read (it is `None`). A row that is not an
/// array or has no valid name is skipped (no remote can be named by it).
pub fn remote_map(value: &JsValue) -> Result<Vec<Entry>, ManifestError> {
    let rows: &Array = value.dyn_ref().ok_or_else(|| malformed("the remote map is not a JSON array"))?;
    let mut map = Vec::new();
    // Index loops, here and below: iterator adapters that collect into an
    // `Option` cost more wasm than the loops.
    for i in 0..rows.length() {
        let row = rows.get(i);
        let Some(row) = row.dyn_ref::<Array>() else { continue };
        let Some(name) = row.get(page_row::NAME).as_string().as_deref().and_then(RemoteName::new) else { continue };
        let entry = if row.length() == 2 {
            Err(match row.get(page_row::REFUSED).as_string() {
                Some(reason) => FederationError::ContractIncompatible { remote: name.clone(), reason },
                None => FederationError::ManifestInvalid { remote: name.clone(), source: malformed(ROW_MISREAD) },
            })
        } else {
            row_location(row)
                .map(Rc::new)
                .map_err(|source| FederationError::ManifestInvalid { remote: name.clone(), source })
        };
        map.push((name, entry));
    }
    Ok(map)
}

/// A loadable row's location (see [`PageRows`](crate::PageRows) for its columns).
/// A malformed integrity gets its own error (FED-104: a browser would ignore it,
/// failing open); anything else amiss, one: the page's server and runtime
/// disagree on the layout (they are deployed together: redeploy the container).
fn row_location(row: &Array) -> Result<RemoteLocation, ManifestError> {
    let text = |column: u32| row.get(column).as_string();
    let strings = |column: u32| -> Option<Vec<String>> {
        let array: Array = row.get(column).dyn_into().ok()?;
        let mut strings = Vec::new();
        for i in 0..array.length() {
            strings.push(array.get(i).as_string()?);
        }
        Some(strings)
    };
    let exposes = || -> Option<Vec<ExposedModule>> {
        let mut exposes = Vec::new();
        for module in strings(page_row::EXPOSES)? {
            exposes.push(ExposedModule::new(&module)?);
        }
        Some(exposes)
    };
    let mut integrity_error = None;
    let mut asset = |column: u32| -> Option<AssetRef> {
        let (file, value) = (text(column)?, text(column + 1)?);
        match Integrity::new(&value) {
            Some(integrity) => Some(AssetRef { file, integrity }),
            None => {
                integrity_error = Some(ManifestError::InvalidIntegrity { file, value });
                None
            }
        }
    };
    let mut read = || -> Option<RemoteLocation> {
        Some(RemoteLocation {
            version: text(page_row::VERSION)?.parse().ok()?,
            bases: strings(page_row::BASES).filter(|bases| !bases.is_empty())?,
            contract: None,
            exposes: exposes()?,
            js: asset(page_row::JS)?,
            wasm: asset(page_row::WASM)?,
            css: if row.get(page_row::CSS).is_null() { None } else { Some(asset(page_row::CSS)?) },
        })
    };
    let location = read();
    location.ok_or_else(|| integrity_error.unwrap_or_else(|| malformed(ROW_MISREAD)))
}

/// What is wrong with a row this runtime cannot read.
const ROW_MISREAD: &str = "a remote's row in the page is not as this runtime reads it";

/// A malformed page (its server and runtime disagree on the remote map's layout:
/// they are deployed together, so reload or redeploy the container).
fn malformed(detail: &str) -> ManifestError {
    ManifestError::Malformed { detail: String::from(detail) }
}

/// Reads a remote's `manifest.json` (as parsed by `JSON.parse`) served from
/// `base` into a remote map entry: for a developer's override, whose manifest
/// no server checked. Its contract is read, for the caller to check against
/// the host's (the loader does not); its files are still fetched with their
/// integrity.
pub fn manifest_location(value: &JsValue, base: &str) -> Result<RemoteLocation, ManifestError> {
    let at = At(value.clone(), String::new());
    at.object_itself()?;
    let name = at.string("name")?;
    RemoteName::new(&name).ok_or(ManifestError::InvalidName(name))?;
    let assets = at.object("assets")?;
    Ok(RemoteLocation {
        version: at.version("version")?,
        bases: vec![base.to_owned()],
        contract: Some(contract(&at.object("contract")?)?),
        exposes: exposes(&at)?,
        js: asset(&assets.object("js")?)?,
        wasm: asset(&assets.object("wasm")?)?,
        css: if assets.has("css") { Some(asset(&assets.object("css")?)?) } else { None },
    })
}

fn exposes(at: &At) -> Result<Vec<ExposedModule>, ManifestError> {
    let mut exposes = Vec::new();
    for module in at.strings("exposes")? {
        exposes.push(ExposedModule::new(&module).ok_or_else(|| at.malformed("a bad module name in", "exposes"))?);
    }
    Ok(exposes)
}

fn asset(at: &At) -> Result<AssetRef, ManifestError> {
    let (file, value) = (at.string("file")?, at.string("integrity")?);
    match Integrity::new(&value) {
        Some(integrity) => Ok(AssetRef { file, integrity }),
        None => Err(ManifestError::InvalidIntegrity { file, value }),
    }
}

/// Reads a contract (from the remote map, or the page's `#mf-contract`).
fn contract(at: &At) -> Result<ContractInfo, ManifestError> {
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
    let at = At(value.clone(), String::new());
    at.object_itself()?;
    contract(&at)
}

/// A JS object and its path from the root, for error messages.
struct At(JsValue, String);

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
        Reflect::get(&self.0, &JsValue::from_str(key)).is_ok_and(|v| !v.is_undefined() && !v.is_null())
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

    fn version(&self, key: &str) -> Result<crate::Version, ManifestError> {
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
}
