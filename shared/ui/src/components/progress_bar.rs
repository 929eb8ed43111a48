use leptos::prelude::*;

/// How far along something is, e.g. questions answered.
#[component]
pub fn ProgressBar(
    /// Done so far.
    #[prop(into)]
    value: Signal<u32>,
    /// Of how many.
    #[prop(into)]
    max: Signal<u32>,
    /// What is counted, e.g. "answered".
    label: &'static str,
) -> impl IntoView {
    view! {
        <progress class="ui-progress" max=move || max.get() value=move || value.get()>
            {move || value.get()} " of " {move || max.get()} " " {label}
        </progress>
    }
}
