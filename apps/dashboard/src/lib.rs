//! The dashboard remote: a student's overview. Progress, history and
//! subscriptions arrive with the shared state of the platform contract.

use leptos::prelude::*;

/// The dashboard's landing view.
#[component]
fn DashboardHome() -> impl IntoView {
    view! {
        <section class="dashboard-home" data-remote="dashboard">
            <h1>"Your dashboard"</h1>
            <p>"Pick up where you left off, or start a practice exam."</p>
            <a href="/exam">"Start reviewing"</a>
        </section>
    }
}

federation::expose! {
    DashboardHome => |_| view! { <DashboardHome/> }.into_any(),
}
