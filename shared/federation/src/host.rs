//! The host side, in the browser: load remotes named in the page's remote map,
//! verify them, and mount their exposed modules.
//!
//! Loading a remote fetches its manifest (never from cache), validates it, checks
//! its contract against the host's, fetches its JS glue and wasm with the manifest's
//! SRI integrity (the browser refuses bytes that do not match), imports the glue,
//! and compiles the wasm while it streams in. A loaded remote is kept per
//! `name@version`; callers asking for a remote that is still loading share the one
//! load in flight. A failed load is forgotten, so Retry starts afresh.

mod fetch;
mod loaded;
mod loader;
mod read;
mod shared_load;

pub use loaded::{LoadedRemote, Mounted};
pub use loader::Loader;
pub use read::{host_contract, remote_map};

pub(crate) use crate::js::describe;
