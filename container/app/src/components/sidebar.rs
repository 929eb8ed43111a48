use leptos::prelude::*;

/// The sidebar: every section of the platform and where to get help. Opened by
/// the header's menu button (the shared `sidebar-open` state, so a remote can
/// open it too), closed on navigation.
#[component]
pub(crate) fn Sidebar() -> impl IntoView {
    view! {
        <aside class="shell-sidebar" id="mf-sidebar" aria-label="Sections">
            <nav aria-label="Sections">
                <a href="/">"Home"</a>
                <a href="/dashboard">"Dashboard"</a>
                <a href="/exam">"Exam review"</a>
            </nav>
            <p class="sidebar-note">"Your answers are saved as you go, so a dropped connection never loses an exam."</p>
            <button type="button" class="sidebar-close" data-mf-sidebar-toggle="">"Close"</button>
        </aside>
    }
}
