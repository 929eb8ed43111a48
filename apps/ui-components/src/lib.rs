//! The ui-components remote: the platform's UI components (the `ui` crate),
//! exposed at run time for pages that are not built with them. (The shell shows
//! toasts itself; `ToastHost` is here for pages that want their own.)

use leptos::prelude::*;
use ui::{Badge, ProgressBar, Spinner, ToastHost};

federation::expose! {
    Badge => |props| view! { <Badge text=props.get_string("text").unwrap_or_default()/> }.into_any(),
    Spinner => |props| view! { <Spinner label=props.get_string("label").unwrap_or_else(|| "Loading…".into())/> }.into_any(),
    ProgressBar => |props| {
        let number = |key: &str| props.get_string(key).and_then(|v| v.parse().ok()).unwrap_or(0u32);
        let (value, max) = (number("value"), number("max"));
        view! { <ProgressBar value=value max=max label="done"/> }.into_any()
    },
    ToastHost => |_| view! { <ToastHost/> }.into_any(),
}
