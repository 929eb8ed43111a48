//! What protects users from hostile pages and clients: the content security
//! policy and security headers, the same-origin check on state changes, the
//! login rate limit, body limits, and sessions that expire and can be revoked.

mod common;

use std::net::SocketAddr;

use axum::body::Body;
use axum::extract::ConnectInfo;
use common::{fixture, Fixture};
use http::{Request, StatusCode};

const ANA: &str = r#"{"name":"Ana Santos","email":"ana@example.ph","password":"correct horse"}"#;
const ANA_LOGIN: &str = r#"{"email":"ana@example.ph","password":"correct horse"}"#;
const ANA_WRONG: &str = r#"{"email":"ana@example.ph","password":"wrong password"}"#;

async fn register(f: &Fixture, body: &str) -> String {
    let reply = f.send("POST", "/api/auth/register", Some(body), &[]).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
    reply.cookie()
}

/// A login from the client at `ip`, as the server sees it with connection info.
async fn login_from(f: &Fixture, ip: [u8; 4], body: &str) -> common::Reply {
    let mut request = Request::post("/api/auth/login")
        .header("content-type", "application/json")
        .body(Body::from(body.to_owned()))
        .unwrap();
    request.extensions_mut().insert(ConnectInfo(SocketAddr::from((ip, 40000))));
    f.send_request(request).await
}

fn nonce_of(policy: &str) -> &str {
    let start = policy.find("'nonce-").expect("a nonce in the policy") + "'nonce-".len();
    &policy[start..start + policy[start..].find('\'').unwrap()]
}

#[tokio::test]
async fn pages_carry_a_strict_policy_with_a_fresh_nonce_on_their_inline_scripts() {
    let f = fixture().await;
    let first = f.get("/login").await;
    let policy = first.headers["content-security-policy"].to_str().unwrap().to_owned();
    let script_src = policy.split(';').find(|d| d.trim().starts_with("script-src")).unwrap();
    assert!(script_src.contains("'wasm-unsafe-eval'"), "{policy}");
    assert!(!script_src.contains("'unsafe-inline'") && !script_src.contains("'unsafe-eval'"), "{policy}");
    assert!(policy.contains("connect-src 'self' https://cdn.example"), "the allowed remote origin: {policy}");
    assert!(policy.contains("frame-ancestors 'none'") && policy.contains("object-src 'none'"), "{policy}");
    assert_eq!(first.headers["x-frame-options"], "DENY");

    let nonce = nonce_of(&policy);
    // Every executable inline script (ours: theme before paint, runtime start; Leptos' own) carries it;
    // data blocks need none.
    let with_nonce = first.text.matches(&format!("<script nonce=\"{nonce}\"")).count()
        + first.text.matches(&format!("<script type=\"module\" nonce=\"{nonce}\"")).count();
    let executable = first.text.matches("<script").count() - first.text.matches("type=\"application/json\"").count();
    assert!(with_nonce >= 2, "{}", first.text);
    assert_eq!(executable, with_nonce, "no inline script without the nonce: {}", first.text);

    let second = f.get("/login").await;
    let again = second.headers["content-security-policy"].to_str().unwrap();
    assert_ne!(nonce_of(again), nonce, "a nonce is never reused");
}

#[tokio::test]
async fn every_response_forbids_sniffing_and_keeps_referrers_to_the_origin() {
    let f = fixture().await;
    let manifest = f.get("/remotes/auth/0.1.0/manifest.json").await;
    assert_eq!(manifest.status, StatusCode::OK);
    for reply in [f.get("/login").await, f.get("/api/topics").await, manifest, f.get("/api/nothing").await] {
        assert_eq!(reply.headers["x-content-type-options"], "nosniff");
        assert_eq!(reply.headers["referrer-policy"], "strict-origin-when-cross-origin");
    }
}

#[tokio::test]
async fn state_changes_from_another_site_are_refused() {
    let f = fixture().await;
    let cookie = register(&f, ANA).await;
    for origin in ["https://evil.example", "null", "http://127.0.0.1:3001"] {
        let headers = [("host", "127.0.0.1:3000"), ("origin", origin), ("cookie", &cookie)];
        let forged = f.send("POST", "/api/auth/logout", None, &headers).await;
        assert_eq!(forged.status, StatusCode::FORBIDDEN, "{origin}");
        assert_eq!(forged.json()["error"]["code"], "cross_site_request");
    }
    let by_site = [("cookie", cookie.as_str()), ("sec-fetch-site", "cross-site")];
    let started = f.send("POST", "/api/attempts", Some(r#"{"topic":"fundamentals"}"#), &by_site).await;
    assert_eq!(started.status, StatusCode::FORBIDDEN);
    let me = f.send("GET", "/api/me", None, &[("cookie", &cookie), ("origin", "https://evil.example")]).await;
    assert_eq!(me.status, StatusCode::OK, "the session survived the forged sign-outs; reads pass");
    let own = [("host", "127.0.0.1:3000"), ("origin", "http://127.0.0.1:3000"), ("cookie", &cookie)];
    assert_eq!(
        f.send("POST", "/api/auth/logout", None, &own).await.status,
        StatusCode::NO_CONTENT,
        "the platform's own page may sign out"
    );
}

#[tokio::test]
async fn failed_sign_ins_are_limited_per_account_with_429_and_retry_after() {
    let f = fixture().await; // 3 failures per account, 8 per client, a 60 s window
    register(&f, ANA).await;
    for _ in 0..3 {
        assert_eq!(login_from(&f, [10, 0, 0, 1], ANA_WRONG).await.status, StatusCode::UNAUTHORIZED);
    }
    // Now even the right password waits, from any client: the account is what is guarded.
    let limited = login_from(&f, [10, 0, 0, 2], ANA_LOGIN).await;
    assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS, "{}", limited.text);
    assert_eq!(limited.json()["error"]["code"], "too_many_attempts");
    assert!(limited.json()["error"]["message"].as_str().unwrap().contains("Wait 1 minute"), "{}", limited.text);
    let retry_after: u64 = limited.headers["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=60).contains(&retry_after), "{retry_after}");
    assert!(limited.headers.get("set-cookie").is_none());

    register(&f, r#"{"name":"Ben Cruz","email":"ben@example.ph","password":"correct horse"}"#).await;
    let other = login_from(&f, [10, 0, 0, 1], r#"{"email":"ben@example.ph","password":"correct horse"}"#).await;
    assert_eq!(other.status, StatusCode::OK, "another account from the same client is not locked out");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_of_parallel_guesses_gets_no_more_tries_than_the_limit() {
    let f = std::sync::Arc::new(fixture().await); // 3 per account
    register(&f, ANA).await;
    let mut guesses = tokio::task::JoinSet::new();
    for _ in 0..20 {
        let f = std::sync::Arc::clone(&f);
        guesses.spawn(async move { login_from(&f, [10, 0, 0, 3], ANA_WRONG).await.status });
    }
    let statuses = guesses.join_all().await;
    let tried = statuses.iter().filter(|s| **s == StatusCode::UNAUTHORIZED).count();
    let limited = statuses.iter().filter(|s| **s == StatusCode::TOO_MANY_REQUESTS).count();
    assert_eq!((tried, limited), (3, 17), "{statuses:?}");
}

#[tokio::test]
async fn behind_a_proxy_the_client_is_the_address_the_proxy_forwarded() {
    let mut f = fixture().await;
    f.config.behind_proxy = true;
    f.router = container_server::app(&f.config).await.unwrap();
    register(&f, ANA).await;
    let from = |forwarded: &'static str, n: u32| {
        let body = format!(r#"{{"email":"guess{n}@example.ph","password":"123456789"}}"#);
        let mut request = Request::post("/api/auth/login")
            .header("content-type", "application/json")
            .header("x-forwarded-for", forwarded)
            .body(Body::from(body))
            .unwrap();
        // Every request reaches the server from the proxy's own address.
        request.extensions_mut().insert(ConnectInfo(SocketAddr::from(([127, 0, 0, 1], 40000))));
        request
    };
    // A client that forges the first entry is still known by what the proxy appended.
    for n in 0..8 {
        let forged = if n % 2 == 0 { "1.1.1.1, 203.0.113.7" } else { "9.9.9.9, 203.0.113.7" };
        assert_eq!(f.send_request(from(forged, n)).await.status, StatusCode::UNAUTHORIZED);
    }
    assert_eq!(f.send_request(from("203.0.113.7", 99)).await.status, StatusCode::TOO_MANY_REQUESTS);
    // Other students behind the same proxy are not locked out.
    assert_eq!(f.send_request(from("198.51.100.4", 100)).await.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_client_failing_across_many_accounts_is_limited() {
    let f = fixture().await;
    register(&f, ANA).await;
    for n in 0..8 {
        let body = format!(r#"{{"email":"guess{n}@example.ph","password":"123456789"}}"#);
        assert_eq!(login_from(&f, [10, 0, 0, 9], &body).await.status, StatusCode::UNAUTHORIZED);
    }
    assert_eq!(login_from(&f, [10, 0, 0, 9], ANA_LOGIN).await.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(login_from(&f, [10, 0, 0, 10], ANA_LOGIN).await.status, StatusCode::OK, "other clients sign in");
}

#[tokio::test]
async fn oversized_bodies_other_types_and_wrong_methods_are_json_4xx() {
    let f = fixture().await;
    let huge = format!(r#"{{"email":"a@b.ph","password":"{}"}}"#, "x".repeat(100 * 1024));
    let reply = f.send("POST", "/api/auth/login", Some(&huge), &[]).await;
    assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(reply.json()["error"]["code"], "body_too_large");

    let request = Request::post("/api/auth/login").body(Body::from(ANA_LOGIN)).unwrap();
    let reply = f.send_request(request).await;
    assert_eq!(reply.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(reply.json()["error"]["code"], "not_json");

    let reply = f.send("DELETE", "/api/topics", None, &[]).await;
    assert_eq!(reply.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(reply.json()["error"]["code"], "method_not_allowed");
}

#[tokio::test]
async fn signing_out_everywhere_ends_every_session_of_the_account() {
    let f = fixture().await;
    let phone = register(&f, ANA).await;
    let laptop = f.send("POST", "/api/auth/login", Some(ANA_LOGIN), &[]).await.cookie();
    let other = register(&f, r#"{"name":"Ben Cruz","email":"ben@example.ph","password":"correct horse"}"#).await;

    let reply = f.send("POST", "/api/auth/logout-everywhere", None, &[("cookie", &phone)]).await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT, "{}", reply.text);
    assert!(reply.headers["set-cookie"].to_str().unwrap().contains("Max-Age=0"));
    for cookie in [&phone, &laptop] {
        assert_eq!(f.send("GET", "/api/me", None, &[("cookie", cookie)]).await.status, StatusCode::UNAUTHORIZED);
    }
    assert_eq!(f.send("GET", "/api/me", None, &[("cookie", &other)]).await.status, StatusCode::OK, "others stay in");
    let again = f.send("POST", "/api/auth/logout-everywhere", None, &[("cookie", &phone)]).await;
    assert_eq!(again.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn pages_with_a_user_in_them_are_never_cached() {
    let f = fixture().await;
    assert_eq!(f.get("/login").await.headers["cache-control"], "no-cache");
    let cookie = register(&f, ANA).await;
    let page = f.send("GET", "/dashboard", None, &[("cookie", &cookie)]).await;
    assert!(page.text.contains("Ana Santos"), "the page names its user");
    assert_eq!(page.headers["cache-control"], "no-store");
}

#[tokio::test]
async fn an_expired_session_signs_nobody_in() {
    let f = fixture().await;
    let cookie = register(&f, ANA).await;
    sqlx::any::install_default_drivers();
    let db = sqlx::AnyPool::connect(&f.config.database_url).await.unwrap();
    sqlx::query("UPDATE sessions SET expires_at = 1").execute(&db).await.unwrap();
    assert_eq!(f.send("GET", "/api/me", None, &[("cookie", &cookie)]).await.status, StatusCode::UNAUTHORIZED);
    let page = f.send("GET", "/dashboard", None, &[("cookie", &cookie)]).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "back to the login page");
    // Signing in again works, and clears the expired rows.
    assert_eq!(f.send("POST", "/api/auth/login", Some(ANA_LOGIN), &[]).await.status, StatusCode::OK);
    let left: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM sessions WHERE expires_at = 1").fetch_one(&db).await.unwrap();
    assert_eq!(left, 0);
}
