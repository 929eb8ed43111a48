//! The server's HTTP behaviour for pages and static files, called through the
//! router (`oneshot`) with a real remotes folder on disk.

mod common;

use common::fixture;
use federation::Manifest;
use http::{header, StatusCode};

#[tokio::test]
async fn pages_carry_the_shell_and_the_remote_map() {
    let f = fixture().await;
    let reply = f.get("/login").await;
    let (status, html) = (reply.status, reply.text);
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("<header class=\"shell-header\">"), "{html}");
    // Nothing after the document (Leptos appends hydration scripts the shell never uses).
    assert!(html.ends_with("</html>") && !html.contains("__RESOLVED_RESOURCES"), "{html}");
    assert!(html.contains("data-mf-remote=\"auth\" data-mf-module=\"AuthApp\""), "{html}");
    // The remote map, with what the loader needs from the manifest: no manifest round trip.
    let manifest =
        Manifest::from_json(&std::fs::read_to_string(f.config.remotes_dir.join("auth/0.1.0/manifest.json")).unwrap())
            .unwrap();
    // No contract: the server checked it (a refused remote is listed with the reason).
    // One row per remote, read by position (`federation::PageRows`).
    assert!(html.contains(r#"[["auth","0.1.0",["/remotes/auth/0.1.0/"],["#), "{html}");
    assert!(
        html.contains(&format!(
            r#""{}","{}","{}","{}""#,
            manifest.assets.js.file,
            manifest.assets.js.integrity,
            manifest.assets.wasm.file,
            manifest.assets.wasm.integrity
        )),
        "{html}"
    );
    // The students' runtime never reads contracts or type fingerprints.
    assert!(!html.contains("mf-contract") && !html.contains("state:session"), "{html}");
}

#[tokio::test]
async fn every_route_renders_and_unknown_paths_are_404() {
    let f = fixture().await;
    for path in ["/", "/login"] {
        assert_eq!(f.get(path).await.status, StatusCode::OK, "{path}");
    }
    let reply = f.get("/no/such/page").await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert!(reply.text.contains("Page not found"));
}

#[tokio::test]
async fn guarded_routes_send_visitors_to_login_and_back() {
    let f = fixture().await;
    for (path, next) in [("/dashboard", "/dashboard"), ("/exam/attempt/3/question/2", "/exam/attempt/3/question/2")] {
        let reply = f.get(path).await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{path}");
        assert_eq!(reply.headers[header::LOCATION], format!("/login?next={next}"));
    }
    let login = f.get("/login?next=/exam").await.text;
    assert!(login.contains(r#"data-mf-props="{&quot;next&quot;:&quot;/exam&quot;}""#), "{login}");
    let evil = f.get("/login?next=//evil.example").await.text;
    assert!(evil.contains("&quot;next&quot;:&quot;/dashboard&quot;"), "open redirects are refused: {evil}");

    let body = r#"{"name":"Ana","email":"ana@example.ph","password":"correct horse"}"#;
    let cookie = f.send("POST", "/api/auth/register", Some(body), &[]).await.cookie();
    for (path, remote) in [("/dashboard", "dashboard"), ("/exam", "nursing"), ("/exam/attempt/3/question/2", "nursing")]
    {
        let reply = f.send("GET", path, None, &[("cookie", &cookie)]).await;
        assert_eq!(reply.status, StatusCode::OK, "{path}");
        assert!(reply.text.contains(&format!("data-mf-remote=\"{remote}\"")), "{path}");
        assert!(
            reply.text.contains(r#"id="mf-state">{"session":{"id":1,"name":"Ana""#),
            "{path}: the page carries the session"
        );
    }
    assert!(f.get("/").await.text.contains(r#"id="mf-state">{"session":null}"#));
}

#[tokio::test]
async fn wasm_is_sent_precompressed_with_its_type_and_cached_forever() {
    let f = fixture().await;
    let uri = "/remotes/auth/0.1.0/auth-5f2c9a1b.wasm";
    let reply = f.send("GET", uri, None, &[("accept-encoding", "gzip, deflate, br")]).await;
    let (status, headers, body) = (reply.status, reply.headers, reply.text);
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CONTENT_TYPE], "application/wasm");
    assert_eq!(headers[header::CONTENT_ENCODING], "br");
    assert_eq!(headers[header::CACHE_CONTROL], "public, max-age=31536000, immutable");
    assert_eq!(body, "brotli bytes");

    let reply = f.get(uri).await;
    let (headers, body) = (reply.headers, reply.text);
    assert!(headers.get(header::CONTENT_ENCODING).is_none());
    assert!(body.starts_with("auth@0.1.0: "), "{body}");
}

#[tokio::test]
async fn manifests_are_revalidated_and_missing_files_are_404() {
    let f = fixture().await;
    let reply = f.get("/remotes/auth/0.1.0/manifest.json").await;
    let (status, headers, body) = (reply.status, reply.headers, reply.text);
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CACHE_CONTROL], "no-cache");
    assert!(Manifest::from_json(&body).is_ok());
    let reply = f.get("/remotes/auth/0.1.0/auth-00000000.wasm").await;
    let (status, headers) = (reply.status, reply.headers);
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(headers.get(header::CACHE_CONTROL).is_none(), "a 404 must not be cached forever");
}

#[tokio::test]
async fn pages_and_api_answers_are_compressed_for_browsers_that_accept_it() {
    let f = fixture().await;
    let decoded = |reply: &common::Reply| {
        assert_eq!(reply.headers["content-encoding"], "br", "{:?}", reply.headers);
        let mut out = Vec::new();
        brotli::BrotliDecompress(&mut reply.bytes.as_slice(), &mut out).unwrap();
        String::from_utf8(out).unwrap()
    };
    let page = f.send("GET", "/login", None, &[("accept-encoding", "gzip, deflate, br")]).await;
    assert!(decoded(&page).contains("shell-header"));
    assert!(page.bytes.len() * 2 < decoded(&page).len(), "{} bytes on the wire", page.bytes.len());
    let api = f.send("GET", "/api/topics", None, &[("accept-encoding", "br")]).await;
    assert!(decoded(&api).contains("pharmacology"));
    // Without Accept-Encoding, plain.
    assert!(f.get("/login").await.headers.get("content-encoding").is_none());
}
