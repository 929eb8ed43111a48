use leptos::prelude::*;

use super::{LoginForm, RegisterForm};

/// Sign in, or create an account.
#[component]
pub fn AuthApp(
    /// Where to go afterwards.
    next: String,
) -> impl IntoView {
    let registering = RwSignal::new(false);
    let next = StoredValue::new(next);
    view! {
        <section class="auth-app">
            <h1>{move || if registering.get() { "Create your account" } else { "Sign in" }}</h1>
            <p class="auth-lead">"Review for the nursing licensure exam, wherever you are."</p>
            {move || if registering.get() {
                view! { <RegisterForm next=next.get_value()/> }.into_any()
            } else {
                view! { <LoginForm email=None next=next.get_value()/> }.into_any()
            }}
            <button type="button" class="link-button auth-switch" on:click=move |_| registering.update(|r| *r = !*r)>
                {move || if registering.get() { "I have an account: sign in" } else { "New here? Create an account" }}
            </button>
        </section>
    }
}
