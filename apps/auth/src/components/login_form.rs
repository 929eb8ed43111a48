use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use contract::validation::{check_email, check_password};

/// The sign-in form, checked in the browser before anything is sent: the email
/// must look like an address and the password must be at least 8 characters.
#[component]
pub fn LoginForm(
    /// An email to fill in, e.g. after signing up.
    email: Option<String>,
) -> impl IntoView {
    let email = RwSignal::new(email.unwrap_or_default());
    let password = RwSignal::new(String::new());
    let submitted = RwSignal::new(false);
    let email_error = move || submitted.get().then(|| check_email(&email.read()).err()).flatten();
    let password_error = move || submitted.get().then(|| check_password(&password.read()).err()).flatten();
    let ready = RwSignal::new(false);

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        submitted.set(true);
        ready.set(check_email(&email.read()).is_ok() && check_password(&password.read()).is_ok());
    };

    view! {
        <form class="login-form" data-remote="auth" novalidate on:submit=on_submit>
            <label for="login-email">"Email"</label>
            <input
                id="login-email"
                name="email"
                type="email"
                autocomplete="email"
                inputmode="email"
                prop:value=email
                on:input=move |ev| email.set(event_target_value(&ev))
                aria-invalid=move || email_error().is_some().to_string()
            />
            <p class="field-error" id="login-email-error" role="alert">{email_error}</p>
            <label for="login-password">"Password"</label>
            <input
                id="login-password"
                name="password"
                type="password"
                autocomplete="current-password"
                prop:value=password
                on:input=move |ev| password.set(event_target_value(&ev))
                aria-invalid=move || password_error().is_some().to_string()
            />
            <p class="field-error" id="login-password-error" role="alert">{password_error}</p>
            <button type="submit">"Sign in"</button>
            <Show when=move || ready.get()>
                <p class="form-status" role="status">"Your details look right. Signing in to your account opens with the next release."</p>
            </Show>
        </form>
    }
}
