//! The session cookie and the signed-in user extractor.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, HeaderValue};
use contract::state::SessionUser;

use super::{ApiError, ApiState};
use crate::accounts::{self, SESSION_SECONDS};

/// The session cookie's name.
pub(crate) const COOKIE: &str = "mf_session";

/// The session token in the request's cookies, if any.
pub(crate) fn token(parts: &Parts) -> Option<String> {
    cookie(&parts.headers, COOKIE)
}

/// The value of the cookie `wanted` in `headers`, if set and not empty.
pub(crate) fn cookie(headers: &http::HeaderMap, wanted: &str) -> Option<String> {
    headers.get_all(header::COOKIE).iter().filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(';')).find_map(|pair| {
        let (name, value) = pair.trim().split_once('=')?;
        (name == wanted && !value.is_empty()).then(|| value.to_owned())
    })
}

/// `Set-Cookie` for a new session: HttpOnly, SameSite=Strict, Secure over https.
pub(crate) fn set_cookie(token: &str, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    let value = format!("{COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict; Max-Age={SESSION_SECONDS}{secure}");
    HeaderValue::from_str(&value).unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// `Set-Cookie` that removes the session cookie.
pub(crate) fn clear_cookie(secure: bool) -> HeaderValue {
    let value = if secure {
        "mf_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0; Secure"
    } else {
        "mf_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0"
    };
    HeaderValue::from_static(value)
}

/// The signed-in user; requests without a live session get 401.
pub(crate) struct SignedIn(pub(crate) SessionUser);

impl FromRequestParts<ApiState> for SignedIn {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &ApiState) -> Result<Self, ApiError> {
        let token = token(parts).ok_or(ApiError::Unauthenticated)?;
        match accounts::session_user(&state.db, &token).await {
            Ok(Some(user)) => Ok(Self(user)),
            Ok(None) => Err(ApiError::Unauthenticated),
            Err(e) => Err(ApiError::Internal(e.to_string())),
        }
    }
}

/// A signed-in admin: 401 without a session, 403 for any other role.
pub(crate) struct AdminUser;

impl FromRequestParts<ApiState> for AdminUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &ApiState) -> Result<Self, ApiError> {
        let SignedIn(user) = SignedIn::from_request_parts(parts, state).await?;
        if user.role == contract::state::Role::Admin {
            Ok(Self)
        } else {
            Err(ApiError::AdminsOnly)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cookie_is_secure_only_over_https() {
        let plain = set_cookie("abc", false);
        let secure = set_cookie("abc", true);
        assert_eq!(plain.to_str().unwrap(), "mf_session=abc; Path=/; HttpOnly; SameSite=Strict; Max-Age=2592000");
        assert!(secure.to_str().unwrap().ends_with("; Secure"));
        assert!(clear_cookie(true).to_str().unwrap().contains("Max-Age=0; Secure"));
    }
}
