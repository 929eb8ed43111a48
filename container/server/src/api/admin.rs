//! The admin API of the remote registry, under `/api/admin`: list, deploy and roll
//! back remotes. Every request needs `Authorization: Bearer <token>` with a token
//! from `MF_ADMIN_TOKENS`; the token's name is recorded with each change.

use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::Json;
use federation::{RemoteName, Version};
use serde::Deserialize;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use super::body::{Body, Params};
use super::{ApiError, ApiState};
use crate::config::AdminToken;
use crate::registry::DeployRequest;

/// `POST /api/admin/remotes/{name}/deploy`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct DeployBody {
    /// The version to make live; its folder must be in the remotes folder.
    version: Version,
    /// Base URLs to serve it from, in order (default: this server).
    #[serde(default)]
    bases: Vec<String>,
    /// Deploy even though its contract is incompatible (for tests of the loader's
    /// refusal, or an emergency); the other checks still apply.
    #[serde(default)]
    force: bool,
}

/// `POST /api/admin/remotes/{name}/rollback`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RollbackBody {
    /// The version to go back to (default: the one live before the current).
    #[serde(default)]
    version: Option<Version>,
}

/// The name of the admin token a request carries; checked before anything else
/// of the request is read.
pub(crate) struct Admin(String);

impl FromRequestParts<ApiState> for Admin {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &ApiState) -> Result<Self, ApiError> {
        admin(state, parts).map(Admin)
    }
}

/// `GET /api/admin/remotes`.
pub(crate) async fn list(_: Admin, State(state): State<ApiState>) -> Result<Json<Value>, ApiError> {
    let remotes = state.registry.list().await?;
    Ok(Json(json!({ "remotes": remotes })))
}

/// `POST /api/admin/remotes/{name}/deploy`.
pub(crate) async fn deploy(
    Admin(by): Admin,
    State(state): State<ApiState>,
    Params(name): Params<String>,
    Body(body): Body<DeployBody>,
) -> Result<Json<Value>, ApiError> {
    let remote = remote_name(&name)?;
    let request = DeployRequest { remote, version: body.version, bases: body.bases, force: body.force, by };
    let live = state.registry.deploy(request).await?;
    Ok(Json(json!({ "remote": name, "live": live })))
}

/// `POST /api/admin/remotes/{name}/rollback`.
pub(crate) async fn rollback(
    Admin(by): Admin,
    State(state): State<ApiState>,
    Params(name): Params<String>,
    body: axum::body::Bytes,
) -> Result<Json<Value>, ApiError> {
    let remote = remote_name(&name)?;
    // The body is optional: none rolls back to the previous version.
    let body: RollbackBody = if body.iter().all(u8::is_ascii_whitespace) {
        RollbackBody::default()
    } else {
        serde_json::from_slice(&body).map_err(|e| ApiError::BadBody(e.to_string()))?
    };
    let to = body.version;
    let live = state.registry.rollback(&remote, to, &by).await?;
    Ok(Json(json!({ "remote": name, "live": live })))
}

fn remote_name(name: &str) -> Result<RemoteName, ApiError> {
    RemoteName::new(name).ok_or_else(|| ApiError::BadPath(format!("`{name}` is not a remote name")))
}

/// The name of the admin token the request carries.
fn admin(state: &ApiState, parts: &Parts) -> Result<String, ApiError> {
    if state.admin_tokens.is_empty() {
        return Err(ApiError::AdminDisabled);
    }
    let presented = parts
        .headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, token)| token)
        .ok_or(ApiError::AdminTokenRequired)?;
    // Compare digests, so the time taken says nothing about the secret.
    let presented = Sha256::digest(presented.trim().as_bytes());
    state
        .admin_tokens
        .iter()
        .find(|AdminToken { secret, .. }| Sha256::digest(secret.as_bytes()) == presented)
        .map(|token| token.name.clone())
        .ok_or(ApiError::AdminTokenRequired)
}
