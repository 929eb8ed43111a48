//! The JSON API under `/api`: accounts and exams. Every failure is a JSON error
//! with a stable code and, for bad input, a message per field; never a 500 for
//! anything a client sends.

mod auth;
mod body;
mod error;
mod exams;
mod session;

use axum::routing::{get, post, put};
use axum::Router;
use sqlx::AnyPool;

pub(crate) use error::ApiError;
pub(crate) use session::token as session_token;

/// What every API handler can reach.
#[derive(Clone)]
pub(crate) struct ApiState {
    pub(crate) db: AnyPool,
    /// Mark session cookies `Secure` (the platform is served over https).
    pub(crate) secure_cookies: bool,
}

pub(crate) fn router<S>(state: ApiState) -> Router<S> {
    Router::new()
        .route("/auth/register", post(auth::register))
        .route("/auth/login", post(auth::login))
        .route("/auth/logout", post(auth::logout))
        .route("/me", get(auth::me))
        .route("/topics", get(exams::topics))
        .route("/attempts", get(exams::history).post(exams::start))
        .route("/attempts/{id}", get(exams::attempt))
        .route("/attempts/{id}/answers/{question}", put(exams::answer))
        .route("/attempts/{id}/finish", post(exams::finish))
        .fallback(|| async { ApiError::NotFound("no such API endpoint") })
        .with_state(state)
}
