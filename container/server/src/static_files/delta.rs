//! Delta downloads of remote bundles: Compression Dictionary Transport (RFC 9842).
//!
//! Each remote's wasm and JS glue is sent with `Use-As-Dictionary:
//! match="/remotes/<name>/*.<ext>"`, so the browser keeps it as a dictionary for
//! the later files of the same remote and kind. When a team deploys a new version
//! and a student's browser fetches it, the browser names the file it kept
//! (`Available-Dictionary`: its sha-256) and says it reads `dcz`. If any version
//! of that remote in the remotes folder is that file, the new file is sent as
//! zstd compressed against it: mostly what changed, not the whole bundle again.
//! A hash this server does not have, or a delta no smaller than the brotli file,
//! falls through to the precompressed files as before. Deltas are made once per
//! pair of files, off the async workers, and kept in memory.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use base64::Engine;
use http::header::{ACCEPT_ENCODING, CONTENT_ENCODING, CONTENT_TYPE, VARY};
use http::{HeaderMap, HeaderName, HeaderValue, Method};
use sha2::{Digest, Sha256};

/// Where the remotes folder is served (`lib.rs` nests it here).
pub(crate) const MOUNT: &str = "/remotes";

const USE_AS_DICTIONARY: HeaderName = HeaderName::from_static("use-as-dictionary");
const AVAILABLE_DICTIONARY: HeaderName = HeaderName::from_static("available-dictionary");
/// Responses differ by both: a shared cache must not give a delta to a browser
/// without its dictionary.
const VARY_VALUE: &str = "accept-encoding, available-dictionary";
/// The `dcz` stream starts with a skippable zstd frame holding the dictionary's
/// sha-256 (RFC 9842, section 4).
const DCZ_MAGIC: [u8; 8] = [0x5e, 0x2a, 0x4d, 0x18, 0x20, 0x00, 0x00, 0x00];
/// zstd's level for deltas: made once per pair, so the smallest output is worth
/// its time (about 0.1 s for a remote's wasm here).
const LEVEL: i32 = 19;
/// Files above this are sent whole (a delta would cost the server too much).
const MAX_BYTES: u64 = 16 * 1024 * 1024;
/// Deltas and refusals kept in memory; the oldest half goes when full (hashes
/// come from browsers, so the map must stay bounded).
const MAX_KEPT: usize = 256;

/// A SHA-256 digest: how a dictionary is named.
type Digest256 = [u8; 32];

/// Per file and dictionary: the `dcz` body, or `None` when there is none to send.
type Made = HashMap<(PathBuf, Digest256), Option<Bytes>>;

/// The deltas made so far, and the digests of the files they may start from.
#[derive(Default)]
pub(crate) struct Deltas {
    dir: PathBuf,
    digests: Mutex<HashMap<PathBuf, Digest256>>,
    made: Mutex<Made>,
}

impl Deltas {
    /// Deltas between the files of `dir` (the remotes folder).
    pub(crate) fn new(dir: &Path) -> Arc<Self> {
        Arc::new(Self { dir: dir.to_owned(), ..Self::default() })
    }

    /// `file` as a `dcz` body against the file whose sha-256 is `dictionary`, if
    /// this remote has that file and the delta is smaller than the brotli file.
    async fn delta(self: &Arc<Self>, file: &RemoteFile, dictionary: Digest256) -> Option<Bytes> {
        let key = (file.path(&self.dir), dictionary);
        if let Some(made) = self.made.lock().expect("deltas lock").get(&key) {
            return made.clone();
        }
        let this = self.clone();
        let remote_dir = self.dir.join(&file.name);
        let extension = file.extension().to_owned();
        let target = key.0.clone();
        let made = tokio::task::spawn_blocking(move || {
            let source = this.find(&remote_dir, &extension, &target, &dictionary)?;
            make_delta(&target, &source, &dictionary)
        })
        .await
        .ok()
        .flatten();
        let mut kept = self.made.lock().expect("deltas lock");
        if kept.len() >= MAX_KEPT {
            let drop: Vec<_> = kept.keys().take(MAX_KEPT / 2).cloned().collect();
            for key in drop {
                kept.remove(&key);
            }
        }
        kept.insert(key, made.clone());
        made
    }

    /// The file of `remote_dir/<any version>/` with `extension` whose sha-256
    /// is `wanted`, other than `target`.
    fn find(&self, remote_dir: &Path, extension: &str, target: &Path, wanted: &Digest256) -> Option<PathBuf> {
        for version in std::fs::read_dir(remote_dir).ok()?.flatten() {
            let Ok(files) = std::fs::read_dir(version.path()) else { continue };
            for candidate in files.flatten().map(|entry| entry.path()) {
                let same_kind = candidate.extension().is_some_and(|e| e == extension);
                if !same_kind || candidate == target {
                    continue;
                }
                if self.digest(&candidate).as_ref() == Some(wanted) {
                    return Some(candidate);
                }
            }
        }
        None
    }

    /// The sha-256 of a file (content-hashed files never change under their name).
    fn digest(&self, path: &Path) -> Option<Digest256> {
        if let Some(known) = self.digests.lock().expect("digests lock").get(path) {
            return Some(*known);
        }
        if std::fs::metadata(path).ok()?.len() > MAX_BYTES {
            return None;
        }
        let digest: Digest256 = Sha256::digest(std::fs::read(path).ok()?).into();
        self.digests.lock().expect("digests lock").insert(path.to_owned(), digest);
        Some(digest)
    }
}

/// `target` compressed with zstd against `source`, framed as `dcz`; `None` when
/// that is no smaller than its brotli sibling (or the files cannot be read).
fn make_delta(target: &Path, source: &Path, dictionary: &Digest256) -> Option<Bytes> {
    if std::fs::metadata(target).ok()?.len() > MAX_BYTES {
        return None;
    }
    let bytes = std::fs::read(target).ok()?;
    let base = std::fs::read(source).ok()?;
    let compressed = zstd::bulk::Compressor::with_dictionary(LEVEL, &base).ok()?.compress(&bytes).ok()?;
    let mut body = Vec::with_capacity(DCZ_MAGIC.len() + dictionary.len() + compressed.len());
    body.extend_from_slice(&DCZ_MAGIC);
    body.extend_from_slice(dictionary);
    body.extend_from_slice(&compressed);
    let mut brotli = target.as_os_str().to_owned();
    brotli.push(".br");
    // What the browser would get otherwise: the brotli file, or the file itself.
    let whole = std::fs::metadata(brotli).map_or(bytes.len() as u64, |m| m.len());
    ((body.len() as u64) < whole).then(|| Bytes::from(body))
}

/// A remote's bundle file: `/<name>/<version>/<file>.(wasm|js)` under the mount.
struct RemoteFile {
    name: String,
    version: String,
    file: String,
}

impl RemoteFile {
    /// The file a request path names, if it is a wasm or JS bundle file.
    fn parse(path: &str) -> Option<Self> {
        let mut parts = path.strip_prefix('/')?.split('/');
        let (name, version, file) = (parts.next()?, parts.next()?, parts.next()?);
        let plain = |s: &str| {
            !s.is_empty() && !s.starts_with('.') && s.bytes().all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b))
        };
        let bundle = file.ends_with(".wasm") || file.ends_with(".js");
        (parts.next().is_none() && plain(name) && plain(version) && plain(file) && bundle).then(|| Self {
            name: name.to_owned(),
            version: version.to_owned(),
            file: file.to_owned(),
        })
    }

    fn extension(&self) -> &str {
        self.file.rsplit('.').next().unwrap_or_default()
    }

    fn path(&self, dir: &Path) -> PathBuf {
        dir.join(&self.name).join(&self.version).join(&self.file)
    }

    /// `match="/remotes/<name>/*.<ext>"`: this file is the dictionary for later
    /// files of the same remote and kind.
    fn use_as_dictionary(&self) -> HeaderValue {
        HeaderValue::try_from(format!("match=\"{MOUNT}/{}/*.{}\"", self.name, self.extension()))
            .expect("a plain name makes a valid header")
    }

    fn content_type(&self) -> &'static str {
        if self.extension() == "wasm" {
            "application/wasm"
        } else {
            "text/javascript"
        }
    }
}

/// The dictionary a request offers: its sha-256, when it also accepts `dcz`.
fn offered_dictionary(headers: &HeaderMap) -> Option<Digest256> {
    let accepts_dcz = headers
        .get_all(ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|coding| coding.split(';').next().is_some_and(|c| c.trim().eq_ignore_ascii_case("dcz")));
    if !accepts_dcz {
        return None;
    }
    // A structured-field byte sequence: `:<base64>:`.
    let value = headers.get(AVAILABLE_DICTIONARY)?.to_str().ok()?.trim();
    let encoded = value.strip_prefix(':')?.strip_suffix(':')?;
    base64::engine::general_purpose::STANDARD.decode(encoded).ok()?.try_into().ok()
}

/// The middleware: a delta when the browser has a dictionary this remote's
/// folder has, otherwise the file as before; every bundle file is offered as a
/// dictionary for the next.
pub(crate) async fn delta_downloads(State(deltas): State<Arc<Deltas>>, request: Request, next: Next) -> Response {
    let Some(file) = RemoteFile::parse(request.uri().path()) else {
        return next.run(request).await;
    };
    if request.method() == Method::GET {
        if let Some(dictionary) = offered_dictionary(request.headers()) {
            if let Some(body) = deltas.delta(&file, dictionary).await {
                let mut response = Response::new(Body::from(body));
                let headers = response.headers_mut();
                headers.insert(CONTENT_TYPE, HeaderValue::from_static(file.content_type()));
                headers.insert(CONTENT_ENCODING, HeaderValue::from_static("dcz"));
                headers.insert(VARY, HeaderValue::from_static(VARY_VALUE));
                headers.insert(USE_AS_DICTIONARY, file.use_as_dictionary());
                return response;
            }
        }
    }
    let mut response = next.run(request).await;
    if response.status().is_success() {
        let headers = response.headers_mut();
        headers.insert(USE_AS_DICTIONARY, file.use_as_dictionary());
        headers.insert(VARY, HeaderValue::from_static(VARY_VALUE));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_bundle_files_of_a_remote_version_are_named() {
        let file = RemoteFile::parse("/auth/0.1.0/auth-0d0dd62026.wasm").expect("a wasm file");
        assert_eq!((file.name.as_str(), file.version.as_str(), file.extension()), ("auth", "0.1.0", "wasm"));
        assert_eq!(file.use_as_dictionary(), "match=\"/remotes/auth/*.wasm\"");
        assert!(RemoteFile::parse("/auth/0.1.0/auth-4cea4cf732.js").is_some());
        for path in [
            "/auth/0.1.0/manifest.json",
            "/auth/0.1.0/auth-a29d2052a5.css",
            "/auth/../../etc/x.wasm",
            "/auth/0.1.0/sub/x.wasm",
            "/auth/0.1.0/.x.wasm",
            "/auth/x.wasm",
        ] {
            assert!(RemoteFile::parse(path).is_none(), "{path}");
        }
    }

    #[test]
    fn a_dictionary_is_offered_only_with_dcz_and_a_well_formed_digest() {
        let digest = [7u8; 32];
        let field = format!(":{}:", base64::engine::general_purpose::STANDARD.encode(digest));
        let headers = |accept: &str, available: &str| {
            let mut h = HeaderMap::new();
            h.insert(ACCEPT_ENCODING, HeaderValue::from_str(accept).unwrap());
            h.insert(AVAILABLE_DICTIONARY, HeaderValue::from_str(available).unwrap());
            h
        };
        assert_eq!(offered_dictionary(&headers("gzip, br, zstd, dcb, dcz", &field)), Some(digest));
        assert_eq!(offered_dictionary(&headers("gzip, br, zstd", &field)), None);
        assert_eq!(offered_dictionary(&headers("dcz", "not-a-byte-sequence")), None);
        assert_eq!(offered_dictionary(&headers("dcz", ":AAAA:")), None, "not 32 bytes");
    }
}
