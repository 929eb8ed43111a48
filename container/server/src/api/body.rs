//! Extractors whose rejections are [`ApiError`]s (JSON, with the parser's
//! message), not axum's plain-text ones: the JSON body, the path parameters, and
//! the client's address.

use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::StatusCode;
use serde::de::DeserializeOwned;

use super::{ApiError, ApiState};

/// A JSON request body of type `T`.
pub(crate) struct Body<T>(pub(crate) T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for Body<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, ApiError> {
        match axum::Json::<T>::from_request(request, state).await {
            Ok(axum::Json(value)) => Ok(Self(value)),
            Err(rejection) => Err(match rejection.status() {
                StatusCode::PAYLOAD_TOO_LARGE => ApiError::BodyTooLarge,
                StatusCode::UNSUPPORTED_MEDIA_TYPE => ApiError::NotJson,
                _ => ApiError::BadBody(rejection.body_text()),
            }),
        }
    }
}

/// Path parameters of type `T`.
pub(crate) struct Params<T>(pub(crate) T);

impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequestParts<S> for Params<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(value)) => Ok(Self(value)),
            Err(rejection) => Err(ApiError::BadPath(rejection.body_text())),
        }
    }
}

/// The request's `Idempotency-Key` header, if it sent one: 8 to 64 letters,
/// digits, `-` or `_` (a UUID fits). Anything else is refused with
/// [`ApiError::BadIdempotencyKey`], never silently ignored.
pub(crate) struct IdempotencyKey(pub(crate) Option<String>);

/// The header [`IdempotencyKey`] reads.
pub(crate) const IDEMPOTENCY_KEY: &str = "idempotency-key";

impl<S: Send + Sync> FromRequestParts<S> for IdempotencyKey {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        let Some(value) = parts.headers.get(IDEMPOTENCY_KEY) else { return Ok(Self(None)) };
        let key = value.to_str().map_err(|_| ApiError::BadIdempotencyKey)?;
        let plain = key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        if !(8..=64).contains(&key.len()) || !plain {
            return Err(ApiError::BadIdempotencyKey);
        }
        Ok(Self(Some(key.to_owned())))
    }
}

/// The address of the client: the connection's peer, or, behind a reverse proxy
/// (`MF_BEHIND_PROXY=1`), the address that proxy appended to `X-Forwarded-For`
/// (the last one: earlier entries come from the client and can be forged).
/// None when the server does not know it (requests built in tests).
pub(crate) struct ClientAddress(pub(crate) Option<std::net::IpAddr>);

impl FromRequestParts<ApiState> for ClientAddress {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &ApiState) -> Result<Self, Self::Rejection> {
        if state.behind_proxy {
            let forwarded = parts.headers.get_all("x-forwarded-for").iter().next_back().and_then(|v| v.to_str().ok());
            let last = forwarded.and_then(|v| v.rsplit(',').next()).and_then(|entry| address(entry.trim()));
            if last.is_some() {
                return Ok(Self(last));
            }
        }
        let info = parts.extensions.get::<axum::extract::ConnectInfo<std::net::SocketAddr>>();
        Ok(Self(info.map(|info| info.0.ip())))
    }
}

/// An `X-Forwarded-For` entry: `203.0.113.7`, `203.0.113.7:4711`, `2001:db8::1` or `[2001:db8::1]:4711`.
fn address(entry: &str) -> Option<std::net::IpAddr> {
    entry.parse().ok().or_else(|| entry.parse::<std::net::SocketAddr>().ok().map(|s| s.ip()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forwarded_addresses_with_or_without_ports() {
        for (entry, ip) in [
            ("203.0.113.7", "203.0.113.7"),
            ("203.0.113.7:4711", "203.0.113.7"),
            ("2001:db8::1", "2001:db8::1"),
            ("[2001:db8::1]:4711", "2001:db8::1"),
        ] {
            assert_eq!(address(entry), ip.parse().ok(), "{entry}");
        }
        assert_eq!(address("unknown"), None);
    }
}
