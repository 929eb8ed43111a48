use leptos::prelude::*;
use leptos_meta::Title;

/// Any other path: a 404 with a way back.
#[component]
pub(crate) fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <Title text="Page not found · NurseReview"/>
        <section class="not-found">
            <h1>"Page not found"</h1>
            <p>"This page does not exist. "<a href="/">"Go to the start page"</a>"."</p>
        </section>
    }
}
