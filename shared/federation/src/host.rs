//! The host side, in the browser: load remotes named in the page's remote map,
//! verify them, and mount their exposed modules.
//!
//! The page's remote map carries what the loader needs from each live version's
//! manifest (checked by the server at deploy, and its contract against the
//! host's for each page: a refused remote is listed with the reason), so loading
//! starts without a manifest round trip: fetch its JS glue and wasm with their SRI integrity (the browser refuses bytes that
//! do not match) from the first base URL that has them, import the glue, and
//! instantiate the verified wasm. A loaded remote is kept for the page;
//! callers asking for a remote that is still loading share the one load in
//! flight. A failed load is forgotten, so Retry starts afresh.

mod fetch;
mod loaded;
mod loader;
mod read;
#[cfg(feature = "records")]
mod records;
mod shared_load;
mod styles;

pub use loaded::{LoadedRemote, Mounted};
pub use loader::Loader;
pub use read::{host_contract, manifest_location, remote_map, Entry};
#[cfg(feature = "records")]
pub use records::LoadRecord;
pub use styles::{attach_stylesheet, detach_stylesheet, start_stylesheet};

pub(crate) use crate::js::describe;
