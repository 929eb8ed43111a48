use leptos::prelude::*;

use super::LoginForm;

/// The whole sign-in page: a heading, the form, and help for students.
#[component]
pub fn AuthApp() -> impl IntoView {
    view! {
        <section class="auth-app">
            <h1>"Sign in"</h1>
            <p class="auth-lead">"Review for the nursing licensure exam, wherever you are."</p>
            <LoginForm email=None/>
        </section>
    }
}
