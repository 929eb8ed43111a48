//! The nursing remote: exam review by subject.

use leptos::prelude::*;

/// The subjects of the Philippine nursing licensure exam (NLE), one per test part.
const SUBJECTS: [&str; 5] = [
    "Community Health Nursing",
    "Care of Healthy/At-Risk Mother and Child",
    "Physiologic and Psychosocial Alterations (Part A)",
    "Physiologic and Psychosocial Alterations (Part B)",
    "Physiologic and Psychosocial Alterations (Part C)",
];

/// The exam landing view: the subjects to review.
#[component]
fn ExamHome() -> impl IntoView {
    view! {
        <section class="exam-home" data-remote="nursing">
            <h1>"Exam review"</h1>
            <ul class="subjects">
                {SUBJECTS.iter().map(|s| view! { <li>{*s}</li> }).collect_view()}
            </ul>
        </section>
    }
}

federation::expose! {
    ExamHome => |_| view! { <ExamHome/> }.into_any(),
}
