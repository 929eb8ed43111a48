//! The shell's components.

mod app;
mod header;
mod sidebar;

pub use app::App;
