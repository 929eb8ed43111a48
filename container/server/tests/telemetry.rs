//! Monitoring: browsers' load reports (validated, rate-limited, stored, counted
//! in /metrics), the admin summary and page (admins only), request ids.

mod common;

use std::net::SocketAddr;

use axum::body::Body;
use axum::extract::ConnectInfo;
use common::{fixture, Fixture, ADMIN_EMAIL};
use http::{Request, StatusCode};

const LOAD: &str = r#"{"remote":"auth","version":"0.1.0","download_ms":420,"instantiate_ms":310,"mount_ms":9,"total_ms":739,"bytes":71112}"#;

/// A report as a beacon sends it: text, from the client at `ip`.
async fn beacon(f: &Fixture, ip: [u8; 4], body: &str) -> common::Reply {
    let mut request = Request::post("/api/telemetry")
        .header("content-type", "text/plain;charset=UTF-8")
        .body(Body::from(body.to_owned()))
        .unwrap();
    request.extensions_mut().insert(ConnectInfo(SocketAddr::from((ip, 40000))));
    f.send_request(request).await
}

/// An admin's session: the account registered, then the server restarted (admins
/// are made at start, from `MF_ADMIN_EMAILS`).
async fn admin_session(f: &mut Fixture) -> String {
    let cookie = signed_up(f, ADMIN_EMAIL).await;
    f.router = container_server::app(&f.config).await.unwrap();
    cookie
}

async fn signed_up(f: &Fixture, email: &str) -> String {
    let body = format!(r#"{{"name":"Someone","email":"{email}","password":"correct horse"}}"#);
    let reply = f.send("POST", "/api/auth/register", Some(&body), &[]).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
    reply.cookie()
}

#[tokio::test]
async fn a_beacon_is_stored_summed_up_and_counted_in_metrics() {
    let mut f = fixture().await;
    let slow = LOAD.replace("\"total_ms\":739", "\"total_ms\":4200");
    let failed = r#"{"remote":"auth","version":"0.1.0","download_ms":30000,"instantiate_ms":0,"total_ms":30000,"error":"FED-005"}"#;
    let reply = beacon(&f, [10, 1, 1, 1], &format!(r#"{{"loads":[{LOAD},{slow},{failed}]}}"#)).await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT, "{}", reply.text);

    let admin = admin_session(&mut f).await;
    let summary = f.send("GET", "/api/telemetry/summary", None, &[("cookie", &admin)]).await;
    assert_eq!(summary.status, StatusCode::OK, "{}", summary.text);
    let auth = &summary.json()[0];
    assert_eq!((auth["remote"].as_str(), auth["version"].as_str()), (Some("auth"), Some("0.1.0")));
    assert_eq!((auth["loads"].as_u64(), auth["errors"].as_u64(), auth["slow"].as_u64()), (Some(3), Some(1), Some(1)));
    assert_eq!((auth["p50_ms"].as_i64(), auth["p95_ms"].as_i64()), (Some(739), Some(4200)));
    assert_eq!(auth["error_codes"][0][0], "FED-005");
    assert_eq!(auth["over_budget"].as_u64(), Some(2), "71112 bytes is over the 25000-byte budget");

    let metrics = f.get("/metrics").await;
    assert_eq!(metrics.status, StatusCode::OK);
    assert!(metrics.headers["content-type"].to_str().unwrap().starts_with("text/plain"));
    let text = metrics.text;
    assert!(text.contains(r#"remote_load_seconds_bucket{remote="auth",version="0.1.0",le="1"}"#), "{text}");
    assert!(text.contains(r#"remote_load_errors_total{remote="auth",version="0.1.0",code="FED-005"}"#), "{text}");
    assert!(text.contains(r#"remote_load_budget_breaches_total{remote="auth",version="0.1.0",budget="time"}"#));
    assert!(text.contains(r#"http_requests_total{method="POST",route="/api/telemetry",status="204"}"#), "{text}");
    assert!(text.contains(r#"http_request_duration_seconds_bucket{method="GET",route="/api/telemetry/summary""#));
}

#[tokio::test]
async fn bad_reports_are_refused_with_what_is_wrong_and_nothing_is_stored() {
    let mut f = fixture().await;
    let cases = [
        ("not json", StatusCode::BAD_REQUEST, "bad_body"),
        (r#"{"loads":[],"extra":1}"#, StatusCode::BAD_REQUEST, "bad_body"),
        (r#"{"loads":[]}"#, StatusCode::UNPROCESSABLE_ENTITY, "invalid"),
        (
            &format!(r#"{{"loads":[{}]}}"#, LOAD.replace("\"auth\"", "\"../admin\"")),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid",
        ),
        (&format!(r#"{{"loads":[{}]}}"#, LOAD.replace("739", "-3")), StatusCode::UNPROCESSABLE_ENTITY, "invalid"),
        (
            &format!(r#"{{"loads":[{}]}}"#, LOAD.replace("}", r#","error":"<script>"}"#)),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid",
        ),
    ];
    for (i, (body, status, code)) in cases.iter().enumerate() {
        let reply = beacon(&f, [10, 2, 0, i as u8], body).await;
        assert_eq!(reply.status, *status, "{body}: {}", reply.text);
        assert_eq!(reply.json()["error"]["code"], *code, "{body}: {}", reply.text);
    }
    let huge = format!(r#"{{"loads":[{}]}}"#, vec![LOAD; 160].join(","));
    assert_eq!(beacon(&f, [10, 2, 1, 0], &huge).await.status, StatusCode::PAYLOAD_TOO_LARGE);

    let admin = admin_session(&mut f).await;
    let summary = f.send("GET", "/api/telemetry/summary", None, &[("cookie", &admin)]).await;
    assert_eq!(summary.json(), serde_json::json!([]), "nothing stored");
}

#[tokio::test]
async fn loads_of_versions_never_live_are_dropped_and_the_others_kept() {
    let mut f = fixture().await;
    let unknown = LOAD.replace("0.1.0", "9.9.9");
    let reply = beacon(&f, [10, 5, 0, 1], &format!(r#"{{"loads":[{unknown},{LOAD}]}}"#)).await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT, "{}", reply.text);
    let admin = admin_session(&mut f).await;
    let summary = f.send("GET", "/api/telemetry/summary", None, &[("cookie", &admin)]).await.json();
    assert_eq!(summary.as_array().map(Vec::len), Some(1), "{summary}");
    assert_eq!(summary[0]["version"], "0.1.0");
}

#[tokio::test]
async fn a_client_sending_too_many_reports_is_told_to_wait() {
    let f = fixture().await;
    let report = format!(r#"{{"loads":[{LOAD}]}}"#);
    for _ in 0..120 {
        assert_eq!(beacon(&f, [10, 3, 0, 1], &report).await.status, StatusCode::NO_CONTENT);
    }
    let refused = beacon(&f, [10, 3, 0, 1], &report).await;
    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(refused.json()["error"]["code"], "too_many_reports");
    assert!(refused.headers.contains_key("retry-after"));
    assert_eq!(beacon(&f, [10, 3, 0, 2], &report).await.status, StatusCode::NO_CONTENT, "another client");
}

#[tokio::test]
async fn only_admins_see_the_summary_and_the_admin_page() {
    let mut f = fixture().await;
    // Signing up with a listed address does not make an admin: only a start does.
    let squatter = signed_up(&f, ADMIN_EMAIL).await;
    let early = f.send("GET", "/api/telemetry/summary", None, &[("cookie", &squatter)]).await;
    assert_eq!(early.status, StatusCode::FORBIDDEN);
    let student = signed_up(&f, "student@example.ph").await;
    let summary = f.send("GET", "/api/telemetry/summary", None, &[("cookie", &student)]).await;
    assert_eq!(summary.status, StatusCode::FORBIDDEN);
    assert_eq!(summary.json()["error"]["code"], "admins_only");
    assert_eq!(f.get("/api/telemetry/summary").await.status, StatusCode::UNAUTHORIZED);
    let page = f.send("GET", "/admin", None, &[("cookie", &student)]).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert!(page.text.contains("Admins only") && !page.text.contains("Roll back"), "{}", page.text);
    let anonymous = f.get("/admin").await;
    assert_eq!(anonymous.status, StatusCode::SEE_OTHER, "to the sign-in page");
    let rollback = f.send("POST", "/admin/remotes/auth/rollback", None, &[("cookie", &student)]).await;
    assert_eq!(rollback.status, StatusCode::FORBIDDEN);

    assert_eq!(beacon(&f, [10, 4, 0, 1], &format!(r#"{{"loads":[{LOAD}]}}"#)).await.status, StatusCode::NO_CONTENT);
    // At the next start the listed account is an admin.
    f.router = container_server::app(&f.config).await.unwrap();
    let admin = squatter;
    let page = f.send("GET", "/admin", None, &[("cookie", &admin)]).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text.contains(r#"data-remote="auth" data-version="0.1.0""#), "{}", page.text);
    assert!(page.text.contains("<svg") && page.text.contains("739 ms"), "{}", page.text);
    assert!(page.text.contains(r#"action="/admin/remotes/auth/rollback""#), "{}", page.text);
    // Wired to the registry: nothing to roll back to, said on the page.
    let rollback = f.send("POST", "/admin/remotes/auth/rollback", None, &[("cookie", &admin)]).await;
    assert_eq!(rollback.status, StatusCode::SEE_OTHER, "{}", rollback.text);
    let to = rollback.headers["location"].to_str().unwrap().to_owned();
    assert_eq!(to, "/admin?not_rolled_back=auth&because=registry_nothing_to_roll_back_to");
    let after = f.send("GET", &to, None, &[("cookie", &admin)]).await;
    assert!(
        after.text.contains("auth was not rolled back: there is no earlier version to go back to."),
        "{}",
        after.text
    );
    // Only names and codes come from the link: no text of its own reaches the page.
    let spoof =
        f.send("GET", "/admin?rolled_back=%3Cb%3Eevil%3C%2Fb%3E&because=Send+money", None, &[("cookie", &admin)]).await;
    assert!(!spoof.text.contains("evil") && !spoof.text.contains("Send money"), "{}", spoof.text);
}

#[tokio::test]
async fn every_response_carries_a_request_id() {
    let f = fixture().await;
    let first = f.get("/login").await;
    let second = f.get("/api/topics").await;
    let (a, b) = (first.headers["x-request-id"].to_str().unwrap(), second.headers["x-request-id"].to_str().unwrap());
    assert_eq!(a.len(), 16);
    assert_ne!(a, b);
    let forged = f.send("GET", "/api/topics", None, &[("x-request-id", "from-the-client-42")]).await;
    assert_ne!(forged.headers["x-request-id"], "from-the-client-42", "a client's id is not trusted");
    let mut f = f;
    f.config.behind_proxy = true;
    f.router = container_server::app(&f.config).await.unwrap();
    let kept = f.send("GET", "/api/topics", None, &[("x-request-id", "from-the-proxy-42")]).await;
    assert_eq!(kept.headers["x-request-id"], "from-the-proxy-42", "a proxy's id is kept");
    let odd = f.send("GET", "/api/topics", None, &[("x-request-id", "a b=c")]).await;
    assert_ne!(odd.headers["x-request-id"], "a b=c", "only plain ids");
}
