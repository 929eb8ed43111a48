//! The auth remote: signing in. Built into its own wasm bundle and mounted by the
//! container at run time through its exposed modules.

// Leptos' #[component] makes every component `pub`.
#![allow(unreachable_pub)]

pub mod components;

use leptos::prelude::*;

use components::{AuthApp, LoginForm};

federation::expose! {
    AuthApp => |_| view! { <AuthApp/> }.into_any(),
    LoginForm => |props| view! { <LoginForm email=props.get_string("email")/> }.into_any(),
}
