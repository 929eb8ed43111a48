//! The API's answer types read in the browser without serde
//! ([`federation::answer`]): one line per field, in the order of the types in
//! [`api`](crate::api) and [`state`](crate::state). A field added there is
//! added here too (the compiler asks for it: every struct is built whole).

use federation::answer::{variant, Fields, FromAnswer, Misread};
use wasm_bindgen::JsValue;

use crate::api::{Attempt, AttemptQuestion, AttemptSummary, TopicCount};
use crate::state::{Role, SessionUser, Topic};

impl FromAnswer for Topic {
    fn from_answer(value: &JsValue) -> Result<Self, Misread> {
        variant(value, &Topic::ALL.map(|topic| (topic.id(), topic)))
    }
}

impl FromAnswer for Role {
    fn from_answer(value: &JsValue) -> Result<Self, Misread> {
        variant(value, &[("student", Role::Student), ("instructor", Role::Instructor), ("admin", Role::Admin)])
    }
}

impl FromAnswer for SessionUser {
    fn from_answer(value: &JsValue) -> Result<Self, Misread> {
        let f = Fields::of(value)?;
        Ok(Self {
            id: f.u64("id")?,
            name: f.string("name")?,
            email: f.string("email")?,
            role: f.read("role")?,
            subscriptions: f.read("subscriptions")?,
        })
    }
}

impl FromAnswer for TopicCount {
    fn from_answer(value: &JsValue) -> Result<Self, Misread> {
        let f = Fields::of(value)?;
        Ok(Self { topic: f.read("topic")?, questions: f.u32("questions")? })
    }
}

impl FromAnswer for AttemptQuestion {
    fn from_answer(value: &JsValue) -> Result<Self, Misread> {
        let f = Fields::of(value)?;
        Ok(Self {
            id: f.u64("id")?,
            stem: f.string("stem")?,
            choices: f.read("choices")?,
            chosen: f.optional_u32("chosen")?,
            answer: f.optional_u32("answer")?,
            rationale: f.optional_string("rationale")?,
        })
    }
}

/// An attempt's summary fields, then what only the whole attempt has.
impl FromAnswer for Attempt {
    fn from_answer(value: &JsValue) -> Result<Self, Misread> {
        let AttemptSummary { id, topic, started_at, finished_at, score, total } = AttemptSummary::from_answer(value)?;
        let f = Fields::of(value)?;
        let (answered, questions) = (f.u32("answered")?, f.read("questions")?);
        Ok(Self { id, topic, started_at, finished_at, score, total, answered, questions })
    }
}

impl FromAnswer for AttemptSummary {
    fn from_answer(value: &JsValue) -> Result<Self, Misread> {
        let f = Fields::of(value)?;
        Ok(Self {
            id: f.u64("id")?,
            topic: f.read("topic")?,
            started_at: f.i64("started_at")?,
            finished_at: f.optional_i64("finished_at")?,
            score: f.optional_u32("score")?,
            total: f.u32("total")?,
        })
    }
}
