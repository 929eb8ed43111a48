use federation::RemoteView;
use leptos::prelude::*;
use leptos_router::components::A;

/// The site header: brand, the main navigation, the auth remote's session widget
/// (sign in, or the student's name and sign out) and the theme toggle.
#[component]
pub(crate) fn Header() -> impl IntoView {
    view! {
        <header class="shell-header">
            <button type="button" class="sidebar-toggle" data-mf-sidebar-toggle="" aria-controls="mf-sidebar" aria-pressed="false">
                "☰"<span class="visually-hidden">" Menu"</span>
            </button>
            <a class="brand" href="/">"NurseReview"</a>
            <nav aria-label="Main">
                <A href="/dashboard">"Dashboard"</A>
                <A href="/exam">"Exam"</A>
            </nav>
            <RemoteView remote="auth" module="SessionWidget" loading=""/>
            <button type="button" class="theme-toggle" data-mf-theme-toggle="" aria-label="Switch between light and dark theme">
                "◐"
            </button>
        </header>
    }
}
