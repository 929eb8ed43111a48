use leptos::prelude::*;
use leptos_router::components::A;

/// The site header: brand, the main navigation, the session corner (sign in, or
/// the student's name and sign out) and the theme toggle.
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
            <SessionCorner/>
            <button type="button" class="theme-toggle" data-mf-theme-toggle="" aria-label="Switch between light and dark theme">
                "◐"
            </button>
        </header>
    }
}

/// "Sign in", or the student's name and "Sign out". The container owns the
/// session: the server renders it for the request's user, and the runtime keeps
/// it in step with the shared `session` state and signs out (no remote needed,
/// so pages other than /login load no auth code).
#[component]
fn SessionCorner() -> impl IntoView {
    let user = crate::current_user();
    let signed_in = user.is_some();
    view! {
        <div class="session-widget" data-mf-session="">
            <span class="session-signed-in" hidden=!signed_in>
                <span class="session-name">{user.map(|u| u.name)}</span>
                <button type="button" class="sign-out">"Sign out"</button>
            </span>
            <a class="sign-in" href="/login" hidden=signed_in>"Sign in"</a>
            <span class="session-problem" role="alert"></span>
        </div>
    }
}
