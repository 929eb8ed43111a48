//! `/api/auth/*` and `/api/me`.

use std::collections::BTreeMap;

use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use contract::api::{Credentials, Registration};
use contract::validation::{check_email, check_name, check_password};

use super::body::{Body, ClientAddress};
use super::session::{clear_cookie, set_cookie, token, SignedIn};
use super::{ApiError, ApiState};
use crate::accounts::{self, AccountError};

fn validate(checks: &[(&'static str, Result<(), &'static str>)]) -> Result<(), ApiError> {
    let fields: BTreeMap<&'static str, String> =
        checks.iter().filter_map(|(name, check)| check.err().map(|m| (*name, m.to_owned()))).collect();
    if fields.is_empty() {
        Ok(())
    } else {
        Err(ApiError::Invalid(fields))
    }
}

impl From<AccountError> for ApiError {
    fn from(error: AccountError) -> Self {
        match error {
            AccountError::EmailTaken => Self::EmailTaken,
            AccountError::WrongCredentials => Self::WrongCredentials,
            other => Self::Internal(other.to_string()),
        }
    }
}

/// Signed in: the user as JSON and the session cookie.
async fn signed_in(
    state: &ApiState,
    user: contract::state::SessionUser,
    status: StatusCode,
) -> Result<Response, ApiError> {
    let token = accounts::start_session(&state.db, &user).await?;
    let mut headers = HeaderMap::new();
    headers.insert(header::SET_COOKIE, set_cookie(&token, state.secure_cookies));
    Ok((status, headers, Json(user)).into_response())
}

/// `POST /api/auth/register` `{name, email, password}`: 201 and signed in.
pub(crate) async fn register(
    State(state): State<ApiState>,
    Body(form): Body<Registration>,
) -> Result<Response, ApiError> {
    validate(&[
        ("name", check_name(&form.name)),
        ("email", check_email(&form.email)),
        ("password", check_password(&form.password)),
    ])?;
    let user = accounts::register(&state.db, &form.name, &form.email, &form.password).await?;
    signed_in(&state, user, StatusCode::CREATED).await
}

/// `POST /api/auth/login` `{email, password}`: 200 and signed in, 401, or 429
/// after too many failures for the account or from the client.
pub(crate) async fn login(
    State(state): State<ApiState>,
    ClientAddress(client): ClientAddress,
    Body(form): Body<Credentials>,
) -> Result<Response, ApiError> {
    let password_given = if form.password.is_empty() { Err("Enter your password.") } else { Ok(()) };
    validate(&[("email", check_email(&form.email)), ("password", password_given)])?;
    let limiter = &state.login_limiter;
    limiter
        .begin(&form.email, client)
        .map_err(|refused| ApiError::TooManyAttempts { retry_after_secs: refused.retry_after_secs })?;
    match accounts::verify(&state.db, &form.email, &form.password).await {
        Ok(user) => {
            limiter.succeeded(&form.email, client);
            signed_in(&state, user, StatusCode::OK).await
        }
        // Counted when it began.
        Err(AccountError::WrongCredentials) => Err(ApiError::WrongCredentials),
        Err(other) => {
            // Our failure, not a guess: it does not count.
            limiter.release(&form.email, client);
            Err(other.into())
        }
    }
}

/// `POST /api/auth/logout`: 204; the session ends on the server and the cookie goes.
pub(crate) async fn logout(
    State(state): State<ApiState>,
    request: axum::extract::Request,
) -> Result<Response, ApiError> {
    let (parts, _) = request.into_parts();
    if let Some(token) = token(&parts) {
        accounts::end_session(&state.db, &token).await?;
    }
    Ok((StatusCode::NO_CONTENT, [(header::SET_COOKIE, clear_cookie(state.secure_cookies))]).into_response())
}

/// `POST /api/auth/logout-everywhere`: 204; every session of the signed-in user
/// ends (on every device), and this one's cookie goes.
pub(crate) async fn logout_everywhere(
    State(state): State<ApiState>,
    SignedIn(user): SignedIn,
) -> Result<Response, ApiError> {
    accounts::end_all_sessions(&state.db, user.id).await?;
    Ok((StatusCode::NO_CONTENT, [(header::SET_COOKIE, clear_cookie(state.secure_cookies))]).into_response())
}

/// `GET /api/me`: the signed-in user, or 401.
pub(crate) async fn me(SignedIn(user): SignedIn) -> Json<contract::state::SessionUser> {
    Json(user)
}
