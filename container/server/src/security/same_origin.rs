//! Cross-site request forgery guard for the API. The session cookie is already
//! `SameSite=Strict`; on top of that, a request that changes state (anything but
//! GET, HEAD and OPTIONS) from a browser must come from this site: its `Origin` is
//! the platform's public origin (`MF_PUBLIC_URL`), or, without one configured,
//! names the host the request was sent to; without `Origin`, `Sec-Fetch-Site`
//! must say same-origin. Clients that are not browsers (the build tool, curl)
//! send neither and authenticate with tokens, not cookies.

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::{header, HeaderMap, Method, Uri};

use crate::api::ApiError;

/// Who "this site" is.
#[derive(Clone, Debug, Default)]
pub(crate) struct SameOrigin {
    /// `scheme://host[:port]` from `MF_PUBLIC_URL` (lowercase, no default port),
    /// the one origin pages are served from; none: the request's own host.
    pub(crate) public_origin: Option<String>,
}

/// Middleware: refuses cross-site state changes with 403 `cross_site_request`.
pub(crate) async fn same_origin_writes(State(site): State<SameOrigin>, request: Request, next: Next) -> Response {
    if site.allows(request.method(), request.uri(), request.headers()) {
        next.run(request).await
    } else {
        ApiError::CrossSite.into_response()
    }
}

impl SameOrigin {
    fn allows(&self, method: &Method, uri: &Uri, headers: &HeaderMap) -> bool {
        if matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS) {
            return true;
        }
        let text = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
        match (text(header::ORIGIN.as_str()), text("sec-fetch-site")) {
            (Some(origin), _) => {
                let Some((scheme, host)) = split_origin(origin) else { return false };
                match &self.public_origin {
                    Some(public) => split_origin(public) == Some((scheme, host)),
                    None => {
                        // HTTP/2 carries the host in the URI's authority, HTTP/1.1 in `Host`.
                        let target = uri.authority().map(|a| a.as_str()).or_else(|| text(header::HOST.as_str()));
                        target.is_some_and(|t| without_default_port(&t.to_ascii_lowercase(), &scheme) == host)
                    }
                }
            }
            (None, Some(site)) => site == "same-origin" || site == "none",
            (None, None) => true,
        }
    }
}

/// `(scheme, host[:port])` of an origin, lowercase, without the scheme's
/// default port (`"null"` and other forms: none).
fn split_origin(origin: &str) -> Option<(String, String)> {
    let origin = origin.to_ascii_lowercase();
    let (scheme, host) = origin.split_once("://")?;
    let ok = matches!(scheme, "http" | "https") && !host.is_empty() && !host.contains(['/', '?', '#', '@']);
    ok.then(|| (scheme.to_owned(), without_default_port(host, scheme)))
}

fn without_default_port(host: &str, scheme: &str) -> String {
    let default = if scheme == "https" { ":443" } else { ":80" };
    host.strip_suffix(default).unwrap_or(host).to_owned()
}

/// The origin of `MF_PUBLIC_URL` (`https://nursereview.ph/app` → `https://nursereview.ph`).
pub(crate) fn public_origin(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let host = rest.split(['/', '?', '#']).next()?;
    let (scheme, host) = split_origin(&format!("{scheme}://{host}"))?;
    Some(format!("{scheme}://{host}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        pairs.iter().map(|(k, v)| (http::HeaderName::from_static(k), http::HeaderValue::from_static(v))).collect()
    }

    fn by_host(method: &Method, pairs: &[(&'static str, &'static str)]) -> bool {
        SameOrigin::default().allows(method, &Uri::from_static("/api/x"), &headers(pairs))
    }

    #[test]
    fn same_site_writes_pass_and_cross_site_ones_do_not() {
        assert!(by_host(&Method::POST, &[("host", "127.0.0.1:3000"), ("origin", "http://127.0.0.1:3000")]));
        assert!(by_host(&Method::PUT, &[("host", "Example.org"), ("origin", "https://example.ORG")]));
        assert!(by_host(&Method::PUT, &[("host", "example.org:443"), ("origin", "https://example.org")]));
        for origin in ["https://evil.example", "null", "http://127.0.0.1:3001", "http://127.0.0.1:3000.evil.example"] {
            let hostile = [("host", "127.0.0.1:3000"), ("origin", origin)];
            assert!(!by_host(&Method::POST, &hostile), "{origin}");
            assert!(by_host(&Method::GET, &hostile), "reads are not state changes");
        }
        assert!(!by_host(&Method::POST, &[("host", "a"), ("sec-fetch-site", "cross-site")]));
        assert!(!by_host(&Method::DELETE, &[("host", "a"), ("sec-fetch-site", "same-site")]));
        assert!(by_host(&Method::POST, &[("host", "a"), ("sec-fetch-site", "same-origin")]));
        assert!(by_host(&Method::POST, &[("host", "a")]), "not a browser: no cookie-riding possible");
    }

    #[test]
    fn http2_authority_is_the_target() {
        let uri = Uri::from_static("https://example.org/api/x");
        let site = SameOrigin::default();
        assert!(site.allows(&Method::POST, &uri, &headers(&[("origin", "https://example.org")])));
        assert!(!site.allows(&Method::POST, &uri, &headers(&[("origin", "https://evil.example")])));
    }

    #[test]
    fn behind_a_proxy_the_public_origin_decides() {
        let site = SameOrigin { public_origin: public_origin("https://NurseReview.ph:443/app") };
        assert_eq!(site.public_origin.as_deref(), Some("https://nursereview.ph"));
        let uri = Uri::from_static("/api/x");
        // The proxy rewrote Host to the upstream address: the Origin still matches the public site.
        let proxied = [("host", "127.0.0.1:3000"), ("origin", "https://nursereview.ph")];
        assert!(site.allows(&Method::POST, &uri, &headers(&proxied)));
        let downgraded = [("host", "127.0.0.1:3000"), ("origin", "http://nursereview.ph")];
        assert!(!site.allows(&Method::POST, &uri, &headers(&downgraded)), "the scheme counts");
    }
}
