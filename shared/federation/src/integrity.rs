//! Subresource Integrity values (`sha384-<base64>`), as browsers check them.

use alloc::{borrow::ToOwned, string::String};

use core::fmt;

use serde::{Deserialize, Serialize};

/// An SRI integrity value using SHA-384, e.g. `sha384-oqVuAfXRKap7fdgcCY5uykM6+R9GqQ8K/uxy9rx7HNQlGYl1kPzQho1wx4JwY8wC`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Integrity(pub(crate) String);

/// Length of a SHA-384 digest in base64: 48 bytes, 64 characters, no padding.
const SHA384_BASE64_LEN: usize = 64;

impl Integrity {
    /// The SHA-384 integrity of `bytes`.
    #[cfg(feature = "json")]
    pub fn of(bytes: &[u8]) -> Self {
        use base64::Engine;
        use sha2::Digest;
        let digest = sha2::Sha384::digest(bytes);
        Self(format!("sha384-{}", base64::engine::general_purpose::STANDARD.encode(digest)))
    }

    /// Wraps an SRI value after checking its form; `None` when it is not
    /// `sha384-` followed by 64 base64 characters.
    pub fn new(value: &str) -> Option<Self> {
        let digest = value.strip_prefix("sha384-")?;
        let valid = digest.len() == SHA384_BASE64_LEN
            && digest.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'/');
        valid.then(|| Self(value.to_owned()))
    }

    /// The value as browsers expect it in `integrity` attributes and fetch options.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub(crate) fn is_valid(&self) -> bool {
        Self::new(&self.0).is_some()
    }
}

impl fmt::Display for Integrity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "sha384-oqVuAfXRKap7fdgcCY5uykM6+R9GqQ8K/uxy9rx7HNQlGYl1kPzQho1wx4JwY8wC";

    #[test]
    fn accepts_sha384_sri() {
        assert_eq!(Integrity::new(GOOD).unwrap().as_str(), GOOD);
    }

    #[test]
    fn refuses_other_algorithms_and_malformed_digests() {
        let sha256 = "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=";
        let short = "sha384-abc";
        let bad_char = GOOD.replace('+', "%");
        for bad in [sha256, short, &bad_char, "", GOOD.trim_start_matches("sha384-")] {
            assert!(Integrity::new(bad).is_none(), "{bad:?} should be refused");
        }
    }
}
