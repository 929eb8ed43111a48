//! Contract compatibility: can a host that provides one contract version load a
//! remote that was built against another?

use serde::{Deserialize, Serialize};

use crate::Version;

/// A contract: its name and semantic version. A host provides one; every remote's
/// manifest records the one it was built against.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContractInfo {
    /// The contract's name, e.g. `nursing-review`.
    pub name: String,
    /// The contract's version.
    pub version: Version,
}

/// Why a remote's contract does not fit the host's.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Incompatibility {
    /// The remote was built against another contract altogether.
    #[error("the remote speaks contract `{remote}` but the host speaks `{host}`")]
    OtherContract {
        /// The remote's contract name.
        remote: String,
        /// The host's contract name.
        host: String,
    },
    /// The versions differ in a breaking way (major, or minor below 1.0.0).
    #[error(
        "the remote was built against contract {remote}, which is not compatible with the host's {host}: rebuild the remote against {host}"
    )]
    BreakingVersion {
        /// The remote's contract version.
        remote: Version,
        /// The host's contract version.
        host: Version,
    },
}

impl ContractInfo {
    /// Whether a remote built against `remote` can be loaded by a host providing
    /// `self`. Versions are compatible when their major numbers are equal (below
    /// 1.0.0, when their minor numbers are equal too), as in Cargo's semver rules.
    pub fn accepts(&self, remote: &ContractInfo) -> Result<(), Incompatibility> {
        if self.name != remote.name {
            return Err(Incompatibility::OtherContract { remote: remote.name.clone(), host: self.name.clone() });
        }
        let (h, r) = (&self.version, &remote.version);
        let breaking = h.major != r.major || (h.major == 0 && h.minor != r.minor);
        if breaking {
            return Err(Incompatibility::BreakingVersion { remote: r.clone(), host: h.clone() });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contract(name: &str, version: &str) -> ContractInfo {
        ContractInfo { name: name.into(), version: version.parse().unwrap() }
    }

    #[test]
    fn same_major_is_compatible_in_both_directions() {
        let host = contract("nursing-review", "1.4.0");
        assert_eq!(host.accepts(&contract("nursing-review", "1.0.3")), Ok(()));
        assert_eq!(host.accepts(&contract("nursing-review", "1.9.0")), Ok(()));
    }

    #[test]
    fn another_major_is_refused() {
        let host = contract("nursing-review", "1.4.0");
        let err = host.accepts(&contract("nursing-review", "2.0.0")).unwrap_err();
        assert!(matches!(err, Incompatibility::BreakingVersion { .. }));
        assert!(err.to_string().contains("rebuild the remote against 1.4.0"), "{err}");
    }

    #[test]
    fn below_one_the_minor_is_breaking() {
        let host = contract("nursing-review", "0.3.1");
        assert_eq!(host.accepts(&contract("nursing-review", "0.3.0")), Ok(()));
        assert!(host.accepts(&contract("nursing-review", "0.4.0")).is_err());
    }

    #[test]
    fn another_contract_is_refused() {
        let host = contract("nursing-review", "1.0.0");
        let err = host.accepts(&contract("shop", "1.0.0")).unwrap_err();
        assert!(matches!(err, Incompatibility::OtherContract { .. }));
    }
}
