//! Contract compatibility: can a host that provides one contract version load a
//! remote that was built against another?

use alloc::{borrow::ToOwned, string::String, vec::Vec};

use serde::{Deserialize, Serialize};

use crate::Version;

/// A contract: its name and semantic version, and the fingerprints of its event
/// and state types. A host provides one; every remote's manifest records the one
/// it was built against.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContractInfo {
    /// The contract's name, e.g. `nursing-review`.
    pub name: String,
    /// The contract's version.
    pub version: Version,
    /// A fingerprint of each event and state type, derived at build time from the
    /// types themselves; empty when not known (a wasm build does not compute them).
    #[serde(default, skip_serializing_if = "TypeFingerprints::is_empty")]
    pub types: TypeFingerprints,
}

/// Fingerprints of a contract's wire types, by wire name (`event:toast`,
/// `state:session`): a hash of each type's JSON shape. Two builds agree on a type
/// exactly when its fingerprints are equal. A list, not a map: it is read in wasm,
/// where every byte counts; in JSON it is an object.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TypeFingerprints(pub Vec<(String, String)>);

impl TypeFingerprints {
    /// Whether no fingerprint is known.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The fingerprint of the type named `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.iter().find(|(n, _)| n == name).map(|(_, f)| f.as_str())
    }
}

impl Serialize for TypeFingerprints {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().map(|(n, f)| (n, f)))
    }
}

impl<'de> Deserialize<'de> for TypeFingerprints {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let map = alloc::collections::BTreeMap::<String, String>::deserialize(deserializer)?;
        Ok(Self(map.into_iter().collect()))
    }
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
    /// A type both sides use has another shape in the remote's build.
    #[error(
        "the remote was built with another shape of `{name}` than the host's (fingerprint {remote}, host {host}): rebuild the remote against the host's contract"
    )]
    TypeChanged {
        /// The type's wire name, e.g. `event:exam-completed`.
        name: String,
        /// The remote's fingerprint.
        remote: String,
        /// The host's fingerprint.
        host: String,
    },
}

impl ContractInfo {
    /// Whether a remote built against `remote` can be loaded by a host providing
    /// `self`. Versions are compatible when their major numbers are equal (below
    /// 1.0.0, when their minor numbers are equal too), as in Cargo's semver rules,
    /// and every type both know has the same fingerprint on both sides.
    pub fn accepts(&self, remote: &ContractInfo) -> Result<(), Incompatibility> {
        if self.name != remote.name {
            return Err(Incompatibility::OtherContract { remote: remote.name.clone(), host: self.name.clone() });
        }
        let (h, r) = (&self.version, &remote.version);
        let breaking = h.major != r.major || (h.major == 0 && h.minor != r.minor);
        if breaking {
            return Err(Incompatibility::BreakingVersion { remote: r.clone(), host: h.clone() });
        }
        // Types only one side knows are additions (a minor version): fine.
        for (name, remote) in &remote.types.0 {
            match self.types.get(name) {
                Some(host) if host != remote => {
                    return Err(Incompatibility::TypeChanged {
                        name: name.clone(),
                        remote: remote.clone(),
                        host: host.to_owned(),
                    })
                }
                _ => {}
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contract(name: &str, version: &str) -> ContractInfo {
        ContractInfo { name: name.into(), version: version.parse().unwrap(), types: TypeFingerprints::default() }
    }

    fn typed(types: &[(&str, &str)]) -> ContractInfo {
        let types = types.iter().map(|(n, f)| (n.to_string(), f.to_string())).collect();
        ContractInfo { types: TypeFingerprints(types), ..contract("nursing-review", "1.0.0") }
    }

    #[test]
    fn a_type_with_another_fingerprint_is_refused() {
        let host = typed(&[("event:toast", "aaaa"), ("state:session", "bbbb")]);
        let err = host.accepts(&typed(&[("state:session", "cccc")])).unwrap_err();
        assert!(matches!(&err, Incompatibility::TypeChanged { name, .. } if name == "state:session"), "{err}");
        assert!(err.to_string().contains("rebuild the remote"), "{err}");
    }

    #[test]
    fn types_only_one_side_knows_are_fine() {
        let host = typed(&[("event:toast", "aaaa")]);
        assert_eq!(host.accepts(&typed(&[("event:toast", "aaaa"), ("event:new", "dddd")])), Ok(()));
        assert_eq!(host.accepts(&typed(&[])), Ok(()));
    }

    #[test]
    fn fingerprints_are_an_object_in_json() {
        let info = typed(&[("event:toast", "aaaa")]);
        let json = serde_json::to_string(&info).unwrap();
        assert!(json.contains(r#""types":{"event:toast":"aaaa"}"#), "{json}");
        assert_eq!(serde_json::from_str::<ContractInfo>(&json).unwrap(), info);
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
