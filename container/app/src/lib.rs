//! The container's shell: the HTML document, header, navigation and routes,
//! rendered by Leptos on the server. In the browser, no Leptos runs for the shell:
//! the small runtime in `container-frontend` mounts each route's remote into the
//! `<RemoteView/>` this crate renders.

// Leptos' #[component] makes every component `pub`, whatever it is declared as.
#![allow(unreachable_pub)]

pub mod admin;
mod components;
mod routes;
mod shell;

pub use components::App;
pub use routes::{route_module, RouteModule};
pub use shell::{current_user, json_for_script, server_state, shell, CurrentUser, PageData, STATE_ELEMENT_ID};
