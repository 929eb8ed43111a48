use federation::RemoteView;
use leptos::prelude::*;
use leptos_meta::Title;

/// Sign-in: the auth remote's `LoginForm`.
#[component]
pub(crate) fn Login() -> impl IntoView {
    view! {
        <Title text="Sign in · NurseReview"/>
        <h1>"Sign in"</h1>
        <RemoteView remote="auth" module="LoginForm" loading="Loading the sign-in form…"/>
    }
}
