//! Static files: remote bundles and the container's runtime, precompressed.

pub(crate) mod delta;

use std::path::Path;

use axum::extract::Request;
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::Router;
use http::header::{ACCESS_CONTROL_ALLOW_ORIGIN, CACHE_CONTROL, CONTENT_TYPE};
use http::HeaderValue;
use tower_http::services::ServeDir;

/// Content-hashed files never change under their name.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// Manifests and unhashed files must be revalidated on every use.
const REVALIDATE: &str = "no-cache";

/// `/remotes/<name>/<version>/…`: hashed assets cached forever, manifests
/// revalidated, `.br`/`.gz` siblings sent to browsers that accept them, and a
/// new version's bundle as a delta against the one the browser has ([`delta`],
/// unless `deltas` is off).
pub(crate) fn remotes(dir: &Path, deltas: bool) -> Router {
    let files = ServeDir::new(dir).precompressed_br().precompressed_gzip();
    let mut router = Router::new().fallback_service(files);
    if deltas {
        router = router.layer(middleware::from_fn_with_state(delta::Deltas::new(dir), delta::delta_downloads));
    }
    router.layer(middleware::from_fn(remote_cache_headers))
}

/// `/sw.js`: the service worker (built into `pkg/`), at the root so that it
/// serves every page; revalidated on every check, so a new one is picked up.
pub(crate) fn service_worker(pkg: &Path) -> axum::routing::MethodRouter {
    let file = tower_http::services::ServeFile::new(pkg.join("sw.js")).precompressed_br().precompressed_gzip();
    axum::routing::get_service(file).layer(middleware::from_fn(pkg_cache_headers))
}

/// `/pkg/…`: the container's runtime under fixed names, revalidated on use.
pub(crate) fn pkg(dir: &Path) -> Router {
    let files = ServeDir::new(dir).precompressed_br().precompressed_gzip();
    Router::new().fallback_service(files).layer(middleware::from_fn(pkg_cache_headers))
}

async fn remote_cache_headers(request: Request, next: Next) -> Response {
    let manifest = request.uri().path().ends_with("/manifest.json");
    let mut response = next.run(request).await;
    if response.status().is_success() || response.status() == http::StatusCode::NOT_MODIFIED {
        let policy = if manifest { REVALIDATE } else { IMMUTABLE };
        response.headers_mut().insert(CACHE_CONTROL, HeaderValue::from_static(policy));
    }
    // Remote files are public and verified by integrity: any host page may fetch
    // them (this server can be another platform's CDN origin).
    response.headers_mut().insert(ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
    fix_wasm_type(&mut response);
    response
}

async fn pkg_cache_headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    if response.status().is_success() {
        response.headers_mut().insert(CACHE_CONTROL, HeaderValue::from_static(REVALIDATE));
    }
    fix_wasm_type(&mut response);
    response
}

/// `WebAssembly.instantiateStreaming` needs exactly `application/wasm`.
fn fix_wasm_type(response: &mut Response) {
    let is_wasm = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/wasm"));
    if is_wasm {
        response.headers_mut().insert(CONTENT_TYPE, HeaderValue::from_static("application/wasm"));
    }
}
