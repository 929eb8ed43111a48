//! `POST /api/telemetry` (browsers report remote loads) and
//! `GET /api/telemetry/summary` (admins read the sums).

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;

use super::body::ClientAddress;
use super::session::AdminUser;
use super::{ApiError, ApiState};
use crate::telemetry::{Report, VersionSummary};

/// `POST /api/telemetry` `{loads: [...]}`: 204 when stored. Sent with
/// `navigator.sendBeacon`, so any content type is taken; the body must be JSON.
/// 400/422 for a malformed report, 413 past 16 KB, 429 past 120 reports a
/// minute from one client address; loads of a remote version the registry never
/// had are dropped (the others are kept: a beacon is never sent again).
pub(crate) async fn report(
    State(state): State<ApiState>,
    ClientAddress(client): ClientAddress,
    body: Result<Bytes, BytesRejection>,
) -> Result<StatusCode, ApiError> {
    let body = body.map_err(|r| match r.status() {
        StatusCode::PAYLOAD_TOO_LARGE => ApiError::BodyTooLarge,
        _ => ApiError::BadBody(r.body_text()),
    })?;
    state.telemetry.admit(client).map_err(|too_many| ApiError::TooManyReports { retry_after_secs: too_many.0 })?;
    let report: Report = serde_json::from_slice(&body).map_err(|e| ApiError::BadBody(e.to_string()))?;
    report.validate().map_err(ApiError::Invalid)?;
    let mut known = Vec::new();
    for load in report.loads {
        if state.registry.has_served(&load.remote, &load.version).await? {
            known.push(load);
        }
    }
    state.telemetry.record(&known).await.map_err(|e| ApiError::Internal(e.to_string()))?;
    Ok(StatusCode::NO_CONTENT)
}

/// `GET /api/telemetry/summary`: per remote and version, loads, errors, load
/// time percentiles and bytes. Admins only (403 for other accounts).
pub(crate) async fn summary(
    _: AdminUser,
    State(state): State<ApiState>,
) -> Result<Json<Vec<VersionSummary>>, ApiError> {
    Ok(Json(state.telemetry.summary().await.map_err(|e| ApiError::Internal(e.to_string()))?))
}
