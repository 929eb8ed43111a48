use contract::state::Session;
use federation::remote::use_shared;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api;

/// The header's session corner: "Sign in", or the student's name and "Sign out".
#[component]
pub fn SessionWidget() -> impl IntoView {
    let session = use_shared::<Session>();
    let problem = RwSignal::new(None::<String>);
    let sign_out = move |_| {
        spawn_local(async move {
            if let Err(error) = api::logout().await {
                problem.set(Some(error.message));
            }
        });
    };
    view! {
        <div class="session-widget" data-remote="auth">
            {move || match session.read().0.as_ref() {
                Some(user) => view! {
                    <span class="session-name">{user.name.clone()}</span>
                    <button type="button" class="sign-out" on:click=sign_out>"Sign out"</button>
                }.into_any(),
                None => view! { <a class="sign-in" href="/login">"Sign in"</a> }.into_any(),
            }}
            <span class="session-problem" role="alert">{move || problem.get()}</span>
        </div>
    }
}
