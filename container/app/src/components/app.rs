use leptos::prelude::*;
use leptos_meta::provide_meta_context;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use super::header::Header;
use super::sidebar::Sidebar;
use crate::routes::{Admin, Dashboard, Exam, Home, Login, NotFound};

/// The shell: header and navigation around the route's content.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Router>
            <Header/>
            <Sidebar/>
            // Focusable by script only: after a client-side navigation, focus
            // starts at the new page's content (as after a page load).
            <main id="mf-main" tabindex="-1">
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=Home/>
                    <Route path=path!("/login") view=Login/>
                    <Route path=path!("/dashboard") view=Dashboard/>
                    <Route path=path!("/exam") view=Exam/>
                    <Route path=path!("/admin") view=Admin/>
                    <Route path=path!("/exam/*rest") view=Exam/>
                </Routes>
            </main>
            // Toasts, from any module: shown by the container's runtime.
            <div class="ui-toasts" data-mf-toasts="" aria-live="polite"></div>
            // The title of a page shown by client-side navigation, for screen readers.
            <p id="mf-announcer" class="visually-hidden" aria-live="assertive" aria-atomic="true"></p>
        </Router>
    }
}
