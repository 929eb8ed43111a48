//! The platform's contract: what the container and the remotes agree on: the
//! events they exchange ([`events`]), the state they share ([`state`]) and the
//! bodies of the JSON API ([`api`]).
//!
//! Its version is this crate's version. Every remote's manifest records the
//! contract it was built against, and the container refuses a remote whose contract
//! is not compatible (see [`federation::ContractInfo::accepts`]). Bump the major
//! version for a breaking change to the shared events or state.
#![warn(missing_docs)]
// `no_std` without the `std` feature (the container's runtime): `alloc` only.
#![cfg_attr(not(any(feature = "std", test)), no_std)]

extern crate alloc;

use alloc::borrow::ToOwned;

pub mod api;
pub mod events;
#[cfg(feature = "fingerprints")]
mod fingerprints;
pub mod state;
pub mod validation;

use federation::{ContractInfo, TypeFingerprints, Version};

#[cfg(feature = "fingerprints")]
pub use fingerprints::{fingerprinted_info, fingerprints};

/// The contract's name.
pub const NAME: &str = "nursing-review";

/// The contract's version, as text (this crate's version).
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The contract this build of the platform speaks, without type fingerprints
/// (see `fingerprinted_info`, feature `fingerprints`).
pub fn info() -> ContractInfo {
    ContractInfo {
        name: NAME.to_owned(),
        version: Version::new(
            parse_u64(env!("CARGO_PKG_VERSION_MAJOR")),
            parse_u64(env!("CARGO_PKG_VERSION_MINOR")),
            parse_u64(env!("CARGO_PKG_VERSION_PATCH")),
        ),
        types: TypeFingerprints::default(),
    }
}

const fn parse_u64(digits: &str) -> u64 {
    let bytes = digits.as_bytes();
    let mut value = 0;
    let mut i = 0;
    while i < bytes.len() {
        value = value * 10 + (bytes[i] - b'0') as u64;
        i += 1;
    }
    value
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn info_matches_the_crate_version() {
        assert_eq!(info().version.to_string(), VERSION);
        assert_eq!(info().name, NAME);
    }
}
