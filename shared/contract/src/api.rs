//! The bodies of the platform's JSON API, shared by the server and the remotes
//! that call it, so both sides are checked by the compiler.

use alloc::{string::String, vec::Vec};

use federation::answer::{FromAnswer, ToJson};
use serde::{Deserialize, Serialize};

use crate::state::Topic;

/// `POST /api/auth/login`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, FromAnswer, ToJson)]
pub struct Credentials {
    /// The account's email.
    pub email: String,
    /// Its password.
    pub password: String,
}

/// `POST /api/auth/register`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, FromAnswer, ToJson)]
pub struct Registration {
    /// Display name.
    pub name: String,
    /// Email, unique.
    pub email: String,
    /// Password (see [`crate::validation`]).
    pub password: String,
}

/// `GET /api/topics`: a topic and how many questions the bank has for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, FromAnswer, ToJson)]
pub struct TopicCount {
    /// The topic.
    pub topic: Topic,
    /// Questions in the bank.
    pub questions: u32,
}

/// `POST /api/attempts`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, FromAnswer, ToJson)]
pub struct NewAttempt {
    /// The topic.
    pub topic: Topic,
    /// How many questions.
    pub length: u32,
}

/// `PUT /api/attempts/{id}/answers/{question}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, FromAnswer, ToJson)]
pub struct AnswerChoice {
    /// The chosen answer, 0 to 3.
    pub choice: u32,
}

/// One question as shown in an attempt; the answer and rationale only once the
/// attempt is finished.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, FromAnswer, ToJson)]
pub struct AttemptQuestion {
    /// The question.
    pub id: u64,
    /// The question's text.
    pub stem: String,
    /// The four answers.
    pub choices: Vec<String>,
    /// The student's answer, if given.
    pub chosen: Option<u32>,
    /// The right answer (finished attempts only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer: Option<u32>,
    /// Why (finished attempts only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rationale: Option<String>,
}

/// `GET /api/attempts/{id}`: an attempt with its questions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, FromAnswer, ToJson)]
pub struct Attempt {
    /// The attempt.
    pub id: u64,
    /// Its topic.
    pub topic: Topic,
    /// When it started, seconds since the Unix epoch.
    pub started_at: i64,
    /// When it was finished, if it was.
    pub finished_at: Option<i64>,
    /// Correct answers, once finished.
    pub score: Option<u32>,
    /// Questions in the attempt.
    pub total: u32,
    /// Questions answered.
    pub answered: u32,
    /// The questions, in order.
    pub questions: Vec<AttemptQuestion>,
}

/// `GET /api/attempts`: one attempt of the history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, FromAnswer, ToJson)]
pub struct AttemptSummary {
    /// The attempt.
    pub id: u64,
    /// Its topic.
    pub topic: Topic,
    /// When it started.
    pub started_at: i64,
    /// When it was finished, if it was.
    pub finished_at: Option<i64>,
    /// Correct answers, once finished.
    pub score: Option<u32>,
    /// Questions in the attempt.
    pub total: u32,
}
