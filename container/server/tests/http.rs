//! The server's HTTP behaviour, called through the router (`oneshot`) with a real
//! remotes folder on disk.

use std::path::Path;

use axum::body::Body;
use container_server::{app, scan_remotes, Config};
use federation::{Manifest, RemoteName, Version};
use http::{header, Request, StatusCode};
use http_body_util::BodyExt;
use tower::ServiceExt;

const VALID: &str = include_str!("../../../shared/federation/tests/fixtures/valid/manifest.json");

/// Writes a remote version with the fixture manifest (renamed) and its asset files.
fn write_remote(remotes: &Path, name: &str, version: &str) {
    let dir = remotes.join(name).join(version);
    std::fs::create_dir_all(&dir).unwrap();
    let manifest = VALID
        .replace("\"name\": \"auth\"", &format!("\"name\": \"{name}\""))
        .replace(
            "\"version\": \"0.1.0\",\n  \"contract\"",
            &format!("\"version\": \"{version}\",\n  \"contract\""),
        );
    let parsed = Manifest::from_json(&manifest).unwrap();
    for (_, asset) in parsed.assets.iter() {
        std::fs::write(dir.join(&asset.file), b"raw bytes").unwrap();
        std::fs::write(dir.join(format!("{}.br", asset.file)), b"brotli bytes").unwrap();
    }
    std::fs::write(dir.join("manifest.json"), manifest).unwrap();
}

fn config(remotes: &Path, site: &Path) -> Config {
    let leptos = leptos::config::LeptosOptions::builder()
        .output_name("container")
        .site_root(site.to_string_lossy().into_owned())
        .build();
    Config {
        leptos,
        remotes_dir: remotes.to_path_buf(),
    }
}

async fn get(
    config: &Config,
    uri: &str,
    accept_encoding: Option<&str>,
) -> (StatusCode, http::HeaderMap, String) {
    let mut request = Request::get(uri);
    if let Some(encoding) = accept_encoding {
        request = request.header(header::ACCEPT_ENCODING, encoding);
    }
    let response = app(config)
        .oneshot(request.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let (parts, body) = response.into_parts();
    let bytes = body.collect().await.unwrap().to_bytes();
    (
        parts.status,
        parts.headers,
        String::from_utf8_lossy(&bytes).into_owned(),
    )
}

struct Fixture {
    _temp: tempfile::TempDir,
    config: Config,
}

fn fixture() -> Fixture {
    let temp = tempfile::tempdir().unwrap();
    let remotes = temp.path().join("remotes");
    write_remote(&remotes, "auth", "0.1.0");
    let config = config(&remotes, &temp.path().join("site"));
    Fixture {
        _temp: temp,
        config,
    }
}

#[tokio::test]
async fn pages_carry_the_shell_and_the_remote_map() {
    let f = fixture();
    let (status, _, html) = get(&f.config, "/login", None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("<header class=\"shell-header\">"), "{html}");
    assert!(
        html.contains("data-mf-remote=\"auth\" data-mf-module=\"LoginForm\""),
        "{html}"
    );
    assert!(
        html.contains(
            r#"{"auth":{"version":"0.1.0","manifest":"/remotes/auth/0.1.0/manifest.json"}}"#
        ),
        "{html}"
    );
    assert!(
        html.contains(r#"id="mf-contract">{"name":"nursing-review""#),
        "{html}"
    );
}

#[tokio::test]
async fn every_route_renders_and_unknown_paths_are_404() {
    let f = fixture();
    for (path, remote) in [
        ("/", None),
        ("/dashboard", Some("dashboard")),
        ("/exam", Some("nursing")),
    ] {
        let (status, _, html) = get(&f.config, path, None).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        if let Some(remote) = remote {
            assert!(
                html.contains(&format!("data-mf-remote=\"{remote}\"")),
                "{path}: {html}"
            );
        }
    }
    let (status, _, html) = get(&f.config, "/no/such/page", None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(html.contains("Page not found"));
}

#[tokio::test]
async fn wasm_is_sent_precompressed_with_its_type_and_cached_forever() {
    let f = fixture();
    let uri = "/remotes/auth/0.1.0/auth-5f2c9a1b.wasm";
    let (status, headers, body) = get(&f.config, uri, Some("gzip, deflate, br")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CONTENT_TYPE], "application/wasm");
    assert_eq!(headers[header::CONTENT_ENCODING], "br");
    assert_eq!(
        headers[header::CACHE_CONTROL],
        "public, max-age=31536000, immutable"
    );
    assert_eq!(body, "brotli bytes");

    let (_, headers, body) = get(&f.config, uri, None).await;
    assert!(headers.get(header::CONTENT_ENCODING).is_none());
    assert_eq!(body, "raw bytes");
}

#[tokio::test]
async fn manifests_are_revalidated_and_missing_files_are_404() {
    let f = fixture();
    let (status, headers, body) = get(&f.config, "/remotes/auth/0.1.0/manifest.json", None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CACHE_CONTROL], "no-cache");
    assert!(Manifest::from_json(&body).is_ok());
    let (status, headers, _) = get(&f.config, "/remotes/auth/0.1.0/auth-00000000.wasm", None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(
        headers.get(header::CACHE_CONTROL).is_none(),
        "a 404 must not be cached forever"
    );
}

#[test]
fn the_remote_map_takes_the_newest_valid_version() {
    let temp = tempfile::tempdir().unwrap();
    let remotes = temp.path();
    write_remote(remotes, "auth", "0.1.0");
    write_remote(remotes, "auth", "0.2.0");
    write_remote(remotes, "auth", "0.10.0");
    // The newest folder has a broken manifest: it is skipped, not fatal.
    write_remote(remotes, "auth", "1.0.0");
    std::fs::write(remotes.join("auth/1.0.0/manifest.json"), "{ not json").unwrap();
    write_remote(remotes, "dashboard", "0.3.0");
    std::fs::create_dir_all(remotes.join("Not A Remote")).unwrap();

    let map = scan_remotes(remotes);
    let auth = &map[&RemoteName::new("auth").unwrap()];
    assert_eq!(auth.version, Version::new(0, 10, 0));
    assert_eq!(auth.manifest, "/remotes/auth/0.10.0/manifest.json");
    assert_eq!(
        map[&RemoteName::new("dashboard").unwrap()].version,
        Version::new(0, 3, 0)
    );
    assert_eq!(map.len(), 2);
}

#[test]
fn a_missing_remotes_folder_gives_an_empty_map() {
    assert!(scan_remotes(Path::new("/definitely/not/here")).is_empty());
}
