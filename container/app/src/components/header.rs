use leptos::prelude::*;
use leptos_router::components::A;

/// The site header: brand, the main navigation and the theme toggle.
#[component]
pub(crate) fn Header() -> impl IntoView {
    view! {
        <header class="shell-header">
            <a class="brand" href="/">"NurseReview"</a>
            <nav aria-label="Main">
                <A href="/dashboard">"Dashboard"</A>
                <A href="/exam">"Exam"</A>
                <A href="/login">"Sign in"</A>
            </nav>
            <button type="button" class="theme-toggle" data-mf-theme-toggle="" aria-label="Switch between light and dark theme">
                "◐"
            </button>
        </header>
    }
}
