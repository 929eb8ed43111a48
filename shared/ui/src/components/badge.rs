use leptos::prelude::*;

/// A small label, e.g. "New" or a score.
#[component]
pub fn Badge(
    /// The badge's text.
    #[prop(into)]
    text: String,
) -> impl IntoView {
    view! { <span class="ui-badge badge">{text}</span> }
}
