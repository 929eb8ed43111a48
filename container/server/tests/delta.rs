//! Delta downloads (Compression Dictionary Transport): a new version of a remote's
//! bundle is sent as zstd against the version the browser names, through the
//! router with real files on disk.

mod common;

use std::path::Path;

use base64::Engine;
use common::{fixture_with, write_remote, Fixture, Reply};
use federation::Manifest;
use http::{header, StatusCode};
use sha2::{Digest, Sha256};

/// What a browser that reads `dcz` sends.
const ACCEPTS_DCZ: &str = "gzip, deflate, br, zstd, dcb, dcz";

/// Bytes that do not compress on their own (a xorshift stream), so only a
/// dictionary can make them small.
fn noise(len: usize, seed: u64) -> Vec<u8> {
    let mut state = seed;
    (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state as u8
        })
        .collect()
}

/// auth's wasm in 0.1.0 and, changed in the middle and grown, in 0.2.0; with
/// real brotli siblings. Returns the two wasm files' bytes.
fn two_versions(remotes: &Path) -> (Vec<u8>, Vec<u8>) {
    write_remote(remotes, "auth", "0.1.0");
    write_remote(remotes, "auth", "0.2.0");
    let old = noise(64 * 1024, 7);
    let mut new = old.clone();
    new[30_000..30_100].copy_from_slice(&noise(100, 99));
    new.extend_from_slice(&noise(500, 5));
    for (version, bytes) in [("0.1.0", &old), ("0.2.0", &new)] {
        let dir = remotes.join("auth").join(version);
        let file = wasm_file(&dir);
        std::fs::write(dir.join(&file), bytes).unwrap();
        let mut brotli = Vec::new();
        brotli::BrotliCompress(&mut &bytes[..], &mut brotli, &Default::default()).unwrap();
        std::fs::write(dir.join(format!("{file}.br")), brotli).unwrap();
    }
    (old, new)
}

fn manifest(dir: &Path) -> Manifest {
    Manifest::from_json(&std::fs::read_to_string(dir.join("manifest.json")).unwrap()).unwrap()
}

fn wasm_file(dir: &Path) -> String {
    manifest(dir).assets.wasm.file
}

/// The `Available-Dictionary` value naming `bytes`.
fn naming(bytes: &[u8]) -> String {
    format!(":{}:", base64::engine::general_purpose::STANDARD.encode(Sha256::digest(bytes)))
}

async fn get(f: &Fixture, version: &str, headers: &[(&str, &str)]) -> Reply {
    let file = wasm_file(&f.config.remotes_dir.join("auth").join(version));
    f.send("GET", &format!("/remotes/auth/{version}/{file}"), None, headers).await
}

#[tokio::test]
async fn a_new_version_comes_as_a_delta_against_the_version_the_browser_has() {
    let mut versions = None;
    let f = fixture_with(|remotes| versions = Some(two_versions(remotes))).await;
    let (old, new) = versions.unwrap();

    let reply = get(&f, "0.2.0", &[("accept-encoding", ACCEPTS_DCZ), ("available-dictionary", &naming(&old))]).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.headers[header::CONTENT_ENCODING], "dcz");
    assert_eq!(reply.headers[header::CONTENT_TYPE], "application/wasm");
    assert_eq!(reply.headers[header::CACHE_CONTROL], "public, max-age=31536000, immutable");
    assert_eq!(reply.headers[header::VARY], "accept-encoding, available-dictionary");
    assert_eq!(reply.headers["use-as-dictionary"], "match=\"/remotes/auth/*.wasm\"");

    // RFC 9842: a skippable frame with the dictionary's sha-256, then zstd.
    let body = &reply.bytes;
    assert_eq!(&body[..8], &[0x5e, 0x2a, 0x4d, 0x18, 0x20, 0, 0, 0]);
    assert_eq!(&body[8..40], Sha256::digest(&old).as_slice());
    let decoded = zstd::bulk::Decompressor::with_dictionary(&old).unwrap().decompress(&body[40..], 1 << 20).unwrap();
    assert_eq!(decoded, new, "the delta decodes to the new version");
    assert!(body.len() < new.len() / 20, "{} bytes for a {} byte file", body.len(), new.len());

    // Asked again: the same delta, kept (the old file is gone, so it was not made again).
    let old_dir = f.config.remotes_dir.join("auth/0.1.0");
    std::fs::remove_file(old_dir.join(wasm_file(&old_dir))).unwrap();
    let again = get(&f, "0.2.0", &[("accept-encoding", ACCEPTS_DCZ), ("available-dictionary", &naming(&old))]).await;
    assert_eq!(again.headers[header::CONTENT_ENCODING], "dcz");
    assert_eq!(again.bytes, reply.bytes);

    // A browser that kept this very file (its cache emptied, its dictionaries not)
    // gets a few bytes.
    let same = get(&f, "0.2.0", &[("accept-encoding", ACCEPTS_DCZ), ("available-dictionary", &naming(&new))]).await;
    assert_eq!(same.headers[header::CONTENT_ENCODING], "dcz");
    assert!(same.bytes.len() < 100, "{} bytes", same.bytes.len());
}

#[tokio::test]
async fn concurrent_requests_for_a_new_delta_all_get_it() {
    let mut versions = None;
    let f = fixture_with(|remotes| versions = Some(two_versions(remotes))).await;
    let (old, new) = versions.unwrap();
    let dictionary = naming(&old);
    let headers = [("accept-encoding", ACCEPTS_DCZ), ("available-dictionary", dictionary.as_str())];
    let one = || get(&f, "0.2.0", &headers);
    let (a, b, c, d) = tokio::join!(one(), one(), one(), one());
    for reply in [a, b, c, d] {
        assert_eq!(reply.headers[header::CONTENT_ENCODING], "dcz");
        let decoded =
            zstd::bulk::Decompressor::with_dictionary(&old).unwrap().decompress(&reply.bytes[40..], 1 << 20).unwrap();
        assert_eq!(decoded, new);
    }
}

#[tokio::test]
async fn without_dcz_or_a_known_dictionary_the_file_is_sent_as_before() {
    let mut versions = None;
    let f = fixture_with(|remotes| versions = Some(two_versions(remotes))).await;
    let (old, _) = versions.unwrap();
    let new_dir = f.config.remotes_dir.join("auth/0.2.0");
    let brotli = std::fs::read(new_dir.join(format!("{}.br", wasm_file(&new_dir)))).unwrap();

    for (accept, dictionary) in [
        // Names a file this server does not have.
        (ACCEPTS_DCZ, naming(b"some other file")),
        // Has the dictionary but does not read dcz.
        ("gzip, br", naming(&old)),
        // Not a structured-field byte sequence.
        (ACCEPTS_DCZ, "a4f0".to_owned()),
    ] {
        let reply = get(&f, "0.2.0", &[("accept-encoding", accept), ("available-dictionary", &dictionary)]).await;
        assert_eq!(reply.status, StatusCode::OK);
        assert_eq!(reply.headers[header::CONTENT_ENCODING], "br", "{accept} / {dictionary}");
        assert_eq!(reply.bytes, brotli);
    }
    // A delta no smaller than the brotli file is not sent: the fixture's JS glue
    // is a few bytes, with a 12-byte brotli sibling.
    let js_file = |version: &str| manifest(&f.config.remotes_dir.join("auth").join(version)).assets.js.file;
    let old_js = std::fs::read(f.config.remotes_dir.join("auth/0.1.0").join(js_file("0.1.0"))).unwrap();
    let new_js_uri = format!("/remotes/auth/0.2.0/{}", js_file("0.2.0"));
    let reply = f
        .send("GET", &new_js_uri, None, &[("accept-encoding", ACCEPTS_DCZ), ("available-dictionary", &naming(&old_js))])
        .await;
    assert_eq!(reply.headers[header::CONTENT_ENCODING], "br");
    assert_eq!(reply.headers[header::VARY], "accept-encoding, available-dictionary");
    assert_eq!(reply.headers["use-as-dictionary"], "match=\"/remotes/auth/*.js\"");

    // Every bundle file is offered as the dictionary for its remote's next ones;
    // manifests are not.
    let first = get(&f, "0.1.0", &[("accept-encoding", "br")]).await;
    assert_eq!(first.headers["use-as-dictionary"], "match=\"/remotes/auth/*.wasm\"");
    let manifest = f.get("/remotes/auth/0.1.0/manifest.json").await;
    assert!(manifest.headers.get("use-as-dictionary").is_none());
}

#[tokio::test]
async fn with_delta_downloads_off_files_are_sent_whole_and_not_offered_as_dictionaries() {
    let mut versions = None;
    let mut f = fixture_with(|remotes| versions = Some(two_versions(remotes))).await;
    let (old, _) = versions.unwrap();
    f.config.delta_downloads = false;
    f.router = container_server::app(&f.config).await.unwrap();
    let reply = get(&f, "0.2.0", &[("accept-encoding", ACCEPTS_DCZ), ("available-dictionary", &naming(&old))]).await;
    assert_eq!(reply.headers[header::CONTENT_ENCODING], "br");
    assert!(reply.headers.get("use-as-dictionary").is_none());
}
