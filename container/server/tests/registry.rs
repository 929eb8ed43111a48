//! The remote registry through its HTTP API: what pages get, deploys, refusals,
//! rollbacks, origins; on a real database.

mod common;

use common::{fixture, fixture_with, write_remote, Fixture, Reply, ADMIN_SECRET};
use federation::Manifest;
use http::{header, StatusCode};

const BEARER: &str = "Bearer fixture-admin-secret-0123456789";

impl Fixture {
    async fn admin(&self, path: &str, body: Option<&str>) -> Reply {
        let method = if body.is_some() { "POST" } else { "GET" };
        self.send(method, &format!("/api/admin{path}"), body, &[("authorization", BEARER)]).await
    }

    /// The live version of `remote`, from the public remote map.
    async fn live(&self, remote: &str) -> Option<String> {
        let map = self.get("/api/remotes").await.json();
        map[remote]["version"].as_str().map(str::to_owned)
    }

    fn remotes(&self) -> std::path::PathBuf {
        self.config.remotes_dir.clone()
    }
}

#[tokio::test]
async fn at_start_each_remote_follows_its_newest_healthy_version() {
    let f = fixture_with(|remotes| {
        write_remote(remotes, "auth", "0.1.0");
        write_remote(remotes, "auth", "0.2.0");
        write_remote(remotes, "auth", "0.10.0");
        // The newest folder is broken: skipped, not fatal.
        write_remote(remotes, "auth", "1.0.0");
        std::fs::write(remotes.join("auth/1.0.0/manifest.json"), "{ not json").unwrap();
        write_remote(remotes, "dashboard", "0.3.0");
        std::fs::create_dir_all(remotes.join("Not A Remote")).unwrap();
    })
    .await;
    let reply = f.get("/api/remotes").await;
    assert_eq!(reply.headers[header::CACHE_CONTROL], "no-cache");
    let map = reply.json();
    assert_eq!(map["auth"]["version"], "0.10.0");
    assert_eq!(map["auth"]["bases"], serde_json::json!(["/remotes/auth/0.10.0/"]));
    assert_eq!(map["dashboard"]["version"], "0.3.0");
    assert_eq!(map.as_object().unwrap().len(), 2);
    // Pages carry the same map inline.
    assert!(f.get("/").await.text.contains("/remotes/auth/0.10.0/"));
}

#[tokio::test]
async fn the_admin_api_needs_a_token() {
    let f = fixture().await;
    let reply = f.get("/api/admin/remotes").await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    assert_eq!(reply.json()["error"]["code"], "admin_token_required");
    let wrong = f.send("GET", "/api/admin/remotes", None, &[("authorization", "Bearer not-the-secret")]).await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    let deploy = f
        .send(
            "POST",
            "/api/admin/remotes/auth/deploy",
            Some(r#"{"version":"0.1.0"}"#),
            &[("authorization", "Bearer x")],
        )
        .await;
    assert_eq!(deploy.status, StatusCode::UNAUTHORIZED);
    assert_eq!(f.admin("/remotes", None).await.status, StatusCode::OK);
    assert!(!ADMIN_SECRET.is_empty());
}

#[tokio::test]
async fn a_deploy_goes_live_on_the_next_page_and_is_recorded() {
    let f = fixture().await;
    write_remote(&f.remotes(), "auth", "0.2.0");
    assert_eq!(f.live("auth").await.as_deref(), Some("0.1.0"), "nothing changes before the deploy");
    let reply = f.admin("/remotes/auth/deploy", Some(r#"{"version":"0.2.0"}"#)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    assert_eq!(reply.json()["live"]["deployed_by"], "ci");
    assert_eq!(f.live("auth").await.as_deref(), Some("0.2.0"));
    assert!(f.get("/login").await.text.contains("/remotes/auth/0.2.0/"));

    let list = f.admin("/remotes", None).await.json();
    let auth = &list["remotes"][0];
    assert_eq!(auth["name"], "auth");
    assert_eq!(auth["active"]["version"], "0.2.0");
    assert_eq!(auth["health"], "ok");
    let actions: Vec<&str> =
        auth["history"].as_array().unwrap().iter().map(|d| d["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["deploy", "bootstrap"]);
}

#[tokio::test]
async fn broken_versions_are_refused_and_the_live_one_stays() {
    let f = fixture().await;
    let unknown = f.admin("/remotes/auth/deploy", Some(r#"{"version":"9.9.9"}"#)).await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    assert_eq!(unknown.json()["error"]["code"], "registry_unknown_version");

    write_remote(&f.remotes(), "auth", "0.2.0");
    let manifest =
        Manifest::from_json(&std::fs::read_to_string(f.remotes().join("auth/0.2.0/manifest.json")).unwrap()).unwrap();
    std::fs::write(f.remotes().join("auth/0.2.0").join(&manifest.assets.wasm.file), b"tampered").unwrap();
    let tampered = f.admin("/remotes/auth/deploy", Some(r#"{"version":"0.2.0"}"#)).await;
    assert_eq!(tampered.status, StatusCode::UNPROCESSABLE_ENTITY);
    let error = tampered.json()["error"].clone();
    assert_eq!(error["code"], "registry_unhealthy");
    assert!(error["message"].as_str().unwrap().contains("does not match its integrity"), "{error}");

    std::fs::remove_file(f.remotes().join("auth/0.2.0").join(&manifest.assets.wasm.file)).unwrap();
    let missing = f.admin("/remotes/auth/deploy", Some(r#"{"version":"0.2.0"}"#)).await;
    assert!(missing.json()["error"]["message"].as_str().unwrap().contains("is missing"));

    assert_eq!(f.live("auth").await.as_deref(), Some("0.1.0"));
    let list = f.admin("/remotes", None).await.json();
    assert_eq!(list["remotes"][0]["history"][0]["action"], "refused");

    let bad_body = f.admin("/remotes/auth/deploy", Some(r#"{"version":"one"}"#)).await;
    assert_eq!(bad_body.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn an_incompatible_contract_is_refused_with_409_unless_forced() {
    let f = fixture().await;
    write_remote(&f.remotes(), "auth", "0.2.0");
    let path = f.remotes().join("auth/0.2.0/manifest.json");
    let mut manifest = Manifest::from_json(&std::fs::read_to_string(&path).unwrap()).unwrap();
    manifest.contract.version = "9.0.0".parse().unwrap();
    std::fs::write(&path, manifest.to_json()).unwrap();

    let refused = f.admin("/remotes/auth/deploy", Some(r#"{"version":"0.2.0"}"#)).await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    let error = refused.json()["error"].clone();
    assert_eq!(error["code"], "registry_incompatible");
    assert!(error["message"].as_str().unwrap().contains("rebuild the remote"), "{error}");
    assert_eq!(f.live("auth").await.as_deref(), Some("0.1.0"));

    let forced = f.admin("/remotes/auth/deploy", Some(r#"{"version":"0.2.0","force":true}"#)).await;
    assert_eq!(forced.status, StatusCode::OK, "{}", forced.text);
    assert_eq!(f.live("auth").await.as_deref(), Some("0.2.0"));
}

#[tokio::test]
async fn a_type_with_another_fingerprint_is_refused() {
    let f = fixture().await;
    write_remote(&f.remotes(), "auth", "0.2.0");
    let path = f.remotes().join("auth/0.2.0/manifest.json");
    let mut manifest = Manifest::from_json(&std::fs::read_to_string(&path).unwrap()).unwrap();
    manifest.contract = contract::fingerprinted_info();
    manifest.contract.types.0[0].1 = "0000000000000000".into();
    std::fs::write(&path, manifest.to_json()).unwrap();
    let refused = f.admin("/remotes/auth/deploy", Some(r#"{"version":"0.2.0"}"#)).await;
    assert_eq!(refused.status, StatusCode::CONFLICT, "{}", refused.text);
    assert!(refused.json()["error"]["message"].as_str().unwrap().contains("another shape"));
}

#[tokio::test]
async fn rollback_goes_to_the_previous_or_a_named_version() {
    let f = fixture().await;
    let nothing = f.admin("/remotes/auth/rollback", Some("")).await;
    assert_eq!(nothing.status, StatusCode::CONFLICT);
    assert_eq!(nothing.json()["error"]["code"], "registry_nothing_to_roll_back_to");

    write_remote(&f.remotes(), "auth", "0.2.0");
    write_remote(&f.remotes(), "auth", "0.3.0");
    for version in ["0.2.0", "0.3.0"] {
        let body = format!(r#"{{"version":"{version}"}}"#);
        assert_eq!(f.admin("/remotes/auth/deploy", Some(&body)).await.status, StatusCode::OK);
    }
    let back = f.admin("/remotes/auth/rollback", Some("")).await;
    assert_eq!(back.status, StatusCode::OK, "{}", back.text);
    assert_eq!(f.live("auth").await.as_deref(), Some("0.2.0"));
    let named = f.admin("/remotes/auth/rollback", Some(r#"{"version":"0.1.0"}"#)).await;
    assert_eq!(named.status, StatusCode::OK, "{}", named.text);
    assert_eq!(f.live("auth").await.as_deref(), Some("0.1.0"));
    let never = f.admin("/remotes/auth/rollback", Some(r#"{"version":"0.9.0"}"#)).await;
    assert_eq!(never.status, StatusCode::CONFLICT);
    assert_eq!(f.live("auth").await.as_deref(), Some("0.1.0"));
}

#[tokio::test]
async fn a_version_keeps_its_files() {
    let f = fixture().await;
    write_remote(&f.remotes(), "auth", "0.2.0");
    assert_eq!(f.admin("/remotes/auth/deploy", Some(r#"{"version":"0.2.0"}"#)).await.status, StatusCode::OK);
    // Rebuilt with other bytes under the same version.
    let path = f.remotes().join("auth/0.2.0/manifest.json");
    let mut manifest = Manifest::from_json(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let file = manifest.assets.js.file.clone();
    std::fs::write(f.remotes().join("auth/0.2.0").join(&file), b"other bytes").unwrap();
    manifest.assets.js.integrity = federation::Integrity::of(b"other bytes");
    std::fs::write(&path, manifest.to_json()).unwrap();
    let again = f.admin("/remotes/auth/deploy", Some(r#"{"version":"0.2.0"}"#)).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert_eq!(again.json()["error"]["code"], "registry_version_changed");
}

#[tokio::test]
async fn bases_must_be_on_allowed_origins() {
    let f = fixture().await;
    let other = f
        .admin("/remotes/auth/deploy", Some(r#"{"version":"0.1.0","bases":["https://evil.example/auth/0.1.0/"]}"#))
        .await;
    assert_eq!(other.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(other.json()["error"]["code"], "registry_origin_not_allowed");
    let body = r#"{"version":"0.1.0","bases":["https://cdn.example/auth/0.1.0","/remotes/auth/0.1.0/"]}"#;
    let cdn = f.admin("/remotes/auth/deploy", Some(body)).await;
    assert_eq!(cdn.status, StatusCode::OK, "{}", cdn.text);
    let map = f.get("/api/remotes").await.json();
    assert_eq!(map["auth"]["bases"], serde_json::json!(["https://cdn.example/auth/0.1.0/", "/remotes/auth/0.1.0/"]));
}

#[tokio::test]
async fn bases_a_browser_would_read_otherwise_are_refused() {
    let f = fixture().await;
    for base in [
        "/\\evil.example/x/",
        "//evil.example/x/",
        "/api/",
        "/remotes/../api/",
        "/remotes/a b/",
        "https://cdn.example.evil/x/",
    ] {
        let body = serde_json::json!({ "version": "0.1.0", "bases": [base] }).to_string();
        let reply = f.admin("/remotes/auth/deploy", Some(&body)).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{base}: {}", reply.text);
    }
    let upper = r#"{"version":"0.1.0","bases":["HTTPS://CDN.EXAMPLE/auth/0.1.0/"]}"#;
    assert_eq!(f.admin("/remotes/auth/deploy", Some(upper)).await.status, StatusCode::OK);
}

#[tokio::test]
async fn the_token_is_checked_before_the_body_and_versions_are_plain() {
    let f = fixture().await;
    let reply = f.send("POST", "/api/admin/remotes/auth/deploy", Some("{not json"), &[]).await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "{}", reply.text);
    let lower =
        f.send("GET", "/api/admin/remotes", None, &[("authorization", &BEARER.replace("Bearer", "bearer"))]).await;
    assert_eq!(lower.status, StatusCode::OK);
    let traversal = f.admin("/remotes/auth/deploy", Some(r#"{"version":"1.0.0-a/../../x"}"#)).await;
    assert_eq!(traversal.status, StatusCode::BAD_REQUEST, "{}", traversal.text);
}

#[tokio::test]
async fn pages_keep_the_files_frozen_at_deploy_when_the_folder_changes() {
    let f = fixture().await;
    write_remote(&f.remotes(), "auth", "0.2.0");
    assert_eq!(f.admin("/remotes/auth/deploy", Some(r#"{"version":"0.2.0"}"#)).await.status, StatusCode::OK);
    let before = f.get("/api/remotes").await.json()["auth"].clone();
    // The folder is rebuilt in place, without a deploy.
    let path = f.remotes().join("auth/0.2.0/manifest.json");
    let mut manifest = Manifest::from_json(&std::fs::read_to_string(&path).unwrap()).unwrap();
    manifest.assets.js.integrity = federation::Integrity::of(b"rebuilt");
    std::fs::write(&path, manifest.to_json()).unwrap();
    assert_eq!(f.get("/api/remotes").await.json()["auth"], before, "pages load what was deployed");
}

#[tokio::test]
async fn a_database_from_before_entries_were_recorded_is_brought_up_to_date_at_start() {
    let mut f = fixture().await;
    let db = sqlx::AnyPool::connect(&f.config.database_url).await.unwrap();
    sqlx::query("UPDATE remote_deployments SET entry = ''").execute(&db).await.unwrap();
    db.close().await;
    assert!(f.get("/api/remotes").await.json().get("auth").is_none(), "no entry, not served");
    // The next start re-activates what the server follows.
    f.router = container_server::app(&f.config).await.unwrap();
    assert_eq!(f.get("/api/remotes").await.json()["auth"]["version"], "0.1.0");
}

#[tokio::test]
async fn an_unreadable_manifest_is_refused_at_deploy_with_a_clear_error() {
    let f = fixture().await;
    write_remote(&f.remotes(), "auth", "0.2.0");
    // The manifest cannot be read at all (as a CDN answering 500 would leave it).
    let manifest = f.remotes().join("auth/0.2.0/manifest.json");
    std::fs::remove_file(&manifest).unwrap();
    std::fs::create_dir(&manifest).unwrap();
    let reply = f.admin("/remotes/auth/deploy", Some(r#"{"version":"0.2.0"}"#)).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.text);
    assert_eq!(reply.json()["error"]["code"], "registry_unhealthy");
    assert!(reply.json()["error"]["message"].as_str().unwrap().contains("manifest"), "{}", reply.text);
    assert_eq!(f.live("auth").await.as_deref(), Some("0.1.0"), "the live version stays");
}

#[tokio::test]
async fn when_the_registry_cannot_be_read_pages_keep_the_last_good_map() {
    let f = fixture().await;
    assert!(f.get("/login").await.text.contains("/remotes/auth/0.1.0/"));
    // The registry's tables become unreadable (a database failure).
    sqlx::any::install_default_drivers();
    let db = sqlx::AnyPool::connect(&f.config.database_url).await.unwrap();
    for table in ["remote_active", "remote_deployments"] {
        let _ = sqlx::query(&format!("ALTER TABLE {table} RENAME TO {table}_away")).execute(&db).await;
    }
    let api = f.get("/api/remotes").await;
    assert_eq!(api.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(api.json()["error"]["code"], "internal", "a JSON error that leaks nothing");
    let page = f.get("/login").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text.contains("/remotes/auth/0.1.0/"), "the page still carries the map: {}", page.text);
}
