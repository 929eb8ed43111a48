//! The ui-components remote: the platform's shared UI components, exposed at run
//! time for pages that are not Rust.

use leptos::prelude::*;

/// A small label, e.g. "New" or a score.
#[component]
fn Badge(
    /// The badge's text.
    text: String,
) -> impl IntoView {
    view! { <span class="badge" data-remote="ui-components">{text}</span> }
}

federation::expose! {
    Badge => |props| view! { <Badge text=props.get_string("text").unwrap_or_default()/> }.into_any(),
}
