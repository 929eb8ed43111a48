use leptos::prelude::*;
use leptos_meta::Title;

/// The landing page, rendered entirely on the server.
#[component]
pub(crate) fn Home() -> impl IntoView {
    view! {
        <Title text="NurseReview: pass the nursing licensure exam"/>
        <section class="home">
            <h1>"Review for the nursing licensure exam"</h1>
            <p>"Practice exams by subject, made for your phone and a slow connection."</p>
            <p><a class="button" href="/login">"Sign in to start"</a></p>
        </section>
    }
}
