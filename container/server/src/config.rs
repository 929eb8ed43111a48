//! Server configuration, from the environment.

use std::path::PathBuf;

use leptos::config::{get_configuration, LeptosOptions};

/// Where the server listens and what it serves.
#[derive(Clone, Debug)]
pub struct Config {
    /// Leptos' options: `LEPTOS_SITE_ADDR` (default 127.0.0.1:3000),
    /// `LEPTOS_SITE_ROOT` (default `target/site`), `LEPTOS_SITE_PKG_DIR` (`pkg`).
    pub leptos: LeptosOptions,
    /// The folder of built remotes, `<name>/<version>/`: `MF_REMOTES_DIR`,
    /// default `dist/remotes`.
    pub remotes_dir: PathBuf,
    /// The database: `DATABASE_URL`, default `sqlite://data/platform.db?mode=rwc`
    /// (a file created on first start). `postgres://…` runs on PostgreSQL.
    pub database_url: String,
    /// Whether session cookies are `Secure`: `MF_SECURE_COOKIES=1`, or on by
    /// default when `MF_PUBLIC_URL` starts with `https://`.
    pub secure_cookies: bool,
}

/// The embedded default database.
pub(crate) const DEFAULT_DATABASE_URL: &str = "sqlite://data/platform.db?mode=rwc";

impl Config {
    /// Reads the configuration from the environment (and `Cargo.toml`'s
    /// `[package.metadata.leptos]` when run by cargo-leptos).
    pub fn from_env() -> Result<Self, String> {
        let leptos = if std::env::var_os("LEPTOS_OUTPUT_NAME").is_some() {
            // Run by cargo-leptos, which sets every LEPTOS_* variable.
            get_configuration(None).map_err(|e| format!("Leptos configuration: {e}"))?.leptos_options
        } else {
            standalone_options()?
        };
        let remotes_dir =
            std::env::var_os("MF_REMOTES_DIR").map(PathBuf::from).unwrap_or_else(|| "dist/remotes".into());
        let database_url = std::env::var("DATABASE_URL").unwrap_or_else(|_| DEFAULT_DATABASE_URL.to_owned());
        let https = std::env::var("MF_PUBLIC_URL").is_ok_and(|url| url.starts_with("https://"));
        let secure_cookies = match std::env::var("MF_SECURE_COOKIES").as_deref() {
            Ok("1" | "true") => true,
            Ok("0" | "false") => false,
            _ => https,
        };
        Ok(Self { leptos, remotes_dir, database_url, secure_cookies })
    }

    /// The folder of the container's browser files (`target/site/pkg`).
    pub fn pkg_dir(&self) -> PathBuf {
        PathBuf::from(self.leptos.site_root.as_ref()).join(self.leptos.site_pkg_dir.as_ref())
    }
}

/// Options when run without cargo-leptos: the layout `cargo xtask build` writes.
fn standalone_options() -> Result<LeptosOptions, String> {
    let var = |name: &str, default: &str| std::env::var(name).unwrap_or_else(|_| default.to_owned());
    let address = var("LEPTOS_SITE_ADDR", "127.0.0.1:3000");
    let site_addr = address
        .parse::<std::net::SocketAddr>()
        .map_err(|e| format!("LEPTOS_SITE_ADDR `{address}` is not an address like 127.0.0.1:3000: {e}"))?;
    Ok(LeptosOptions::builder()
        .output_name("container")
        .site_root(var("LEPTOS_SITE_ROOT", "target/site"))
        .site_pkg_dir(var("LEPTOS_SITE_PKG_DIR", "pkg"))
        .site_addr(site_addr)
        .build())
}
