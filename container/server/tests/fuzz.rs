//! Hostile input, generated: random and mutated JSON bodies, path segments,
//! queries and cookies against every API endpoint, signed in and not, and
//! random manifests against the registry's deploy. Whatever comes in, the answer is never a 5xx, and every
//! 4xx is a JSON error with a code. Seeded, so a failure replays exactly.

mod common;

use common::{fixture_with, write_remote, Fixture, ADMIN_SECRET};
use serde_json::{json, Value};

/// xorshift64*: small, seeded, good enough to explore input shapes.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    fn string(&mut self) -> String {
        let pieces = [
            "",
            "a",
            "ana@example.ph",
            "correct horse",
            "fundamentals",
            "0.1.0",
            "../../etc/passwd",
            "\u{0}",
            "🙂",
            "<script>",
            "'; DROP TABLE users; --",
            "9999999999999999999999",
            "-1",
            "null",
            "%2e%2e",
        ];
        match self.below(4) {
            0 => "x".repeat(self.below(5000)),
            1 => (0..self.below(12)).map(|_| char::from_u32(self.below(0x3000) as u32).unwrap_or('?')).collect(),
            _ => (*self.pick(&pieces)).to_owned(),
        }
    }

    fn value(&mut self, depth: u32) -> Value {
        match self.below(if depth > 3 { 6 } else { 8 }) {
            0 => Value::Null,
            1 => json!(self.below(2) == 0),
            2 => json!(self.next() as i64),
            3 => json!(*self.pick(&[0.5, -1e308, 1e308, 0.0, -0.0])),
            4 => json!(self.below(100) as i64 - 50),
            5 => Value::String(self.string()),
            6 => Value::Array((0..self.below(4)).map(|_| self.value(depth + 1)).collect()),
            _ => {
                let keys = ["name", "email", "password", "topic", "length", "choice", "version", "bases", "force", "x"];
                Value::Object(
                    (0..self.below(5)).map(|_| ((*self.pick(&keys)).to_owned(), self.value(depth + 1))).collect(),
                )
            }
        }
    }

    /// A valid body with one thing changed: a field dropped, retyped or replaced.
    fn mutate(&mut self, valid: &Value) -> Value {
        let mut body = valid.clone();
        if let Some(fields) = body.as_object_mut() {
            let keys: Vec<String> = fields.keys().cloned().collect();
            if let Some(key) = keys.get(self.below(keys.len().max(1))) {
                match self.below(3) {
                    0 => {
                        fields.remove(key);
                    }
                    _ => {
                        let replacement = self.value(1);
                        fields.insert(key.clone(), replacement);
                    }
                }
            }
        }
        body
    }

    /// A body as text: a random value, a mutated valid body, or bytes that are not JSON.
    fn body(&mut self, valid: &Value) -> String {
        match self.below(5) {
            0 => self.value(0).to_string(),
            1 => {
                let text = self.mutate(valid).to_string();
                let mut end = self.below(text.len() + 1);
                while !text.is_char_boundary(end) {
                    end -= 1;
                }
                text[..end].to_owned() // truncated, often mid-token
            }
            2 => (0..self.below(64)).map(|_| self.below(256) as u8 as char).collect(),
            _ => self.mutate(valid).to_string(),
        }
    }

    fn segment(&mut self) -> String {
        let segments = ["1", "0", "-1", "18446744073709551616", "abc", "%00", "..", "%2F", "1.5", "auth", "Auth", ""];
        (*self.pick(&segments)).to_owned()
    }
}

/// Sends and checks the answer: no 5xx; a 4xx is `{"error": {"code", "message"}}`.
async fn probe(f: &Fixture, method: &str, uri: &str, body: Option<&str>, headers: &[(&str, &str)]) {
    let reply = f.send(method, uri, body, headers).await;
    assert!(!reply.status.is_server_error(), "{method} {uri} {body:?} -> {} {}", reply.status, reply.text);
    if reply.status.is_client_error() {
        let json = reply.json();
        assert!(json["error"]["code"].is_string() && json["error"]["message"].is_string(), "{method} {uri}: {json}");
    }
}

#[tokio::test]
async fn random_request_bodies_and_paths_never_get_a_server_error() {
    let f = fixture_with(|remotes| write_remote(remotes, "auth", "0.1.0")).await;
    let registered = f
        .send(
            "POST",
            "/api/auth/register",
            Some(r#"{"name":"Ana","email":"ana@example.ph","password":"correct horse"}"#),
            &[],
        )
        .await;
    let cookie = registered.cookie();
    let started =
        f.send("POST", "/api/attempts", Some(r#"{"topic":"pharmacology","length":5}"#), &[("cookie", &cookie)]).await;
    let attempt = started.json()["id"].as_u64().expect("an attempt id").to_string();
    let admin = format!("Bearer {ADMIN_SECRET}");

    let valid = [
        ("POST", "/api/auth/register", json!({"name": "Ben", "email": "ben@example.ph", "password": "correct horse"})),
        ("POST", "/api/auth/login", json!({"email": "ana@example.ph", "password": "wrong password"})),
        ("POST", "/api/attempts", json!({"topic": "pharmacology", "length": 5})),
        ("PUT", "/api/attempts/{attempt}/answers/{segment}", json!({"choice": 1})),
        ("POST", "/api/attempts/{segment}/finish", json!({})),
        ("POST", "/api/admin/remotes/{segment}/deploy", json!({"version": "0.1.0", "bases": ["/remotes/auth/0.1.0/"]})),
        ("POST", "/api/admin/remotes/auth/rollback", json!({"version": "0.1.0"})),
    ];
    let mut random = Random(0x5eed_f00d);
    for round in 0..300 {
        for (method, template, body) in &valid {
            let uri = template.replace("{attempt}", &attempt).replace("{segment}", &random.segment());
            let text = random.body(body);
            let auth: Vec<(&str, &str)> = match round % 3 {
                0 => vec![],
                1 => vec![("cookie", cookie.as_str())],
                _ => vec![("cookie", cookie.as_str()), ("authorization", admin.as_str())],
            };
            probe(&f, method, &uri, Some(&text), &auth).await;
        }
        let uri = format!("/api/attempts/{}", random.segment());
        probe(&f, "GET", &uri, None, &[("cookie", &cookie)]).await;
        // The rest: reads with junk queries, and sign-outs with junk bodies and a
        // forged cookie (Ana's real one would end the session the check below reads).
        for path in ["/api/me", "/api/topics", "/api/remotes", "/api/attempts", "/api/admin/remotes"] {
            let uri = format!("{path}?{}={}", random.segment(), random.segment());
            probe(&f, "GET", &uri, None, &[("cookie", &cookie), ("authorization", admin.as_str())]).await;
        }
        for path in ["/api/auth/logout", "/api/auth/logout-everywhere"] {
            // What a header can carry: visible ASCII.
            let junk: String = random.string().chars().filter(char::is_ascii_graphic).take(300).collect();
            let forged = format!("mf_session={junk}");
            let text = random.body(&json!({}));
            probe(&f, "POST", path, Some(&text), &[("cookie", forged.as_str())]).await;
        }
    }
    // What was saved before the storm is still there (the storm's wrong passwords have, rightly, rate-limited
    // Ana's sign-in; her session is untouched).
    let me = f.send("GET", "/api/me", None, &[("cookie", &cookie)]).await;
    assert_eq!(me.json()["email"], "ana@example.ph");
    let resumed = f.send("GET", &format!("/api/attempts/{attempt}"), None, &[("cookie", &cookie)]).await;
    assert_eq!(resumed.json()["id"].as_u64().map(|id| id.to_string()), Some(attempt));
}

#[tokio::test]
async fn random_manifests_are_refused_at_deploy_and_the_live_version_stays() {
    let f = fixture_with(|remotes| write_remote(remotes, "auth", "0.1.0")).await;
    let admin = format!("Bearer {ADMIN_SECRET}");
    let live_before = f.get("/api/remotes").await.json()["auth"]["version"].clone();
    assert_eq!(live_before, "0.1.0");
    let mut random = Random(0xdead_beef);
    let mut refused = 0;
    for n in 0..150 {
        // A new version, built right, whose manifest then has one field (or one of its assets') changed.
        let version = format!("0.2.{n}");
        write_remote(&f.config.remotes_dir, "auth", &version);
        let path = f.config.remotes_dir.join("auth").join(&version).join("manifest.json");
        let valid: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let mut manifest = random.mutate(&valid);
        if random.below(2) == 0 {
            manifest["assets"] = random.mutate(&valid["assets"]);
        }
        std::fs::write(&path, manifest.to_string()).unwrap();
        let body = format!(r#"{{"version":"{version}"}}"#);
        let reply = f.send("POST", "/api/admin/remotes/auth/deploy", Some(&body), &[("authorization", &admin)]).await;
        assert!(!reply.status.is_server_error(), "{manifest} -> {} {}", reply.status, reply.text);
        if reply.status.is_success() {
            // A change the health check does not read (build facts, sizes) may go live: go back.
            let back = r#"{"version":"0.1.0"}"#;
            let rollback =
                f.send("POST", "/api/admin/remotes/auth/rollback", Some(back), &[("authorization", &admin)]).await;
            assert!(rollback.status.is_success());
        } else {
            refused += 1;
            assert!(reply.json()["error"]["code"].is_string(), "{}", reply.text);
            let live = f.get("/api/remotes").await.json()["auth"]["version"].clone();
            assert_eq!(live, live_before, "a refused deploy changes nothing");
        }
    }
    assert!(refused > 75, "most mutations break the manifest: {refused} of 150 refused");
}
