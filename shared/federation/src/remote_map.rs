//! The remote map: which version of each remote a page uses, and where its files
//! are. The server writes it into every page; the host reads it once, so a page
//! never mixes versions.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::{RemoteName, Version};

/// Where one remote's active version lives.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RemoteLocation {
    /// The active version.
    pub version: Version,
    /// The version folder's URLs, in order of preference (the server's own
    /// `/remotes/<name>/<version>/`, or CDN origins). Each holds `manifest.json`
    /// and the assets; the loader falls back to the next on a network failure.
    pub bases: Vec<String>,
}

impl RemoteLocation {
    /// The location of `name@version` on the server itself.
    pub fn on_server(name: &RemoteName, version: Version) -> Self {
        let base = format!("/remotes/{name}/{version}/");
        Self { version, bases: vec![base] }
    }
}

/// Every deployed remote's active version, by name.
pub type RemoteMap = BTreeMap<RemoteName, RemoteLocation>;

/// The id of the `<script type="application/json">` element that carries the
/// remote map in a server-rendered page.
pub const REMOTE_MAP_ELEMENT_ID: &str = "mf-remotes";

/// The id of the element that carries the host's contract (a [`ContractInfo`](crate::ContractInfo)).
pub const CONTRACT_ELEMENT_ID: &str = "mf-contract";
