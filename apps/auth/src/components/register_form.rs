use contract::validation::{check_email, check_name, check_password};
use federation::http::HttpError;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, Registration};
use ui::FormField;

use super::form::field_error;

/// Creating an account, checked in the browser with the server's rules; signs in
/// on success and goes to `next`.
#[component]
pub fn RegisterForm(
    /// Where to go after signing up.
    next: String,
) -> impl IntoView {
    let name = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let checked = RwSignal::new(false);
    let server = RwSignal::new(None::<HttpError>);
    let busy = RwSignal::new(false);
    let next = StoredValue::new(next);

    let name_error = field_error("name", check_name, name, checked, server);
    let email_error = field_error("email", check_email, email, checked, server);
    let password_error = field_error("password", check_password, password, checked, server);

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        checked.set(true);
        server.set(None);
        let valid = check_name(&name.read()).is_ok()
            && check_email(&email.read()).is_ok()
            && check_password(&password.read()).is_ok();
        if !valid || busy.get() {
            return;
        }
        busy.set(true);
        let registration = Registration {
            name: name.get_untracked(),
            email: email.get_untracked(),
            password: password.get_untracked(),
        };
        spawn_local(async move {
            match api::register(&registration).await {
                Ok(user) => api::signed_in(user, &next.get_value()),
                Err(error) => server.set(Some(error)),
            }
            busy.set(false);
        });
    };

    view! {
        <form class="register-form" data-remote="auth" novalidate on:submit=on_submit>
            <FormField id="register-name" label="Name" kind="text" autocomplete="name" value=name error=name_error/>
            <FormField id="register-email" label="Email" kind="email" autocomplete="email" value=email error=email_error/>
            <FormField id="register-password" label="Password (at least 8 characters)" kind="password" autocomplete="new-password" value=password error=password_error/>
            <p class="form-error" role="alert">
                {move || server.read().as_ref().filter(|e| e.fields.is_empty()).map(|e| e.message.clone())}
            </p>
            <button type="submit" disabled=move || busy.get()>
                {move || if busy.get() { "Creating your account…" } else { "Create account" }}
            </button>
        </form>
    }
}
