//! Delta downloads of remote bundles: Compression Dictionary Transport (RFC 9842).
//!
//! Each remote's wasm and JS glue is sent with `Use-As-Dictionary:
//! match="/remotes/<name>/*.<ext>"`, so the browser keeps it as a dictionary for
//! the later files of the same remote and kind. When a team deploys a new version
//! and a student's browser fetches it, the browser names the file it kept
//! (`Available-Dictionary`, its sha-256) and says it reads `dcz`. If a version of
//! that remote in the remotes folder has that file, the new file is sent as zstd
//! compressed against it: mostly what changed, not the whole bundle again.
//!
//! Anything else falls through to the precompressed files as before: a hash this
//! server does not have, a delta no smaller than the brotli file, or a delta not
//! made within [`WAIT`] (it is still made, for the next request). Deltas are made
//! one at a time, off the async workers; concurrent requests for the same one
//! share it, and made ones are kept in memory up to [`KEEP_BYTES`].

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use base64::Engine;
use federation::RemoteName;
use http::header::{ACCEPT_ENCODING, CONTENT_ENCODING, CONTENT_TYPE, VARY};
use http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
use sha2::{Digest, Sha256};
use tokio::sync::{watch, Semaphore};

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
/// zstd's level for deltas: each is made once, so the smallest output is worth
/// its time (about 0.1 s for a remote's wasm here).
const LEVEL: i32 = 19;
/// Files above this are never a delta or a dictionary (too costly to make).
const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;
/// How long a request waits for its delta before taking the brotli file.
const WAIT: Duration = Duration::from_secs(2);
/// The bytes of deltas kept in memory; when more are made, all are dropped and
/// made again on demand.
const KEEP_BYTES: usize = 64 * 1024 * 1024;
/// How often, at most, a remote's folder is listed again for a hash it lacks
/// (hashes come from browsers: a made-up one must not cost a scan each time).
const RESCAN_AFTER: Duration = Duration::from_secs(10);

/// A SHA-256 digest: how a dictionary is named.
type Digest256 = [u8; 32];

/// A delta: the file it is of, and the dictionary's digest.
type Key = (PathBuf, Digest256);

/// A delta as it is made: `None` until done, then the `dcz` body or `None`.
type Making = watch::Receiver<Option<Option<Bytes>>>;

/// The deltas made or being made, and an index of the files they may start from.
pub(crate) struct Deltas {
    dir: PathBuf,
    /// Per remote: each bundle file's digest, and when the folder was listed.
    index: Mutex<HashMap<String, RemoteIndex>>,
    made: Mutex<Made>,
    /// One delta is made at a time (level 19 is CPU-heavy; the server has other work).
    makers: Semaphore,
}

/// A remote's files by digest, as last listed.
#[derive(Default)]
struct RemoteIndex {
    listed: Option<Instant>,
    /// Each file's digest, with the length and modification time it was read at.
    files: HashMap<PathBuf, (u64, Option<SystemTime>, Digest256)>,
}

/// The deltas in memory and their total bytes.
#[derive(Default)]
struct Made {
    deltas: HashMap<Key, Making>,
    bytes: usize,
}

impl Deltas {
    /// Deltas between the files of `dir` (the remotes folder).
    pub(crate) fn new(dir: &Path) -> Arc<Self> {
        Arc::new(Self {
            dir: dir.to_owned(),
            index: Mutex::default(),
            made: Mutex::default(),
            makers: Semaphore::new(1),
        })
    }

    /// `file` as a `dcz` body against the file whose sha-256 is `dictionary`, if
    /// this remote has that file, the delta is smaller than the brotli file, and
    /// it is ready within [`WAIT`].
    async fn delta(self: &Arc<Self>, file: &RemoteFile, dictionary: Digest256) -> Option<Bytes> {
        let key = (file.path(&self.dir), dictionary);
        let existing = self.made.lock().expect("deltas lock").deltas.get(&key).cloned();
        let mut making = match existing {
            Some(making) => making,
            None => {
                let this = self.clone();
                let remote = file.name.clone();
                let source =
                    tokio::task::spawn_blocking(move || this.find(remote.as_str(), &dictionary)).await.ok()??;
                self.start(key, source)
            }
        };
        let done = tokio::time::timeout(WAIT, making.wait_for(Option::is_some)).await.ok()?.ok()?;
        done.clone().flatten()
    }

    /// Starts making the delta `key` (unless another request just did) and
    /// returns where it will be.
    fn start(self: &Arc<Self>, key: Key, source: PathBuf) -> Making {
        let mut made = self.made.lock().expect("deltas lock");
        if let Some(making) = made.deltas.get(&key) {
            return making.clone();
        }
        let (done, making) = watch::channel(None);
        made.deltas.insert(key.clone(), making.clone());
        drop(made);
        let this = self.clone();
        tokio::spawn(async move {
            let delta = match this.makers.acquire().await {
                Ok(_permit) => {
                    let (target, dictionary) = key.clone();
                    tokio::task::spawn_blocking(move || make_delta(&target, &source, &dictionary)).await.ok().flatten()
                }
                Err(_) => None,
            };
            this.keep(&key, delta.as_ref().map_or(0, Bytes::len));
            let _ = done.send(Some(delta));
        });
        making
    }

    /// Counts a made delta's bytes; over [`KEEP_BYTES`], forgets every other one.
    fn keep(&self, key: &Key, bytes: usize) {
        let mut made = self.made.lock().expect("deltas lock");
        made.bytes += bytes;
        if made.bytes > KEEP_BYTES {
            made.deltas.retain(|k, _| k == key);
            made.bytes = bytes;
        }
    }

    /// The bundle file of the remote `remote` (any version) whose sha-256 is
    /// `wanted`. The folder is listed again at most every [`RESCAN_AFTER`].
    fn find(&self, remote: &str, wanted: &Digest256) -> Option<PathBuf> {
        let found = |index: &RemoteIndex| {
            index.files.iter().find(|(_, (_, _, digest))| digest == wanted).map(|(path, _)| path.clone())
        };
        let mut indexes = self.index.lock().expect("index lock");
        let index = indexes.entry(remote.to_owned()).or_default();
        if let Some(path) = found(index) {
            return Some(path);
        }
        if index.listed.is_some_and(|at| at.elapsed() < RESCAN_AFTER) {
            return None;
        }
        index.listed = Some(Instant::now());
        let mut files = HashMap::new();
        for version in std::fs::read_dir(self.dir.join(remote)).ok()?.flatten() {
            let Ok(entries) = std::fs::read_dir(version.path()) else { continue };
            for path in entries.flatten().map(|entry| entry.path()) {
                let bundle = path.extension().is_some_and(|e| e == "wasm" || e == "js");
                let Ok(meta) = std::fs::metadata(&path) else { continue };
                if !bundle || !meta.is_file() || meta.len() > MAX_FILE_BYTES {
                    continue;
                }
                let modified = meta.modified().ok();
                let known = index.files.get(&path).filter(|(len, at, _)| *len == meta.len() && *at == modified);
                let digest = match known {
                    Some((_, _, digest)) => *digest,
                    None => match std::fs::read(&path) {
                        Ok(bytes) => Sha256::digest(bytes).into(),
                        Err(_) => continue,
                    },
                };
                files.insert(path, (meta.len(), modified, digest));
            }
        }
        index.files = files;
        found(index)
    }
}

/// `target` compressed with zstd against `source`, framed as `dcz`; `None` when
/// `source` is no longer the file named `dictionary`, the delta is no smaller
/// than the brotli sibling, or a file cannot be read.
fn make_delta(target: &Path, source: &Path, dictionary: &Digest256) -> Option<Bytes> {
    if std::fs::metadata(target).ok()?.len() > MAX_FILE_BYTES {
        return None;
    }
    let bytes = std::fs::read(target).ok()?;
    let base = std::fs::read(source).ok()?;
    if Sha256::digest(&base).as_slice() != dictionary {
        return None;
    }
    // The dictionary is raw content: zstd takes it so unless it starts with
    // zstd's dictionary magic, which neither wasm (`\0asm`) nor JS text does.
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
    name: RemoteName,
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
        let name = RemoteName::new(name)?;
        (parts.next().is_none() && plain(version) && plain(file) && bundle).then(|| Self {
            name,
            version: version.to_owned(),
            file: file.to_owned(),
        })
    }

    fn extension(&self) -> &str {
        self.file.rsplit('.').next().unwrap_or_default()
    }

    fn path(&self, dir: &Path) -> PathBuf {
        dir.join(self.name.as_str()).join(&self.version).join(&self.file)
    }

    /// `match="/remotes/<name>/*.<ext>"`: this file is the dictionary for later
    /// files of the same remote and kind.
    fn use_as_dictionary(&self) -> HeaderValue {
        HeaderValue::try_from(format!("match=\"{MOUNT}/{}/*.{}\"", self.name.as_str(), self.extension()))
            .expect("a plain name makes a valid header")
    }

    /// Marks a response of this file as a dictionary, varying with the ones offered.
    fn offer_as_dictionary(&self, headers: &mut HeaderMap) {
        headers.insert(USE_AS_DICTIONARY, self.use_as_dictionary());
        headers.insert(VARY, HeaderValue::from_static(VARY_VALUE));
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
    let accepts_dcz =
        headers.get_all(ACCEPT_ENCODING).iter().filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(',')).any(
            |coding| {
                let mut parts = coding.split(';').map(str::trim);
                let named = parts.next().is_some_and(|c| c.eq_ignore_ascii_case("dcz"));
                // `dcz;q=0` refuses it.
                let refused =
                    parts.any(|p| p.strip_prefix("q=").is_some_and(|q| q.parse::<f32>().is_ok_and(|q| q <= 0.0)));
                named && !refused
            },
        );
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
/// dictionary for the next. (A HEAD request is answered as before: it would
/// show `br` where a GET may get `dcz`.)
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
                file.offer_as_dictionary(headers);
                return response;
            }
        }
    }
    let mut response = next.run(request).await;
    if response.status().is_success() || response.status() == StatusCode::NOT_MODIFIED {
        file.offer_as_dictionary(response.headers_mut());
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
        assert_eq!(offered_dictionary(&headers("br, dcz;q=0.5", &field)), Some(digest));
        assert_eq!(offered_dictionary(&headers("gzip, br, zstd", &field)), None);
        assert_eq!(offered_dictionary(&headers("br, dcz;q=0", &field)), None);
        assert_eq!(offered_dictionary(&headers("dcz", "not-a-byte-sequence")), None);
        assert_eq!(offered_dictionary(&headers("dcz", ":AAAA:")), None, "not 32 bytes");
    }
}
