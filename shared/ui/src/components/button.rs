use leptos::prelude::*;

/// How prominent a button is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ButtonKind {
    /// The main action of a view.
    #[default]
    Primary,
    /// Any other action.
    Secondary,
}

/// A button with the platform's look; at least 44 px tall for thumbs.
#[component]
pub fn Button(
    /// What it says.
    children: Children,
    /// Called on click.
    #[prop(optional, into)]
    on_click: Option<Callback<()>>,
    /// Primary or secondary.
    #[prop(optional)]
    kind: ButtonKind,
    /// Whether it can be pressed.
    #[prop(optional, into)]
    disabled: Signal<bool>,
    /// `submit` inside forms.
    #[prop(optional)]
    submit: bool,
) -> impl IntoView {
    let class = match kind {
        ButtonKind::Primary => "ui-button ui-button-primary",
        ButtonKind::Secondary => "ui-button ui-button-secondary",
    };
    view! {
        <button
            type=if submit { "submit" } else { "button" }
            class=class
            disabled=move || disabled.get()
            on:click=move |_| if let Some(on_click) = on_click { on_click.run(()) }
        >
            {children()}
        </button>
    }
}
