//! Server configuration, from the environment.

use std::path::PathBuf;

use leptos::config::{get_configuration, LeptosOptions};

use crate::security::LoginLimit;

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
    /// Tokens of the registry's admin API: `MF_ADMIN_TOKENS=name:secret,…`.
    /// None: the admin API is off.
    pub admin_tokens: Vec<AdminToken>,
    /// Origins besides this server's that may serve remote files (CDNs):
    /// `MF_REMOTE_ORIGINS=https://cdn-a.example,https://cdn-b.example`.
    pub remote_origins: Vec<String>,
    /// How long the browser runtime waits for a remote's file to start arriving
    /// before it tries again: `MF_LOAD_TIMEOUT_MS`, default 30000.
    pub load_timeout_ms: u32,
    /// Failed sign-ins allowed per account and per client address:
    /// `MF_LOGIN_LIMIT=per_account/per_client/window_seconds`, default `5/30/900`.
    pub login_limit: LoginLimit,
    /// The platform's public URL, `MF_PUBLIC_URL` (`https://nursereview.ph`):
    /// browsers' state changes must come from its origin. None: from the host
    /// each request was sent to.
    pub public_url: Option<String>,
    /// Behind a reverse proxy (`MF_BEHIND_PROXY=1`): a client's address is the
    /// last one in `X-Forwarded-For` (for the login limit), not the connection's.
    pub behind_proxy: bool,
    /// Dev mode (`MF_DEV=1`, and under `cargo leptos watch`): pages run the dev
    /// runtime (the devtools panel), and remote overrides may name any origin.
    pub dev: bool,
    /// Whether pages carry the shell's stylesheet and each prerendered remote's
    /// inline, so the first paint waits for no stylesheet request (default; off
    /// in dev mode): `MF_INLINE_STYLES=0` links them instead (to compare, or
    /// behind a cache that should keep them).
    pub inline_styles: bool,
    /// Whether a new version of a remote's bundle is sent as a delta against the
    /// version the browser has (default): `MF_DELTA_DOWNLOADS=0` sends whole
    /// files only (to compare, or where the server's CPU is scarce).
    pub delta_downloads: bool,
    /// Origins remote overrides may point to outside dev mode (preview
    /// deployments): `MF_OVERRIDE_ORIGINS`, like `MF_REMOTE_ORIGINS`.
    pub override_origins: Vec<String>,
    /// The admins' accounts, `MF_ADMIN_EMAILS=a@x.ph,b@y.ph`: made admins when the
    /// server starts (register them first); every other account is not one.
    pub admin_emails: Vec<String>,
    /// How many days browsers' load reports are kept: `MF_TELEMETRY_DAYS`, default 30.
    pub telemetry_days: u32,
    /// A remote's byte budget on the wire; loads over it are counted as budget
    /// breaches: `MF_REMOTE_BUDGET_BYTES`, default 25000 (the platform's goal).
    pub remote_budget_bytes: i64,
}

/// An admin API token: a name for the history, and the secret.
#[derive(Clone)]
pub struct AdminToken {
    /// Recorded with every change made with it.
    pub name: String,
    /// What the client sends as `Authorization: Bearer <secret>`.
    pub secret: String,
}

impl std::fmt::Debug for AdminToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "AdminToken({}, …)", self.name)
    }
}

/// Parses `name:secret,name2:secret2`.
fn admin_tokens(text: &str) -> Result<Vec<AdminToken>, String> {
    text.split(',')
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(|t| match t.split_once(':') {
            Some((name, secret)) if !name.is_empty() && secret.len() >= 16 => {
                Ok(AdminToken { name: name.to_owned(), secret: secret.to_owned() })
            }
            _ => Err(format!(
                "MF_ADMIN_TOKENS: `{}` is not name:secret with a secret of 16 characters or more",
                t.split(':').next().unwrap_or_default()
            )),
        })
        .collect()
}

/// Parses `https://a.example,https://b.example`.
fn origins(text: &str) -> Result<Vec<String>, String> {
    text.split(',')
        .map(str::trim)
        .filter(|o| !o.is_empty())
        .map(|o| {
            // Scheme and host are case-insensitive: kept lowercase, as browsers serialise origins.
            let origin = o.trim_end_matches('/').to_ascii_lowercase();
            let scheme_ok = origin.starts_with("https://") || origin.starts_with("http://");
            let host = origin.split_once("://").map(|(_, h)| h).unwrap_or_default();
            let host_ok = !host.is_empty()
                && host.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'));
            if scheme_ok && host_ok {
                Ok(origin.clone())
            } else {
                Err(format!("`{o}` is not an origin like https://cdn.example"))
            }
        })
        .collect()
}

/// Parses `5/30/900`: failures per account, per client, window in seconds.
fn login_limit(text: &str) -> Result<LoginLimit, String> {
    let numbers: Vec<u64> = text.split('/').map(|n| n.trim().parse().unwrap_or(0)).collect();
    match numbers[..] {
        [per_account @ 1..=0xFFFF_FFFF, per_client @ 1..=0xFFFF_FFFF, seconds @ 1..=u64::MAX] => Ok(LoginLimit {
            per_account: per_account as u32,
            per_client: per_client as u32,
            window: std::time::Duration::from_secs(seconds),
        }),
        _ => Err(format!(
            "MF_LOGIN_LIMIT `{text}` is not failures-per-account/failures-per-client/window-seconds, like 5/30/900"
        )),
    }
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
        let public_url = std::env::var("MF_PUBLIC_URL").ok().filter(|url| !url.is_empty());
        if let Some(url) = &public_url {
            if crate::security::public_origin(url).is_none() {
                return Err(format!("MF_PUBLIC_URL `{url}` is not a URL like https://nursereview.ph"));
            }
        }
        let https = public_url.as_deref().is_some_and(|url| url.starts_with("https://"));
        let behind_proxy = matches!(std::env::var("MF_BEHIND_PROXY").as_deref(), Ok("1" | "true"));
        let secure_cookies = match std::env::var("MF_SECURE_COOKIES").as_deref() {
            Ok("1" | "true") => true,
            Ok("0" | "false") => false,
            _ => https,
        };
        let admin_tokens = admin_tokens(&std::env::var("MF_ADMIN_TOKENS").unwrap_or_default())?;
        let remote_origins = origins(&std::env::var("MF_REMOTE_ORIGINS").unwrap_or_default())
            .map_err(|e| format!("MF_REMOTE_ORIGINS: {e}"))?;
        let override_origins = origins(&std::env::var("MF_OVERRIDE_ORIGINS").unwrap_or_default())
            .map_err(|e| format!("MF_OVERRIDE_ORIGINS: {e}"))?;
        let admin_emails = std::env::var("MF_ADMIN_EMAILS")
            .unwrap_or_default()
            .split(',')
            .map(|e| e.trim().to_lowercase())
            .filter(|e| !e.is_empty())
            .collect();
        let number =
            |name: &str, default: u64, range: std::ops::RangeInclusive<u64>| match std::env::var(name) {
                Ok(text) => text.parse::<u64>().ok().filter(|n| range.contains(n)).ok_or_else(|| {
                    format!("{name} `{text}` is not a number from {} to {}", range.start(), range.end())
                }),
                Err(_) => Ok(default),
            };
        let telemetry_days = number("MF_TELEMETRY_DAYS", 30, 1..=3650)? as u32;
        let remote_budget_bytes = number("MF_REMOTE_BUDGET_BYTES", 25_000, 1_000..=100_000_000)? as i64;
        let dev = matches!(std::env::var("MF_DEV").as_deref(), Ok("1" | "true"))
            || std::env::var_os("LEPTOS_WATCH").is_some();
        let inline_styles = !dev && !matches!(std::env::var("MF_INLINE_STYLES").as_deref(), Ok("0" | "false"));
        let delta_downloads = !matches!(std::env::var("MF_DELTA_DOWNLOADS").as_deref(), Ok("0" | "false"));
        let load_timeout_ms = match std::env::var("MF_LOAD_TIMEOUT_MS") {
            Ok(ms) => ms.parse::<u32>().ok().filter(|ms| (100..=600_000).contains(ms)).ok_or_else(|| {
                format!("MF_LOAD_TIMEOUT_MS `{ms}` is not a number of milliseconds from 100 to 600000")
            })?,
            Err(_) => 30_000,
        };
        let login_limit = match std::env::var("MF_LOGIN_LIMIT") {
            Ok(text) => login_limit(&text)?,
            Err(_) => LoginLimit::default(),
        };
        Ok(Self {
            leptos,
            remotes_dir,
            database_url,
            secure_cookies,
            admin_tokens,
            remote_origins,
            load_timeout_ms,
            login_limit,
            public_url,
            behind_proxy,
            dev,
            inline_styles,
            delta_downloads,
            override_origins,
            admin_emails,
            telemetry_days,
            remote_budget_bytes,
        })
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn admin_tokens_need_a_name_and_a_long_secret() {
        let tokens = admin_tokens("ci:0123456789abcdef, alice:fedcba9876543210xyz").unwrap();
        assert_eq!(tokens.len(), 2);
        assert_eq!((tokens[1].name.as_str(), tokens[1].secret.as_str()), ("alice", "fedcba9876543210xyz"));
        assert!(admin_tokens("ci:short").unwrap_err().contains("16 characters"));
        assert!(admin_tokens("nosecret").is_err());
        assert!(admin_tokens("").unwrap().is_empty());
        assert!(!format!("{:?}", tokens[0]).contains("0123456789abcdef"));
    }

    #[test]
    fn login_limits_are_three_positive_numbers() {
        let limit = login_limit("3/10/60").unwrap();
        assert_eq!((limit.per_account, limit.per_client, limit.window.as_secs()), (3, 10, 60));
        for bad in ["", "3/10", "3/0/60", "a/b/c", "3/10/60/1", "3/x/10/60"] {
            assert!(login_limit(bad).unwrap_err().contains("MF_LOGIN_LIMIT"), "{bad}");
        }
    }

    #[test]
    fn origins_are_scheme_and_host() {
        assert_eq!(
            origins("https://cdn.example/, HTTP://127.0.0.1:4000").unwrap(),
            ["https://cdn.example", "http://127.0.0.1:4000"]
        );
        assert!(origins("cdn.example").is_err());
        assert!(origins("https://cdn.example/path").is_err());
        for hostile in
            ["https://cdn.example *", "https://cdn.example;script-src", "https://a'b.example", "https://*.cdn"]
        {
            assert!(origins(hostile).is_err(), "{hostile}");
        }
    }
}
