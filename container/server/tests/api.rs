//! The JSON API: every endpoint's success and failure cases, over a real SQLite
//! file created and migrated by the server.

mod common;

use common::{fixture, Fixture};
use http::StatusCode;

const ANA: &str = r#"{"name":"Ana Santos","email":"Ana@Example.ph","password":"correct horse"}"#;

async fn register(f: &Fixture) -> String {
    let reply = f.send("POST", "/api/auth/register", Some(ANA), &[]).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
    reply.cookie()
}

async fn authed(f: &Fixture, method: &str, uri: &str, body: Option<&str>, cookie: &str) -> common::Reply {
    f.send(method, uri, body, &[("cookie", cookie)]).await
}

#[tokio::test]
async fn register_signs_in_with_a_strict_http_only_cookie() {
    let f = fixture().await;
    let reply = f.send("POST", "/api/auth/register", Some(ANA), &[]).await;
    assert_eq!(reply.status, StatusCode::CREATED);
    let user = reply.json();
    assert_eq!(user["name"], "Ana Santos");
    assert_eq!(user["email"], "ana@example.ph");
    assert_eq!(user["role"], "student");
    let set_cookie = reply.headers["set-cookie"].to_str().unwrap();
    assert!(set_cookie.starts_with("mf_session="), "{set_cookie}");
    assert!(set_cookie.contains("HttpOnly") && set_cookie.contains("SameSite=Strict"), "{set_cookie}");
    assert!(!set_cookie.contains("Secure"), "not over plain http");

    let me = authed(&f, "GET", "/api/me", None, &reply.cookie()).await;
    assert_eq!(me.status, StatusCode::OK);
    assert_eq!(me.json()["email"], "ana@example.ph");
}

#[tokio::test]
async fn register_refuses_bad_fields_with_a_message_each() {
    let f = fixture().await;
    let reply =
        f.send("POST", "/api/auth/register", Some(r#"{"name":" ","email":"ana@","password":"short"}"#), &[]).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    let error = &reply.json()["error"];
    assert_eq!(error["code"], "invalid");
    assert_eq!(error["fields"]["name"], "Enter your name.");
    assert_eq!(error["fields"]["email"], "Enter an email address like name@example.com.");
    assert_eq!(error["fields"]["password"], "Your password has at least 8 characters.");
}

#[tokio::test]
async fn a_taken_email_is_a_conflict_and_keeps_the_first_account() {
    let f = fixture().await;
    register(&f).await;
    let again = r#"{"name":"Other","email":"ana@example.ph","password":"another password"}"#;
    let reply = f.send("POST", "/api/auth/register", Some(again), &[]).await;
    assert_eq!(reply.status, StatusCode::CONFLICT);
    assert_eq!(reply.json()["error"]["code"], "email_taken");
    let login =
        f.send("POST", "/api/auth/login", Some(r#"{"email":"ana@example.ph","password":"correct horse"}"#), &[]).await;
    assert_eq!(login.status, StatusCode::OK, "the first account's password still works");
    assert_eq!(login.json()["name"], "Ana Santos");
}

#[tokio::test]
async fn login_with_a_wrong_password_or_unknown_email_is_401() {
    let f = fixture().await;
    register(&f).await;
    for body in [
        r#"{"email":"ana@example.ph","password":"wrong password"}"#,
        r#"{"email":"nobody@example.ph","password":"correct horse"}"#,
    ] {
        let reply = f.send("POST", "/api/auth/login", Some(body), &[]).await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "{body}");
        assert_eq!(reply.json()["error"]["code"], "wrong_credentials");
        assert!(reply.headers.get("set-cookie").is_none());
    }
}

#[tokio::test]
async fn bad_bodies_are_json_400s_not_500s() {
    let f = fixture().await;
    for body in ["not json", r#"{"email": 5}"#, "{}"] {
        let reply = f.send("POST", "/api/auth/login", Some(body), &[]).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{body}: {}", reply.text);
        assert_eq!(reply.json()["error"]["code"], "bad_body");
    }
    let reply = f.get("/api/no-such-thing").await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert_eq!(reply.json()["error"]["code"], "not_found");
}

#[tokio::test]
async fn logout_ends_the_session_on_the_server() {
    let f = fixture().await;
    let cookie = register(&f).await;
    let reply = authed(&f, "POST", "/api/auth/logout", None, &cookie).await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT);
    assert!(reply.headers["set-cookie"].to_str().unwrap().contains("Max-Age=0"));
    // The old cookie no longer works, even if a client kept it.
    assert_eq!(authed(&f, "GET", "/api/me", None, &cookie).await.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn me_without_or_with_a_forged_session_is_401() {
    let f = fixture().await;
    assert_eq!(f.get("/api/me").await.status, StatusCode::UNAUTHORIZED);
    let forged = authed(&f, "GET", "/api/me", None, "mf_session=00ff").await;
    assert_eq!(forged.status, StatusCode::UNAUTHORIZED);
    assert_eq!(forged.json()["error"]["code"], "unauthenticated");
}

#[tokio::test]
async fn sessions_live_in_the_database_so_another_instance_accepts_them() {
    let f = fixture().await;
    let cookie = register(&f).await;
    // A second server over the same database: as behind a load balancer.
    let other = container_server::app(&f.config).await.unwrap();
    let request = http::Request::get("/api/me").header("cookie", &cookie).body(axum::body::Body::empty()).unwrap();
    let response = tower::ServiceExt::oneshot(other, request).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
}

#[tokio::test]
async fn the_question_bank_is_seeded_with_four_topics() {
    let f = fixture().await;
    let topics = f.get("/api/topics").await.json();
    let topics = topics.as_array().unwrap();
    assert_eq!(topics.len(), 4, "{topics:?}");
    let total: u64 = topics.iter().map(|t| t["questions"].as_u64().unwrap()).sum();
    assert!(total >= 40, "{total} questions");
}

#[tokio::test]
async fn an_attempt_from_start_to_score_with_answers_saved_as_given() {
    let f = fixture().await;
    let cookie = register(&f).await;
    let started = authed(&f, "POST", "/api/attempts", Some(r#"{"topic":"pharmacology","length":5}"#), &cookie).await;
    assert_eq!(started.status, StatusCode::CREATED, "{}", started.text);
    let attempt = started.json();
    let id = attempt["id"].as_u64().unwrap();
    let questions = attempt["questions"].as_array().unwrap().clone();
    assert_eq!(questions.len(), 5);
    assert!(
        questions.iter().all(|q| q.get("answer").is_none() && q.get("rationale").is_none()),
        "no answers before the end"
    );

    // Answer the first question, then change the answer: the last one counts.
    let first = questions[0]["id"].as_u64().unwrap();
    let uri = format!("/api/attempts/{id}/answers/{first}");
    assert_eq!(authed(&f, "PUT", &uri, Some(r#"{"choice":0}"#), &cookie).await.status, StatusCode::NO_CONTENT);
    assert_eq!(authed(&f, "PUT", &uri, Some(r#"{"choice":2}"#), &cookie).await.status, StatusCode::NO_CONTENT);
    let resumed = authed(&f, "GET", &format!("/api/attempts/{id}"), None, &cookie).await.json();
    assert_eq!(resumed["answered"], 1);
    assert_eq!(resumed["questions"][0]["chosen"], 2);

    let finished = authed(&f, "POST", &format!("/api/attempts/{id}/finish"), None, &cookie).await;
    assert_eq!(finished.status, StatusCode::OK);
    let result = finished.json();
    let expected = u64::from(result["questions"][0]["answer"].as_u64().unwrap() == 2);
    assert_eq!(result["score"].as_u64().unwrap(), expected);
    assert!(result["questions"].as_array().unwrap().iter().all(|q| q["rationale"].is_string()));

    let late = authed(&f, "PUT", &uri, Some(r#"{"choice":1}"#), &cookie).await;
    assert_eq!(late.status, StatusCode::CONFLICT, "a finished attempt takes no answers");
    let history = authed(&f, "GET", "/api/attempts", None, &cookie).await.json();
    assert_eq!(history[0]["id"].as_u64(), Some(id));
    assert_eq!(history[0]["total"], 5);
    assert_eq!(history[0]["score"].as_u64(), Some(expected));
}

#[tokio::test]
async fn attempt_input_is_checked() {
    let f = fixture().await;
    let cookie = register(&f).await;
    let too_long = authed(&f, "POST", "/api/attempts", Some(r#"{"topic":"fundamentals","length":500}"#), &cookie).await;
    assert_eq!(too_long.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(too_long.json()["error"]["fields"]["length"].is_string());
    let bad_topic = authed(&f, "POST", "/api/attempts", Some(r#"{"topic":"astrology","length":5}"#), &cookie).await;
    assert_eq!(bad_topic.status, StatusCode::BAD_REQUEST);
    let unauthenticated = f.send("POST", "/api/attempts", Some(r#"{"topic":"fundamentals","length":5}"#), &[]).await;
    assert_eq!(unauthenticated.status, StatusCode::UNAUTHORIZED);

    let attempt =
        authed(&f, "POST", "/api/attempts", Some(r#"{"topic":"fundamentals","length":3}"#), &cookie).await.json();
    let id = attempt["id"].as_u64().unwrap();
    let question = attempt["questions"][0]["id"].as_u64().unwrap();
    let bad_choice =
        authed(&f, "PUT", &format!("/api/attempts/{id}/answers/{question}"), Some(r#"{"choice":7}"#), &cookie).await;
    assert_eq!(bad_choice.status, StatusCode::UNPROCESSABLE_ENTITY);
    let not_in_attempt =
        authed(&f, "PUT", &format!("/api/attempts/{id}/answers/999999"), Some(r#"{"choice":1}"#), &cookie).await;
    assert_eq!(not_in_attempt.status, StatusCode::NOT_FOUND);

    // Another student cannot see or answer it.
    let other = f
        .send(
            "POST",
            "/api/auth/register",
            Some(r#"{"name":"Ben","email":"ben@example.ph","password":"password 2"}"#),
            &[],
        )
        .await
        .cookie();
    assert_eq!(authed(&f, "GET", &format!("/api/attempts/{id}"), None, &other).await.status, StatusCode::NOT_FOUND);
    let bad_id = authed(&f, "GET", "/api/attempts/abc", None, &cookie).await;
    assert_eq!(bad_id.status, StatusCode::BAD_REQUEST);
    assert_eq!(bad_id.json()["error"]["code"], "bad_path");
}

/// An answer sent with an `Idempotency-Key` (as the exam does, so answers kept
/// offline can be sent again safely) is saved once.
#[tokio::test]
async fn an_answer_with_an_idempotency_key_is_saved_once() {
    let f = fixture().await;
    let cookie = register(&f).await;
    let attempt =
        authed(&f, "POST", "/api/attempts", Some(r#"{"topic":"fundamentals","length":3}"#), &cookie).await.json();
    let id = attempt["id"].as_u64().unwrap();
    let [first, second] = [0, 1].map(|i| attempt["questions"][i]["id"].as_u64().unwrap());
    let put = |question: u64, choice: u32, key: &'static str| {
        let (f, cookie) = (&f, cookie.clone());
        async move {
            let uri = format!("/api/attempts/{id}/answers/{question}");
            let body = format!(r#"{{"choice":{choice}}}"#);
            f.send("PUT", &uri, Some(&body), &[("cookie", &cookie), ("idempotency-key", key)]).await
        }
    };
    let replayed =
        |reply: &common::Reply| reply.headers.get("idempotent-replayed").map(|v| v.to_str().unwrap().to_owned());
    async fn chosen(f: &Fixture, id: u64, cookie: String) -> [Option<u64>; 2] {
        let attempt = authed(f, "GET", &format!("/api/attempts/{id}"), None, &cookie).await.json();
        [0, 1].map(|i| attempt["questions"][i]["chosen"].as_u64())
    }

    let a = put(first, 0, "key-a-00000001").await;
    assert_eq!((a.status, replayed(&a)), (StatusCode::NO_CONTENT, None));
    let b = put(first, 2, "key-b-00000002").await;
    assert_eq!((b.status, replayed(&b)), (StatusCode::NO_CONTENT, None));
    // The first answer again (its answer was lost on the way back): recognised,
    // and the newer answer stays.
    let again = put(first, 0, "key-a-00000001").await;
    assert_eq!((again.status, replayed(&again).as_deref()), (StatusCode::NO_CONTENT, Some("true")));
    assert_eq!(chosen(&f, id, cookie.clone()).await, [Some(2), None]);

    // Sent twice at once: one saves, the other is the replay.
    let (one, two) = tokio::join!(put(second, 3, "key-c-00000003"), put(second, 3, "key-c-00000003"));
    assert_eq!((one.status, two.status), (StatusCode::NO_CONTENT, StatusCode::NO_CONTENT));
    let replays = [&one, &two].iter().filter(|r| replayed(r).is_some()).count();
    assert_eq!(replays, 1, "exactly one of the two is the replay");

    // A key used for another answer, and malformed keys: refused, nothing saved.
    let reused = put(second, 1, "key-b-00000002").await;
    assert_eq!(reused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(reused.json()["error"]["code"], "idempotency_key_reused");
    for bad in ["short", "has space 123", &"x".repeat(65)] {
        let uri = format!("/api/attempts/{id}/answers/{second}");
        let reply =
            f.send("PUT", &uri, Some(r#"{"choice":0}"#), &[("cookie", &cookie), ("idempotency-key", bad)]).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{bad}");
        assert_eq!(reply.json()["error"]["code"], "bad_idempotency_key");
        assert!(reply.json()["error"]["message"].as_str().unwrap().contains("8 to 64"));
    }
    assert_eq!(chosen(&f, id, cookie.clone()).await, [Some(2), Some(3)]);

    // After the end: a retry of an answer saved before is still fine; a new one is not.
    let finished = authed(&f, "POST", &format!("/api/attempts/{id}/finish"), None, &cookie).await;
    assert_eq!(finished.status, StatusCode::OK);
    let late_retry = put(first, 2, "key-b-00000002").await;
    assert_eq!((late_retry.status, replayed(&late_retry).as_deref()), (StatusCode::NO_CONTENT, Some("true")));
    assert_eq!(put(first, 1, "key-d-00000004").await.status, StatusCode::CONFLICT);
    let result = authed(&f, "GET", &format!("/api/attempts/{id}"), None, &cookie).await.json();
    assert_eq!(result["answered"], 2);
}
