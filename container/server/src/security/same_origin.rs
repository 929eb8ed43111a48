//! Cross-site request forgery guard for the API. The session cookie is already
//! `SameSite=Strict`; on top of that, a request that changes state (anything but
//! GET, HEAD and OPTIONS) from a browser must come from this site: its `Origin`
//! names this server's host, or, without `Origin`, `Sec-Fetch-Site` says
//! same-origin. Clients that are not browsers (the build tool, curl) send neither
//! and authenticate with tokens, not cookies.

use axum::extract::Request;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::{header, HeaderMap, Method};

use crate::api::ApiError;

/// Middleware: refuses cross-site state changes with 403 `cross_site_request`.
pub(crate) async fn same_origin_writes(request: Request, next: Next) -> Response {
    if allowed(request.method(), request.headers()) {
        next.run(request).await
    } else {
        ApiError::CrossSite.into_response()
    }
}

fn allowed(method: &Method, headers: &HeaderMap) -> bool {
    if matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS) {
        return true;
    }
    let text = |name| headers.get(name).and_then(|v| v.to_str().ok());
    match (text(header::ORIGIN.as_str()), text("sec-fetch-site")) {
        (Some(origin), _) => {
            let host = text(header::HOST.as_str()).unwrap_or_default();
            origin_host(origin).is_some_and(|h| !host.is_empty() && h.eq_ignore_ascii_case(host))
        }
        (None, Some(site)) => site == "same-origin" || site == "none",
        (None, None) => true,
    }
}

/// `host[:port]` of an `Origin` value (`"null"` and other forms: none).
fn origin_host(origin: &str) -> Option<&str> {
    let (scheme, host) = origin.split_once("://")?;
    (matches!(scheme, "http" | "https") && !host.is_empty() && !host.contains('/')).then_some(host)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        pairs.iter().map(|(k, v)| (http::HeaderName::from_static(k), http::HeaderValue::from_static(v))).collect()
    }

    #[test]
    fn same_site_writes_pass_and_cross_site_ones_do_not() {
        let own = headers(&[("host", "127.0.0.1:3000"), ("origin", "http://127.0.0.1:3000")]);
        assert!(allowed(&Method::POST, &own));
        let upper = headers(&[("host", "Example.org"), ("origin", "https://example.ORG")]);
        assert!(allowed(&Method::PUT, &upper));
        for origin in ["https://evil.example", "null", "http://127.0.0.1:3001", "http://127.0.0.1:3000.evil.example"] {
            let hostile = headers(&[("host", "127.0.0.1:3000"), ("origin", origin)]);
            assert!(!allowed(&Method::POST, &hostile), "{origin}");
            assert!(allowed(&Method::GET, &hostile), "reads are not state changes");
        }
        assert!(!allowed(&Method::POST, &headers(&[("host", "a"), ("sec-fetch-site", "cross-site")])));
        assert!(!allowed(&Method::DELETE, &headers(&[("host", "a"), ("sec-fetch-site", "same-site")])));
        assert!(allowed(&Method::POST, &headers(&[("host", "a"), ("sec-fetch-site", "same-origin")])));
        assert!(allowed(&Method::POST, &headers(&[("host", "a")])), "not a browser: no cookie-riding possible");
    }
}
