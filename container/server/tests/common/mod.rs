//! Shared test fixtures: a real remotes folder, a real SQLite file, the router
//! called directly.

#![allow(dead_code, unreachable_pub)] // Each test crate uses part of the fixtures.

use std::path::Path;

use axum::body::Body;
use axum::Router;
use container_server::AdminToken;
use container_server::{app, Config, LoginLimit};
use federation::{Integrity, Manifest, RemoteName};
use http::{header, HeaderMap, Request, StatusCode};
use http_body_util::BodyExt;
use tower::ServiceExt;

/// The admin token's secret in the fixture.
pub const ADMIN_SECRET: &str = "fixture-admin-secret-0123456789";

/// The account the fixture makes an admin when it signs in (`MF_ADMIN_EMAILS`).
pub const ADMIN_EMAIL: &str = "admin@example.ph";

pub const VALID: &str = include_str!("../../../../shared/federation/tests/fixtures/valid/manifest.json");

/// Writes a remote version with the fixture manifest (renamed) and its asset files.
pub fn write_remote(remotes: &Path, name: &str, version: &str) {
    let dir = remotes.join(name).join(version);
    std::fs::create_dir_all(&dir).unwrap();
    let mut manifest = Manifest::from_json(VALID).unwrap();
    manifest.name = RemoteName::new(name).unwrap();
    manifest.version = version.parse().unwrap();
    for asset in [&mut manifest.assets.js, &mut manifest.assets.wasm] {
        // Bytes of its own per version, with their real integrity.
        let bytes = format!("{name}@{version}: {}", asset.file);
        asset.integrity = Integrity::of(bytes.as_bytes());
        std::fs::write(dir.join(&asset.file), bytes).unwrap();
        std::fs::write(dir.join(format!("{}.br", asset.file)), b"brotli bytes").unwrap();
    }
    manifest.assets.css = None;
    std::fs::write(dir.join("manifest.json"), manifest.to_json()).unwrap();
}

/// A server over a temporary folder: remotes, site, and a SQLite database file.
pub struct Fixture {
    pub temp: tempfile::TempDir,
    pub config: Config,
    pub router: Router,
}

pub async fn fixture() -> Fixture {
    fixture_with(|remotes| write_remote(remotes, "auth", "0.1.0")).await
}

/// A fixture whose remotes folder `prepare` fills before the server starts.
pub async fn fixture_with(prepare: impl FnOnce(&Path)) -> Fixture {
    let temp = tempfile::tempdir().unwrap();
    let remotes = temp.path().join("remotes");
    std::fs::create_dir_all(&remotes).unwrap();
    prepare(&remotes);
    let leptos = leptos::config::LeptosOptions::builder()
        .output_name("container")
        .site_root(temp.path().join("site").to_string_lossy().into_owned())
        .build();
    let database_url = match std::env::var("MF_TEST_POSTGRES") {
        Ok(admin) => fresh_postgres_database(&admin).await,
        Err(_) => format!("sqlite://{}?mode=rwc", temp.path().join("data").join("platform.db").display()),
    };
    let config = Config {
        leptos,
        remotes_dir: remotes,
        database_url,
        secure_cookies: false,
        admin_tokens: vec![AdminToken { name: "ci".into(), secret: ADMIN_SECRET.into() }],
        remote_origins: vec!["https://cdn.example".into()],
        load_timeout_ms: 30_000,
        login_limit: LoginLimit { per_account: 3, per_client: 8, window: std::time::Duration::from_secs(60) },
        public_url: None,
        behind_proxy: false,
        dev: false,
        inline_styles: true,
        delta_downloads: true,
        override_origins: vec![],
        admin_emails: vec![ADMIN_EMAIL.into()],
        telemetry_days: 30,
        remote_budget_bytes: 25_000,
    };
    let router = app(&config).await.unwrap();
    Fixture { temp, config, router }
}

/// A response, read whole.
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub text: String,
    pub bytes: Vec<u8>,
}

impl Reply {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.text).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text))
    }

    /// The `name=value` part of the session cookie set by this reply.
    pub fn cookie(&self) -> String {
        let set = self.headers.get(header::SET_COOKIE).expect("a Set-Cookie header").to_str().unwrap();
        set.split(';').next().unwrap().to_owned()
    }
}

impl Fixture {
    pub async fn send(&self, method: &str, uri: &str, body: Option<&str>, headers: &[(&str, &str)]) -> Reply {
        let mut request = Request::builder().method(method).uri(uri);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let body = match body {
            Some(text) => {
                request = request.header(header::CONTENT_TYPE, "application/json");
                Body::from(text.to_owned())
            }
            None => Body::empty(),
        };
        self.send_request(request.body(body).unwrap()).await
    }

    /// Sends a request built by the caller (with extensions, say).
    pub async fn send_request(&self, request: Request<Body>) -> Reply {
        let response = self.router.clone().oneshot(request).await.unwrap();
        let (parts, body) = response.into_parts();
        let bytes = body.collect().await.unwrap().to_bytes();
        let text = String::from_utf8_lossy(&bytes).into_owned();
        Reply { status: parts.status, headers: parts.headers, text, bytes: bytes.to_vec() }
    }

    pub async fn get(&self, uri: &str) -> Reply {
        self.send("GET", uri, None, &[]).await
    }
}

/// With `MF_TEST_POSTGRES` (an admin URL, set by `cargo xtask test`), each fixture
/// gets a database of its own on that server.
async fn fresh_postgres_database(admin: &str) -> String {
    use std::sync::atomic::{AtomicU32, Ordering};
    static NEXT: AtomicU32 = AtomicU32::new(0);
    sqlx::any::install_default_drivers();
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().subsec_nanos();
    let name = format!("t_{}_{}_{nanos}", std::process::id(), NEXT.fetch_add(1, Ordering::Relaxed));
    let pool = sqlx::AnyPool::connect(admin).await.unwrap();
    sqlx::query(&format!("CREATE DATABASE {name}")).execute(&pool).await.unwrap();
    pool.close().await;
    let base = admin.rsplit_once('/').unwrap().0;
    format!("{base}/{name}")
}
