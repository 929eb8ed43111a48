//! A small semantic version (`major.minor.patch[-pre]`), enough for remote versions
//! and contract compatibility without pulling a full semver parser into every wasm
//! bundle.

use alloc::{borrow::ToOwned, string::String};

use core::cmp::Ordering;
use core::fmt;
use core::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A version `major.minor.patch`, with an optional pre-release tag after `-`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Version {
    /// Incremented for incompatible changes.
    pub major: u64,
    /// Incremented for compatible additions.
    pub minor: u64,
    /// Incremented for fixes.
    pub patch: u64,
    /// The pre-release tag (`beta.1` in `1.0.0-beta.1`), if any.
    pub pre: Option<String>,
}

impl Version {
    /// A release version without a pre-release tag.
    pub const fn new(major: u64, minor: u64, patch: u64) -> Self {
        Self { major, minor, patch, pre: None }
    }
}

/// Why a text is not a version.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a version of the form major.minor.patch (for example 1.4.0)")]
pub struct VersionParseError(pub String);

impl FromStr for Version {
    type Err = VersionParseError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let bad = || VersionParseError(text.to_owned());
        // Byte positions, not `str`'s character searches (their code would be
        // in every wasm bundle only for this): every valid version is ASCII.
        // (`get`, not indexing: a slice's panic message alone costs a wasm bundle
        // more than the whole parser.)
        let split = |dash| Some((text.get(..dash)?, text.get(dash + 1..)?));
        let (core, pre) = match text.bytes().position(|b| b == b'-').and_then(split) {
            // Semver identifiers: ASCII letters, digits and `-`, separated by `.`
            // (versions become folder names and URLs: nothing else may pass).
            Some((core, pre))
                if !pre.is_empty()
                    && pre.as_bytes().split(|b| *b == b'.').all(|id| !id.is_empty())
                    && pre.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.') =>
            {
                (core, Some(pre.to_owned()))
            }
            Some(_) => return Err(bad()),
            None => (text, None),
        };
        let mut parts = core.as_bytes().split(|b| *b == b'.');
        let mut number = || -> Result<u64, VersionParseError> {
            let part = parts.next().ok_or_else(bad)?;
            let leading_zero = part.len() > 1 && part[0] == b'0';
            if part.is_empty() || leading_zero {
                return Err(bad());
            }
            // Digits only, and no overflow.
            let digit =
                |n: u64, b: &u8| b.is_ascii_digit().then(|| n.checked_mul(10)?.checked_add(u64::from(b - b'0')))?;
            part.iter().try_fold(0, digit).ok_or_else(bad)
        };
        let version = Version { major: number()?, minor: number()?, patch: number()?, pre };
        if parts.next().is_some() {
            return Err(bad());
        }
        Ok(version)
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)?;
        if let Some(pre) = &self.pre {
            write!(f, "-{pre}")?;
        }
        Ok(())
    }
}

impl Ord for Version {
    fn cmp(&self, other: &Self) -> Ordering {
        (self.major, self.minor, self.patch)
            .cmp(&(other.major, other.minor, other.patch))
            // A release sorts after its pre-releases.
            .then_with(|| match (&self.pre, &other.pre) {
                (None, None) => Ordering::Equal,
                (None, Some(_)) => Ordering::Greater,
                (Some(_), None) => Ordering::Less,
                (Some(a), Some(b)) => a.cmp(b),
            })
    }
}

impl PartialOrd for Version {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Serialize for Version {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Version {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pre_releases_are_semver_identifiers_only() {
        assert!("1.0.0-beta.1".parse::<Version>().is_ok());
        assert!("1.0.0-rc-2".parse::<Version>().is_ok());
        for bad in ["1.0.0-beta/../../x", "1.0.0-a b", "1.0.0-a..b", "1.0.0-a\\b", "1.0.0-"] {
            assert!(bad.parse::<Version>().is_err(), "{bad}");
        }
    }

    #[test]
    fn parses_and_prints_release_and_pre_release() {
        let v: Version = "1.4.2".parse().unwrap();
        assert_eq!(v, Version::new(1, 4, 2));
        let pre: Version = "2.0.0-beta.1".parse().unwrap();
        assert_eq!(pre.pre.as_deref(), Some("beta.1"));
        assert_eq!(pre.to_string(), "2.0.0-beta.1");
    }

    #[test]
    fn rejects_malformed_versions() {
        for bad in [
            "",
            "1",
            "1.2",
            "1.2.3.4",
            "01.2.3",
            "1.x.3",
            "1.2.3-",
            "v1.2.3",
            "1.é.3",
            "1.2.3-é",
            "1.2.3é-x",
            "18446744073709551616.0.0",
        ] {
            assert!(bad.parse::<Version>().is_err(), "{bad:?} should not parse");
        }
    }

    #[test]
    fn orders_pre_releases_before_the_release() {
        let mut versions: Vec<Version> =
            ["1.0.0", "0.9.9", "1.0.0-rc.1", "1.10.0", "1.2.0"].iter().map(|v| v.parse().unwrap()).collect();
        versions.sort();
        let printed: Vec<String> = versions.iter().map(ToString::to_string).collect();
        assert_eq!(printed, ["0.9.9", "1.0.0-rc.1", "1.0.0", "1.2.0", "1.10.0"]);
    }
}
