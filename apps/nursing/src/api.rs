//! The nursing remote's calls to the exam API, and the events and shared state
//! they feed.

use contract::api::{AnswerChoice, NewAttempt};
pub(crate) use contract::api::{Attempt, AttemptSummary as Summary, TopicCount};
use contract::events::{ExamCompleted, ExamStarted, NavigationRequested, ProgressUpdated};
use contract::state::{ExamProgress, ProgressSummary, Topic};
use federation::http::{request, request_with, HttpError};
use federation::{bus, state};

/// Seconds each question gets on the countdown.
pub(crate) const SECONDS_PER_QUESTION: i64 = 60;

pub(crate) async fn topics() -> Result<Vec<TopicCount>, HttpError> {
    request("GET", "/api/topics", None::<&()>).await
}

pub(crate) async fn history() -> Result<Vec<Summary>, HttpError> {
    request("GET", "/api/attempts", None::<&()>).await
}

pub(crate) async fn attempt(id: u64) -> Result<Attempt, HttpError> {
    request("GET", &format!("/api/attempts/{id}"), None::<&()>).await
}

pub(crate) async fn start(topic: Topic, length: u32) -> Result<Attempt, HttpError> {
    let attempt: Attempt = request("POST", "/api/attempts", Some(&NewAttempt { topic, length })).await?;
    emit(bus::emit(&ExamStarted { attempt_id: attempt.id, topic, total: attempt.total }));
    share_progress(&attempt);
    Ok(attempt)
}

/// Saves an answer; `key` makes sending it again harmless (see `outbox`).
pub(crate) async fn answer(attempt: u64, question: u64, choice: u32, key: &str) -> Result<(), HttpError> {
    let url = format!("/api/attempts/{attempt}/answers/{question}");
    request_with::<()>("PUT", &url, Some(&AnswerChoice { choice }), &[("idempotency-key", key)]).await
}

/// Tells the page how far the attempt is.
pub(crate) fn progress(attempt: &Attempt) {
    emit(bus::emit(&ProgressUpdated { attempt_id: attempt.id, answered: attempt.answered, total: attempt.total }));
    share_progress(attempt);
}

pub(crate) async fn finish(id: u64) -> Result<Attempt, HttpError> {
    let attempt: Attempt = request("POST", &format!("/api/attempts/{id}/finish"), None::<&()>).await?;
    emit(bus::emit(&ExamCompleted {
        attempt_id: attempt.id,
        topic: attempt.topic,
        score: attempt.score.unwrap_or(0),
        total: attempt.total,
    }));
    state::set(&ExamProgress(None));
    Ok(attempt)
}

fn share_progress(attempt: &Attempt) {
    state::set(&ExamProgress(Some(ProgressSummary {
        attempt_id: attempt.id,
        topic: attempt.topic,
        answered: attempt.answered,
        total: attempt.total,
    })));
}

pub(crate) fn go(to: String) {
    emit(bus::emit(&NavigationRequested { to }));
}

fn emit(sent: Result<(), bus::BusError>) {
    if let Err(error) = sent {
        error.log();
    }
}
