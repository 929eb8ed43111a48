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
            <main id="mf-main">
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
        </Router>
    }
}
