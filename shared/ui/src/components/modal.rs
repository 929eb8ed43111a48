use leptos::prelude::*;

/// A dialog over the page, closed by its button or Escape.
#[component]
pub fn Modal(
    /// Whether it is shown.
    open: RwSignal<bool>,
    /// The heading.
    #[prop(into)]
    title: String,
    /// The content.
    children: ChildrenFn,
) -> impl IntoView {
    let title = StoredValue::new(title);
    view! {
        <Show when=move || open.get()>
            <div class="ui-modal-backdrop" on:click=move |_| open.set(false)></div>
            <div
                class="ui-modal"
                role="dialog"
                aria-modal="true"
                aria-label=title.get_value()
                on:keydown=move |ev| if ev.key() == "Escape" { open.set(false) }
            >
                <h2>{title.get_value()}</h2>
                {children()}
                <button type="button" class="ui-modal-close" on:click=move |_| open.set(false)>"Close"</button>
            </div>
        </Show>
    }
}
