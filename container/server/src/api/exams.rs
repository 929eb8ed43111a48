//! `/api/topics` and `/api/attempts/*`.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use contract::api::{AnswerChoice, NewAttempt};

use super::body::{Body, IdempotencyKey, Params};
use super::session::SignedIn;
use super::{ApiError, ApiState};
use crate::exams::{self, ExamError, Saved, MAX_LENGTH};

/// The answer header that says a request was a replay of one already saved
/// (sent with the same `Idempotency-Key`), so nothing changed.
const IDEMPOTENT_REPLAYED: &str = "idempotent-replayed";

impl From<ExamError> for ApiError {
    fn from(error: ExamError) -> Self {
        match error {
            ExamError::TooLong { available } => {
                Self::field("length", format!("This topic has {available} questions; choose at most {available}."))
            }
            ExamError::NoAttempt => Self::NotFound("No such exam attempt."),
            ExamError::NoQuestion => Self::NotFound("This question is not part of the attempt."),
            ExamError::Finished => Self::Conflict("This attempt is finished; start a new one."),
            ExamError::KeyReused => Self::IdempotencyKeyReused,
            ExamError::Db(e) => Self::Internal(e.to_string()),
        }
    }
}

/// `GET /api/topics`: each topic with its number of questions.
pub(crate) async fn topics(State(state): State<ApiState>) -> Result<Response, ApiError> {
    Ok(Json(exams::topics(&state.db).await?).into_response())
}

/// `POST /api/attempts` `{topic, length}`: 201 with the attempt.
pub(crate) async fn start(
    State(state): State<ApiState>,
    SignedIn(user): SignedIn,
    Body(new): Body<NewAttempt>,
) -> Result<Response, ApiError> {
    if !(1..=MAX_LENGTH).contains(&new.length) {
        return Err(ApiError::field("length", format!("Choose between 1 and {MAX_LENGTH} questions.")));
    }
    let attempt = exams::start(&state.db, user.id, new.topic, new.length).await?;
    Ok((StatusCode::CREATED, Json(attempt)).into_response())
}

/// `GET /api/attempts`: the history, newest first.
pub(crate) async fn history(State(state): State<ApiState>, SignedIn(user): SignedIn) -> Result<Response, ApiError> {
    Ok(Json(exams::history(&state.db, user.id).await?).into_response())
}

/// `GET /api/attempts/{id}`: one attempt, to resume or review.
pub(crate) async fn attempt(
    State(state): State<ApiState>,
    SignedIn(user): SignedIn,
    Params(id): Params<u64>,
) -> Result<Response, ApiError> {
    Ok(Json(exams::get(&state.db, user.id, id).await?).into_response())
}

/// `PUT /api/attempts/{id}/answers/{question}` `{choice}`: 204, saved. With an
/// `Idempotency-Key` header the answer is saved once: the same key again is 204
/// with `Idempotent-Replayed: true` and changes nothing.
pub(crate) async fn answer(
    State(state): State<ApiState>,
    SignedIn(user): SignedIn,
    Params((id, question)): Params<(u64, u64)>,
    IdempotencyKey(key): IdempotencyKey,
    Body(choice): Body<AnswerChoice>,
) -> Result<Response, ApiError> {
    if choice.choice > 3 {
        return Err(ApiError::field("choice", "Choose one of the four answers (0 to 3)."));
    }
    match exams::answer(&state.db, user.id, id, question, choice.choice, key.as_deref()).await? {
        Saved::Applied => Ok(StatusCode::NO_CONTENT.into_response()),
        Saved::Replayed => Ok((StatusCode::NO_CONTENT, [(IDEMPOTENT_REPLAYED, "true")]).into_response()),
    }
}

/// `POST /api/attempts/{id}/finish`: the scored attempt with every rationale.
pub(crate) async fn finish(
    State(state): State<ApiState>,
    SignedIn(user): SignedIn,
    Params(id): Params<u64>,
) -> Result<Response, ApiError> {
    Ok(Json(exams::finish(&state.db, user.id, id).await?).into_response())
}
