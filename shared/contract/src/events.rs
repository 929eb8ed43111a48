//! The platform's events. Each travels as the DOM event `mf:<name>` with its
//! fields as a JSON object in `detail` (field names in snake_case).

use alloc::{string::String, vec::Vec};

use federation::answer::{FromAnswer, ToJson};
use federation::bus::Event;
use serde::{Deserialize, Serialize};

use crate::state::{SessionUser, Topic};

/// A student signed in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, FromAnswer, ToJson)]
#[cfg_attr(feature = "fingerprints", derive(schemars::JsonSchema))]
pub struct UserLoggedIn {
    /// Who.
    pub user: SessionUser,
}

/// The student signed out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, FromAnswer, ToJson)]
#[cfg_attr(feature = "fingerprints", derive(schemars::JsonSchema))]
pub struct UserLoggedOut {}

/// An exam attempt started.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, FromAnswer, ToJson)]
#[cfg_attr(feature = "fingerprints", derive(schemars::JsonSchema))]
pub struct ExamStarted {
    /// The attempt.
    pub attempt_id: u64,
    /// Its topic.
    pub topic: Topic,
    /// How many questions it has.
    pub total: u32,
}

/// A question of an attempt was answered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, FromAnswer, ToJson)]
#[cfg_attr(feature = "fingerprints", derive(schemars::JsonSchema))]
pub struct ProgressUpdated {
    /// The attempt.
    pub attempt_id: u64,
    /// Questions answered so far.
    pub answered: u32,
    /// Questions in the attempt.
    pub total: u32,
}

/// An exam attempt was finished and scored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, FromAnswer, ToJson)]
#[cfg_attr(feature = "fingerprints", derive(schemars::JsonSchema))]
pub struct ExamCompleted {
    /// The attempt.
    pub attempt_id: u64,
    /// Its topic.
    pub topic: Topic,
    /// Correct answers.
    pub score: u32,
    /// Questions in the attempt.
    pub total: u32,
}

/// The student's subscriptions changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, FromAnswer, ToJson)]
#[cfg_attr(feature = "fingerprints", derive(schemars::JsonSchema))]
pub struct SubscriptionChanged {
    /// The subscriptions now active.
    pub subscriptions: Vec<String>,
}

/// A module asks the container to show another page (the container owns
/// navigation and history). `to` is a same-origin path such as `/dashboard`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, FromAnswer, ToJson)]
#[cfg_attr(feature = "fingerprints", derive(schemars::JsonSchema))]
pub struct NavigationRequested {
    /// The path to show.
    pub to: String,
}

impl Event for NavigationRequested {
    const NAME: &'static str = "navigate";
}

/// How a toast looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, FromAnswer, ToJson)]
#[cfg_attr(feature = "fingerprints", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ToastTone {
    /// News.
    Info,
    /// Something worked.
    Success,
    /// Something failed.
    Error,
}

/// A module asks for a short message at the edge of the page (the container's
/// shell shows it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, FromAnswer, ToJson)]
#[cfg_attr(feature = "fingerprints", derive(schemars::JsonSchema))]
pub struct ToastRequested {
    /// The message.
    pub message: String,
    /// Its tone.
    pub tone: ToastTone,
}

impl Event for ToastRequested {
    const NAME: &'static str = "toast";
}

impl Event for UserLoggedIn {
    const NAME: &'static str = "user-logged-in";
}
impl Event for UserLoggedOut {
    const NAME: &'static str = "user-logged-out";
}
impl Event for ExamStarted {
    const NAME: &'static str = "exam-started";
}
impl Event for ProgressUpdated {
    const NAME: &'static str = "progress-updated";
}
impl Event for ExamCompleted {
    const NAME: &'static str = "exam-completed";
}
impl Event for SubscriptionChanged {
    const NAME: &'static str = "subscription-changed";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exam_completed_has_the_documented_json_shape() {
        let event = ExamCompleted { attempt_id: 7, topic: Topic::Pharmacology, score: 8, total: 10 };
        let json = serde_json::to_value(&event).unwrap();
        assert_eq!(json, serde_json::json!({"attempt_id": 7, "topic": "pharmacology", "score": 8, "total": 10}));
        assert_eq!(federation::bus::dom_event_name::<ExamCompleted>(), "mf:exam-completed");
    }

    #[test]
    fn a_payload_of_another_shape_does_not_decode() {
        let other = serde_json::json!({"attempt_id": "seven", "topic": "pharmacology"});
        assert!(serde_json::from_value::<ExamCompleted>(other).is_err());
    }
}
