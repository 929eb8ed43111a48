//! Data prefetch: a module's declared API reads (`#[prefetch]` in `expose!`, in
//! its manifest) are preloaded by the pages that mount it, matched against the
//! page's path; unusable declarations are refused at deploy.

mod common;

use std::path::Path;

use common::{fixture_with, write_remote, Fixture, ADMIN_SECRET};
use federation::{ExposedModule, Manifest, Prefetch};
use http::StatusCode;

/// Makes `name@version` expose `ExamApp` with `entries` (page, url) as its prefetches.
fn declare(remotes: &Path, name: &str, version: &str, entries: &[(&str, &str)]) {
    let path = remotes.join(name).join(version).join("manifest.json");
    let mut manifest = Manifest::from_json(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let module = ExposedModule::new("ExamApp").unwrap();
    manifest.exposes = vec![module.clone()];
    let entries = entries.iter().map(|(page, url)| Prefetch { page: (*page).into(), url: (*url).into() });
    manifest.prefetch.insert(module, entries.collect());
    // Written as JSON by hand: `to_json` is the checked path, this one must not be.
    let json = serde_json::to_string(&manifest).unwrap();
    std::fs::write(&path, json).unwrap();
}

const NURSING: &[(&str, &str)] =
    &[("/exam", "/api/topics"), ("/exam", "/api/attempts"), ("/exam/attempt/{id}/question/{n}", "/api/attempts/{id}")];

async fn signed_in(f: &Fixture) -> String {
    let ana = r#"{"name":"Ana Santos","email":"ana@example.ph","password":"correct horse"}"#;
    let reply = f.send("POST", "/api/auth/register", Some(ana), &[]).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
    reply.cookie()
}

/// The data URLs a page preloads.
fn data_preloads(page: &str) -> Vec<String> {
    page.split(r#"<link rel="preload" as="fetch" crossorigin="anonymous" href=""#)
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .filter(|href| href.starts_with("/api/"))
        .map(str::to_owned)
        .collect()
}

#[tokio::test]
async fn pages_preload_the_reads_their_modules_declare() {
    let f = fixture_with(|remotes| {
        write_remote(remotes, "nursing", "0.1.0");
        declare(remotes, "nursing", "0.1.0", NURSING);
    })
    .await;
    let cookie = signed_in(&f).await;
    let get = |uri: &'static str| {
        let cookie = cookie.clone();
        let f = &f;
        async move { f.send("GET", uri, None, &[("cookie", &cookie)]).await }
    };
    let chooser = get("/exam").await;
    assert_eq!(chooser.status, StatusCode::OK);
    assert_eq!(data_preloads(&chooser.text), ["/api/topics", "/api/attempts"], "the chooser's two reads");
    // Inside the module's mount point, with its code's preloads (so a page
    // swapped in by the runtime drops them like the others).
    let slot = chooser.text.split(r#"data-mf-remote="nursing""#).nth(1).unwrap();
    // Listed on the mount point, for the runtime to use up if the module never mounts.
    assert!(chooser.text.contains(r#"data-mf-reads="/api/topics /api/attempts""#), "{}", chooser.text);
    // Marked as data preloads, apart from the code's, in the page.
    let first_link = slot.split("</div>").next().unwrap();
    assert!(first_link.contains(r##"href="/api/topics" data-mf-data="""##), "{slot}");

    // The same page with a trailing slash (the router serves it) preloads the same.
    let slashed = get("/exam/").await;
    assert_eq!(slashed.status, StatusCode::OK);
    assert_eq!(data_preloads(&slashed.text), ["/api/topics", "/api/attempts"], "/exam/ is /exam");

    let question = get("/exam/attempt/12/question/3").await;
    assert_eq!(data_preloads(&question.text), ["/api/attempts/12"], "the page's own attempt, nothing else");
    // A segment that is not plain is never copied into a URL.
    let odd = get("/exam/attempt/1%22%3E/question/3").await;
    assert_eq!(odd.status, StatusCode::OK, "the page itself is served");
    assert!(data_preloads(&odd.text).is_empty(), "{:?}", data_preloads(&odd.text));
    // A page that does not mount the module preloads none of it.
    assert!(data_preloads(&get("/").await.text).is_empty());
}

#[tokio::test]
async fn a_version_whose_prefetches_leave_the_origin_is_refused_at_deploy() {
    let f = fixture_with(|remotes| write_remote(remotes, "nursing", "0.1.0")).await;
    let remotes = f.config.remotes_dir.clone();
    write_remote(&remotes, "nursing", "0.2.0");
    declare(&remotes, "nursing", "0.2.0", &[("*", "https://tracker.example/pixel")]);
    let bearer = format!("Bearer {ADMIN_SECRET}");
    let reply = f
        .send(
            "POST",
            "/api/admin/remotes/nursing/deploy",
            Some(r#"{"version":"0.2.0"}"#),
            &[("authorization", &bearer)],
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.text);
    assert!(reply.text.contains("FED-106") && reply.text.contains("same-origin"), "{}", reply.text);
    assert_eq!(f.get("/api/remotes").await.json()["nursing"]["version"], "0.1.0");
}
