//! The nursing remote: exam review. Choose a topic and a length, answer one
//! question at a time against a countdown (each answer is saved as it is given,
//! so a reload resumes the attempt), then see the score with every rationale.
//! Its pages are deep links under `/exam`; it emits `ExamStarted`,
//! `ProgressUpdated` and `ExamCompleted`.

// Leptos' #[component] makes every component `pub`.
#![allow(unreachable_pub)]

mod api;
mod outbox;
mod route;
pub mod views;

use leptos::prelude::*;

use route::ExamRoute;
use views::{Chooser, QuestionView, ResultView};

/// The exam, at the page the path names.
#[component]
fn ExamApp(
    /// The page's path, e.g. `/exam/attempt/12/question/3`.
    path: String,
) -> impl IntoView {
    match ExamRoute::parse(&path) {
        ExamRoute::Choose => view! { <Chooser/> }.into_any(),
        // Its first content merges what this phone keeps (IndexedDB): never on the server.
        ExamRoute::Question { .. } if cfg!(feature = "server-render") => {
            federation::remote::decline_server_render();
            ().into_any()
        }
        ExamRoute::Question { attempt, number } => view! { <QuestionView attempt number/> }.into_any(),
        ExamRoute::Result { attempt } => view! { <ResultView attempt/> }.into_any(),
        ExamRoute::Unknown => view! {
            <section class="exam-missing" data-remote="nursing">
                <h1>"This exam page does not exist"</h1>
                <a href="/exam">"Choose an exam"</a>
            </section>
        }
        .into_any(),
    }
}

/// The exam page to show: the address bar's when it is an exam page (a page
/// kept offline for another question of the attempt serves every question, see
/// `sw.js`), else the one the host passed (a harness, a test page).
fn exam_path(passed: Option<String>) -> String {
    // Rendered on the server: the page's path is the one passed.
    if cfg!(feature = "server-render") {
        return passed.unwrap_or_else(|| "/exam".into());
    }
    let shown = web_sys::window().and_then(|w| w.location().pathname().ok()).filter(|p| p.starts_with("/exam"));
    shown.or(passed).unwrap_or_else(|| "/exam".into())
}

federation::expose! {
    // What each page's first render reads (see `views`): started by the page,
    // so the data downloads with the bundle; and the server renders the page
    // with them, so the first paint shows the exam, not a skeleton.
    #[server_render]
    #[prefetch(
        "/exam" => "/api/topics",
        "/exam" => "/api/attempts",
        "/exam/attempt/{id}/question/{n}" => "/api/attempts/{id}",
        "/exam/attempt/{id}/result" => "/api/attempts/{id}",
    )]
    ExamApp => |props| view! { <ExamApp path=exam_path(props.get_string("path"))/> }.into_any(),
}
