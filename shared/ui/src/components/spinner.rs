use leptos::prelude::*;

/// A loading indicator with a text for screen readers and slow connections.
#[component]
pub fn Spinner(
    /// What is loading, e.g. "Loading your history…".
    #[prop(into)]
    label: String,
) -> impl IntoView {
    view! {
        <p class="ui-spinner" role="status">
            <span class="ui-spinner-wheel" aria-hidden="true"></span>
            {label}
        </p>
    }
}
