//! API errors: a status, a stable code, a message that says what to do, and
//! messages per field for bad input. Internal details are logged, never sent.

use std::collections::BTreeMap;

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

/// An API failure.
#[derive(Debug)]
pub(crate) enum ApiError {
    /// The body is not JSON of the expected shape.
    BadBody(String),
    /// A path parameter is malformed (`/api/attempts/abc`).
    BadPath(String),
    /// Fields failed validation: field name → message.
    Invalid(BTreeMap<&'static str, String>),
    /// No valid session.
    Unauthenticated,
    /// Wrong email or password.
    WrongCredentials,
    /// The email belongs to another account.
    EmailTaken,
    /// Nothing there.
    NotFound(&'static str),
    /// The request conflicts with the current state.
    Conflict(&'static str),
    /// A failure on our side; the detail is logged only.
    Internal(String),
    /// The registry refused a deploy or rollback.
    Registry(crate::registry::RegistryError),
    /// The admin API needs a valid token.
    AdminTokenRequired,
    /// No admin token is configured.
    AdminDisabled,
    /// A state change from another site (no `Origin` of ours).
    CrossSite,
    /// Too many failed sign-ins; try again after this many seconds.
    TooManyAttempts { retry_after_secs: u64 },
    /// The body is larger than the API takes.
    BodyTooLarge,
    /// The body is not sent as JSON.
    NotJson,
    /// The endpoint exists but not with this method.
    MethodNotAllowed,
    /// Only admins may do this.
    AdminsOnly,
    /// The `Idempotency-Key` header is not 8 to 64 letters, digits, `-` or `_`.
    BadIdempotencyKey,
    /// This `Idempotency-Key` was already used for a different answer.
    IdempotencyKeyReused,
    /// Too many telemetry reports from one client; again after this many seconds.
    TooManyReports { retry_after_secs: u64 },
}

impl From<crate::registry::RegistryError> for ApiError {
    fn from(e: crate::registry::RegistryError) -> Self {
        match e {
            crate::registry::RegistryError::Database(detail) => Self::Internal(detail),
            e => Self::Registry(e),
        }
    }
}

impl ApiError {
    /// A validation error for one field.
    pub(crate) fn field(name: &'static str, message: impl Into<String>) -> Self {
        Self::Invalid(BTreeMap::from([(name, message.into())]))
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, code, message, fields) = match self {
            Self::BadBody(detail) => {
                (StatusCode::BAD_REQUEST, "bad_body", format!("The request body is not valid: {detail}"), None)
            }
            Self::BadPath(detail) => {
                (StatusCode::BAD_REQUEST, "bad_path", format!("The address is not valid: {detail}"), None)
            }
            Self::Invalid(fields) => {
                (StatusCode::UNPROCESSABLE_ENTITY, "invalid", "Some fields need fixing.".to_owned(), Some(fields))
            }
            Self::Unauthenticated => (StatusCode::UNAUTHORIZED, "unauthenticated", "Sign in first.".to_owned(), None),
            Self::WrongCredentials => {
                (StatusCode::UNAUTHORIZED, "wrong_credentials", "The email or password is wrong.".to_owned(), None)
            }
            Self::EmailTaken => (
                StatusCode::CONFLICT,
                "email_taken",
                "An account with this email already exists: sign in instead.".to_owned(),
                Some(BTreeMap::from([("email", "An account with this email already exists.".to_owned())])),
            ),
            Self::NotFound(what) => (StatusCode::NOT_FOUND, "not_found", what.to_owned(), None),
            Self::Conflict(what) => (StatusCode::CONFLICT, "conflict", what.to_owned(), None),
            Self::Registry(e) => {
                use crate::registry::RegistryError as R;
                let status = match &e {
                    R::UnknownVersion { .. } => StatusCode::NOT_FOUND,
                    R::Incompatible { .. } | R::VersionChanged { .. } | R::NothingToRollBackTo { .. } => {
                        StatusCode::CONFLICT
                    }
                    R::Unhealthy { .. } | R::OriginNotAllowed { .. } => StatusCode::UNPROCESSABLE_ENTITY,
                    R::Database(_) => StatusCode::INTERNAL_SERVER_ERROR,
                };
                (status, e.code(), e.to_string(), None)
            }
            Self::AdminTokenRequired => (
                StatusCode::UNAUTHORIZED,
                "admin_token_required",
                "Send an admin token from MF_ADMIN_TOKENS as `Authorization: Bearer <token>`.".to_owned(),
                None,
            ),
            Self::AdminDisabled => (
                StatusCode::FORBIDDEN,
                "admin_disabled",
                "The admin API is off: set MF_ADMIN_TOKENS=name:secret on the server to turn it on.".to_owned(),
                None,
            ),
            Self::CrossSite => (
                StatusCode::FORBIDDEN,
                "cross_site_request",
                "This request came from another site and was refused; use the platform's own pages.".to_owned(),
                None,
            ),
            Self::TooManyAttempts { retry_after_secs } => {
                let minutes = retry_after_secs.div_ceil(60);
                let message = format!(
                    "Too many failed sign-ins. Wait {minutes} minute{} and try again.",
                    if minutes == 1 { "" } else { "s" }
                );
                let mut response = error_response(StatusCode::TOO_MANY_REQUESTS, "too_many_attempts", message, None);
                response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(retry_after_secs));
                return response;
            }
            Self::AdminsOnly => (
                StatusCode::FORBIDDEN,
                "admins_only",
                "Only admins may see this; sign in with an admin account.".to_owned(),
                None,
            ),
            Self::TooManyReports { retry_after_secs } => {
                let message = format!("Too many reports from this client; send again in {retry_after_secs} s.");
                let mut response = error_response(StatusCode::TOO_MANY_REQUESTS, "too_many_reports", message, None);
                response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(retry_after_secs));
                return response;
            }
            Self::BadIdempotencyKey => (
                StatusCode::BAD_REQUEST,
                "bad_idempotency_key",
                "The Idempotency-Key header must be 8 to 64 letters, digits, `-` or `_` (a UUID fits).".to_owned(),
                None,
            ),
            Self::IdempotencyKeyReused => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "idempotency_key_reused",
                "This Idempotency-Key was already used for another answer; send each new answer with a new key."
                    .to_owned(),
                None,
            ),
            Self::BodyTooLarge => (
                StatusCode::PAYLOAD_TOO_LARGE,
                "body_too_large",
                format!("The request body is larger than {} KB; send less.", super::MAX_BODY_BYTES / 1024),
                None,
            ),
            Self::NotJson => (
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "not_json",
                "Send the body as JSON with `Content-Type: application/json`.".to_owned(),
                None,
            ),
            Self::MethodNotAllowed => (
                StatusCode::METHOD_NOT_ALLOWED,
                "method_not_allowed",
                "This endpoint does not take this method; see the API list in the README.".to_owned(),
                None,
            ),
            Self::Internal(detail) => {
                tracing::error!("internal error: {detail}");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "internal",
                    "Something went wrong on our side; try again.".to_owned(),
                    None,
                )
            }
        };
        error_response(status, code, message, fields)
    }
}

/// `{"error": {"code", "message", "fields"?}}` with `status`.
fn error_response(
    status: StatusCode,
    code: &str,
    message: String,
    fields: Option<BTreeMap<&'static str, String>>,
) -> Response {
    let mut body = json!({ "error": { "code": code, "message": message } });
    if let Some(fields) = fields {
        body["error"]["fields"] = json!(fields);
    }
    (status, Json(body)).into_response()
}

impl From<sqlx::Error> for ApiError {
    fn from(error: sqlx::Error) -> Self {
        Self::Internal(error.to_string())
    }
}
