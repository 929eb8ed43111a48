use federation::RemoteView;
use leptos::prelude::*;
use leptos_meta::Title;

/// Exam review: the nursing remote.
#[component]
pub(crate) fn Exam() -> impl IntoView {
    view! {
        <Title text="Exam review · NurseReview"/>
        <RemoteView remote="nursing" module="ExamHome" loading="Loading the exam…"/>
    }
}
