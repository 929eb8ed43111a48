use federation::RemoteView;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_location;

/// Exam review, `/exam` and everything under it (`/exam/attempt/12/question/3`):
/// the nursing remote's `ExamApp`, told the path so deep links survive a reload.
#[component]
pub(crate) fn Exam() -> impl IntoView {
    let path = use_location().pathname.get_untracked();
    let props = serde_json::json!({ "path": path }).to_string();
    view! {
        <Title text="Exam review · NurseReview"/>
        // Static labels: rendered here, not loaded as a remote (ui-components
        // costs 53 KB brotli for two badges).
        <p class="exam-badges">
            <span class="badge">"4 topics"</span>
            <span class="badge">"Answers saved as you go"</span>
        </p>
        <RemoteView remote="nursing" module="ExamApp" props=props skeleton="exam" loading="Loading the exam…"/>
    }
}
