use contract::validation::{check_email, check_password};
use federation::http::HttpError;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, Credentials};
use ui::FormField;

use super::form::field_error;

/// The sign-in form. It checks the fields in the browser with the same rules as
/// the server (sparing a round trip), then signs in and goes to `next`.
#[component]
pub fn LoginForm(
    /// An email to fill in.
    email: Option<String>,
    /// Where to go after signing in.
    next: String,
) -> impl IntoView {
    let email = RwSignal::new(email.unwrap_or_default());
    let password = RwSignal::new(String::new());
    let checked = RwSignal::new(false);
    let server = RwSignal::new(None::<HttpError>);
    let busy = RwSignal::new(false);
    let next = StoredValue::new(next);

    let email_error = field_error("email", check_email, email, checked, server);
    let password_error = field_error("password", check_password, password, checked, server);

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        checked.set(true);
        server.set(None);
        if check_email(&email.read()).is_err() || check_password(&password.read()).is_err() || busy.get() {
            return;
        }
        busy.set(true);
        let credentials = Credentials { email: email.get_untracked(), password: password.get_untracked() };
        spawn_local(async move {
            match api::login(&credentials).await {
                Ok(user) => api::signed_in(user, &next.get_value()),
                Err(error) => server.set(Some(error)),
            }
            busy.set(false);
        });
    };

    view! {
        <form class="login-form" data-remote="auth" novalidate on:submit=on_submit>
            <FormField id="login-email" label="Email" kind="email" autocomplete="email" value=email error=email_error/>
            <FormField id="login-password" label="Password" kind="password" autocomplete="current-password" value=password error=password_error/>
            <p class="form-error" role="alert">
                {move || server.read().as_ref().filter(|e| e.fields.is_empty()).map(|e| e.message.clone())}
            </p>
            <button type="submit" disabled=move || busy.get()>
                {move || if busy.get() { "Signing in…" } else { "Sign in" }}
            </button>
        </form>
    }
}
