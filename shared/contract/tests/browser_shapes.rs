//! Every contract type has the same JSON in the browser as on the server: the
//! browser writes it (`ToJson`) as serde writes it, text for text, and reads
//! (`FromAnswer`) what serde wrote. Wasm in Node, through wasm-bindgen-test-runner
//! (`cargo xtask test` runs it); native builds have no JS values: nothing here.
#![cfg(target_arch = "wasm32")]

use contract::api::{
    AnswerChoice, Attempt, AttemptQuestion, AttemptSummary, Credentials, NewAttempt, Registration, TopicCount,
};
use contract::events::{
    ExamCompleted, ExamStarted, NavigationRequested, ProgressUpdated, SubscriptionChanged, ToastRequested, ToastTone,
    UserLoggedIn, UserLoggedOut,
};
use contract::state::{
    ExamHistory, ExamProgress, ExamResult, ProgressSummary, Role, Session, SessionUser, SidebarOpen, Theme, Topic,
};
use federation::answer::{FromAnswer, Misread, ToJson};
use serde::Serialize;
use wasm_bindgen_test::wasm_bindgen_test;

fn same_as_serde<T: Serialize + FromAnswer + ToJson + PartialEq + std::fmt::Debug>(value: T) {
    let serde_text = serde_json::to_string(&value).unwrap();
    let written: String = js_sys::JSON::stringify(&value.to_json()).unwrap().into();
    assert_eq!(written, serde_text, "written in the browser");
    let parsed = js_sys::JSON::parse(&serde_text).unwrap();
    assert_eq!(T::from_answer(&parsed).map_err(Misread::into_detail), Ok(value), "read in the browser");
}

fn student() -> SessionUser {
    SessionUser {
        id: 42,
        name: "Ana Santos".into(),
        email: "ana@example.ph".into(),
        role: Role::Student,
        subscriptions: vec!["nle-2026".into()],
    }
}

fn question(answered: bool) -> AttemptQuestion {
    AttemptQuestion {
        id: 7,
        stem: "Which drug needs an apical pulse first?".into(),
        choices: vec!["Digoxin".into(), "Insulin".into()],
        chosen: answered.then_some(0),
        answer: answered.then_some(0),
        rationale: answered.then(|| "Check the apical pulse for a full minute.".into()),
    }
}

#[wasm_bindgen_test]
fn events_are_the_same_json_in_the_browser_and_on_the_server() {
    same_as_serde(UserLoggedIn { user: student() });
    same_as_serde(UserLoggedOut {});
    same_as_serde(ExamStarted { attempt_id: 3, topic: Topic::MedicalSurgical, total: 10 });
    same_as_serde(ProgressUpdated { attempt_id: 3, answered: 4, total: 10 });
    same_as_serde(ExamCompleted { attempt_id: 3, topic: Topic::MaternalChild, score: 8, total: 10 });
    same_as_serde(SubscriptionChanged { subscriptions: vec!["nle-2026".into(), "pharma".into()] });
    same_as_serde(NavigationRequested { to: "/dashboard?from=exam".into() });
    for tone in [ToastTone::Info, ToastTone::Success, ToastTone::Error] {
        same_as_serde(ToastRequested { message: "Saved.".into(), tone });
    }
}

#[wasm_bindgen_test]
fn shared_state_is_the_same_json_in_the_browser_and_on_the_server() {
    same_as_serde(Session(Some(SessionUser { role: Role::Admin, ..student() })));
    same_as_serde(Session(Some(SessionUser { role: Role::Instructor, subscriptions: vec![], ..student() })));
    same_as_serde(Session(None));
    same_as_serde(Theme::Dark);
    same_as_serde(Theme::Light);
    same_as_serde(SidebarOpen(true));
    same_as_serde(ExamProgress(Some(ProgressSummary {
        attempt_id: 3,
        topic: Topic::Fundamentals,
        answered: 1,
        total: 5,
    })));
    same_as_serde(ExamProgress(None));
    same_as_serde(ExamHistory(vec![ExamResult {
        attempt_id: 3,
        topic: Topic::Pharmacology,
        score: 4,
        total: 5,
        finished_at: 1_764_892_800,
    }]));
    for topic in Topic::ALL {
        same_as_serde(topic);
    }
}

#[wasm_bindgen_test]
fn api_bodies_are_the_same_json_in_the_browser_and_on_the_server() {
    same_as_serde(Credentials { email: "ana@example.ph".into(), password: "correct horse".into() });
    same_as_serde(Registration {
        name: "Ana".into(),
        email: "ana@example.ph".into(),
        password: "correct horse".into(),
    });
    same_as_serde(NewAttempt { topic: Topic::Pharmacology, length: 10 });
    same_as_serde(AnswerChoice { choice: 2 });
    same_as_serde(TopicCount { topic: Topic::Fundamentals, questions: 12 });
    same_as_serde(AttemptSummary {
        id: 3,
        topic: Topic::Fundamentals,
        started_at: 1_764_892_800,
        finished_at: None,
        score: None,
        total: 5,
    });
    same_as_serde(Attempt {
        id: 3,
        topic: Topic::Fundamentals,
        started_at: 1_764_892_800,
        finished_at: Some(1_764_893_100),
        score: Some(1),
        total: 2,
        answered: 2,
        questions: vec![question(true), question(false)],
    });
}
