//! Shared state: values every mounted module sees the same. In the browser
//! (feature `bus`) the current value of each key lives in one page-wide JS store
//! (`window.__mfState[key]`, JSON-compatible), a write is announced as the DOM event
//! `mf:state:<key>` on `window`, and persistent keys are also kept in localStorage
//! (`mf:state:<key>`, JSON), which keeps them across reloads and in sync across tabs.

use alloc::string::String;

use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::answer::{FromAnswer, ToJson};

#[cfg(feature = "events")]
mod browser;
#[cfg(feature = "bus")]
pub use browser::{get, set, watch};
#[cfg(feature = "events")]
pub use browser::{get_raw, set_raw};

/// A key of the shared state and the type of its value (read and written in the
/// browser with [`FromAnswer`] and [`ToJson`], like an [`Event`](crate::bus::Event)).
///
/// ```
/// use federation::answer::{FromAnswer, ToJson};
/// use federation::state::SharedState;
/// #[derive(Clone, Default, PartialEq, serde::Serialize, serde::Deserialize, FromAnswer, ToJson)]
/// struct SidebarOpen(bool);
/// impl SharedState for SidebarOpen { const KEY: &'static str = "sidebar-open"; }
/// assert_eq!(federation::state::storage_key::<SidebarOpen>(), "mf:state:sidebar-open");
/// ```
pub trait SharedState:
    Serialize + DeserializeOwned + FromAnswer + ToJson + Clone + PartialEq + Default + 'static
{
    /// The key, kebab-case.
    const KEY: &'static str;
    /// Whether the value survives reloads and is shared across tabs (localStorage).
    const PERSISTENT: bool = false;
}

/// The DOM event and localStorage key of `T`: `mf:state:<KEY>`.
pub fn storage_key<T: SharedState>() -> String {
    storage_key_of(T::KEY)
}

/// The DOM event and localStorage key of the state key `key`.
pub fn storage_key_of(key: &str) -> String {
    let mut name = String::from("mf:state:");
    name.push_str(key);
    name
}
