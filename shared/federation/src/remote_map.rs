//! The remote map: which version of each remote a page uses, where its files are,
//! and what the loader needs from its manifest. The server writes it into every
//! page; the host reads it once, so a page never mixes versions, and loads a remote
//! without fetching its manifest first (one round trip fewer on a slow network).
//! The server checked each manifest when the version was deployed.

use alloc::{
    boxed::Box,
    string::{String, ToString},
    vec::Vec,
};

use alloc::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::{ContractInfo, ExposedModule, Incompatibility, Integrity, Manifest, RemoteName, Version};

/// One remote's live version: where it is and what the loader needs to load it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RemoteLocation {
    /// The live version.
    pub version: Version,
    /// The version folder's URLs, in order of preference (the server's own
    /// `/remotes/<name>/<version>/`, or CDN origins). Each holds `manifest.json`
    /// and the assets; the loader falls back to the next on a network failure.
    pub bases: Vec<String>,
    /// The contract the remote was built against (with the fingerprints of the
    /// types it uses), checked before anything is fetched: by the registry at
    /// deploy, by the server for each page (see [`page_map`]). None where the
    /// check was made before (the students' runtime does not read it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contract: Option<ContractInfo>,
    /// The modules it exposes.
    pub exposes: Vec<ExposedModule>,
    /// Its JS glue.
    pub js: AssetRef,
    /// Its wasm.
    pub wasm: AssetRef,
    /// Its stylesheet, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub css: Option<AssetRef>,
}

/// A file of a remote, relative to a base, with its integrity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssetRef {
    /// The content-hashed file name.
    pub file: String,
    /// Its SRI integrity; the browser refuses other bytes.
    pub integrity: Integrity,
}

impl RemoteLocation {
    /// The entry for `manifest`'s version served from `bases`.
    pub fn new(manifest: &Manifest, bases: Vec<String>) -> Self {
        let asset = |a: &crate::Asset| AssetRef { file: a.file.clone(), integrity: a.integrity.clone() };
        Self {
            version: manifest.version.clone(),
            bases,
            contract: Some(manifest.contract.clone()),
            exposes: manifest.exposes.clone(),
            js: asset(&manifest.assets.js),
            wasm: asset(&manifest.assets.wasm),
            css: manifest.assets.css.as_ref().map(asset),
        }
    }

    /// Whether a host speaking `host` may load it: its contract is compatible,
    /// or was checked before and is not carried (`None`).
    pub fn check_contract(&self, host: &ContractInfo) -> Result<(), Incompatibility> {
        self.contract.as_ref().map_or(Ok(()), |contract| host.accepts(contract))
    }

    /// Whether it exposes `module`.
    pub fn exposes(&self, module: &str) -> bool {
        self.exposes.iter().any(|m| m.as_str() == module)
    }
}

/// The base URL of `name@version` on the server itself.
pub fn server_base(name: &RemoteName, version: &Version) -> String {
    format!("/remotes/{name}/{version}/")
}

/// Every deployed remote's live version, by name.
pub type RemoteMap = BTreeMap<RemoteName, RemoteLocation>;

/// One remote's entry in a page's remote map: where to load it from, or why the
/// page's server refuses it (so the browser never checks contracts itself, and
/// a refused remote's files are never fetched). Written into the page as
/// [`PageRows`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageEntry {
    /// The host does not accept the contract the remote was built against.
    Refused {
        /// Why not, for the remote's slots (shown with FED-004).
        refused: String,
    },
    /// The host accepts it.
    Loadable(Box<RemoteLocation>),
}

/// The remote map a page carries for a host speaking `host`: each remote whose
/// contract `host` accepts as it is, each other one as [`PageEntry::Refused`]
/// (a version forced live past the registry's check).
pub fn page_map(map: &RemoteMap, host: &ContractInfo) -> BTreeMap<RemoteName, PageEntry> {
    let entry = |location: &RemoteLocation| match location.check_contract(host) {
        Ok(()) => PageEntry::Loadable(Box::new(location.clone())),
        Err(reason) => PageEntry::Refused { refused: reason.to_string() },
    };
    map.iter().map(|(name, location)| (name.clone(), entry(location))).collect()
}

/// A page's remote map as the page carries it: one JSON array per remote, read by
/// position, so the students' runtime reads it with a loop of index lookups
/// instead of a walk over named fields (which cost it a kilobyte of wasm). The
/// server and the runtime it serves are built together, so the layout is theirs
/// alone (remotes read nothing of it). Each row is
///
/// - `[name, version, [bases], [exposes], js file, js integrity, wasm file,
///   wasm integrity, css file | null, css integrity | null]` for a loadable
///   remote, with its [`ContractInfo`] appended where the location carries it
///   (in dev mode, for the dev runtime's devtools panel);
/// - `[name, reason]` for a remote the host refuses ([`PageEntry::Refused`]).
#[derive(Debug, Clone, Copy)]
pub struct PageRows<'a>(pub &'a BTreeMap<RemoteName, PageEntry>);

/// The columns of a loadable row of [`PageRows`], for readers of the page.
pub mod page_row {
    /// The remote's name.
    pub const NAME: u32 = 0;
    /// Its live version.
    pub const VERSION: u32 = 1;
    /// The version folder's URLs, in order of preference.
    pub const BASES: u32 = 2;
    /// The modules it exposes.
    pub const EXPOSES: u32 = 3;
    /// Its JS glue's file name (its integrity follows).
    pub const JS: u32 = 4;
    /// Its wasm's file name (its integrity follows).
    pub const WASM: u32 = 6;
    /// Its stylesheet's file name or null (its integrity, or null, follows).
    pub const CSS: u32 = 8;
    /// Its contract, where carried (dev mode only).
    pub const CONTRACT: u32 = 10;
    /// The reason, in a refused remote's row (which has only these two columns).
    pub const REFUSED: u32 = 1;
}

impl Serialize for PageRows<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let mut rows = serializer.serialize_seq(Some(self.0.len()))?;
        for (name, entry) in self.0 {
            let location = match entry {
                PageEntry::Refused { refused } => {
                    rows.serialize_element(&(name, refused))?;
                    continue;
                }
                PageEntry::Loadable(location) => location,
            };
            let css = location.css.as_ref();
            let files = (
                name,
                &location.version,
                &location.bases,
                &location.exposes,
                &location.js.file,
                &location.js.integrity,
                &location.wasm.file,
                &location.wasm.integrity,
                css.map(|c| &c.file),
                css.map(|c| &c.integrity),
            );
            match &location.contract {
                None => rows.serialize_element(&files)?,
                Some(contract) => {
                    let (a, b, c, d, e, f, g, h, i, j) = files;
                    rows.serialize_element(&(a, b, c, d, e, f, g, h, i, j, contract))?
                }
            }
        }
        rows.end()
    }
}

/// The id of the `<script type="application/json">` element that carries the
/// remote map in a server-rendered page (as [`PageRows`]).
pub const REMOTE_MAP_ELEMENT_ID: &str = "mf-remotes";

/// The id of the `<script type="application/json">` with a developer's remote
/// overrides in force (`{"auth": "http://127.0.0.1:3001/"}`: remote name → the
/// folder of its dev server's `manifest.json`), read by the dev runtime.
pub const OVERRIDES_ELEMENT_ID: &str = "mf-overrides";

/// The id of the element that carries the host's contract (a [`ContractInfo`](crate::ContractInfo)).
pub const CONTRACT_ELEMENT_ID: &str = "mf-contract";
