//! The JSON API under `/api`: accounts and exams. Every failure is a JSON error
//! with a stable code and, for bad input, a message per field; never a 500 for
//! anything a client sends.

mod admin;
mod auth;
mod body;
mod error;
mod exams;
mod session;
mod telemetry;

use axum::extract::{DefaultBodyLimit, State};
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::{get, post, put};
use axum::Json;
use axum::Router;
use sqlx::AnyPool;

use crate::config::AdminToken;
use crate::registry::Registry;
use crate::security::{same_origin_writes, LoginLimiter, SameOrigin};

pub(crate) use error::ApiError;
pub(crate) use session::{cookie, token as session_token};

/// What every API handler can reach.
#[derive(Clone)]
pub(crate) struct ApiState {
    pub(crate) db: AnyPool,
    /// Mark session cookies `Secure` (the platform is served over https).
    pub(crate) secure_cookies: bool,
    /// The remote registry.
    pub(crate) registry: Registry,
    /// Tokens of the admin API.
    pub(crate) admin_tokens: Vec<AdminToken>,
    /// Failed sign-ins per account and client.
    pub(crate) login_limiter: LoginLimiter,
    /// Behind a reverse proxy: the client's address is in `X-Forwarded-For`.
    pub(crate) behind_proxy: bool,
    /// Browsers' reports of remote loads.
    pub(crate) telemetry: crate::telemetry::Telemetry,
}

/// The largest request body the API reads (the biggest real one, a registration,
/// is well under 1 KB).
pub(crate) const MAX_BODY_BYTES: usize = 64 * 1024;

/// `GET /api/remotes`: the live remote map, for a page that wants it afresh
/// (pages carry it inline). Never cached.
async fn remote_map(State(state): State<ApiState>) -> Result<impl IntoResponse, ApiError> {
    let map = state.registry.remote_map().await?;
    Ok(([(header::CACHE_CONTROL, "no-cache")], Json(map)))
}

pub(crate) fn router<S>(state: ApiState, same_origin: SameOrigin) -> Router<S> {
    Router::new()
        .route("/auth/register", post(auth::register))
        .route("/auth/login", post(auth::login))
        .route("/auth/logout", post(auth::logout))
        .route("/auth/logout-everywhere", post(auth::logout_everywhere))
        .route("/me", get(auth::me))
        .route("/topics", get(exams::topics))
        .route("/attempts", get(exams::history).post(exams::start))
        .route("/attempts/{id}", get(exams::attempt))
        .route("/attempts/{id}/answers/{question}", put(exams::answer))
        .route("/attempts/{id}/finish", post(exams::finish))
        .route("/remotes", get(remote_map))
        .route("/telemetry", post(telemetry::report).layer(DefaultBodyLimit::max(crate::telemetry::MAX_REPORT_BYTES)))
        .route("/telemetry/summary", get(telemetry::summary))
        .route("/admin/remotes", get(admin::list))
        .route("/admin/remotes/{name}/deploy", post(admin::deploy))
        .route("/admin/remotes/{name}/rollback", post(admin::rollback))
        .fallback(|| async { ApiError::NotFound("no such API endpoint") })
        .method_not_allowed_fallback(|| async { ApiError::MethodNotAllowed })
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(axum::middleware::from_fn_with_state(same_origin, same_origin_writes))
        .with_state(state)
}
