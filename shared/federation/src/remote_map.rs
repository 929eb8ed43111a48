//! The remote map: which version of each remote a page uses, and where its
//! manifest is. The server writes it into every page; the host reads it once, so a
//! page never mixes versions.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::{RemoteName, Version};

/// Where one remote's active version lives.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RemoteLocation {
    /// The active version.
    pub version: Version,
    /// The manifest's URL; asset file names are relative to it.
    pub manifest: String,
}

/// Every deployed remote's active version, by name.
pub type RemoteMap = BTreeMap<RemoteName, RemoteLocation>;

/// The id of the `<script type="application/json">` element that carries the
/// remote map in a server-rendered page.
pub const REMOTE_MAP_ELEMENT_ID: &str = "mf-remotes";

/// The id of the element that carries the host's contract (a [`ContractInfo`](crate::ContractInfo)).
pub const CONTRACT_ELEMENT_ID: &str = "mf-contract";
