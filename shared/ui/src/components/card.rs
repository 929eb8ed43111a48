use leptos::prelude::*;

/// A titled panel.
#[component]
pub fn Card(
    /// The heading.
    #[prop(into)]
    title: String,
    /// The content.
    children: Children,
) -> impl IntoView {
    view! {
        <section class="ui-card">
            <h2 class="ui-card-title">{title}</h2>
            {children()}
        </section>
    }
}
