//! Errors with stable codes. Every message says what went wrong and what to do.
//! Codes never change meaning; the README lists them.

use alloc::string::String;

use crate::text::{concat, decimal};
use crate::RemoteName;

/// A manifest that cannot be used. Codes `FED-1xx`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ManifestError {
    /// The text is not JSON of the manifest's shape (a missing field, a wrong type).
    Malformed {
        /// What the parser reported, with the field and position.
        detail: String,
    },
    /// The manifest was written by a newer (or older) build tool.
    UnsupportedSchema {
        /// The schema number in the manifest.
        found: u32,
        /// The schema number this runtime reads.
        supported: u32,
    },
    /// The remote's name is not a valid remote name.
    InvalidName(String),
    /// An asset's integrity value is not SHA-384 SRI.
    InvalidIntegrity {
        /// The asset's file name.
        file: String,
        /// The integrity value found.
        value: String,
    },
    /// An asset's file name is not a plain file name with the right extension.
    InvalidAssetFile {
        /// The asset's file name.
        file: String,
        /// The extension the asset kind needs.
        extension: &'static str,
    },
    /// The remote exposes nothing, a module name is malformed or repeated, or a
    /// module's `#[prefetch]` entries are unusable.
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

    /// The message, starting with the code: what is wrong and what to do. (Built
    /// with [`concat`], not `fmt`: see [`crate::text`]; `Display` prints it.)
    pub fn message(&self) -> String {
        match self {
            Self::Malformed { detail } => concat(&[
                "FED-101: the manifest does not match the manifest schema (",
                detail,
                "); rebuild the remote with `cargo xtask build`",
            ]),
            Self::UnsupportedSchema { found, supported } => concat(&[
                "FED-102: manifest schema ",
                &decimal(u64::from(*found)),
                " is not supported (this runtime reads schema ",
                &decimal(u64::from(*supported)),
                "); rebuild the remote with this platform's build tool",
            ]),
            Self::InvalidName(name) => concat(&[
                "FED-103: `",
                name,
                "` is not a valid remote name: use lowercase letters, digits and `-`, starting with a letter",
            ]),
            Self::InvalidIntegrity { file, value } => concat(&[
                "FED-104: asset `",
                file,
                "` has integrity `",
                value,
                "`, which is not `sha384-` followed by a base64 SHA-384 digest; rebuild the remote",
            ]),
            Self::InvalidAssetFile { file, extension } => concat(&[
                "FED-105: asset file `",
                file,
                "` must be a plain file name ending in `",
                extension,
                "` (no folders, no `..`)",
            ]),
            Self::InvalidExposes(detail) => concat(&["FED-106: the exposed modules are not usable: ", detail]),
        }
    }
}

impl core::error::Error for ManifestError {}

/// Loading or mounting a remote failed. Codes `FED-0xx`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FederationError {
    /// The host's remote map has no entry for this remote.
    UnknownRemote(String),
    /// The remote's entry in the page's remote map (its manifest's facts) is not
    /// usable. (FED-002, a manifest that could not be fetched, is retired: the
    /// loader no longer fetches manifests.)
    ManifestInvalid {
        /// The remote.
        remote: RemoteName,
        /// What is wrong with it.
        source: ManifestError,
    },
    /// The remote speaks an incompatible contract. The page's server checks
    /// every remote in its map (a refused one is listed with the reason), and
    /// the dev runtime checks a developer's override.
    ContractIncompatible {
        /// The remote.
        remote: RemoteName,
        /// How the contracts differ (an [`Incompatibility`](crate::Incompatibility), as text).
        reason: String,
    },
    /// An asset could not be fetched.
    AssetUnavailable {
        /// The remote.
        remote: RemoteName,
        /// The asset's file name.
        file: String,
        /// The network error or HTTP status.
        detail: String,
    },
    /// An asset's bytes do not match the integrity in its manifest.
    IntegrityMismatch {
        /// The remote.
        remote: RemoteName,
        /// The asset's file name.
        file: String,
    },
    /// The JS glue or the wasm failed to instantiate.
    InstantiateFailed {
        /// The remote.
        remote: RemoteName,
        /// The exception raised.
        detail: String,
    },
    /// The requested module is not exposed by the remote.
    ModuleNotExposed {
        /// The remote.
        remote: RemoteName,
        /// The requested module.
        module: String,
        /// The modules it does expose, comma-separated.
        exposed: String,
    },
    /// The remote's mount function failed.
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

    /// The message, starting with the code: what went wrong and what to do.
    /// (Built with [`concat`], not `fmt`: see [`crate::text`]; `Display` prints it.)
    pub fn message(&self) -> String {
        match self {
            Self::UnknownRemote(name) => {
                concat(&["FED-001: no remote named `", name, "` is deployed; deploy it or check the name"])
            }
            Self::ManifestInvalid { remote, source } => {
                concat(&["FED-003: the manifest of `", remote.as_str(), "` is not usable: ", &source.message()])
            }
            Self::ContractIncompatible { remote, reason } => {
                concat(&["FED-004: remote `", remote.as_str(), "` cannot be loaded: ", reason])
            }
            Self::AssetUnavailable { remote, file, detail } => concat(&[
                "FED-005: asset `",
                file,
                "` of `",
                remote.as_str(),
                "` could not be fetched (",
                detail,
                "); check the connection and retry, or redeploy the remote if it is missing",
            ]),
            Self::IntegrityMismatch { remote, file } => concat(&[
                "FED-006: asset `",
                file,
                "` of `",
                remote.as_str(),
                "` does not match the integrity in its manifest and was not run; the file was changed after it was built: redeploy the remote",
            ]),
            Self::InstantiateFailed { remote, detail } => concat(&[
                "FED-007: remote `",
                remote.as_str(),
                "` failed to start (",
                detail,
                "); retry, and report it to the remote's team if it persists",
            ]),
            Self::ModuleNotExposed { remote, module, exposed } => concat(&[
                "FED-008: remote `",
                remote.as_str(),
                "` does not expose `",
                module,
                "` (it exposes: ",
                exposed,
                "); check the module name",
            ]),
            Self::MountFailed { remote, module, detail } => concat(&[
                "FED-009: mounting `",
                module,
                "` from `",
                remote.as_str(),
                "` failed (",
                detail,
                "); retry, and report it to the remote's team if it persists",
            ]),
            Self::RemoteCrashed { remote, detail } => concat(&[
                "FED-010: remote `",
                remote.as_str(),
                "` crashed (",
                detail,
                ") and was stopped; Retry starts it afresh, and report it to the remote's team if it happens again",
            ]),
        }
    }
}

crate::text::display_message!(ManifestError, FederationError);

impl core::error::Error for FederationError {
    fn source(&self) -> Option<&(dyn core::error::Error + 'static)> {
        match self {
            Self::ManifestInvalid { source, .. } => Some(source),
            _ => None,
        }
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

    #[test]
    fn messages_carry_every_field() {
        let remote = RemoteName::new("auth").unwrap();
        let schema = ManifestError::UnsupportedSchema { found: 17, supported: 3 };
        assert_eq!(
            schema.to_string(),
            "FED-102: manifest schema 17 is not supported (this runtime reads schema 3); rebuild the remote with this platform's build tool"
        );
        let missing = FederationError::AssetUnavailable {
            remote: remote.clone(),
            file: "a.wasm".into(),
            detail: "HTTP 404".into(),
        };
        assert_eq!(
            missing.message(),
            "FED-005: asset `a.wasm` of `auth` could not be fetched (HTTP 404); check the connection and retry, or redeploy the remote if it is missing"
        );
        let invalid = FederationError::ManifestInvalid { remote, source: ManifestError::InvalidExposes("none".into()) };
        assert_eq!(
            invalid.to_string(),
            "FED-003: the manifest of `auth` is not usable: FED-106: the exposed modules are not usable: none"
        );
        assert_eq!(
            core::error::Error::source(&invalid).map(ToString::to_string),
            Some("FED-106: the exposed modules are not usable: none".into())
        );
    }
}
