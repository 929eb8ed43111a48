use federation::RemoteView;
use leptos::prelude::*;
use leptos_meta::Title;

/// Exam review: the nursing remote, with badges from the ui-components remote.
#[component]
pub(crate) fn Exam() -> impl IntoView {
    view! {
        <Title text="Exam review · NurseReview"/>
        <p class="exam-badges">
            <RemoteView remote="ui-components" module="Badge" props=r#"{"text":"5 subjects"}"# loading=""/>
            <RemoteView remote="ui-components" module="Badge" props=r#"{"text":"Practice mode"}"# loading=""/>
        </p>
        <RemoteView remote="nursing" module="ExamHome" loading="Loading the exam…"/>
    }
}
