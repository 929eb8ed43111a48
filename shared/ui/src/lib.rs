//! The platform's UI components. A remote compiles in only the ones it uses; the
//! `ui-components` remote exposes them at run time to pages that are not built
//! with them. Styles are in `style.css`
//! of the `ui-components` remote and use the design tokens of `style/`.

// Leptos' #[component] makes every component `pub`.
#![allow(unreachable_pub)]

mod components;

pub use components::{
    Badge, Button, ButtonKind, Card, FormField, Modal, ProgressBar, Spinner, ToastHost, TOAST_SECONDS,
};
