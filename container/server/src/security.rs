//! What guards the platform's users from hostile pages and clients: the content
//! security policy and other security headers, the same-origin check on the API's
//! state changes, and the login rate limit.

mod headers;
mod login_limit;
mod same_origin;

pub(crate) use headers::{new_nonce, ContentPolicy};
pub use login_limit::LoginLimit;
pub(crate) use login_limit::{network, LoginLimiter};
pub(crate) use same_origin::{public_origin, same_origin_writes, SameOrigin};

/// `N` random bytes from the operating system, as lowercase hex (nonces, session tokens).
pub(crate) fn random_hex<const N: usize>() -> String {
    let mut bytes = [0u8; N];
    rand_core::RngCore::fill_bytes(&mut rand_core::OsRng, &mut bytes);
    hex(&bytes)
}

/// `bytes` as lowercase hex.
pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The headers every response carries, pages or files: no MIME sniffing, and
/// only the origin as referrer when leaving the site.
pub(crate) fn common_headers() -> [(http::HeaderName, http::HeaderValue); 2] {
    [
        (http::header::X_CONTENT_TYPE_OPTIONS, http::HeaderValue::from_static("nosniff")),
        (http::header::REFERRER_POLICY, http::HeaderValue::from_static("strict-origin-when-cross-origin")),
    ]
}
