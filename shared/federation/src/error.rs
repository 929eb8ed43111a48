//! Errors with stable codes. Every message says what went wrong and what to do.
//! Codes never change meaning; the README lists them.

use alloc::string::String;

use crate::RemoteName;

/// A manifest that cannot be used. Codes `FED-1xx`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ManifestError {
    /// The text is not JSON of the manifest's shape (a missing field, a wrong type).
    #[error("FED-101: the manifest does not match the manifest schema ({detail}); rebuild the remote with `cargo xtask build`")]
    Malformed {
        /// What the parser reported, with the field and position.
        detail: String,
    },
    /// The manifest was written by a newer (or older) build tool.
    #[error("FED-102: manifest schema {found} is not supported (this runtime reads schema {supported}); rebuild the remote with this platform's build tool")]
    UnsupportedSchema {
        /// The schema number in the manifest.
        found: u32,
        /// The schema number this runtime reads.
        supported: u32,
    },
    /// The remote's name is not a valid remote name.
    #[error(
        "FED-103: `{0}` is not a valid remote name: use lowercase letters, digits and `-`, starting with a letter"
    )]
    InvalidName(String),
    /// An asset's integrity value is not SHA-384 SRI.
    #[error("FED-104: asset `{file}` has integrity `{value}`, which is not `sha384-` followed by a base64 SHA-384 digest; rebuild the remote")]
    InvalidIntegrity {
        /// The asset's file name.
        file: String,
        /// The integrity value found.
        value: String,
    },
    /// An asset's file name is not a plain file name with the right extension.
    #[error("FED-105: asset file `{file}` must be a plain file name ending in `{extension}` (no folders, no `..`)")]
    InvalidAssetFile {
        /// The asset's file name.
        file: String,
        /// The extension the asset kind needs.
        extension: &'static str,
    },
    /// The remote exposes nothing, a module name is malformed or repeated, or a
    /// module's `#[prefetch]` entries are unusable.
    #[error("FED-106: the exposed modules are not usable: {0}")]
    InvalidExposes(String),
}

impl ManifestError {
    /// The stable code, e.g. `FED-101`.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Malformed { .. } => "FED-101",
            Self::UnsupportedSchema { .. } => "FED-102",
            Self::InvalidName(_) => "FED-103",
            Self::InvalidIntegrity { .. } => "FED-104",
            Self::InvalidAssetFile { .. } => "FED-105",
            Self::InvalidExposes(_) => "FED-106",
        }
    }
}

/// Loading or mounting a remote failed. Codes `FED-0xx`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FederationError {
    /// The host's remote map has no entry for this remote.
    #[error("FED-001: no remote named `{0}` is deployed; deploy it or check the name")]
    UnknownRemote(String),
    /// The remote's entry in the page's remote map (its manifest's facts) is not
    /// usable. (FED-002, a manifest that could not be fetched, is retired: the
    /// loader no longer fetches manifests.)
    #[error("FED-003: the manifest of `{remote}` is not usable: {source}")]
    ManifestInvalid {
        /// The remote.
        remote: RemoteName,
        /// What is wrong with it.
        source: ManifestError,
    },
    /// The remote speaks an incompatible contract. The page's server checks
    /// every remote in its map (a refused one is listed with the reason), and
    /// the dev runtime checks a developer's override.
    #[error("FED-004: remote `{remote}` cannot be loaded: {reason}")]
    ContractIncompatible {
        /// The remote.
        remote: RemoteName,
        /// How the contracts differ (an [`Incompatibility`](crate::Incompatibility), as text).
        reason: String,
    },
    /// An asset could not be fetched.
    #[error("FED-005: asset `{file}` of `{remote}` could not be fetched ({detail}); check the connection and retry, or redeploy the remote if it is missing")]
    AssetUnavailable {
        /// The remote.
        remote: RemoteName,
        /// The asset's file name.
        file: String,
        /// The network error or HTTP status.
        detail: String,
    },
    /// An asset's bytes do not match the integrity in its manifest.
    #[error("FED-006: asset `{file}` of `{remote}` does not match the integrity in its manifest and was not run; the file was changed after it was built: redeploy the remote")]
    IntegrityMismatch {
        /// The remote.
        remote: RemoteName,
        /// The asset's file name.
        file: String,
    },
    /// The JS glue or the wasm failed to instantiate.
    #[error("FED-007: remote `{remote}` failed to start ({detail}); retry, and report it to the remote's team if it persists")]
    InstantiateFailed {
        /// The remote.
        remote: RemoteName,
        /// The exception raised.
        detail: String,
    },
    /// The requested module is not exposed by the remote.
    #[error("FED-008: remote `{remote}` does not expose `{module}` (it exposes: {exposed}); check the module name")]
    ModuleNotExposed {
        /// The remote.
        remote: RemoteName,
        /// The requested module.
        module: String,
        /// The modules it does expose, comma-separated.
        exposed: String,
    },
    /// The remote's mount function failed.
    #[error("FED-009: mounting `{module}` from `{remote}` failed ({detail}); retry, and report it to the remote's team if it persists")]
    MountFailed {
        /// The remote.
        remote: RemoteName,
        /// The module.
        module: String,
        /// The exception raised.
        detail: String,
    },
    /// The remote's wasm trapped (a Rust panic, or a fault) while mounting or
    /// later; its instance is stopped and its modules are taken off the page.
    #[error("FED-010: remote `{remote}` crashed ({detail}) and was stopped; Retry starts it afresh, and report it to the remote's team if it happens again")]
    RemoteCrashed {
        /// The remote.
        remote: RemoteName,
        /// The trap's message.
        detail: String,
    },
}

impl FederationError {
    /// The stable code, e.g. `FED-006`.
    pub fn code(&self) -> &'static str {
        match self {
            Self::UnknownRemote(_) => "FED-001",
            Self::ManifestInvalid { .. } => "FED-003",
            Self::ContractIncompatible { .. } => "FED-004",
            Self::AssetUnavailable { .. } => "FED-005",
            Self::IntegrityMismatch { .. } => "FED-006",
            Self::InstantiateFailed { .. } => "FED-007",
            Self::ModuleNotExposed { .. } => "FED-008",
            Self::MountFailed { .. } => "FED-009",
            Self::RemoteCrashed { .. } => "FED-010",
        }
    }

    /// Whether trying again may help (a network problem), as opposed to a remote
    /// that must be fixed or redeployed first.
    pub fn is_retryable(&self) -> bool {
        matches!(
            self,
            Self::AssetUnavailable { .. }
                | Self::InstantiateFailed { .. }
                | Self::MountFailed { .. }
                | Self::RemoteCrashed { .. }
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_start_with_their_code() {
        let remote = RemoteName::new("auth").unwrap();
        let errors = [
            FederationError::UnknownRemote("x".into()),
            FederationError::IntegrityMismatch { remote: remote.clone(), file: "a.wasm".into() },
            FederationError::RemoteCrashed { remote: remote.clone(), detail: "unreachable".into() },
            FederationError::ManifestInvalid { remote, source: ManifestError::InvalidName("X".into()) },
        ];
        for error in errors {
            assert!(error.to_string().starts_with(error.code()), "{error}");
        }
    }
}
