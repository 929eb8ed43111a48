use leptos::prelude::*;

/// A labelled input with its error message, wired for screen readers.
#[component]
pub fn FormField(
    /// The input's id and name; the error's id is `<id>-error`.
    id: &'static str,
    /// The label.
    label: &'static str,
    /// `type` of the input.
    kind: &'static str,
    /// `autocomplete` hint.
    autocomplete: &'static str,
    /// The value.
    value: RwSignal<String>,
    /// The message to show, if the value is not acceptable.
    #[prop(into)]
    error: Signal<Option<String>>,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    view! {
        <label for=id>{label}</label>
        <input
            id=id
            name=id
            type=kind
            autocomplete=autocomplete
            prop:value=value
            on:input=move |ev| value.set(event_target_value(&ev))
            aria-invalid=move || error.get().is_some().to_string()
            aria-describedby=error_id.clone()
        />
        <p class="field-error" id=error_id role="alert">{move || error.get()}</p>
    }
}
