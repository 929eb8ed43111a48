//! The shell's components.

mod app;
mod header;

pub use app::App;
