//! Identities: the names of remotes and of the modules they expose.

use alloc::{borrow::ToOwned, string::String};

use core::fmt;

use serde::{Deserialize, Serialize};

/// The name of a remote, as in `auth` or `ui-components`: lowercase ASCII letters,
/// digits and `-`, starting with a letter, at most 64 characters. It is used in URLs
/// and folder names, so nothing else is allowed.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct RemoteName(pub(crate) String);

impl RemoteName {
    /// Checks `name` and wraps it; `None` when it is not a valid remote name.
    pub fn new(name: &str) -> Option<Self> {
        let valid = (1..=64).contains(&name.len())
            && name.as_bytes()[0].is_ascii_lowercase()
            && name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        valid.then(|| Self(name.to_owned()))
    }

    /// The name as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub(crate) fn is_valid(&self) -> bool {
        Self::new(&self.0).is_some()
    }
}

impl fmt::Display for RemoteName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The name of a module a remote exposes, as in `LoginForm`: an ASCII identifier
/// starting with an uppercase letter, like the Leptos component it mounts.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ExposedModule(pub(crate) String);

impl ExposedModule {
    /// Checks `name` and wraps it; `None` when it is not a valid module name.
    pub fn new(name: &str) -> Option<Self> {
        let valid = (1..=64).contains(&name.len())
            && name.as_bytes()[0].is_ascii_uppercase()
            && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
        valid.then(|| Self(name.to_owned()))
    }

    /// The name as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub(crate) fn is_valid(&self) -> bool {
        Self::new(&self.0).is_some()
    }
}

impl fmt::Display for ExposedModule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remote_names_are_url_safe() {
        assert!(RemoteName::new("auth").is_some());
        assert!(RemoteName::new("ui-components").is_some());
        for bad in ["", "Auth", "1auth", "auth/../x", "auth app", "a_b"] {
            assert!(RemoteName::new(bad).is_none(), "{bad:?} should be refused");
        }
    }

    #[test]
    fn module_names_are_component_identifiers() {
        assert!(ExposedModule::new("LoginForm").is_some());
        for bad in ["", "loginForm", "Login-Form", "Login Form"] {
            assert!(ExposedModule::new(bad).is_none(), "{bad:?} should be refused");
        }
    }
}
