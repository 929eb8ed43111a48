//! The allocator of every bundle built on this crate's browser side (the
//! container's runtime with `host`, each remote with `remote`): one declaration
//! here, so no bundle declares its own.
//!
//! A free list costs about 0.7 KB of wasm where Rust's default, dlmalloc, costs
//! about 7 KB. dlmalloc still ships where something asks std for the current
//! thread (std allocates that handle with it): the workspace's `send_wrapper`
//! does not ask on wasm, and remotes read with `use_async`, not Leptos'
//! `LocalResource` (whose transitions ask).

// SAFETY: wasm32-unknown-unknown without atomics is single-threaded.
#[global_allocator]
static ALLOCATOR: lol_alloc::AssumeSingleThreaded<lol_alloc::FreeListAllocator> =
    unsafe { lol_alloc::AssumeSingleThreaded::new(lol_alloc::FreeListAllocator::new()) };
