//! The platform's build tool, run as `cargo xtask <command>`.
//!
//! One pipeline for every remote: cargo (wasm32, size profile), then wasm-bindgen,
//! then wasm-opt, then content-hashed files with `.br` and `.gz` siblings and a
//! manifest in `dist/remotes/<name>/<version>/`. It also builds the container
//! (server and browser runtime), serves the platform, and runs every test.

mod budgets;
mod bundle;
mod cli;
mod closure_shims;
mod compress;
mod container;
mod css_scope;
mod dev;
mod glue;
mod load;
mod postgres;
mod prerender;
mod process;
mod registry_client;
mod remotes;
mod server_render;
mod sizes;
mod smallest;
mod tests;
mod tools;
mod used_types;
mod wasm_sections;
mod workspace;

use std::process::ExitCode;

fn main() -> ExitCode {
    let (command, smallest) = match cli::parse(std::env::args().skip(1)) {
        Ok(parsed) => parsed,
        Err(message) => {
            eprintln!("{message}\n\n{}", cli::USAGE);
            return ExitCode::from(2);
        }
    };
    match cli::run(command, smallest) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}
