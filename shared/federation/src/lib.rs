//! Run-time module federation for Leptos applications compiled to wasm.
//!
//! A *remote* is a Leptos crate built into its own wasm bundle and described by a
//! [`Manifest`]. A *host* reads the manifest, checks that the remote speaks a
//! compatible contract, verifies every asset against its integrity hash, and mounts
//! the remote's exposed modules into the page.
//!
//! The core of this crate (manifest schema, validation, compatibility, errors) is
//! plain Rust with no server dependencies, so the server, the build tool and the
//! browser all share the same types; [`answer`] (reading and writing the browser's
//! JSON values) is always there too, and runs only in wasm. Features add the parts that need a
//! runtime: `remote` (the mount ABI a remote exports), `host` (the browser loader),
//! `view` (the `<RemoteView/>` component), `bus` (the typed event bus and shared
//! state in the browser), `json` (manifest text), and `prerender` and
//! `server-render` (a remote's modules rendered to HTML at build time, or by the
//! server for each page with its data: `server_render` is the protocol).
#![warn(missing_docs)]
// `no_std` without the `std` feature (the container's runtime): `alloc` only.
#![cfg_attr(not(any(feature = "std", test)), no_std)]

#[cfg_attr(not(any(feature = "std", test)), macro_use)]
extern crate alloc;

// The derives name `::federation::answer`, here too.
extern crate self as federation;

pub mod answer;
pub mod bus;
mod compat;
mod error;
mod integrity;
pub mod manifest;
mod names;
mod prefetch;
mod remote_map;
pub mod state;
pub mod text;
mod version;

#[cfg(feature = "host")]
pub mod host;
#[cfg(feature = "bus")]
// A server render answers from the render request: the page's paths are unused there.
#[cfg_attr(feature = "server-render", allow(dead_code, unused_imports))]
pub mod http;
#[cfg(any(feature = "host", feature = "events"))]
mod js;
#[cfg(feature = "remote")]
pub mod remote;
#[cfg(any(feature = "json", feature = "prerender"))]
pub mod server_render;
#[cfg(feature = "view")]
pub mod view;
#[cfg(all(target_arch = "wasm32", any(feature = "host", feature = "remote"), not(feature = "prerender")))]
mod wasm_alloc;

pub use compat::{ContractInfo, Incompatibility, TypeFingerprints};
pub use error::{FederationError, ManifestError};
pub use integrity::Integrity;
#[cfg(any(feature = "host", feature = "events"))]
pub use js::describe;
#[cfg(any(feature = "json", feature = "view"))]
pub use manifest::InlineCss;
pub use manifest::{Asset, AssetKind, Assets, BuildInfo, Manifest, PrerenderedModules, Sizes, STYLES_OWNER_ATTRIBUTE};
pub use names::{ExposedModule, RemoteName};
pub use prefetch::{Prefetch, PrefetchMap, MAX_PREFETCHES, PREFETCH_SECTION};
pub use remote_map::{
    page_map, page_row, server_base, AssetRef, PageEntry, PageRows, RemoteLocation, RemoteMap, CONTRACT_ELEMENT_ID,
    OVERRIDES_ELEMENT_ID, REMOTE_MAP_ELEMENT_ID,
};
pub use version::Version;
#[cfg(feature = "view")]
pub use view::{Preloads, RemoteView};

/// The newest manifest schema this crate reads and writes. Schema 2 added the
/// optional `prefetch` map and `assets.prerendered`, schema 3 the optional
/// `assets.server_render`; a manifest that uses none is written as schema 1 ([`Manifest::oldest_schema`]), so containers
/// that read only schema 1 keep taking it. Every older schema is read (each one
/// only added optional fields).
pub const MANIFEST_SCHEMA: u32 = 3;

/// The name of the wasm custom section in which `expose!` records a remote's
/// exposed modules, one per line. The build tool reads it to write the manifest,
/// so the list is never written twice by hand.
pub const EXPOSES_SECTION: &str = "mf_exposes";
