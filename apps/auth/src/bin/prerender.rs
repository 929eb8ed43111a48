//! Prints the first render of auth's `#[prerender]` modules as JSON (module →
//! HTML); `cargo xtask build` runs it and ships the result with the bundle.

fn main() {
    print!("{}", federation::remote::prerender(&auth::prerendered_modules()));
}
