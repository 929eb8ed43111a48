//! The platform's shared state: one type per key.

use alloc::{string::String, vec::Vec};

use federation::answer::{FromAnswer, ToJson};
use federation::state::SharedState;
use serde::{Deserialize, Serialize};

/// A user's role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, FromAnswer, ToJson)]
#[cfg_attr(feature = "fingerprints", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Reviews for the exam.
    Student,
    /// Writes questions and follows students.
    Instructor,
    /// Runs the platform.
    Admin,
}

/// The signed-in user, as every module may show it (no secrets).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, FromAnswer, ToJson)]
#[cfg_attr(feature = "fingerprints", derive(schemars::JsonSchema))]
pub struct SessionUser {
    /// The account's id.
    pub id: u64,
    /// Display name.
    pub name: String,
    /// Email address.
    pub email: String,
    /// Role.
    pub role: Role,
    /// Active subscriptions.
    pub subscriptions: Vec<String>,
}

/// The session summary: who is signed in, if anyone. Persistent, so a reload and
/// other tabs show the same.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, FromAnswer, ToJson)]
#[cfg_attr(feature = "fingerprints", derive(schemars::JsonSchema))]
#[serde(transparent)]
pub struct Session(pub Option<SessionUser>);

impl SharedState for Session {
    const KEY: &'static str = "session";
    const PERSISTENT: bool = true;
}

/// The colour theme. Persistent.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, FromAnswer, ToJson)]
#[cfg_attr(feature = "fingerprints", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Theme {
    /// Dark text on light backgrounds.
    #[default]
    Light,
    /// Light text on dark backgrounds.
    Dark,
}

impl SharedState for Theme {
    const KEY: &'static str = "theme";
    const PERSISTENT: bool = true;
}

/// Whether the sidebar is open.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, FromAnswer, ToJson)]
#[cfg_attr(feature = "fingerprints", derive(schemars::JsonSchema))]
#[serde(transparent)]
pub struct SidebarOpen(pub bool);

impl SharedState for SidebarOpen {
    const KEY: &'static str = "sidebar-open";
}

/// An exam's topic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, FromAnswer, ToJson)]
#[cfg_attr(feature = "fingerprints", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Topic {
    /// Fundamentals of nursing.
    Fundamentals,
    /// Pharmacology.
    Pharmacology,
    /// Medical-surgical nursing.
    MedicalSurgical,
    /// Maternal and child health.
    MaternalChild,
}

impl Topic {
    /// Every topic, in the order pages list them.
    pub const ALL: [Topic; 4] =
        [Topic::Fundamentals, Topic::Pharmacology, Topic::MedicalSurgical, Topic::MaternalChild];

    /// The id on the wire and in the database (`medical_surgical`).
    pub const fn id(self) -> &'static str {
        match self {
            Topic::Fundamentals => "fundamentals",
            Topic::Pharmacology => "pharmacology",
            Topic::MedicalSurgical => "medical_surgical",
            Topic::MaternalChild => "maternal_child",
        }
    }

    /// The topic from its id.
    pub fn from_id(id: &str) -> Option<Topic> {
        Topic::ALL.into_iter().find(|topic| topic.id() == id)
    }

    /// The name students read.
    pub const fn name(self) -> &'static str {
        match self {
            Topic::Fundamentals => "Fundamentals",
            Topic::Pharmacology => "Pharmacology",
            Topic::MedicalSurgical => "Medical-surgical",
            Topic::MaternalChild => "Maternal and child health",
        }
    }
}

/// The attempt in progress, if any.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, FromAnswer, ToJson)]
#[cfg_attr(feature = "fingerprints", derive(schemars::JsonSchema))]
#[serde(transparent)]
pub struct ExamProgress(pub Option<ProgressSummary>);

/// Where an attempt stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, FromAnswer, ToJson)]
#[cfg_attr(feature = "fingerprints", derive(schemars::JsonSchema))]
pub struct ProgressSummary {
    /// The attempt.
    pub attempt_id: u64,
    /// Its topic.
    pub topic: Topic,
    /// Questions answered.
    pub answered: u32,
    /// Questions in the attempt.
    pub total: u32,
}

impl SharedState for ExamProgress {
    const KEY: &'static str = "exam-progress";
}

/// Finished attempts, newest first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, FromAnswer, ToJson)]
#[cfg_attr(feature = "fingerprints", derive(schemars::JsonSchema))]
#[serde(transparent)]
pub struct ExamHistory(pub Vec<ExamResult>);

/// One finished attempt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, FromAnswer, ToJson)]
#[cfg_attr(feature = "fingerprints", derive(schemars::JsonSchema))]
pub struct ExamResult {
    /// The attempt.
    pub attempt_id: u64,
    /// Its topic.
    pub topic: Topic,
    /// Correct answers.
    pub score: u32,
    /// Questions in the attempt.
    pub total: u32,
    /// When it was finished, seconds since the Unix epoch.
    pub finished_at: u64,
}

impl SharedState for ExamHistory {
    const KEY: &'static str = "exam-history";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn theme_is_a_plain_string_so_the_boot_script_can_read_it() {
        assert_eq!(serde_json::to_string(&Theme::Dark).unwrap(), "\"dark\"");
        assert_eq!(federation::state::storage_key::<Theme>(), "mf:state:theme");
    }

    #[test]
    fn topic_ids_are_the_serde_names() {
        for topic in Topic::ALL {
            assert_eq!(serde_json::to_string(&topic).unwrap(), format!("\"{}\"", topic.id()));
            assert_eq!(Topic::from_id(topic.id()), Some(topic));
        }
        assert_eq!(Topic::from_id("astrology"), None);
    }

    #[test]
    fn a_signed_out_session_is_null() {
        assert_eq!(serde_json::to_string(&Session::default()).unwrap(), "null");
    }
}
