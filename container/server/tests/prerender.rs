//! Prerendered modules: a remote's `prerendered` asset (module → HTML, made at
//! build time) goes into the pages that mount that module, checked against its
//! integrity; a broken one is refused at deploy and never reaches a page.

mod common;

use std::path::Path;

use common::{fixture_with, write_remote, ADMIN_SECRET};
use federation::{Asset, Assets, Integrity, Manifest, Sizes};
use http::StatusCode;

/// What auth's `AuthApp` prerenders to in these tests.
const SIGN_IN: &str =
    r#"<section class="auth-app"><h1>Sign in</h1><form class="login-form"><input id="login-email"/></form></section>"#;

/// Writes `text` as `file` of `name@version` and gives it to the manifest's
/// assets with `set` (with its real size and integrity); returns its path.
fn add_asset(
    remotes: &Path,
    (name, version): (&str, &str),
    file: &str,
    text: &str,
    set: impl FnOnce(&mut Assets, Asset),
) -> std::path::PathBuf {
    let dir = remotes.join(name).join(version);
    let path = dir.join("manifest.json");
    let mut manifest = Manifest::from_json(&std::fs::read_to_string(&path).unwrap()).unwrap();
    std::fs::write(dir.join(file), text).unwrap();
    let size = Sizes { raw: text.len() as u64, gzip: 0, brotli: 0 };
    set(&mut manifest.assets, Asset { file: file.to_owned(), size, integrity: Integrity::of(text.as_bytes()) });
    std::fs::write(&path, manifest.to_json()).unwrap();
    dir.join(file)
}

/// Adds a `prerendered` asset holding `json` to `name@version`.
fn add_prerendered(remotes: &Path, name: &str, version: &str, json: &str) -> std::path::PathBuf {
    add_asset(remotes, (name, version), &format!("{name}-0badcafe.json"), json, |assets, asset| {
        assets.prerendered = Some(asset)
    })
}

fn prerendered_json() -> String {
    serde_json::json!({ "AuthApp": SIGN_IN }).to_string()
}

#[tokio::test]
async fn the_sign_in_page_carries_auths_prerendered_form() {
    let f = fixture_with(|remotes| {
        write_remote(remotes, "auth", "0.1.0");
        add_prerendered(remotes, "auth", "0.1.0", &prerendered_json());
    })
    .await;
    let page = f.get("/login").await;
    assert_eq!(page.status, StatusCode::OK);
    let slot = page.text.split(r#"data-mf-remote="auth""#).nth(1).expect("the page has auth's mount point");
    assert!(slot.contains("data-mf-prerendered"), "{slot}");
    assert!(slot.contains(SIGN_IN), "the module's HTML is in its mount point: {slot}");
    // Its files still download while the page loads; no loading state, no skeleton.
    assert!(slot.contains(r#"rel="preload" as="fetch""#), "{slot}");
    let slot_end = slot.find(SIGN_IN).unwrap();
    assert!(!slot[..slot_end].contains("mf-loading") && !slot[..slot_end].contains("data-mf-skeleton"), "{slot}");
    // The guard that holds back a submit before the module is live, under the page's nonce.
    assert!(page.text.contains("data-mf-submit"), "the page has the prerender guard");

    // A page that does not mount the module shows no prerendered HTML.
    assert!(!f.get("/").await.text.contains(SIGN_IN));
}

#[tokio::test]
async fn a_prerendered_file_that_does_not_match_its_integrity_is_not_used() {
    let f = fixture_with(|remotes| {
        write_remote(remotes, "auth", "0.1.0");
        add_prerendered(remotes, "auth", "0.1.0", &prerendered_json());
    })
    .await;
    // Changed after the version went live: pages must not carry it.
    let file = f.config.remotes_dir.join("auth/0.1.0/auth-0badcafe.json");
    std::fs::write(file, serde_json::json!({ "AuthApp": "<p>injected</p>" }).to_string()).unwrap();
    let page = f.get("/login").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.text.contains("injected") && !page.text.contains(SIGN_IN));
    assert!(!page.text.contains("data-mf-prerendered=\"\""), "the mount point shows its loading state instead");
    assert!(page.text.contains("mf-loading"));
}

#[tokio::test]
async fn a_version_with_a_malformed_prerendered_file_is_refused_at_deploy() {
    let f = fixture_with(|remotes| write_remote(remotes, "auth", "0.1.0")).await;
    let remotes = f.config.remotes_dir.clone();
    write_remote(&remotes, "auth", "0.2.0");
    add_prerendered(&remotes, "auth", "0.2.0", r#"["not", "a", "map"]"#);
    let bearer = format!("Bearer {ADMIN_SECRET}");
    let reply = f
        .send("POST", "/api/admin/remotes/auth/deploy", Some(r#"{"version":"0.2.0"}"#), &[("authorization", &bearer)])
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    let error = reply.json()["error"].clone();
    assert_eq!(error["code"], "registry_unhealthy");
    assert!(error["message"].as_str().unwrap().contains("build the remote again"), "{error}");
    // The live version is unchanged.
    assert_eq!(f.get("/api/remotes").await.json()["auth"]["version"], "0.1.0");
}

/// Gives `name@version` a stylesheet holding `css`.
fn add_stylesheet(remotes: &Path, name: &str, version: &str, css: &str) -> std::path::PathBuf {
    add_asset(remotes, (name, version), &format!("{name}-0cafe0.css"), css, |assets, asset| assets.css = Some(asset))
}

const AUTH_CSS: &str = "@scope ([data-mf-remote=\"auth\"]) to ([data-mf-remote]){.login-form{display:grid}}\n";

#[tokio::test]
async fn a_prerendered_modules_styles_come_inline_allowed_by_their_hash() {
    let f = fixture_with(|remotes| {
        write_remote(remotes, "auth", "0.1.0");
        add_prerendered(remotes, "auth", "0.1.0", &prerendered_json());
        add_stylesheet(remotes, "auth", "0.1.0", AUTH_CSS);
    })
    .await;
    let page = f.get("/login").await;
    let slot = page.text.split_once(r#"data-mf-remote="auth""#).expect("the page has auth's mount point").1;
    let inline = format!(r#"<style data-mf-css="auth">{AUTH_CSS}</style>"#);
    assert!(slot.contains(&inline), "auth's styles are inline before its HTML: {slot}");
    assert!(slot.find(&inline) < slot.find(SIGN_IN));
    assert!(!page.text.contains(r#"rel="stylesheet" crossorigin"#), "no link for them");
    let policy = page.headers["content-security-policy"].to_str().unwrap();
    let style_src = policy.split(';').find(|d| d.trim().starts_with("style-src")).unwrap();
    let hash = Integrity::of(AUTH_CSS.as_bytes());
    assert!(style_src.contains(&format!("'{}'", hash.as_str())), "{style_src}");
    assert!(!style_src.contains("unsafe-inline"), "{style_src}");
}

#[tokio::test]
async fn a_stylesheet_that_does_not_match_its_integrity_is_linked_not_inlined() {
    let f = fixture_with(|remotes| {
        write_remote(remotes, "auth", "0.1.0");
        add_prerendered(remotes, "auth", "0.1.0", &prerendered_json());
        add_stylesheet(remotes, "auth", "0.1.0", AUTH_CSS);
    })
    .await;
    // Changed after the version went live: its text must not reach a page.
    std::fs::write(f.config.remotes_dir.join("auth/0.1.0/auth-0cafe0.css"), "body{display:none}").unwrap();
    let page = f.get("/login").await;
    assert!(!page.text.contains("display:none") && !page.text.contains("<style data-mf-css"), "not inlined");
    // The link (whose integrity the browser checks, refusing the changed file).
    assert!(page
        .text
        .contains(r#"<link rel="stylesheet" crossorigin="anonymous" href="/remotes/auth/0.1.0/auth-0cafe0.css""#));
}
