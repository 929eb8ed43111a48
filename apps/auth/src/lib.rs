//! The auth remote: signing in and signing up (the session corner in the header
//! is the container's).
//! Built into its own wasm bundle and mounted by the container at run time.

// Leptos' #[component] makes every component `pub`.
#![allow(unreachable_pub)]

mod api;
pub mod components;

use leptos::prelude::*;

use components::{AuthApp, LoginForm};

/// Where to go after signing in when the host does not say.
const DEFAULT_NEXT: &str = "/dashboard";

federation::expose! {
    // Its first render needs nothing but itself: the sign-in page carries it.
    #[prerender]
    AuthApp => |props| view! { <AuthApp next=props.get_string("next").unwrap_or_else(|| DEFAULT_NEXT.into())/> }.into_any(),
    LoginForm => |props| view! {
        <LoginForm email=props.get_string("email") next=props.get_string("next").unwrap_or_else(|| DEFAULT_NEXT.into())/>
    }.into_any(),
}
